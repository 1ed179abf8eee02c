// The real-time contract (docs/realtime.md, issue 9 §5): event names and payloads, declared once,
// typed and validated with zod on both sides. Shared by the server (app/realtime/*.server.ts,
// server/index.ts) and the browser (the live hooks), so it must stay free of server imports.
import { z } from 'zod';

export const EVENTS = {
  /** client → server, with an acknowledgement: join a room after a permission check. */
  subscribe: 'subscribe',
  /** client → server: leave a room. */
  unsubscribe: 'unsubscribe',
  /** server → room: an item's result or progress changed (after the transaction committed). */
  resultUpdated: 'result.updated',
  /** server → one expert: their sheet changed under them (reopened by the chair, locked, unlocked). */
  sheetUpdated: 'sheet.updated',
  /** server → `session:<id>`: the defence session's snapshot after every command (issue 10 §5). */
  sessionUpdated: 'session.updated',
} as const;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, { error: '编号格式不正确' });

/** `round:<id>`, `panel:<id>` or `session:<id>` (a defence session, issue 10). */
export const roomSchema = z.string().regex(/^(round|panel|session):[A-Za-z0-9_-]{1,64}$/, {
  error: '房间格式应为 round:<编号>、panel:<编号> 或 session:<编号>',
});
export type Room = `round:${string}` | `panel:${string}` | `session:${string}`;

export const subscribeSchema = z.strictObject({
  room: roomSchema,
  since: z.number().int().min(0).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeSchema>;

/** One item's result as the API and the sockets carry it (`GET /api/v1/rounds/:id/results`). */
export const resultRowSchema = z.object({
  itemId: id,
  itemName: z.string(),
  group: z.string(),
  panelId: id.nullable(),
  score: z.number().nullable(), // the scheme's decimals, as the CLI writes it
  grade: z.string().nullable(),
  rank: z.number().int().nullable(),
  status: z.enum(['graded', 'incomplete']),
  experts: z.number().int(), // valid sheets counted
  submitted: z.number().int(), // sheets submitted or locked
  expected: z.number().int(), // sheets expected (seated, not recused, not absent)
  flags: z.array(z.string()), // 'spread' 分差过大, 'quorum' 未达法定人数, 'vetoed' 一票否决
  provisional: z.boolean(),
  locked: z.boolean(),
  version: z.number().int(),
});
export type ResultRow = z.infer<typeof resultRowSchema>;

/** Sheets submitted / expected, per round and per panel (the progress board's numbers). */
export const progressSchema = z.object({
  submitted: z.number().int(),
  expected: z.number().int(),
  panels: z.array(z.object({ panelId: id, submitted: z.number().int(), expected: z.number().int() })),
});
export type LiveProgress = z.infer<typeof progressSchema>;

/** The phases a chair times (陈述, 问答). */
export const sessionPhaseSchema = z.enum(['presentation', 'qa']);
export type SessionPhase = z.infer<typeof sessionPhaseSchema>;

/**
 * A defence session's snapshot (`GET /api/v1/sessions/:id`, every command's answer, the
 * `subscribe` ack for `session:<id>` and every `session.updated`). The same for everyone in the
 * room (experts, chair, agency, the big screen): it names no expert's scores; `lockedResult` is
 * present only when the round allows the screen to show scores (settings.screenShowsScores).
 * Times are ISO instants of the server's clock; clients correct by `serverNow` minus their own now.
 */
export const sessionSnapshotSchema = z.object({
  id,
  panelId: id,
  roundId: id,
  name: z.string().nullable(),
  venue: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  state: z.enum(['scheduled', 'live', 'paused', 'closed']),
  currentItemId: id.nullable(),
  currentItemName: z.string().nullable(),
  phase: sessionPhaseSchema.nullable(),
  /** When the running phase's time is up; null while paused or with no phase. */
  phaseEndsAt: z.string().nullable(),
  /** While paused: milliseconds left (negative: overrun). */
  phaseRemainingMs: z.number().int().nullable(),
  /** The running phase's planned length, extensions included. */
  phaseSeconds: z.number().int().nullable(),
  serverNow: z.string(),
  scoringOpen: z.boolean(),
  /** expertId → check-in instant. */
  checkIns: z.record(z.string(), z.string()),
  /** Seated experts expected in the room, and the quorum (法定人数) of the panel. */
  seated: z.number().int(),
  quorum: z.number().int(),
  order: z.array(id),
  items: z.array(
    z.object({
      id,
      name: z.string(),
      /** 未开始 pending | 进行中 current | 已锁定 locked */
      status: z.enum(['pending', 'current', 'locked']),
    }),
  ),
  /** itemId → sheets submitted / expected. */
  submissions: z.record(z.string(), z.object({ submitted: z.number().int(), expected: z.number().int() })),
  /** Experts whose sheet for the current item is submitted or locked (who, never what). */
  currentSubmittedBy: z.array(id),
  timings: z.object({
    presentationSeconds: z.number().int(),
    qaSeconds: z.number().int(),
    scoringSeconds: z.number().int(),
  }),
  lockedResult: z
    .object({
      itemId: id,
      score: z.number().nullable(),
      grade: z.string().nullable(),
      provisional: z.boolean(),
    })
    .nullable(),
  version: z.number().int(),
});
export type SessionSnapshot = z.infer<typeof sessionSnapshotSchema>;

/** The `subscribe` ack for a `session:<id>` room (the snapshot instead of results and progress). */
export const sessionSubscribeAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    room: roomSchema,
    version: z.number().int(),
    session: sessionSnapshotSchema,
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SessionSubscribeAck = z.infer<typeof sessionSubscribeAckSchema>;

export const subscribeAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    room: roomSchema,
    version: z.number().int(),
    /** Only to those allowed to see scores; others get an empty list and follow progress. */
    results: z.array(resultRowSchema),
    progress: progressSchema,
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

export const resultUpdatedSchema = z.object({
  roundId: id,
  panelId: id.nullable(),
  itemId: id,
  version: z.number().int(), // the round's live version after this change
  submitted: z.number().int(),
  expected: z.number().int(),
  /** Present only for receivers allowed to see scores. */
  result: resultRowSchema.optional(),
});
export type ResultUpdated = z.infer<typeof resultUpdatedSchema>;

export const sheetUpdatedSchema = z.object({
  sheetId: id,
  roundId: id,
  itemId: id,
  version: z.number().int(), // the sheet's version
  roundVersion: z.number().int(),
  state: z.enum(['draft', 'submitted', 'locked']),
  reason: z.string().nullable(), // 退回修改 reason, unlock reason…
  action: z.enum(['reopened', 'locked', 'unlocked', 'absent', 'present']),
});
export type SheetUpdated = z.infer<typeof sheetUpdatedSchema>;

/** Rooms a server emits to. `…:scores` rooms get payloads with `result`; the plain ones without. */
export const rooms = {
  round: (roundId: string) => `round:${roundId}`,
  roundScores: (roundId: string) => `round:${roundId}:scores`,
  panel: (panelId: string) => `panel:${panelId}`,
  panelScores: (panelId: string) => `panel:${panelId}:scores`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};
