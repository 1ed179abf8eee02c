// Live results (实时汇总): after every change to a sheet the item's whole group is graded again by
// the engine (scoring/gradeItems: aggregate, quorum, spread, veto, thresholds or quota bands, rank)
// and stored as Result rows stamped with the round's live version. Who may read scores is decided
// here too (mayViewRoundScores / mayViewPanelScores), for the API, the pages and the sockets.
import { z } from 'zod';
import { readRoundSettings } from '#app/utils/round-settings';
import { gradeItems } from '#scoring/grade-items';
import { sheetTotal } from '#scoring/sheet-total';
import { validateScheme } from '#scoring/validate-scheme';
import { DEFAULTS } from '#scoring/defaults';
import type { ItemInput, Scheme, SheetInput } from '#scoring/types';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import type { LiveProgress, ResultRow } from '#app/realtime/events';
import type { ResultChange } from '#app/realtime/publish.server';
import type { SessionUser } from '#app/models/auth.server';
import { prisma, type Tx } from '#app/utils/db.server';
import { hasPermission } from '#app/utils/permissions';
import { expertPseudonym } from '#app/components/results/labels';

type Client = Tx | typeof prisma;

// ---------- The frozen scheme, read once per scheme version ----------

type SchemeDefinition = ReturnType<typeof parseSchemeDefinition>;
type CachedScheme = { scheme: Scheme; definition: SchemeDefinition };
const schemeCache = new Map<string, CachedScheme>();
/** A scheme row as the hot paths select it: without its definition text (read once per version). */
export type SchemeRef = { id: string; version: number };

function cacheScheme(row: SchemeRef & { definition: string }): CachedScheme {
  const key = `${row.id}:${row.version}`;
  let cached = schemeCache.get(key);
  if (!cached) {
    const definition = parseSchemeDefinition(row.definition);
    const checked = validateScheme(definition.scheme);
    if (!checked.ok)
      throw new Error(
        `stored scheme ${row.id} is invalid: ${checked.problems.map((p) => p.message).join('; ')}`,
      );
    cached = { scheme: checked.value, definition };
    if (schemeCache.size > 200) schemeCache.clear();
    schemeCache.set(key, cached);
  }
  return cached;
}

/**
 * The round's scheme as the engine takes it, validated once (every edit of a scheme bumps its
 * version, and frozen schemes never change, so id + version names one definition for good).
 */
export function engineScheme(row: SchemeRef & { definition: string }): Scheme {
  return cacheScheme(row).scheme;
}

/** The scheme of `ref` when it has been read before in this process, else undefined. */
export function cachedScheme(ref: SchemeRef): Scheme | undefined {
  return schemeCache.get(`${ref.id}:${ref.version}`)?.scheme;
}

/**
 * The scheme (engine form and parsed definition) of `ref`, reading its definition text only the first
 * time this process meets that id + version.
 */
export async function loadScheme(client: Client, ref: SchemeRef): Promise<CachedScheme> {
  const hit = schemeCache.get(`${ref.id}:${ref.version}`);
  if (hit) return hit;
  const row = await client.scheme.findUniqueOrThrow({
    where: { id: ref.id },
    select: { id: true, version: true, definition: true },
  });
  return cacheScheme(row);
}

/** The round's settings JSON (app/utils/round-settings.ts). */
export const roundSettings = readRoundSettings;

// ---------- Numbers as stored ----------

/** A number's exact decimal text, never in exponent form (1e-7 → "0.0000001"). */
export function decimalText(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  const [mantissa, expPart] = s.toLowerCase().split('e');
  const exp = Number(expPart);
  const negative = mantissa.startsWith('-');
  const [intPart, fracPart = ''] = mantissa.replace('-', '').split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}

/** An engine score (already rounded to `decimals`) as the stored decimal string, e.g. "84.10". */
export function scoreText(score: number, decimals: number): string {
  return score.toFixed(decimals);
}

// ---------- Parsing stored JSON ----------

const scoresJson = z.record(z.string(), z.number()).catch({});
const vetoJson = z.array(z.object({ vetoId: z.string(), reason: z.string() })).catch([]);
const stringArray = z.array(z.string()).catch([]);

export function parseScores(json: string): Record<string, number> {
  try {
    return scoresJson.parse(JSON.parse(json));
  } catch {
    return {};
  }
}

