// The socket.io server, reachable from model code after a commit.
//
// The Express server and the Remix build are separate bundles, so each holds its own copy of this
// module; the instance lives on globalThis under a symbol so both copies see the same server.
import type { Server } from 'socket.io';

const KEY = Symbol.for('pingshen.realtime');
type Holder = { [KEY]?: Server };

export function setRealtimeServer(io: Server | undefined): void {
  (globalThis as Holder)[KEY] = io;
}

/** The socket.io server, or undefined when none runs (CLI, unit tests): broadcasts are then skipped. */
export function realtimeServer(): Server | undefined {
  return (globalThis as Holder)[KEY];
}

/**
 * What a socket authenticated with, kept in socket.data.auth at the handshake: the registry that
 * lets model code end a user's live connections when their session or token stops being valid.
 */
export type SocketAuth = {
  userId: string;
  sessionId: string | null;
  tokenId: string | null;
  /** A big-screen (大屏) socket: the ScreenLink it opened with (no user, no session, no token). */
  screenLinkId?: string | null;
};

/**
 * Which sockets to end: those of a session, of an API token, every socket of a user, or those of a
 * big-screen link.
 */
export type SocketMatch =
  { sessionId: string } | { tokenId: string } | { userId: string } | { screenLinkId: string };

function matches(auth: SocketAuth | undefined, match: SocketMatch): boolean {
  if (!auth) return false;
  if ('screenLinkId' in match) return Boolean(auth.screenLinkId) && auth.screenLinkId === match.screenLinkId;
  if (auth.screenLinkId) return false;
  if ('sessionId' in match) return auth.sessionId === match.sessionId;
  if ('tokenId' in match) return auth.tokenId === match.tokenId;
  return auth.userId === match.userId;
}

/**
 * Disconnects the matching sockets of this instance; returns how many. Called by the models after
 * they commit a sign-out, a session expiry, a password reset, a disabled account or a revoked token.
 */
export function disconnectSockets(match: SocketMatch): number {
  const io = realtimeServer();
  if (!io) return 0;
  let count = 0;
  for (const socket of io.of('/').sockets.values()) {
    if (matches(socket.data.auth as SocketAuth | undefined, match)) {
      socket.disconnect(true);
      count += 1;
    }
  }
  return count;
}
