// GET /api/v1/panels/:panelId/sessions → {sessions} (the panel's defence sessions, for those who may
// follow the panel); POST {name?, venue?, scheduledAt?, order?, timings?} → 201 {session} (the
// agency plans a session; issue 10 §1, §5).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createSession, listPanelSessions } from '#app/models/session.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed, panelParams } from './__review-api.server';
import { readJson } from './__scoring-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { panelId } = panelParams(params);
  return outcomeResponse(await listPanelSessions(user, panelId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const { panelId } = panelParams(params);
  return outcomeResponse(await createSession(user, panelId, await readJson(request)), { status: 201 });
}
