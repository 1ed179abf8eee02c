// Properties of the verdict engine behind `pingshen lifecycle` (docs/scoring.md §8.1), over random
// valid histories of the three jurisdictions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPlatformHistory,
  LIFECYCLE_GROUNDS,
  LIFECYCLE_RESULTS,
  type LifecycleEvent,
  type LifecycleEventType,
  lifecycleVerdict,
  type PlatformHistoryInput,
} from '#scoring/platform-lifecycle';
import type { Jurisdiction } from '#scoring/types';

const jurisdictions: Jurisdiction[] = ['miit', 'sichuan', 'shanghai'];

function eventArb(j: Jurisdiction, recognisedYear: number): fc.Arbitrary<LifecycleEvent> {
  const year = fc.integer({ min: recognisedYear, max: recognisedYear + 10 });
  const typed = (Object.entries(LIFECYCLE_RESULTS[j]) as [LifecycleEventType, string[]][]).map(
    ([type, results]) =>
      fc
        .record({
          year,
          type: fc.constant(type),
          result: fc.constantFrom(...results),
          withCause: fc.boolean(),
        })
        .map(({ withCause, ...e }) => (e.result === 'absent' && withCause ? { ...e, withCause } : e)),
  );
  const ground = fc.record({
    year,
    type: fc.constant('ground' as const),
    ground: fc.constantFrom(...LIFECYCLE_GROUNDS[j].map((g) => g.id)),
  });
  // Grounds are rarer than evaluations, so histories run long enough to show the cycle rules.
  return fc.oneof(
    { arbitrary: fc.oneof(...typed), weight: 6 },
    { arbitrary: ground, weight: 1 },
  ) as fc.Arbitrary<LifecycleEvent>;
}

const historyArb = fc.constantFrom(...jurisdictions).chain((j) =>
  fc.integer({ min: 2016, max: 2030 }).chain((recognisedYear) =>
    fc
      .record({
        events: fc.array(eventArb(j, recognisedYear), { maxLength: 10 }),
        asOf: fc.integer({ min: recognisedYear, max: recognisedYear + 12 }),
        applyProbes: fc.array(fc.integer({ min: recognisedYear - 2, max: recognisedYear + 16 }), {
          maxLength: 8,
        }),
      })
      .map(({ events, asOf, applyProbes }) => {
        // One evaluation result per year, as checkPlatformHistory requires.
        const seen = new Set<number>();
        const kept = events.filter((e) => {
          if (e.type === 'ground' || e.type === 'rectification') return true;
          if (seen.has(e.year)) return false;
          seen.add(e.year);
          return true;
        });
        const h: PlatformHistoryInput = { id: 'P', recognisedYear, asOf, events: kept, applyProbes };
        return { j, h };
      }),
  ),
);

describe('lifecycleVerdict — properties', () => {
  it('generated histories are valid ones', () => {
    fc.assert(
      fc.property(historyArb, ({ j, h }) => {
        expect(checkPlatformHistory(j, h)).toEqual([]);
      }),
    );
  });

  it('removal carries its year, article and ban (3 years, none in Shanghai); other statuses carry neither', () => {
    fc.assert(
      fc.property(historyArb, ({ j, h }) => {
        const { verdict } = lifecycleVerdict(j, h);
        if (verdict.status === 'removed') {
          expect(verdict.removedYear).not.toBeNull();
          expect(verdict.removedYear!).toBeGreaterThanOrEqual(h.recognisedYear);
          expect(verdict.removedYear!).toBeLessThanOrEqual(h.asOf);
          const noBan = j === 'shanghai' || verdict.ground!.includes('第二十条');
          expect(verdict.bannedUntil).toBe(noBan ? null : verdict.removedYear! + 3);
        } else {
          expect(verdict.removedYear).toBeNull();
          expect(verdict.bannedUntil).toBeNull();
        }
        expect(verdict.ground === null).toBe(verdict.status === 'listed');
        if (verdict.ground !== null) {
          expect(verdict.ground).toMatch(/^(工信部科〔2025〕261号|川经信规〔2025〕9号|沪科规〔2022〕2号)第/);
        }
        if (j === 'shanghai') expect(verdict.status).not.toBe('re-recognition-required');
      }),
    );
  });

  it('mayApply is false for every probe year from recognition through bannedUntil, true after it', () => {
    fc.assert(
      fc.property(historyArb, ({ j, h }) => {
        const { verdict } = lifecycleVerdict(j, h);
        expect(Object.keys(verdict.mayApply).map(Number)).toEqual(
          [...new Set(h.applyProbes)].sort((a, b) => a - b),
        );
        for (const [key, may] of Object.entries(verdict.mayApply)) {
          const year = Number(key);
          if (year < h.recognisedYear) expect(may).toBe(true);
          else if (verdict.bannedUntil !== null && year <= verdict.bannedUntil) expect(may).toBe(false);
          else if (verdict.status === 'removed' && year >= verdict.removedYear!) {
            // A branch removed under 第二十条 is not granted the status again (no ban year, no end).
            expect(may).toBe(!verdict.ground!.includes('第二十条'));
          }
          // From asOf on, the verdict's status holds: a platform still in the directory may not apply.
          if (year >= h.asOf && (verdict.status === 'listed' || verdict.status === 'rectifying')) {
            expect(may).toBe(false);
          }
          if (year >= h.asOf && verdict.status === 're-recognition-required') expect(may).toBe(true);
        }
      }),
    );
  });

  it('never goes back from removed or re-recognition-required to listed without a new recognition', () => {
    fc.assert(
      fc.property(historyArb, ({ j, h }) => {
        const { years, verdict } = lifecycleVerdict(j, h);
        years.forEach((y, i) => i > 0 && expect(y.year).toBe(years[i - 1].year + 1));
        expect(years[0].year).toBe(h.recognisedYear);
        expect(years.at(-1)!.year).toBe(h.asOf);
        const terminal = years.findIndex(
          (y) => y.status === 'removed' || (y.status as string) === 're-recognition-required',
        );
        if (terminal !== -1) {
          for (const later of years.slice(terminal)) expect(later.status).toBe(years[terminal].status);
          expect(verdict.status).toBe(years[terminal].status);
        }
      }),
    );
  });

  // Within a year the file's order is the order things happened (two grounds: the first one cited).
  it('asOf means "as of": the verdict equals that of the history cut at asOf; years in any order', () => {
    fc.assert(
      fc.property(historyArb, ({ j, h }) => {
        const full = lifecycleVerdict(j, h);
        const cut = lifecycleVerdict(j, { ...h, events: h.events.filter((e) => e.year <= h.asOf) });
        expect(cut.verdict).toEqual(full.verdict);
        expect(full.ignored).toBe(h.events.filter((e) => e.year > h.asOf).length);
        const byYearDesc = [...h.events].sort((a, b) => b.year - a.year);
        const reversed = lifecycleVerdict(j, { ...h, events: byYearDesc });
        expect(reversed.verdict).toEqual(full.verdict);
      }),
    );
  });
});