export function parseVetoProposals(json: string): { vetoId: string; reason: string }[] {
  try {
    return vetoJson.parse(JSON.parse(json));
  } catch {
    return [];
  }
}

function parseStrings(json: string): string[] {
  try {
    return stringArray.parse(JSON.parse(json));
  } catch {
    return [];
  }
}

// ---------- Recompute ----------

const VALID_STATES = new Set(['submitted', 'locked']);

interface StoredResult {
  itemId: string;
  score: string | null;
  grade: string | null;
  finalGrade: string | null;
  rank: number | null;
  status: string;
  experts: number;
  totals: string;
  flags: string;
  group: string;
  panelId: string | null;
  expected: number;
  submitted: number;
  provisional: boolean;
  locked: boolean;
  version: number;
  _count: { adjustments: number };
}

/**
 * Grades the item's whole group (admitted items of the round with the same 领域分组 and a panel)
 * inside the caller's transaction and stores the Result rows. Bumps Round.liveVersion first: that
 * write serialises the writers of one round. Returns the new version and a change for the item
 * itself and for every other item whose grade, rank, score or provisional mark moved.
 */
export async function recomputeItem(
  tx: Tx,
  roundId: string,
  itemId: string,
): Promise<{ version: number; changed: ResultChange[] }> {
  const round = await tx.round.update({
    where: { id: roundId },
    data: { liveVersion: { increment: 1 } },
    select: { liveVersion: true, scheme: { select: { id: true, version: true } } },
  });
  const version = round.liveVersion;
  const target = await tx.item.findUnique({ where: { id: itemId }, select: { group: true, roundId: true } });
  if (!target || target.roundId !== roundId) return { version, changed: [] };
  const rows = await gradeGroup(tx, roundId, target.group, round.scheme, version);
  const changed: ResultChange[] = [];
  for (const r of rows) {
    if (r.row.itemId === itemId || r.moved)
      changed.push({
        roundId,
        panelId: r.row.panelId,
        itemId: r.row.itemId,
        version,
        submitted: r.row.submitted,
        expected: r.row.expected,
        result: r.row,
      });
  }
  return { version, changed };
}

/**
 * Every group of the round graded once (after startScoring, or to repair): one live version bump
 * per group. Returns the changes of every item.
 */
export async function recomputeRound(
  tx: Tx,
  roundId: string,
): Promise<{ version: number; changed: ResultChange[] }> {
  const groups = await tx.item.findMany({
    where: { roundId, eligibilityDecision: 'admitted', assignments: { some: {} } },
    select: { id: true, group: true },
    distinct: ['group'],
    orderBy: { id: 'asc' },
  });
  let version = (await tx.round.findUniqueOrThrow({ where: { id: roundId }, select: { liveVersion: true } }))
    .liveVersion;
  const changed: ResultChange[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    const key = g.group ?? '\u0000';
    if (seen.has(key)) continue;
    seen.add(key);
    const r = await recomputeItem(tx, roundId, g.id);
    version = r.version;
    changed.push(...r.changed);
  }
  return { version, changed };
}

interface GradedRow {
  row: ResultRow;
  moved: boolean;
}

