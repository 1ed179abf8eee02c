// sheetTotal: one expert's total for one item (评分表总分) = Σ score × weight, exact.
import {
  addDecimals,
  decimalPlaces,
  decimalToNumber,
  isRepresentable,
  multiplyDecimals,
  toDecimal,
  toScaledInt,
  type Decimal,
} from './decimal';
import { criterionRequired, criterionWeight } from './defaults';
import type { Criterion, Problem, Result, Rubric, SheetInput } from './types';

interface CompiledCriterion {
  criterion: Criterion;
  required: boolean;
  weight: Decimal;
  // The weight as a safe scaled integer for the fast path; null sends every sheet to BigInt.
  weightUnits: number | null;
  stepScale: number;
}

interface CompiledRubric {
  criteria: CompiledCriterion[];
  known: Set<string>;
}

// A rubric is read once per grading run, not once per sheet (18,000 sheets in the benchmark).
// Keyed by identity: callers treat a validated rubric as immutable.
const compiled = new WeakMap<Rubric, CompiledRubric>();

function compile(rubric: Rubric): CompiledRubric {
  let c = compiled.get(rubric);
  if (!c) {
    c = {
      criteria: rubric.criteria.map((criterion) => {
        const weight = toDecimal(criterionWeight(criterion));
        const units = Number(weight.units);
        return {
          criterion,
          required: criterionRequired(criterion),
          weight,
          weightUnits: Number.isSafeInteger(units) ? units : null,
          stepScale: criterion.step === undefined ? 0 : decimalPlaces(criterion.step),
        };
      }),
      known: new Set(rubric.criteria.map((criterion) => criterion.id)),
    };
    compiled.set(rubric, c);
  }
  return c;
}

const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

// Largest integer with 15 digits: any decimal with at most 15 significant digits round-trips
// through a double, so totals below it need no further check.
const ALWAYS_REPRESENTABLE = 999_999_999_999_999;

function who(sheet: SheetInput, criterion?: Criterion): string {
  const base = `评审对象 ${sheet.itemId}、专家 ${sheet.expertId}`;
  return criterion ? `${base}、指标 ${criterion.id}（${criterion.name}）` : base;
}

function isStepMultiple(score: number, scoreScale: number, c: CompiledCriterion): boolean {
  const step = c.criterion.step as number;
  const scale = Math.max(scoreScale, c.stepScale);
  const v = toScaledInt(score, scale);
  const s = toScaledInt(step, scale);
  if (v !== null && s !== null) return v % s === 0;
  const dv = toDecimal(score);
  const ds = toDecimal(step);
  const big = (d: Decimal) => d.units * 10n ** BigInt(scale - d.scale);
  return big(dv) % big(ds) === 0n;
}

export function sheetTotal(rubric: Rubric, sheet: SheetInput): Result<number> {
  const { criteria, known } = compile(rubric);
  const problems: Problem[] = [];
  const scores = sheet.scores;
  const ref = (criterion?: Criterion) => ({
    itemId: sheet.itemId,
    expertId: sheet.expertId,
    criterionId: criterion?.id,
  });

  for (const key of Object.keys(scores)) {
    if (!known.has(key)) {
      problems.push({
        code: 'criterion_unknown',
        message: `${who(sheet)}：评分表中的指标 ${key} 不在评分细则中`,
        ...ref(),
        criterionId: key,
      });
    }
  }

  // Fast path: scaled integers in doubles while every value stays a safe integer.
  let acc = 0;
  let accScale = 0;
  let fast = true;
  const terms: { score: number; c: CompiledCriterion }[] = [];
  for (const c of criteria) {
    const criterion = c.criterion;
    const score = scores[criterion.id];
    if (score === undefined) {
      if (c.required) {
        problems.push({
          code: 'score_missing',
          message: `${who(sheet, criterion)}：缺少必填得分`,
          ...ref(criterion),
        });
      }
      continue;
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      problems.push({
        code: 'score_not_number',
        message: `${who(sheet, criterion)}：得分“${String(score)}”不是有效数字`,
        ...ref(criterion),
      });
      continue;
    }
    if (score < 0 || score > criterion.max) {
      problems.push({
        code: 'score_out_of_range',
        message: `${who(sheet, criterion)}：得分 ${score} 超出范围 0～${criterion.max}`,
        ...ref(criterion),
      });
      continue;
    }
    const scale = decimalPlaces(score);
    if (criterion.step !== undefined && !isStepMultiple(score, scale, c)) {
      problems.push({
        code: 'score_step',
        message: `${who(sheet, criterion)}：得分 ${score} 不是步长 ${criterion.step} 的整数倍`,
        ...ref(criterion),
      });
      continue;
    }
    terms.push({ score, c });
    if (!fast) continue;
    const units = toScaledInt(score, scale);
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
  if (problems.length > 0) return { ok: false, problems };

  if (fast && Math.abs(acc) <= ALWAYS_REPRESENTABLE) {
    return { ok: true, value: acc / POW10[accScale] };
  }
  let total: Decimal = { units: 0n, scale: 0 };
  for (const { score, c } of terms) total = addDecimals(total, multiplyDecimals(toDecimal(score), c.weight));
  if (!isRepresentable(total)) {
    return {
      ok: false,
      problems: [
        {
          code: 'total_precision',
          message: `${who(sheet)}：加权总分超过 15 位有效数字，无法精确表示，请减少得分或权重的小数位数`,
          ...ref(),
        },
      ],
    };
  }
  return { ok: true, value: decimalToNumber(total) };
}
