// Cell rules (单元格读取规则): how one spreadsheet cell becomes a typed value, shared by the app's
// import (read-workbook.ts) and the `pingshen` CLI, so both accept exactly the same cells and read
// them the same way. Pure: no SheetJS, no I/O; a cell is the plain data SheetJS (or the sandboxed
// reader) hands over — type, raw value, number format, formatted text.
//
// Numbers are read as exact decimals (docs/decisions/002): text is parsed digit by digit, and a
// value a double cannot hold exactly (more than 15 significant digits, 59.99999999999999999) is
// refused instead of being rounded to 60. Every reading that changes what the user typed (units,
// thousands separators, full-width digits, percent-formatted cells) comes back as a
// notice for the caller to show with the cell's sheet, row and column; nothing is converted silently.
import { parseDate } from '#scoring/dates';
import { type Decimal, decimalToNumber, isRepresentable } from '#scoring/decimal';
import type { ColumnSpec } from './spec';

/** A cell as SheetJS describes it: t = n(umber) s(tring) b(oolean) d(ate) e(rror) z(stub). */
export interface SheetCell {
  t: string;
  v?: unknown;
  z?: string | number; // number format, e.g. "0%", "0.00%", "#,##0"
  w?: string; // formatted text, as Excel shows it
}

/** What the column expects; the app's ColumnType kinds that are not tied to a list or format. */
export type CellRule =
  | { kind: 'text'; maxLength: number }
  | { kind: 'integer'; min: number; max: number; unit?: string | null }
  | { kind: 'number'; min: number; max: number; unit?: string | null }
  | { kind: 'percent' }
  | { kind: 'date' }
  | { kind: 'bool' };

export interface CellNotice {
  code: 'cell_converted' | 'cell_doubtful';
  detail: string; // Chinese, without the location: the caller prefixes sheet/row/column
}

export type CellReading<T = string | number | boolean> =
  { ok: true; value: T; notices: CellNotice[] } | { ok: false; code: string; detail: string };

/** Full-width ASCII (全角字母、数字、符号) and the ideographic space as half-width; Chinese is left alone. */
export function halfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

const TRUE_WORDS = new Set(['是', 'Y', 'YES', 'TRUE', '√', '✓', '1']);
const FALSE_WORDS = new Set(['否', 'N', 'NO', 'FALSE', '×', '✗', '0']);

/** 是/否 as people type it (Y, √, TRUE, 1, full-width too); null when the text is neither. */
export function parseYesNo(text: string): boolean | null {
  const s = halfWidth(text).trim().toUpperCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

/** The cell as trimmed text; a number as its shortest round-trip form. */
export function sheetCellText(cell: SheetCell): string {
  if (cell.t === 'n') return String(cell.v);
  return String(cell.v ?? '').trim();
}

// ---- exact decimal text ----

// Plain decimal notation only: "1e3", "0x10", "Infinity" are not quantities people type.
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** The exact decimal `text` denotes (plain notation), or null. "-0.50" → {units: -5n, scale: 1}. */
export function parseDecimalText(text: string): Decimal | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const [, sign, intPart, fracPart = ''] = m;
  if (intPart === '' && fracPart === '') return null;
  let digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  let scale = fracPart.length;
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  const units = BigInt(digits === '' ? '0' : digits);
  return { units: sign === '-' ? -units : units, scale };
}

function decimalText(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const text = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  return negative ? `-${text}` : text;
}

