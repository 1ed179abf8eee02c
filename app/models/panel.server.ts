// Panels (专家组): creation per field group, the seeded random draw from the pool with backups (候补),
// replay of a recorded draw, replacement of a drawn expert with a reason, and the chair (组长).
// Every decision is made by the engine (scoring/draw-panel, replace-panel-member, choose-chair);
// this module loads the facts, records the outcome and audits it.
import { randomBytes } from 'node:crypto';
import { chooseChair } from '#scoring/choose-chair';
import { drawPanel, type DrawExclusion } from '#scoring/draw-panel';
import { panelSizeWarning } from '#scoring/panel-size';
import { checkQuorum } from '#scoring/check-quorum';
import { addMissingSheetsIn, publishResultChanges } from '#app/models/sheet.server';
import type { ResultChange } from '#app/realtime/publish.server';
import { replacePanelMember } from '#scoring/replace-panel-member';
import type { ChairRule, PanelDraw, PoolExpert, Problem, Result } from '#scoring/types';
import { prisma, type Tx } from '#app/utils/db.server';
import { drawRecordSchema, type DrawRecord } from '#app/utils/panel-schema';
import { recordAudit } from './audit.server';
import { recusalKind } from '#app/utils/expert-schema';
import { loadExpertFacts, loadItemFacts, recusalsFor, schemeQuorum } from './assignment.server';
import { parseStringArray } from './expert.server';

export interface PanelMemberView {
  id: string;
  expertId: string;
  name: string;
  title: string;
  organisationName: string;
  role: 'chair' | 'member' | 'backup';
  status: 'drawn' | 'replaced';
  drawOrder: number;
  replacedReason: string | null;
  replacedAt: Date | null;
  replacedByName: string | null;
  username: string | null; // the expert's sign-in account (登录账号), when one exists
}

export interface PanelView {
  id: string;
  roundId: string;
  name: string;
  fieldGroup: string;
  size: number;
  sizeWarning: string | null; // e.g. 专家组人数为6人，通常为5、7或9人 (scoring/panel-size)
  quorum: number; // effective: the panel's own, else the scheme's
  quorumOverride: number | null;
  state: 'draft' | 'drawn' | 'confirmed' | 'closed';
  drawSeed: string | null;
  drawnAt: Date | null;
  members: PanelMemberView[];
  assignments: number;
}

const PANEL_SELECT = {
  id: true,
  roundId: true,
  name: true,
  fieldGroup: true,
  size: true,
  quorum: true,
  state: true,
  drawSeed: true,
  drawnAt: true,
  round: { select: { scheme: { select: { definition: true } } } },
  _count: { select: { assignments: true } },
  members: {
    select: {
      id: true,
      expertId: true,
      role: true,
      status: true,
      drawOrder: true,
      replacedById: true,
      replacedReason: true,
      replacedAt: true,
      expert: {
        select: { name: true, title: true, organisationName: true, user: { select: { username: true } } },
      },
    },
    orderBy: { drawOrder: 'asc' },
  },
} as const;

type PanelRow = NonNullable<Awaited<ReturnType<typeof findPanelRow>>>;

function findPanelRow(client: Tx | typeof prisma, id: string) {
  return client.panel.findUnique({ where: { id }, select: PANEL_SELECT });
}

function toView(row: PanelRow): PanelView {
  const byMemberId = new Map(row.members.map((m) => [m.id, m]));
  return {
    id: row.id,
    roundId: row.roundId,
    name: row.name,
    fieldGroup: row.fieldGroup,
    size: row.size,
    sizeWarning: panelSizeWarning(row.size)?.message ?? null,
    quorum: row.quorum ?? schemeQuorum(row.round.scheme.definition),
    quorumOverride: row.quorum,
    state: row.state,
    drawSeed: row.drawSeed,
    drawnAt: row.drawnAt,
    assignments: row._count.assignments,
    members: row.members.map((m) => ({
      id: m.id,
      expertId: m.expertId,
      name: m.expert.name,
      title: m.expert.title,
      organisationName: m.expert.organisationName,
      role: m.role,
      status: m.status,
      drawOrder: m.drawOrder,
      replacedReason: m.replacedReason,
      replacedAt: m.replacedAt,
      replacedByName: m.replacedById ? (byMemberId.get(m.replacedById)?.expert.name ?? null) : null,
      username: m.expert.user?.username ?? null,
    })),
  };
}

