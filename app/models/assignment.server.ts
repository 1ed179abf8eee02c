// Assignment of items to panels (分配评审批次): by hand, in bulk, or balanced automatically. Only items
// admitted at 形式审查 (准予进入评审) are assigned; 待定 and 不予受理 never reach experts. Every
// assignment runs the conflict check (scoring/recusal) for each panel member; conflicted experts are
// recorded as recused for that item, and the assignment is refused when the panel would fall below
// its quorum. A batch is all-or-nothing.
import { z } from 'zod';
import { balanceAssignments } from '#scoring/balance-assignments';
import { checkQuorum } from '#scoring/check-quorum';
import { DEFAULTS } from '#scoring/defaults';
import { findConflicts } from '#scoring/recusal';
import type { Conflict, ExpertFacts, ItemFacts, Problem, Recusal, Result } from '#scoring/types';
import { prisma, type Tx } from '#app/utils/db.server';
import { recusalKind } from '#app/utils/expert-schema';
import { recordAudit } from './audit.server';
import { toExpertFacts } from './expert.server';

type Client = Tx | typeof prisma;

// The scheme JSON is written by the rounds model; only the quorum is read here, wherever the
// definition nests the engine scheme.
const quorumShape = z.object({ aggregation: z.object({ quorum: z.number().int().positive().optional() }) });

/** The quorum (法定人数) of a round's scheme, or the engine default. */
export function schemeQuorum(definition: string): number {
  let value: unknown;
  try {
    value = JSON.parse(definition);
  } catch {
    return DEFAULTS.quorum;
  }
  const candidates = [value, (value as { scheme?: unknown } | null)?.scheme];
  for (const candidate of candidates) {
    const parsed = quorumShape.safeParse(candidate);
    if (parsed.success && parsed.data.aggregation.quorum !== undefined) return parsed.data.aggregation.quorum;
  }
  return DEFAULTS.quorum;
}

export interface RoundItemFacts extends ItemFacts {
  name: string;
  group: string;
  decision: 'pending' | 'admitted' | 'excluded';
}

/** Items of a round with the organisation facts the recusal check needs. */
export async function loadItemFacts(
  client: Client,
  roundId: string,
  itemIds?: readonly string[],
): Promise<RoundItemFacts[]> {
  const rows = await client.item.findMany({
    where: { roundId, ...(itemIds ? { id: { in: [...itemIds] } } : {}) },
    select: {
      id: true,
      name: true,
      group: true,
      platformId: true,
      eligibilityDecision: true,
      organisation: { select: { name: true, uscc: true, parent: { select: { name: true, uscc: true } } } },
    },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    group: r.group ?? '',
    decision: r.eligibilityDecision,
    platformId: r.platformId,
    unit: { name: r.organisation.name, uscc: r.organisation.uscc },
    parent: r.organisation.parent
      ? { name: r.organisation.parent.name, uscc: r.organisation.parent.uscc }
      : null,
  }));
}

const EXPERT_FACT_SELECT = {
  id: true,
  name: true,
  organisationName: true,
  organisationUscc: true,
  conflicts: {
    select: {
      kind: true,
      organisationName: true,
      organisationUscc: true,
      untilYear: true,
      platformId: true,
      itemId: true,
      note: true,
    },
  },
} as const;

export async function loadExpertFacts(
  client: Client,
  expertIds: readonly string[],
): Promise<Map<string, ExpertFacts>> {
  const rows = await client.expert.findMany({
    where: { id: { in: [...expertIds] } },
    select: EXPERT_FACT_SELECT,
  });
  return new Map(rows.map((r) => [r.id, toExpertFacts(r)]));
}

/** Recusals (回避) of the given experts for the given items, with the engine's reasons. */
export function recusalsFor(
  experts: Iterable<ExpertFacts>,
  items: readonly ItemFacts[],
  asOfYear: number,
): (Recusal & { conflicts: Conflict[] })[] {
  const out: (Recusal & { conflicts: Conflict[] })[] = [];
  for (const expert of experts) {
    for (const item of items) {
      const conflicts = findConflicts(expert, item, asOfYear);
      if (conflicts.length > 0)
        out.push({
          itemId: item.id,
          expertId: expert.id,
          reasons: conflicts.map((c) => c.message),
          conflicts,
        });
    }
  }
  return out;
}

export interface ActivePanel {
  id: string;
  name: string;
  fieldGroup: string;
  roundId: string;
  quorum: number;
  year: number;
  members: { expertId: string; name: string }[];
}

