// The 汇总表 workbook written by `pingshen grade --out file.xlsx`: one row per item, one column per
// expert's weighted total, then the engine's score, grade, rank and flags, with Chinese headers.
import * as XLSX from './xlsx';
import type { GradeInput, GradeOutput, Scheme } from '#scoring/types';
import { displayWidth } from './format-table';

export const SUMMARY_SHEET = '汇总表';
export const SCHEME_SHEET = '方案';

const FLAG_LABELS = new Map([
  ['spread', '评分分歧过大'],
  ['vetoed', '一票否决'],
]);

const STATUS_LABELS = { graded: '已评定', incomplete: '有效评分不足' } as const;

export function flagLabel(flag: string): string {
  return FLAG_LABELS.get(flag) ?? flag;
}

function widths(rows: (string | number | null)[][]): XLSX.ColInfo[] {
  const count = Math.max(...rows.map((r) => r.length));
  return Array.from({ length: count }, (_, i) => ({
    wch:
      Math.min(
        40,
        Math.max(
          6,
          ...rows.map((r) => displayWidth(r[i] === null || r[i] === undefined ? '' : String(r[i]))),
        ),
      ) + 2,
  }));
}

export function summaryWorkbook(scheme: Scheme, input: GradeInput, output: GradeOutput): XLSX.WorkBook {
  const names = new Map(input.items.map((item) => [item.id, item.name ?? '']));
  const experts = [...new Set(input.sheets.map((s) => s.expertId))];
  const recused = new Set(input.sheets.filter((s) => s.recused).map((s) => `${s.itemId}\u0000${s.expertId}`));
  const header = [
    '评审对象编号',
    '名称',
    '分组',
    ...experts.map((e) => `专家 ${e}`),
    // The contract's order first (expert totals, then score, grade, rank, flags); extras after.
    '得分',
    '等级',
    '排名',
    '标记',
    '有效评分数',
    '状态',
  ];
  const rows: (string | number | null)[][] = [header];
  for (const r of output.results) {
    const totals = experts.map((e) => {
      if (recused.has(`${r.itemId}\u0000${e}`)) return '回避';
      return Object.hasOwn(r.totals, e) ? r.totals[e] : null;
    });
    rows.push([
      r.itemId,
      names.get(r.itemId) || null,
      r.group || null,
      ...totals,
      r.score,
      r.grade,
      r.rank,
      r.flags.map(flagLabel).join('、') || null,
      r.experts,
      STATUS_LABELS[r.status],
    ]);
  }
  const summary = XLSX.utils.aoa_to_sheet(rows);
  summary['!cols'] = widths(rows);
  const about = [
    ['方案编号', scheme.id],
    ['方案名称', scheme.name],
    ['评审对象数', output.results.length],
    ['说明', '各专家列为该专家评分表的加权总分；得分、等级、排名由评分引擎按方案计算'],
  ];
  const aboutSheet = XLSX.utils.aoa_to_sheet(about);
  aboutSheet['!cols'] = [{ wch: 12 }, { wch: 60 }];
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, summary, SUMMARY_SHEET);
  XLSX.utils.book_append_sheet(workbook, aboutSheet, SCHEME_SHEET);
  return workbook;
}

export function workbookBytes(workbook: XLSX.WorkBook): Uint8Array {
  return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}
