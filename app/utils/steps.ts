// Long pure work written as a generator that `yield`s at safe points (every few rows), so one body
// serves both kinds of caller: the CLI runs it straight through, the server lets the event loop
// turn at those points (app/utils/yield.server.ts) and stays responsive during a 2,000-row import.

/** Work that pauses at `yield` and finally returns T. */
export type Steps<T> = Generator<void, T, void>;

/** How many rows a reader handles between pauses: small enough to keep each slice short. */
export const ROWS_PER_STEP = 50;

/** Runs the work to its end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) next = steps.next();
  return next.value;
}

/** Runs the work, awaiting `pause()` at every step (which decides whether to give up the thread). */
export async function runStepsAsync<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    await pause();
    next = steps.next();
  }
  return next.value;
}
