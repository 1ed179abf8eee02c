// Writes the 申报书 / 年度运行情况表 workbooks: a 填写说明 sheet, one sheet per section with Chinese
// headers (required ones marked *), drop-down lists backed by a hidden 选项 sheet, and number
// ranges. The same writer fills rows, so tests and the benchmark use workbooks written by the app.
import XLSX from 'xlsx';
import { addDataValidations, type DataValidation } from './data-validation';
import {
  INSTRUCTIONS_SHEET,
  listTitle,
  OPTIONS_SHEET,
  physicalHeaders,
  type ColumnSpec,
  type ColumnType,
  type WorkbookSpec,
} from './spec';

export type CellInput = string | number | boolean | readonly string[] | null | undefined;
export type RowInput = Readonly<Record<string, CellInput>>;

export interface WorkbookOptions {
  heading?: string; // e.g. the round name, printed at the top of 填写说明
  notes?: string[]; // extra lines for 填写说明 (statistics window, deadline)
  rows?: Readonly<Record<string, readonly RowInput[]>>; // sheet name → rows to fill
  validatedRows?: number; // how many rows below the header carry drop-downs; default 5000
}

function describeType(type: ColumnType): string {
  switch (type.kind) {
    case 'text':
      return `文本，不超过${type.maxLength}字`;
    case 'uscc':
      return '18位统一社会信用代码';
    case 'integer':
      return '整数';
    case 'number':
      return '数字';
    case 'percent':
      return '百分比，0–100';
    case 'date':
      return '日期';
    case 'bool':
      return '是/否';
    case 'email':
      return '电子邮箱';
    case 'enum':
      return `从下拉列表选择（${listTitle(type.list)}）`;
    case 'multi':
      return `从下拉列表选择，每格一项，共${type.slots}格（${listTitle(type.list)}）`;
  }
}

// A required multi column needs its first slot filled; the other slots stay optional.
function headerText(column: ColumnSpec): string[] {
  return physicalHeaders(column).map((h, slot) => (column.required && slot === 0 ? `*${h}` : h));
}

function instructions(spec: WorkbookSpec, options: WorkbookOptions): string[][] {
  const lines: string[][] = [[spec.title], []];
  if (options.heading) lines.splice(1, 0, [options.heading]);
  lines.push(['一、带 * 的列为必填项；请勿修改表头，可增加行，不要合并单元格，不要使用公式。']);
  lines.push(['二、每个工作表以“统一社会信用代码”对应到申报单位；同一单位在每行均须填写。']);
  lines.push(['三、日期写作 2022-06-30 或 2022年6月30日；金额单位为万元；比例填写 0–100 的数。']);
  lines.push(['四、下拉列表的可选值见“选项”工作表；导入时会逐行检查，所有问题按工作表、行、列列出。']);
  for (const note of options.notes ?? []) lines.push([note]);
  lines.push([]);
  for (const sheet of spec.sheets) {
    lines.push([`【${sheet.name}】${sheet.description}`]);
    lines.push(['列名', '是否必填', '填写要求', '说明']);
    for (const column of sheet.columns) {
      lines.push([
        physicalHeaders(column).join('、'),
        column.required ? '必填' : '选填',
        describeType(column.type),
        column.note ?? '',
      ]);
    }
    lines.push([]);
  }
  return lines;
}

function cellsOf(column: ColumnSpec, value: CellInput): (string | number)[] {
  if (column.type.kind === 'multi') {
    const values = Array.isArray(value) ? value : value == null ? [] : [String(value)];
    return Array.from({ length: column.type.slots }, (_, i) => values[i] ?? '');
  }
  if (value == null) return [''];
  if (typeof value === 'boolean') return [value ? '是' : '否'];
  if (Array.isArray(value)) return [value.join('、')];
  return [value as string | number];
}

function validationFor(
  type: ColumnType,
  range: string,
  listRanges: Map<string, string>,
): DataValidation | null {
  switch (type.kind) {
    case 'enum':
    case 'multi':
      return {
        sqref: range,
        type: 'list',
        formula1: listRanges.get(type.list.name) as string,
        errorStyle: type.kind === 'multi' ? 'warning' : 'stop',
        error: `请从下拉列表中选择${listTitle(type.list)}`,
      };
    case 'bool':
      return {
        sqref: range,
        type: 'list',
        formula1: listRanges.get('是/否') as string,
        errorStyle: 'stop',
        error: '请选择“是”或“否”',
      };
    case 'integer':
      return {
        sqref: range,
        type: 'whole',
        formula1: String(type.min),
        formula2: String(type.max),
        errorStyle: 'stop',
        error: `请填写${type.min}到${type.max}之间的整数`,
      };
    case 'number':
      return {
        sqref: range,
        type: 'decimal',
        formula1: String(type.min),
        formula2: String(type.max),
        errorStyle: 'stop',
        error: `请填写${type.min}到${type.max}之间的数字`,
      };
    default:
      return null;
  }
}

/** The xlsx bytes of a template (no rows) or a filled workbook for `spec`. */
export function buildWorkbook(spec: WorkbookSpec, options: WorkbookOptions = {}): Buffer {
  const validatedRows = options.validatedRows ?? 5000;
  const book = XLSX.utils.book_new();

  const help = XLSX.utils.aoa_to_sheet(instructions(spec, options));
  help['!cols'] = [{ wch: 60 }, { wch: 10 }, { wch: 36 }, { wch: 40 }];
  XLSX.utils.book_append_sheet(book, help, INSTRUCTIONS_SHEET);

  // 选项: one column per list, heading in row 1, values below.
  const listRanges = new Map<string, string>();
  const optionRows: string[][] = [];
  spec.optionLists.forEach((list, c) => {
    const letter = XLSX.utils.encode_col(c);
    listRanges.set(list.name, `'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${list.values.length + 1}`);
    [list.name, ...list.values].forEach((v, r) => {
      optionRows[r] ??= [];
      optionRows[r][c] = v;
    });
  });

  const validations = new Map<number, DataValidation[]>();
  spec.sheets.forEach((sheet, s) => {
    const header = sheet.columns.flatMap(headerText);
    const rows = (options.rows?.[sheet.name] ?? []).map((row) =>
      sheet.columns.flatMap((column) => cellsOf(column, row[column.key])),
    );
    const ws = XLSX.utils.aoa_to_sheet([header, ...rows]);
    ws['!cols'] = header.map((h) => ({ wch: Math.min(40, Math.max(12, h.length * 2 + 2)) }));
    XLSX.utils.book_append_sheet(book, ws, sheet.name);

    const sheetValidations: DataValidation[] = [];
    let c = 0;
    for (const column of sheet.columns) {
      const width = physicalHeaders(column).length;
      const first = XLSX.utils.encode_col(c);
      const last = XLSX.utils.encode_col(c + width - 1);
      const v = validationFor(column.type, `${first}2:${last}${validatedRows + 1}`, listRanges);
      if (v) sheetValidations.push(v);
      c += width;
    }
    // +1: the 填写说明 sheet comes first.
    validations.set(s + 1, sheetValidations);
  });

  const optionsSheet = XLSX.utils.aoa_to_sheet(optionRows);
  XLSX.utils.book_append_sheet(book, optionsSheet, OPTIONS_SHEET);
  book.Workbook = {
    Sheets: book.SheetNames.map((name) => ({ name, Hidden: name === OPTIONS_SHEET ? 1 : 0 })),
  };

  const written = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  return addDataValidations(written, validations);
}
