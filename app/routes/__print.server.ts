// The loader of every print page (print.sessions.$sessionId.*.tsx): the signed-in viewer's
// printout of that session, or the refusal's status (400, 403, 404) for the error boundary.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import type { PaperTable } from '#app/models/session-paper.server';
import { sessionPaper } from '#app/models/session-paper.server';
import { requireUser } from '#app/utils/auth.server';
import { parseParams } from '#app/utils/http.server';

/** The loader of every print page: the signed-in viewer's printout, or the refusal's status. */
export async function paperLoader({ request, params }: LoaderFunctionArgs, table: PaperTable) {
  const user = await requireUser(request);
  const { sessionId } = parseParams(params, z.object({ sessionId: z.string().min(1).max(64) }));
  const expertId = new URL(request.url).searchParams.get('expertId') ?? undefined;
  const outcome = await sessionPaper(user, sessionId, table, {
    expertId: expertId && expertId.length <= 64 ? expertId : undefined,
  });
  if (!outcome.ok) throw new Response(outcome.error, { status: outcome.status });
  return { paper: outcome.paper, sessionId };
}
