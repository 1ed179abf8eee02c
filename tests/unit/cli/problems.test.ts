import { describe, expect, it } from 'vitest';
import { formatProblem } from '#cli/problems';

describe('formatProblem', () => {
  it('puts the sheet row, column, item, expert and criterion before the message', () => {
    expect(
      formatProblem({
        code: 'x',
        message: '得分“八分”不是数字',
        sheet: '评分',
        row: 3,
        column: '得分',
        itemId: 'P1',
        expertId: 'E2',
        criterionId: 'c1',
      }),
    ).toBe('错误：工作表“评分”第3行，列“得分”，评审对象 P1，专家 E2，指标 c1：得分“八分”不是数字');
  });

  it('does not repeat names the message already gives', () => {
    expect(
      formatProblem({
        code: 'x',
        message: '评审对象 P1、专家 E2：分数过高',
        itemId: 'P1',
        expertId: 'E2',
        row: 4,
      }),
    ).toBe('错误：第4行：评审对象 P1、专家 E2：分数过高');
  });

  it('shows a JSON path the message does not include', () => {
    expect(formatProblem({ code: 'x', message: '评分细则中没有指标“z”', path: 'sheets[2].scores' })).toBe(
      '错误：sheets[2].scores：评分细则中没有指标“z”',
    );
  });
});
