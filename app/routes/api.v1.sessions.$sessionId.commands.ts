// POST /api/v1/sessions/:sessionId/commands {command, version, ...} → 200 the new snapshot (its fields
// at the top level); a stale version → 409 {error, session} with the current snapshot; not that
// panel's chair nor the agency → 403 (issue 10 §5).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { runCommand } from '#app/models/session.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { readJson, sessionParams } from './__scoring-api.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return methodNotAllowed('POST');
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const { sessionId } = sessionParams(params);
  return outcomeResponse(await runCommand(user, sessionId, await readJson(request)), {
    body: (v) => v.session,
  });
}
