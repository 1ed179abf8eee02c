// Reads an uploaded workbook against a WorkbookSpec. Cells are data only: formulas are reported,
// never evaluated; headers are looked up in a Map built from the spec, so a header such as
// "__proto__" or "constructor" is just an unknown column; every problem names sheet, row and column.
import { ROWS_PER_STEP, runSteps, type Steps } from '#app/utils/steps';
import type { Problem } from '#scoring/types';
import { normaliseUscc, usccProblem } from '#app/utils/uscc';
import {
  OPTIONS_SHEET,
  INSTRUCTIONS_SHEET,
  listTitle,
  physicalHeaders,
  USCC_HEADER,
  type ColumnSpec,
  type OptionList,
  type SheetSpec,
  type WorkbookSpec,
} from './spec';
import {
  MergeIndex,
  WORKBOOK_LIMITS,
  columnLetter,
  sheetCell,
  type CellRange,
  type PlainCell,
  type PlainSheet,
  type PlainWorkbook,
} from './plain';
import { readWorkbookInSandbox } from './sandbox';
import { type CellNotice, columnCellRule, readCell } from './cell-rules';

// The cell rules live in cell-rules.ts, shared with the CLI; these are re-exported for the readers
// that already import them from here.
export { halfWidth, parseYesNo } from './cell-rules';

export const MAX_FILE_BYTES = WORKBOOK_LIMITS.fileBytes;
// Declared uncompressed size of all zip entries; stops a small "zip bomb" from inflating to gigabytes.
export const MAX_UNCOMPRESSED_BYTES = WORKBOOK_LIMITS.uncompressedBytes;
export const MAX_DATA_ROWS = 10_000;
export const MAX_COLUMNS = WORKBOOK_LIMITS.columns;

export type CellValue = string | number | boolean | string[] | null;

export interface ParsedRow {
  row: number; // Excel row number (header is row 1)
  values: Map<string, CellValue>; // column key → parsed value; absent or null = empty
}

export interface ParsedSheet {
  spec: SheetSpec;
  rows: ParsedRow[];
  columnLetters: Map<string, string>; // column key → letter of its (first) physical column
}

export interface ReadOutcome {
  sheets: Map<string, ParsedSheet>;
  problems: Problem[];
  warnings: Problem[];
}

/**
 * Opens an uploaded workbook in the sandbox (sandbox.ts): file-level checks, then SheetJS parsing of
 * cell values only (no styles, no formula evaluation) in a worker with heap and time limits. Anything
 * that is not an xlsx workbook of reasonable size becomes one Chinese problem and a status
 * (413 too large, 400 not a workbook, 422 over a limit or refused by the sandbox).
 */
export async function openWorkbook(
  bytes: Uint8Array,
): Promise<{ ok: true; book: PlainWorkbook } | { ok: false; status: 400 | 413 | 422; problems: Problem[] }> {
  return readWorkbookInSandbox(bytes, { maxRows: MAX_DATA_ROWS });
}

function normaliseHeader(raw: string): string {
  return raw.replace(/^[*＊]+/, '').replace(/[\s\u3000]/g, '');
}

