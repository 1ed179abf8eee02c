import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  daysInMonth,
  isoWeekday,
  parseChineseDate,
  parseDate,
  parseDateRange,
  parseIsoDate,
} from '#scoring/dates';

function problemMessages(r: { ok: boolean; problems?: { message: string }[] }): string[] {
  return r.ok ? [] : (r.problems ?? []).map((p) => p.message);
}

describe('parseIsoDate', () => {
  it('accepts a real date', () => {
    expect(parseIsoDate('2026-09-28')).toEqual({
      ok: true,
      value: '2026-09-28',
    });
    expect(parseIsoDate(' 2024-02-29 ')).toEqual({
      ok: true,
      value: '2024-02-29',
    });
  });

  it('rejects 2022-06-31 instead of rolling over to July', () => {
    const r = parseIsoDate('2022-06-31');
    expect(r.ok).toBe(false);
    expect(problemMessages(r)).toEqual(['2022-06-31不是有效日期：6月只有30天']);
  });

  it('names the year for February', () => {
    expect(problemMessages(parseIsoDate('2023-02-29'))).toEqual([
      '2023-02-29不是有效日期：2023年2月只有28天',
    ]);
    expect(problemMessages(parseIsoDate('1900-02-29'))).toEqual([
      '1900-02-29不是有效日期：1900年2月只有28天',
    ]);
    expect(parseIsoDate('2000-02-29').ok).toBe(true);
  });

  it('rejects month 13, day 0 and non-ISO shapes', () => {
    expect(problemMessages(parseIsoDate('2022-13-01'))[0]).toContain('没有13月');
    expect(problemMessages(parseIsoDate('2022-01-00'))[0]).toContain('日应从1日开始');
    for (const s of ['2022-6-30', '20220630', '2022/06/30', '', 'abc', '2022-06-30T00:00']) {
      const r = parseIsoDate(s);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0].code).toBe('date_format');
    }
  });
});

describe('parseChineseDate', () => {
  it('gives the message the brief asks for on 2022年6月31日', () => {
    const r = parseChineseDate('2022年6月31日');
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          code: 'date_invalid',
          message: '2022年6月31日不是有效日期：6月只有30天',
        },
      ],
    });
  });

  it('accepts padded, spaced and full-width forms', () => {
    expect(parseChineseDate('2022年6月30日')).toEqual({
      ok: true,
      value: '2022-06-30',
    });
    expect(parseChineseDate('2022年06月30日')).toEqual({
      ok: true,
      value: '2022-06-30',
    });
    expect(parseChineseDate('2026 年 2 月 1 日')).toEqual({
      ok: true,
      value: '2026-02-01',
    });
    expect(parseChineseDate('２０２５年１２月５日')).toEqual({
      ok: true,
      value: '2025-12-05',
    });
  });

  it('rejects text that is not a date', () => {
    expect(parseChineseDate('2022年6月').ok).toBe(false);
    expect(parseChineseDate('二〇二二年六月三十日').ok).toBe(false);
  });
});

describe('parseDate', () => {
  it('reads the forms people type in spreadsheets', () => {
    for (const s of ['2022-06-30', '2022-6-30', '2022/6/30', '2022.06.30', '2022年6月30日']) {
      expect(parseDate(s)).toEqual({ ok: true, value: '2022-06-30' });
    }
  });
  it('still rejects impossible days in every form', () => {
    for (const s of ['2022/6/31', '2022.2.29', '2022年2月30日', '2022-04-31']) {
      expect(parseDate(s).ok).toBe(false);
    }
  });
  it('rejects mixed separators', () => {
    expect(parseDate('2022/6-30').ok).toBe(false);
  });
});

describe('parseDateRange', () => {
  it('parses the statistics window of the 2022 notice once corrected', () => {
    expect(parseDateRange('2021年7月1日至2022年6月30日')).toEqual({
      ok: true,
      value: { from: '2021-07-01', to: '2022-06-30' },
    });
    expect(parseDateRange('2019-01-21 ~ 2022-06-30')).toEqual({
      ok: true,
      value: { from: '2019-01-21', to: '2022-06-30' },
    });
    expect(parseDateRange('2019-01-21 - 2022-06-30').ok).toBe(true);
    expect(parseDateRange('2021.7.1-2022.6.30')).toEqual({
      ok: true,
      value: { from: '2021-07-01', to: '2022-06-30' },
    });
    expect(parseDateRange('2021年7月1日-2022年6月30日').ok).toBe(true);
    // Hyphenated dates need a separator that is not a hyphen.
    expect(parseDateRange('2021-07-01-2022-06-30').ok).toBe(false);
  });

  it('rejects the window as printed in the notice (June has 30 days)', () => {
    const r = parseDateRange('2021年7月1日至2022年6月31日');
    expect(problemMessages(r)).toEqual(['结束日期2022年6月31日不是有效日期：6月只有30天']);
  });

  it('reports both ends when both are wrong', () => {
    expect(problemMessages(parseDateRange('2021年2月29日至2022年6月31日'))).toHaveLength(2);
  });

  it('rejects a reversed window and a text without a separator', () => {
    const reversed = parseDateRange('2022年7月1日至2021年6月30日');
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.problems[0].code).toBe('date_range_order');
    const single = parseDateRange('2022年7月1日');
    expect(single.ok).toBe(false);
    if (!single.ok) expect(single.problems[0].code).toBe('date_range_format');
  });
});

describe('civil-day arithmetic', () => {
  it('knows weekdays', () => {
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('2026-09-28')).toBe(1);
    expect(isoWeekday('2026-10-10')).toBe(6);
    expect(isoWeekday('2000-02-29')).toBe(2);
  });

  it('crosses month, leap-day and year boundaries', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('agrees with UTC Date arithmetic on every day of 1900–2100', () => {
    const base = Date.UTC(1900, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 73_000 }), fc.integer({ min: -400, max: 400 }), (offset, n) => {
        const from = new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
        const expected = new Date(base + (offset + n) * 86_400_000);
        expect(addCalendarDays(from, n)).toBe(expected.toISOString().slice(0, 10));
        expect(isoWeekday(from)).toBe(((new Date(base + offset * 86_400_000).getUTCDay() + 6) % 7) + 1);
      }),
    );
  });

  it('accepts exactly the days each month has', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(parseIsoDate(iso).ok).toBe(d <= daysInMonth(y, m));
        },
      ),
    );
  });
});
