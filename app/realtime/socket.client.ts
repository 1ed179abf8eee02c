// The browser's one socket.io connection per tab (docs/realtime.md): same origin, authenticated by
// the session cookie at the handshake, reconnecting with backoff. Rooms are reference-counted across
// the hooks that follow them; the last version seen per room decides when to resynchronise:
// after every reconnect, and when a round room's event skips a version (a gap), the room is
// subscribed again with `since` and the snapshot in the acknowledgement replaces what was known.
//
// socket.io-client and the zod contract are imported lazily, on the first hook that needs them, so
// pages do not carry them in their first load. A `.client` module: on the server it is empty and
// nothing here runs.
import type { Socket } from 'socket.io-client';
import type { ResultUpdated, Room, SessionSnapshot, SheetUpdated, SubscribeAck } from './events';

// The contract (zod schemas) loads with socket.io-client, not with the page.
type Contract = typeof import('./events');
let contract: Contract | null = null;

export type Snapshot = Extract<SubscribeAck, { ok: true }>;

export type LiveListener = {
  rooms: readonly Room[];
  onResult?: (event: ResultUpdated) => void;
  onSheet?: (event: SheetUpdated) => void;
  /** A room's snapshot arrived; `resync` when it replaces state after a reconnect or a gap. */
  onSnapshot?: (snapshot: Snapshot, resync: boolean) => void;
  /**
   * A defence session's snapshot (`session:<id>` rooms): from the subscribe ack and every
   * `session.updated`, never one older than the last delivered (versions only grow).
   */
  onSession?: (snapshot: SessionSnapshot) => void;
  /** The server refused a room (no access, not found). */
  onError?: (room: Room, error: string) => void;
  /** Connection, versions or staleness changed. */
  onChange?: () => void;
};

type RoomState = {
  refs: number;
  version: number | null;
  /** A subscribe is in flight. */
  pending: boolean;
  /** Another resync was asked for while one was in flight. */
  again: boolean;
  /** Waiting for a snapshot after a reconnect or a gap. */
  stale: boolean;
  /** The server refused the room (no access, bad request); not retried until asked again. */
  error: string | null;
  /** Numbers the subscribe requests: an answer to an older one (before a reconnect) is dropped. */
  seq: number;
};

const SUBSCRIBE_TIMEOUT_MS = 10_000;
const RETRY_MS = 2_000;

/** Where to connect: the page's own origin in a browser; scripts and tests outside one set it. */
export type LiveSocketOptions = {
  url?: string;
  extraHeaders?: Record<string, string>;
  auth?: Record<string, string>;
};
let socketOptions: LiveSocketOptions = {};

let socket: Socket | null = null;
let socketLoading: Promise<Socket> | null = null;
let connected = false;
let everConnected = false;
const roomStates = new Map<Room, RoomState>();
const listeners = new Set<LiveListener>();

function notify() {
  for (const l of listeners) l.onChange?.();
}

function isRoundRoom(room: Room): boolean {
  return room.startsWith('round:');
}

function isSessionRoom(room: Room): boolean {
  return room.startsWith('session:');
}

/** Delivers a session snapshot to the room's listeners unless an equal or newer one was delivered. */
function deliverSession(room: Room, state: RoomState, snapshot: SessionSnapshot): boolean {
  // Older: drop. The same version again: drop, unless it is the resync after a reconnect (it
  // refreshes serverNow, the clock offset).
  if (state.version !== null && snapshot.version < state.version) return false;
  if (state.version !== null && snapshot.version === state.version && !state.stale) return false;
  state.version = snapshot.version;
  state.stale = false;
  for (const l of listeners) if (l.rooms.includes(room)) l.onSession?.(snapshot);
  return true;
}

