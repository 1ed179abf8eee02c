// Turns an uploaded 申报书 / 年度运行情况表 into one record per unit (keyed by 统一社会信用代码) with
// the flat ApplicationData the eligibility engine reads, and lists every problem. Pure: nothing is
// written; the caller decides whether to commit.
import type { ApplicationData, EligibilityRule, Jurisdiction, Problem } from '#scoring/types';
import type { PlainWorkbook } from './plain';
import { ROWS_PER_STEP, runSteps, type Steps } from '#app/utils/steps';
import { openWorkbook, readSheetsSteps, type CellValue, type ParsedSheet } from './read-workbook';
import { workbookSpec, type TemplateKind } from './spec';

export interface ImportedUnit {
  uscc: string;
  name: string;
  platformName: string; // 平台名称, the unit name when the column is empty
  sheet: string;
  row: number; // row of the unit sheet
  category: string | null;
  parentUscc: string | null;
  serviceFields: string[];
  serviceScopes: string[];
  data: ApplicationData; // flat values for eligibility; keys only from the spec
  details: Record<string, Record<string, CellValue>[]>; // 'many' sheets: sheet name → rows
}

export interface ImportPreview {
  kind: TemplateKind;
  units: ImportedUnit[];
  problems: Problem[]; // any problem blocks the import
  warnings: Problem[]; // ignored columns and sheets; do not block
  // Set when the file itself was refused before any sheet was read: 413 (over 10 MB), 400 (not an
  // xlsx workbook), 422 (over a limit, or refused by the sandbox).
  refused?: 400 | 413 | 422;
}

export interface PreviewOptions {
  eligibility?: EligibilityRule[]; // the round's rules: extra 补充数据 columns
  // The round's jurisdiction: whose 服务行业领域 and 服务范围 lists the values are checked against
  // (options.ts). Absent: Sichuan's.
  jurisdiction?: Jurisdiction;
  asOf: string; // ISO date the service years are counted to (end of the round's data window)
  // Whether a unit (by 统一社会信用代码) hosts a recognised platform: a unit whose parent does is a
  // branch (分支机构, 第二十条). Absent: no unit counts as recognised.
  isRecognised?: (uscc: string) => boolean;
}

function str(v: CellValue | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function num(v: CellValue | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

function list(v: CellValue | undefined): string[] {
  return Array.isArray(v) ? v : [];
}

// Whole years from `from` to `to` (ISO dates), as "满N年" is counted.
function fullYears(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) >= from.slice(5) ? years : years - 1;
}

// Exact percentage of two non-negative numbers given in at most 4 decimals (万元 amounts): scaling
// to integers first keeps 600 / 1000 at exactly 60, not 60.00000000000001.
function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  const p = Math.round(part * 10_000);
  const w = Math.round(whole * 10_000);
  return Math.round(((p * 100) / w) * 100) / 100;
}

function toRecord(values: Map<string, CellValue>): Record<string, CellValue> {
  const record: Record<string, CellValue> = Object.create(null);
  for (const [k, v] of values) record[k] = v;
  return record;
}

/**
 * Preview of an uploaded workbook: units, problems and warnings. Never throws on bad input. The file
 * is opened in the sandbox (sandbox.ts); a file refused there comes back with its status (413, 400 or
 * 422) and one problem.
 */
export async function previewImport(
  bytes: Uint8Array,
  kind: TemplateKind,
  options: PreviewOptions,
): Promise<ImportPreview> {
  const opened = await openWorkbook(bytes);
  if (!opened.ok) return { kind, units: [], problems: opened.problems, warnings: [], refused: opened.status };
  return previewBook(opened.book, kind, options);
}

/** previewImport of a workbook already opened in the sandbox. */
export function previewBook(book: PlainWorkbook, kind: TemplateKind, options: PreviewOptions): ImportPreview {
  return runSteps(previewBookSteps(book, kind, options));
}

