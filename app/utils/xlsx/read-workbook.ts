// Reads an uploaded workbook against a WorkbookSpec. Cells are data only: formulas are reported,
// never evaluated; headers are looked up in a Map built from the spec, so a header such as
// "__proto__" or "constructor" is just an unknown column; every problem names sheet, row and column.
import XLSX from 'xlsx';
import { parseDate } from '#scoring/dates';
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

/** Full-width ASCII (全角字母、数字、符号) as half-width; Chinese characters are left alone. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE_WORDS = new Set(['是', 'Y', 'YES', 'TRUE', '√', '1']);
const FALSE_WORDS = new Set(['否', 'N', 'NO', 'FALSE', '×', '0']);
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

/** 是/否 as people type it (Y, √, TRUE, 1, full-width too); null when the text is neither. */
export function parseYesNo(text: string): boolean | null {
  const s = halfWidth(text).trim().toUpperCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

type Parsed = { ok: true; value: CellValue; warning?: string } | { ok: false; code: string; detail: string };

function cellText(cell: PlainCell): string {
  if (cell.t === 'n') return String(cell.v);
  return String(cell.v ?? '').trim();
}

function parseNumber(cell: PlainCell): number | null {
  if (cell.t === 'n') return typeof cell.v === 'number' && Number.isFinite(cell.v) ? cell.v : null;
  const s = halfWidth(String(cell.v ?? ''))
    .trim()
    .replace(/,(?=\d{3})/g, '');
  return NUMBER_TEXT.test(s) ? Number(s) : null;
}

// The unit a header names in its last brackets: 原值（万元） → 万元, 人数（人） → 人.
function headerUnit(header: string): string | null {
  const m = /[（(]([^（）()]+)[）)]$/.exec(header);
  return m && m[1] !== '%' ? m[1] : null;
}

// A number followed by a unit, as people type it: "1,000万元", "３０人", "1000 万".
const NUMBER_WITH_UNIT = /^([-+]?[\d,]*\.?\d+)\s*([^\d\s.,+-][^\d]*)$/;

/**
 * A number cell of `column`; text with a trailing unit is read when the unit is the one the header
 * names (万 standing for 万元), and refused with the expected unit otherwise.
 */
function parseQuantity(
  column: ColumnSpec,
  cell: PlainCell,
): { ok: true; value: number } | { ok: false; code: string; detail: string } {
  const plain = parseNumber(cell);
  if (plain !== null) return { ok: true, value: plain };
  const text = halfWidth(cellText(cell)).trim();
  const m = NUMBER_WITH_UNIT.exec(text);
  const unit = headerUnit(column.header);
  if (m && unit !== null) {
    const n = parseNumber({ t: 's', v: m[1] });
    const written = m[2].trim();
    if (n !== null && (written === unit || (unit === '万元' && written === '万')))
      return { ok: true, value: n };
    if (n !== null) {
      return {
        ok: false,
        code: 'unit_mismatch',
        detail: `单位应为${unit}，实际为“${cellText(cell)}”；请换算为${unit}后只填数字`,
      };
    }
  }
  return { ok: false, code: 'type_number', detail: `应为数字，实际为“${cellText(cell)}”` };
}

/** ISO date of an Excel serial, or null when the serial is no calendar day (a bare time, 1900-02-29). */
function serialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const d = XLSX.SSF.parse_date_code(serial);
  if (!d || d.y < 1900 || d.y > 2100) return null;
  const iso = `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  return parseDate(iso).ok ? iso : null;
}

function inRange(n: number, min: number, max: number): Parsed {
  if (n < min || n > max)
    return { ok: false, code: 'out_of_range', detail: `应在${min}到${max}之间，实际为${n}` };
  return { ok: true, value: n };
}

function parseCell(column: ColumnSpec, cell: PlainCell): Parsed {
  const type = column.type;
  switch (type.kind) {
    case 'text': {
      const s = cellText(cell);
      // Characters, not UTF-16 units; counted only when the units alone could exceed the limit.
      const length = s.length <= type.maxLength ? s.length : Array.from(s).length;
      if (length > type.maxLength)
        return { ok: false, code: 'text_too_long', detail: `不超过${type.maxLength}字，实际${length}字` };
      return { ok: true, value: s };
    }
    case 'uscc': {
      const code = normaliseUscc(cellText(cell));
      const problem = usccProblem(code);
      return problem ? { ok: false, code: 'uscc_invalid', detail: problem } : { ok: true, value: code };
    }
    case 'integer':
    case 'number': {
      const parsed = parseQuantity(column, cell);
      if (!parsed.ok) return parsed;
      const n = parsed.value;
      if (type.kind === 'integer' && !Number.isInteger(n))
        return { ok: false, code: 'type_integer', detail: `应为整数，实际为${n}` };
      return inRange(n, type.min, type.max);
    }
    case 'percent': {
      let n: number | null;
      let bare = false;
      if (cell.t === 'n' && typeof cell.z === 'string' && cell.z.includes('%')) {
        // A cell formatted as 45% stores 0.45; toFixed keeps 0.45 × 100 from becoming 45.00000000000001.
        n = Number(((cell.v as number) * 100).toFixed(10));
      } else {
        const s = halfWidth(cellText(cell)).trim();
        bare = !/%$/.test(s);
        n = parseNumber({ t: 's', v: s.replace(/%$/, '') });
      }
      if (n === null)
        return { ok: false, code: 'type_number', detail: `应为0–100的百分比，实际为“${cellText(cell)}”` };
      const checked = inRange(n, 0, 100);
      // Other systems often store ratios as fractions: a bare 0.55 is read as 0.55%, with a word.
      if (checked.ok && bare && n > 0 && n < 1) {
        const meant = Number((n * 100).toFixed(10));
        return { ...checked, warning: `填写的是${n}，按${n}%读取；如指${meant}%，请填写${meant}` };
      }
      return checked;
    }
    case 'date': {
      if (cell.t === 'n') {
        const iso = serialDate(cell.v as number);
        if (iso === null)
          return {
            ok: false,
            code: 'date_invalid',
            detail: `“${cell.w ?? cellText(cell)}”不是有效日期（单元格中是数值${cellText(cell)}）`,
          };
        return { ok: true, value: iso };
      }
      const parsed = parseDate(halfWidth(cellText(cell)).replace(/[\u2010-\u2015\u2212]/g, '-'));
      if (!parsed.ok) return { ok: false, code: parsed.problems[0].code, detail: parsed.problems[0].message };
      return { ok: true, value: parsed.value };
    }
    case 'bool': {
      if (cell.t === 'b') return { ok: true, value: Boolean(cell.v) };
      const yes = parseYesNo(cellText(cell));
      if (yes !== null) return { ok: true, value: yes };
      return { ok: false, code: 'type_bool', detail: `应填“是”或“否”，实际为“${cellText(cell)}”` };
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

function readSheet(ws: PlainSheet, spec: SheetSpec, problems: Problem[], warnings: Problem[]): ParsedSheet {
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
      if (result.warning)
        warnings.push({
          code: 'cell_doubtful',
          sheet,
          row: rowNumber,
          column: letter,
          message: `${location(sheet, rowNumber, letter, column.header)}：${result.warning}`,
        });
    }
    parsed.rows.push({ row: rowNumber, values });
  }
  return parsed;
}

/** Reads every sheet of `spec` from an opened workbook; the unit sheets and rows are not yet joined. */
export function readSheets(book: PlainWorkbook, spec: WorkbookSpec): ReadOutcome {
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
    outcome.sheets.set(sheetSpec.name, readSheet(ws, sheetSpec, outcome.problems, outcome.warnings));
  }
  return outcome;
}
