import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platformLifecycle } from '#scoring/platform-lifecycle';
import type { HistoryEntry, Jurisdiction } from '#scoring/types';

describe('platformLifecycle — MIIT and Sichuan', () => {
  it('recognition lists the platform; annual evaluations until the triennial year', () => {
    const r = platformLifecycle('miit', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2026, kind: 'annual', grade: '合格' },
    ]);
    expect(r.status).toBe('listed');
    expect(r.years.map((y) => [y.year, y.status])).toEqual([
      [2025, 'listed'],
      [2026, 'listed'],
    ]);
    expect(r.nextReview).toEqual({ year: 2027, kind: 'annual' });
    expect(r.removedIn).toBeNull();
    expect(r.bannedUntil).toBeNull();
  });

  it('the triennial year replaces the annual evaluation (recognised 2025 → 综合评审 2028)', () => {
    const r = platformLifecycle('sichuan', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2026, kind: 'annual', grade: '合格' },
      { year: 2027, kind: 'annual', grade: '不合格' },
    ]);
    expect(r.status).toBe('listed');
    expect(r.years[2].reason).toContain('重要参考');
    expect(r.nextReview).toEqual({ year: 2028, kind: 'triennial' });
  });

  it('triennial 不合格 → rectifying, re-reviewed next year; 合格 restores and restarts the cycle', () => {
    const r = platformLifecycle('miit', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2028, kind: 'triennial', grade: '不合格' },
    ]);
    expect(r.status).toBe('rectifying');
    expect(r.years.map((y) => y.status)).toEqual(['listed', 'listed', 'listed', 'rectifying']);
    expect(r.years[1].reason).toBe('本年度无评价记录');
    expect(r.nextReview).toEqual({ year: 2029, kind: 'triennial' });

    const restored = platformLifecycle('miit', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2029, kind: 'triennial', grade: '合格' },
    ]);
    expect(restored.status).toBe('listed');
    expect(restored.nextReview).toEqual({ year: 2030, kind: 'annual' });
    expect(
      platformLifecycle('miit', [
        { year: 2028, kind: 'triennial', grade: '不合格' },
        { year: 2029, kind: 'triennial', grade: '合格' },
        { year: 2030, kind: 'annual', grade: '合格' },
        { year: 2031, kind: 'annual', grade: '合格' },
      ]).nextReview,
    ).toEqual({ year: 2032, kind: 'triennial' });
  });

  it('不合格 again after rectification → removed, banned for 3 years', () => {
    const r = platformLifecycle('miit', [
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2029, kind: 'triennial', grade: '不合格' },
    ]);
    expect(r.status).toBe('removed');
    expect(r.removedIn).toBe(2029);
    expect(r.bannedUntil).toBe(2032);
    expect(r.nextReview).toBeNull();
    expect(r.years[1].reason).toContain('整改后综合评审仍不合格');
  });

  it('the example of docs/scoring.md §8: removed 2029, banned until 2032', () => {
    const r = platformLifecycle('miit', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2026, kind: 'annual', grade: '合格' },
      { year: 2027, kind: 'annual', grade: '合格' },
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2029, kind: 'triennial', grade: '不合格' },
    ]);
    expect(r.years.map((y) => y.status)).toEqual(['listed', 'listed', 'listed', 'rectifying', 'removed']);
    expect(r).toMatchObject({ status: 'removed', removedIn: 2029, bannedUntil: 2032, nextReview: null });
  });

  it('absent from the re-review → removed', () => {
    const r = platformLifecycle('sichuan', [
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2029, kind: 'triennial', absent: true },
    ]);
    expect(r.status).toBe('removed');
    expect(r.removedIn).toBe(2029);
    expect(r.years[1].reason).toContain('川经信规〔2025〕9号第十八条（二）不参加整改后次年度综合评审');
    const annualAbsent = platformLifecycle('miit', [{ year: 2027, kind: 'annual', absent: true }]);
    expect(annualAbsent.years[0].reason).toContain('第十九条（一）无故不参加评审');
  });

  // 第十八条（二）: 应于次年度参加综合评审；若不参加次年度综合评审…移出名录. A history that goes past the
  // year after the 不合格 without a triennial review in it shows the platform did not take part.
  it('no triennial review in the year after the 不合格 → removed in that year', () => {
    const skipped = platformLifecycle('miit', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2030, kind: 'triennial', grade: '合格' },
    ]);
    expect(skipped.years.map((y) => [y.year, y.status])).toEqual([
      [2025, 'listed'],
      [2026, 'listed'],
      [2027, 'listed'],
      [2028, 'rectifying'],
      [2029, 'removed'],
      [2030, 'removed'],
    ]);
    expect(skipped).toMatchObject({
      status: 'removed',
      removedIn: 2029,
      bannedUntil: 2032,
      nextReview: null,
    });
    expect(skipped.years[4].reason).toBe(
      '移出名录：工信部科〔2025〕261号第十八条（二）不参加整改后次年度综合评审，2032年底前不受理其申报',
    );
    expect(skipped.years[5].reason).toBe('已移出名录，该记录不改变状态');

    // An annual evaluation in the rectification year is not the required re-review.
    const annualInstead = platformLifecycle('sichuan', [
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2029, kind: 'annual', grade: '合格' },
      { year: 2030, kind: 'annual', grade: '合格' },
    ]);
    expect(annualInstead.years.map((y) => y.status)).toEqual(['rectifying', 'removed', 'removed']);
    expect(annualInstead.removedIn).toBe(2029);
    expect(annualInstead.years[1].reason).toContain(
      '年度评价合格；取消服务平台资格：川经信规〔2025〕9号第十八条（二）',
    );

    // Until a later year is recorded, the re-review may simply not be entered yet.
    const pending = platformLifecycle('miit', [
      { year: 2028, kind: 'triennial', grade: '不合格' },
      { year: 2029, kind: 'annual', grade: '合格' },
    ]);
    expect(pending.status).toBe('rectifying');

    // Shanghai has no re-review year: a 不合格 followed by a gap is not a removal.
    expect(
      platformLifecycle('shanghai', [
        { year: 2023, kind: 'performance', grade: '不合格' },
        { year: 2025, kind: 'performance', grade: '一般' },
      ]).status,
    ).toBe('listed');
  });

  it('a 第十九条 ground removes at once, citing the article', () => {
    const r = platformLifecycle('miit', [
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2026, kind: 'annual', grade: '合格', removalGround: 'fraud' },
    ]);
    expect(r.status).toBe('removed');
    expect(r.bannedUntil).toBe(2029);
    expect(r.years[1].reason).toContain('工信部科〔2025〕261号第十九条（二）');

    const withdrawn = platformLifecycle('sichuan', [
      { year: 2027, kind: 'annual', removalGround: 'voluntary_withdrawal' },
    ]);
    expect(withdrawn.years[0].reason).toContain('川经信规〔2025〕9号第十九条（五）');
  });

  it('refuses a new application during the ban and accepts one after it', () => {
    const history: HistoryEntry[] = [
      { year: 2026, kind: 'annual', absent: true },
      { year: 2028, kind: 'recognition', grade: '推荐' },
    ];
    const during = platformLifecycle('miit', history);
    expect(during.status).toBe('removed');
    expect(during.years.at(-1)?.reason).toContain('2029年底前不受理申报');

    const after = platformLifecycle('miit', [...history, { year: 2030, kind: 'recognition', grade: '推荐' }]);
    expect(after.status).toBe('listed');
    expect(after.removedIn).toBeNull();
    expect(after.bannedUntil).toBeNull();
    expect(after.nextReview).toEqual({ year: 2031, kind: 'annual' });
  });

  it('a recognition that is not recommended leaves the unit an applicant', () => {
    const r = platformLifecycle('sichuan', [{ year: 2026, kind: 'recognition', grade: '不推荐' }]);
    expect(r.status).toBe('applicant');
    expect(r.nextReview).toBeNull();
  });

  it('sorts the history and merges entries of the same year', () => {
    const r = platformLifecycle('miit', [
      { year: 2026, kind: 'annual', grade: '合格' },
      { year: 2025, kind: 'recognition', grade: '推荐' },
      { year: 2026, kind: 'annual', grade: null },
    ]);
    expect(r.years.map((y) => y.year)).toEqual([2025, 2026]);
    expect(r.years[1].reason).toContain('年度评价合格');
  });

  it('an empty history says nothing', () => {
    expect(platformLifecycle('miit', [])).toEqual({
      years: [],
      status: 'applicant',
      removedIn: null,
      bannedUntil: null,
      nextReview: null,
    });
  });
});

