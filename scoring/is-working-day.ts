// Is a date a working day (工作日)? Make-up working days (调休上班) first, then statutory holidays,
// then weekends. A year whose arrangement is unknown is an error, never a weekends-only guess.
import { isoWeekday, parseIsoDate } from './dates';
import type { HolidayCalendar, Problem, Result } from './types';

interface CalendarIndex {
  years: Set<number>;
  holidays: Set<string>;
  workdays: Set<string>;
}

// Calendars are plain data shared across many calls (a 公示 period, a whole round's deadlines);
// index each one once. A calendar is treated as immutable: build a new one to change it.
const indexes = new WeakMap<HolidayCalendar, CalendarIndex>();

export function calendarIndex(calendar: HolidayCalendar): CalendarIndex {
  let index = indexes.get(calendar);
  if (!index) {
    index = {
      years: new Set(calendar.years),
      holidays: new Set(calendar.holidays),
      workdays: new Set(calendar.workdays),
    };
    indexes.set(calendar, index);
  }
  return index;
}

export function calendarMissing(year: number): Problem {
  return { code: 'calendar_missing', message: `${year}年节假日安排未录入` };
}

/** Working-day test on an ISO date already known to be valid. */
export function isWorkingDayIn(index: CalendarIndex, iso: string): Result<boolean> {
  const year = Number(iso.slice(0, 4));
  if (!index.years.has(year)) return { ok: false, problems: [calendarMissing(year)] };
  if (index.workdays.has(iso)) return { ok: true, value: true };
  if (index.holidays.has(iso)) return { ok: true, value: false };
  return { ok: true, value: isoWeekday(iso) <= 5 };
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): Result<boolean> {
  const parsed = parseIsoDate(date);
  if (!parsed.ok) return parsed;
  return isWorkingDayIn(calendarIndex(calendar), parsed.value);
}
