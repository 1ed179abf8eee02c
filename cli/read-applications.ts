// Application data (申报材料数据) for `pingshen eligibility`: JSON
//   {"applications": [{"id", "name"?, "data": {"<field>": number | boolean | string | null}}]}
// or a spreadsheet with one row per application: an id column (id / 编号), an optional name column
// (name / 名称) and one column per field the rules read, headed by the field key or its Chinese
// label from the application form (e.g. staffTotal or 从业人员总数). Other columns are left out and
// reported as a notice; their values never reach the data.
import { extname } from 'node:path';
import { z } from 'zod';
import { type UnreadableField, unreadableFields } from '#scoring/check-eligibility';
import { parseWithSchema } from '#scoring/parse-with-schema';
import { applicationFields } from '#seeds/presets/application-fields';
import type { ApplicationData, EligibilityRule, Problem, Result } from '#scoring/types';
import { type CellRule, columnCellRule } from '#app/utils/xlsx/cell-rules';
import { type ColumnSpec, fieldColumnType, workbookSpec } from '#app/utils/xlsx/spec';
import { type Cell, cellText, isBlank, readCellAs } from './cell';
import { failure, problem } from './problems';
import { readJsonFile } from './read-json';
import type { readTable as ReadTable } from './read-table';

// SheetJS loads only for a spreadsheet (see read-case.ts).
const TABLE_EXTENSIONS = ['.xlsx', '.xls', '.csv'];

export interface Application {
  id: string;
  name?: string;
  data: ApplicationData;
}

export interface Applications {
  applications: Application[];
  notices: string[];
}

const ID_HEADERS = new Set(['id', 'application_id', '编号', '申报编号']);
const NAME_HEADERS = new Set(['name', '名称', '平台名称', '单位名称']);

const applicationsSchema = z.strictObject({
  applications: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1),
        name: z.string().optional(),
        data: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()])),
      }),
    )
    .min(1),
});

// A value the rules cannot read would only show as 缺数据 (missing), hiding the typo: it is invalid input.
function unreadableMessage(id: string, u: UnreadableField): string {
  const shown = typeof u.value === 'string' ? u.value : JSON.stringify(u.value);
  return u.kind === 'number'
    ? `申报对象 ${id}：“${shown}”不是数字`
    : `申报对象 ${id}：“${shown}”不是是/否值，应填写 是/否、true/false、1/0 或 Y/N`;
}

function fieldsOf(rules: EligibilityRule[]): Set<string> {
  return new Set(rules.flatMap((r) => r.conditions.map((c) => c.field)));
}

/**
 * For each field the rules read, the cell rule the app's import holds that column to: its column in
 * the 申报书 template (staffTotal: whole 人, equipmentValue: 万元 ≥ 0, seniorStaffRatio: 0–100 %), or
 * for a derived or extra field the column the import's 补充数据 sheet would give it. Null: read as text.
 */
function fieldRules(rules: EligibilityRule[]): Map<string, CellRule | null> {
  const columns = new Map<string, ColumnSpec>();
  for (const sheet of workbookSpec('application', rules).sheets) {
    if (sheet.cardinality !== 'one') continue;
    for (const column of sheet.columns) if (!columns.has(column.key)) columns.set(column.key, column);
  }
  const byField = new Map<string, CellRule | null>();
  for (const rule of rules) {
    for (const condition of rule.conditions) {
      if (byField.has(condition.field)) continue;
      byField.set(
        condition.field,
        columnCellRule(columns.get(condition.field) ?? fieldColumnType(condition)),
      );
    }
  }
  return byField;
}

type FieldReading =
  | { ok: true; value: ApplicationData[string]; notices: string[] }
  | { ok: false; code: string; message: string };

/** One field's cell through the shared cell rules; an empty cell is left out (缺数据). */
function readField(rule: CellRule | null, cell: Cell): FieldReading | null {
  if (isBlank(cell)) return null;
  if (rule === null) return { ok: true, value: cellText(cell), notices: [] };
  const read = readCellAs(rule, cell);
  if (!read.ok) return { ok: false, code: read.problems[0].code, message: read.problems[0].message };
  return { ok: true, value: read.value, notices: read.notices.map((n) => n.detail) };
}

// Column header → field key, for the fields the rules read: the key itself or its form label.
function headerFields(fields: Set<string>): Map<string, string> {
  const byHeader = new Map<string, string>();
  for (const f of applicationFields) if (fields.has(f.key)) byHeader.set(f.label, f.key);
  for (const key of fields) byHeader.set(key, key);
  return byHeader;
}

function duplicateIds(applications: { id: string; row?: number }[]): Problem[] {
  const seen = new Map<string, number | undefined>();
  const problems: Problem[] = [];
  for (const a of applications) {
    if (seen.has(a.id)) {
      const first = seen.get(a.id);
      problems.push(
        problem(
          'application_duplicate',
          `申报编号 ${a.id} 重复${first === undefined ? '' : `（首次出现在第${first}行）`}`,
          a.row === undefined ? {} : { row: a.row },
        ),
      );
    } else seen.set(a.id, a.row);
  }
  return problems;
}

