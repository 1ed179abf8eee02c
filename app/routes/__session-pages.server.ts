// Server side of the defence-session pages (答辩安排 _app.rounds.$roundId.sessions.tsx and the chair's
// console _app.sessions.$sessionId.tsx): params and the action envelopes. The session's own fields
// and commands are validated by the model's schemas (createSessionSchema, updateSessionSchema,
// sessionCommandSchema); these only route the request to the right model call. zod stays here, out
// of the route modules' browser bundles.
import { z } from 'zod';
import type { SessionUser } from '#app/models/auth.server';
import { sessionConsole, sessionSummary } from '#app/models/session.server';
import { fieldErrorsOf } from '#app/utils/http.server';
import { fail, succeed, type Outcome } from '#app/utils/outcome';

type ConsoleOutcome = Extract<Awaited<ReturnType<typeof sessionConsole>>, { ok: true }>;
type SummaryOutcome = Extract<Awaited<ReturnType<typeof sessionSummary>>, { ok: true }>;
export type ConsoleValues = Omit<ConsoleOutcome, 'ok'> & { summary: SummaryOutcome['summary'] | null };

export const sessionParamsSchema = z.object({ sessionId: z.string().min(1).max(64) });

const id = z.string().min(1, { error: '缺少编号' }).max(64, { error: '编号过长' });

/** The planning page's actions: create in a panel, update or delete one session. */
export const planningActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.strictObject({ intent: z.literal('create'), panelId: id, input: z.unknown() }),
    z.strictObject({ intent: z.literal('update'), sessionId: id, input: z.unknown() }),
    z.strictObject({
      intent: z.literal('delete'),
      sessionId: id,
      version: z.number({ error: '缺少版本号' }).int({ error: '版本号应为整数' }).min(0),
    }),
  ],
  { error: '未知操作' },
);
export type PlanningAction = z.infer<typeof planningActionSchema>;

/** Reads a JSON body (the pages post with encType application/json); a broken body is a 400 reply. */
export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; body: unknown } | { ok: false; error: string }> {
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, error: '请求内容不是有效的 JSON' };
  }
}

export function parsePlanningAction(
  body: unknown,
): { ok: true; action: PlanningAction } | { ok: false; error: string; fieldErrors: Record<string, string> } {
  const parsed = planningActionSchema.safeParse(body);
  if (parsed.success) return { ok: true, action: parsed.data };
  const fieldErrors = fieldErrorsOf(parsed.error);
  return { ok: false, error: Object.values(fieldErrors)[0] ?? '输入有误', fieldErrors };
}

/**
 * What the chair's console shows besides the snapshot (the experts, the current item's matrix, the
 * summary once closed), for the page's loader and for GET /api/v1/sessions/:id/console, which the
 * page polls instead of revalidating its loaders: a failed revalidation (the server restarting)
 * would replace the page with the error page, a failed fetch only keeps what is shown.
 */
export async function consoleData(user: SessionUser, sessionId: string): Promise<Outcome<ConsoleValues>> {
  const outcome = await sessionConsole(user, sessionId);
  if (!outcome.ok) return outcome;
  if (!outcome.canRun) return fail(403, '只有该专家组的组长或评价机构可以主持答辩会');
  const { ok: _ok, ...data } = outcome;
  let summary = null;
  if (data.session.state === 'closed') {
    const s = await sessionSummary(user, sessionId);
    if (s.ok) summary = s.summary;
  }
  return succeed({ ...data, summary });
}