export function cellAt(ws: PlainSheet, r: number, c: number, merged?: MergeIndex): PlainCell | undefined {
  return sheetCell(ws, r, c, merged);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MULTI_SEPARATOR = /[、,，;；/\s]+/;

// The value stored for `text` from `list`: the text itself, or the value another wording of it stands
// for (四川 计量测试 → 计量检测); null when the list has neither.
function optionValue(list: OptionList, text: string): string | null {
  if (list.values.includes(text)) return text;
  return list.aliases && Object.hasOwn(list.aliases, text) ? list.aliases[text] : null;
}

function notAnOption(list: OptionList, text: string): string {
  return list.owner
    ? `“${text}”不是${listTitle(list)}的选项，可选值见“选项”工作表`
    : `“${text}”不是可选的${list.name}，可选值见“选项”工作表`;
}

type Parsed =
  { ok: true; value: CellValue; notices?: CellNotice[] } | { ok: false; code: string; detail: string };

function cellText(cell: PlainCell): string {
  if (cell.t === 'n') return String(cell.v);
  return String(cell.v ?? '').trim();
}

function parseCell(column: ColumnSpec, cell: PlainCell): Parsed {
  const type = column.type;
  const rule = columnCellRule(column);
  if (rule !== null) return readCell(rule, cell);
  switch (type.kind) {
    case 'uscc': {
      const code = normaliseUscc(cellText(cell));
      const problem = usccProblem(code);
      return problem ? { ok: false, code: 'uscc_invalid', detail: problem } : { ok: true, value: code };
    }
    case 'email': {
      const s = cellText(cell);
      return EMAIL.test(s)
        ? { ok: true, value: s }
        : { ok: false, code: 'email_invalid', detail: `“${s}”不是有效的电子邮箱` };
    }
    case 'enum': {
      const s = cellText(cell);
      const value = optionValue(type.list, s);
      if (value !== null) return { ok: true, value };
      return { ok: false, code: 'enum_invalid', detail: notAnOption(type.list, s) };
    }
    case 'multi':
      throw new Error('multi columns are parsed slot by slot in readSheet');
    default:
      throw new Error(`column kind ${type.kind} is read by its cell rule`);
  }
}

function location(sheet: string, row: number, letter: string, header: string): string {
  return `${sheet}第${row}行${letter}列（${header}）`;
}

// People add a heading row (often merged) above the template's header. The header is the first of
// the top rows holding a cell that `isAnchor` recognises (a column only the header row has), if any.
export const HEADER_SEARCH_ROWS = 5;

export function findHeaderRow(
  ws: PlainSheet,
  range: CellRange,
  merged: MergeIndex | undefined,
  isAnchor: (text: string) => boolean,
): number | null {
  for (let r = range.s.r; r <= Math.min(range.e.r, range.s.r + HEADER_SEARCH_ROWS - 1); r++) {
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = cellAt(ws, r, c, merged);
      if (cell && cell.v != null && isAnchor(String(cell.v))) return r;
    }
  }
  return null;
}

