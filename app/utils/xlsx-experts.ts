// The expert pool workbook (专家库导入模板): writing the template (optionally filled with the current
// pool, so an export can be edited and imported again) and reading a filled one into validated rows.
// Reading treats every cell as data: formulas are refused rather than evaluated, headers are matched
// against a fixed list (a "__proto__" header is just an unknown header), and no cell text ever
// becomes an object key.
import XLSX from 'xlsx';
import type { Problem, Result } from '#scoring/types';
import {
  CONFLICT_KIND_LABELS,
  CONFLICT_KINDS,
  EXPERT_LIMITS,
  expertConflictInputSchema,
  expertInputSchema,
  type ConflictKind,
  type ExpertConflictInput,
  type ExpertInput,
} from './expert-schema';
import { addDataValidations } from './xlsx/data-validation';
import { ALL_SERVICE_FIELDS, PLATFORM_CATEGORIES } from './xlsx/options';
import { WORKBOOK_LIMITS, rangeName, sheetCell, type PlainSheet } from './xlsx/plain';
import { findHeaderRow, halfWidth, parseYesNo } from './xlsx/read-workbook';
import { readWorkbookInSandbox } from './xlsx/sandbox';

export const EXPERT_SHEET = '专家';
export const CONFLICT_SHEET = '回避信息';
const INSTRUCTIONS_SHEET = '填写说明';
const OPTIONS_SHEET = '选项';

// The file size is the one limit of every workbook upload (plain.ts WORKBOOK_LIMITS).
export const EXPERT_IMPORT_LIMITS = {
  bytes: WORKBOOK_LIMITS.fileBytes,
  experts: 5000,
  conflicts: 20000,
} as const;
const VALIDATED_ROWS = 2000;
const FIELD_SLOTS = 3;

type ExpertColumnKey =
  | 'code'
  | 'name'
  | 'organisationName'
  | 'organisationUscc'
  | 'title'
  | 'field1'
  | 'field2'
  | 'field3'
  | 'region'
  | 'phone'
  | 'email'
  | 'active'
  | 'note';
type ConflictColumnKey = 'code' | 'kind' | 'organisationName' | 'organisationUscc' | 'untilYear' | 'note';

interface Column<K extends string> {
  key: K;
  header: string;
  required: boolean;
  note: string;
}

const EXPERT_COLUMNS: Column<ExpertColumnKey>[] = [
  { key: 'code', header: '专家编号', required: true, note: '专家的唯一编号；再次导入时按编号更新' },
  { key: 'name', header: '姓名', required: true, note: '' },
  { key: 'organisationName', header: '工作单位', required: true, note: '现工作单位全称，用于回避判断' },
  {
    key: 'organisationUscc',
    header: '工作单位统一社会信用代码',
    required: false,
    note: '18位；填写后按代码判断回避更准确',
  },
  { key: 'title', header: '职称', required: true, note: '如 正高级工程师、研究员、教授' },
  { key: 'field1', header: '专业领域1', required: true, note: '从下拉列表选择，也可填写其他领域' },
  { key: 'field2', header: '专业领域2', required: false, note: '' },
  { key: 'field3', header: '专业领域3', required: false, note: '' },
  { key: 'region', header: '所在地区', required: true, note: '如 四川省成都市' },
  { key: 'phone', header: '联系电话', required: false, note: '' },
  { key: 'email', header: '电子邮箱', required: false, note: '' },
  { key: 'active', header: '是否可参加评审', required: false, note: '是/否，不填视为“是”' },
  { key: 'note', header: '备注', required: false, note: '' },
];

const CONFLICT_COLUMNS: Column<ConflictColumnKey>[] = [
  { key: 'code', header: '专家编号', required: true, note: '须与“专家”表中的编号一致' },
  { key: 'kind', header: '回避类型', required: true, note: Object.values(CONFLICT_KIND_LABELS).join('、') },
  { key: 'organisationName', header: '单位名称', required: false, note: '单位全称' },
  {
    key: 'organisationUscc',
    header: '单位统一社会信用代码',
    required: false,
    note: '单位名称与代码至少填一项',
  },
  { key: 'untilYear', header: '离职年份', required: false, note: '“近三年曾工作单位”必填，如 2024' },
  { key: 'note', header: '说明', required: false, note: '' },
];