function sendSubscribe(room: Room, resync: boolean) {
  const state = roomStates.get(room);
  if (!socket || !contract || !connected || !state || state.refs === 0) return;
  const { EVENTS, subscribeAckSchema, sessionSubscribeAckSchema } = contract;
  if (state.pending) {
    state.again = true;
    return;
  }
  state.pending = true;
  state.again = false;
  const seq = ++state.seq;
  const request = state.version === null ? { room } : { room, since: state.version };
  socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit(EVENTS.subscribe, request, (err: Error | null, raw: unknown) => {
    if (seq !== state.seq || roomStates.get(room) !== state) return;
    state.pending = false;
    if (err) {
      // No answer in time: ask again while connected (a reconnect resubscribes anyway).
      setTimeout(() => sendSubscribe(room, true), RETRY_MS);
      return;
    }
    if (isSessionRoom(room)) {
      const ack = sessionSubscribeAckSchema.safeParse(raw);
      if (!ack.success || !ack.data.ok) {
        state.error = ack.success && !ack.data.ok ? ack.data.error : '实时数据格式不正确';
        state.stale = false;
        for (const l of listeners) if (l.rooms.includes(room)) l.onError?.(room, state.error);
        notify();
        return;
      }
      state.error = null;
      deliverSession(room, state, ack.data.session);
      state.stale = false;
      notify();
      if (state.again) sendSubscribe(room, true);
      return;
    }
    const parsed = subscribeAckSchema.safeParse(raw);
    if (!parsed.success || !parsed.data.ok) {
      state.error = parsed.success && !parsed.data.ok ? parsed.data.error : '实时数据格式不正确';
      state.stale = false;
      for (const l of listeners) if (l.rooms.includes(room)) l.onError?.(room, state.error);
      notify();
      return;
    }
    state.error = null;
    state.version = Math.max(state.version ?? 0, parsed.data.version);
    state.stale = false;
    for (const l of listeners) if (l.rooms.includes(room)) l.onSnapshot?.(parsed.data, resync);
    notify();
    if (state.again) sendSubscribe(room, true);
  });
}

function onResult(raw: unknown) {
  const parsed = contract?.resultUpdatedSchema.safeParse(raw);
  if (!parsed) return;
  if (!parsed.success) return;
  const event = parsed.data;
  const targets: Room[] = [`round:${event.roundId}`];
  if (event.panelId) targets.push(`panel:${event.panelId}`);
  const fresh = new Set<Room>();
  for (const room of targets) {
    const state = roomStates.get(room);
    if (!state || state.refs === 0) continue;
    if (state.version !== null) {
      // Older than what the room already holds: drop it. One change may move several items (the
      // grades and ranks of its group), each sent as an event with the same version, so an equal
      // version still passes (applying a result row twice changes nothing).
      if (event.version < state.version) continue;
      // A round room hears every change of the round, so a skipped version means a lost event.
      // A panel room hears only its own items' changes: its gaps are normal.
      if (isRoundRoom(room) && event.version > state.version + 1) {
        state.stale = true;
        sendSubscribe(room, true);
      }
    }
    state.version = Math.max(state.version ?? 0, event.version);
    fresh.add(room);
  }
  if (fresh.size === 0) return;
  for (const l of listeners) if (l.rooms.some((r) => fresh.has(r))) l.onResult?.(event);
  notify();
}

function onSheet(raw: unknown) {
  const parsed = contract?.sheetUpdatedSchema.safeParse(raw);
  if (!parsed) return;
  if (!parsed.success) return;
  for (const l of listeners) l.onSheet?.(parsed.data);
}

function onSessionUpdated(raw: unknown) {
  const parsed = contract?.sessionSnapshotSchema.safeParse(raw);
  if (!parsed || !parsed.success) return;
  const room: Room = `session:${parsed.data.id}`;
  const state = roomStates.get(room);
  if (!state || state.refs === 0) return;
  if (deliverSession(room, state, parsed.data)) notify();
}