/** previewBook as steps (app/utils/steps.ts), pausing every few rows: the server's way to call it. */
export function* previewBookSteps(
  book: PlainWorkbook,
  kind: TemplateKind,
  options: PreviewOptions,
): Steps<ImportPreview> {
  const spec = workbookSpec(kind, options.eligibility, options.jurisdiction);
  const { sheets, problems, warnings } = yield* readSheetsSteps(book, spec);

  const unitSheet = sheets.get(spec.sheets[0].name);
  const units = new Map<string, ImportedUnit>();
  if (unitSheet) {
    for (const { row, values } of unitSheet.rows) {
      const uscc = str(values.get('uscc'));
      if (!uscc) continue; // already reported as missing or invalid
      const first = units.get(uscc);
      if (first) {
        problems.push({
          code: 'duplicate_unit',
          sheet: unitSheet.spec.name,
          row,
          column: unitSheet.columnLetters.get('uscc'),
          message: `${unitSheet.spec.name}第${row}行：统一社会信用代码${uscc}与第${first.row}行重复（同一单位只能填写一行）`,
        });
        continue;
      }
      const data: ApplicationData = Object.create(null);
      for (const [k, v] of values) {
        if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') data[k] = v;
      }
      units.set(uscc, {
        uscc,
        name: str(values.get('name')) ?? '',
        platformName: str(values.get('platformName')) ?? str(values.get('name')) ?? '',
        sheet: unitSheet.spec.name,
        row,
        category: str(values.get('category')),
        parentUscc: str(values.get('parentUscc')),
        serviceFields: list(values.get('serviceFields')),
        serviceScopes: list(values.get('serviceScopes')),
        data,
        details: Object.create(null),
      });
    }
    // Same name under two codes is usually a typo in one of them.
    const byName = new Map<string, ImportedUnit>();
    for (const unit of units.values()) {
      const other = unit.name ? byName.get(unit.name) : undefined;
      if (other) {
        problems.push({
          code: 'duplicate_unit',
          sheet: unitSheet.spec.name,
          row: unit.row,
          column: unitSheet.columnLetters.get('name'),
          message: `${unitSheet.spec.name}第${unit.row}行：单位名称“${unit.name}”与第${other.row}行相同，但统一社会信用代码不同`,
        });
      } else if (unit.name) {
        byName.set(unit.name, unit);
      }
    }
  }

  for (const sheetSpec of spec.sheets.slice(1)) {
    const sheet = sheets.get(sheetSpec.name);
    if (sheet) yield* joinSheet(sheet, units, problems);
  }

  let derived = 0;
  for (const unit of units.values()) {
    if (++derived % ROWS_PER_STEP === 0) yield;
    derive(kind, unit, options.asOf, problems);
    unit.data.isBranch = unit.parentUscc !== null && (options.isRecognised?.(unit.parentUscc) ?? false);
  }
  return { kind, units: [...units.values()], problems: sortProblems(problems), warnings };
}

