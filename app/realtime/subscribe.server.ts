// socket.io `subscribe` / `unsubscribe` (docs/realtime.md): validate the request with zod, check on
// the server that this user may follow that round or panel, join the plain room (progress) and the
// `…:scores` room only for those allowed to see scores, and answer with a snapshot read from the
// database, so a client that connects, reconnects or saw a gap in versions is whole again.
//
// server/index.ts reaches these through app/entry.server.tsx (the Express server is bundled apart
// from the Remix build); it passes `join` / `leave` so this module never touches a socket.
import {
  liveProgress,
  mayViewPanelScores,
  mayViewRoundScores,
  roundResults,
} from '#app/models/result.server';
import { prisma } from '#app/utils/db.server';
import { hasPermission } from '#app/utils/permissions';
import type { SessionUser } from '#app/models/auth.server';
import { mayFollowSession, readSessionSnapshot } from '#app/models/session.server';
import {
  rooms,
  roomSchema,
  subscribeSchema,
  type LiveProgress,
  type Room,
  type SessionSubscribeAck,
  type SubscribeAck,
} from './events';
import { z } from 'zod';

/** How many rounds and panels one socket may follow at once (each also joins its `…:scores` room). */
export const MAX_ROOMS_PER_SOCKET = 50;
/** Subscribe requests per socket per window; a client resubscribes a handful of rooms on reconnect. */
export const SUBSCRIBE_RATE = { max: 60, windowMs: 10_000 };

const ROUND_NOT_FOUND = '评审工作不存在';
const PANEL_NOT_FOUND = '专家组不存在';
const SESSION_NOT_FOUND = '答辩会不存在';

/** What the server keeps per socket (socket.data.live) so the limits hold across requests. */
export type LiveSocketState = {
  /** Followed rooms (`round:<id>` / `panel:<id>`) → the socket.io rooms joined for it. */
  joined: Map<string, string[]>;
  /** Start of the current rate window and the requests seen in it. */
  windowStart: number;
  requests: number;
};

export function newLiveSocketState(): LiveSocketState {
  return { joined: new Map(), windowStart: 0, requests: 0 };
}

export type RoomOps = {
  join(rooms: string[]): void | Promise<void>;
  leave(rooms: string[]): void | Promise<void>;
};

/** A zod issue as one Chinese sentence naming the field. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '订阅请求格式不正确';
  const field = issue.path.length ? issue.path.join('.') : '';
  if (issue.code === 'unrecognized_keys') return `订阅请求包含未知字段：${issue.keys.join('、')}`;
  if (field === 'room') return `room：${issue.code === 'invalid_type' ? '应为字符串' : issue.message}`;
  if (field === 'since') return 'since：应为不小于 0 的整数版本号';
  if (!field)
    return '订阅请求应为对象 {"room": "round:<编号>" | "panel:<编号>" | "session:<编号>", "since"?: 版本号}';
  return `${field}：${issue.message}`;
}

function rateLimited(state: LiveSocketState, now = Date.now()): boolean {
  if (now - state.windowStart >= SUBSCRIBE_RATE.windowMs) {
    state.windowStart = now;
    state.requests = 0;
  }
  state.requests += 1;
  return state.requests > SUBSCRIBE_RATE.max;
}

/** The expert record of this user, or null (agency, department and admin accounts have none). */
async function expertIdOf(userId: string): Promise<string | null> {
  const expert = await prisma.expert.findUnique({ where: { userId }, select: { id: true } });
  return expert?.id ?? null;
}

/** A seated (drawn, chair or member) seat of this expert on the panel, or on any panel of the round. */
async function isSeated(expertId: string, where: { panelId: string } | { roundId: string }) {
  const seat = await prisma.panelMember.findFirst({
    where: {
      expertId,
      status: 'drawn',
      role: { in: ['chair', 'member'] },
      ...('panelId' in where ? { panelId: where.panelId } : { panel: { roundId: where.roundId } }),
    },
    select: { id: true },
  });
  return seat !== null;
}

/** Those who follow every round (the progress board, the results page). */
function followsRounds(user: SessionUser): boolean {
  return hasPermission(user.roles, 'progress:read') || hasPermission(user.roles, 'result:read');
}

type Access =
  | { ok: true; roundId: string; panelId: string | null; join: string[]; scores: boolean }
  | { ok: false; error: string };

