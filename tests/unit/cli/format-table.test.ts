import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable } from '#cli/format-table';

describe('formatTable', () => {
  it('counts Chinese characters as two columns', () => {
    expect(displayWidth('合格')).toBe(4);
    expect(displayWidth('A1')).toBe(2);
    expect(displayWidth('（满足）')).toBe(8);
  });

  it('aligns mixed Chinese and ASCII columns, numbers to the right', () => {
    const text = formatTable(
      ['编号', '等级', '得分'],
      [
        ['P1', '优秀', '90.5'],
        ['P10', '不合格', '7'],
      ],
      new Set([2]),
    );
    expect(text.split('\n')).toEqual([
      '编号  等级    得分',
      '----  ------  ----',
      'P1    优秀    90.5',
      'P10   不合格     7',
      '',
    ]);
  });
});