describe('platformLifecycle — Shanghai', () => {
  it('one 不合格 → rectifying; two consecutive → removed, with no re-application ban in 004', () => {
    const once = platformLifecycle('shanghai', [
      { year: 2023, kind: 'performance', grade: '良好' },
      { year: 2024, kind: 'performance', grade: '不合格' },
    ]);
    expect(once.status).toBe('rectifying');
    expect(once.nextReview).toEqual({ year: 2025, kind: 'performance' });

    const twice = platformLifecycle('shanghai', [
      { year: 2023, kind: 'performance', grade: '不合格' },
      { year: 2024, kind: 'performance', grade: '不合格' },
    ]);
    expect(twice.status).toBe('removed');
    expect(twice.removedIn).toBe(2024);
    expect(twice.bannedUntil).toBeNull();
    expect(twice.years[1].reason).toContain('第二十三条（一）');
  });

  it('不合格 separated by a better grade is not consecutive', () => {
    const r = platformLifecycle('shanghai', [
      { year: 2023, kind: 'performance', grade: '不合格' },
      { year: 2024, kind: 'performance', grade: '一般' },
      { year: 2025, kind: 'performance', grade: '不合格' },
    ]);
    expect(r.status).toBe('rectifying');
  });

  it('says removal in the words of each document', () => {
    const twice = (j: Jurisdiction, kind: 'triennial' | 'performance') =>
      platformLifecycle(j, [
        { year: 2024, kind, grade: '不合格' },
        { year: 2025, kind, grade: '不合格' },
      ]).years[1].reason;
    expect(twice('miit', 'triennial')).toMatch(/^移出名录：/);
    expect(twice('sichuan', 'triennial')).toMatch(/^取消服务平台资格：/);
    expect(twice('shanghai', 'performance')).toBe(
      '不再列入服务平台序列：沪科规〔2022〕2号第二十三条（一）连续两次绩效评估为“不合格”',
    );
  });

  it('refusing the evaluation removes the platform', () => {
    const r = platformLifecycle('shanghai', [{ year: 2024, kind: 'performance', absent: true }]);
    expect(r.status).toBe('removed');
    expect(r.years[0].reason).toContain('不接受市科委检查、监督和评估');
  });
});

