import { describe, expect, it } from 'vitest';
import { validateSheets } from '#scoring/validate-sheets';
import type { GradeInput, SheetInput } from '#scoring/types';
import { rubric } from './factories';

const good = { hw: 8, rd: 15, svc: 4 };

describe('validateSheets', () => {
  it('finds nothing wrong in a clean batch', () => {
    const input: GradeInput = {
      items: [{ id: 'P01' }, { id: 'P02' }],
      sheets: [
        { itemId: 'P01', expertId: 'E1', scores: good },
        { itemId: 'P02', expertId: 'E1', scores: good },
      ],
    };
    expect(validateSheets(rubric, input)).toEqual([]);
  });

  it('reports unknown items, duplicate items and duplicate expert × item sheets with their position', () => {
    const input: GradeInput = {
      items: [{ id: 'P01' }, { id: 'P01' }],
      sheets: [
        { itemId: 'P01', expertId: 'E1', scores: good },
        { itemId: 'P99', expertId: 'E2', scores: good },
        { itemId: 'P01', expertId: 'E1', scores: good },
      ],
    };
    expect(validateSheets(rubric, input)).toEqual([
      { code: 'item_duplicate', message: '评审对象 P01 重复出现', itemId: 'P01', path: 'items[1].id' },
      {
        code: 'item_unknown',
        message: '评审对象 P99、专家 E2：评审对象 P99 不在评审对象名单中',
        itemId: 'P99',
        expertId: 'E2',
        path: 'sheets[1]',
      },
      {
        code: 'sheet_duplicate',
        message: '评审对象 P01、专家 E1：同一专家对同一评审对象有多份评分表（第 1 份与第 3 份）',
        itemId: 'P01',
        expertId: 'E1',
        path: 'sheets[2]',
      },
    ]);
  });

  it('collects score problems of every sheet, each naming item, expert and criterion', () => {
    const input: GradeInput = {
      items: [{ id: 'P01' }],
      sheets: [
        { itemId: 'P01', expertId: 'E1', scores: { ...good, hw: 11 } },
        { itemId: 'P01', expertId: 'E2', scores: { hw: 8, svc: 4 } },
      ],
    };
    expect(validateSheets(rubric, input)).toEqual([
      expect.objectContaining({
        code: 'score_out_of_range',
        itemId: 'P01',
        expertId: 'E1',
        criterionId: 'hw',
      }),
      expect.objectContaining({ code: 'score_missing', itemId: 'P01', expertId: 'E2', criterionId: 'rd' }),
    ]);
  });

  it('does not check the scores of a recused sheet (回避), but still its item and uniqueness', () => {
    const recused: SheetInput = { itemId: 'P01', expertId: 'E9', scores: {}, recused: true };
    expect(validateSheets(rubric, { items: [{ id: 'P01' }], sheets: [recused] })).toEqual([]);
    expect(validateSheets(rubric, { items: [], sheets: [recused] }).map((p) => p.code)).toEqual([
      'item_unknown',
    ]);
  });

  it('hands the total of every valid, non-recused sheet to onTotal', () => {
    const seen: [string, number][] = [];
    validateSheets(
      rubric,
      {
        items: [{ id: 'P01' }],
        sheets: [
          { itemId: 'P01', expertId: 'E1', scores: good },
          { itemId: 'P01', expertId: 'E2', scores: { ...good, hw: 99 } },
          { itemId: 'P01', expertId: 'E3', scores: {}, recused: true },
        ],
      },
      (sheet, total) => seen.push([sheet.expertId, total]),
    );
    expect(seen).toEqual([['E1', 34.5]]);
  });
});
