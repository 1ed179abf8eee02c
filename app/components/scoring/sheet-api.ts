// The scoring page's calls to the JSON API (docs/api.md): PUT /api/v1/sheets/:id (autosave) and
// POST /api/v1/sheets/:id/submit (with Idempotency-Key). Answers become plain cases the page
// branches on; a network failure or a 5xx is 'offline' (retry later), never a refusal.
import type { SaveAnswer, SaveBody } from './autosave';

type ErrorBody = {
  error?: string;
  fieldErrors?: Record<string, string>;
  problems?: { message: string; criterionId?: string; column?: string }[];
  sheet?: unknown;
};

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * Field errors keyed by criterion id where the server names one: `scores.<id>`, `<id>`, or a
 * problem's criterionId; other keys are kept as they are (comment, vetoProposals.0.reason, …).
 */
export function criterionErrors(body: ErrorBody | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(body?.fieldErrors ?? {})) {
    const m = /^scores\.(.+)$/.exec(key);
    out[m ? m[1]! : key] ??= message;
  }
  for (const p of body?.problems ?? []) {
    const key = p.criterionId ?? p.column;
    if (key) out[key] ??= p.message;
  }
  return out;
}

export type SheetLike = { version: number; draftSavedAt: string | null };

export async function saveSheet<S extends SheetLike>(
  sheetId: string,
  body: SaveBody,
  options: { keepalive: boolean },
): Promise<SaveAnswer<S>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/sheets/${encodeURIComponent(sheetId)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      keepalive: options.keepalive,
    });
  } catch {
    return { kind: 'offline' };
  }
  const data = (await json(response)) as (ErrorBody & { sheet?: S }) | null;
  if (response.ok && data?.sheet) {
    return {
      kind: 'saved',
      version: data.sheet.version,
      savedAt: data.sheet.draftSavedAt,
      sheet: data.sheet,
    };
  }
  // A version conflict always carries the server's sheet; a 409 without one is a refusal of the
  // moment (a defence session's gate: 请先在答辩会签到后再评分), shown as such, not as another tab.
  if (response.status === 409 && data?.sheet) {
    const sheet = data.sheet;
    return { kind: 'conflict', sheet, version: sheet.version };
  }
  if (response.status >= 500 || response.status === 0) return { kind: 'offline' };
  return {
    kind: 'refused',
    status: response.status,
    error: data?.error ?? `保存失败（${response.status}）`,
    fieldErrors: criterionErrors(data),
  };
}

export type SubmitAnswer<S, R> =
  | { kind: 'submitted'; sheet: S; result: R | null }
  | { kind: 'conflict'; error: string; sheet: S | null }
  | { kind: 'refused'; status: number; error: string; fieldErrors: Record<string, string> }
  | { kind: 'offline' };

export async function submitSheet<S, R>(
  sheetId: string,
  body: SaveBody,
  idempotencyKey: string,
): Promise<SubmitAnswer<S, R>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/sheets/${encodeURIComponent(sheetId)}/submit`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { kind: 'offline' };
  }
  const data = (await json(response)) as (ErrorBody & { sheet?: S; result?: R | null }) | null;
  if (response.ok && data?.sheet)
    return { kind: 'submitted', sheet: data.sheet, result: data.result ?? null };
  if (response.status >= 500) return { kind: 'offline' };
  if (response.status === 409) {
    return {
      kind: 'conflict',
      error: data?.error ?? '评分表已被修改或已提交',
      sheet: (data?.sheet ?? null) as S | null,
    };
  }
  return {
    kind: 'refused',
    status: response.status,
    error: data?.error ?? `提交失败（${response.status}）`,
    fieldErrors: criterionErrors(data),
  };
}
