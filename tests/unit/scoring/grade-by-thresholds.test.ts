import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeByThresholds } from '#scoring/grade-by-thresholds';
import type { ThresholdGrading } from '#scoring/types';
import { triennialGrading } from './factories';

const annual: ThresholdGrading = {
  kind: 'thresholds',
  levels: [{ grade: '合格', min: 60 }, { grade: '不合格' }],
};

describe('gradeByThresholds', () => {
  it('gives the first level whose min the score reaches', () => {
    expect(gradeByThresholds(85, false, triennialGrading)).toBe('优秀');
    expect(gradeByThresholds(84.99, false, triennialGrading)).toBe('合格');
    expect(gradeByThresholds(60, false, triennialGrading)).toBe('合格');
    expect(gradeByThresholds(59.99, false, triennialGrading)).toBe('不合格');
    expect(gradeByThresholds(0, false, triennialGrading)).toBe('不合格');
    expect(gradeByThresholds(60, false, annual)).toBe('合格');
    expect(gradeByThresholds(59.995, false, annual)).toBe('不合格');
  });

  it('gives a vetoed item (一票否决) the last level whatever its score', () => {
    expect(gradeByThresholds(99, true, triennialGrading)).toBe('不合格');
    expect(gradeByThresholds(99, true, annual)).toBe('不合格');
  });

  it('gives an incomplete item no grade', () => {
    expect(gradeByThresholds(null, false, triennialGrading)).toBeNull();
    expect(gradeByThresholds(null, true, triennialGrading)).toBeNull();
  });

  it('a single level grades everything', () => {
    expect(gradeByThresholds(12, false, { kind: 'thresholds', levels: [{ grade: '通过' }] })).toBe('通过');
  });

  it('is monotone: a higher score never gets a lower level', () => {
    const order = triennialGrading.levels.map((l) => l.grade);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a / 100, b / 100] : [b / 100, a / 100];
        const gLo = order.indexOf(gradeByThresholds(lo, false, triennialGrading) as string);
        const gHi = order.indexOf(gradeByThresholds(hi, false, triennialGrading) as string);
        expect(gHi).toBeLessThanOrEqual(gLo);
      }),
    );
  });
});
