import { describe, expect, it } from 'vitest';
import { holidayCalendar } from '#scoring/holiday-calendar';
import { isWorkingDay } from '#scoring/is-working-day';

describe('holidayCalendar', () => {
  const calendar = holidayCalendar();

  it('knows 2026 from the chinese-days package and not 2027', () => {
    expect(calendar.years).toContain(2026);
    expect(calendar.years).toContain(2025);
    expect(calendar.years).not.toContain(2027);
  });

  it('holds the 2026 National Day and Spring Festival arrangements', () => {
    for (const d of ['2026-10-01', '2026-10-07', '2026-02-15', '2026-02-23', '2026-09-25']) {
      expect(calendar.holidays).toContain(d);
    }
    for (const d of ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28', '2026-01-04']) {
      expect(calendar.workdays).toContain(d);
    }
  });

  it('does not depend on the process time zone (data, not Date parsing)', () => {
    // The calendar is built from the package's JSON; the result is plain strings.
    expect(calendar.holidays.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(calendar.holidays).not.toContain('2026-09-30');
  });

  it('merges an extension table; its rows win over the package', () => {
    const extended = holidayCalendar({
      years: [2027],
      holidays: ['2027-01-01', '2026-10-09'],
      workdays: ['2027-02-20', '2026-10-03'],
    });
    expect(extended.years).toContain(2027);
    expect(extended.holidays).toContain('2027-01-01');
    expect(extended.holidays).not.toContain('2026-10-03');
    expect(extended.workdays).toContain('2026-10-03');
    expect(isWorkingDay('2026-10-09', extended)).toEqual({
      ok: true,
      value: false,
    });
    expect(isWorkingDay('2026-10-03', extended)).toEqual({
      ok: true,
      value: true,
    });
    expect(isWorkingDay('2027-02-20', extended)).toEqual({
      ok: true,
      value: true,
    });
    // The default calendar is unchanged.
    expect(isWorkingDay('2026-10-09', calendar)).toEqual({
      ok: true,
      value: true,
    });
  });

  it('does not mark a year known just because it has rows', () => {
    const partial = holidayCalendar({ holidays: ['2027-01-01'] });
    expect(partial.years).not.toContain(2027);
    expect(isWorkingDay('2027-01-04', partial).ok).toBe(false);
  });

  it('throws on malformed extension rows (the app validates them before storing)', () => {
    expect(() => holidayCalendar({ holidays: ['2027-02-30'] })).toThrow('2027-02-30不是有效日期');
    expect(() => holidayCalendar({ holidays: ['2027-01-01'], workdays: ['2027-01-01'] })).toThrow(
      '同时被列为放假和上班',
    );
    expect(() => holidayCalendar({ years: [2027.5] })).toThrow('年份有误');
  });
});
