// Defence sessions (集中答辩, issue 10): planning by the agency, the chair's commands, the snapshot
// every client of the room (console, tablets, big screen) renders. Every command runs in one
// transaction that first bumps the session's version where it still is the version the caller saw
// (optimistic: two chair tabs racing → exactly one wins, the other gets 409 and the current
// snapshot), applies the rule, audits `session.<command>`, and publishes `session.updated` to
// `session:<id>` only after the commit. Reopening sheets (复议) and locking go through the very same
// tx-level writes as the chair's powers in sheet.server.ts.
import type { DefenceSession, Prisma } from '@prisma/client';
import { z } from 'zod';
import { readRoundSettings } from '#app/utils/round-settings';
import { DEFAULTS } from '#scoring/defaults';
import { roundAllows } from '#scoring/round-states';
import { recordAudit } from '#app/models/audit.server';
import type { SessionUser } from '#app/models/auth.server';
import { engineScheme, itemMatrix } from '#app/models/result.server';
import { lockItemIn, reopenSheetIn } from '#app/models/sheet.server';
import { publishSessionUpdated } from '#app/realtime/publish.server';
import type { SessionPhase, SessionSnapshot } from '#app/realtime/events';
import { prisma, type Tx } from '#app/utils/db.server';
import { fieldErrorsOf } from '#app/utils/http.server';
import { fail, succeed, transactionOutcome, type Failure, type Outcome } from '#app/utils/outcome';
import { hasPermission } from '#app/utils/permissions';
import type { SlotTimings } from '#app/utils/session-clock';
import { getPreset } from '#seeds/presets/index';

export type { SlotTimings } from '#app/utils/session-clock';

type Client = Tx | typeof prisma;

// ---------- Input schemas ----------

export type SessionTimingsInput = {
  presentationSeconds?: number;
  qaSeconds?: number;
  scoringSeconds?: number;
  breaks?: { afterIndex: number; seconds: number }[];
};

const MIN_SECONDS = 60;
const MAX_SECONDS = 14_400;

const idSchema = (label: string) =>
  z
    .string({ error: `${label}应为字符串` })
    .min(1, { error: `${label}不能为空` })
    .max(64, { error: `${label}格式不正确` })
    .regex(/^[A-Za-z0-9_-]+$/, { error: `${label}格式不正确` });

const secondsSchema = (label: string) =>
  z
    .number({ error: `${label}应为秒数` })
    .int({ error: `${label}应为整数秒` })
    .min(MIN_SECONDS, { error: `${label}不少于 ${MIN_SECONDS} 秒` })
    .max(MAX_SECONDS, { error: `${label}不超过 ${MAX_SECONDS} 秒` });

const timingsSchema = z.strictObject(
  {
    presentationSeconds: secondsSchema('陈述时长').optional(),
    qaSeconds: secondsSchema('问答时长').optional(),
    scoringSeconds: secondsSchema('评分时长').optional(),
    breaks: z
      .array(
        z.strictObject({
          afterIndex: z
            .number({ error: '休息位置应为数字' })
            .int({ error: '休息位置应为整数' })
            .min(0, { error: '休息位置不能为负数' })
            .max(999, { error: '休息位置过大' }),
          seconds: secondsSchema('休息时长'),
        }),
        { error: '休息安排应为数组' },
      )
      .max(50, { error: '休息安排最多 50 段' })
      .optional(),
  },
  { error: '时间安排应为对象' },
);

const nameSchema = z
  .string({ error: '名称应为字符串' })
  .trim()
  .min(1, { error: '名称不能为空' })
  .max(100, { error: '名称不超过 100 字' });
const venueSchema = z
  .string({ error: '地点应为字符串' })
  .trim()
  .min(1, { error: '地点不能为空' })
  .max(200, { error: '地点不超过 200 字' });
const scheduledAtSchema = z.iso.datetime({
  offset: true,
  error: '时间应为 ISO 8601 格式，如 2026-12-04T09:00:00+08:00',
});
const orderSchema = z
  .array(idSchema('评审对象编号'), { error: '答辩顺序应为评审对象编号的数组' })
  .max(500, { error: '答辩顺序最多 500 个评审对象' });

export const createSessionSchema = z.strictObject(
  {
    name: nameSchema.nullable().optional(),
    venue: venueSchema.nullable().optional(),
    scheduledAt: scheduledAtSchema.nullable().optional(),
    order: orderSchema.optional(),
    timings: timingsSchema.optional(),
  },
  { error: '请求体应为对象' },
);

const versionSchema = z
  .number({ error: '请提供版本号 version' })
  .int({ error: '版本号应为整数' })
  .min(0, { error: '版本号应为非负整数' });

export const updateSessionSchema = z.strictObject(
  {
    version: versionSchema,
    name: nameSchema.nullable().optional(),
    venue: venueSchema.nullable().optional(),
    scheduledAt: scheduledAtSchema.nullable().optional(),
    order: orderSchema.optional(),
    timings: timingsSchema.optional(),
  },
  { error: '请求体应为对象' },
);

const command = <C extends string, S extends z.ZodRawShape>(name: C, shape: S) =>
  z.strictObject({ command: z.literal(name), version: versionSchema, ...shape });

export const sessionCommandSchema = z.discriminatedUnion(
  'command',
  [
    command('start', {}),
    command('check-in', { expertId: idSchema('专家编号 expertId') }),
    command('set-current', { itemId: idSchema('评审对象编号 itemId') }),
    command('start-phase', {
      phase: z.enum(['presentation', 'qa'], { error: '阶段 phase 应为 presentation（陈述）或 qa（问答）' }),
    }),
    command('pause', {}),
    command('resume', {}),
    command('extend', {
      seconds: z
        .number({ error: '延长时间 seconds 应为秒数' })
        .int({ error: '延长时间 seconds 应为整数秒' })
        .min(1, { error: '延长时间 seconds 至少 1 秒' })
        .max(3600, { error: '延长时间 seconds 不超过 3600 秒' }),
    }),
    command('open-scoring', {}),
    command('close-scoring', {}),
    command('request-rescore', {
      expertIds: z
        .array(idSchema('专家编号 expertIds'), { error: '专家 expertIds 应为专家编号的数组' })
        .min(1, { error: '请至少选择一位专家 expertIds' })
        .max(50, { error: '专家 expertIds 最多 50 位' }),
      reason: z
        .string({ error: '请填写复议理由 reason' })
        .trim()
        .min(1, { error: '请填写复议理由 reason' })
        .max(500, { error: '复议理由 reason 不超过 500 字' }),
    }),
    command('lock-item', {}),
    command('end', {}),
  ],
  {
    error:
      '未知的指令 command，应为 start、check-in、set-current、start-phase、pause、resume、extend、open-scoring、close-scoring、request-rescore、lock-item 或 end',
  },
);
export type SessionCommand = z.infer<typeof sessionCommandSchema>;

