// Reads the first worksheet of an .xlsx / .xls / .csv file into rows of plain cells through SheetJS.
// Cells are walked by address, never turned into objects keyed by header text, so a header such as
// `__proto__` stays a string in an array.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import * as XLSX from './xlsx';
import type { Result } from '#scoring/types';
import type { Cell } from './cell';

export interface TableRow {
  row: number; // 1-based row number as the spreadsheet shows it
  cells: Cell[];
}

export interface Table {
  sheet: string;
  header: Cell[];
  headerRow: number;
  rows: TableRow[]; // blank rows left out
}

export const TABLE_EXTENSIONS = ['.xlsx', '.xls', '.csv'];

function fail(message: string): Result<Table> {
  return { ok: false, problems: [{ code: 'file_unreadable', message }] };
}

type CellError = { error: string };

// A number keeps its format when it has one: a cell Excel shows as 65% stores 0.65, and only the
// format tells the cell rules to read it as 65.
function cellValue(cell: XLSX.CellObject | undefined): Cell | CellError {
  if (!cell) return null;
  switch (cell.t) {
    case 'n':
      return typeof cell.z === 'string' && cell.z !== 'General'
        ? { t: 'n', v: cell.v as number, z: cell.z, ...(cell.w === undefined ? {} : { w: cell.w }) }
        : (cell.v as number);
    case 'b':
      return cell.v as boolean;
    case 's':
      return String(cell.v ?? '');
    case 'd':
      return cell.w ?? String(cell.v);
    case 'e':
      return { error: cell.w ?? '#ERROR' };
    default:
      return null;
  }
}

// A CSV is UTF-8 when its bytes are valid UTF-8; otherwise it is read as GB18030, the encoding
// Chinese Excel uses for "CSV (逗号分隔)" (GBK is a subset of it).
function csvText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function hasData(sheet: XLSX.WorkSheet | undefined): boolean {
  if (!sheet) return false;
  for (const key of Object.keys(sheet)) {
    if (key.startsWith('!')) continue;
    const cell = sheet[key] as XLSX.CellObject;
    if (cell.v !== undefined && cell.v !== null && String(cell.v).trim() !== '') return true;
  }
  return false;
}

export function readTable(path: string): Result<Table> {
  const ext = extname(path).toLowerCase();
  if (!TABLE_EXTENSIONS.includes(ext)) {
    return fail(`不支持的文件类型“${ext || path}”：请使用 .xlsx、.xls 或 .csv`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return fail(`无法读取文件 ${path}：文件不存在或无权限`);
  }
  let workbook: XLSX.WorkBook;
  try {
    // CSV is read as UTF-8 text with type inference off, so "001" stays "001" and "2026-09-28" stays text.
    workbook =
      ext === '.csv'
        ? XLSX.read(csvText(bytes).replace(/^\uFEFF/, ''), { type: 'string', raw: true })
        : XLSX.read(bytes, { type: 'buffer', cellDates: false, cellNF: true });
  } catch {
    return fail(`无法解析文件 ${path}：不是有效的 ${ext.slice(1)} 文件`);
  }
  const sheetName = workbook.SheetNames[0];
  const sheet = sheetName === undefined ? undefined : workbook.Sheets[sheetName];
  if (!sheet || !sheet['!ref']) return fail(`文件 ${path} 中没有数据`);
  // Only the first worksheet is read; data on another one (one sheet per expert, say) would
  // otherwise be dropped without a word.
  const others = workbook.SheetNames.slice(1).filter((name) => hasData(workbook.Sheets[name]));
  if (others.length > 0) {
    return fail(
      `文件 ${path} 中除第一个工作表“${sheetName}”外，工作表${others.map((n) => `“${n}”`).join('、')}也有数据：` +
        '只读取第一个工作表，请把数据合并到第一个工作表，或删除其他工作表',
    );
  }

  const range = XLSX.utils.decode_range(sheet['!ref']);
  const problems: Result<Table> & { ok: false } = { ok: false, problems: [] };
  const rows: TableRow[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: Cell[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const address = XLSX.utils.encode_cell({ r, c });
      const value = cellValue(sheet[address] as XLSX.CellObject | undefined);
      if (value !== null && typeof value === 'object' && 'error' in value) {
        problems.problems.push({
          code: 'cell_error',
          message: `单元格 ${address} 是错误值 ${value.error}`,
          row: r + 1,
          sheet: sheetName,
        });
        cells.push(null);
      } else {
        cells.push(value);
      }
    }
    if (cells.some((cell) => cell !== null && String(cell).trim() !== '')) rows.push({ row: r + 1, cells });
  }
  if (problems.problems.length > 0) return problems;
  const [header, ...body] = rows;
  if (!header) return fail(`文件 ${path} 中没有数据`);
  return { ok: true, value: { sheet: sheetName, header: header.cells, headerRow: header.row, rows: body } };
}