// Experts serve rounds of every jurisdiction: the fields of all of them, then the platform categories.
const FIELD_OPTIONS: readonly string[] = [...ALL_SERVICE_FIELDS, ...PLATFORM_CATEGORIES];
const KIND_BY_LABEL = new Map<string, ConflictKind>(CONFLICT_KINDS.map((k) => [CONFLICT_KIND_LABELS[k], k]));

// ---------- Writing ----------

const headerOf = (c: Column<string>) => (c.required ? `*${c.header}` : c.header);

function expertRow(e: ExpertInput): (string | number)[] {
  const values: Record<ExpertColumnKey, string> = {
    code: e.code,
    name: e.name,
    organisationName: e.organisationName,
    organisationUscc: e.organisationUscc ?? '',
    title: e.title,
    field1: e.fields[0] ?? '',
    field2: e.fields[1] ?? '',
    // More than three fields (the edit page allows up to ten) share the last slot, 、-separated.
    field3: e.fields.slice(2).join('、'),
    region: e.region,
    phone: e.phone ?? '',
    email: e.email ?? '',
    active: e.active ? '是' : '否',
    note: e.note ?? '',
  };
  return EXPERT_COLUMNS.map((c) => values[c.key]);
}

function conflictRow(code: string, c: ExpertConflictInput): (string | number)[] {
  const values: Record<ConflictColumnKey, string | number> = {
    code,
    kind: CONFLICT_KIND_LABELS[c.kind],
    organisationName: c.organisationName ?? '',
    organisationUscc: c.organisationUscc ?? '',
    untilYear: c.untilYear ?? '',
    note: c.note ?? '',
  };
  return CONFLICT_COLUMNS.map((col) => values[col.key]);
}

function instructionRows(): string[][] {
  const rows: string[][] = [
    ['专家库导入模板'],
    [],
    ['一、带 * 的列为必填项；请勿修改表头，不要合并单元格，不要使用公式。'],
    [
      '二、“专家”表每行一位专家；再次导入同一专家编号会更新该专家，并以本次文件中的回避信息替换原有回避信息。',
    ],
    ['三、“回避信息”表每行一条回避事项，按专家编号对应；“近三年曾工作单位”须填写离职年份。'],
    ['四、导入为全部成功或全部不写入：文件中有任何问题时，会按工作表、行、列列出，数据库不做任何修改。'],
    [`五、单个文件不超过10MB，专家不超过${EXPERT_IMPORT_LIMITS.experts}行。`],
    [],
  ];
  for (const [sheet, columns] of [
    [EXPERT_SHEET, EXPERT_COLUMNS],
    [CONFLICT_SHEET, CONFLICT_COLUMNS],
  ] as const) {
    rows.push([`【${sheet}】`], ['列名', '是否必填', '说明']);
    for (const c of columns as readonly Column<string>[])
      rows.push([c.header, c.required ? '必填' : '选填', c.note]);
    rows.push([]);
  }
  return rows;
}

function optionRange(column: number, count: number): string {
  const letter = XLSX.utils.encode_col(column);
  return `'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${count + 1}`;
}

/**
 * The expert workbook: the empty template, or filled with `experts` for export and re-import. An
 * export carries `exportNote` (when and at which audit chain head it was made) as the first line of
 * the instructions sheet, so a printed copy anchors the audit chain.
 */