function badInput(error: z.ZodError, fallback: string): Failure {
  const fieldErrors = fieldErrorsOf(error);
  const first = Object.entries(fieldErrors)[0];
  if (!first) return fail(400, fallback, { fieldErrors });
  const [key, message] = first;
  // Name the field when the message does not already.
  const named = key === '_form' || message.includes(key) ? message : `${key}：${message}`;
  return fail(400, named, { fieldErrors });
}

// ---------- Stored JSON ----------

type StoredTimings = Partial<SlotTimings> & { breaks?: { afterIndex: number; seconds: number }[] };

function parseJson<T>(text: string, fallback: T): T {
  try {
    const v: unknown = JSON.parse(text);
    return (v ?? fallback) as T;
  } catch {
    return fallback;
  }
}

function readOrder(row: { order: string }): string[] {
  const v = parseJson<unknown>(row.order, []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function readCheckIns(row: { checkIns: string }): Record<string, string> {
  const v = parseJson<unknown>(row.checkIns, {});
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, t] of Object.entries(v)) if (typeof t === 'string') out[k] = t;
  return out;
}

function readTimers(row: { timers: string }): StoredTimings {
  const v = parseJson<unknown>(row.timers, {});
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as StoredTimings) : {};
}

/** One entry of the session's log (the summary's source). */
export type SessionLogEntry =
  | { at: string; type: 'start' | 'end' | 'pause' | 'resume'; itemId?: string | null }
  | { at: string; type: 'call'; itemId: string; previous: string | null }
  | { at: string; type: 'check-in'; expertId: string }
  | {
      at: string;
      type: 'phase';
      itemId: string | null;
      phase: SessionPhase;
      plannedSeconds: number;
      actualSeconds: number;
      overrunSeconds: number;
    }
  | { at: string; type: 'extend'; itemId: string | null; phase: SessionPhase; seconds: number }
  | { at: string; type: 'open-scoring' | 'close-scoring' | 'lock'; itemId: string }
  | { at: string; type: 'rescore'; itemId: string; expertIds: string[]; reason: string };

function readLog(row: { log: string }): SessionLogEntry[] {
  const v = parseJson<unknown>(row.log, []);
  return Array.isArray(v) ? (v as SessionLogEntry[]) : [];
}

// ---------- Timings ----------

const FALLBACK_TIMINGS: SlotTimings = {
  presentationSeconds: 15 * 60,
  qaSeconds: 10 * 60,
  scoringSeconds: 5 * 60,
};

/** The round's planned slot from its scheme's preset (sessionTimings, minutes), or 15/10/5 minutes. */
export function presetTimings(presetId: string | null | undefined): SlotTimings {
  const t = presetId ? getPreset(presetId)?.sessionTimings : undefined;
  if (!t) return { ...FALLBACK_TIMINGS };
  return {
    presentationSeconds: t.presentationMinutes * 60,
    qaSeconds: t.questionMinutes * 60,
    scoringSeconds: t.scoringMinutes * 60,
  };
}

function effectiveTimings(stored: StoredTimings, defaults: SlotTimings): SlotTimings {
  return {
    presentationSeconds: stored.presentationSeconds ?? defaults.presentationSeconds,
    qaSeconds: stored.qaSeconds ?? defaults.qaSeconds,
    scoringSeconds: stored.scoringSeconds ?? defaults.scoringSeconds,
  };
}

/** The planned breaks of a session (afterIndex positions in its order). */
export function sessionBreaks(row: { timers: string }): { afterIndex: number; seconds: number }[] {
  const b = readTimers(row).breaks;
  return Array.isArray(b) ? b : [];
}

// ---------- The snapshot ----------

const PANEL_SELECT = {
  id: true,
  name: true,
  roundId: true,
  quorum: true,
  state: true,
  round: {
    select: {
      id: true,
      name: true,
      state: true,
      settings: true,
      scheme: { select: { id: true, version: true, definition: true, presetId: true } },
    },
  },
  members: {
    where: { status: 'drawn', role: { in: ['chair', 'member'] } },
    select: { expertId: true, role: true, drawOrder: true, expert: { select: { name: true, userId: true } } },
    orderBy: { drawOrder: 'asc' },
  },
} as const satisfies Prisma.PanelSelect;

type PanelRow = Prisma.PanelGetPayload<{ select: typeof PANEL_SELECT }>;

function panelQuorum(panel: PanelRow): number {
  if (panel.quorum !== null) return panel.quorum;
  try {
    return engineScheme(panel.round.scheme).aggregation.quorum ?? DEFAULTS.quorum;
  } catch {
    return DEFAULTS.quorum;
  }
}

const VALID = new Set(['submitted', 'locked']);

