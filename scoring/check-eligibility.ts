// Eligibility pre-check (基本条件 / 形式审查): rules as data over an application's imported fields.
// Each condition passes, fails, or is missing (the field was not provided or not readable);
// a rule and the whole application combine those so that a clear failure is never hidden behind
// a gap in the data, and a gap is never mistaken for a pass.
import type {
  ApplicationData,
  ConditionResult,
  EligibilityCondition,
  EligibilityResult,
  EligibilityRule,
  RuleOutcome,
  RuleResult,
} from './types';

const YES = new Set(['是', 'true', 'yes', 'y', '1', '√', '✓']);
const NO = new Set(['否', 'false', 'no', 'n', '0', '×', '✗']);
// A plain decimal, optionally with a trailing % (ratios are entered as 55 or 55%).
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)%?$/;

function readValue(data: ApplicationData, field: string): unknown {
  // Own keys only: an imported row named "constructor" or "__proto__" must not reach the prototype.
  return Object.hasOwn(data, field) ? data[field] : undefined;
}

function asBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  // A spreadsheet cell holding 1 or 0 arrives as a number.
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (YES.has(s)) return true;
    if (NO.has(s)) return false;
  }
  return null;
}

function asNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string') {
    const s = raw.trim().replace(/,/g, '');
    if (DECIMAL.test(s)) return Number(s.replace('%', ''));
  }
  return null;
}

function compare(value: number, op: EligibilityCondition['op'], threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case 'true':
      throw new TypeError('compare() is only for numeric comparators');
  }
}

// Built with one fixed shape: a pre-check runs over thousands of imported applications.
function conditionResult(
  c: EligibilityCondition,
  outcome: RuleOutcome,
  value: number | boolean | null,
  threshold: number | boolean,
): ConditionResult {
  const result: ConditionResult = { id: c.id, label: c.label, outcome, value, threshold, op: c.op };
  if (c.unit !== undefined) result.unit = c.unit;
  return result;
}

function isBooleanCondition(c: EligibilityCondition): boolean {
  return c.op === 'true' || typeof c.value === 'boolean';
}

function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

export interface UnreadableField {
  field: string;
  value: unknown;
  kind: 'number' | 'boolean';
}

/**
 * Fields the rules read whose value is present but unreadable ("五十", "也许"): checkEligibility
 * counts them as missing, so an importer can tell a typo from an empty cell and say which.
 */
export function unreadableFields(rules: EligibilityRule[], data: ApplicationData): UnreadableField[] {
  const seen = new Set<string>();
  const unreadable: UnreadableField[] = [];
  for (const rule of rules) {
    for (const c of rule.conditions) {
      if (seen.has(c.field)) continue;
      seen.add(c.field);
      const raw = readValue(data, c.field);
      if (isAbsent(raw)) continue;
      const kind = isBooleanCondition(c) ? 'boolean' : 'number';
      if ((kind === 'boolean' ? asBoolean(raw) : asNumber(raw)) === null)
        unreadable.push({ field: c.field, value: raw, kind });
    }
  }
  return unreadable;
}

function checkCondition(c: EligibilityCondition, data: ApplicationData): ConditionResult {
  const raw = readValue(data, c.field);
  if (isBooleanCondition(c)) {
    if (c.op !== 'true' && c.op !== '==') {
      throw new TypeError(`条件 ${c.id} 的比较符 ${c.op} 不能用于是/否值`);
    }
    const expected = c.op === 'true' ? true : (c.value as boolean);
    const value = asBoolean(raw);
    if (value === null) return conditionResult(c, 'missing', null, expected);
    return conditionResult(c, value === expected ? 'pass' : 'fail', value, expected);
  }
  if (typeof c.value !== 'number' || !Number.isFinite(c.value)) {
    // Rules come from presets or validated schemes; a numeric comparator without a number is a bug.
    throw new TypeError(`条件 ${c.id} 缺少数值阈值`);
  }
  const value = asNumber(raw);
  if (value === null) return conditionResult(c, 'missing', null, c.value);
  return conditionResult(c, compare(value, c.op, c.value) ? 'pass' : 'fail', value, c.value);
}

function combineAll(outcomes: RuleOutcome[]): RuleOutcome {
  if (outcomes.includes('fail')) return 'fail';
  if (outcomes.includes('missing')) return 'missing';
  return 'pass';
}

function combineAny(outcomes: RuleOutcome[]): RuleOutcome {
  if (outcomes.includes('pass')) return 'pass';
  if (outcomes.includes('missing')) return 'missing';
  return 'fail';
}

/**
 * Checks an application against eligibility rules. A rule holds when all its conditions pass, or
 * with `anyOf` when at least one does ("设备原值不低于1000万元 或 年相关服务收入超过1000万元"); a rule
 * whose outcome depends on data not provided is `missing`. Overall: any failed rule → ineligible;
 * otherwise any missing → incomplete; otherwise eligible.
 */
export function checkEligibility(rules: EligibilityRule[], data: ApplicationData): EligibilityResult {
  const results: RuleResult[] = rules.map((rule) => {
    if (rule.conditions.length === 0) throw new TypeError(`规则 ${rule.id} 没有任何条件`);
    const conditions = rule.conditions.map((c) => checkCondition(c, data));
    const outcomes = conditions.map((c) => c.outcome);
    return {
      id: rule.id,
      label: rule.label,
      outcome: rule.anyOf ? combineAny(outcomes) : combineAll(outcomes),
      conditions,
      ...(rule.source === undefined ? {} : { source: rule.source }),
    };
  });
  const outcomes = results.map((r) => r.outcome);
  const overall = outcomes.includes('fail')
    ? 'ineligible'
    : outcomes.includes('missing')
      ? 'incomplete'
      : 'eligible';
  return { overall, rules: results };
}