export function writeExpertWorkbook(experts: readonly ExpertInput[] = [], exportNote?: string): Buffer {
  const wb = XLSX.utils.book_new();
  const instructions = exportNote ? [[exportNote], [], ...instructionRows()] : instructionRows();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(instructions), INSTRUCTIONS_SHEET);

  const expertSheet = XLSX.utils.aoa_to_sheet([EXPERT_COLUMNS.map(headerOf), ...experts.map(expertRow)]);
  expertSheet['!cols'] = EXPERT_COLUMNS.map((c) => ({ wch: Math.max(10, c.header.length * 2 + 2) }));
  XLSX.utils.book_append_sheet(wb, expertSheet, EXPERT_SHEET);

  const conflictSheet = XLSX.utils.aoa_to_sheet([
    CONFLICT_COLUMNS.map(headerOf),
    ...experts.flatMap((e) => e.conflicts.map((c) => conflictRow(e.code, c))),
  ]);
  conflictSheet['!cols'] = CONFLICT_COLUMNS.map((c) => ({ wch: Math.max(12, c.header.length * 2 + 2) }));
  XLSX.utils.book_append_sheet(wb, conflictSheet, CONFLICT_SHEET);

  const kindLabels = Object.values(CONFLICT_KIND_LABELS);
  const optionRows: string[][] = [['专业领域', '是/否', '回避类型']];
  for (let i = 0; i < FIELD_OPTIONS.length; i++)
    optionRows.push([FIELD_OPTIONS[i], ['是', '否'][i] ?? '', kindLabels[i] ?? '']);
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(optionRows), OPTIONS_SHEET);
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 0 }, { Hidden: 0 }, { Hidden: 1 }] };

  const written = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  const lastRow = Math.max(VALIDATED_ROWS, experts.length + 1);
  const col = (columns: readonly Column<string>[], key: string) =>
    XLSX.utils.encode_col(columns.findIndex((c) => c.key === key));
  const fieldValidations = ['field1', 'field2', 'field3'].map((key) => ({
    sqref: `${col(EXPERT_COLUMNS, key)}2:${col(EXPERT_COLUMNS, key)}${lastRow}`,
    type: 'list' as const,
    formula1: optionRange(0, FIELD_OPTIONS.length),
    // Panels are formed per field group, and agencies use groups beyond the printed list.
    errorStyle: 'warning' as const,
    error: '该领域不在常用列表中，请确认是否填写正确',
  }));
  return addDataValidations(
    written,
    new Map([
      [
        1,
        [
          ...fieldValidations,
          {
            sqref: `${col(EXPERT_COLUMNS, 'active')}2:${col(EXPERT_COLUMNS, 'active')}${lastRow}`,
            type: 'list',
            formula1: optionRange(1, 2),
            errorStyle: 'stop',
            error: '请选择“是”或“否”',
          },
        ],
      ],
      [
        2,
        [
          {
            sqref: `${col(CONFLICT_COLUMNS, 'kind')}2:${col(CONFLICT_COLUMNS, 'kind')}${Math.max(VALIDATED_ROWS, lastRow * 3)}`,
            type: 'list',
            formula1: optionRange(2, kindLabels.length),
            errorStyle: 'stop',
            error: `回避类型只能是：${kindLabels.join('、')}`,
          },
        ],
      ],
    ]),
  );
}

// ---------- Reading ----------

export type ExpertImportRow = ExpertInput & { row: number };

type CellValue = string | number | boolean | null;

interface SheetRow<K extends string> {
  row: number; // Excel row number (1-based)
  cells: Map<K, CellValue>;
  unreadable: Set<K>; // columns whose cell was already reported (formula, error value, date)
}

const normaliseHeader = (h: string) => h.normalize('NFKC').replace(/\s+/g, '').replace(/^\*/, '');

function problem(sheet: string, message: string, row?: number, column?: string): Problem {
  return {
    code: 'expert_import',
    message,
    sheet,
    ...(row === undefined ? {} : { row }),
    ...(column ? { column } : {}),
  };
}

function locate(sheet: string, row?: number, column?: string): string {
  return `“${sheet}”表${row === undefined ? '' : `第${row}行`}${column ? `“${column}”列` : ''}`;
}