/** The snapshot of a session row, read with `client` (inside a transaction: what it will commit). */
async function buildSnapshot(
  client: Client,
  row: DefenceSession,
  now: Date,
  panelRow?: PanelRow,
): Promise<SessionSnapshot> {
  const panel =
    panelRow ?? (await client.panel.findUniqueOrThrow({ where: { id: row.panelId }, select: PANEL_SELECT }));
  const order = readOrder(row);
  const ids = [...new Set([...order, ...(row.currentItemId ? [row.currentItemId] : [])])];
  const [items, results, sheets] = await Promise.all([
    client.item.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    client.result.findMany({
      where: { itemId: { in: ids } },
      select: {
        itemId: true,
        locked: true,
        submitted: true,
        expected: true,
        score: true,
        grade: true,
        finalGrade: true,
        provisional: true,
      },
    }),
    client.scoreSheet.findMany({
      where: { panelId: row.panelId, itemId: { in: ids }, recused: false, absent: false },
      select: { itemId: true, expertId: true, state: true },
    }),
  ]);
  const names = new Map(items.map((i) => [i.id, i.name]));
  const resultOf = new Map(results.map((r) => [r.itemId, r]));
  const sheetsOf = new Map<string, { expertId: string; state: string }[]>();
  for (const s of sheets) {
    const list = sheetsOf.get(s.itemId) ?? [];
    list.push(s);
    sheetsOf.set(s.itemId, list);
  }
  const isLocked = (itemId: string) => {
    if (resultOf.get(itemId)?.locked) return true;
    const list = sheetsOf.get(itemId) ?? [];
    return list.length > 0 && list.every((s) => s.state === 'locked');
  };
  const submissions: SessionSnapshot['submissions'] = {};
  for (const id of order) {
    const list = sheetsOf.get(id) ?? [];
    const r = resultOf.get(id);
    submissions[id] = r
      ? { submitted: r.submitted, expected: r.expected }
      : { submitted: list.filter((s) => VALID.has(s.state)).length, expected: list.length };
  }
  const currentSubmittedBy = row.currentItemId
    ? (sheetsOf.get(row.currentItemId) ?? [])
        .filter((s) => VALID.has(s.state))
        .map((s) => s.expertId)
        .sort()
    : [];

  let lockedResult: SessionSnapshot['lockedResult'] = null;
  if (readRoundSettings(panel.round.settings).screenShowsScores === true) {
    let target: string | null = row.currentItemId;
    if (!target) {
      const log = readLog(row);
      for (let i = log.length - 1; i >= 0; i--) {
        const e = log[i];
        if (e.type === 'lock') {
          target = e.itemId;
          break;
        }
      }
    }
    const r = target ? resultOf.get(target) : undefined;
    if (target && r && isLocked(target))
      lockedResult = {
        itemId: target,
        score: r.score === null ? null : Number(r.score),
        grade: r.finalGrade ?? r.grade,
        provisional: r.provisional,
      };
  }

  return {
    id: row.id,
    panelId: row.panelId,
    roundId: panel.roundId,
    name: row.name,
    venue: row.venue,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    state: row.state,
    currentItemId: row.currentItemId,
    currentItemName: row.currentItemId ? (names.get(row.currentItemId) ?? null) : null,
    phase: (row.phase as SessionPhase | null) ?? null,
    phaseEndsAt: row.phaseEndsAt?.toISOString() ?? null,
    phaseRemainingMs: row.phaseRemainingMs,
    phaseSeconds: row.phaseSeconds,
    serverNow: now.toISOString(),
    scoringOpen: row.scoringOpen,
    checkIns: readCheckIns(row),
    seated: panel.members.length,
    quorum: panelQuorum(panel),
    order,
    items: order.map((id) => ({
      id,
      name: names.get(id) ?? id,
      status: isLocked(id) ? 'locked' : id === row.currentItemId ? 'current' : 'pending',
    })),
    submissions,
    currentSubmittedBy,
    timings: effectiveTimings(readTimers(row), presetTimings(panel.round.scheme.presetId)),
    lockedResult,
    version: row.version,
  };
}

/** The snapshot, no access check (the screen socket, subscribe acks, internal use). */
export async function readSessionSnapshot(sessionId: string): Promise<SessionSnapshot | null> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId } });
  return row ? buildSnapshot(prisma, row, new Date()) : null;
}

// ---------- Access ----------

const NOT_FOUND = '答辩会不存在';
const FORBIDDEN = '只有该专家组的组长或评价机构可以主持答辩会';
const CLOSED = '答辩会已结束';
const STALE = '会话状态已更新，请按最新状态重试';

/** The agency (panel:manage), or the chair seat (drawn) of THAT session's panel. */
export async function canRunSession(user: SessionUser, sessionId: string): Promise<boolean> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId }, select: { panelId: true } });
  if (!row) return false;
  return canRunPanel(user, row.panelId);
}

async function canRunPanel(user: SessionUser, panelId: string): Promise<boolean> {
  if (user.mustChangePassword) return false;
  if (hasPermission(user.roles, 'panel:manage')) return true;
  const seat = await prisma.panelMember.count({
    where: { panelId, role: 'chair', status: 'drawn', expert: { userId: user.id } },
  });
  return seat > 0;
}

async function mayFollowPanel(user: SessionUser, panelId: string): Promise<boolean> {
  if (user.mustChangePassword) return false;
  if (hasPermission(user.roles, 'panel:manage') || hasPermission(user.roles, 'progress:read')) return true;
  const seat = await prisma.panelMember.count({
    where: { panelId, status: 'drawn', role: { in: ['chair', 'member'] }, expert: { userId: user.id } },
  });
  return seat > 0;
}

/** Seated members of the session's panel, the agency, the department (progress:read). */
export async function mayFollowSession(user: SessionUser, sessionId: string): Promise<boolean> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId }, select: { panelId: true } });
  if (!row) return false;
  return mayFollowPanel(user, row.panelId);
}

// ---------- Reading ----------

export async function getSession(
  viewer: SessionUser,
  sessionId: string,
): Promise<Outcome<{ session: SessionSnapshot }>> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId } });
  if (!row || !(await mayFollowPanel(viewer, row.panelId))) return fail(404, NOT_FOUND);
  return succeed({ session: await buildSnapshot(prisma, row, new Date()) });
}

export async function listPanelSessions(
  viewer: SessionUser,
  panelId: string,
): Promise<Outcome<{ sessions: SessionSnapshot[] }>> {
  const panel = await prisma.panel.findUnique({ where: { id: panelId }, select: PANEL_SELECT });
  if (!panel || !(await mayFollowPanel(viewer, panelId))) return fail(404, '专家组不存在');
  const rows = await prisma.defenceSession.findMany({
    where: { panelId },
    orderBy: [{ scheduledAt: 'asc' }, { createdAt: 'asc' }],
  });
  const now = new Date();
  return succeed({ sessions: await Promise.all(rows.map((r) => buildSnapshot(prisma, r, now, panel))) });
}

