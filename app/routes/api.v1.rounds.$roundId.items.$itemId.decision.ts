// POST /api/v1/rounds/:roundId/items/:itemId/decision {"decision": "admitted" | "excluded" | "pending",
// "reason"?} → the 形式审查 decision, audited. Excluding needs a reason, and so does admitting an item
// the engine did not find eligible or that is flagged. 409 once expert scoring has started.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { decideEligibility, decisionSchema } from '#app/models/item.server';
import { requirePermission } from '#app/utils/auth.server';
import { badRequest, jsonError, parseJson, parseParams } from '#app/utils/http.server';
import { methodNotAllowed } from './__review-api.server';

const paramsSchema = z.object({ roundId: z.string().min(1).max(64), itemId: z.string().min(1).max(64) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'item:decide');
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'item:decide');
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { roundId, itemId } = parseParams(params, paramsSchema);
  const input = await parseJson(request, decisionSchema);
  const outcome = await decideEligibility(roundId, itemId, input, user.id, new Date());
  if (outcome.ok) return Response.json(outcome);
  if (outcome.status === 400) return badRequest({ [outcome.field ?? 'decision']: outcome.message });
  return jsonError(outcome.status, outcome.message);
}
