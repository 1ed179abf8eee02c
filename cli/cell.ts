// Spreadsheet cell values (单元格) as the readers see them, and their strict conversion to the
// engine's types. Cells are data only: nothing here uses a cell value as an object key.
import type { Result } from '#scoring/types';

export type Cell = string | number | boolean | null;

const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no']);
// Plain decimal notation only: "1e3", "0x10", "Infinity" or "12分" are not scores.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The cell as trimmed text ('' for an empty cell). Numbers keep JS's shortest round-trip form. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  return String(cell).trim();
}

export function isBlank(cell: Cell): boolean {
  return cellText(cell) === '';
}

/** 是/否, true/false, 1/0, Y/N (any case); an empty cell is false. */
export function parseBooleanCell(cell: Cell): Result<boolean> {
  if (typeof cell === 'boolean') return { ok: true, value: cell };
  const text = cellText(cell).toLowerCase();
  if (text === '' || FALSE_WORDS.has(text)) return { ok: true, value: false };
  if (TRUE_WORDS.has(text)) return { ok: true, value: true };
  return {
    ok: false,
    problems: [
      {
        code: 'boolean_invalid',
        message: `“${cellText(cell)}”不是是/否值，应填写 是/否、true/false、1/0 或 Y/N`,
      },
    ],
  };
}

/** A finite number written as a number or as plain decimal text (full-width digits allowed). */
export function parseNumberCell(cell: Cell): Result<number> {
  if (typeof cell === 'number') {
    return Number.isFinite(cell)
      ? { ok: true, value: cell }
      : { ok: false, problems: [{ code: 'number_invalid', message: '数值无效（非有限数）' }] };
  }
  const text = cellText(cell).replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (typeof cell === 'string' && DECIMAL.test(text)) return { ok: true, value: Number(text) };
  return {
    ok: false,
    problems: [{ code: 'number_invalid', message: `“${cellText(cell)}”不是数字` }],
  };
}