/** Panels with their active (drawn, not replaced, not backup) members and effective quorum. */
export async function loadActivePanels(
  client: Client,
  where: { roundId: string } | { id: string },
): Promise<ActivePanel[]> {
  const rows = await client.panel.findMany({
    where,
    select: {
      id: true,
      name: true,
      fieldGroup: true,
      roundId: true,
      quorum: true,
      round: { select: { year: true, scheme: { select: { definition: true } } } },
      members: {
        where: { status: 'drawn', role: { in: ['chair', 'member'] } },
        select: { expertId: true, expert: { select: { name: true } } },
        orderBy: { drawOrder: 'asc' },
      },
    },
    orderBy: { name: 'asc' },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    fieldGroup: p.fieldGroup,
    roundId: p.roundId,
    quorum: p.quorum ?? schemeQuorum(p.round.scheme.definition),
    year: p.round.year,
    members: p.members.map((m) => ({ expertId: m.expertId, name: m.expert.name })),
  }));
}

const problemOf = (code: string, message: string, itemId?: string): Problem => ({
  code,
  message,
  ...(itemId ? { itemId } : {}),
});

interface PlannedAssignment {
  panel: ActivePanel;
  item: RoundItemFacts;
  recusals: (Recusal & { conflicts: Conflict[] })[];
}

// Checks a batch of (panel, item) pairs and returns either every problem or the plan to write.
async function plan(
  tx: Tx,
  pairs: { panelId: string; itemId: string }[],
  roundId: string,
): Promise<Result<PlannedAssignment[]>> {
  const panels = new Map((await loadActivePanels(tx, { roundId })).map((p) => [p.id, p]));
  const items = new Map(
    (await loadItemFacts(tx, roundId, [...new Set(pairs.map((p) => p.itemId))])).map((i) => [i.id, i]),
  );
  const existing = await tx.assignment.findMany({
    where: { itemId: { in: [...items.keys()] } },
    select: { itemId: true, panel: { select: { id: true, name: true } } },
  });
  const assignedTo = new Map(existing.map((a) => [a.itemId, a.panel]));
  const experts = await loadExpertFacts(
    tx,
    [...panels.values()].flatMap((p) => p.members.map((m) => m.expertId)),
  );

  const problems: Problem[] = [];
  const planned: PlannedAssignment[] = [];
  const seen = new Set<string>();
  for (const { panelId, itemId } of pairs) {
    const panel = panels.get(panelId);
    const item = items.get(itemId);
    if (!panel) {
      problems.push(problemOf('panel_not_found', `专家组（${panelId}）不属于本轮评审`));
      continue;
    }
    if (!item) {
      problems.push(problemOf('item_not_found', `评审对象（${itemId}）不属于本轮评审`, itemId));
      continue;
    }
    if (seen.has(itemId)) {
      problems.push(problemOf('duplicate_item', `评审对象「${item.name}」在本次分配中重复出现`, itemId));
      continue;
    }
    seen.add(itemId);
    const current = assignedTo.get(itemId);
    if (current) {
      problems.push(
        problemOf(
          'already_assigned',
          `评审对象「${item.name}」已分配给「${current.name}」，请先取消原分配`,
          itemId,
        ),
      );
      continue;
    }
    if (item.decision === 'excluded') {
      problems.push(problemOf('item_excluded', `评审对象「${item.name}」形式审查不予受理，不能分配`, itemId));
      continue;
    }
    if (item.decision !== 'admitted') {
      problems.push(
        problemOf(
          'item_pending',
          `评审对象「${item.name}」形式审查待定，须先作出“准予进入评审”结论才能分配`,
          itemId,
        ),
      );
      continue;
    }
    if (panel.members.length === 0) {
      problems.push(problemOf('panel_not_drawn', `专家组「${panel.name}」尚未抽取专家，不能分配`, itemId));
      continue;
    }
    const memberFacts = panel.members
      .map((m) => experts.get(m.expertId))
      .filter((e): e is ExpertFacts => e !== undefined);
    const recusals = recusalsFor(memberFacts, [item], panel.year);
    const quorum = checkQuorum({
      panelId: panel.id,
      itemId,
      members: panel.members.map((m) => m.expertId),
      recusals,
      quorum: panel.quorum,
      labels: {
        panel: panel.name,
        item: item.name,
        experts: Object.fromEntries(panel.members.map((m) => [m.expertId, m.name])),
      },
    });
    if (!quorum.ok) {
      problems.push(...quorum.problems);
      continue;
    }
    planned.push({ panel, item, recusals });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: planned };
}