export async function listRoundSessions(
  viewer: SessionUser,
  roundId: string,
): Promise<
  Outcome<{
    panels: {
      panelId: string;
      panelName: string;
      items: { id: string; name: string; applicant: string | null }[];
      defaultTimings: SlotTimings;
      sessions: SessionSnapshot[];
    }[];
  }>
> {
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: { id: true, scheme: { select: { presetId: true } } },
  });
  if (!round || viewer.mustChangePassword) return fail(404, '评审工作不存在');
  const seesAll = hasPermission(viewer.roles, 'panel:manage') || hasPermission(viewer.roles, 'progress:read');
  const panels = await prisma.panel.findMany({
    where: {
      roundId,
      ...(seesAll
        ? {}
        : {
            members: {
              some: { status: 'drawn', role: { in: ['chair', 'member'] }, expert: { userId: viewer.id } },
            },
          }),
    },
    select: {
      ...PANEL_SELECT,
      assignments: {
        select: { itemId: true, item: { select: { name: true, organisation: { select: { name: true } } } } },
        orderBy: [{ order: 'asc' }, { createdAt: 'asc' }],
      },
      sessions: { orderBy: [{ scheduledAt: 'asc' }, { createdAt: 'asc' }] },
    },
    orderBy: { createdAt: 'asc' },
  });
  if (!seesAll && panels.length === 0) return fail(404, '评审工作不存在');
  const defaults = presetTimings(round.scheme.presetId);
  const now = new Date();
  return succeed({
    panels: await Promise.all(
      panels.map(async (p) => ({
        panelId: p.id,
        panelName: p.name,
        items: p.assignments.map((a) => ({
          id: a.itemId,
          name: a.item.name,
          applicant: a.item.organisation?.name ?? null,
        })),
        defaultTimings: defaults,
        sessions: await Promise.all(p.sessions.map((s) => buildSnapshot(prisma, s, now, p))),
      })),
    ),
  });
}

// ---------- Planning ----------

/** Rounds whose sessions may still be planned or run: up to and including 专家评审. */
function plannable(roundState: string): boolean {
  return ['draft', 'importing', 'reviewing', 'scoring'].includes(roundState);
}

async function checkOrder(client: Client, panelId: string, order: string[]): Promise<Failure | null> {
  const seen = new Set<string>();
  for (const id of order) {
    if (seen.has(id))
      return fail(400, `答辩顺序 order 中评审对象重复：${id}`, { fieldErrors: { order: '评审对象重复' } });
    seen.add(id);
  }
  const assigned = await client.assignment.findMany({
    where: { panelId, itemId: { in: order } },
    select: { itemId: true },
  });
  const ok = new Set(assigned.map((a) => a.itemId));
  const stray = order.find((id) => !ok.has(id));
  if (stray)
    return fail(400, `答辩顺序 order 中的评审对象未分配给该专家组：${stray}`, {
      fieldErrors: { order: '含未分配给该专家组的评审对象' },
    });
  return null;
}

function cleanTimings(t: z.infer<typeof timingsSchema> | undefined): StoredTimings {
  if (!t) return {};
  const out: StoredTimings = {};
  if (t.presentationSeconds !== undefined) out.presentationSeconds = t.presentationSeconds;
  if (t.qaSeconds !== undefined) out.qaSeconds = t.qaSeconds;
  if (t.scoringSeconds !== undefined) out.scoringSeconds = t.scoringSeconds;
  if (t.breaks !== undefined) out.breaks = t.breaks;
  return out;
}

export async function createSession(
  actor: SessionUser,
  panelId: string,
  input: unknown,
): Promise<Outcome<{ session: SessionSnapshot }>> {
  const exists = await prisma.panel.count({ where: { id: panelId } });
  if (exists === 0) return fail(404, '专家组不存在');
  if (!hasPermission(actor.roles, 'panel:manage')) return fail(403, '只有评价机构可以安排答辩会');
  const now = new Date();
  const created = await transactionOutcome(prisma, (tx) => createSessionIn(tx, actor.id, panelId, input));
  if (!created.ok) return created;
  const session = await buildSnapshot(prisma, created.row, now);
  publishSessionUpdated(session);
  return succeed({ session });
}

/**
 * Plans a session inside the caller's transaction (createSession; the demo seed): validates the
 * input, the panel (drawn), the round (scoring or before) and the order (the panel's assigned items,
 * no duplicates; default: all of them in assignment order), writes and audits it. The caller has
 * checked that `actorId` may (panel:manage).
 */
export async function createSessionIn(
  tx: Tx,
  actorId: string | null,
  panelId: string,
  input: unknown,
): Promise<Outcome<{ row: DefenceSession }>> {
  const panel = await tx.panel.findUnique({
    where: { id: panelId },
    select: {
      ...PANEL_SELECT,
      assignments: { select: { itemId: true }, orderBy: [{ order: 'asc' }, { createdAt: 'asc' }] },
    },
  });
  if (!panel) return fail(404, '专家组不存在');
  const parsed = createSessionSchema.safeParse(input);
  if (!parsed.success) return badInput(parsed.error, '答辩会格式不正确');
  const data = parsed.data;
  if (panel.members.length === 0 || panel.state === 'draft')
    return fail(409, '该专家组尚未抽取专家，不能安排答辩会');
  if (panel.state === 'closed') return fail(409, '该专家组已结束，不能安排答辩会');
  if (!plannable(panel.round.state)) return fail(409, '评审工作已过专家评审阶段，不能安排答辩会');
  const order = data.order ?? panel.assignments.map((a) => a.itemId);
  const bad = await checkOrder(tx, panelId, order);
  if (bad) return bad;
  const timers = cleanTimings(data.timings);
  const row = await tx.defenceSession.create({
    data: {
      panelId,
      name: data.name ?? null,
      venue: data.venue ?? null,
      scheduledAt: data.scheduledAt ? new Date(data.scheduledAt) : null,
      order: JSON.stringify(order),
      timers: JSON.stringify(timers),
    },
  });
  await recordAudit(tx, {
    actorId,
    action: 'session.create',
    entity: 'DefenceSession',
    entityId: row.id,
    after: {
      panelId,
      name: row.name,
      venue: row.venue,
      scheduledAt: data.scheduledAt ?? null,
      order,
      timings: timers,
    },
  });
  return succeed({ row });
}

