// 答辩安排 (issue 10 §1): the agency plans the round's defence sessions per panel: name, date and time
// (Beijing time), venue, the panel's items in presentation order (drag, or 上移/下移), the timings
// (defaulting to the scheme's sessionTimings), breaks, and the planned timetable (plannedSlots, the
// same formula as the printout and the xlsx). Edits and deletion only while a session is scheduled;
// every write goes through the session model, whose zod schemas validate it; a stale version shows
// the fresh state. Links to the console, the print pages and the xlsx export.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import Empty from '#antd/empty';
import Flex from '#antd/flex';
import { PageHeader } from '#app/components/page-header';
import { PanelSessions } from '#app/components/session/plan-editor';
import { roundHeader } from '#app/models/panel.server';
import {
  createSession,
  deleteSession,
  listRoundSessions,
  sessionBreaks,
  updateSession,
} from '#app/models/session.server';
import { prisma } from '#app/utils/db.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { hasPermission } from '#app/utils/permissions';
import { roundParams } from './__review-api.server';
import { parsePlanningAction, readJsonBody } from './__session-pages.server';

export const meta: MetaFunction = () => [{ title: '答辩安排 · 评审工作台' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const round = await roundHeader(roundId);
  if (!round) throw notFound('评审工作不存在');
  const outcome = await listRoundSessions(user, roundId);
  if (!outcome.ok) throw new Response(outcome.error, { status: outcome.status });
  // The snapshot carries the effective timings without the breaks: read those from the stored plan.
  const ids = outcome.panels.flatMap((p) => p.sessions.map((s) => s.id));
  const rows = ids.length
    ? await prisma.defenceSession.findMany({ where: { id: { in: ids } }, select: { id: true, timers: true } })
    : [];
  const breaks = Object.fromEntries(rows.map((r) => [r.id, sessionBreaks(r)]));
  return { round, panels: outcome.panels, breaks, canManage: hasPermission(user.roles, 'panel:manage') };
}

export type PlanningReply =
  | { ok: true; intent: 'create' | 'update' | 'delete'; sessionId: string; message: string }
  | {
      ok: false;
      status: number;
      intent: string | null;
      sessionId: string | null;
      error: string;
      fieldErrors: Record<string, string>;
      stale: boolean;
    };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'panel:manage');
  roundParams(params);
  const refuse = (
    status: number,
    error: string,
    more: { intent?: string | null; sessionId?: string | null; fieldErrors?: Record<string, string> } = {},
  ) =>
    data<PlanningReply>(
      {
        ok: false,
        status,
        intent: more.intent ?? null,
        sessionId: more.sessionId ?? null,
        error: status === 409 ? '答辩会已被他人修改，已载入最新内容，请核对后重新保存' : error,
        fieldErrors: more.fieldErrors ?? {},
        stale: status === 409,
      },
      { status },
    );
  const body = await readJsonBody(request);
  if (!body.ok) return refuse(400, body.error);
  const parsed = parsePlanningAction(body.body);
  if (!parsed.ok) return refuse(400, parsed.error, { fieldErrors: parsed.fieldErrors });
  const a = parsed.action;
  if (a.intent === 'create') {
    const outcome = await createSession(user, a.panelId, a.input);
    if (!outcome.ok)
      return refuse(outcome.status, outcome.error, { intent: 'create', fieldErrors: outcome.fieldErrors });
    return {
      ok: true,
      intent: 'create',
      sessionId: outcome.session.id,
      message: '答辩会已创建',
    } satisfies PlanningReply;
  }
  if (a.intent === 'update') {
    const outcome = await updateSession(user, a.sessionId, a.input);
    if (!outcome.ok)
      return refuse(outcome.status, outcome.error, {
        intent: 'update',
        sessionId: a.sessionId,
        fieldErrors: outcome.fieldErrors,
      });
    return { ok: true, intent: 'update', sessionId: a.sessionId, message: '已保存' } satisfies PlanningReply;
  }
  const outcome = await deleteSession(user, a.sessionId, a.version);
  if (!outcome.ok)
    return refuse(outcome.status, outcome.error, {
      intent: 'delete',
      sessionId: a.sessionId,
      fieldErrors: outcome.fieldErrors,
    });
  return {
    ok: true,
    intent: 'delete',
    sessionId: a.sessionId,
    message: '答辩会已删除',
  } satisfies PlanningReply;
}

export default function SessionsPlanningPage() {
  const { round, panels, breaks, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name, page: '答辩安排' }}
        title="答辩安排"
        subTitle={round.name}
        extra={
          <>
            <Link to={`/rounds/${round.id}`}>评审工作</Link>
            <Link to={`/rounds/${round.id}/panels`}>专家组</Link>
            <Link to={`/rounds/${round.id}/progress`}>评审进度</Link>
          </>
        }
      />
      <Flex vertical gap={16}>
        {panels.length === 0 ? <Empty description="本轮还没有专家组" /> : null}
        {panels.map((panel) => (
          <PanelSessions key={panel.panelId} panel={panel} breaks={breaks} canManage={canManage} />
        ))}
      </Flex>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