function* readSheet(
  ws: PlainSheet,
  spec: SheetSpec,
  problems: Problem[],
  warnings: Problem[],
): Steps<ParsedSheet> {
  const parsed: ParsedSheet = { spec, rows: [], columnLetters: new Map() };
  const sheet = spec.name;
  if (!ws.range) {
    problems.push({ code: 'sheet_empty', sheet, message: `工作表“${sheet}”为空，缺少表头行` });
    return parsed;
  }
  const fullRange = ws.fullRange ?? ws.range;
  if (fullRange.e.r - fullRange.s.r > MAX_DATA_ROWS) {
    // Rows past the limit are not parsed. When the parsed rows end within the limit, everything up to
    // it is blank and the used range is stretched by formatting or a stray cell far below.
    const parsedRange = ws.range;
    const blankTail = parsedRange.e.r - fullRange.s.r <= MAX_DATA_ROWS;
    problems.push({
      code: 'sheet_too_many_rows',
      sheet,
      message: blankTail
        ? `工作表“${sheet}”的已用区域延伸到第${fullRange.e.r + 1}行，超过${MAX_DATA_ROWS}行上限；如下方只是空行或格式，请删除这些行后再导入，否则请拆分后分批导入`
        : `工作表“${sheet}”有${fullRange.e.r}行数据，超过${MAX_DATA_ROWS}行上限，请拆分后分批导入`,
    });
    return parsed;
  }
  const range = ws.range;
  if (range.e.c >= MAX_COLUMNS) {
    problems.push({
      code: 'sheet_too_many_columns',
      sheet,
      message: `工作表“${sheet}”超过${MAX_COLUMNS}列，不是本模板的格式`,
    });
    return parsed;
  }
  // Merged ranges are looked up, never expanded cell by cell.
  const merged = new MergeIndex(ws.merges, MAX_COLUMNS);

  // Header lookup: physical header text → (column, slot). A Map, so no header text can reach an
  // object prototype.
  const byHeader = new Map<string, { column: ColumnSpec; slot: number }>();
  for (const column of spec.columns) {
    physicalHeaders(column).forEach((h, slot) => byHeader.set(normaliseHeader(h), { column, slot }));
  }
  const found = new Map<string, { column: ColumnSpec; slots: Map<number, number>; header: string }>();
  // The 统一社会信用代码 column marks the header row of every sheet that has one.
  const usccHeader = normaliseHeader(USCC_HEADER);
  const headerRow =
    (byHeader.has(usccHeader)
      ? findHeaderRow(ws, range, merged, (text) => normaliseHeader(text) === usccHeader)
      : null) ?? range.s.r;
  for (let c = range.s.c; c <= range.e.c; c++) {
    const cell = cellAt(ws, headerRow, c, merged);
    if (!cell || cell.v == null || String(cell.v).trim() === '') continue;
    const letter = columnLetter(c);
    const text = normaliseHeader(String(cell.v));
    const match = byHeader.get(text);
    if (!match) {
      warnings.push({
        code: 'column_unknown',
        sheet,
        row: headerRow + 1,
        column: letter,
        message: `${sheet}${letter}列表头“${String(cell.v).trim()}”不是模板中的列，已忽略`,
      });
      continue;
    }
    const entry = found.get(match.column.key) ?? {
      column: match.column,
      slots: new Map<number, number>(),
      header: match.column.header,
    };
    if (entry.slots.has(match.slot)) {
      problems.push({
        code: 'column_duplicate',
        sheet,
        row: headerRow + 1,
        column: letter,
        message: `${sheet}${letter}列表头“${text}”重复出现`,
      });
      continue;
    }
    entry.slots.set(match.slot, c);
    found.set(match.column.key, entry);
  }
  for (const column of spec.columns) {
    const entry = found.get(column.key);
    if (entry) {
      parsed.columnLetters.set(column.key, columnLetter(Math.min(...entry.slots.values())));
    } else if (column.required) {
      problems.push({
        code: 'column_missing',
        sheet,
        message: `工作表“${sheet}”缺少必填列“${physicalHeaders(column)[0]}”`,
      });
    }
  }

  // Physical columns of each found logical column, in slot order, with their letters.
  const layout = [...found].map(([key, entry]) => ({
    key,
    columns: [...entry.slots.keys()].sort((a, b) => a - b).map((slot) => entry.slots.get(slot) as number),
  }));
  // The cell being read, for problems: one closure for the sheet, not one per cell (2,000 rows of
  // 40 columns), and the cell's place in the message spelled out only when there is a problem.
  const at = { row: 0, letter: '', header: '' };
  const report = (code: string, detail: string) =>
    problems.push({
      code,
      sheet,
      row: at.row,
      column: at.letter,
      message: `${location(sheet, at.row, at.letter, at.header)}：${detail}`,
    });
  for (let r = headerRow + 1; r <= range.e.r; r++) {
    if ((r - headerRow) % ROWS_PER_STEP === 0) yield;
    const rowNumber = r + 1;
    const raw = new Map<string, PlainCell[]>();
    let empty = true;
    for (const { key, columns } of layout) {
      const cells: PlainCell[] = [];
      for (const c of columns) {
        const cell = sheetCell(ws, r, c, merged);
        if (
          !cell ||
          cell.t === 'z' ||
          (cell.v == null && !cell.f) ||
          (cell.t === 's' && String(cell.v).trim() === '')
        )
          continue;
        cells.push(cell);
        empty = false;
      }
      raw.set(key, cells);
    }
    if (empty) continue;

    const values = new Map<string, CellValue>();
    for (const column of spec.columns) {
      const letter = parsed.columnLetters.get(column.key) ?? '';
      at.row = rowNumber;
      at.letter = letter;
      at.header = column.header;
      const cells = raw.get(column.key) ?? [];
      const formula = cells.find((cell) => cell.f);
      if (formula) {
        report('cell_formula', '单元格含公式，请复制后“选择性粘贴为数值”再导入');
        continue;
      }
      const errorCell = cells.find((cell) => cell.t === 'e');
      if (errorCell) {
        report('cell_error', `单元格为错误值${errorCell.w ?? ''}`);
        continue;
      }
      if (cells.length === 0) {
        if (column.required) report('required', '必填项未填写');
        values.set(column.key, column.type.kind === 'multi' ? [] : null);
        continue;
      }
      if (column.type.kind === 'multi') {
        const type = column.type;
        const chosen: string[] = [];
        let bad = false;
        for (const cell of cells) {
          for (const part of cellText(cell).split(MULTI_SEPARATOR).filter(Boolean)) {
            const value = optionValue(type.list, part);
            if (value === null) {
              report('enum_invalid', notAnOption(type.list, part));
              bad = true;
            } else if (!chosen.includes(value)) {
              chosen.push(value);
            }
          }
        }
        if (bad) continue;
        if (chosen.length > type.max) {
          report(
            'too_many_values',
            `${type.list.name}最多${type.max}项，实际填写了${chosen.length}项（${chosen.join('、')}）`,
          );
          continue;
        }
        if (chosen.length < type.min) {
          report('required', `${type.list.name}至少填写${type.min}项`);
          continue;
        }
        values.set(column.key, chosen);
        continue;
      }
      const result = parseCell(column, cells[0]);
      if (!result.ok) {
        report(result.code, result.detail);
        continue;
      }
      values.set(column.key, result.value);
      for (const notice of result.notices ?? [])
        warnings.push({
          code: notice.code,
          sheet,
          row: rowNumber,
          column: letter,
          message: `${location(sheet, rowNumber, letter, column.header)}：${notice.detail}`,
        });
    }
    parsed.rows.push({ row: rowNumber, values });
  }
  return parsed;
}