async function gradeGroup(
  tx: Tx,
  roundId: string,
  group: string | null,
  schemeRef: SchemeRef,
  version: number,
): Promise<GradedRow[]> {
  const { scheme } = await loadScheme(tx, schemeRef);
  const items = await tx.item.findMany({
    where: { roundId, group, eligibilityDecision: 'admitted', assignments: { some: {} } },
    select: {
      id: true,
      name: true,
      group: true,
      vetoed: true,
      assignments: {
        select: {
          panelId: true,
          panel: { select: { quorum: true } },
          recusals: { select: { expertId: true } },
        },
        orderBy: { createdAt: 'asc' },
        take: 1,
      },
    },
    orderBy: { id: 'asc' },
  });
  if (items.length === 0) return [];
  const itemIds = items.map((i) => i.id);
  const panelIds = [...new Set(items.map((i) => i.assignments[0].panelId))];
  const [sheets, seats, stored] = await Promise.all([
    tx.scoreSheet.findMany({
      where: { itemId: { in: itemIds } },
      select: {
        itemId: true,
        expertId: true,
        state: true,
        recused: true,
        absent: true,
        scores: true,
        vetoProposals: true,
      },
    }),
    tx.panelMember.findMany({
      where: { panelId: { in: panelIds }, status: 'drawn', role: { in: ['chair', 'member'] } },
      select: { panelId: true, expertId: true },
    }),
    tx.result.findMany({
      where: { itemId: { in: itemIds } },
      select: {
        itemId: true,
        score: true,
        grade: true,
        finalGrade: true,
        rank: true,
        status: true,
        experts: true,
        totals: true,
        flags: true,
        group: true,
        panelId: true,
        expected: true,
        submitted: true,
        provisional: true,
        locked: true,
        version: true,
        _count: { select: { adjustments: true } },
      },
    }),
  ]);
  const seatsByPanel = new Map<string, string[]>();
  for (const s of seats) {
    const list = seatsByPanel.get(s.panelId) ?? [];
    list.push(s.expertId);
    seatsByPanel.set(s.panelId, list);
  }
  const sheetsByItem = new Map<string, typeof sheets>();
  for (const s of sheets) {
    const list = sheetsByItem.get(s.itemId) ?? [];
    list.push(s);
    sheetsByItem.set(s.itemId, list);
  }
  const storedByItem = new Map<string, StoredResult>(stored.map((r) => [r.itemId, r]));

  // Per item: valid sheets, expected and submitted counts, its effective quorum.
  const schemeQuorum = scheme.aggregation.quorum ?? DEFAULTS.quorum;
  const facts = items.map((item) => {
    const assignment = item.assignments[0];
    const itemSheets = sheetsByItem.get(item.id) ?? [];
    const byExpert = new Map(itemSheets.map((s) => [s.expertId, s]));
    const conflicted = new Set(assignment.recusals.map((r) => r.expertId));
    let expected = 0;
    for (const expertId of seatsByPanel.get(assignment.panelId) ?? []) {
      if (conflicted.has(expertId)) continue;
      const sheet = byExpert.get(expertId);
      if (sheet && (sheet.recused || sheet.absent)) continue;
      expected++;
    }
    const valid = itemSheets.filter((s) => VALID_STATES.has(s.state) && !s.recused && !s.absent);
    const counted = itemSheets.filter((s) => !s.recused && !s.absent);
    const locked = counted.length > 0 && counted.every((s) => s.state === 'locked');
    return {
      item,
      panelId: assignment.panelId,
      quorum: assignment.panel.quorum ?? schemeQuorum,
      valid,
      expected,
      submitted: valid.length,
      locked,
      complete: locked || valid.length >= expected,
      vetoProposed: valid.some((s) => parseVetoProposals(s.vetoProposals).length > 0),
    };
  });

  // One engine run for the group. A panel may set a stricter quorum than the scheme's: the run uses
  // the lowest quorum in the group, and an item below its own panel's quorum contributes no sheets
  // (so the engine marks it incomplete and leaves it out of the bands), never a second formula.
  const runQuorum = Math.min(...facts.map((f) => f.quorum));
  const runScheme: Scheme =
    runQuorum === schemeQuorum
      ? scheme
      : { ...scheme, aggregation: { ...scheme.aggregation, quorum: runQuorum } };
  const itemInputs: ItemInput[] = [];
  const sheetInputs: SheetInput[] = [];
  for (const f of facts) {
    itemInputs.push({ id: f.item.id, group: f.item.group ?? '', vetoed: f.item.vetoed });
    const dropped = f.quorum > runQuorum && f.valid.length < f.quorum;
    if (dropped) continue;
    for (const s of f.valid)
      sheetInputs.push({ itemId: f.item.id, expertId: s.expertId, scores: parseScores(s.scores) });
  }
  const graded = gradeItems(runScheme, { items: itemInputs, sheets: sheetInputs });
  if (!graded.ok)
    throw new Error(`grading round ${roundId}: ${graded.problems.map((p) => p.message).join('; ')}`);
  const byId = new Map(graded.value.results.map((r) => [r.itemId, r]));
  const decimals = scheme.aggregation.decimals ?? DEFAULTS.decimals;
  const quota = scheme.grading.kind === 'quota';
  const groupComplete = facts.every((f) => f.complete);
  const now = new Date();

  const out: GradedRow[] = [];
  for (const f of facts) {
    const r = byId.get(f.item.id)!;
    // Totals of valid sheets below the panel's quorum are still shown (engine sheetTotal).
    let totals = r.totals;
    if (f.quorum > runQuorum && f.valid.length < f.quorum && f.valid.length > 0) {
      totals = {};
      for (const s of f.valid) {
        const t = sheetTotal(scheme.rubric, {
          itemId: f.item.id,
          expertId: s.expertId,
          scores: parseScores(s.scores),
        });
        if (t.ok) totals[s.expertId] = t.value;
      }
    }
    const flags = [...r.flags];
    if (r.status === 'incomplete' && f.submitted >= f.expected && f.valid.length < f.quorum)
      flags.push('quorum');
    if (f.vetoProposed) flags.push('veto-proposed');
    const provisional = quota ? !groupComplete : !f.complete;
    const score = r.score === null ? null : scoreText(r.score, decimals);
    const prev = storedByItem.get(f.item.id);
    const finalGrade = prev && prev._count.adjustments > 0 ? prev.finalGrade : r.grade;
    const data = {
      roundId,
      score,
      grade: r.grade,
      finalGrade,
      rank: r.rank,
      status: r.status,
      experts: f.valid.length,
      totals: JSON.stringify(totals),
      flags: JSON.stringify(flags),
      group: r.group,
      panelId: f.panelId,
      expected: f.expected,
      submitted: f.submitted,
      provisional,
      locked: f.locked,
    } as const;
    const same =
      prev !== undefined &&
      prev.score === data.score &&
      prev.grade === data.grade &&
      prev.finalGrade === data.finalGrade &&
      prev.rank === data.rank &&
      prev.status === data.status &&
      prev.experts === data.experts &&
      prev.totals === data.totals &&
      prev.flags === data.flags &&
      prev.group === data.group &&
      prev.panelId === data.panelId &&
      prev.expected === data.expected &&
      prev.submitted === data.submitted &&
      prev.provisional === data.provisional &&
      prev.locked === data.locked;
    const moved =
      prev === undefined ||
      prev.score !== data.score ||
      prev.grade !== data.grade ||
      prev.rank !== data.rank ||
      prev.provisional !== data.provisional;
    let rowVersion = prev?.version ?? version;
    if (!same) {
      rowVersion = version;
      await tx.result.upsert({
        where: { itemId: f.item.id },
        create: { itemId: f.item.id, ...data, version, computedAt: now },
        update: { ...data, version, computedAt: now },
      });
    }
    out.push({
      moved,
      row: {
        itemId: f.item.id,
        itemName: f.item.name,
        group: r.group,
        panelId: f.panelId,
        score: r.score,
        grade: r.grade,
        rank: r.rank,
        status: r.status,
        experts: f.valid.length,
        submitted: f.submitted,
        expected: f.expected,
        flags,
        provisional,
        locked: f.locked,
        version: rowVersion,
      },
    });
  }
  return out;
}

