import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '#scoring/add-working-days';
import { holidayCalendar } from '#scoring/holiday-calendar';
import { isWorkingDay } from '#scoring/is-working-day';

const calendar = holidayCalendar();

function value<T>(r: { ok: true; value: T } | { ok: false }): T | undefined {
  return r.ok ? r.value : undefined;
}

describe('addWorkingDays — 2026 National Day (国庆节 10月1日至7日, 9月20日、10月10日上班)', () => {
  it('a 5-day 公示 from Monday 28 September ends on Friday 9 October', () => {
    expect(addWorkingDays('2026-09-28', 5, calendar)).toEqual({
      ok: true,
      value: '2026-10-09',
    });
  });

  it('a 7-day notice from 28 September ends on Monday 12 October (docs/scoring.md §9)', () => {
    expect(value(addWorkingDays('2026-09-28', 7, calendar))).toBe('2026-10-12');
  });

  it('the make-up Saturday 10 October counts', () => {
    expect(value(addWorkingDays('2026-10-08', 3, calendar))).toBe('2026-10-10');
    expect(value(addWorkingDays('2026-10-09', 2, calendar))).toBe('2026-10-10');
  });

  it('a start inside the holiday makes 8 October day 1', () => {
    expect(value(addWorkingDays('2026-10-01', 1, calendar))).toBe('2026-10-08');
    // 8 (1), 9 (2), Sat 10 (3, 调休), Sun 11 off, 12 (4), 13 (5)
    expect(value(addWorkingDays('2026-10-03', 5, calendar))).toBe('2026-10-13');
  });

  it('the make-up Sunday 20 September is a working day and the Mid-Autumn Friday is not', () => {
    expect(value(addWorkingDays('2026-09-19', 1, calendar))).toBe('2026-09-20');
    expect(value(addWorkingDays('2026-09-24', 2, calendar))).toBe('2026-09-28');
  });
});

describe('addWorkingDays — 2026 Spring Festival (春节 2月15日至23日, 2月14日、2月28日上班)', () => {
  it('a notice starting Friday 13 February runs over the make-up Saturday and past the holiday', () => {
    // 13 (1), Sat 14 (2, 调休), 15–23 off, 24 (3), 25 (4), 26 (5)
    expect(value(addWorkingDays('2026-02-13', 5, calendar))).toBe('2026-02-26');
  });

  it('Saturday 28 February is a make-up working day', () => {
    expect(value(addWorkingDays('2026-02-24', 5, calendar))).toBe('2026-02-28');
  });

  it('a start on the holiday Monday 23 February moves day 1 to Tuesday', () => {
    expect(value(addWorkingDays('2026-02-23', 1, calendar))).toBe('2026-02-24');
  });
});

describe('addWorkingDays — ordinary weeks and errors', () => {
  it('counts a working start as day 1 and skips a weekend', () => {
    expect(value(addWorkingDays('2026-11-23', 1, calendar))).toBe('2026-11-23');
    expect(value(addWorkingDays('2026-11-23', 5, calendar))).toBe('2026-11-27');
    expect(value(addWorkingDays('2026-11-27', 2, calendar))).toBe('2026-11-30');
    expect(value(addWorkingDays('2026-11-28', 1, calendar))).toBe('2026-11-30');
  });

  it('refuses to guess 2027 from weekends alone', () => {
    expect(addWorkingDays('2026-12-28', 5, calendar)).toEqual({
      ok: false,
      problems: [{ code: 'calendar_missing', message: '2027年节假日安排未录入' }],
    });
    expect(addWorkingDays('2027-03-01', 1, calendar)).toEqual({
      ok: false,
      problems: [{ code: 'calendar_missing', message: '2027年节假日安排未录入' }],
    });
  });

  it('continues into 2027 once the extension table records the year', () => {
    const extended = holidayCalendar({
      years: [2027],
      holidays: ['2027-01-01'],
    });
    // 28, 29, 30, 31 December, then 1 January off, Mon 4 January is day 5.
    expect(value(addWorkingDays('2026-12-28', 5, extended))).toBe('2027-01-04');
  });

  it('rejects an impossible start date and a non-positive count', () => {
    const bad = addWorkingDays('2026-06-31', 5, calendar);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0].message).toBe('2026-06-31不是有效日期：6月只有30天');
    for (const n of [0, -1, 1.5, Number.NaN]) {
      const r = addWorkingDays('2026-09-28', n, calendar);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0].code).toBe('working_days_invalid');
    }
  });

  it('is monotone: one more day never ends earlier', () => {
    for (let n = 1; n < 60; n++) {
      const a = value(addWorkingDays('2026-01-01', n, calendar));
      const b = value(addWorkingDays('2026-01-01', n + 1, calendar));
      expect(a! < b!).toBe(true);
      expect(value(isWorkingDay(b!, calendar))).toBe(true);
    }
  });
});

describe('isWorkingDay', () => {
  it('reads make-up days, holidays and weekends', () => {
    expect(isWorkingDay('2026-10-10', calendar)).toEqual({
      ok: true,
      value: true,
    });
    expect(isWorkingDay('2026-10-05', calendar)).toEqual({
      ok: true,
      value: false,
    });
    expect(isWorkingDay('2026-11-28', calendar)).toEqual({
      ok: true,
      value: false,
    });
    expect(isWorkingDay('2026-11-23', calendar)).toEqual({
      ok: true,
      value: true,
    });
  });

  it('names the missing year', () => {
    expect(isWorkingDay('2027-01-04', calendar)).toEqual({
      ok: false,
      problems: [{ code: 'calendar_missing', message: '2027年节假日安排未录入' }],
    });
  });
});
