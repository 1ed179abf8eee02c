// GET /api/v1/sessions/:sessionId/summary → {summary}: items scored, absent experts, reopened sheets
// (复议), overruns (issue 10 §2). 404 for those who may not follow the session.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { sessionSummary } from '#app/models/session.server';
import { requireUser } from '#app/utils/auth.server';
import { outcomeResponse } from '#app/utils/outcome';
import { sessionParams } from './__scoring-api.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { sessionId } = sessionParams(params);
  return outcomeResponse(await sessionSummary(user, sessionId));
}