// ---------- Reading results ----------

const RESULT_SELECT = {
  itemId: true,
  score: true,
  grade: true,
  rank: true,
  status: true,
  experts: true,
  flags: true,
  group: true,
  panelId: true,
  expected: true,
  submitted: true,
  provisional: true,
  locked: true,
  version: true,
  item: { select: { name: true } },
} as const;

type ResultSelected = {
  itemId: string;
  score: string | null;
  grade: string | null;
  rank: number | null;
  status: 'graded' | 'incomplete';
  experts: number;
  flags: string;
  group: string;
  panelId: string | null;
  expected: number;
  submitted: number;
  provisional: boolean;
  locked: boolean;
  version: number;
  item: { name: string };
};

export function toResultRow(r: ResultSelected): ResultRow {
  return {
    itemId: r.itemId,
    itemName: r.item.name,
    group: r.group,
    panelId: r.panelId,
    score: r.score === null ? null : Number(r.score),
    grade: r.grade,
    rank: r.rank,
    status: r.status,
    experts: r.experts,
    submitted: r.submitted,
    expected: r.expected,
    flags: parseStrings(r.flags),
    provisional: r.provisional,
    locked: r.locked,
    version: r.version,
  };
}

/** One item's stored result row (no permission check: callers decide who sees it). */
export async function itemResult(itemId: string, client: Client = prisma): Promise<ResultRow | null> {
  const r = await client.result.findUnique({ where: { itemId }, select: RESULT_SELECT });
  return r ? toResultRow(r) : null;
}