describe('platformLifecycle — properties', () => {
  const entry = fc.record({
    year: fc.integer({ min: 2016, max: 2035 }),
    kind: fc.constantFrom('recognition', 'annual', 'triennial', 'performance' as const),
    grade: fc.constantFrom('推荐', '不推荐', '合格', '不合格', '优秀', '良好', '一般', null),
    absent: fc.boolean(),
  });
  const jurisdiction = fc.constantFrom<Jurisdiction>('miit', 'sichuan', 'shanghai');

  it('bannedUntil is always removedIn + 3 outside Shanghai, and years are consecutive', () => {
    fc.assert(
      fc.property(jurisdiction, fc.array(entry, { maxLength: 12 }), (j, history) => {
        const r = platformLifecycle(j, history as HistoryEntry[]);
        if (r.status === 'removed') {
          expect(r.removedIn).not.toBeNull();
          expect(r.bannedUntil).toBe(j === 'shanghai' ? null : r.removedIn! + 3);
          expect(r.nextReview).toBeNull();
        }
        r.years.forEach((y, i) => i > 0 && expect(y.year).toBe(r.years[i - 1].year + 1));
        if (r.years.length > 0) expect(r.years.at(-1)!.status).toBe(r.status);
      }),
    );
  });

  it('does not depend on the order the history is given in', () => {
    fc.assert(
      fc.property(
        jurisdiction,
        fc.uniqueArray(entry, {
          maxLength: 8,
          selector: (e) => `${e.year}${e.kind}`,
        }),
        (j, history) => {
          const forward = platformLifecycle(j, history as HistoryEntry[]);
          const backward = platformLifecycle(j, [...history].reverse() as HistoryEntry[]);
          expect(backward).toEqual(forward);
        },
      ),
    );
  });
});