/** Items already called in the session (the current one and every one called before). */
function calledItems(row: DefenceSession): Set<string> {
  const called = new Set<string>();
  for (const e of readLog(row)) if (e.type === 'call') called.add(e.itemId);
  if (row.currentItemId) called.add(row.currentItemId);
  return called;
}

export async function updateSession(
  actor: SessionUser,
  sessionId: string,
  input: unknown,
): Promise<Outcome<{ session: SessionSnapshot }, { session?: SessionSnapshot }>> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId } });
  if (!row || !(await mayFollowPanel(actor, row.panelId))) return fail(404, NOT_FOUND);
  if (!hasPermission(actor.roles, 'panel:manage')) return fail(403, '只有评价机构可以修改答辩安排');
  const parsed = updateSessionSchema.safeParse(input);
  if (!parsed.success) return badInput(parsed.error, '答辩安排格式不正确');
  const data = parsed.data;
  if (row.state === 'closed') return fail(409, CLOSED);
  const oldOrder = readOrder(row);
  if (row.state !== 'scheduled') {
    if (data.scheduledAt !== undefined || data.timings !== undefined)
      return fail(409, '答辩会已开始，只能修改名称、地点和尚未开始的评审对象的顺序');
    if (data.order) {
      const same =
        data.order.length === oldOrder.length &&
        [...data.order].sort().join() === [...oldOrder].sort().join();
      if (!same) return fail(409, '答辩会已开始，只能调整尚未开始的评审对象的顺序，不能增删');
      const called = calledItems(row);
      const moved = oldOrder.find((id, i) => called.has(id) && data.order![i] !== id);
      if (moved) return fail(409, '已开始答辩的评审对象不能调整顺序');
    }
  }
  if (data.order) {
    const bad = await checkOrder(prisma, row.panelId, data.order);
    if (bad) return bad;
  }
  const timers =
    data.timings !== undefined ? { ...readTimers(row), ...cleanTimings(data.timings) } : undefined;
  const now = new Date();
  const result = await transactionOutcome(prisma, async (tx) => {
    const bumped = await tx.defenceSession.updateMany({
      where: { id: sessionId, version: data.version, state: row.state },
      data: {
        version: { increment: 1 },
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.venue !== undefined ? { venue: data.venue } : {}),
        ...(data.scheduledAt !== undefined
          ? { scheduledAt: data.scheduledAt ? new Date(data.scheduledAt) : null }
          : {}),
        ...(data.order !== undefined ? { order: JSON.stringify(data.order) } : {}),
        ...(timers !== undefined ? { timers: JSON.stringify(timers) } : {}),
      },
    });
    if (bumped.count === 0) return fail(409, STALE);
    const { version: _v, ...changes } = data;
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'session.update',
      entity: 'DefenceSession',
      entityId: sessionId,
      before: {
        name: row.name,
        venue: row.venue,
        scheduledAt: row.scheduledAt?.toISOString() ?? null,
        order: oldOrder,
        timings: readTimers(row),
      },
      after: changes,
    });
    const fresh = await tx.defenceSession.findUniqueOrThrow({ where: { id: sessionId } });
    return succeed({ session: await buildSnapshot(tx, fresh, now) });
  });
  if (!result.ok) {
    if (result.status === 409) {
      const current = await readSessionSnapshot(sessionId);
      return { ...result, ...(current ? { session: current } : {}) };
    }
    return result;
  }
  publishSessionUpdated(result.session);
  return result;
}

export async function deleteSession(
  actor: SessionUser,
  sessionId: string,
  version: number,
): Promise<Outcome<{ deleted: true }>> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId } });
  if (!row || !(await mayFollowPanel(actor, row.panelId))) return fail(404, NOT_FOUND);
  if (!hasPermission(actor.roles, 'panel:manage')) return fail(403, '只有评价机构可以删除答辩会');
  if (!Number.isInteger(version))
    return fail(400, '请提供版本号 version', { fieldErrors: { version: '请提供版本号' } });
  if (row.state !== 'scheduled') return fail(409, '答辩会已开始，不能删除');
  return transactionOutcome(prisma, async (tx) => {
    const gone = await tx.defenceSession.deleteMany({
      where: { id: sessionId, version, state: 'scheduled' },
    });
    if (gone.count === 0) return fail(409, STALE);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'session.delete',
      entity: 'DefenceSession',
      entityId: sessionId,
      before: {
        panelId: row.panelId,
        name: row.name,
        scheduledAt: row.scheduledAt?.toISOString() ?? null,
        order: readOrder(row),
      },
    });
    return succeed({ deleted: true as const });
  });
}

// ---------- Commands ----------

type Change = Partial<{
  state: DefenceSession['state'];
  currentItemId: string | null;
  checkIns: string;
  scoringOpen: boolean;
  phase: string | null;
  phaseStartedAt: Date | null;
  phaseEndsAt: Date | null;
  phaseRemainingMs: number | null;
  phaseSeconds: number | null;
  startedAt: Date;
  endedAt: Date;
}>;

/** What is left of the phase at `now` (ms; negative: overrun), or null with no phase. */
function leftMs(row: DefenceSession, now: Date): number | null {
  if (!row.phase) return null;
  if (row.phaseRemainingMs !== null) return row.phaseRemainingMs;
  if (!row.phaseEndsAt) return null;
  return row.phaseEndsAt.getTime() - now.getTime();
}

/** The running phase ends now: its record for the log (planned, actual, overrun seconds). */
function phaseEnded(row: DefenceSession, now: Date): SessionLogEntry | null {
  const left = leftMs(row, now);
  if (!row.phase || left === null || row.phaseSeconds === null) return null;
  const overrunSeconds = Math.max(0, Math.round(-left / 1000));
  return {
    at: now.toISOString(),
    type: 'phase',
    itemId: row.currentItemId,
    phase: row.phase as SessionPhase,
    plannedSeconds: row.phaseSeconds,
    actualSeconds: Math.max(0, Math.round((row.phaseSeconds * 1000 - left) / 1000)),
    overrunSeconds,
  };
}

