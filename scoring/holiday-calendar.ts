// Holiday calendar (节假日安排): statutory days off and make-up working days (调休上班).
//
// The data comes from the `chinese-days` package's static JSON, not from its functions: those parse
// dates as UTC and read them back in local time, so in a time zone west of UTC every answer shifts
// by a day. The JSON import needs no attribute because the code always runs through a bundler or
// tsx (like every extensionless import in this repo).
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { parseIsoDate } from './dates';
import type { HolidayCalendar } from './types';

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const packageData: PackageData = chineseDays;

// A year counts as known when the package lists at least one statutory holiday in it; every year
// the State Council publishes has 元旦 and 春节.
const packageYears = [...new Set(Object.keys(packageData.holidays).map((d) => Number(d.slice(0, 4))))];

function checkedDates(dates: readonly string[] | undefined, what: string): string[] {
  return (dates ?? []).map((d) => {
    const parsed = parseIsoDate(d);
    if (!parsed.ok) throw new RangeError(`节假日扩展表的${what}有误：${parsed.problems[0].message}`);
    return parsed.value;
  });
}

/**
 * The package's arrangements merged with the app's extension table (rows an administrator enters
 * when the State Council publishes a new year, or a correction). A row of the extension wins over
 * the package for the same date. A year only counts as known when it is listed in `years`: a few
 * rows for 2027 do not make 2027 complete. Extension rows are validated by the app before they are
 * stored, so a malformed one here is a programmer error and throws.
 */
export function holidayCalendar(extra?: Partial<HolidayCalendar>): HolidayCalendar {
  const extraHolidays = checkedDates(extra?.holidays, '放假日期');
  const extraWorkdays = checkedDates(extra?.workdays, '调休上班日期');
  const clash = extraHolidays.find((d) => extraWorkdays.includes(d));
  if (clash) throw new RangeError(`节假日扩展表中${clash}同时被列为放假和上班`);
  for (const y of extra?.years ?? []) {
    if (!Number.isInteger(y) || y < 1) throw new RangeError(`节假日扩展表的年份有误：${y}`);
  }

  const holidays = new Set(Object.keys(packageData.holidays));
  const workdays = new Set(Object.keys(packageData.workdays));
  for (const d of extraHolidays) {
    holidays.add(d);
    workdays.delete(d);
  }
  for (const d of extraWorkdays) {
    workdays.add(d);
    holidays.delete(d);
  }
  const years = new Set([...packageYears, ...(extra?.years ?? [])]);
  return {
    years: [...years].sort((a, b) => a - b),
    holidays: [...holidays].sort(),
    workdays: [...workdays].sort(),
  };
}

export interface BuiltInHolidayRow {
  date: string; // YYYY-MM-DD
  kind: 'holiday' | 'workday';
  name: string; // Chinese name of the festival, e.g. 国庆节
}

/**
 * The package's arrangements as rows (the app seeds its holiday table with them), each with the
 * festival's Chinese name: the package stores "National Day,国庆节,3".
 */
export function builtInHolidayRows(): BuiltInHolidayRow[] {
  const name = (value: string) => value.split(',')[1]?.trim() || value;
  return [
    ...Object.entries(packageData.holidays).map(([date, v]) => ({
      date,
      kind: 'holiday' as const,
      name: name(v),
    })),
    ...Object.entries(packageData.workdays).map(([date, v]) => ({
      date,
      kind: 'workday' as const,
      name: name(v),
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
