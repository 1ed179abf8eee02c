// socket.io for the big screen (大屏, issue 10 §3). A screen socket authenticates with a screen
// link's token (server/index.ts, `auth: { screen: <token> }`), holds no user, and may do one thing:
// follow its own session's room `session:<id>`. The acknowledgement carries the session snapshot,
// read from the database, so a screen that connects or reconnects is whole again.
import { isScreenLinkValid } from '#app/models/screen-link.server';
import { readSessionSnapshot } from '#app/models/session.server';
import { rooms, subscribeSchema, type SessionSubscribeAck } from './events';
import type { RoomOps } from './subscribe.server';

export type ScreenSocketData = { linkId: string; sessionId: string };

export const SCREEN_ROOM_REFUSED = '大屏链接只能订阅本场答辩会';

/** `subscribe` from a screen socket: its own `session:<id>` only; anything else is refused. */
export async function handleScreenSubscribe(
  screen: ScreenSocketData,
  request: unknown,
  ops: RoomOps,
): Promise<SessionSubscribeAck> {
  const parsed = subscribeSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: '订阅请求格式不正确：应为 {"room": "session:<编号>"}' };
  const room = rooms.session(screen.sessionId);
  if (parsed.data.room !== room) return { ok: false, error: SCREEN_ROOM_REFUSED };
  // Revoked or expired since the handshake: refuse (the sweep or the revocation ends the socket).
  if (!(await isScreenLinkValid(screen.linkId))) return { ok: false, error: '链接无效或已过期' };
  await ops.join([room]);
  const session = await readSessionSnapshot(screen.sessionId);
  if (!session) {
    await ops.leave([room]);
    return { ok: false, error: '链接无效或已过期' };
  }
  return { ok: true, room, version: session.version, session };
}
