// The expert's total as they type, computed by the engine's sheetTotal (the code the server runs
// on submit), never by a formula of its own. Also the client-side check before 提交: the engine's
// range, step and required rules, as messages per criterion.
import { sheetTotal } from '#scoring/sheet-total';
import type { Criterion, Rubric } from '#scoring/types';

/** A criterion as the sheet carries it (GET /api/v1/me/sheets, the page's loader). */
export type SheetCriterion = {
  id: string;
  name: string;
  max: number;
  step: number | null;
  weight: number;
  guidance?: string | null;
  group?: string | null;
  required?: boolean;
};

export type Scores = Record<string, number>;

export type ScoringRubric = { full: Rubric; partial: Rubric };

/** The engine's rubric for these criteria; build it once per sheet (sheetTotal caches by identity). */
export function scoringRubric(criteria: readonly SheetCriterion[]): ScoringRubric {
  const full: Criterion[] = criteria.map((c) => ({
    id: c.id,
    name: c.name,
    max: c.max,
    weight: c.weight,
    ...(c.step === null ? {} : { step: c.step }),
    ...(c.required === undefined ? {} : { required: c.required }),
  }));
  // The running total while some criteria are still empty: the same rubric with nothing required.
  return { full: { criteria: full }, partial: { criteria: full.map((c) => ({ ...c, required: false })) } };
}

export type LiveTotal = {
  total: number | null; // every criterion valid and present: the sheet's total
  partial: number | null; // the valid criteria typed so far (null when one is invalid)
  filled: number;
  count: number;
  errors: Record<string, string>; // criterionId → message (out of range, off step, missing)
};

// The engine's messages start with who (评审对象 …、专家 …、指标 …：); beside the field only the rest.
function shortMessage(message: string): string {
  const i = message.indexOf('：');
  return i >= 0 ? message.slice(i + 1) : message;
}

/**
 * The live total. `requireAll` (on 提交) also reports the missing criteria; while typing only
 * values already entered are judged.
 */
export function liveTotal(rubric: ScoringRubric, scores: Scores, requireAll = false): LiveTotal {
  const sheet = { itemId: '', expertId: '', scores };
  const count = rubric.full.criteria.length;
  const filled = rubric.full.criteria.filter((c) => Object.hasOwn(scores, c.id)).length;
  const full = sheetTotal(rubric.full, sheet);
  if (full.ok) return { total: full.value, partial: full.value, filled, count, errors: {} };
  const errors: Record<string, string> = {};
  for (const p of full.problems) {
    if (!requireAll && p.code === 'score_missing') continue;
    const key = p.criterionId ?? '_form';
    errors[key] ??= shortMessage(p.message);
  }
  const partial = sheetTotal(rubric.partial, sheet);
  return { total: null, partial: partial.ok ? partial.value : null, filled, count, errors };
}