function* joinSheet(sheet: ParsedSheet, units: Map<string, ImportedUnit>, problems: Problem[]): Steps<void> {
  const name = sheet.spec.name;
  const seen = new Map<string, number[]>();
  // Rows of each unit, to report an excess once per unit with its extent rather than once per row.
  const rowsOfUnit = new Map<string, number[]>();
  for (const { row, values } of sheet.rows) {
    const uscc = str(values.get('uscc'));
    if (uscc && units.has(uscc)) rowsOfUnit.set(uscc, [...(rowsOfUnit.get(uscc) ?? []), row]);
  }
  let joined = 0;
  for (const { row, values } of sheet.rows) {
    if (++joined % ROWS_PER_STEP === 0) yield;
    const uscc = str(values.get('uscc'));
    if (!uscc) continue;
    const unit = units.get(uscc);
    if (!unit) {
      problems.push({
        code: 'unknown_unit',
        sheet: name,
        row,
        column: sheet.columnLetters.get('uscc'),
        message: `${name}第${row}行：统一社会信用代码${uscc}在“基本信息”中没有对应单位`,
      });
      continue;
    }
    const rows = seen.get(uscc) ?? [];
    rows.push(row);
    seen.set(uscc, rows);
    if (sheet.spec.cardinality === 'one') {
      if (rows.length > 1) {
        problems.push({
          code: 'duplicate_unit',
          sheet: name,
          row,
          message: `${name}第${row}行：单位${uscc}已在第${rows[0]}行填写，每个单位只能一行`,
        });
        continue;
      }
      for (const [k, v] of values) {
        if (k !== 'uscc' && (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'))
          unit.data[k] = v;
      }
    } else {
      const max = sheet.spec.maxPerUnit ?? Infinity;
      if (rows.length > max) {
        if (rows.length === max + 1) {
          const all = rowsOfUnit.get(uscc) ?? rows;
          const extra = all.slice(max);
          const extent =
            extra.length === 1 ? `第${extra[0]}行` : `第${extra[0]}至${extra[extra.length - 1]}行`;
          problems.push({
            code: 'too_many_rows_for_unit',
            sheet: name,
            row,
            message: `${name}第${row}行：单位${uscc}在本表最多填写${max}行，实际填写了${all.length}行（${extent}超出）`,
          });
        }
        continue;
      }
      (unit.details[name] ??= []).push(toRecord(values));
    }
  }
}

function crossCheck(unit: ImportedUnit, problems: Problem[], message: string): void {
  problems.push({
    code: 'inconsistent',
    sheet: unit.sheet,
    row: unit.row,
    message: `${unit.sheet}第${unit.row}行（${unit.name || unit.uscc}）：${message}`,
  });
}

function derive(kind: TemplateKind, unit: ImportedUnit, asOf: string, problems: Problem[]): void {
  const d = unit.data;
  d.serviceFieldsCount = unit.serviceFields.length;
  d.serviceScopesCount = unit.serviceScopes.length;
  if (unit.parentUscc === unit.uscc) crossCheck(unit, problems, '上级单位统一社会信用代码不能是本单位');

  if (kind === 'annual_report') {
    const from = str(d.windowFrom as CellValue);
    const to = str(d.windowTo as CellValue);
    if (from && to && from > to) crossCheck(unit, problems, `统计区间起${from}晚于统计区间止${to}`);
    const revenue = num(d.revenue as CellValue);
    const related = num(d.relatedIncome as CellValue);
    if (revenue !== null && related !== null) {
      if (related > revenue)
        crossCheck(unit, problems, `相关服务收入${related}万元大于营业收入${revenue}万元`);
      const share = percent(related, revenue);
      if (share !== null) d.businessShare = share;
    }
    return;
  }

  const started = str(d.serviceStartedOn as CellValue);
  if (started) {
    if (started > asOf) crossCheck(unit, problems, `开始提供相关服务日期${started}晚于统计截止日${asOf}`);
    else d.serviceYears = fullYears(started, asOf);
  }
  const staff = num(d.staffTotal as CellValue);
  const qualified = num(d.qualifiedStaff as CellValue);
  if (staff !== null && qualified !== null) {
    if (qualified > staff) crossCheck(unit, problems, `持证专业人员${qualified}人多于从业人员总数${staff}人`);
    const ratio = percent(qualified, staff);
    if (ratio !== null) d.qualifiedStaffRatio = ratio;
  }

  const operations = [...(unit.details['近三年运营'] ?? [])].sort((a, b) => Number(a.year) - Number(b.year));
  const years = new Set<number>();
  for (const op of operations) {
    const year = num(op.year);
    if (year === null) continue;
    if (years.has(year)) crossCheck(unit, problems, `近三年运营中${year}年填写了多行`);
    years.add(year);
    const revenue = num(op.revenue);
    const related = num(op.relatedIncome);
    if (revenue !== null && related !== null && related > revenue) {
      crossCheck(unit, problems, `${year}年相关服务收入${related}万元大于营业收入${revenue}万元`);
    }
  }
  // Eligibility looks at the most recent year reported (最近一个会计年度).
  const latest = operations.at(-1);
  if (latest) {
    const revenue = num(latest.revenue);
    const related = num(latest.relatedIncome);
    if (revenue !== null) d.revenue = revenue;
    if (related !== null) d.relatedIncome = related;
    if (revenue !== null && related !== null) {
      const share = percent(related, revenue);
      if (share !== null) d.businessShare = share;
    }
    const contracts = num(latest.serviceContracts);
    if (contracts !== null) d.serviceContracts = contracts;
  }
  d.influentialCases = (unit.details['服务案例'] ?? []).length;
  const achievements = unit.details['项目成果'] ?? [];
  d.nationalProjects3y = achievements.filter(
    (p) => p.kind === '国家级项目或工作任务' || p.kind === '省部级项目或工作任务',
  ).length;
  d.standardsProjects3y = achievements.filter((p) => p.kind === '国家或行业标准制修订').length;
}

function sortProblems(problems: Problem[]): Problem[] {
  // Grouped by sheet (in the order sheets were read, file-level problems first), then by row.
  const sheetOrder = new Map<string, number>();
  for (const p of problems)
    if (!sheetOrder.has(p.sheet ?? '')) sheetOrder.set(p.sheet ?? '', sheetOrder.size);
  return problems
    .map((p, i) => ({ p, i, s: p.sheet === undefined ? -1 : (sheetOrder.get(p.sheet) as number) }))
    .sort((a, b) => a.s - b.s || (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
