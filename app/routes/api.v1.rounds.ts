// GET /api/v1/rounds → rounds (评审工作) with item counts.
// POST /api/v1/rounds {presetId, name, year, batch?, window?, deadlines?} → 201 the new round, its
// scheme copied from the preset.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createRound, createRoundSchema, listRounds } from '#app/models/round.server';
import { requirePermission } from '#app/utils/auth.server';
import { parseJson } from '#app/utils/http.server';
import { methodNotAllowed } from './__review-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:read');
  return Response.json({ rounds: await listRounds() });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'round:manage');
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const input = await parseJson(request, createRoundSchema);
  return Response.json({ round: await createRound(input, user.id) }, { status: 201 });
}