function fromJson(raw: unknown, rules: EligibilityRule[], fields: Set<string>): Result<Applications> {
  const parsed = parseWithSchema(applicationsSchema, raw);
  if (!parsed.ok) return parsed;
  const problems = duplicateIds(parsed.value.applications);
  const byField = fieldRules(rules);
  const notices: string[] = [];
  // Only the fields the rules read are kept, read by the same cell rules as a spreadsheet's cells,
  // into a null-prototype object, so no key of the file can reach a prototype.
  const applications = parsed.value.applications.map((a, i) => {
    const data = Object.create(null) as ApplicationData;
    for (const [key, value] of Object.entries(a.data)) {
      if (!fields.has(key)) continue;
      const path = `applications[${i}].data.${key}`;
      const read = readField(byField.get(key) ?? null, value);
      if (read === null) continue;
      if (!read.ok) {
        problems.push(problem(read.code, `申报对象 ${a.id}：${read.message}`, { path }));
        continue;
      }
      data[key] = read.value;
      for (const n of read.notices) notices.push(`${path}（申报对象 ${a.id}）：${n}`);
    }
    return { id: a.id, ...(a.name === undefined ? {} : { name: a.name }), data };
  });
  applications.forEach((a, i) => {
    for (const u of unreadableFields(rules, a.data)) {
      problems.push(
        problem('value_unreadable', unreadableMessage(a.id, u), {
          path: `applications[${i}].data.${u.field}`,
        }),
      );
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const extra = [...new Set(parsed.value.applications.flatMap((a) => Object.keys(a.data)))].filter(
    (k) => !fields.has(k),
  );
  return {
    ok: true,
    value: {
      applications,
      notices: [...(extra.length > 0 ? [`以下字段不在规则中，已忽略：${extra.join('、')}`] : []), ...notices],
    },
  };
}

async function fromTable(
  readTable: typeof ReadTable,
  path: string,
  rules: EligibilityRule[],
  fields: Set<string>,
): Promise<Result<Applications>> {
  const table = await readTable(path);
  if (!table.ok) return table;
  const { header, rows, sheet, headerRow } = table.value;
  const problems: Problem[] = [];
  let idColumn: number | undefined;
  let nameColumn: number | undefined;
  const fieldColumns: { index: number; field: string }[] = [];
  const ignored: string[] = [];
  const seenFields = new Set<string>();
  const byHeader = headerFields(fields);
  header.forEach((cell, index) => {
    const text = cellText(cell);
    if (text === '') return;
    const lower = text.toLowerCase();
    if (ID_HEADERS.has(lower) && idColumn === undefined) idColumn = index;
    else if (NAME_HEADERS.has(lower) && nameColumn === undefined) nameColumn = index;
    else if (byHeader.has(text)) {
      const field = byHeader.get(text)!;
      if (seenFields.has(field)) {
        problems.push(
          problem('header_duplicate', `字段 ${field} 的列重复（表头“${text}”）`, {
            sheet,
            row: headerRow,
            column: text,
          }),
        );
      }
      seenFields.add(field);
      fieldColumns.push({ index, field });
    } else ignored.push(text);
  });
  if (idColumn === undefined)
    problems.push(problem('header_missing', '缺少“编号”（id）列', { sheet, row: headerRow }));
  if (problems.length > 0) return { ok: false, problems };

  const byField = fieldRules(rules);
  const notices: string[] = [];
  const applications: (Application & { row: number })[] = [];
  for (const { row, cells } of rows) {
    const id = cellText(cells[idColumn!] ?? null);
    if (id === '') {
      problems.push(problem('application_missing_id', '缺少申报编号', { sheet, row }));
      continue;
    }
    const data = Object.create(null) as ApplicationData;
    for (const { index, field } of fieldColumns) {
      const read = readField(byField.get(field) ?? null, cells[index] ?? null);
      if (read === null) continue;
      const where = { sheet, row, column: cellText(header[index]) };
      if (!read.ok) {
        problems.push(problem(read.code, `申报对象 ${id}：${read.message}`, where));
        continue;
      }
      data[field] = read.value;
      for (const n of read.notices) notices.push(`工作表“${sheet}”第${row}行列“${where.column}”：${n}`);
    }
    for (const u of unreadableFields(rules, data)) {
      const column = fieldColumns.find((c) => c.field === u.field)!;
      problems.push(
        problem('value_unreadable', unreadableMessage(id, u), {
          sheet,
          row,
          column: cellText(header[column.index]),
        }),
      );
    }
    const name = nameColumn === undefined ? '' : cellText(cells[nameColumn] ?? null);
    applications.push({ id, ...(name === '' ? {} : { name }), data, row });
  }
  problems.push(...duplicateIds(applications).map((p) => ({ ...p, sheet })));
  if (problems.length > 0) return { ok: false, problems };
  if (applications.length === 0) return failure('empty', '文件中没有申报数据行', { sheet });
  return {
    ok: true,
    value: {
      applications: applications.map(({ row: _row, ...a }) => a),
      notices: [
        ...(ignored.length > 0 ? [`以下列不在规则中，已忽略：${ignored.join('、')}`] : []),
        ...notices,
      ],
    },
  };
}

export async function readApplications(
  path: string,
  rules: EligibilityRule[],
): Promise<Result<Applications>> {
  const fields = fieldsOf(rules);
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    const raw = readJsonFile(path);
    return raw.ok ? fromJson(raw.value, rules, fields) : raw;
  }
  if (TABLE_EXTENSIONS.includes(ext))
    return fromTable((await import('./read-table')).readTable, path, rules, fields);
  return failure('file_type', `不支持的输入文件类型“${ext || path}”：请使用 .json、.xlsx、.xls 或 .csv`);
}
