// Defence-session time (issue 10 §2–3), shared by the server, the chair's console, the tablets and
// the big screen. The server's clock is the truth: every snapshot carries `serverNow`, a client
// keeps the offset between that and its own clock, and computes what is left from `phaseEndsAt`
// (running) or `phaseRemainingMs` (paused). A reloaded or reconnecting client gets a fresh
// snapshot and so shows the right remaining time without any state of its own.
//
// Planned start times (答辩安排表) come from the same module so the console and the printout agree.

/** Planned lengths of one applicant's slot, in seconds (from the scheme's sessionTimings). */
export type SlotTimings = {
  presentationSeconds: number; // 陈述
  qaSeconds: number; // 问答
  scoringSeconds: number; // 评分
};

/** A break (休息) after the applicant at `afterIndex` (0-based position in the order). */
export type PlannedBreak = { afterIndex: number; seconds: number };

/**
 * The offset to add to this client's clock to get the server's: `serverNow` minus the local time at
 * which the snapshot arrived. Half the round trip, when known, is added to `serverNow` (it was
 * stamped before the answer travelled).
 */
export function clockOffsetMs(serverNowIso: string, receivedAtMs: number, roundTripMs = 0): number {
  const serverNow = Date.parse(serverNowIso);
  if (!Number.isFinite(serverNow)) return 0;
  return serverNow + Math.max(0, roundTripMs) / 2 - receivedAtMs;
}

/**
 * Milliseconds left in the running phase at the client's `nowMs` (negative once overrun), or null
 * when no phase is timed. `offsetMs` comes from clockOffsetMs.
 */
export function remainingMs(
  timer: { phaseEndsAt: string | null; phaseRemainingMs: number | null; phaseSeconds?: number | null },
  nowMs: number,
  offsetMs = 0,
): number | null {
  if (timer.phaseRemainingMs !== null) return timer.phaseRemainingMs; // paused: frozen
  if (timer.phaseEndsAt === null) return null;
  const endsAt = Date.parse(timer.phaseEndsAt);
  if (!Number.isFinite(endsAt)) return null;
  const left = endsAt - (nowMs + offsetMs);
  // The offset is estimated from a stamp that travelled (an event carries no round trip), so it can
  // run a few ms behind: a phase never has more left than its length (10:00, never 10:01).
  const length = timer.phaseSeconds;
  return typeof length === 'number' && length > 0 ? Math.min(left, length * 1000) : left;
}

/**
 * `12:05` for what is left, `-01:30` once overrun (超时), hours when a phase is that long. Counts down
 * in whole seconds the way a wall clock does: 12:05.4 left shows 12:06 until a full second passed.
 */
export function formatCountdown(ms: number): string {
  const overrun = ms < 0;
  const seconds = overrun ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  const body = h > 0 ? `${h}:${mmss}` : mmss;
  return overrun && seconds > 0 ? `-${body}` : body;
}

export type PlannedSlot = {
  index: number; // 0-based position in the order
  itemId: string;
  start: Date; // 陈述 begins
  qaStart: Date; // 问答 begins
  scoringStart: Date; // 评分 begins
  end: Date; // the slot ends (before any break that follows)
  breakAfterSeconds: number; // 0 when none
};

/**
 * The planned timetable: each applicant's slot back to back from `startsAt`, breaks inserted after
 * the positions they name (several breaks after one position add up; positions past the end are
 * ignored). Pure and deterministic: the console, the printout and the xlsx all call this.
 */
export function plannedSlots(
  startsAt: Date,
  itemIds: readonly string[],
  timings: SlotTimings,
  breaks: readonly PlannedBreak[] = [],
): PlannedSlot[] {
  const breakAfter = new Map<number, number>();
  for (const b of breaks) {
    if (!Number.isInteger(b.afterIndex) || b.afterIndex < 0 || b.afterIndex >= itemIds.length) continue;
    if (!Number.isFinite(b.seconds) || b.seconds <= 0) continue;
    breakAfter.set(b.afterIndex, (breakAfter.get(b.afterIndex) ?? 0) + Math.round(b.seconds));
  }
  const slots: PlannedSlot[] = [];
  let at = startsAt.getTime();
  itemIds.forEach((itemId, index) => {
    const start = at;
    const qaStart = start + timings.presentationSeconds * 1000;
    const scoringStart = qaStart + timings.qaSeconds * 1000;
    const end = scoringStart + timings.scoringSeconds * 1000;
    const breakAfterSeconds = breakAfter.get(index) ?? 0;
    slots.push({
      index,
      itemId,
      start: new Date(start),
      qaStart: new Date(qaStart),
      scoringStart: new Date(scoringStart),
      end: new Date(end),
      breakAfterSeconds,
    });
    at = end + breakAfterSeconds * 1000;
  });
  return slots;
}
