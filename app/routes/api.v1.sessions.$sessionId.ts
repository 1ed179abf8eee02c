// GET /api/v1/sessions/:sessionId → the session's snapshot itself (issue 10 §5: its fields at the top
// level); PATCH {version, name?, venue?, scheduledAt?, order?, timings?} → {session} (the agency's
// plan edits; 409 with the current snapshot on a stale version); DELETE {version} (or ?version=) →
// {deleted: true}, while the session is still scheduled. 404 for those who may not follow it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { deleteSession, getSession, updateSession } from '#app/models/session.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { methodNotAllowed } from './__review-api.server';
import { readJson, sessionParams } from './__scoring-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = sessionParams(params);
  return outcomeResponse(await getSession(user, sessionId), { body: (v) => v.session });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = sessionParams(params);
  if (request.method === 'PATCH')
    return outcomeResponse(await updateSession(user, sessionId, await readJson(request)));
  if (request.method === 'DELETE') {
    const body = await readJson(request);
    const fromQuery = new URL(request.url).searchParams.get('version');
    const raw =
      body && typeof body === 'object' && 'version' in body
        ? (body as { version: unknown }).version
        : fromQuery;
    const version = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    return outcomeResponse(await deleteSession(user, sessionId, typeof version === 'number' ? version : NaN));
  }
  return methodNotAllowed('GET, PATCH, DELETE');
}
