// sheetTotal: one expert's total for one item (评分表总分) = Σ score × weight, exact.
import {
  addDecimals,
  decimalPlaces,
  decimalToNumber,
  isRepresentable,
  multiplyDecimals,
  toDecimal,
  isMultipleOf,
  type Decimal,
} from './decimal';
import { criterionRequired, criterionWeight } from './defaults';
import type { Criterion, Problem, Result, Rubric, SheetInput } from './types';

interface CompiledCriterion {
  criterion: Criterion;
  required: boolean;
  weight: Decimal;
  // Weight and step as safe scaled integers for the fast path; null sends the sheet to BigInt.
  weightUnits: number | null;
  stepUnits: number | null;
  stepScale: number;
  // An id such as "constructor" would read Object.prototype from a sheet that lacks it.
  inherited: boolean;
}

interface CompiledRubric {
  criteria: CompiledCriterion[];
  known: Set<string>;
}

// A rubric is read once per grading run, not once per sheet (18,000 sheets in the benchmark).
// Keyed by identity: callers treat a validated rubric as immutable.
const compiled = new WeakMap<Rubric, CompiledRubric>();

function safeOrNull(units: bigint): number | null {
  const n = Number(units);
  return Number.isSafeInteger(n) ? n : null;
}

function compile(rubric: Rubric): CompiledRubric {
  let c = compiled.get(rubric);
  if (!c) {
    c = {
      criteria: rubric.criteria.map((criterion) => {
        const weight = toDecimal(criterionWeight(criterion));
        const step = criterion.step === undefined ? null : toDecimal(criterion.step);
        return {
          criterion,
          required: criterionRequired(criterion),
          weight,
          weightUnits: safeOrNull(weight.units),
          stepUnits: step === null ? null : safeOrNull(step.units),
          stepScale: step === null ? 0 : step.scale,
          inherited: criterion.id in Object.prototype,
        };
      }),
      known: new Set(rubric.criteria.map((criterion) => criterion.id)),
    };
    compiled.set(rubric, c);
  }
  return c;
}

const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const FAST_SCALE = 15; // decimalPlaces proves Math.round(x·10^d) exact up to here

// Largest integer with 15 digits: any decimal with at most 15 significant digits round-trips
// through a double, so totals up to it need no further check.
const ALWAYS_REPRESENTABLE = 999_999_999_999_999;

function who(sheet: SheetInput, criterion?: Criterion): string {
  const base = `评审对象 ${sheet.itemId}、专家 ${sheet.expertId}`;
  return criterion ? `${base}、指标 ${criterion.id}（${criterion.name}）` : base;
}

function problem(code: string, message: string, sheet: SheetInput, criterionId?: string): Problem {
  return { code, message, itemId: sheet.itemId, expertId: sheet.expertId, criterionId };
}

// score (= units / 10^scale) is a multiple of the criterion's step, in safe integers when possible.
function isStepMultiple(score: number, units: number | null, scale: number, c: CompiledCriterion): boolean {
  if (units !== null && c.stepUnits !== null) {
    const diff = scale - c.stepScale;
    const v = diff >= 0 ? units : units * POW10[-diff];
    const s = diff >= 0 ? c.stepUnits * POW10[diff] : c.stepUnits;
    if (Number.isSafeInteger(v) && Number.isSafeInteger(s)) return v % s === 0;
  }
  return isMultipleOf(score, c.criterion.step as number);
}

function scoreOf(scores: Record<string, number>, c: CompiledCriterion): number | undefined {
  const id = c.criterion.id;
  return c.inherited && !Object.hasOwn(scores, id) ? undefined : scores[id];
}

function exactTotal(rubric: CompiledRubric, scores: Record<string, number>): Decimal {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const c of rubric.criteria) {
    const score = scoreOf(scores, c);
    if (score !== undefined) total = addDecimals(total, multiplyDecimals(toDecimal(score), c.weight));
  }
  return total;
}

export function sheetTotal(rubric: Rubric, sheet: SheetInput): Result<number> {
  const compiledRubric = compile(rubric);
  const scores = sheet.scores;
  // Allocated only when something is wrong: the valid path must not allocate per sheet.
  let problems: Problem[] | null = null;

  // Fast path: scaled integers in doubles while every value stays a safe integer.
  let acc = 0;
  let accScale = 0;
  let fast = true;
  let present = 0;
  for (const c of compiledRubric.criteria) {
    const criterion = c.criterion;
    const score = scoreOf(scores, c);
    if (score !== undefined) present++;
    if (score === undefined) {
      if (c.required)
        (problems ??= []).push(
          problem('score_missing', `${who(sheet, criterion)}：缺少必填得分`, sheet, criterion.id),
        );
      continue;
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      (problems ??= []).push(
        problem(
          'score_not_number',
          `${who(sheet, criterion)}：得分“${String(score)}”不是有效数字`,
          sheet,
          criterion.id,
        ),
      );
      continue;
    }
    if (score < 0 || score > criterion.max) {
      (problems ??= []).push(
        problem(
          'score_out_of_range',
          `${who(sheet, criterion)}：得分 ${score} 超出范围 0～${criterion.max}`,
          sheet,
          criterion.id,
        ),
      );
      continue;
    }
    const scale = decimalPlaces(score);
    const units =
      scale === 0
        ? Number.isSafeInteger(score)
          ? score
          : null
        : scale <= FAST_SCALE
          ? Math.round(score * POW10[scale])
          : null;
    if (criterion.step !== undefined && !isStepMultiple(score, units, scale, c)) {
      (problems ??= []).push(
        problem(
          'score_step',
          `${who(sheet, criterion)}：得分 ${score} 不是步长 ${criterion.step} 的整数倍`,
          sheet,
          criterion.id,
        ),
      );
      continue;
    }
    if (!fast || problems !== null) continue;
    const termScale = scale + c.weight.scale;
    if (units === null || c.weightUnits === null || termScale >= POW10.length) {
      fast = false;
      continue;
    }
    let term = units * c.weightUnits;
    if (termScale > accScale) {
      acc *= POW10[termScale - accScale];
      accScale = termScale;
    } else {
      term *= POW10[accScale - termScale];
    }
    acc += term;
    if (!Number.isSafeInteger(term) || !Number.isSafeInteger(acc)) fast = false;
  }
  // Unknown criteria: only when the sheet has more keys than the rubric criteria it names.
  let keys = 0;
  for (const _key in scores) keys++; // a cheap trigger; Object.keys below decides
  if (keys > present) {
    for (const key of Object.keys(scores)) {
      if (!compiledRubric.known.has(key)) {
        (problems ??= []).push(
          problem('criterion_unknown', `${who(sheet)}：评分表中的指标 ${key} 不在评分细则中`, sheet, key),
        );
      }
    }
  }
  if (problems !== null) return { ok: false, problems };

  if (fast && Math.abs(acc) <= ALWAYS_REPRESENTABLE) return { ok: true, value: acc / POW10[accScale] };
  const total = exactTotal(compiledRubric, scores);
  if (!isRepresentable(total)) {
    return {
      ok: false,
      problems: [
        problem(
          'total_precision',
          `${who(sheet)}：加权总分超过 15 位有效数字，无法精确表示，请减少得分或权重的小数位数`,
          sheet,
        ),
      ],
    };
  }
  return { ok: true, value: decimalToNumber(total) };
}