const CLEAR_PHASE: Change = {
  phase: null,
  phaseStartedAt: null,
  phaseEndsAt: null,
  phaseRemainingMs: null,
  phaseSeconds: null,
};

type Applied = {
  change: Change;
  log: SessionLogEntry[];
  details: Record<string, unknown>;
  publish?: (() => void)[];
};

async function applyCommand(
  tx: Tx,
  actor: SessionUser,
  row: DefenceSession,
  panel: PanelRow,
  cmd: SessionCommand,
  now: Date,
): Promise<Applied | Failure> {
  const at = now.toISOString();
  const order = readOrder(row);
  const live = row.state === 'live';
  const running = row.state === 'live' || row.state === 'paused';
  const needCurrent = () => (row.currentItemId ? null : fail(409, '请先叫号（选择当前评审对象）'));
  switch (cmd.command) {
    case 'start': {
      if (row.state !== 'scheduled') return fail(409, '答辩会已开始');
      if (!roundAllows(panel.round.state, 'score'))
        return fail(409, '评审工作尚未开始专家评审，不能开始答辩会');
      return { change: { state: 'live', startedAt: now }, log: [{ at, type: 'start' }], details: {} };
    }
    case 'check-in': {
      const seat = panel.members.find((m) => m.expertId === cmd.expertId);
      if (!seat) return fail(409, '该专家不在本专家组中，不能签到');
      const checkIns = readCheckIns(row);
      if (checkIns[cmd.expertId])
        return { change: {}, log: [], details: { expertId: cmd.expertId, already: true } };
      checkIns[cmd.expertId] = at;
      return {
        change: { checkIns: JSON.stringify(checkIns) },
        log: [{ at, type: 'check-in', expertId: cmd.expertId }],
        details: { expertId: cmd.expertId, name: seat.expert.name },
      };
    }
    case 'set-current': {
      if (!running) return fail(409, '答辩会尚未开始');
      if (!order.includes(cmd.itemId)) return fail(409, '该评审对象不在本场答辩顺序中');
      if (cmd.itemId === row.currentItemId) return fail(409, '该评审对象已是当前答辩对象');
      const ended = phaseEnded(row, now);
      return {
        change: { currentItemId: cmd.itemId, scoringOpen: false, ...CLEAR_PHASE },
        log: [
          ...(ended ? [ended] : []),
          { at, type: 'call', itemId: cmd.itemId, previous: row.currentItemId },
        ],
        details: { itemId: cmd.itemId, previous: row.currentItemId, ...(ended ? { endedPhase: ended } : {}) },
      };
    }
    case 'start-phase': {
      if (!running) return fail(409, '答辩会尚未开始');
      if (!live) return fail(409, '答辩会已暂停，请先继续');
      const missing = needCurrent();
      if (missing) return missing;
      const timings = effectiveTimings(readTimers(row), presetTimings(panel.round.scheme.presetId));
      const seconds = cmd.phase === 'presentation' ? timings.presentationSeconds : timings.qaSeconds;
      const ended = phaseEnded(row, now);
      return {
        change: {
          phase: cmd.phase,
          phaseStartedAt: now,
          phaseSeconds: seconds,
          phaseEndsAt: new Date(now.getTime() + seconds * 1000),
          phaseRemainingMs: null,
        },
        log: ended ? [ended] : [],
        details: {
          itemId: row.currentItemId,
          phase: cmd.phase,
          seconds,
          ...(ended ? { endedPhase: ended } : {}),
        },
      };
    }
    case 'pause': {
      if (row.state === 'paused') return fail(409, '答辩会已暂停');
      if (!live) return fail(409, '答辩会尚未开始');
      const left = row.phase && row.phaseEndsAt ? row.phaseEndsAt.getTime() - now.getTime() : null;
      return {
        change: { state: 'paused', ...(left !== null ? { phaseRemainingMs: left, phaseEndsAt: null } : {}) },
        log: [{ at, type: 'pause', itemId: row.currentItemId }],
        details: { phase: row.phase, remainingMs: left },
      };
    }
    case 'resume': {
      if (row.state !== 'paused') return fail(409, '答辩会未暂停');
      const left = row.phase ? row.phaseRemainingMs : null;
      return {
        change: {
          state: 'live',
          ...(left !== null
            ? { phaseEndsAt: new Date(now.getTime() + left), phaseRemainingMs: null, phaseStartedAt: now }
            : {}),
        },
        log: [{ at, type: 'resume', itemId: row.currentItemId }],
        details: { phase: row.phase, remainingMs: left },
      };
    }
    case 'extend': {
      if (!running) return fail(409, '答辩会尚未开始');
      if (!row.phase || row.phaseSeconds === null) return fail(409, '当前没有计时中的阶段，不能延长');
      const ms = cmd.seconds * 1000;
      return {
        change: {
          phaseSeconds: row.phaseSeconds + cmd.seconds,
          ...(row.phaseRemainingMs !== null
            ? { phaseRemainingMs: row.phaseRemainingMs + ms }
            : { phaseEndsAt: new Date(row.phaseEndsAt!.getTime() + ms) }),
        },
        log: [
          {
            at,
            type: 'extend',
            itemId: row.currentItemId,
            phase: row.phase as SessionPhase,
            seconds: cmd.seconds,
          },
        ],
        details: { phase: row.phase, seconds: cmd.seconds },
      };
    }
    case 'open-scoring': {
      if (!live) return fail(409, row.state === 'paused' ? '答辩会已暂停，请先继续' : '答辩会尚未开始');
      const missing = needCurrent();
      if (missing) return missing;
      if (row.scoringOpen) return fail(409, '本项目评分已开放');
      const locked = await tx.result.count({ where: { itemId: row.currentItemId!, locked: true } });
      if (locked > 0) return fail(409, '该评审对象已锁定，不能再开放评分');
      const ended = phaseEnded(row, now);
      return {
        change: { scoringOpen: true, ...CLEAR_PHASE },
        log: [...(ended ? [ended] : []), { at, type: 'open-scoring', itemId: row.currentItemId! }],
        details: { itemId: row.currentItemId, ...(ended ? { endedPhase: ended } : {}) },
      };
    }
    case 'close-scoring': {
      if (!running) return fail(409, '答辩会尚未开始');
      const missing = needCurrent();
      if (missing) return missing;
      if (!row.scoringOpen) return fail(409, '本项目评分未开放');
      return {
        change: { scoringOpen: false },
        log: [{ at, type: 'close-scoring', itemId: row.currentItemId! }],
        details: { itemId: row.currentItemId },
      };
    }
    case 'request-rescore': {
      if (!running) return fail(409, '答辩会尚未开始');
      const missing = needCurrent();
      if (missing) return missing;
      const expertIds = [...new Set(cmd.expertIds)];
      const sheets = await tx.scoreSheet.findMany({
        where: { panelId: row.panelId, itemId: row.currentItemId!, expertId: { in: expertIds } },
        select: {
          id: true,
          expertId: true,
          state: true,
          recused: true,
          absent: true,
          expert: { select: { name: true } },
        },
      });
      const publish: (() => void)[] = [];
      for (const expertId of expertIds) {
        const sheet = sheets.find((s) => s.expertId === expertId);
        if (!sheet || sheet.recused || sheet.absent)
          return fail(409, `专家 ${expertId} 没有本评审对象的有效评分表`);
        if (sheet.state === 'locked') return fail(409, '该评审对象已锁定，须先由评价机构解锁');
        if (sheet.state !== 'submitted') return fail(409, `${sheet.expert.name} 尚未提交评分，无需复议`);
        const r = await reopenSheetIn(tx, actor, sheet.id, cmd.reason);
        if (!r.ok) return r;
        publish.push(r.publish);
      }
      return {
        // The experts asked to reconsider can submit again: scoring is open for the item.
        change: { scoringOpen: true },
        log: [{ at, type: 'rescore', itemId: row.currentItemId!, expertIds, reason: cmd.reason }],
        details: {
          itemId: row.currentItemId,
          expertIds,
          reason: cmd.reason,
          sheets: sheets.map((s) => s.id),
        },
        publish,
      };
    }
    case 'lock-item': {
      if (!running) return fail(409, '答辩会尚未开始');
      const missing = needCurrent();
      if (missing) return missing;
      if (!roundAllows(panel.round.state, 'score')) return fail(409, '评审工作不在专家评审阶段，不能锁定');
      const r = await lockItemIn(tx, actor, panel.roundId, row.panelId, row.currentItemId!);
      if (!r.ok) return r;
      const ended = phaseEnded(row, now);
      return {
        change: { scoringOpen: false, ...CLEAR_PHASE },
        log: [...(ended ? [ended] : []), { at, type: 'lock', itemId: row.currentItemId! }],
        details: { itemId: row.currentItemId, locked: r.locked },
        publish: [r.publish],
      };
    }
    case 'end': {
      if (!running) return fail(409, '答辩会尚未开始');
      const ended = phaseEnded(row, now);
      return {
        change: { state: 'closed', endedAt: now, scoringOpen: false, ...CLEAR_PHASE },
        log: [...(ended ? [ended] : []), { at, type: 'end', itemId: row.currentItemId }],
        details: { itemId: row.currentItemId },
      };
    }
  }
}