/** Agency, department and admin (result:read) see every score of every round. */
export async function mayViewRoundScores(viewer: SessionUser, roundId: string): Promise<boolean> {
  if (!hasPermission(viewer.roles, 'result:read')) return false;
  return (await prisma.round.count({ where: { id: roundId } })) > 0;
}

/** result:read holders, and the chair seat of that very panel. */
export async function mayViewPanelScores(viewer: SessionUser, panelId: string): Promise<boolean> {
  if (hasPermission(viewer.roles, 'result:read'))
    return (await prisma.panel.count({ where: { id: panelId } })) > 0;
  return (await chairedPanelIds(viewer.id, { id: panelId })).length > 0;
}

/** The panels whose chair seat (组长, drawn) the user's expert record holds. */
export async function chairedPanelIds(
  userId: string,
  where: { id?: string; roundId?: string } = {},
  client: Client = prisma,
): Promise<string[]> {
  const rows = await client.panelMember.findMany({
    where: {
      role: 'chair',
      status: 'drawn',
      expert: { userId },
      ...(where.id ? { panelId: where.id } : {}),
      ...(where.roundId ? { panel: { roundId: where.roundId } } : {}),
    },
    select: { panelId: true },
  });
  return rows.map((r) => r.panelId);
}

export type ResultScope = 'round' | 'panels' | 'own' | 'none';

/**
 * The round's results the viewer may see, with the round's live version: all of them for
 * result:read holders; the rows of the panels they chair for a chair; for an expert, when the round
 * reveals scores after submission, the aggregate of each item whose own sheet is in. `visible` is
 * true when the viewer sees the whole round.
 */
export async function roundResults(
  roundId: string,
  viewer: SessionUser,
  filter: { panelId?: string; group?: string } = {},
): Promise<{ version: number; results: ResultRow[]; visible: boolean; scope: ResultScope; exists: boolean }> {
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: { liveVersion: true, settings: true },
  });
  if (!round) return { version: 0, results: [], visible: false, scope: 'none', exists: false };
  const where = {
    roundId,
    ...(filter.panelId ? { panelId: filter.panelId } : {}),
    ...(filter.group !== undefined ? { group: filter.group } : {}),
  };
  const order = [{ group: 'asc' as const }, { rank: 'asc' as const }, { itemId: 'asc' as const }];
  // The rows within the filter and `narrower`, answered with the scope they were read for.
  const answer = async (scope: ResultScope, narrower: object = {}) => {
    const rows = await prisma.result.findMany({
      where: { ...where, ...narrower },
      select: RESULT_SELECT,
      orderBy: order,
    });
    const results = sortRows(rows.map(toResultRow));
    return { version: round.liveVersion, results, visible: scope === 'round', scope, exists: true };
  };
  if (hasPermission(viewer.roles, 'result:read')) return answer('round');
  const chaired = await chairedPanelIds(viewer.id, { roundId });
  if (chaired.length > 0) {
    const panels = filter.panelId ? chaired.filter((p) => p === filter.panelId) : chaired;
    return answer('panels', { panelId: { in: panels } });
  }
  if (roundSettings(round.settings).revealScoresAfterSubmit) {
    const mine = await prisma.scoreSheet.findMany({
      where: { roundId, expert: { userId: viewer.id }, state: { in: ['submitted', 'locked'] } },
      select: { itemId: true },
    });
    return answer('own', { itemId: { in: mine.map((s) => s.itemId) } });
  }
  return { version: round.liveVersion, results: [], visible: false, scope: 'none', exists: true };
}

