// Working-day arithmetic for public notices (公示) and deadlines.
// 公示5个工作日 starting on a Monday that is a working day ends on Friday: the start is day 1.
import { addCalendarDays, parseIsoDate } from './dates';
import { calendarIndex, isWorkingDayIn } from './is-working-day';
import type { HolidayCalendar, Result } from './types';

/**
 * The date of the n-th working day counted from `start`: `start` is day 1 when it is a working
 * day, otherwise day 1 is the next working day. Weekends and statutory holidays are skipped and
 * make-up working days (调休上班) count. Crossing into a year with no recorded arrangement is a
 * 'calendar_missing' problem ("2027年节假日安排未录入").
 */
export function addWorkingDays(start: string, n: number, calendar: HolidayCalendar): Result<string> {
  const parsed = parseIsoDate(start);
  if (!parsed.ok) return parsed;
  if (!Number.isSafeInteger(n) || n < 1) {
    return {
      ok: false,
      problems: [
        {
          code: 'working_days_invalid',
          message: `工作日天数应为正整数，收到${n}`,
        },
      ],
    };
  }
  const index = calendarIndex(calendar);
  let day = parsed.value;
  let counted = 0;
  for (;;) {
    const working = isWorkingDayIn(index, day);
    if (!working.ok) return working;
    if (working.value) {
      counted += 1;
      if (counted === n) return { ok: true, value: day };
    }
    day = addCalendarDays(day, 1);
  }
}