async function write(tx: Tx, actorId: string, planned: PlannedAssignment[], mode: 'manual' | 'auto') {
  const orders = new Map<string, number>();
  for (const { panel } of planned) {
    if (orders.has(panel.id)) continue;
    const last = await tx.assignment.aggregate({ where: { panelId: panel.id }, _max: { order: true } });
    orders.set(panel.id, (last._max.order ?? 0) + 1);
  }
  let recused = 0;
  for (const { panel, item, recusals } of planned) {
    const order = orders.get(panel.id)!;
    orders.set(panel.id, order + 1);
    const assignment = await tx.assignment.create({
      data: {
        panelId: panel.id,
        itemId: item.id,
        order,
        recusals: {
          create: recusals.map((r) => ({
            expertId: r.expertId,
            kind: recusalKind(r.conflicts),
            reason: r.reasons.join('；'),
          })),
        },
      },
      select: { id: true },
    });
    recused += recusals.length;
    await recordAudit(tx, {
      actorId,
      action: mode === 'auto' ? 'assignment.auto' : 'assignment.create',
      entity: 'Assignment',
      entityId: assignment.id,
      after: {
        panelId: panel.id,
        itemId: item.id,
        order,
        recusals: recusals.map((r) => ({ expertId: r.expertId, reasons: r.reasons })),
      },
    });
  }
  return recused;
}

export interface AssignOutcome {
  assignments: { itemId: string; panelId: string }[];
  recusals: number;
}

/** Assign items (one or many, 批量) to one panel. */
export async function assignItems(
  actorId: string,
  panelId: string,
  itemIds: readonly string[],
  roundId?: string,
): Promise<Result<AssignOutcome> | null> {
  return prisma.$transaction(async (tx) => {
    const panel = await tx.panel.findUnique({ where: { id: panelId }, select: { roundId: true } });
    if (!panel || (roundId !== undefined && panel.roundId !== roundId)) return null;
    if (itemIds.length === 0)
      return { ok: false, problems: [problemOf('no_items', '请至少选择一个评审对象')] };
    const planned = await plan(
      tx,
      itemIds.map((itemId) => ({ panelId, itemId })),
      panel.roundId,
    );
    if (!planned.ok) return planned;
    const recusals = await write(tx, actorId, planned.value, 'manual');
    return {
      ok: true,
      value: { assignments: planned.value.map((p) => ({ itemId: p.item.id, panelId })), recusals },
    };
  });
}

/**
 * Automatic, balanced assignment (自动分配) of the round's unassigned, admitted items (or the
 * given ones) to panels of their field group, respecting quorum after recusals.
 */
export async function autoAssign(
  actorId: string,
  roundId: string,
  itemIds?: readonly string[],
): Promise<Result<AssignOutcome> | null> {
  return prisma.$transaction(async (tx) => {
    if ((await tx.round.count({ where: { id: roundId } })) === 0) return null;
    const panels = (await loadActivePanels(tx, { roundId })).filter((p) => p.members.length > 0);
    const assigned = await tx.assignment.findMany({
      where: { panel: { roundId } },
      select: { itemId: true, panelId: true },
    });
    const assignedIds = new Set(assigned.map((a) => a.itemId));
    const items = (await loadItemFacts(tx, roundId, itemIds)).filter(
      (i) => !assignedIds.has(i.id) && i.decision === 'admitted',
    );
    if (items.length === 0)
      return {
        ok: false,
        problems: [problemOf('no_items', '没有待分配的评审对象（只分配形式审查准予进入评审的对象）')],
      };
    if (panels.length === 0)
      return { ok: false, problems: [problemOf('no_panels', '本轮还没有已抽取专家的专家组')] };

    const experts = await loadExpertFacts(
      tx,
      panels.flatMap((p) => p.members.map((m) => m.expertId)),
    );
    const recusals = recusalsFor(experts.values(), items, panels[0].year);
    const loads = new Map<string, number>();
    for (const a of assigned) loads.set(a.panelId, (loads.get(a.panelId) ?? 0) + 1);
    const balanced = balanceAssignments(
      items.map((i) => ({ id: i.id, group: i.group })),
      panels.map((p) => ({
        id: p.id,
        group: p.fieldGroup,
        load: loads.get(p.id) ?? 0,
        members: p.members.map((m) => m.expertId),
        quorum: p.quorum,
      })),
      {
        quorum: DEFAULTS.quorum,
        recusals,
        labels: {
          items: Object.fromEntries(items.map((i) => [i.id, i.name])),
          panels: Object.fromEntries(panels.map((p) => [p.id, p.name])),
          experts: Object.fromEntries(panels.flatMap((p) => p.members.map((m) => [m.expertId, m.name]))),
        },
      },
    );
    if (!balanced.ok) return balanced;
    // Re-checked through the same path as a manual assignment, so both write identical records.
    const planned = await plan(tx, balanced.value.assignments, roundId);
    if (!planned.ok) return planned;
    const recusalCount = await write(tx, actorId, planned.value, 'auto');
    return { ok: true, value: { assignments: balanced.value.assignments, recusals: recusalCount } };
  });
}

