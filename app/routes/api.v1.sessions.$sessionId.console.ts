// GET /api/v1/sessions/:sessionId/console → what the chair's console shows (H-CONSOLE): {session,
// canRun, isAgency, round, panel, experts, current: {itemId, flags, matrix}, summary}. The chair of
// the session's panel and the agency; 403 for those who may follow but not run the session, 404 for
// the rest. The console page refreshes from here after every change instead of revalidating its
// loaders, so a server restart in the middle never replaces the console with the error page.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/utils/auth.server';
import { parseParams } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import { consoleData, sessionParamsSchema } from './__session-pages.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = parseParams(params, sessionParamsSchema);
  return outcomeResponse(await consoleData(user, sessionId));
}
