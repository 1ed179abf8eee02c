// Exact decimal arithmetic (精确十进制运算) for the whole engine. Nothing else in scoring/ adds,
// multiplies, divides or rounds a score.
//
// A JS number crossing the engine boundary is read as the decimal it was written as: the shortest
// decimal that round-trips to that double (84.12 is 8412/100, not 84.1199999999999974…). Inside,
// values are scaled integers (units / 10^scale) and every sum, mean, share × n and cap is computed
// exactly, then rounded once, half-up (四舍五入, halves away from zero).
//
// Comparisons need no help: doubles are ordered like the decimals they round-trip to, and two
// distinct decimals of at most 15 significant digits never share a double, so `<`, `>=` and `===`
// on such numbers are exact. Only arithmetic on them is not.

import type { ShareRounding } from './types';

/** value = units / 10^scale, exactly. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

// Powers of ten that are exact doubles (10^22 is the largest).
const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const BIG_POW10: bigint[] = Array.from({ length: 23 }, (_, i) => 10n ** BigInt(i));

function bigPow10(n: number): bigint {
  return n < BIG_POW10.length ? BIG_POW10[n] : 10n ** BigInt(n);
}

function assertFinite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`decimal: not a finite number: ${x}`);
}

/**
 * Number of fraction digits of the shortest decimal that round-trips to x (84.12 → 2, 3 → 0,
 * 1e-7 → 7). Throws on NaN/±Infinity: callers validate finiteness first.
 */
export function decimalPlaces(x: number): number {
  assertFinite(x);
  if (Number.isInteger(x)) return 0;
  // m / 10^d is correctly rounded when m and 10^d are exact doubles, so equality with x proves
  // that the d-digit decimal m·10^-d denotes x; the first d that works is the shortest.
  for (let d = 1; d <= 15; d++) {
    const p = POW10[d];
    const m = Math.round(x * p);
    if (Number.isSafeInteger(m) && m / p === x) return d;
  }
  return parseDecimalString(String(x)).scale;
}

function parseDecimalString(s: string): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!match) throw new RangeError(`decimal: cannot read ${s}`);
  const [, sign, intPart, fracPart = '', expPart = '0'] = match;
  const exp = Number(expPart);
  let units = BigInt(intPart + fracPart);
  let scale = fracPart.length - exp;
  if (scale < 0) {
    units *= bigPow10(-scale);
    scale = 0;
  }
  return normalise({ units: sign === '-' ? -units : units, scale });
}

function normalise(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** The exact decimal a number denotes (see the module comment). */
export function toDecimal(x: number): Decimal {
  const scale = decimalPlaces(x);
  if (scale < POW10.length) {
    const m = Math.round(x * POW10[scale]);
    if (Number.isSafeInteger(m)) return { units: BigInt(m), scale };
  }
  return parseDecimalString(String(x));
}

/**
 * x · 10^scale as a safe integer when that is exact (x has at most `scale` fraction digits and the
 * result is below 2^53); otherwise null, and the caller falls back to `toDecimal`.
 */
export function toScaledInt(x: number, scale: number): number | null {
  if (!Number.isFinite(x) || scale >= POW10.length) return null;
  const m = Math.round(x * POW10[scale]);
  if (!Number.isSafeInteger(m)) return null;
  return m / POW10[scale] === x ? m : null;
}

/** Nearest double to the decimal. */
export function decimalToNumber(d: Decimal): number {
  const { units, scale } = d;
  const abs = units < 0n ? -units : units;
  // Both operands exact doubles → one correctly rounded division.
  if (abs <= BigInt(Number.MAX_SAFE_INTEGER) && scale < POW10.length) {
    return Number(units) / POW10[scale];
  }
  const digits = abs.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number((units < 0n ? '-' : '') + text);
}

/** True when the decimal survives the trip to a double and back unchanged. */
export function isRepresentable(d: Decimal): boolean {
  const back = toDecimal(decimalToNumber(d));
  const a = normalise(d);
  return back.units === a.units && back.scale === a.scale;
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * bigPow10(scale - d.scale);
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact sum of numbers, as the nearest double (exact for ≤ 15 significant digits). */
export function sumExact(values: readonly number[]): number {
  let acc: Decimal = { units: 0n, scale: 0 };
  for (const v of values) acc = addDecimals(acc, toDecimal(v));
  return decimalToNumber(acc);
}

/** Exact product a × b, as the nearest double. */
export function multiplyExact(a: number, b: number): number {
  return decimalToNumber(multiplyDecimals(toDecimal(a), toDecimal(b)));
}

/** Exact difference a − b, as the nearest double. */
export function subtractExact(a: number, b: number): number {
  return decimalToNumber(subtractDecimals(toDecimal(a), toDecimal(b)));
}

/** num / den rounded to an integer with the given rule; den > 0. Half-up = halves away from zero. */
export function divideAndRound(num: bigint, den: bigint, rounding: ShareRounding): bigint {
  if (den <= 0n) throw new RangeError('decimal: divisor must be positive');
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = abs / den;
  const r = abs % den;
  let magnitude: bigint;
  if (r === 0n) magnitude = q;
  else if (rounding === 'round') magnitude = 2n * r >= den ? q + 1n : q;
  else if (rounding === 'floor') magnitude = negative ? q + 1n : q;
  else magnitude = negative ? q : q + 1n;
  return negative ? -magnitude : magnitude;
}

/**
 * The values as safe integers at one common scale (84.12, 84.125 → [84120, 84125] at scale 3),
 * or null when that does not fit in doubles; callers then take the BigInt path.
 */
function scaledInts(values: readonly number[]): { units: number[]; scale: number } | null {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, decimalPlaces(v));
  if (scale >= POW10.length) return null;
  const units: number[] = [];
  for (const v of values) {
    const m = toScaledInt(v, scale);
    if (m === null) return null;
    units.push(m);
  }
  return { units, scale };
}

/** num / den rounded half-up (away from zero) when all of it stays within safe integers; else null. */
function divideRoundSafe(num: number, den: number): number | null {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) return null;
  const abs = Math.abs(num);
  let q = Math.floor(abs / den);
  // The float quotient can be one off for large operands; the integer remainder settles it.
  let r = abs - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  const rounded = 2 * r >= den ? q + 1 : q;
  return num < 0 ? -rounded : rounded;
}

