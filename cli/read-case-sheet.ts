// Score spreadsheets (评分表) in two layouts:
//   long form (长表): one row per expert × item × criterion, columns item_id … score;
//   wide form (宽表): one row per expert × item, one column per criterion (id or name).
// Headers are matched against a whitelist (fixed columns + the rubric's criteria); anything else is
// reported, because a misspelt criterion column would otherwise drop scores without a word.
import type { Criterion, GradeInput, ItemInput, Problem, Result, SheetInput } from '#scoring/types';
import { type Cell, cellText, isBlank, parseBooleanCell, parseNumberCell } from './cell';
import { Locations } from './locations';
import { problem } from './problems';
import type { Table } from './read-table';

export type CaseField =
  'itemId' | 'itemName' | 'group' | 'expertId' | 'criterionId' | 'score' | 'recused' | 'vetoed';

// Header text (lower-cased) → field. English and Chinese names as agencies write them.
const FIELD_HEADERS = new Map<string, CaseField>([
  ['item_id', 'itemId'],
  ['评审对象编号', 'itemId'],
  ['item_name', 'itemName'],
  ['名称', 'itemName'],
  ['评审对象名称', 'itemName'],
  ['group', 'group'],
  ['分组', 'group'],
  ['expert_id', 'expertId'],
  ['专家编号', 'expertId'],
  ['criterion_id', 'criterionId'],
  ['指标编号', 'criterionId'],
  ['score', 'score'],
  ['得分', 'score'],
  ['recused', 'recused'],
  ['回避', 'recused'],
  ['vetoed', 'vetoed'],
  ['一票否决', 'vetoed'],
]);

const FIELD_LABEL: Record<CaseField, string> = {
  itemId: '评审对象编号',
  itemName: '名称',
  group: '分组',
  expertId: '专家编号',
  criterionId: '指标编号',
  score: '得分',
  recused: '回避',
  vetoed: '一票否决',
};

export interface CaseFile {
  input: GradeInput;
  locations: Locations;
  notices?: string[]; // cells read with a conversion (full-width digits, a percent format), one line each
}

/**
 * A case file, or its problems; when the file could be read apart from some cells, `partial`
 * holds what was read, so the caller can report the engine's problems in the same run.
 */
export type CaseResult =
  { ok: true; value: CaseFile } | { ok: false; problems: Problem[]; partial?: CaseFile };

interface Columns {
  fields: Map<CaseField, number>;
  criteria: Map<number, Criterion>; // wide form: column index → criterion
  header: string[];
}

function criterionLookup(criteria: Criterion[]): Map<string, Criterion> {
  const byName = new Map<string, Criterion>();
  const nameCount = new Map<string, number>();
  for (const c of criteria) nameCount.set(c.name, (nameCount.get(c.name) ?? 0) + 1);
  // Names are accepted only where unique; ids always win over names.
  for (const c of criteria) if (nameCount.get(c.name) === 1) byName.set(c.name, c);
  for (const c of criteria) byName.set(c.id, c);
  return byName;
}

