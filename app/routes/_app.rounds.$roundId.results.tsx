// 评审结果 (issue 9 §2–3): the round's live results — rank, score, grade, experts counted / expected,
// flags, locked state — filtered by group and panel, with each item's expert × criterion matrix.
// The agency, administrators and the department see the whole round; the chair of a panel (the
// PanelMember seat, not the global role) sees that panel only. Chairs and the agency act on sheets
// here: 退回修改, 锁定, 解锁 (agency only), 缺席. The models decide; the page only hides buttons.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { ResultsView } from '#app/components/results/results-view';
import { chairedPanelIds, itemMatrix, roundResults } from '#app/models/result.server';
import { canManagePanel, lockItem, markAbsent, reopenSheet, unlockItem } from '#app/models/sheet.server';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import { requireUser, type SessionUser } from '#app/utils/auth.server';
import { prisma } from '#app/utils/db.server';
import { badRequest, fieldErrorsOf, formDataToObject, jsonError, notFound } from '#app/utils/http.server';
import { hasPermission } from '#app/utils/permissions';
import { roundParams } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '评审结果 · 评审工作台' }];

const id = z.string().min(1).max(64);

const querySchema = z.object({
  group: z.string().max(100).optional().catch(undefined),
  panelId: id.optional().catch(undefined),
  item: id.optional().catch(undefined),
});

