// Reads the first worksheet of an .xlsx / .csv file into rows of plain cells. Workbooks are opened by
// the app's sandboxed reader (app/utils/xlsx/sandbox.ts: a worker with heap and time limits, the same
// limits and refusals as the web import: .xls/.xlsb/.ods or a zip bomb named .xlsx are refused);
// CSV text is parsed by SheetJS here, under the same 10 MB limit. Cells are walked by index, never
// turned into objects keyed by header text, so a header such as `__proto__` stays a string in an array.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { WORKBOOK_LIMITS, cellName, type PlainCell, type PlainSheet } from '#app/utils/xlsx/plain';
import { readWorkbookInSandbox } from '#app/utils/xlsx/sandbox';
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
function cellValue(cell: PlainCell | null | undefined): Cell | CellError {
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

function hasData(sheet: PlainSheet | undefined): boolean {
  if (!sheet) return false;
  return sheet.rows.some((row) =>
    row?.some((cell) => cell && cell.v !== null && String(cell.v).trim() !== ''),
  );
}

// CSV text through SheetJS, as one sheet in the plain form the sandbox returns for workbooks.
function csvSheet(bytes: Buffer): PlainSheet | null {
  // Read as UTF-8 text with type inference off, so "001" stays "001" and "2026-09-28" stays text.
  const workbook = XLSX.read(csvText(bytes).replace(/^\uFEFF/, ''), {
    type: 'string',
    raw: true,
    dense: true,
  });
  const name = workbook.SheetNames[0];
  const ws = name === undefined ? undefined : workbook.Sheets[name];
  if (!ws || !ws['!ref'] || name === undefined) return null;
  const range = XLSX.utils.decode_range(ws['!ref']);
  const data = (ws as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
  const rows = data.map((row) =>
    (row ?? []).map((c): PlainCell | null =>
      c
        ? {
            t: c.t,
            v: typeof c.v === 'string' || typeof c.v === 'number' || typeof c.v === 'boolean' ? c.v : null,
            ...(c.w === undefined ? {} : { w: c.w }),
          }
        : null,
    ),
  );
  return { name, hidden: false, range, fullRange: range, rows, merges: [] };
}

export async function readTable(path: string): Promise<Result<Table>> {
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
  let sheetNames: string[];
  let sheets: Map<string, PlainSheet>;
  if (ext === '.csv') {
    if (bytes.byteLength > WORKBOOK_LIMITS.fileBytes)
      return fail(`文件 ${path} 超过10MB上限，请拆分后分别处理`);
    let sheet: PlainSheet | null;
    try {
      sheet = csvSheet(bytes);
    } catch {
      return fail(`无法解析文件 ${path}：不是有效的 csv 文件`);
    }
    if (!sheet) return fail(`文件 ${path} 中没有数据`);
    sheetNames = [sheet.name];
    sheets = new Map([[sheet.name, sheet]]);
  } else {
    const opened = await readWorkbookInSandbox(bytes);
    if (!opened.ok) return fail(`无法读取文件 ${path}：${opened.problems.map((p) => p.message).join('；')}`);
    ({ sheetNames, sheets } = opened.book);
  }
  const sheetName = sheetNames[0];
  const sheet = sheetName === undefined ? undefined : sheets.get(sheetName);
  if (!sheet || !sheet.range || sheetName === undefined) return fail(`文件 ${path} 中没有数据`);
  // Only the first worksheet is read; data on another one (one sheet per expert, say) would
  // otherwise be dropped without a word.
  const others = sheetNames.slice(1).filter((name) => hasData(sheets.get(name)));
  if (others.length > 0) {
    return fail(
      `文件 ${path} 中除第一个工作表“${sheetName}”外，工作表${others.map((n) => `“${n}”`).join('、')}也有数据：` +
        '只读取第一个工作表，请把数据合并到第一个工作表，或删除其他工作表',
    );
  }

  const range = sheet.range;
  const problems: Result<Table> & { ok: false } = { ok: false, problems: [] };
  const rows: TableRow[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: Cell[] = [];
    const source = sheet.rows[r];
    for (let c = range.s.c; c <= Math.min(range.e.c, WORKBOOK_LIMITS.columns); c++) {
      const value = cellValue(source?.[c]);
      if (value !== null && typeof value === 'object' && 'error' in value) {
        problems.problems.push({
          code: 'cell_error',
          message: `单元格 ${cellName(r, c)} 是错误值 ${value.error}`,
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