function mapColumns(table: Table, lookup: Map<string, Criterion>): Result<Columns> {
  const problems: Problem[] = [];
  const header = table.header.map(cellText);
  const fields = new Map<CaseField, number>();
  const criteria = new Map<number, Criterion>();
  const where = (column: string) => ({ sheet: table.sheet, row: table.headerRow, column });
  const isLong = header.some((h) => {
    const field = FIELD_HEADERS.get(h.toLowerCase());
    return field === 'criterionId' || field === 'score';
  });
  const seenCriteria = new Set<string>();
  header.forEach((text, index) => {
    if (text === '') {
      if (table.rows.some((r) => !isBlank(r.cells[index] ?? null))) {
        problems.push(
          problem('header_missing', `第${index + 1}列有数据但没有表头`, {
            sheet: table.sheet,
            row: table.headerRow,
          }),
        );
      }
      return;
    }
    const field = FIELD_HEADERS.get(text.toLowerCase());
    if (field) {
      if (fields.has(field))
        problems.push(problem('header_duplicate', `表头“${text}”重复（${FIELD_LABEL[field]}）`, where(text)));
      else fields.set(field, index);
      return;
    }
    const criterion = isLong ? undefined : lookup.get(text);
    if (!criterion) {
      const expected = isLong
        ? 'item_id, item_name, group, expert_id, criterion_id, score, recused, vetoed 或 评审对象编号, 名称, 分组, 专家编号, 指标编号, 得分, 回避, 一票否决'
        : '固定列或评分细则中的指标编号/名称';
      problems.push(problem('header_unknown', `未知的表头“${text}”，应为${expected}`, where(text)));
      return;
    }
    if (seenCriteria.has(criterion.id)) {
      problems.push(problem('header_duplicate', `指标 ${criterion.id} 的列重复`, where(text)));
      return;
    }
    seenCriteria.add(criterion.id);
    criteria.set(index, criterion);
  });
  const required: CaseField[] = isLong
    ? ['itemId', 'expertId', 'criterionId', 'score']
    : ['itemId', 'expertId'];
  for (const field of required) {
    if (!fields.has(field)) {
      problems.push(
        problem('header_missing', `缺少“${FIELD_LABEL[field]}”列`, {
          sheet: table.sheet,
          row: table.headerRow,
        }),
      );
    }
  }
  if (!isLong && criteria.size === 0 && problems.length === 0) {
    problems.push(
      problem('header_missing', '没有指标列：宽表每个指标一列，长表需要“指标编号”和“得分”列', {
        sheet: table.sheet,
        row: table.headerRow,
      }),
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { fields, criteria, header } };
}

/** Builds the engine's GradeInput from a score table; every cell problem names its row. */
export function caseFromTable(table: Table, criteria: Criterion[]): CaseResult {
  const lookup = criterionLookup(criteria);
  const mapped = mapColumns(table, lookup);
  if (!mapped.ok) return mapped;
  const { fields, criteria: criterionColumns, header } = mapped.value;
  const isLong = fields.has('criterionId');
  const problems: Problem[] = [];
  const items = new Map<string, ItemInput>();
  const itemSources = new Map<string, { name?: number; group?: number; vetoed?: number }>();
  const sheets = new Map<string, SheetInput & { firstRow: number; recusedRow?: number }>();
  const seenScores = new Map<string, number>();
  const locations = new Locations();
  const notices: string[] = [];
  // Only called for required columns or ones the row has a value in, so the field is always mapped.
  const columnName = (field: CaseField): string => header[fields.get(field)!];

  for (const { row, cells } of table.rows) {
    const at = (field: CaseField): Cell => {
      const index = fields.get(field);
      return index === undefined ? null : (cells[index] ?? null);
    };
    const base = { sheet: table.sheet, row };
    const itemId = cellText(at('itemId'));
    const expertId = cellText(at('expertId'));
    if (itemId === '')
      problems.push(problem('item_missing', '缺少评审对象编号', { ...base, column: columnName('itemId') }));
    if (expertId === '')
      problems.push(
        problem('expert_missing', '缺少专家编号', {
          ...base,
          ...(itemId ? { itemId } : {}),
          column: columnName('expertId'),
        }),
      );
    if (itemId === '' || expertId === '') continue;
    const who = { ...base, itemId, expertId };

    let item = items.get(itemId);
    if (!item) {
      item = { id: itemId };
      items.set(itemId, item);
      itemSources.set(itemId, {});
      locations.remember(base, itemId);
    }
    const sources = itemSources.get(itemId)!;
    for (const key of ['name', 'group'] as const) {
      const field: CaseField = key === 'name' ? 'itemName' : 'group';
      const text = cellText(at(field));
      if (text === '') continue;
      if (item[key] === undefined) {
        item[key] = text;
        sources[key] = row;
      } else if (item[key] !== text) {
        problems.push(
          problem(
            'item_conflict',
            `${FIELD_LABEL[field]}“${text}”与第${sources[key]}行的“${item[key]}”不一致`,
            { ...base, itemId, column: columnName(field) },
          ),
        );
      }
    }
    if (!isBlank(at('vetoed'))) {
      const vetoed = parseBooleanCell(at('vetoed'));
      if (!vetoed.ok)
        problems.push(
          ...vetoed.problems.map((p) => ({ ...p, ...base, itemId, column: columnName('vetoed') })),
        );
      else if (item.vetoed === undefined) {
        item.vetoed = vetoed.value;
        sources.vetoed = row;
      } else if (item.vetoed !== vetoed.value) {
        problems.push(
          problem('item_conflict', `一票否决与第${sources.vetoed}行不一致`, {
            ...base,
            itemId,
            column: columnName('vetoed'),
          }),
        );
      }
    }

    const sheetKey = `${itemId}\u0000${expertId}`;
    let sheet = sheets.get(sheetKey);
    if (sheet && !isLong) {
      problems.push(
        problem(
          'sheet_duplicate',
          `专家 ${expertId} 对评审对象 ${itemId} 的评分与第${sheet.firstRow}行重复`,
          who,
        ),
      );
      continue;
    }
    if (!sheet) {
      sheet = { itemId, expertId, scores: Object.create(null) as Record<string, number>, firstRow: row };
      sheets.set(sheetKey, sheet);
      locations.remember(base, itemId, expertId);
    }
    if (!isBlank(at('recused'))) {
      const recused = parseBooleanCell(at('recused'));
      if (!recused.ok)
        problems.push(...recused.problems.map((p) => ({ ...p, ...who, column: columnName('recused') })));
      else if (sheet.recused === undefined) {
        sheet.recused = recused.value;
        sheet.recusedRow = row;
      } else if (sheet.recused !== recused.value) {
        problems.push(
          problem('sheet_conflict', `回避与第${sheet.recusedRow}行不一致`, {
            ...who,
            column: columnName('recused'),
          }),
        );
      }
    }

    const scoreCells: { criterion: Criterion | undefined; text: string; cell: Cell; column: string }[] = [];
    if (isLong) {
      const text = cellText(at('criterionId'));
      if (text === '') {
        if (!isBlank(at('score')))
          problems.push(
            problem('criterion_missing', '有得分但缺少指标编号', {
              ...who,
              column: columnName('criterionId'),
            }),
          );
        continue;
      }
      scoreCells.push({
        criterion: lookup.get(text),
        text,
        cell: at('score'),
        column: columnName('score'),
      });
    } else {
      for (const [index, criterion] of criterionColumns) {
        scoreCells.push({ criterion, text: criterion.id, cell: cells[index] ?? null, column: header[index] });
      }
    }
    for (const { criterion, text, cell, column } of scoreCells) {
      if (!criterion) {
        problems.push(
          problem('unknown_criterion', `评分细则中没有指标“${text}”`, {
            ...who,
            criterionId: text,
            column: columnName('criterionId'),
          }),
        );
        continue;
      }
      const where = { ...who, criterionId: criterion.id, column };
      locations.remember(where, itemId, expertId, criterion.id);
      const scoreKey = `${sheetKey}\u0000${criterion.id}`;
      const earlier = seenScores.get(scoreKey);
      if (earlier !== undefined && !isBlank(cell)) {
        problems.push(
          problem('score_duplicate', `同一专家、评审对象、指标的得分与第${earlier}行重复`, where),
        );
        continue;
      }
      if (isBlank(cell)) continue;
      seenScores.set(scoreKey, row);
      const score = parseNumberCell(cell);
      if (!score.ok)
        problems.push(...score.problems.map((p) => ({ ...p, ...where, message: `得分${p.message}` })));
      else {
        sheet.scores[criterion.id] = score.value;
        for (const n of score.notices)
          notices.push(`工作表“${table.sheet}”第${row}行列“${column}”：${n.detail}`);
      }
    }
  }

  const input: GradeInput = {
    items: [...items.values()],
    sheets: [...sheets.values()].map(({ itemId, expertId, scores, recused }) => ({
      itemId,
      expertId,
      scores,
      ...(recused === undefined ? {} : { recused }),
    })),
  };
  // The rows that could be read go along, so the engine's checks can run on them in the same pass.
  if (problems.length > 0) return { ok: false, problems, partial: { input, locations } };
  if (items.size === 0)
    return { ok: false, problems: [problem('empty', '文件中没有评分数据行', { sheet: table.sheet })] };
  return { ok: true, value: { input, locations, ...(notices.length > 0 ? { notices } : {}) } };
}
