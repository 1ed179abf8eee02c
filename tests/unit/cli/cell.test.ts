import { describe, expect, it } from 'vitest';
import { cellText, parseBooleanCell, parseNumberCell } from '#cli/cell';

describe('parseBooleanCell', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    [0, false],
    [1, true],
    ['Y', true],
    ['n', false],
    [true, true],
    ['', false],
    [null, false],
  ] as const)('%j → %s', (cell, expected) => {
    expect(parseBooleanCell(cell)).toEqual({ ok: true, value: expected });
  });

  it.each(['也许', '2', 'x'])('rejects %j with a Chinese message', (cell) => {
    const result = parseBooleanCell(cell);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toContain(`“${cell}”不是是/否值`);
  });
});

describe('parseNumberCell', () => {
  it.each([
    [8.5, 8.5],
    ['8.5', 8.5],
    [' 10 ', 10],
    ['０．５', 0.5],
    ['.5', 0.5],
  ] as const)('%j → %s', (cell, expected) => {
    expect(parseNumberCell(cell)).toEqual({ ok: true, value: expected, notices: expect.any(Array) });
  });

  it.each(['八分', '1e3', '0x10', 'Infinity', '12分', '', true])('rejects %j', (cell) => {
    expect(parseNumberCell(cell).ok).toBe(false);
  });

  it('rejects non-finite numbers', () => {
    expect(parseNumberCell(Number.NaN).ok).toBe(false);
  });
});

describe('cellText', () => {
  it('trims text and prints numbers in their shortest form', () => {
    expect(cellText('  P01 ')).toBe('P01');
    expect(cellText(7)).toBe('7');
    expect(cellText(null)).toBe('');
  });
});