/** Name and year of a round, for page headings; null when it does not exist. */
export async function roundHeader(
  roundId: string,
): Promise<{ id: string; name: string; year: number } | null> {
  return prisma.round.findUnique({ where: { id: roundId }, select: { id: true, name: true, year: true } });
}

/** Field groups (领域分组) of the round's items, with counts, to suggest panel groups. */
export async function roundFieldGroups(roundId: string): Promise<{ group: string; items: number }[]> {
  const rows = await prisma.item.groupBy({ by: ['group'], where: { roundId }, _count: { _all: true } });
  return rows
    .map((r) => ({ group: r.group ?? '', items: r._count._all }))
    .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

export async function listPanels(roundId: string): Promise<PanelView[]> {
  const rows = await prisma.panel.findMany({
    where: { roundId },
    select: PANEL_SELECT,
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toView);
}

export async function getPanel(id: string): Promise<PanelView | null> {
  const row = await findPanelRow(prisma, id);
  return row ? toView(row) : null;
}

const problem = (code: string, message: string): Problem => ({ code, message });

export interface PanelInput {
  name: string;
  fieldGroup: string;
  size: number;
  quorum?: number;
}

export async function createPanel(
  actorId: string,
  roundId: string,
  input: PanelInput,
): Promise<Result<PanelView> | null> {
  const id = await prisma.$transaction(async (tx) => {
    const round = await tx.round.findUnique({ where: { id: roundId }, select: { id: true } });
    if (!round) return null;
    const clash = await tx.panel.findFirst({ where: { roundId, name: input.name }, select: { id: true } });
    if (clash) return 'taken' as const;
    const panel = await tx.panel.create({
      data: {
        roundId,
        name: input.name,
        fieldGroup: input.fieldGroup,
        size: input.size,
        quorum: input.quorum ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId,
      action: 'panel.create',
      entity: 'Panel',
      entityId: panel.id,
      after: { roundId, ...input },
    });
    return panel.id;
  });
  if (id === null) return null;
  if (id === 'taken')
    return { ok: false, problems: [problem('panel_name_taken', `本轮已有名为“${input.name}”的专家组`)] };
  return { ok: true, value: (await getPanel(id))! };
}

/**
 * Changes the size (专家组人数) while nothing is assigned to the panel. A drawn panel goes back to
 * 组建中 (its members are removed, the old draw stays in the audit trail) and is drawn again at the
 * new size. An unusual size is allowed with the engine's warning.
 */
export async function updatePanelSize(
  actorId: string,
  panelId: string,
  size: number,
): Promise<Result<{ panel: PanelView; warnings: Problem[]; drawCleared: boolean }> | null> {
  const outcome = await prisma.$transaction(async (tx): Promise<Result<boolean> | null> => {
    const panel = await tx.panel.findUnique({
      where: { id: panelId },
      select: {
        name: true,
        size: true,
        quorum: true,
        state: true,
        drawSeed: true,
        _count: { select: { assignments: true } },
        members: { select: { expertId: true, role: true, status: true }, orderBy: { drawOrder: 'asc' } },
      },
    });
    if (!panel) return null;
    if (panel._count.assignments > 0)
      return {
        ok: false,
        problems: [problem('panel_has_assignments', `专家组「${panel.name}」已分配评审对象，不能再修改人数`)],
      };
    if (panel.quorum !== null && panel.quorum > size)
      return {
        ok: false,
        problems: [
          problem(
            'quorum_above_size',
            `专家组人数${size}人少于本组法定人数${panel.quorum}人，请先调整法定人数`,
          ),
        ],
      };
    if (size === panel.size) return { ok: true, value: false };
    await tx.panelMember.deleteMany({ where: { panelId } });
    await tx.panel.update({
      where: { id: panelId },
      data: { size, state: 'draft', drawSeed: null, drawnAt: null, drawFilter: null },
    });
    await recordAudit(tx, {
      actorId,
      action: 'panel.resize',
      entity: 'Panel',
      entityId: panelId,
      before: { size: panel.size, state: panel.state, drawSeed: panel.drawSeed, members: panel.members },
      after: { size, state: 'draft' },
    });
    return { ok: true, value: panel.members.length > 0 };
  });
  if (outcome === null) return null;
  if (!outcome.ok) return outcome;
  const warning = panelSizeWarning(size);
  return {
    ok: true,
    value: {
      panel: (await getPanel(panelId))!,
      warnings: warning ? [warning] : [],
      drawCleared: outcome.value,
    },
  };
}

export interface DrawInput {
  seed?: string; // omitted: a fresh random seed, recorded
  backups: number;
  region?: string;
  chair: ChairRule;
  excludeConflicted: boolean; // leave out experts conflicted with any item of the panel's group
}

/**
 * Draws (or, while nothing is assigned, redraws) the panel's experts. Left out: inactive experts,
 * experts already on another panel of the round, and with `excludeConflicted` those with a conflict
 * against an item of this field group. The seed and the eligible pool are recorded for replay.
 */
export async function drawPanelExperts(
  actorId: string,
  panelId: string,
  input: DrawInput,
): Promise<Result<{ panel: PanelView; warnings: Problem[] }> | null> {
  const seed = input.seed?.trim() || randomBytes(8).toString('hex');
  const outcome = await prisma.$transaction(async (tx): Promise<Result<Problem[]> | null> => {
    const panel = await tx.panel.findUnique({
      where: { id: panelId },
      select: {
        id: true,
        roundId: true,
        name: true,
        fieldGroup: true,
        size: true,
        state: true,
        drawSeed: true,
        round: { select: { year: true } },
        _count: { select: { assignments: true } },
      },
    });
    if (!panel) return null;
    if (panel._count.assignments > 0) {
      return {
        ok: false,
        problems: [
          problem(
            'panel_has_assignments',
            `专家组「${panel.name}」已分配评审对象，不能重新抽取；如需调整请替换专家`,
          ),
        ],
      };
    }

    const experts = await tx.expert.findMany({
      select: { id: true, name: true, title: true, fields: true, region: true, active: true },
    });
    const pool: PoolExpert[] = experts.map((e) => ({
      id: e.id,
      name: e.name,
      title: e.title,
      fields: parseStringArray(e.fields),
      region: e.region,
      available: e.active,
    }));

    const exclude: DrawExclusion[] = [];
    const elsewhere = await tx.panelMember.findMany({
      where: { status: 'drawn', panel: { roundId: panel.roundId, id: { not: panelId } } },
      select: { expertId: true, panel: { select: { name: true } } },
    });
    for (const m of elsewhere)
      exclude.push({ expertId: m.expertId, reason: `已入选本轮「${m.panel.name}」`, kind: 'other_panel' });

    if (input.excludeConflicted) {
      const candidates = pool.filter((e) => e.fields.includes(panel.fieldGroup)).map((e) => e.id);
      const items = (await loadItemFacts(tx, panel.roundId)).filter(
        (i) => i.group === panel.fieldGroup && i.decision !== 'excluded',
      );
      const facts = await loadExpertFacts(tx, candidates);
      const firstByExpert = new Map<string, string>();
      for (const r of recusalsFor(facts.values(), items, panel.round.year)) {
        if (firstByExpert.has(r.expertId)) continue;
        const item = items.find((i) => i.id === r.itemId)!;
        firstByExpert.set(r.expertId, `与本组评审对象「${item.name}」需回避：${r.reasons[0]}`);
      }
      for (const [expertId, reason] of firstByExpert) exclude.push({ expertId, reason, kind: 'recusal' });
    }

    const drawn = drawPanel(pool, {
      size: panel.size,
      backups: input.backups,
      field: panel.fieldGroup,
      region: input.region ?? null,
      seed,
      exclude,
      chair: input.chair,
    });
    if (!drawn.ok) return drawn;
    const draw = drawn.value;
    const titles = new Map(pool.map((e) => [e.id, e.title ?? null]));
    const record: DrawRecord = {
      field: panel.fieldGroup,
      region: input.region ?? null,
      size: panel.size,
      backups: input.backups,
      chair: input.chair,
      excludeConflicted: input.excludeConflicted,
      pool: [...draw.candidates].sort().map((id) => ({ id, title: titles.get(id) ?? null })),
      excluded: draw.excluded,
    };

    // What the draw replaces: the panel's state, seed and members (none on a first draw).
    const before = {
      state: panel.state,
      seed: panel.drawSeed,
      members: await tx.panelMember.findMany({
        where: { panelId },
        select: { expertId: true, role: true, status: true },
        orderBy: { drawOrder: 'asc' },
      }),
    };
    await tx.panelMember.deleteMany({ where: { panelId } });
    await tx.panelMember.createMany({
      data: [
        ...draw.members.map((expertId, i) => ({
          panelId,
          expertId,
          role: expertId === draw.chairId ? ('chair' as const) : ('member' as const),
          drawOrder: i,
        })),
        ...draw.backups.map((expertId, j) => ({
          panelId,
          expertId,
          role: 'backup' as const,
          drawOrder: draw.members.length + j,
        })),
      ],
    });
    await tx.panel.update({
      where: { id: panelId },
      data: { drawSeed: seed, drawnAt: new Date(), drawFilter: JSON.stringify(record), state: 'drawn' },
    });
    await recordAudit(tx, {
      actorId,
      action: panel.drawSeed ? 'panel.redraw' : 'panel.draw',
      entity: 'Panel',
      entityId: panelId,
      before,
      after: {
        seed,
        members: draw.members,
        backups: draw.backups,
        chairId: draw.chairId,
        excluded: draw.excluded,
        options: { ...record, pool: undefined },
      },
    });
    return { ok: true, value: draw.warnings };
  });
  if (outcome === null) return null;
  if (!outcome.ok) return outcome;
  return { ok: true, value: { panel: (await getPanel(panelId))!, warnings: outcome.value } };
}

export interface ReplayReport {
  seed: string;
  matches: boolean;
  recorded: { members: string[]; backups: string[]; chairId: string | null };
  replayed: { members: string[]; backups: string[]; chairId: string | null };
}

/**
 * Replays a recorded draw from its seed and pool snapshot and compares it with what was stored
 * (the original draw order, before any replacement). Anyone auditing the process can run this.
 */
export async function replayPanelDraw(panelId: string): Promise<Result<ReplayReport> | null> {
  const panel = await prisma.panel.findUnique({
    where: { id: panelId },
    select: {
      drawSeed: true,
      drawFilter: true,
      members: {
        select: { expertId: true, role: true, drawOrder: true, status: true, replacedById: true },
        orderBy: { drawOrder: 'asc' },
      },
    },
  });
  if (!panel) return null;
  if (!panel.drawSeed || !panel.drawFilter)
    return { ok: false, problems: [problem('not_drawn', '该专家组尚未抽取，没有可复核的抽取记录')] };
  let record: DrawRecord;
  try {
    record = drawRecordSchema.parse(JSON.parse(panel.drawFilter));
  } catch {
    return {
      ok: false,
      problems: [
        problem('draw_record_invalid', '抽取记录不完整（缺少抽取时的候选专家名单），无法按种子复核'),
      ],
    };
  }
  const replayed = drawPanel(
    record.pool.map((e) => ({
      id: e.id,
      title: e.title,
      fields: record.field ? [record.field] : [],
      region: record.region,
    })),
    {
      size: record.size,
      backups: record.backups,
      field: record.field,
      region: record.region,
      seed: panel.drawSeed,
      chair: record.chair,
    },
  );
  if (!replayed.ok) return replayed;
  // Members in draw order: the first `size` seats were drawn as members, the rest as backups,
  // whatever came of them later (replacements keep each row's original draw order).
  const ordered = panel.members;
  const recordedMembers = ordered.slice(0, record.size).map((m) => m.expertId);
  const recordedBackups = ordered.slice(record.size).map((m) => m.expertId);
  // The chair at draw time: unchanged unless replaced or reassigned, so it is only compared while it stands.
  const chairNow = ordered.find((m) => m.role === 'chair' && m.status === 'drawn')?.expertId ?? null;
  const recorded = { members: recordedMembers, backups: recordedBackups, chairId: chairNow };
  const replay = {
    members: replayed.value.members,
    backups: replayed.value.backups,
    chairId: replayed.value.chairId,
  };
  const matches =
    JSON.stringify(recorded.members) === JSON.stringify(replay.members) &&
    JSON.stringify(recorded.backups) === JSON.stringify(replay.backups);
  return { ok: true, value: { seed: panel.drawSeed, matches, recorded, replayed: replay } };
}

// The panel as the engine sees it: current members in draw order, backups still available.
function currentDraw(row: PanelRow): PanelDraw {
  const active = row.members.filter((m) => m.status === 'drawn');
  const chair = active.find((m) => m.role === 'chair');
  return {
    seed: row.drawSeed ?? '',
    candidates: row.members.map((m) => m.expertId),
    members: active.filter((m) => m.role !== 'backup').map((m) => m.expertId),
    backups: active.filter((m) => m.role === 'backup').map((m) => m.expertId),
    chairId: chair?.expertId ?? '',
    excluded: [],
    replacements: [],
    warnings: [],
  };
}

/**
 * Replaces a drawn member with the next backup, with a reason. The newcomer is checked against the
 * items already assigned to the panel: recused where conflicted, and refused if that would leave any
 * item below quorum.
 */
export async function replacePanelExpert(
  actorId: string,
  panelId: string,
  change: { expertId: string; reason: string; chair?: ChairRule },
): Promise<Result<PanelView> | null> {
  let sheetChanges: ResultChange[] = [];
  const outcome = await prisma.$transaction(async (tx): Promise<Result<true> | null> => {
    const row = await findPanelRow(tx, panelId);
    if (!row) return null;
    const draw = currentDraw(row);
    const pool: PoolExpert[] = row.members.map((m) => ({
      id: m.expertId,
      name: m.expert.name,
      title: m.expert.title,
      fields: [],
    }));
    const replaced = replacePanelMember(pool, draw, change);
    if (!replaced.ok) return replaced;
    const next = replaced.value;
    const incomingId = next.replacements[next.replacements.length - 1].in;

    const round = await tx.round.findUniqueOrThrow({ where: { id: row.roundId }, select: { year: true } });
    const assigned = await tx.assignment.findMany({
      where: { panelId },
      select: { id: true, itemId: true, recusals: { select: { expertId: true, reason: true } } },
    });
    const items = await loadItemFacts(
      tx,
      row.roundId,
      assigned.map((a) => a.itemId),
    );
    const facts = await loadExpertFacts(tx, [incomingId]);
    const incomingRecusals = recusalsFor(facts.values(), items, round.year);
    const quorum = row.quorum ?? schemeQuorum(row.round.scheme.definition);
    const names = Object.fromEntries(row.members.map((m) => [m.expertId, m.expert.name]));
    const problems: Problem[] = [];
    for (const a of assigned) {
      const item = items.find((i) => i.id === a.itemId);
      const check = checkQuorum({
        panelId,
        itemId: a.itemId,
        members: next.members,
        recusals: [
          ...a.recusals.map((r) => ({ itemId: a.itemId, expertId: r.expertId, reasons: [r.reason] })),
          ...incomingRecusals.filter((r) => r.itemId === a.itemId),
        ],
        quorum,
        labels: { panel: row.name, item: item?.name, experts: names },
      });
      if (!check.ok) problems.push(...check.problems);
    }
    if (problems.length > 0) return { ok: false, problems };

    const outgoing = row.members.find((m) => m.expertId === change.expertId && m.status === 'drawn')!;
    const incoming = row.members.find((m) => m.expertId === incomingId && m.status === 'drawn')!;
    await tx.panelMember.update({
      where: { id: incoming.id },
      data: { role: next.chairId === incomingId ? 'chair' : 'member' },
    });
    await tx.panelMember.update({
      where: { id: outgoing.id },
      data: {
        status: 'replaced',
        replacedById: incoming.id,
        replacedReason: change.reason.trim(),
        replacedAt: new Date(),
      },
    });
    if (next.chairId !== draw.chairId && next.chairId !== incomingId) {
      await tx.panelMember.updateMany({
        where: { panelId, expertId: next.chairId, status: 'drawn' },
        data: { role: 'chair' },
      });
    }
    for (const r of incomingRecusals) {
      const assignment = assigned.find((a) => a.itemId === r.itemId)!;
      await tx.assignmentRecusal.create({
        data: {
          assignmentId: assignment.id,
          expertId: incomingId,
          reason: r.reasons.join('；'),
          kind: recusalKind(r.conflicts),
        },
      });
    }
    await recordAudit(tx, {
      actorId,
      action: 'panel.replace',
      entity: 'Panel',
      entityId: panelId,
      before: { members: draw.members, backups: draw.backups, chairId: draw.chairId },
      after: {
        members: next.members,
        backups: next.backups,
        chairId: next.chairId,
        replacement: { out: change.expertId, in: incomingId, reason: change.reason.trim() },
        recusals: incomingRecusals.map((r) => ({ itemId: r.itemId, reasons: r.reasons })),
      },
    });
    // In a round already in scoring the newcomer gets draft sheets for the panel's items at once.
    sheetChanges = (await addMissingSheetsIn(tx, row.roundId, actorId)).changes;
    return { ok: true, value: true };
  });
  if (outcome === null) return null;
  if (!outcome.ok) return outcome;
  publishResultChanges(sheetChanges);
  return { ok: true, value: (await getPanel(panelId))! };
}

/** The agency names the chair (组长) among the panel's current members. */
export async function setPanelChair(
  actorId: string,
  panelId: string,
  expertId: string,
): Promise<Result<PanelView> | null> {
  let sheetChanges: ResultChange[] = [];
  const outcome = await prisma.$transaction(async (tx): Promise<Result<true> | null> => {
    const row = await findPanelRow(tx, panelId);
    if (!row) return null;
    const draw = currentDraw(row);
    const members = row.members
      .filter((m) => m.status === 'drawn' && m.role !== 'backup')
      .map((m) => ({ id: m.expertId, title: m.expert.title, fields: [] }));
    const chosen = chooseChair(members, { kind: 'chosen', expertId });
    if (!chosen.ok) {
      const name = row.members.find((m) => m.expertId === expertId)?.expert.name ?? expertId;
      return {
        ok: false,
        problems: [problem('chair_not_member', `「${name}」不是本组在任成员，不能担任组长`)],
      };
    }
    await tx.panelMember.updateMany({
      where: { panelId, role: 'chair', status: 'drawn' },
      data: { role: 'member' },
    });
    await tx.panelMember.updateMany({
      where: { panelId, expertId, status: 'drawn' },
      data: { role: 'chair' },
    });
    await recordAudit(tx, {
      actorId,
      action: 'panel.chair',
      entity: 'Panel',
      entityId: panelId,
      before: { chairId: draw.chairId || null },
      after: { chairId: expertId },
    });
    return { ok: true, value: true };
  });
  if (outcome === null) return null;
  if (!outcome.ok) return outcome;
  return { ok: true, value: (await getPanel(panelId))! };
}