/** Take an item off a panel; refused once any member has submitted a score sheet for it. */
/** Round states in which assignments may still change (before 专家评审 starts). */
const UNASSIGNABLE_STATES = ['draft', 'importing', 'reviewing'];

export async function unassignItem(
  actorId: string,
  panelId: string,
  itemId: string,
  roundId?: string,
): Promise<Result<true> | null> {
  return prisma.$transaction(async (tx) => {
    const assignment = await tx.assignment.findUnique({
      where: { panelId_itemId: { panelId, itemId } },
      select: {
        id: true,
        order: true,
        item: { select: { name: true } },
        panel: { select: { roundId: true, round: { select: { state: true } } } },
        recusals: { select: { expertId: true, reason: true } },
      },
    });
    // An assignment of another round is not found under this round's URL.
    if (!assignment || (roundId !== undefined && assignment.panel.roundId !== roundId)) return null;
    if (!UNASSIGNABLE_STATES.includes(assignment.panel.round.state)) {
      return {
        ok: false,
        problems: [problemOf('round_state', '专家评审已开始，不能再取消分配', itemId)],
      };
    }
    const submitted = await tx.scoreSheet.count({
      where: { itemId, panelId, state: { in: ['submitted', 'locked'] } },
    });
    if (submitted > 0) {
      return {
        ok: false,
        problems: [
          problemOf(
            'already_scored',
            `「${assignment.item.name}」已有${submitted}份评分表提交，不能取消分配`,
            itemId,
          ),
        ],
      };
    }
    await tx.assignment.delete({ where: { id: assignment.id } });
    await recordAudit(tx, {
      actorId,
      action: 'assignment.delete',
      entity: 'Assignment',
      entityId: assignment.id,
      before: { panelId, itemId, order: assignment.order, recusals: assignment.recusals },
    });
    return { ok: true, value: true };
  });
}

export interface RoundAssignmentsView {
  panels: { id: string; name: string; fieldGroup: string; quorum: number; members: number; load: number }[];
  items: {
    id: string;
    name: string;
    group: string;
    unitName: string;
    decision: RoundItemFacts['decision'];
    panel: { id: string; name: string } | null;
    recusals: { expertId: string; name: string; reason: string }[];
  }[];
}

export async function listRoundAssignments(roundId: string): Promise<RoundAssignmentsView | null> {
  if ((await prisma.round.count({ where: { id: roundId } })) === 0) return null;
  const [panels, items, assignments] = await Promise.all([
    loadActivePanels(prisma, { roundId }),
    loadItemFacts(prisma, roundId),
    prisma.assignment.findMany({
      where: { panel: { roundId } },
      select: {
        itemId: true,
        panel: { select: { id: true, name: true } },
        recusals: {
          select: { expertId: true, reason: true, expert: { select: { name: true } } },
          orderBy: { createdAt: 'asc' },
        },
      },
    }),
  ]);
  const byItem = new Map(assignments.map((a) => [a.itemId, a]));
  const loads = new Map<string, number>();
  for (const a of assignments) loads.set(a.panel.id, (loads.get(a.panel.id) ?? 0) + 1);
  return {
    panels: panels.map((p) => ({
      id: p.id,
      name: p.name,
      fieldGroup: p.fieldGroup,
      quorum: p.quorum,
      members: p.members.length,
      load: loads.get(p.id) ?? 0,
    })),
    items: items.map((i) => {
      const a = byItem.get(i.id);
      return {
        id: i.id,
        name: i.name,
        group: i.group,
        unitName: i.unit.name,
        decision: i.decision,
        panel: a ? a.panel : null,
        recusals: a
          ? a.recusals.map((r) => ({ expertId: r.expertId, name: r.expert.name, reason: r.reason }))
          : [],
      };
    }),
  };
}

/**
 * May this expert open and score this item? Only when the item is assigned to a panel on which the
 * expert is an active member, and the expert is not recused from it.
 */