/** Who may follow the room, decided on the server for that round or panel (not only the role). */
export async function roomAccess(user: SessionUser, room: Room): Promise<Access> {
  if (user.mustChangePassword) return { ok: false, error: '请先修改初始密码' };
  const [kind, id] = room.split(':') as ['round' | 'panel' | 'session', string];
  // A defence session's room is not a round's or a panel's: sessionAccess decides it.
  if (kind === 'session') return { ok: false, error: SESSION_NOT_FOUND };
  if (kind === 'round') {
    const round = await prisma.round.findUnique({ where: { id }, select: { id: true } });
    // Same answer for a round that does not exist and one this user may not see.
    if (!round) return { ok: false, error: ROUND_NOT_FOUND };
    if (!followsRounds(user)) {
      const expertId = await expertIdOf(user.id);
      if (!expertId || !(await isSeated(expertId, { roundId: id })))
        return { ok: false, error: ROUND_NOT_FOUND };
    }
    const scores = followsRounds(user) && (await mayViewRoundScores(user, id));
    return {
      ok: true,
      roundId: id,
      panelId: null,
      scores,
      join: scores ? [rooms.round(id), rooms.roundScores(id)] : [rooms.round(id)],
    };
  }
  const panel = await prisma.panel.findUnique({ where: { id }, select: { id: true, roundId: true } });
  if (!panel) return { ok: false, error: PANEL_NOT_FOUND };
  if (!followsRounds(user)) {
    const expertId = await expertIdOf(user.id);
    if (!expertId || !(await isSeated(expertId, { panelId: id })))
      return { ok: false, error: PANEL_NOT_FOUND };
  }
  const scores = await mayViewPanelScores(user, id);
  return {
    ok: true,
    roundId: panel.roundId,
    panelId: id,
    scores,
    join: scores ? [rooms.panel(id), rooms.panelScores(id)] : [rooms.panel(id)],
  };
}

/** The progress of one panel, in the round-level shape (a panel room's snapshot). */
function panelOnly(progress: LiveProgress, panelId: string): LiveProgress {
  const panel = progress.panels.find((p) => p.panelId === panelId);
  return {
    submitted: panel?.submitted ?? 0,
    expected: panel?.expected ?? 0,
    panels: panel ? [panel] : [],
  };
}

/**
 * `subscribe`: validates, checks access, joins, then reads the snapshot. Joining before the read
 * means no change can fall between the snapshot and the first event; events the snapshot already
 * holds carry a version ≤ the ack's and the client drops them.
 */
export async function handleSubscribe(
  user: SessionUser,
  request: unknown,
  state: LiveSocketState,
  ops: RoomOps,
): Promise<SubscribeAck | SessionSubscribeAck> {
  if (rateLimited(state)) return { ok: false, error: '订阅请求过于频繁，请稍后再试' };
  const parsed = subscribeSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: describe(parsed.error) };
  const room = parsed.data.room as Room;
  if (!state.joined.has(room) && state.joined.size >= MAX_ROOMS_PER_SOCKET) {
    return { ok: false, error: `每个连接最多同时订阅 ${MAX_ROOMS_PER_SOCKET} 个房间` };
  }
  if (room.startsWith('session:')) return subscribeSession(user, room, state, ops);
  const access = await roomAccess(user, room);
  if (!access.ok) return access;

  // A second subscribe to the same room refreshes it: leave a scores room no longer allowed.
  const before = state.joined.get(room) ?? [];
  const dropped = before.filter((r) => !access.join.includes(r));
  if (dropped.length) await ops.leave(dropped);
  await ops.join(access.join);
  state.joined.set(room, access.join);

  const [snapshot, progress] = await Promise.all([
    roundResults(access.roundId, user, access.panelId ? { panelId: access.panelId } : undefined),
    liveProgress(access.roundId),
  ]);
  return {
    ok: true,
    room,
    version: snapshot.version,
    // roundResults already scopes the rows to the viewer (a chair: their own panels' rows).
    results: access.scores ? snapshot.results : [],
    progress: access.panelId ? panelOnly(progress, access.panelId) : progress,
  };
}

/**
 * `subscribe` to `session:<id>` (a defence session, issue 10 §5): the panel's seated experts, the
 * agency and the department (mayFollowSession); anyone else hears "not found". Joins, then answers
 * with the snapshot, so nothing falls between the two.
 */
async function subscribeSession(
  user: SessionUser,
  room: Room,
  state: LiveSocketState,
  ops: RoomOps,
): Promise<SessionSubscribeAck> {
  if (user.mustChangePassword) return { ok: false, error: '请先修改初始密码' };
  const sessionId = room.slice('session:'.length);
  if (!(await mayFollowSession(user, sessionId))) return { ok: false, error: SESSION_NOT_FOUND };
  await ops.join([room]);
  state.joined.set(room, [room]);
  const session = await readSessionSnapshot(sessionId);
  if (!session) {
    await ops.leave([room]);
    state.joined.delete(room);
    return { ok: false, error: SESSION_NOT_FOUND };
  }
  return { ok: true, room, version: session.version, session };
}

const unsubscribeSchema = z.strictObject({ room: roomSchema });

/** `unsubscribe`: leaves the room and its `…:scores` room. */
export async function handleUnsubscribe(
  request: unknown,
  state: LiveSocketState,
  ops: RoomOps,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = unsubscribeSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: describe(parsed.error) };
  const joined = state.joined.get(parsed.data.room);
  if (joined) {
    await ops.leave(joined);
    state.joined.delete(parsed.data.room);
  }
  return { ok: true };
}