// Group, then rank (unranked last), then name.
function sortRows(rows: ResultRow[]): ResultRow[] {
  return rows.sort(
    (a, b) =>
      (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      a.itemName.localeCompare(b.itemName, 'zh-CN'),
  );
}

/** Whether the viewer sees experts by name (the agency and the administrator). */
export function seesExpertNames(viewer: SessionUser): boolean {
  return viewer.roles.includes('agency') || viewer.roles.includes('admin');
}

export interface MatrixExpert {
  label: string;
  expertId?: string;
  state: 'draft' | 'submitted' | 'locked';
  absent: boolean;
  recused: boolean;
  scores: Record<string, number>;
  total: number | null;
  /** Only for viewers who may act on the item's panel. */
  sheetId?: string;
  reopenedReason?: string | null;
}

export interface ItemMatrix {
  itemId: string;
  itemName: string;
  panelId: string | null;
  experts: MatrixExpert[];
  criteria: { id: string; name: string; max: number; weight: number; group: string | null }[];
  result: ResultRow | null;
}

/**
 * The expert × criterion matrix of one item, for those who may see its scores (result:read, or the
 * chair of the item's panel); null otherwise or when there is no such item. Experts in the panel's
 * draw order, named for the agency and administrator, 专家A, 专家B… for everyone else. Scores of
 * drafts are never shown.
 */
export async function itemMatrix(
  roundId: string,
  itemId: string,
  viewer: SessionUser,
  /** Panels the viewer may act on (canManagePanel): their rows carry the sheet and expert ids. */
  manageable: ReadonlySet<string> = new Set(),
): Promise<ItemMatrix | null> {
  const item = await prisma.item.findUnique({
    where: { id: itemId },
    select: {
      id: true,
      name: true,
      roundId: true,
      round: { select: { scheme: { select: { id: true, version: true, definition: true } } } },
      assignments: { select: { panelId: true }, orderBy: { createdAt: 'asc' }, take: 1 },
    },
  });
  if (!item || item.roundId !== roundId) return null;
  const panelId = item.assignments[0]?.panelId ?? null;
  const allowed =
    hasPermission(viewer.roles, 'result:read') ||
    (panelId !== null && (await mayViewPanelScores(viewer, panelId)));
  if (!allowed) return null;
  const scheme = engineScheme(item.round.scheme);
  const [sheets, seats, result] = await Promise.all([
    prisma.scoreSheet.findMany({
      where: { itemId },
      select: {
        id: true,
        expertId: true,
        state: true,
        absent: true,
        recused: true,
        reopenedReason: true,
        scores: true,
        total: true,
        panelId: true,
        expert: { select: { name: true } },
      },
    }),
    panelId
      ? prisma.panelMember.findMany({ where: { panelId }, select: { expertId: true, drawOrder: true } })
      : Promise.resolve([]),
    itemResult(itemId),
  ]);
  const order = new Map(seats.map((s) => [s.expertId, s.drawOrder]));
  sheets.sort(
    (a, b) =>
      (order.get(a.expertId) ?? 1e9) - (order.get(b.expertId) ?? 1e9) || (a.expertId < b.expertId ? -1 : 1),
  );
  const named = seesExpertNames(viewer);
  const acts = panelId !== null && manageable.has(panelId);
  return {
    itemId: item.id,
    itemName: item.name,
    panelId,
    criteria: scheme.rubric.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      max: c.max,
      weight: c.weight ?? 1,
      group: c.group ?? null,
    })),
    experts: sheets.map((s, i) => {
      const shown = VALID_STATES.has(s.state) && !s.recused;
      return {
        label: named ? s.expert.name : expertPseudonym(i),
        ...(named || acts ? { expertId: s.expertId } : {}),
        // A chair acts on 专家A's sheet (reopen, absence) without learning the name.
        ...(acts ? { sheetId: s.id, reopenedReason: s.reopenedReason } : {}),
        state: s.state,
        absent: s.absent,
        recused: s.recused,
        scores: shown ? parseScores(s.scores) : {},
        total: shown && s.total !== null ? Number(s.total) : null,
      };
    }),
    result,
  };
}

/** Sheets submitted / expected in the round and per panel, from the stored Result rows. */
export async function liveProgress(roundId: string, client: Client = prisma): Promise<LiveProgress> {
  const [panels, sums] = await Promise.all([
    client.panel.findMany({ where: { roundId }, select: { id: true }, orderBy: { createdAt: 'asc' } }),
    client.result.groupBy({
      by: ['panelId'],
      where: { roundId },
      _sum: { submitted: true, expected: true },
    }),
  ]);
  const byPanel = new Map(sums.map((s) => [s.panelId, s._sum]));
  const rows = panels.map((p) => ({
    panelId: p.id,
    submitted: byPanel.get(p.id)?.submitted ?? 0,
    expected: byPanel.get(p.id)?.expected ?? 0,
  }));
  return {
    submitted: rows.reduce((t, r) => t + r.submitted, 0),
    expected: rows.reduce((t, r) => t + r.expected, 0),
    panels: rows,
  };
}