/** (Σ values) / count, rounded half-up to `decimals` fraction digits, exactly. */
export function meanRounded(values: readonly number[], decimals: number): number {
  if (values.length === 0) throw new RangeError('decimal: mean of no values');
  const fast = scaledInts(values);
  if (fast && decimals < POW10.length && fast.scale < POW10.length) {
    let sum = 0;
    for (const u of fast.units) sum += u;
    const q = divideRoundSafe(sum * POW10[decimals], values.length * POW10[fast.scale]);
    if (q !== null && Number.isSafeInteger(sum)) return q / POW10[decimals];
  }
  let sum: Decimal = { units: 0n, scale: 0 };
  for (const v of values) sum = addDecimals(sum, toDecimal(v));
  return ratioRounded(sum, BigInt(values.length), decimals);
}

/** True when high − low > limit, exactly (the spread flag: 分差过大). */
export function differenceExceeds(high: number, low: number, limit: number): boolean {
  const fast = scaledInts([high, low, limit]);
  if (fast) {
    const [h, l, lim] = fast.units;
    const diff = h - l;
    if (Number.isSafeInteger(diff)) return diff > lim;
  }
  return compareDecimals(subtractDecimals(toDecimal(high), toDecimal(low)), toDecimal(limit)) > 0;
}

/** d / divisor rounded half-up to `decimals` fraction digits. */
function ratioRounded(d: Decimal, divisor: bigint, decimals: number): number {
  // d / divisor = units / (divisor · 10^scale); scale up by 10^decimals before the one rounding.
  const units = divideAndRound(d.units * bigPow10(decimals), divisor * bigPow10(d.scale), 'round');
  return decimalToNumber({ units, scale: decimals });
}

/** x rounded half-up to `decimals` fraction digits, reading x as its shortest decimal. */
export function roundHalfUp(x: number, decimals: number): number {
  const scale = decimalPlaces(x);
  if (scale <= decimals) return x;
  const units = toScaledInt(x, scale);
  if (units !== null && scale < POW10.length && decimals < POW10.length) {
    const q = divideRoundSafe(units, POW10[scale - decimals]);
    if (q !== null) return q / POW10[decimals];
  }
  return ratioRounded(toDecimal(x), 1n, decimals);
}

/** R(share × n): the share of a count, computed exactly, rounded by the band's rule. */
export function shareOfCount(share: number, n: number, rounding: ShareRounding): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`decimal: bad count ${n}`);
  const s = toDecimal(share);
  return Number(divideAndRound(s.units * BigInt(n), bigPow10(s.scale), rounding));
}

/** True when value is an exact integer multiple of step (0.3 is a multiple of 0.1); step > 0. */
export function isMultipleOf(value: number, step: number): boolean {
  const scale = Math.max(decimalPlaces(value), decimalPlaces(step));
  const v = toScaledInt(value, scale);
  const s = toScaledInt(step, scale);
  if (v !== null && s !== null) return v % s === 0;
  const dv = toDecimal(value);
  const ds = toDecimal(step);
  return rescale(dv, scale) % rescale(ds, scale) === 0n;
}