/**
 * One chair's (or the agency's) command. `options.now` is the server clock (tests pass their own;
 * production reads the system clock once per command).
 */
export async function runCommand(
  actor: SessionUser,
  sessionId: string,
  body: unknown,
  options: { now?: () => Date } = {},
): Promise<Outcome<{ session: SessionSnapshot }, { session?: SessionSnapshot }>> {
  const row0 = await prisma.defenceSession.findUnique({
    where: { id: sessionId },
    select: { panelId: true },
  });
  if (!row0) return fail(404, NOT_FOUND);
  // The contract (issue 10 §5): anyone but that panel's chair or the agency is refused with 403.
  if (!(await canRunPanel(actor, row0.panelId))) return fail(403, FORBIDDEN);
  const parsed = sessionCommandSchema.safeParse(body);
  if (!parsed.success) return badInput(parsed.error, '指令格式不正确');
  const cmd = parsed.data;
  const clock = options.now ?? (() => new Date());
  const publishers: (() => void)[] = [];
  const result = await transactionOutcome(prisma, async (tx) => {
    const now = clock();
    const row = await tx.defenceSession.findUnique({ where: { id: sessionId } });
    if (!row) return fail(404, NOT_FOUND);
    if (row.state === 'closed') return fail(409, CLOSED);
    // Claim the version first: a racing command with the same version finds nothing to update.
    const claimed = await tx.defenceSession.updateMany({
      where: { id: sessionId, version: cmd.version },
      data: { version: { increment: 1 } },
    });
    if (claimed.count === 0) return fail(409, STALE);
    const panel = await tx.panel.findUniqueOrThrow({ where: { id: row.panelId }, select: PANEL_SELECT });
    const applied = await applyCommand(tx, actor, row, panel, cmd, now);
    if ('ok' in applied) return applied;
    const log = applied.log.length > 0 ? JSON.stringify([...readLog(row), ...applied.log]) : undefined;
    const fresh = await tx.defenceSession.update({
      where: { id: sessionId },
      data: { ...applied.change, ...(log ? { log } : {}) },
    });
    const { version: _v, command: _c, ...args } = cmd as SessionCommand & Record<string, unknown>;
    await recordAudit(tx, {
      actorId: actor.id,
      action: `session.${cmd.command}`,
      entity: 'DefenceSession',
      entityId: sessionId,
      before: {
        state: row.state,
        currentItemId: row.currentItemId,
        phase: row.phase,
        scoringOpen: row.scoringOpen,
        version: row.version,
      },
      after: { ...args, ...applied.details, state: fresh.state, version: fresh.version },
    });
    publishers.push(...(applied.publish ?? []));
    return succeed({ session: await buildSnapshot(tx, fresh, now, panel) });
  });
  if (!result.ok) {
    if (result.status === 409) {
      const current = await readSessionSnapshot(sessionId);
      return { ...result, ...(current ? { session: current } : {}) };
    }
    return result;
  }
  for (const p of publishers) p();
  publishSessionUpdated(result.session);
  return result;
}

// ---------- The console, the summary, the tablets ----------