/** d × 10^shift, exactly (shift may be negative). */
function shiftDecimal(d: Decimal, shift: number): Decimal {
  if (shift >= 0) {
    const drop = Math.min(shift, d.scale);
    return { units: d.units * 10n ** BigInt(shift - drop), scale: d.scale - drop };
  }
  let { units, scale } = { units: d.units, scale: d.scale - shift };
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

type NumberReading = { ok: true; value: number } | { ok: false; code: string; detail: string };

/** A decimal as the number the engine gets, or a refusal when a double cannot hold it exactly. */
function exactNumber(d: Decimal, shown: string): NumberReading {
  if (!isRepresentable(d)) {
    return {
      ok: false,
      code: 'number_precision',
      detail: `“${shown}”有效数字超过15位，无法精确读取（不会四舍五入）；请核对后重新填写`,
    };
  }
  return { ok: true, value: decimalToNumber(d) };
}

/** Exact reading of plain decimal text ("59.99999999999999999" is refused, never read as 60). */
export function readDecimalText(text: string): NumberReading | null {
  const d = parseDecimalText(text);
  return d === null ? null : exactNumber(d, text);
}

// ---- quantities with units ----

// What may follow a number in a column of this unit: "1,000万元" and "1000万" in a 万元 column.
// Another unit ("10000元" there) is refused, naming the column's unit: no magnitude is guessed.
const UNIT_SPELLINGS: Record<string, readonly string[]> = {
  万元: ['万元', '万'],
  '万元/年': ['万元/年', '万元', '万'],
  平方米: ['平方米', '㎡', 'm²', 'm2', '平米'],
};

function unitMatches(expected: string, written: string): boolean {
  return Object.hasOwn(UNIT_SPELLINGS, expected)
    ? UNIT_SPELLINGS[expected].includes(written)
    : written === expected;
}

// A number followed by a unit, as people type it: "1,000万元", "30人", "1000 万", "150㎡".
const NUMBER_WITH_UNIT = /^([+-]?[\d,]*\.?\d+)\s*([^\d\s.,+-][^\d]*?|m2|m²)$/;

/** Thousands separators out: "1,000,000.5" → "1000000.5"; a comma elsewhere ("1,5") is kept and fails. */
function withoutGrouping(s: string): string {
  return s.replace(/,(?=\d{3}(?:\D|$))/g, '');
}

/**
 * A quantity cell: a number cell, or text holding a plain decimal, optionally with thousands
 * separators, full-width digits, and the unit the column is in (or one that converts to it exactly).
 */
function readQuantity(cell: SheetCell, unit: string | null | undefined): CellReading<number> {
  if (cell.t === 'n') {
    if (typeof cell.v !== 'number' || !Number.isFinite(cell.v))
      return { ok: false, code: 'type_number', detail: '数值无效（非有限数）' };
    return { ok: true, value: cell.v, notices: [] };
  }
  const typed = sheetCellText(cell);
  const text = halfWidth(typed).trim();
  const changes: string[] = [];
  if (text !== typed) changes.push('全角字符');
  let numberPart = text;
  let written = '';
  let d = parseDecimalText(withoutGrouping(text));
  if (d === null) {
    const m = NUMBER_WITH_UNIT.exec(text);
    if (m) {
      numberPart = m[1];
      written = m[2].trim();
      d = parseDecimalText(withoutGrouping(numberPart));
    }
  }
  if (d === null) return { ok: false, code: 'type_number', detail: `应为数字，实际为“${typed}”` };
  if (withoutGrouping(numberPart) !== numberPart) changes.push('千位分隔符');
  if (written !== '') {
    if (!unit || !unitMatches(unit, written)) {
      return unit
        ? {
            ok: false,
            code: 'unit_mismatch',
            detail: `单位应为${unit}，实际为“${typed}”；请换算为${unit}后只填数字`,
          }
        : { ok: false, code: 'type_number', detail: `应为数字，实际为“${typed}”` };
    }
    changes.push(`单位“${written}”`);
  }
  const exact = exactNumber(d, typed);
  if (!exact.ok) return exact;
  const notices: CellNotice[] =
    changes.length === 0
      ? []
      : [
          {
            code: 'cell_converted',
            detail: `“${typed}”按${decimalText(d)}${unit ?? ''}读取（${changes.join('、')}）`,
          },
        ];
  return { ok: true, value: exact.value, notices };
}

function inRange(n: number, min: number, max: number, notices: CellNotice[]): CellReading<number> {
  if (n < min || n > max)
    return {
      ok: false,
      code: 'out_of_range',
      detail: min === 0 && n < 0 ? `不能为负数，实际为${n}` : `应在${min}到${max}之间，实际为${n}`,
    };
  return { ok: true, value: n, notices };
}

function isPercentFormat(z: SheetCell['z']): boolean {
  return typeof z === 'string' && /%/.test(z.replace(/"[^"]*"|\\./g, ''));
}

/**
 * A percentage 0–100: 45, "45", "45%", "４５％", or a number cell formatted as a percentage, which
 * stores 0.45 for the 45% Excel shows (read as 45, exactly, with a notice). A bare 0.55 is read as
 * 0.55% with a word, since other systems often store ratios as fractions.
 */
function readPercent(cell: SheetCell): CellReading<number> {
  const typed = sheetCellText(cell);
  if (cell.t === 'n' && isPercentFormat(cell.z)) {
    const read = readQuantity(cell, null);
    if (!read.ok) return read;
    const shown = cell.w ?? `${typed}`;
    const d = shiftDecimal(parseDecimalText(numberText(read.value))!, 2);
    const exact = exactNumber(d, shown);
    if (!exact.ok) return exact;
    const checked = inRange(exact.value, 0, 100, []);
    if (!checked.ok) return { ...checked, detail: `应为0–100的百分比，实际为${shown}` };
    return {
      ok: true,
      value: exact.value,
      notices: [
        {
          code: 'cell_converted',
          detail: `单元格为百分比格式（存储值${typed}），按${decimalText(d)}%读取`,
        },
      ],
    };
  }
  const percentSign = /[%％]$/;
  const bare = cell.t === 'n' || !percentSign.test(typed);
  const read =
    cell.t === 'n'
      ? readQuantity(cell, null)
      : readQuantity({ t: 's', v: typed.replace(percentSign, '') }, null);
  if (!read.ok)
    return read.code === 'number_precision'
      ? read
      : { ok: false, code: 'type_number', detail: `应为0–100的百分比，实际为“${typed}”` };
  const n = read.value;
  const checked = inRange(n, 0, 100, read.notices);
  if (!checked.ok) return { ...checked, detail: `应为0–100的百分比，实际为${numberText(n)}` };
  const notices = [...read.notices];
  if (bare && n > 0 && n < 1) {
    const meant = decimalText(shiftDecimal(parseDecimalText(numberText(n))!, 2));
    notices.push({
      code: 'cell_doubtful',
      detail: `填写的是${numberText(n)}，按${numberText(n)}%读取；如指${meant}%，请填写${meant}`,
    });
  }
  return { ok: true, value: n, notices };
}

/** Shortest round-trip text of a finite number, in plain notation (1e-7 → "0.0000001"). */
function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(s)!;
  const digits = m[2] + (m[3] ?? '');
  const exp = Number(m[4]) - (m[3]?.length ?? 0);
  return decimalText(shiftDecimal({ units: BigInt(m[1] + digits), scale: 0 }, exp));
}

// ---- dates ----

// SheetJS's reading of a date serial (1900 date system, with Excel's phantom 1900-02-29), without
// SheetJS and without the local time zone; a test pins it to XLSX.SSF.parse_date_code.
function serialParts(v: number): { y: number; m: number; d: number } | null {
  if (v > 2958465 || v < 0) return null;
  let s = v.toPrecision(16);
  if (s.includes('e')) return null;
  s = String(Number(s));
  const x = Number(s);
  let date = Math.trunc(x);
  const scaled = 86400 * (x - date);
  let time = Math.floor(scaled);
  const u = scaled - time;
  if (Math.abs(u) >= 1e-6 && u > 0.9999 && ++time === 86400) date += 1;
  if (date === 60) return { y: 1900, m: 2, d: 29 };
  if (date === 0) return { y: 1900, m: 1, d: 0 };
  const day = new Date(Date.UTC(1900, 0, 1) + ((date > 60 ? date - 1 : date) - 1) * 86_400_000);
  return { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() };
}

/** ISO date of an Excel serial, or null when the serial is no calendar day (a bare time, 1900-02-29). */
export function serialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const d = serialParts(serial);
  if (!d || d.y < 1900 || d.y > 2100) return null;
  const iso = `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  return parseDate(iso).ok ? iso : null;
}

function readDate(cell: SheetCell): CellReading<string> {
  if (cell.t === 'n') {
    const iso = serialDate(cell.v as number);
    if (iso === null)
      return {
        ok: false,
        code: 'date_invalid',
        detail: `“${cell.w ?? sheetCellText(cell)}”不是有效日期（单元格中是数值${sheetCellText(cell)}）`,
      };
    return { ok: true, value: iso, notices: [] };
  }
  const parsed = parseDate(halfWidth(sheetCellText(cell)).replace(/[\u2010-\u2015\u2212]/g, '-'));
  if (!parsed.ok) return { ok: false, code: parsed.problems[0].code, detail: parsed.problems[0].message };
  return { ok: true, value: parsed.value, notices: [] };
}

// ---- the dispatcher ----

/** One non-empty cell read as the column's rule expects; refusals carry a code and a Chinese detail. */
export function readCell(rule: CellRule, cell: SheetCell): CellReading {
  switch (rule.kind) {
    case 'text': {
      const s = sheetCellText(cell);
      const length = Array.from(s).length;
      if (length > rule.maxLength)
        return { ok: false, code: 'text_too_long', detail: `不超过${rule.maxLength}字，实际${length}字` };
      return { ok: true, value: s, notices: [] };
    }
    case 'integer':
    case 'number': {
      const read = readQuantity(cell, rule.unit);
      if (!read.ok) return read;
      const n = read.value;
      if (rule.kind === 'integer' && !Number.isInteger(n))
        return { ok: false, code: 'type_integer', detail: `应为整数，实际为${numberText(n)}` };
      return inRange(n, rule.min, rule.max, read.notices);
    }
    case 'percent':
      return readPercent(cell);
    case 'date':
      return readDate(cell);
    case 'bool': {
      if (cell.t === 'b') return { ok: true, value: Boolean(cell.v), notices: [] };
      const yes = parseYesNo(sheetCellText(cell));
      if (yes !== null) return { ok: true, value: yes, notices: [] };
      return { ok: false, code: 'type_bool', detail: `应填“是”或“否”，实际为“${sheetCellText(cell)}”` };
    }
  }
}

/** The unit a header names in its last brackets: 原值（万元） → 万元, 人数（人） → 人; none for （%）. */
export function headerUnit(header: string): string | null {
  const m = /[（(]([^（）()]+)[）)]$/.exec(header);
  return m && m[1] !== '%' ? m[1] : null;
}

/** The rule of a template column (spec.ts), with the unit its header names; null for list, code and e-mail columns. */
export function columnCellRule(column: Pick<ColumnSpec, 'header' | 'type'>): CellRule | null {
  const type = column.type;
  switch (type.kind) {
    case 'integer':
    case 'number':
      return { kind: type.kind, min: type.min, max: type.max, unit: headerUnit(column.header) };
    case 'text':
    case 'percent':
    case 'date':
    case 'bool':
      return type;
    default:
      return null;
  }
}
