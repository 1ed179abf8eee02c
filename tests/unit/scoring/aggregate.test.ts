import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '#scoring/aggregate';

describe('aggregate: mean', () => {
  it('rounds the exact mean half-up: 84.12 and 84.13 → 84.13', () => {
    expect(aggregate([84.12, 84.13], { method: 'mean', quorum: 2 })).toEqual({
      score: 84.13,
      status: 'graded',
      flags: [],
    });
  });

  it('rounds at .xx5 with three sheets', () => {
    // (84.12 + 84.12 + 84.135) / 3 = 84.125 → 84.13; a double mean would give 84.12499999999999
    expect(aggregate([84.12, 84.12, 84.135], { method: 'mean' }).score).toBe(84.13);
    // (80.1 + 80.2 + 80.2) / 3 = 80.1666… → 80.17
    expect(aggregate([80.1, 80.2, 80.2], { method: 'mean' }).score).toBe(80.17);
  });

  it('honours decimals', () => {
    expect(aggregate([70, 70, 71], { method: 'mean', decimals: 0 }).score).toBe(70);
    expect(aggregate([70, 70, 71], { method: 'mean', decimals: 1 }).score).toBe(70.3);
    expect(aggregate([70.5, 70.5, 70.5], { method: 'mean', decimals: 0 }).score).toBe(71);
  });
});

describe('aggregate: median', () => {
  it('takes the middle value of an odd count', () => {
    expect(aggregate([90, 70, 80], { method: 'median' }).score).toBe(80);
  });

  it('takes the mean of the two middle values of an even count, rounded half-up', () => {
    expect(aggregate([60, 84.12, 84.13, 99], { method: 'median' }).score).toBe(84.13);
    expect(aggregate([70, 80, 85, 100], { method: 'median', decimals: 0 }).score).toBe(83);
  });
});

describe('aggregate: trimmed', () => {
  it('drops the highest and lowest from minForTrim sheets on', () => {
    // 5 sheets: drop 40 and 100, mean of 80, 82, 84 = 82
    expect(aggregate([100, 80, 40, 84, 82], { method: 'trimmed' }).score).toBe(82);
  });

  it('falls back to the plain mean below minForTrim', () => {
    // 4 sheets < 5: plain mean (100 + 80 + 40 + 84) / 4 = 76
    expect(aggregate([100, 80, 40, 84], { method: 'trimmed' }).score).toBe(76);
  });

  it('drops only one of several equal extremes per trim', () => {
    expect(aggregate([90, 90, 80, 70, 70], { method: 'trimmed' }).score).toBe(80);
    expect(aggregate([90, 90, 80, 70, 70, 60, 50], { method: 'trimmed', trim: 2, minForTrim: 7 }).score).toBe(
      73.33,
    );
  });

  it('refuses options that would trim everything (programmer error)', () => {
    expect(() => aggregate([1, 2, 3], { method: 'trimmed', trim: 2, minForTrim: 3, quorum: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('aggregate: quorum', () => {
  it('is incomplete with fewer than quorum sheets: no score', () => {
    expect(aggregate([80, 90], { method: 'mean' })).toEqual({ score: null, status: 'incomplete', flags: [] });
    expect(aggregate([], { method: 'mean', quorum: 1 })).toEqual({
      score: null,
      status: 'incomplete',
      flags: [],
    });
    expect(aggregate([80, 90], { method: 'mean', quorum: 2 }).status).toBe('graded');
  });
});

describe('aggregate: spread flag', () => {
  it('flags max − min above spreadLimit, exactly', () => {
    expect(aggregate([60, 80, 70], { method: 'mean', spreadLimit: 20 }).flags).toEqual([]);
    expect(aggregate([60, 80.01, 70], { method: 'mean', spreadLimit: 20 }).flags).toEqual(['spread']);
    // 0.3 − 0.1 > 0.2 in doubles; exactly it is equal, so no flag
    expect(aggregate([0.1, 0.3, 0.2], { method: 'mean', spreadLimit: 0.2 }).flags).toEqual([]);
  });

  it('is off when spreadLimit is null or absent, and still reported on incomplete items', () => {
    expect(aggregate([0, 100, 50], { method: 'mean', spreadLimit: null }).flags).toEqual([]);
    expect(aggregate([0, 100, 50], { method: 'mean' }).flags).toEqual([]);
    expect(aggregate([0, 100], { method: 'mean', spreadLimit: 20 })).toEqual({
      score: null,
      status: 'incomplete',
      flags: ['spread'],
    });
  });
});

describe('aggregate: properties', () => {
  const hundredths = fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100);
  const methods = fc.constantFrom('mean' as const, 'median' as const, 'trimmed' as const);

  it('score lies within [min, max] of the totals', () => {
    fc.assert(
      fc.property(fc.array(hundredths, { minLength: 3, maxLength: 15 }), methods, (totals, method) => {
        const { score } = aggregate(totals, { method });
        expect(score).not.toBeNull();
        expect(score as number).toBeGreaterThanOrEqual(Math.min(...totals));
        expect(score as number).toBeLessThanOrEqual(Math.max(...totals));
      }),
    );
  });

  it('is invariant under permutation of the sheets', () => {
    fc.assert(
      fc.property(
        fc.array(hundredths, { minLength: 0, maxLength: 12 }),
        methods,
        fc.integer({ min: 0, max: 1000 }),
        (totals, method, rotation) => {
          const shuffled = totals.map((t, i) => totals[(i + rotation) % totals.length]).reverse();
          expect(aggregate(shuffled, { method, spreadLimit: 10 })).toEqual(
            aggregate(totals, { method, spreadLimit: 10 }),
          );
        },
      ),
    );
  });

  it('a constant panel scores that constant', () => {
    fc.assert(
      fc.property(hundredths, fc.integer({ min: 3, max: 9 }), methods, (total, n, method) => {
        expect(aggregate(Array(n).fill(total), { method }).score).toBe(total);
      }),
    );
  });
});
