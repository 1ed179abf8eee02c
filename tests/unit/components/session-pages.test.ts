// Pure helpers of the defence-session pages (app/components/session/plan-time.ts): Beijing-time
// input round trips, 叫号's default, and reordering.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromBeijingInput,
  moveEntry,
  nextPendingItem,
  toBeijingInput,
} from '#app/components/session/plan-time';

describe('Beijing time inputs', () => {
  it('reads 09:00 typed in Beijing as 01:00 UTC and writes it back', () => {
    expect(fromBeijingInput('2026-12-05T09:00')).toBe('2026-12-05T01:00:00.000Z');
    expect(toBeijingInput('2026-12-05T01:00:00.000Z')).toBe('2026-12-05T09:00');
    // Across midnight UTC: 07:30 in Beijing is the previous day in UTC.
    expect(fromBeijingInput('2026-12-05T07:30')).toBe('2026-12-04T23:30:00.000Z');
  });

  it('refuses empty, malformed and impossible values', () => {
    for (const bad of ['', '2026-12-05', '2026-12-05 09:00', '2026-02-30T09:00', '2026-12-05T25:00', 'abc'])
      expect(fromBeijingInput(bad)).toBeNull();
    expect(toBeijingInput(null)).toBe('');
    expect(toBeijingInput('not a date')).toBe('');
  });

  it('round-trips every minute instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 66_000_000 }), (minutes) => {
        const iso = new Date(minutes * 60_000).toISOString();
        expect(fromBeijingInput(toBeijingInput(iso))).toBe(iso);
      }),
    );
  });
});

describe('叫号 default', () => {
  const items = (statuses: Record<string, 'pending' | 'current' | 'locked'>) =>
    Object.entries(statuses).map(([id, status]) => ({ id, name: id, status }));

  it('is the next pending after the current one, else the first pending, else none', () => {
    const order = ['a', 'b', 'c', 'd'];
    expect(
      nextPendingItem({
        order,
        currentItemId: null,
        items: items({ a: 'pending', b: 'pending', c: 'pending', d: 'pending' }),
      }),
    ).toBe('a');
    expect(
      nextPendingItem({
        order,
        currentItemId: 'b',
        items: items({ a: 'pending', b: 'current', c: 'locked', d: 'pending' }),
      }),
    ).toBe('d');
    expect(
      nextPendingItem({
        order,
        currentItemId: 'd',
        items: items({ a: 'pending', b: 'locked', c: 'locked', d: 'current' }),
      }),
    ).toBe('a');
    expect(
      nextPendingItem({
        order,
        currentItemId: 'd',
        items: items({ a: 'locked', b: 'locked', c: 'locked', d: 'locked' }),
      }),
    ).toBeNull();
  });
});

describe('moveEntry', () => {
  it('moves one entry and keeps the others in order', () => {
    expect(moveEntry(['a', 'b', 'c'], 1, 0)).toEqual(['b', 'a', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveEntry(['a', 'b', 'c'], 0, 3)).toEqual(['a', 'b', 'c']);
  });

  it('is a permutation that puts the moved entry at its target', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.nat(),
        (list, f, t) => {
          const from = f % list.length;
          const to = t % list.length;
          const moved = moveEntry(list, from, to);
          expect([...moved].sort()).toEqual([...list].sort());
          expect(moved[to]).toBe(list[from]);
        },
      ),
    );
  });
});
