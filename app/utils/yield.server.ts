// Giving the event loop a turn during long work. better-sqlite3 answers synchronously, so a
// transaction of many statements (an import of 2,000 rows, a group's results) otherwise runs as
// one unbroken chain of microtasks: no request, socket message or timer is served until it ends.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long work may hold the loop before it yields (the import bench's target is ≤ 200 ms). */
export const TURN_BUDGET_MS = 25;

let since = performance.now();

/**
 * Lets the event loop turn (timers, I/O, other requests) when the current work has held it for
 * longer than the budget; otherwise returns at once. Cheap enough to call per row or per query.
 */
export async function yieldIfBusy(budgetMs: number = TURN_BUDGET_MS): Promise<void> {
  const now = performance.now();
  if (now - since < budgetMs) return;
  await nextTurn();
  since = performance.now();
}
