import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clockOffsetMs, formatCountdown, plannedSlots, remainingMs } from '#app/utils/session-clock';

describe('session clock', () => {
  it('corrects for a client whose clock is behind the server', () => {
    const offset = clockOffsetMs('2026-12-03T08:00:10.000Z', Date.parse('2026-12-03T08:00:00.000Z'));
    expect(offset).toBe(10_000);
    const left = remainingMs(
      { phaseEndsAt: '2026-12-03T08:15:10.000Z', phaseRemainingMs: null },
      Date.parse('2026-12-03T08:00:00.000Z'),
      offset,
    );
    expect(left).toBe(15 * 60_000);
  });

  it('adds half the round trip to the server stamp', () => {
    expect(clockOffsetMs('2026-12-03T08:00:00.000Z', Date.parse('2026-12-03T08:00:00.000Z'), 200)).toBe(100);
  });

  it('freezes while paused and has nothing to show without a phase', () => {
    expect(remainingMs({ phaseEndsAt: null, phaseRemainingMs: 42_000 }, 0, 99)).toBe(42_000);
    expect(remainingMs({ phaseEndsAt: null, phaseRemainingMs: null }, 0)).toBeNull();
    expect(remainingMs({ phaseEndsAt: 'not a date', phaseRemainingMs: null }, 0)).toBeNull();
  });

  it('formats time left and overruns', () => {
    expect(formatCountdown(15 * 60_000)).toBe('15:00');
    expect(formatCountdown(725_400)).toBe('12:06');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(-400)).toBe('00:00');
    expect(formatCountdown(-90_000)).toBe('-01:30');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
  });

  it('never shows a countdown that goes up while time passes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 5000 }),
        (ms, step) => {
          const seconds = (text: string) => {
            const negative = text.startsWith('-');
            const parts = text.replace('-', '').split(':').map(Number);
            const value = parts.reduce((acc, part) => acc * 60 + part, 0);
            return negative ? -value : value;
          };
          expect(seconds(formatCountdown(ms - step))).toBeLessThanOrEqual(seconds(formatCountdown(ms)));
        },
      ),
    );
  });
});

describe('planned slots (答辩安排表)', () => {
  const timings = { presentationSeconds: 900, qaSeconds: 600, scoringSeconds: 300 };
  const start = new Date('2026-12-10T01:00:00.000Z'); // 09:00 Beijing

  it('puts slots back to back with breaks after the named positions', () => {
    const slots = plannedSlots(start, ['a', 'b', 'c'], timings, [
      { afterIndex: 0, seconds: 600 },
      { afterIndex: 0, seconds: 300 },
      { afterIndex: 9, seconds: 600 },
    ]);
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-12-10T01:00:00.000Z',
      '2026-12-10T01:45:00.000Z', // 30 min slot + 15 min break
      '2026-12-10T02:15:00.000Z',
    ]);
    expect(slots[0]?.qaStart.toISOString()).toBe('2026-12-10T01:15:00.000Z');
    expect(slots[0]?.scoringStart.toISOString()).toBe('2026-12-10T01:25:00.000Z');
    expect(slots[0]?.breakAfterSeconds).toBe(900);
    expect(slots[2]?.end.toISOString()).toBe('2026-12-10T02:45:00.000Z');
  });

  it('ignores breaks that are not real', () => {
    const slots = plannedSlots(start, ['a', 'b'], timings, [
      { afterIndex: -1, seconds: 600 },
      { afterIndex: 0, seconds: 0 },
      { afterIndex: 0.5, seconds: 600 },
    ]);
    expect(slots[1]?.start.toISOString()).toBe('2026-12-10T01:30:00.000Z');
  });

  it('is empty for an empty order', () => {
    expect(plannedSlots(start, [], timings)).toEqual([]);
  });
});

describe('remaining time never exceeds the phase', () => {
  it('clamps to the phase length when the offset estimate runs behind', () => {
    const left = remainingMs(
      { phaseEndsAt: '2026-12-03T08:10:00.000Z', phaseRemainingMs: null, phaseSeconds: 600 },
      Date.parse('2026-12-03T08:00:00.000Z'),
      -3, // the event took 3 ms to arrive
    );
    expect(left).toBe(600_000);
    expect(formatCountdown(left!)).toBe('10:00');
  });
});
