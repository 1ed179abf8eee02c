// The expert's total as they type, computed by the engine's sheetTotal (the code the server runs
// on submit), never by a formula of its own. Also the client-side check before 提交: the engine's
// range, step and required rules, as messages per criterion.
import { sheetTotal } from '#scoring/sheet-total';
import type { Criterion, Rubric } from '#scoring/types';

export type Scores = Record<string, number>;

export type ScoringRubric = { full: Rubric; partial: Rubric };

/**
 * The engine's rubric (the scheme's, as the page's loader sends it) and the same rubric with
 * nothing required, for the running total while some criteria are still empty. Build it once per
 * sheet: sheetTotal compiles a rubric once per identity.
 */
export function scoringRubric(rubric: Rubric): ScoringRubric {
  return {
    full: rubric,
    partial: { criteria: rubric.criteria.map((c: Criterion) => ({ ...c, required: false })) },
  };
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
