// Emitting after a commit. Model code calls these only after its transaction has committed (never
// inside it), so nobody is told about a change that was rolled back. With no socket.io server (CLI,
// unit tests) they do nothing.
import { realtimeServer } from '#server/realtime';
import {
  EVENTS,
  rooms,
  type ResultRow,
  type ResultUpdated,
  type SessionSnapshot,
  type SheetUpdated,
} from './events';

export type ResultChange = Omit<ResultUpdated, 'result'> & { result: ResultRow };

/**
 * An item's result changed: the full payload to the score rooms (agency, department, the panel's
 * chair), the same without `result` to everyone else in the round's and the panel's rooms.
 */
export function publishResultUpdated(change: ResultChange): void {
  const io = realtimeServer();
  if (!io) return;
  const scoreRooms = [rooms.roundScores(change.roundId)];
  const plainRooms = [rooms.round(change.roundId)];
  if (change.panelId) {
    scoreRooms.push(rooms.panelScores(change.panelId));
    plainRooms.push(rooms.panel(change.panelId));
  }
  io.to(scoreRooms).emit(EVENTS.resultUpdated, change satisfies ResultUpdated);
  const { result: _hidden, ...withoutScores } = change;
  io.to(plainRooms)
    .except(scoreRooms)
    .emit(EVENTS.resultUpdated, withoutScores satisfies ResultUpdated);
}

/** One expert's sheet changed under them (reopened, locked, unlocked, marked absent). */
export function publishSheetUpdated(userId: string, payload: SheetUpdated): void {
  const io = realtimeServer();
  if (!io) return;
  io.to(rooms.user(userId)).emit(EVENTS.sheetUpdated, payload);
}

/**
 * A defence session changed (a command, a plan edit): the snapshot to `session:<id>` (the panel's
 * experts, the chair, the agency, and the big screens following it). The snapshot names no scores
 * beyond `lockedResult`, which it carries only when the round allows the screen to show it.
 */
export function publishSessionUpdated(snapshot: SessionSnapshot): void {
  const io = realtimeServer();
  if (!io) return;
  io.to(rooms.session(snapshot.id)).emit(EVENTS.sessionUpdated, snapshot);
}
