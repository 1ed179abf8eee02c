// Case files (评分数据) for `pingshen grade`: JSON in the engine's GradeInput shape, or a score
// spreadsheet (.xlsx/.xls/.csv, long or wide form). Either way the result is validated GradeInput
// plus the locations needed to point problems at rows.
import { extname } from 'node:path';
import { parseWithSchema } from '#scoring/parse-with-schema';
import { gradeInputSchema } from '#scoring/schemas';
import type { Criterion, GradeInput, Problem, Result } from '#scoring/types';
import { Locations } from './locations';
import { failure, problem } from './problems';
import type { CaseFile, CaseResult } from './read-case-sheet';
import { readJsonFile } from './read-json';

export type { CaseFile, CaseResult } from './read-case-sheet';

// The spreadsheet readers (SheetJS, a megabyte of code) load only for a spreadsheet: a JSON case
// file, the common input of scripts, does not pay for them at start-up.
const TABLE_EXTENSIONS = ['.xlsx', '.xls', '.csv'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

// Unknown criterion keys are caught on the raw parse result, before zod copies the record: zod
// would silently drop a key such as "__proto__", hiding the mistake.
function unknownScoreKeys(raw: Record<string, unknown>, criteria: Criterion[]): Problem[] {
  const known = new Set(criteria.map((c) => c.id));
  const problems: Problem[] = [];
  if (!Array.isArray(raw.sheets)) return problems;
  raw.sheets.forEach((sheet: unknown, index) => {
    if (!isRecord(sheet) || !isRecord(sheet.scores)) return;
    for (const key of Object.keys(sheet.scores)) {
      if (known.has(key)) continue;
      problems.push(
        problem('unknown_criterion', `评分细则中没有指标“${key}”`, {
          path: `sheets[${index}].scores`,
          ...(text(sheet.itemId) ? { itemId: text(sheet.itemId) } : {}),
          ...(text(sheet.expertId) ? { expertId: text(sheet.expertId) } : {}),
          criterionId: key,
        }),
      );
    }
  });
  return problems;
}

// "sheets[3].scores.C1" → the item, expert and criterion of that entry of the raw file.
const ENTRY_PATH = /^(items|sheets)\[(\d+)\](?:\.scores\.(.+))?/;

function nameEntry(raw: Record<string, unknown>, p: Problem): Problem {
  const m = p.path === undefined ? null : ENTRY_PATH.exec(p.path);
  if (!m) return p;
  const list = raw[m[1]];
  const entry = Array.isArray(list) ? (list[Number(m[2])] as unknown) : undefined;
  if (!isRecord(entry)) return p;
  const itemId = m[1] === 'items' ? text(entry.id) : text(entry.itemId);
  const expertId = m[1] === 'sheets' ? text(entry.expertId) : undefined;
  return {
    ...p,
    ...(itemId ? { itemId } : {}),
    ...(expertId ? { expertId } : {}),
    ...(m[3] ? { criterionId: m[3] } : {}),
  };
}

const ITEM_KEYS = new Set(['id', 'name', 'group', 'vetoed']);
const SHEET_KEYS = new Set(['itemId', 'expertId', 'scores', 'recused']);

function trimmedId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.trim();
  return id === '' ? null : id;
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return false;
  return true;
}

/**
 * gradeInputSchema's reading of a well-formed case file, without zod: for the 18,000 sheets of a
 * large round zod's per-value checks and copies cost more than grading. Anything it is not sure
 * of returns null, and the schema then reads the file and words its problems; on what it accepts
 * the two agree (a test compares them).
 */
export function fastGradeInput(raw: Record<string, unknown>): GradeInput | null {
  if (!onlyKeys(raw, new Set(['items', 'sheets'])) || !Array.isArray(raw.items) || !Array.isArray(raw.sheets))
    return null;
  const items: GradeInput['items'] = [];
  for (const entry of raw.items as unknown[]) {
    if (!isRecord(entry) || !onlyKeys(entry, ITEM_KEYS)) return null;
    const id = trimmedId(entry.id);
    if (id === null) return null;
    const item: GradeInput['items'][number] = { id };
    for (const key of ['name', 'group'] as const) {
      const value = entry[key];
      if (typeof value === 'string') item[key] = value;
      else if (value !== undefined && value !== null) return null;
    }
    if (typeof entry.vetoed === 'boolean') item.vetoed = entry.vetoed;
    else if (entry.vetoed !== undefined && entry.vetoed !== null) return null;
    items.push(item);
  }
  const sheets: GradeInput['sheets'] = [];
  for (const entry of raw.sheets as unknown[]) {
    if (!isRecord(entry) || !onlyKeys(entry, SHEET_KEYS)) return null;
    const itemId = trimmedId(entry.itemId);
    const expertId = trimmedId(entry.expertId);
    const scores = entry.scores;
    if (itemId === null || expertId === null || !isRecord(scores)) return null;
    // The parsed object itself: nothing else holds it, and a "__proto__" key goes to the schema.
    for (const key in scores) {
      const value = scores[key];
      if (typeof value !== 'number' || !Number.isFinite(value) || key === '__proto__') return null;
    }
    const sheet: GradeInput['sheets'][number] = {
      itemId,
      expertId,
      scores: scores as Record<string, number>,
    };
    if (typeof entry.recused === 'boolean') sheet.recused = entry.recused;
    else if (entry.recused !== undefined && entry.recused !== null) return null;
    sheets.push(sheet);
  }
  return { items, sheets };
}

export function caseFromJson(raw: unknown, criteria: Criterion[]): CaseResult {
  if (!isRecord(raw))
    return failure('invalid_shape', '评分数据应为 {"items": [...], "sheets": [...]} 形式的 JSON 对象');
  const unknown = unknownScoreKeys(raw, criteria);
  const fast = fastGradeInput(raw);
  if (fast !== null) {
    const value = { input: fast, locations: new Locations() };
    return unknown.length > 0 ? { ok: false, problems: unknown, partial: value } : { ok: true, value };
  }
  const parsed = parseWithSchema(gradeInputSchema, raw);
  if (!parsed.ok)
    return { ok: false, problems: [...unknown, ...parsed.problems.map((p) => nameEntry(raw, p))] };
  const value = { input: parsed.value, locations: new Locations() };
  if (unknown.length > 0) return { ok: false, problems: unknown, partial: value };
  return { ok: true, value };
}

/** Reads a case file by extension: .json, or a spreadsheet in long or wide form. */
export async function readCase(path: string, criteria: Criterion[]): Promise<CaseResult> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    const raw = readJsonFile(path);
    return raw.ok ? caseFromJson(raw.value, criteria) : raw;
  }
  if (TABLE_EXTENSIONS.includes(ext)) {
    const [{ readTable }, { caseFromTable }] = await Promise.all([
      import('./read-table'),
      import('./read-case-sheet'),
    ]);
    const table = await readTable(path);
    return table.ok ? caseFromTable(table.value, criteria) : table;
  }
  return failure('file_type', `不支持的输入文件类型“${ext || path}”：请使用 .json、.xlsx、.xls 或 .csv`);
}