function readSheet<K extends string>(
  ws: PlainSheet,
  sheet: string,
  columns: readonly Column<K>[],
  maxRows: number,
  problems: Problem[],
): SheetRow<K>[] {
  const full = ws.fullRange ?? ws.range;
  if (!full) return [];
  if (full.e.r - full.s.r > maxRows) {
    problems.push(
      problem(sheet, `${locate(sheet)}共有${full.e.r - full.s.r}行数据，超过上限${maxRows}行，请分批导入`),
    );
    return [];
  }
  const range = ws.range ?? full;
  // A title row (often merged) may sit above the header: the header is the row with 专家编号.
  const headerRow =
    findHeaderRow(ws, range, undefined, (text) => normaliseHeader(text) === columns[0].header) ?? range.s.r;

  // Merged ranges are reported as ranges, never expanded.
  for (const merge of ws.merges) {
    if (merge.e.r < headerRow) continue;
    problems.push(
      problem(
        sheet,
        `${locate(sheet, merge.s.r + 1)}起有合并单元格（${rangeName(merge)}），请取消合并后再导入`,
        merge.s.r + 1,
      ),
    );
  }

  const byHeader = new Map(columns.map((c) => [c.header, c]));
  const columnAt = new Map<number, Column<K>>();
  for (let c = range.s.c; c <= range.e.c; c++) {
    const cell = sheetCell(ws, headerRow, c);
    const header = cell && cell.v !== undefined && cell.v !== null ? normaliseHeader(String(cell.v)) : '';
    const known = byHeader.get(header);
    if (!known) continue;
    if ([...columnAt.values()].includes(known)) {
      problems.push(
        problem(sheet, `${locate(sheet, headerRow + 1, known.header)}重复出现`, headerRow + 1, known.header),
      );
      continue;
    }
    columnAt.set(c, known);
  }
  const present = new Set(columnAt.values());
  const missing = columns.filter((c) => c.required && !present.has(c));
  if (missing.length > 0) {
    for (const c of missing)
      problems.push(
        problem(sheet, `${locate(sheet)}缺少必填列“${c.header}”，请使用最新模板`, undefined, c.header),
      );
    return [];
  }

  const rows: SheetRow<K>[] = [];
  for (let r = headerRow + 1; r <= range.e.r; r++) {
    const cells = new Map<K, CellValue>();
    const unreadable = new Set<K>();
    let empty = true;
    const refuse = (column: Column<K>, detail: string) => {
      problems.push(problem(sheet, `${locate(sheet, r + 1, column.header)}${detail}`, r + 1, column.header));
      unreadable.add(column.key);
      empty = false;
    };
    for (const [c, column] of columnAt) {
      const cell = sheetCell(ws, r, c);
      if (!cell) continue;
      if (cell.f !== undefined) {
        refuse(column, '含有公式，请直接填写内容，不要使用公式');
        continue;
      }
      if (cell.t === 'e') {
        refuse(column, '是错误值，请检查');
        continue;
      }
      if (cell.t === 'd') {
        refuse(column, '是日期格式，请按文本填写');
        continue;
      }
      const value: CellValue =
        cell.t === 's'
          ? String(cell.v).trim()
          : cell.t === 'n' || cell.t === 'b'
            ? (cell.v as number | boolean)
            : null;
      if (value !== null && value !== '') {
        cells.set(column.key, value);
        empty = false;
      }
    }
    if (!empty) rows.push({ row: r + 1, cells, unreadable });
  }
  return rows;
}

const asText = (v: CellValue | undefined): string | undefined =>
  v === undefined || v === null
    ? undefined
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'boolean'
        ? v
          ? '是'
          : '否'
        : v;

// Codes, phone numbers, e-mails and years are ASCII: full-width (全角) input is read as half-width.
const asAscii = (v: CellValue | undefined): string | undefined => {
  const text = asText(v);
  return text === undefined ? undefined : halfWidth(text).trim();
};

function asYesNo(v: CellValue | undefined): boolean | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  return parseYesNo(String(v)) ?? String(v);
}

function asYear(v: CellValue | undefined): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  const s = halfWidth(String(v)).replace(/\s/g, '').replace(/年$/, '');
  return /^\d{4}$/.test(s) ? Number(s) : String(v);
}

// Several fields in one cell: 、 , ， ; ； or a line break (Alt+Enter) between them.
const FIELD_SEPARATOR = /[、,，;；\r\n]+/;

