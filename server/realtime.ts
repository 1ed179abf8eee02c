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
