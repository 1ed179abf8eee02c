import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalPlaces,
  decimalToNumber,
  differenceExceeds,
  divideAndRound,
  isMultipleOf,
  isRepresentable,
  meanRounded,
  multiplyExact,
  roundHalfUp,
  shareOfCount,
  subtractExact,
  sumExact,
  toDecimal,
  toScaledInt,
} from '#scoring/decimal';

describe('decimalPlaces / toDecimal', () => {
  it('reads a number as the decimal it was written as', () => {
    expect(decimalPlaces(84.12)).toBe(2);
    expect(decimalPlaces(3)).toBe(0);
    expect(decimalPlaces(0.1)).toBe(1);
    expect(decimalPlaces(1e-7)).toBe(7);
    expect(decimalPlaces(-2.5)).toBe(1);
    expect(toDecimal(84.12)).toEqual({ units: 8412n, scale: 2 });
    expect(toDecimal(1e21)).toEqual({ units: 10n ** 21n, scale: 0 });
    expect(toDecimal(1.5e-20)).toEqual({ units: 15n, scale: 21 });
  });

  it('throws on non-finite input (a programmer error: boundaries reject it first)', () => {
    expect(() => decimalPlaces(Number.NaN)).toThrow(RangeError);
    expect(() => toDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('round-trips every double through its decimal', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(decimalToNumber(toDecimal(x))).toBe(x === 0 ? 0 : x);
      }),
    );
  });

  it('toScaledInt is exact or null', () => {
    expect(toScaledInt(84.12, 2)).toBe(8412);
    expect(toScaledInt(84.12, 4)).toBe(841200);
    expect(toScaledInt(84.125, 2)).toBeNull();
    expect(toScaledInt(1e300, 0)).toBeNull();
  });

  it('isRepresentable tells whether a decimal survives a double', () => {
    expect(isRepresentable({ units: 8412n, scale: 2 })).toBe(true);
    expect(isRepresentable({ units: 12345678901234567891n, scale: 2 })).toBe(false);
  });
});

describe('exact sums and products', () => {
  it('has no binary floating-point artefacts', () => {
    expect(sumExact([0.1, 0.2])).toBe(0.3);
    expect(sumExact([0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(multiplyExact(0.1, 3)).toBe(0.3);
    expect(multiplyExact(1.15, 100)).toBe(115);
    expect(subtractExact(84.13, 84.12)).toBe(0.01);
  });

  it('sums are exact for short decimals (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 30 }), (hundredths) => {
        const exact = hundredths.reduce((a, b) => a + b, 0);
        expect(sumExact(hundredths.map((h) => h / 100))).toBe(exact / 100);
      }),
    );
  });
});

describe('rounding half-up', () => {
  it('rounds the mean of 84.12 and 84.13 to 84.13', () => {
    expect(meanRounded([84.12, 84.13], 2)).toBe(84.13);
    // (84.12 + 84.13 + 84.13) / 3 = 84.1266… → 84.13
    expect(meanRounded([84.12, 84.13, 84.13], 2)).toBe(84.13);
    // (84.12 + 84.12 + 84.135) / 3 = 84.125 exactly → 84.13 (half-up at .xx5)
    expect(meanRounded([84.12, 84.12, 84.135], 2)).toBe(84.13);
  });

  it('rounds .xx5 up where doubles would round down', () => {
    // 1.005 is stored as 1.00499999999999989…; read as the decimal 1.005 it rounds up.
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(84.125, 2)).toBe(84.13);
    expect(roundHalfUp(84.124, 2)).toBe(84.12);
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
    expect(roundHalfUp(7, 2)).toBe(7);
    expect(roundHalfUp(0.5, 0)).toBe(1);
  });

  it('divideAndRound implements floor, ceil and half-up on exact integers', () => {
    expect(divideAndRound(25n, 10n, 'floor')).toBe(2n);
    expect(divideAndRound(25n, 10n, 'ceil')).toBe(3n);
    expect(divideAndRound(25n, 10n, 'round')).toBe(3n);
    expect(divideAndRound(24n, 10n, 'round')).toBe(2n);
    expect(divideAndRound(20n, 10n, 'ceil')).toBe(2n);
    expect(divideAndRound(-25n, 10n, 'round')).toBe(-3n);
    expect(divideAndRound(-25n, 10n, 'floor')).toBe(-3n);
    expect(divideAndRound(-25n, 10n, 'ceil')).toBe(-2n);
    expect(() => divideAndRound(1n, 0n, 'round')).toThrow(RangeError);
  });

  it('meanRounded matches a BigInt reference (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }),
        (thousandths) => {
          const sum = BigInt(thousandths.reduce((a, b) => a + b, 0));
          const n = BigInt(thousandths.length);
          // round(sum / (1000 n), 2) half-up = floor((sum·100·2 + 1000n) / (2·1000n)) / 100
          const expected = Number((sum * 200n + 1000n * n) / (2000n * n)) / 100;
          expect(
            meanRounded(
              thousandths.map((t) => t / 1000),
              2,
            ),
          ).toBe(expected);
        },
      ),
    );
  });

  it('meanRounded takes the BigInt path for values beyond safe integers', () => {
    expect(meanRounded([1e20, 1e20 + 2 ** 17], 0)).toBe(1e20 + 2 ** 16);
    expect(() => meanRounded([], 2)).toThrow(RangeError);
  });
});

describe('shares of a count', () => {
  it('computes share × n exactly before rounding', () => {
    // 0.1 × 30 is 3.0000000000000004 in doubles; ceil would give 4.
    expect(shareOfCount(0.1, 30, 'ceil')).toBe(3);
    expect(shareOfCount(0.3, 10, 'floor')).toBe(3);
    expect(shareOfCount(0.1, 25, 'round')).toBe(3);
    expect(shareOfCount(0.1, 24, 'round')).toBe(2);
    expect(shareOfCount(0.1, 15, 'round')).toBe(2);
    expect(shareOfCount(0.1, 14, 'round')).toBe(1);
    expect(shareOfCount(0.1, 0, 'ceil')).toBe(0);
    expect(() => shareOfCount(0.1, -1, 'ceil')).toThrow(RangeError);
  });
});

describe('steps', () => {
  it('is exact for decimal steps', () => {
    expect(isMultipleOf(0.3, 0.1)).toBe(true);
    expect(isMultipleOf(0.35, 0.1)).toBe(false);
    expect(isMultipleOf(7.5, 0.5)).toBe(true);
    expect(isMultipleOf(7.25, 0.5)).toBe(false);
    expect(isMultipleOf(10, 2.5)).toBe(true);
    expect(isMultipleOf(0, 0.1)).toBe(true);
  });

  it('every k × 0.1 is a multiple of 0.1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (k) => {
        expect(isMultipleOf(k / 10, 0.1)).toBe(true);
      }),
    );
  });
});

describe('differenceExceeds', () => {
  it('compares a difference with a limit exactly', () => {
    // 0.3 − 0.1 = 0.19999999999999998 in doubles
    expect(differenceExceeds(0.3, 0.1, 0.2)).toBe(false);
    expect(differenceExceeds(80.01, 60, 20)).toBe(true);
    expect(differenceExceeds(80, 60, 20)).toBe(false);
  });
});
