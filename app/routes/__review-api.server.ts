// Shared answers of the expert / panel / assignment / progress routes: engine problems become a 400
// with the Chinese messages (each also under fieldErrors, so forms can show them), a missing entity
// a 404, and a route that only accepts writes a 405 once the caller is known to be allowed.
import { z } from 'zod';
import type { Problem, Result } from '#scoring/types';
import { FORM_ERROR_KEY, notFound, parseParams } from '#app/utils/http.server';

export type ProblemBody = { error: string; fieldErrors: Record<string, string>; problems: Problem[] };

export function problemsBody(problems: Problem[]): ProblemBody {
  // No prototype: a column named "__proto__" or "constructor" is an ordinary key here.
  const fieldErrors = Object.create(null) as Record<string, string>;
  for (const p of problems) {
    const key = p.column ?? FORM_ERROR_KEY;
    fieldErrors[key] = fieldErrors[key] ? `${fieldErrors[key]}；${p.message}` : p.message;
  }
  return { error: problems[0]?.message ?? '输入有误', fieldErrors, problems };
}

export function problemsResponse(problems: Problem[]): Response {
  return Response.json(problemsBody(problems), { status: 400 });
}

/** A model outcome as JSON: null → 404, problems → 400, value → 200 (or `status`). */
export function resultResponse<T>(result: Result<T> | null, missing: string, status = 200): Response {
  if (result === null) return notFound(missing);
  if (!result.ok) return problemsResponse(result.problems);
  return Response.json(result.value, { status });
}

export function methodNotAllowed(allowed: string): Response {
  return Response.json(
    { error: `该接口只接受 ${allowed} 请求` },
    { status: 405, headers: { Allow: allowed } },
  );
}

const id = z.string().min(1).max(64);
export const roundParams = (params: unknown) => parseParams(params, z.object({ roundId: id }));
export const panelParams = (params: unknown) => parseParams(params, z.object({ panelId: id }));
export const expertParams = (params: unknown) => parseParams(params, z.object({ expertId: id }));
