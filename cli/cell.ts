// Spreadsheet cell values (单元格) as the CLI's readers see them, and their conversion to the
// engine's types through the cell rules the app's import uses (app/utils/xlsx/cell-rules.ts), so
// the CLI accepts exactly what the import accepts and reads it the same way. Cells are data only:
// nothing here uses a cell value as an object key.
import {
  type CellNotice,
  type CellRule,
  parseYesNo,
  readCell,
  type SheetCell,
  sheetCellText,
} from '#app/utils/xlsx/cell-rules';
import type { Problem, Result } from '#scoring/types';

export type { SheetCell } from '#app/utils/xlsx/cell-rules';

/**
 * A cell: plain text, number or boolean, or the spreadsheet's own description of it when that
 * carries more than the value (a number with a format such as 0%, which stores 0.65 for 65%).
 */
export type Cell = string | number | boolean | null | SheetCell;

/** A reading plus the conversions it made (full-width digits, units, percent format), each to be shown. */
export type CellResult<T> =
  { ok: true; value: T; notices: CellNotice[] } | { ok: false; problems: Problem[] };

/** The cell as the shared rules take it; null for an empty cell. */
export function sheetCell(cell: Cell): SheetCell | null {
  if (cell === null) return null;
  if (typeof cell === 'object') return cell;
  if (typeof cell === 'number') return { t: 'n', v: cell };
  if (typeof cell === 'boolean') return { t: 'b', v: cell };
  return { t: 's', v: cell };
}

/** The cell as trimmed text ('' for an empty cell). Numbers keep JS's shortest round-trip form. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return sheetCellText(cell);
  return String(cell).trim();
}

export function isBlank(cell: Cell): boolean {
  return cellText(cell) === '';
}

/** 是/否, true/false, 1/0, Y/N, √/× (any case, full-width too); an empty cell is false. */
export function parseBooleanCell(cell: Cell): Result<boolean> {
  if (typeof cell === 'boolean') return { ok: true, value: cell };
  if (cell !== null && typeof cell === 'object' && cell.t === 'b')
    return { ok: true, value: Boolean(cell.v) };
  const text = cellText(cell);
  if (text === '') return { ok: true, value: false };
  const yes = parseYesNo(text);
  if (yes !== null) return { ok: true, value: yes };
  return {
    ok: false,
    problems: [
      {
        code: 'boolean_invalid',
        message: `“${text}”不是是/否值，应填写 是/否、true/false、1/0 或 Y/N`,
      },
    ],
  };
}

const ANY_NUMBER: CellRule = {
  kind: 'number',
  min: Number.NEGATIVE_INFINITY,
  max: Number.POSITIVE_INFINITY,
  unit: null,
};

/**
 * A finite number written as a number or as plain decimal text (full-width digits and thousands
 * separators allowed, with a notice), read exactly: more than 15 significant digits is refused.
 */
export function parseNumberCell(cell: Cell): CellResult<number> {
  const c = sheetCell(cell);
  if (c === null || c.t === 'b' || (c.t !== 'n' && cellText(cell) === ''))
    return { ok: false, problems: [{ code: 'number_invalid', message: `“${cellText(cell)}”不是数字` }] };
  const read = readCell(ANY_NUMBER, c);
  if (read.ok) return { ok: true, value: read.value as number, notices: read.notices };
  const message =
    read.code === 'type_number'
      ? `“${cellText(cell)}”不是数字`
      : c.t === 'n'
        ? '数值无效（非有限数）'
        : read.detail;
  return {
    ok: false,
    problems: [{ code: read.code === 'type_number' ? 'number_invalid' : read.code, message }],
  };
}

/** A cell read by a column rule of the app's import (percent, integer with its unit, 是/否, …). */
export function readCellAs(rule: CellRule, cell: Cell): CellResult<string | number | boolean> {
  const c = sheetCell(cell);
  if (c === null) return { ok: false, problems: [{ code: 'required', message: '未填写' }] };
  const read = readCell(rule, c);
  return read.ok ? read : { ok: false, problems: [{ code: read.code, message: read.detail }] };
}