/** The panels of the round the user may see results of: all of them, or the ones they chair. */
async function visiblePanels(user: SessionUser, roundId: string) {
  const wholeRound = hasPermission(user.roles, 'result:read');
  const chaired = wholeRound ? [] : await chairedPanelIds(user.id, { roundId });
  const panels = await prisma.panel.findMany({
    where: { roundId, ...(wholeRound ? {} : { id: { in: chaired } }) },
    select: { id: true, name: true, fieldGroup: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return { wholeRound, panels };
}

/**
 * The matrix with, for those who may act on the item's panel, each row's sheet id and expert id
 * (the model names experts for the agency only; a chair acts on 专家A's sheet without their name).
 * Rows are matched as the model orders them: the panel's draw order, then the expert id.
 */
async function matrixFor(user: SessionUser, roundId: string, itemId: string, manageable: Set<string>) {
  const matrix = await itemMatrix(roundId, itemId, user);
  if (!matrix || !matrix.panelId || !manageable.has(matrix.panelId)) return matrix;
  const [sheets, seats] = await Promise.all([
    prisma.scoreSheet.findMany({
      where: { itemId },
      select: {
        id: true,
        expertId: true,
        state: true,
        absent: true,
        recused: true,
        reopenedReason: true,
        expert: { select: { name: true } },
      },
    }),
    prisma.panelMember.findMany({
      where: { panelId: matrix.panelId },
      select: { expertId: true, drawOrder: true },
    }),
  ]);
  const order = new Map(seats.map((s) => [s.expertId, s.drawOrder]));
  sheets.sort(
    (a, b) =>
      (order.get(a.expertId) ?? 1e9) - (order.get(b.expertId) ?? 1e9) || (a.expertId < b.expertId ? -1 : 1),
  );
  const matches =
    sheets.length === matrix.experts.length &&
    matrix.experts.every((e, i) => {
      const s = sheets[i]!;
      return (
        (e.expertId === undefined || e.expertId === s.expertId) &&
        e.state === s.state &&
        e.absent === s.absent &&
        e.recused === s.recused
      );
    });
  if (!matches) return matrix;
  return {
    ...matrix,
    experts: matrix.experts.map((e, i) => ({
      ...e,
      sheetId: sheets[i]!.id,
      expertId: sheets[i]!.expertId,
      reopenedReason: sheets[i]!.reopenedReason,
    })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { roundId } = roundParams(params);
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: { id: true, name: true, liveVersion: true, scheme: { select: { definition: true } } },
  });
  if (!round) throw notFound('评审工作不存在');
  const { wholeRound, panels } = await visiblePanels(user, roundId);
  const scheme = parseSchemeDefinition(round.scheme.definition).scheme;
  // Signed in but neither result:read nor a chair seat in this round (an expert, a chair of
  // another round's panel): the page opens and shows nothing of the round's results.
  if (!wholeRound && panels.length === 0)
    return {
      round: { id: round.id, name: round.name },
      allowed: false,
      version: round.liveVersion,
      visible: false,
      results: [],
      decimals: scheme.aggregation.decimals ?? 2,
      wholeRound: false,
      isAgency: false,
      panels: [],
      groups: [],
      filter: { group: null, panelId: null },
      matrix: null,
    };

  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // A chair always looks at one of their panels (the first unless one is chosen).
  const panelId =
    query.panelId && panels.some((p) => p.id === query.panelId)
      ? query.panelId
      : wholeRound
        ? undefined
        : panels[0]!.id;
  const results = await roundResults(roundId, user, {
    ...(panelId ? { panelId } : {}),
    ...(query.group ? { group: query.group } : {}),
  });
  const groupRows = await prisma.item.findMany({
    where: { roundId, sheets: { some: panelId ? { panelId } : {} } },
    distinct: ['group'],
    select: { group: true },
  });
  const manageable = new Set<string>();
  for (const panel of panels) if (await canManagePanel(user, panel.id)) manageable.add(panel.id);

  let matrix: { itemId: string; data: Awaited<ReturnType<typeof matrixFor>> } | null = null;
  if (query.item && results.results.some((r) => r.itemId === query.item)) {
    matrix = { itemId: query.item, data: await matrixFor(user, roundId, query.item, manageable) };
  }
  return {
    round: { id: round.id, name: round.name },
    allowed: true,
    version: results.version,
    visible: results.scope === 'round' || results.scope === 'panels',
    results: results.results,
    decimals: scheme.aggregation.decimals ?? 2,
    wholeRound,
    isAgency: hasPermission(user.roles, 'panel:manage'),
    panels: panels.map((p) => ({ ...p, manage: manageable.has(p.id) })),
    groups: groupRows.map((g) => g.group ?? '').sort(),
    filter: { group: query.group ?? null, panelId: panelId ?? null },
    matrix,
  };
}

const reason = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, { error: `请填写${what}` })
    .max(500, { error: `${what}不能超过 500 字` });

const actionSchema = z.discriminatedUnion(
  'intent',
  [
    z.strictObject({ intent: z.literal('reopen'), sheetId: id, reason: reason('退回修改的理由') }),
    z.strictObject({ intent: z.literal('lock'), panelId: id, itemId: id }),
    z.strictObject({ intent: z.literal('unlock'), panelId: id, itemId: id, reason: reason('解锁的理由') }),
    z.strictObject({
      intent: z.literal('absent'),
      panelId: id,
      itemId: id,
      expertId: id,
      absent: z.enum(['1', '0'], { error: '请选择标记缺席或取消缺席' }),
      reason: reason('缺席或取消缺席的理由'),
    }),
  ],
  { error: '未知的操作' },
);

export type ResultsActionData =
  { ok: true; message: string } | { ok?: undefined; error: string; fieldErrors?: Record<string, string> };

const DONE = {
  reopen: '已退回修改，专家可以重新填写',
  lock: '已锁定该评审对象的评分表',
  unlock: '已解锁该评审对象的评分表',
  absent: '已标记缺席',
  present: '已取消缺席',
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { roundId } = roundParams(params);
  const round = await prisma.round.findUnique({ where: { id: roundId }, select: { id: true } });
  if (!round) throw notFound('评审工作不存在');
  const parsed = actionSchema.safeParse(formDataToObject(await request.formData()));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return badRequest(fieldErrors, Object.values(fieldErrors)[0] ?? '输入有误');
  }
  const input = parsed.data;
  // Everything the form names must belong to this round (ids of another round are a 404 here).
  if (input.intent === 'reopen') {
    const sheet = await prisma.scoreSheet.findFirst({
      where: { id: input.sheetId, roundId },
      select: { id: true },
    });
    if (!sheet) return jsonError(404, '评分表不存在');
    const outcome = await reopenSheet(user, input.sheetId, input.reason);
    return outcome.ok
      ? { ok: true as const, message: DONE.reopen }
      : jsonError(outcome.status, outcome.error);
  }
  const panel = await prisma.panel.findFirst({ where: { id: input.panelId, roundId }, select: { id: true } });
  if (!panel) return jsonError(404, '该评审工作中没有这个专家组');
  if (input.intent === 'lock') {
    const outcome = await lockItem(user, input.panelId, input.itemId);
    return outcome.ok ? { ok: true as const, message: DONE.lock } : jsonError(outcome.status, outcome.error);
  }
  if (input.intent === 'unlock') {
    const outcome = await unlockItem(user, input.panelId, input.itemId, input.reason);
    return outcome.ok
      ? { ok: true as const, message: DONE.unlock }
      : jsonError(outcome.status, outcome.error);
  }
  const absent = input.absent === '1';
  const outcome = await markAbsent(user, input.panelId, input.itemId, input.expertId, absent, input.reason);
  return outcome.ok
    ? { ok: true as const, message: absent ? DONE.absent : DONE.present }
    : jsonError(outcome.status, outcome.error);
}

export default function ResultsPage() {
  const data = useLoaderData<typeof loader>();
  return <ResultsView data={data} />;
}

export type ResultsLoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
