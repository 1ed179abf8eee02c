// Giving the event loop a turn during long work. better-sqlite3 answers synchronously, so a
// transaction of many statements (an import of 2,000 rows, a group's results) otherwise runs as
// one unbroken chain of microtasks: no request, socket message or timer is served until it ends.
//
// What counts is how long the loop has gone WITHOUT a turn, not how long ago the last yield was: the
// first call in a turn notes the time and schedules a marker for the loop's next check phase; while
// that marker has not run, the loop has not turned. So a short request (an autosave, a submit, a few
// ms of queries) never yields and never waits behind other work's I/O callbacks; only work that has
// held the loop for the whole budget in one stretch does.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long work may hold the loop before it yields (the import bench's target is ≤ 200 ms). */
export const TURN_BUDGET_MS = 25;

/** When the current unbroken stretch of work began; null once the loop has turned since. */
let holdingSince: number | null = null;

function loopTurned(): void {
  holdingSince = null;
}

/**
 * Lets the event loop turn (timers, I/O, other requests) when the current work has held it for
 * longer than the budget without a turn; otherwise returns at once. Cheap enough to call per row or
 * per query.
 */
export async function yieldIfBusy(budgetMs: number = TURN_BUDGET_MS): Promise<void> {
  const now = performance.now();
  if (holdingSince === null) {
    holdingSince = now;
    setImmediate(loopTurned);
    return;
  }
  if (now - holdingSince < budgetMs) return;
  // Two check phases: when the stretch began earlier in this same loop iteration (in a timer or an
  // I/O callback), the first immediate still runs in this iteration, before timers and I/O had a turn.
  await nextTurn();
  await nextTurn();
  // The marker scheduled earlier has run: the next call starts a new stretch.
}
