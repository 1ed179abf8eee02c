// One way for a model to say how an operation went (docs/conventions.md §4a): a success carries its
// values beside `ok: true`; a refusal carries the HTTP status it means, a Chinese message, and the
// field errors or problems that explain it. Routes turn an outcome into a Response with
// `outcomeResponse`, socket.io handlers into an acknowledgement with `outcomeAck`, and a model that
// must undo its writes on a refusal runs them with `transactionOutcome`.
//
// Models return outcomes for what a user can cause (not found, refused, conflict, bad input); they
// throw only for defects. Thrown Responses, `{ ok, status }` objects of other shapes, error classes
// per model (UserInputError) and ad-hoc wrappers (RubricRefused) are the older styles this replaces.
import type { PrismaClient } from '@prisma/client';
import type { Problem } from '#scoring/types';
import type { Tx } from '#app/utils/db.server';

export type FailureStatus = 400 | 403 | 404 | 409 | 413 | 422;

export interface Failure {
  ok: false;
  status: FailureStatus;
  error: string; // what to show first (Chinese)
  fieldErrors?: Record<string, string>; // field or column → message, for forms
  problems?: Problem[]; // every problem, for lists (imports, the rubric editor)
}

/**
 * A success is `{ ok: true, ...T }` (T is an object: the model's values, named); a refusal is a
 * Failure, optionally with more (`F`, e.g. the import preview the page shows beside the problems).
 */
export type Outcome<T extends object, F extends object = object> = ({ ok: true } & T) | (Failure & F);

export function succeed<T extends object>(values: T): { ok: true } & T {
  return { ok: true, ...values };
}

export function fail(
  status: FailureStatus,
  error: string,
  more: { fieldErrors?: Record<string, string>; problems?: Problem[] } = {},
): Failure {
  return { ok: false, status, error, ...more };
}

/** A refusal listing problems: the first one's message is the error, columns become field errors. */
export function refuse(status: FailureStatus, problems: Problem[]): Failure & { problems: Problem[] } {
  // No prototype: a column named "__proto__" or "constructor" is an ordinary key here.
  const fieldErrors = Object.create(null) as Record<string, string>;
  for (const p of problems) {
    const key = p.column ?? '_form';
    fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]}；${p.message}` : p.message;
  }
  return { ok: false, status, error: problems[0]?.message ?? '输入有误', fieldErrors, problems };
}

export function notFoundOutcome(error = '不存在'): Failure {
  return fail(404, error);
}

/** The failure's body as routes and acknowledgements send it (no `ok`, no `status`). */
export function failureBody<F extends object>(failure: Failure & F): Omit<Failure & F, 'ok' | 'status'> {
  const { ok: _ok, status: _status, ...body } = failure;
  return body;
}

/**
 * A JSON Response for an API route: a failure as `{ error, fieldErrors?, problems?, … }` with its
 * status; a success as `body(values)` (default: the values without `ok`) with `status` (default 200).
 */
export function outcomeResponse<T extends object, F extends object>(
  outcome: Outcome<T, F>,
  options: { status?: number; body?: (values: T) => unknown } = {},
): Response {
  if (!outcome.ok) return Response.json(failureBody(outcome), { status: outcome.status });
  const { ok: _ok, ...values } = outcome;
  return Response.json(options.body ? options.body(values as unknown as T) : values, {
    status: options.status ?? 200,
  });
}

/**
 * What a socket.io handler passes to its acknowledgement callback: plain data, the same fields as
 * the JSON API (`ok` kept, so the client can branch on it).
 */
export function outcomeAck<T extends object, F extends object>(
  outcome: Outcome<T, F>,
): Record<string, unknown> {
  return { ...(outcome as Record<string, unknown>) };
}

/** Thrown inside a transaction to roll it back with a refusal; transactionOutcome returns it. */
class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(`refused: ${failure.error}`);
  }
}

/**
 * Runs `work` in a transaction of `db`: a Failure it returns rolls back everything written before
 * it and is returned as it is; a success commits. Anything thrown propagates.
 */
export async function transactionOutcome<R extends { ok: boolean } | null>(
  db: PrismaClient,
  work: (tx: Tx) => Promise<R>,
  options?: { timeout?: number; maxWait?: number },
): Promise<R> {
  try {
    return await db.$transaction(async (tx) => {
      const result = await work(tx);
      if (result !== null && !result.ok) throw new Refusal(result as unknown as Failure);
      return result;
    }, options);
  } catch (error) {
    if (error instanceof Refusal) return error.failure as unknown as R;
    throw error;
  }
}
