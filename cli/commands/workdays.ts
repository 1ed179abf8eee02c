// pingshen workdays --from 2026-09-28 --days 5 → 2026-10-09 (公示 end date; the start counts as day 1).
import { addWorkingDays } from '#scoring/add-working-days';
import { parseDate } from '#scoring/dates';
import { holidayCalendar } from '#scoring/holiday-calendar';
import { parseFlags, requireFlag } from '../args';
import { EXIT_OK, type Io, reportProblems } from '../io';
import { problem } from '../problems';

export function runWorkdays(argv: readonly string[], io: Io): number {
  const flags = parseFlags('workdays', argv, { from: 'string', days: 'string' });
  if (!flags.ok) return reportProblems(io, flags.problems);
  const from = requireFlag('workdays', flags.value.from, 'from');
  const days = requireFlag('workdays', flags.value.days, 'days');
  if (!from.ok) return reportProblems(io, from.problems);
  if (!days.ok) return reportProblems(io, days.problems);
  if (!/^\d+$/.test(days.value) || Number(days.value) < 1) {
    return reportProblems(io, [problem('usage', `workdays：--days 应为正整数，收到“${days.value}”`)]);
  }
  const start = parseDate(from.value);
  if (!start.ok) return reportProblems(io, start.problems);
  const end = addWorkingDays(start.value, Number(days.value), holidayCalendar());
  if (!end.ok) return reportProblems(io, end.problems);
  io.out(`${end.value}\n`);
  return EXIT_OK;
}