type SheetStateCurrent = 'draft' | 'submitted' | 'locked' | 'recused' | 'absent' | null;

export async function sessionConsole(
  viewer: SessionUser,
  sessionId: string,
): Promise<
  Outcome<{
    session: SessionSnapshot;
    canRun: boolean;
    isAgency: boolean;
    round: { id: string; name: string };
    panel: { id: string; name: string };
    experts: {
      expertId: string;
      name: string;
      role: 'chair' | 'member';
      checkedInAt: string | null;
      submittedCurrent: boolean;
      sheetStateCurrent: 'draft' | 'submitted' | 'locked' | 'recused' | 'absent' | null;
    }[];
    current: {
      itemId: string;
      flags: string[];
      matrix: Awaited<ReturnType<typeof itemMatrix>> | null;
    } | null;
  }>
> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId } });
  if (!row || !(await mayFollowPanel(viewer, row.panelId))) return fail(404, NOT_FOUND);
  const panel = await prisma.panel.findUniqueOrThrow({ where: { id: row.panelId }, select: PANEL_SELECT });
  const session = await buildSnapshot(prisma, row, new Date(), panel);
  const canRun = await canRunPanel(viewer, row.panelId);
  const sheets = row.currentItemId
    ? await prisma.scoreSheet.findMany({
        where: { panelId: row.panelId, itemId: row.currentItemId },
        select: { expertId: true, state: true, recused: true, absent: true },
      })
    : [];
  const experts = panel.members.map((m) => {
    const s = sheets.find((x) => x.expertId === m.expertId);
    const sheetState: SheetStateCurrent = !s ? null : s.recused ? 'recused' : s.absent ? 'absent' : s.state;
    return {
      expertId: m.expertId,
      name: m.expert.name,
      role: m.role === 'chair' ? ('chair' as const) : ('member' as const),
      checkedInAt: (session.checkIns[m.expertId] as string | undefined) ?? null,
      submittedCurrent: sheetState === 'submitted' || sheetState === 'locked',
      sheetStateCurrent: sheetState,
    };
  });
  let current = null;
  if (row.currentItemId) {
    const result = await prisma.result.findUnique({
      where: { itemId: row.currentItemId },
      select: { flags: true },
    });
    const flags = result ? parseJson<unknown>(result.flags, []) : [];
    const matrix = row.scoringOpen
      ? null
      : await itemMatrix(panel.roundId, row.currentItemId, viewer, new Set(canRun ? [row.panelId] : []));
    current = {
      itemId: row.currentItemId,
      flags: Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string') : [],
      matrix,
    };
  }
  return succeed({
    session,
    canRun,
    isAgency: hasPermission(viewer.roles, 'panel:manage'),
    round: { id: panel.round.id, name: panel.round.name },
    panel: { id: panel.id, name: panel.name },
    experts,
    current,
  });
}

export async function sessionSummary(
  viewer: SessionUser,
  sessionId: string,
): Promise<
  Outcome<{
    summary: {
      itemsScored: number;
      itemsTotal: number;
      absentExperts: { expertId: string; name: string }[];
      reopenedSheets: { itemId: string; itemName: string; expertName: string; reason: string }[];
      overruns: { itemId: string; itemName: string; phase: 'presentation' | 'qa'; overrunSeconds: number }[];
    };
  }>
> {
  const row = await prisma.defenceSession.findUnique({ where: { id: sessionId } });
  if (!row || !(await mayFollowPanel(viewer, row.panelId))) return fail(404, NOT_FOUND);
  const panel = await prisma.panel.findUniqueOrThrow({ where: { id: row.panelId }, select: PANEL_SELECT });
  const snapshot = await buildSnapshot(prisma, row, new Date(), panel);
  const names = new Map(snapshot.items.map((i) => [i.id, i.name]));
  const expertName = new Map(panel.members.map((m) => [m.expertId, m.expert.name]));
  const log = readLog(row);
  const reopenedSheets: { itemId: string; itemName: string; expertName: string; reason: string }[] = [];
  const overruns: {
    itemId: string;
    itemName: string;
    phase: 'presentation' | 'qa';
    overrunSeconds: number;
  }[] = [];
  for (const e of log) {
    if (e.type === 'rescore')
      for (const id of e.expertIds)
        reopenedSheets.push({
          itemId: e.itemId,
          itemName: names.get(e.itemId) ?? e.itemId,
          expertName: expertName.get(id) ?? id,
          reason: e.reason,
        });
    if (e.type === 'phase' && e.overrunSeconds > 0 && e.itemId)
      overruns.push({
        itemId: e.itemId,
        itemName: names.get(e.itemId) ?? e.itemId,
        phase: e.phase,
        overrunSeconds: e.overrunSeconds,
      });
  }
  return succeed({
    summary: {
      itemsScored: snapshot.items.filter((i) => i.status === 'locked').length,
      itemsTotal: snapshot.items.length,
      absentExperts: panel.members
        .filter((m) => !snapshot.checkIns[m.expertId])
        .map((m) => ({ expertId: m.expertId, name: m.expert.name })),
      reopenedSheets,
      overruns,
    },
  });
}

/** The live or paused session of a panel this expert (by user) sits on, with their current sheet. */
export async function activeSessionForExpert(
  userId: string,
): Promise<{ sessionId: string; currentItemId: string | null; currentSheetId: string | null } | null> {
  const expert = await prisma.expert.findUnique({ where: { userId }, select: { id: true } });
  if (!expert) return null;
  const session = await prisma.defenceSession.findFirst({
    where: {
      state: { in: ['live', 'paused'] },
      panel: {
        members: { some: { expertId: expert.id, status: 'drawn', role: { in: ['chair', 'member'] } } },
      },
    },
    orderBy: [{ startedAt: 'desc' }, { createdAt: 'desc' }],
    select: { id: true, panelId: true, currentItemId: true },
  });
  if (!session) return null;
  const sheet = session.currentItemId
    ? await prisma.scoreSheet.findFirst({
        where: { itemId: session.currentItemId, expertId: expert.id, panelId: session.panelId },
        select: { id: true },
      })
    : null;
  return { sessionId: session.id, currentItemId: session.currentItemId, currentSheetId: sheet?.id ?? null };
}
