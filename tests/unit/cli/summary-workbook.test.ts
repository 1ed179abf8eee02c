import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { SUMMARY_SHEET, summaryWorkbook, workbookBytes } from '#cli/summary-workbook';
import type { GradeInput, GradeOutput, Scheme } from '#scoring/types';

const scheme = { id: 's', name: '测试方案' } as Scheme;
const input: GradeInput = {
  items: [{ id: 'P1', name: '甲平台', group: 'A' }, { id: 'P2' }],
  sheets: [
    { itemId: 'P1', expertId: 'E1', scores: {} },
    { itemId: 'P1', expertId: 'E2', scores: {}, recused: true },
    { itemId: 'P2', expertId: 'E2', scores: {} },
  ],
};
const output: GradeOutput = {
  scheme: 's',
  results: [
    {
      itemId: 'P1',
      group: 'A',
      score: 84.13,
      grade: '合格',
      rank: 1,
      status: 'graded',
      experts: 1,
      flags: ['spread', 'vetoed', 'other'],
      totals: { E1: 84.13 },
    },
    {
      itemId: 'P2',
      group: '',
      score: null,
      grade: null,
      rank: null,
      status: 'incomplete',
      experts: 1,
      flags: [],
      totals: { E2: 50 },
    },
  ],
};

describe('summaryWorkbook', () => {
  it('writes one row per item with expert totals, score, grade, rank and Chinese flags', () => {
    const built = summaryWorkbook(scheme, input, output);
    expect(built.Sheets[SUMMARY_SHEET]['!cols']).toHaveLength(11);
    const workbook = XLSX.read(workbookBytes(built), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json(workbook.Sheets[SUMMARY_SHEET], { header: 1, defval: null });
    expect(rows).toEqual([
      [
        '评审对象编号',
        '名称',
        '分组',
        '专家 E1',
        '专家 E2',
        '得分',
        '等级',
        '排名',
        '标记',
        '有效评分数',
        '状态',
      ],
      ['P1', '甲平台', 'A', 84.13, '回避', 84.13, '合格', 1, '评分分歧过大、一票否决、other', 1, '已评定'],
      ['P2', null, null, null, 50, null, null, null, null, 1, '有效评分不足'],
    ]);
  });
});