function splitFields(values: (CellValue | undefined)[]): string[] {
  return values
    .map(asText)
    .filter((v): v is string => v !== undefined)
    .flatMap((v) => v.split(FIELD_SEPARATOR))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function zodProblems<K extends string>(
  sheet: string,
  { row, unreadable }: SheetRow<K>,
  issues: readonly { path: PropertyKey[]; message: string }[],
  headerOfPath: (path: PropertyKey[]) => string,
  keysOfPath: (path: PropertyKey[]) => string[],
): Problem[] {
  return issues
    .filter((issue) => !keysOfPath(issue.path).some((key) => unreadable.has(key as K)))
    .map((issue) => {
      const column = headerOfPath(issue.path);
      return problem(sheet, `${locate(sheet, row, column)}：${issue.message}`, row, column);
    });
}

// The columns a schema path reads (fields come from the three 专业领域 columns).
const expertKeys = (path: PropertyKey[]) => {
  const key = String(path[0] ?? '');
  return key === 'fields' ? ['field1', 'field2', 'field3'] : [key];
};
const conflictKeys = (path: PropertyKey[]) => [String(path[0] ?? '')];

const SHEET_ORDER = [EXPERT_SHEET, CONFLICT_SHEET];

/** Problems in reading order: by sheet, then row (sheet-wide ones first), then column. */
function sortProblems(problems: Problem[]): Problem[] {
  const columnIndex = (p: Problem) => {
    const columns: readonly Column<string>[] = p.sheet === CONFLICT_SHEET ? CONFLICT_COLUMNS : EXPERT_COLUMNS;
    return p.column === undefined ? -1 : columns.findIndex((c) => c.header === p.column);
  };
  const sheetIndex = (p: Problem) => {
    const i = SHEET_ORDER.indexOf(p.sheet ?? '');
    return i < 0 ? SHEET_ORDER.length : i;
  };
  return [...problems].sort(
    (a, b) => sheetIndex(a) - sheetIndex(b) || (a.row ?? 0) - (b.row ?? 0) || columnIndex(a) - columnIndex(b),
  );
}

function expertHeader(path: PropertyKey[]): string {
  const key = String(path[0] ?? '');
  if (key === 'fields') return '专业领域1';
  return EXPERT_COLUMNS.find((c) => c.key === key)?.header ?? '';
}

function conflictHeader(path: PropertyKey[]): string {
  return CONFLICT_COLUMNS.find((c) => c.key === String(path[0] ?? ''))?.header ?? '';
}

/**
 * Reads a filled expert workbook. All-or-nothing: either every row is valid and the experts come
 * back with their recusal facts, or the problems come back, each naming sheet, row and column. The
 * file is opened in the sandbox (sandbox.ts) under the same limits as the round import; `status` says
 * why a file was refused as a whole (413 over 10 MB, 400 not an xlsx workbook, 422 over a limit).
 */
export async function readExpertWorkbook(
  file: Uint8Array,
  fileName = '',
): Promise<Result<ExpertImportRow[]> & { status?: 400 | 413 | 422 }> {
  // `status` only for a file refused as a whole; problems in its content answer 400 as usual.
  const fail = (message: string, status?: 400 | 413 | 422) => ({
    ok: false as const,
    ...(status ? { status } : {}),
    problems: [{ code: 'expert_file', message }],
  });
  if (file.byteLength === 0) return fail('文件为空，请选择填写好的专家库模板', 400);
  if (file.byteLength > EXPERT_IMPORT_LIMITS.bytes) {
    return fail(`文件大小为${(file.byteLength / 1024 / 1024).toFixed(1)}MB，超过上限10MB，请分批导入`, 413);
  }
  if (fileName !== '' && !/\.xlsx$/i.test(fileName))
    return fail(`“${fileName}”不是 .xlsx 文件，请使用专家库模板`, 400);

  const opened = await readWorkbookInSandbox(file, {
    cellDates: true,
    // One more than the limit, so an oversized sheet is detected without reading all of it.
    maxRows: Math.max(EXPERT_IMPORT_LIMITS.experts, EXPERT_IMPORT_LIMITS.conflicts),
  });
  if (!opened.ok) {
    return {
      ok: false,
      status: opened.status,
      problems: opened.problems.map((p) => ({ code: 'expert_file', message: p.message })),
    };
  }
  const wb = opened.book;

  const expertWs = wb.sheets.get(EXPERT_SHEET);
  if (!expertWs) return fail(`工作簿中没有“${EXPERT_SHEET}”工作表，请使用专家库模板`);
  const problems: Problem[] = [];
  const expertRows = readSheet(
    expertWs,
    EXPERT_SHEET,
    EXPERT_COLUMNS,
    EXPERT_IMPORT_LIMITS.experts,
    problems,
  );
  const conflictWs = wb.sheets.get(CONFLICT_SHEET);
  const conflictRows = conflictWs
    ? readSheet(conflictWs, CONFLICT_SHEET, CONFLICT_COLUMNS, EXPERT_IMPORT_LIMITS.conflicts, problems)
    : [];
  if (problems.length === 0 && expertRows.length === 0) return fail(`“${EXPERT_SHEET}”表中没有专家数据`);

  const experts: ExpertImportRow[] = [];
  const rowOfCode = new Map<string, number>();
  // Codes of rows refused above: their recusal rows are not reported as naming an unknown expert.
  const refusedCodes = new Set<string>();
  for (const sheetRow of expertRows) {
    const { row, cells } = sheetRow;
    const code = asAscii(cells.get('code'));
    const parsed = expertInputSchema.safeParse({
      code,
      name: asText(cells.get('name')),
      organisationName: asText(cells.get('organisationName')),
      organisationUscc: asText(cells.get('organisationUscc')),
      title: asText(cells.get('title')),
      fields: splitFields([cells.get('field1'), cells.get('field2'), cells.get('field3')]),
      region: asText(cells.get('region')),
      phone: asAscii(cells.get('phone')),
      email: asAscii(cells.get('email')),
      active: asYesNo(cells.get('active')),
      note: asText(cells.get('note')),
      conflicts: [],
    });
    if (!parsed.success || sheetRow.unreadable.size > 0) {
      if (!parsed.success)
        problems.push(...zodProblems(EXPERT_SHEET, sheetRow, parsed.error.issues, expertHeader, expertKeys));
      if (code !== undefined) refusedCodes.add(code);
      continue;
    }
    const earlier = rowOfCode.get(parsed.data.code);
    if (earlier !== undefined) {
      problems.push(
        problem(
          EXPERT_SHEET,
          `${locate(EXPERT_SHEET, row, '专家编号')}：专家编号“${parsed.data.code}”与第${earlier}行重复`,
          row,
          '专家编号',
        ),
      );
      continue;
    }
    rowOfCode.set(parsed.data.code, row);
    experts.push({ ...parsed.data, row });
  }

  const byCode = new Map(experts.map((e) => [e.code, e]));
  for (const sheetRow of conflictRows) {
    const { row, cells } = sheetRow;
    const code = asAscii(cells.get('code'));
    const kindLabel = asText(cells.get('kind'));
    const parsed = expertConflictInputSchema.safeParse({
      kind: kindLabel === undefined ? undefined : (KIND_BY_LABEL.get(kindLabel) ?? kindLabel),
      organisationName: asText(cells.get('organisationName')),
      organisationUscc: asText(cells.get('organisationUscc')),
      untilYear: asYear(cells.get('untilYear')),
      note: asText(cells.get('note')),
    });
    if (code === undefined) {
      if (!sheetRow.unreadable.has('code'))
        problems.push(
          problem(
            CONFLICT_SHEET,
            `${locate(CONFLICT_SHEET, row, '专家编号')}：专家编号不能为空`,
            row,
            '专家编号',
          ),
        );
    } else if (!rowOfCode.has(code) && !refusedCodes.has(code)) {
      problems.push(
        problem(
          CONFLICT_SHEET,
          `${locate(CONFLICT_SHEET, row, '专家编号')}：专家编号“${code}”不在“专家”表中`,
          row,
          '专家编号',
        ),
      );
    }
    if (!parsed.success) {
      problems.push(
        ...zodProblems(CONFLICT_SHEET, sheetRow, parsed.error.issues, conflictHeader, conflictKeys),
      );
      continue;
    }
    const expert = code === undefined ? undefined : byCode.get(code);
    if (expert) {
      if (expert.conflicts.length >= EXPERT_LIMITS.conflicts) {
        problems.push(
          problem(
            CONFLICT_SHEET,
            `${locate(CONFLICT_SHEET, row)}：专家“${code}”的回避信息超过${EXPERT_LIMITS.conflicts}条`,
            row,
          ),
        );
      } else {
        expert.conflicts.push(parsed.data);
      }
    }
  }

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, value: experts };
}