function loadSocket(): Promise<Socket> {
  socketLoading ??= Promise.all([import('socket.io-client'), import('./events')]).then(([{ io }, events]) => {
    contract = events;
    const { EVENTS } = events;
    const s = io(socketOptions.url, {
      extraHeaders: socketOptions.extraHeaders,
      auth: socketOptions.auth,
      // Same origin, default path; the browser sends the session cookie with the handshake.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: true,
      reconnection: true,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    s.on('connect', () => {
      connected = true;
      const resync = everConnected;
      everConnected = true;
      for (const [room, state] of roomStates) {
        if (state.refs === 0) continue;
        state.pending = false; // answers of the old connection never come
        state.seq += 1;
        // After a reconnect the room waits for its resync snapshot; on the first connection it
        // simply has nothing yet.
        state.stale = resync || state.version !== null;
        state.error = null;
        sendSubscribe(room, resync);
      }
      notify();
    });
    s.on('disconnect', () => {
      connected = false;
      for (const state of roomStates.values()) state.stale = true;
      notify();
    });
    s.on('connect_error', () => notify());
    s.on(EVENTS.resultUpdated, onResult);
    s.on(EVENTS.sheetUpdated, onSheet);
    s.on(EVENTS.sessionUpdated, onSessionUpdated);
    socket = s;
    return s;
  });
  return socketLoading;
}

/** Follow the listener's rooms (and sheet events) until the returned function is called. */
export function addLiveListener(listener: LiveListener): () => void {
  listeners.add(listener);
  for (const room of listener.rooms) {
    let state = roomStates.get(room);
    if (!state) {
      state = { refs: 0, version: null, pending: false, again: false, stale: false, error: null, seq: 0 };
      roomStates.set(room, state);
    }
    state.refs += 1;
    if (state.refs === 1) {
      state.version = null;
      state.error = null;
      sendSubscribe(room, false);
    }
  }
  void loadSocket().catch(() => notify());
  return () => {
    listeners.delete(listener);
    for (const room of listener.rooms) {
      const state = roomStates.get(room);
      if (!state) continue;
      state.refs -= 1;
      if (state.refs <= 0) {
        roomStates.delete(room);
        if (socket && contract && connected) socket.emit(contract.EVENTS.unsubscribe, { room });
      }
    }
  };
}

export type LiveState = { connected: boolean; version: number | null; stale: boolean };

/** The connection and the rooms' state as one hook sees it. */
export function liveStateOf(rooms: readonly Room[]): LiveState {
  let version: number | null = null;
  let stale = !connected && everConnected;
  for (const room of rooms) {
    const state = roomStates.get(room);
    if (!state) continue;
    if (state.version !== null) version = Math.max(version ?? 0, state.version);
    if (state.stale) stale = true;
  }
  return { connected, version, stale };
}

/** Outside a browser (scripts, tests): where to connect and how to sign in. Call before listening. */
export function configureLiveSocket(options: LiveSocketOptions): void {
  socketOptions = options;
}

/** Closes the connection and forgets every room (tests; a page never needs it). */
export async function closeLiveSocket(): Promise<void> {
  const s = socket ?? (socketLoading ? await socketLoading.catch(() => null) : null);
  s?.close();
  socket = null;
  socketLoading = null;
  connected = false;
  everConnected = false;
  roomStates.clear();
  listeners.clear();
}

/**
 * Follow a defence session (`session:<id>`): `onSnapshot` gets the subscribe ack's snapshot, every
 * `session.updated` after it, and a fresh snapshot after each reconnect; a snapshot older than the
 * last one delivered is dropped. `onError` hears a refusal (not a member, no such session). Returns
 * the function that stops following.
 */
export function subscribeSession(
  sessionId: string,
  onSnapshot: (snapshot: SessionSnapshot) => void,
  onError?: (error: string) => void,
): () => void {
  const room: Room = `session:${sessionId}`;
  return addLiveListener({
    rooms: [room],
    onSession: onSnapshot,
    onError: onError ? (_room, error) => onError(error) : undefined,
  });
}