export async function expertItemAccess(
  expertId: string,
  itemId: string,
): Promise<{ allowed: true; panelId: string } | { allowed: false; reason: string }> {
  const assignment = await prisma.assignment.findFirst({
    where: {
      itemId,
      // An item not (or no longer) admitted is never sent to experts.
      item: { eligibilityDecision: 'admitted' },
      panel: { members: { some: { expertId, status: 'drawn', role: { in: ['chair', 'member'] } } } },
    },
    select: { panelId: true, recusals: { where: { expertId }, select: { reason: true } } },
  });
  if (!assignment) return { allowed: false, reason: '该评审对象未分配给您所在的专家组' };
  if (assignment.recusals.length > 0)
    return { allowed: false, reason: `您须回避该评审对象：${assignment.recusals[0].reason}` };
  return { allowed: true, panelId: assignment.panelId };
}

export interface LateRecusal {
  assignmentId: string;
  panelId: string;
  panelName: string;
  itemId: string;
  itemName: string;
  expertId: string;
  kind: ReturnType<typeof recusalKind>;
  reason: string;
}

// Rounds whose assignments still matter: once results are out, a new conflict changes nothing.
const RECUSAL_LIVE_STATES = ['draft', 'importing', 'reviewing', 'scoring'] as const;

/**
 * The recusals (回避) an expert's changed facts call for on items already assigned to panels the
 * expert sits on (a conflict declared after assignment). `planned` holds recusals already planned in
 * the same write (several experts of one import), so together they are checked against the quorum.
 * Problems (Chinese) when a recusal would leave a panel below its quorum: the change must be refused.
 */
export async function planLateRecusals(
  tx: Tx,
  facts: ExpertFacts,
  planned: LateRecusal[] = [],
): Promise<Result<LateRecusal[]>> {
  const seats = await tx.panelMember.findMany({
    where: {
      expertId: facts.id,
      status: 'drawn',
      role: { in: ['chair', 'member'] },
      panel: { round: { state: { in: [...RECUSAL_LIVE_STATES] } } },
    },
    select: { panelId: true },
  });
  const problems: Problem[] = [];
  const out: LateRecusal[] = [];
  for (const { panelId } of seats) {
    const [panel] = await loadActivePanels(tx, { id: panelId });
    const assignments = await tx.assignment.findMany({
      where: { panelId },
      select: { id: true, itemId: true, recusals: { select: { expertId: true, reason: true } } },
      orderBy: { order: 'asc' },
    });
    if (!panel || assignments.length === 0) continue;
    const items = new Map(
      (
        await loadItemFacts(
          tx,
          panel.roundId,
          assignments.map((a) => a.itemId),
        )
      ).map((i) => [i.id, i]),
    );
    for (const a of assignments) {
      const item = items.get(a.itemId);
      if (!item || a.recusals.some((r) => r.expertId === facts.id)) continue;
      const conflicts = findConflicts(facts, item, panel.year);
      if (conflicts.length === 0) continue;
      const reason = conflicts.map((c) => c.message).join('；');
      const recused = [
        ...a.recusals.map((r) => r.expertId),
        ...planned.filter((p) => p.assignmentId === a.id).map((p) => p.expertId),
        facts.id,
      ];
      const scoring = panel.members.filter((m) => !recused.includes(m.expertId)).length;
      if (scoring < panel.quorum) {
        problems.push(
          problemOf(
            'recusal_below_quorum',
            `${facts.name}须回避「${item.name}」（${reason}），专家组「${panel.name}」将仅剩${scoring}人参与评分，低于法定人数${panel.quorum}人；请先替换该专家或取消该对象的分配，回避事项未保存`,
            item.id,
          ),
        );
        continue;
      }
      out.push({
        assignmentId: a.id,
        panelId: panel.id,
        panelName: panel.name,
        itemId: item.id,
        itemName: item.name,
        expertId: facts.id,
        kind: recusalKind(conflicts),
        reason,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}

/**
 * Writes planned late recusals: the recusal row, the expert's sheet for the item (if any) set aside
 * as recused, and one audit event each.
 */
export async function writeLateRecusals(tx: Tx, actorId: string | null, recusals: readonly LateRecusal[]) {
  for (const r of recusals) {
    const row = await tx.assignmentRecusal.create({
      data: { assignmentId: r.assignmentId, expertId: r.expertId, kind: r.kind, reason: r.reason },
      select: { id: true },
    });
    const sheets = await tx.scoreSheet.updateMany({
      where: { itemId: r.itemId, expertId: r.expertId, recused: false },
      data: { recused: true, recusalReason: r.reason },
    });
    await recordAudit(tx, {
      actorId,
      action: 'assignment.recuse',
      entity: 'Assignment',
      entityId: r.assignmentId,
      after: {
        recusalId: row.id,
        panelId: r.panelId,
        itemId: r.itemId,
        expertId: r.expertId,
        reason: r.reason,
        sheetsSetAside: sheets.count,
      },
    });
  }
}