/** Reads every sheet of `spec` from an opened workbook; the unit sheets and rows are not yet joined. */
export function readSheets(book: PlainWorkbook, spec: WorkbookSpec): ReadOutcome {
  return runSteps(readSheetsSteps(book, spec));
}

/** readSheets as steps (app/utils/steps.ts), pausing every few rows. */
export function* readSheetsSteps(book: PlainWorkbook, spec: WorkbookSpec): Steps<ReadOutcome> {
  const outcome: ReadOutcome = { sheets: new Map(), problems: [], warnings: [] };
  const expected = new Set(spec.sheets.map((s) => s.name));
  for (const name of book.sheetNames) {
    if (!expected.has(name) && name !== INSTRUCTIONS_SHEET && name !== OPTIONS_SHEET) {
      outcome.warnings.push({
        code: 'sheet_unknown',
        sheet: name,
        message: `工作表“${name}”不是模板中的工作表，已忽略`,
      });
    }
  }
  // A template sheet hidden in the file is still read; the person importing may not have seen it.
  const hidden = new Set([...book.sheets.values()].filter((s) => s.hidden).map((s) => s.name));
  for (const sheetSpec of spec.sheets) {
    if (hidden.has(sheetSpec.name)) {
      outcome.warnings.push({
        code: 'sheet_hidden',
        sheet: sheetSpec.name,
        message: `工作表“${sheetSpec.name}”在文件中被隐藏，其内容仍会导入，请确认`,
      });
    }
    const ws = book.sheets.get(sheetSpec.name);
    if (!ws) {
      outcome.problems.push({
        code: 'sheet_missing',
        sheet: sheetSpec.name,
        message: `缺少工作表“${sheetSpec.name}”，请使用本轮下载的模板填写`,
      });
      continue;
    }
    outcome.sheets.set(sheetSpec.name, yield* readSheet(ws, sheetSpec, outcome.problems, outcome.warnings));
  }
  return outcome;
}
