import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chineseNumeral, formatBatch, parseBatch } from '#app/utils/batch';

describe('批次', () => {
  it.each([
    ['第一批', 1],
    ['1', 1],
    ['一', 1],
    ['１', 1],
    ['第1批', 1],
    ['第一', 1], // 批 may be left off
    [' 第 2 批 ', 2],
    ['二批', 2],
    ['两', 2],
    ['十', 10],
    ['第十一批', 11],
    ['二十', 20],
    ['第九十九批', 99],
    [3, 3],
  ])('reads %s as %i', (input, value) => {
    expect(parseBatch(input)).toEqual({ ok: true, value });
  });

  it.each(['', '第批', '0', '第零批', '100', '一百', 'abc', '1.5', '批', '-1'])('refuses %j', (input) => {
    expect(parseBatch(input).ok).toBe(false);
  });

  it('refuses numbers that are not whole batches', () => {
    for (const n of [0, 1.5, 100, -1, Number.NaN]) expect(parseBatch(n).ok).toBe(false);
  });

  it('shows 第一批, 第十批, 第二十一批', () => {
    expect(formatBatch(1)).toBe('第一批');
    expect(formatBatch(10)).toBe('第十批');
    expect(formatBatch(21)).toBe('第二十一批');
    expect(() => chineseNumeral(0)).toThrow(RangeError);
  });

  it('reads back what it shows, and the plain number, for every batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), (n) => {
        expect(parseBatch(formatBatch(n))).toEqual({ ok: true, value: n });
        expect(parseBatch(chineseNumeral(n))).toEqual({ ok: true, value: n });
        expect(parseBatch(String(n))).toEqual({ ok: true, value: n });
      }),
    );
  });
});
