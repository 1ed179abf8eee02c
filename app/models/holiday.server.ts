// The holiday table (节假日安排): the State Council's yearly schedule of statutory days off (法定节假日)
// and make-up working days (调休上班), one HolidayRow per date. Administrators enter a year when it is
// published (or correct one); 公示 periods are counted in working days against this table, through
// the engine's addWorkingDays / isWorkingDay (scoring/), never a second formula. A year counts as
// known when it has rows; a period that reaches an unknown year is refused, never guessed from
// weekends. A fresh database is seeded with the years the `chinese-days` package knows
// (seedBuiltInHolidays in seeds/load.server.ts).
import { z } from 'zod';
import { addWorkingDays } from '#scoring/add-working-days';
import { addCalendarDays, isoWeekday, parseDate, parseIsoDate } from '#scoring/dates';
import { isWorkingDay } from '#scoring/is-working-day';
import type { HolidayCalendar, Problem } from '#scoring/types';
import { prisma, type Tx } from '#app/utils/db.server';
import { fail, type Outcome, refuse, succeed } from '#app/utils/outcome';
import { recordAudit } from './audit.server';

export type HolidayKind = 'holiday' | 'workday';

export interface HolidayEntry {
  date: string; // YYYY-MM-DD
  kind: HolidayKind;
  name: string;
}

export interface HolidayYearSummary {
  year: number;
  holidays: number; // statutory days off listed
  workdays: number; // make-up working days listed
  names: string[]; // festivals named, in date order
  updatedAt: Date;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const MAX_ROWS = 200;
const MAX_WORKING_DAYS = 60;

const KIND_WORDS: Record<string, HolidayKind> = {
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  休息: 'holiday',
  法定节假日: 'holiday',
  workday: 'workday',
  上班: 'workday',
  班: 'workday',
  调休上班: 'workday',
  补班: 'workday',
};

const WEEKDAY_NAMES = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

export const holidayYearInputSchema = z.strictObject({
  year: z.coerce
    .number({ error: '年份应为数字' })
    .int({ error: '年份应为整数' })
    .min(MIN_YEAR, { error: `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间` })
    .max(MAX_YEAR, { error: `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间` }),
  lines: z
    .string({ error: '请粘贴节假日安排，每行一条' })
    .max(20_000, { error: '内容过长：一年的安排不超过 200 行' }),
});

export type HolidayYearInput = z.input<typeof holidayYearInputSchema>;

function lineProblem(line: number, message: string): Problem {
  return { code: 'holiday_line', message: `第${line}行：${message}`, row: line, column: 'lines' };
}

/**
 * Parses pasted lines `2027-01-01 holiday 元旦` (or `2027年1月1日 放假 元旦`, tab- or comma-separated;
 * 类型 holiday/放假/休 or workday/上班/调休上班/补班). Blank lines and lines starting with # are
 * skipped. Every date must be a real date in `year`, at most once; a make-up working day must fall
 * on a Saturday or Sunday; the year needs at least one statutory holiday.
 */
export function parseHolidayLines(
  year: number,
  text: string,
): { ok: true; rows: HolidayEntry[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const rows: HolidayEntry[] = [];
  const lineOf = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [dateText, kindText, ...nameParts] = trimmed.split(/[\s,，\t]+/);
    const date = parseDate(dateText);
    if (!date.ok) {
      problems.push(lineProblem(line, date.problems[0].message));
      return;
    }
    if (Number(date.value.slice(0, 4)) !== year) {
      problems.push(lineProblem(line, `${date.value} 不属于 ${year} 年`));
      return;
    }
    const kind = kindText === undefined ? undefined : KIND_WORDS[kindText.toLowerCase()];
    if (kind === undefined) {
      problems.push(
        lineProblem(
          line,
          kindText === undefined
            ? '缺少类型：holiday（放假）或 workday（调休上班）'
            : `类型“${kindText}”无效，应为 holiday（放假）或 workday（调休上班）`,
        ),
      );
      return;
    }
    const name = nameParts.join(' ').trim();
    if (name === '') {
      problems.push(lineProblem(line, '缺少名称（如 元旦、春节、国庆节）'));
      return;
    }
    if (name.length > 30) {
      problems.push(lineProblem(line, '名称过长（不超过 30 字）'));
      return;
    }
    const first = lineOf.get(date.value);
    if (first !== undefined) {
      problems.push(lineProblem(line, `${date.value} 与第${first}行重复`));
      return;
    }
    const weekday = isoWeekday(date.value);
    if (kind === 'workday' && weekday <= 5) {
      problems.push(lineProblem(line, `${date.value} 是${WEEKDAY_NAMES[weekday]}，调休上班日应为周六或周日`));
      return;
    }
    lineOf.set(date.value, line);
    rows.push({ date: date.value, kind, name });
  });
  if (problems.length === 0 && rows.length > MAX_ROWS) {
    problems.push({ code: 'holiday_rows', message: `一年的安排不超过 ${MAX_ROWS} 行`, column: 'lines' });
  }
  if (problems.length === 0 && !rows.some((r) => r.kind === 'holiday')) {
    problems.push({
      code: 'holiday_none',
      message: `${year} 年的安排中没有法定节假日（每年至少有元旦、春节），请检查粘贴的内容`,
      column: 'lines',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  rows.sort((a, b) => (a.date < b.date ? -1 : 1));
  return { ok: true, rows };
}

function linesOf(rows: HolidayEntry[]): string {
  return rows.map((r) => `${r.date} ${r.kind} ${r.name}`).join('\n');
}

/** Every known year with its counts, newest first. */
export async function listHolidayYears(db: Tx | typeof prisma = prisma): Promise<HolidayYearSummary[]> {
  const rows = await db.holidayRow.findMany({
    select: { year: true, date: true, kind: true, name: true, updatedAt: true },
    orderBy: { date: 'asc' },
  });
  const byYear = new Map<number, HolidayYearSummary>();
  for (const r of rows) {
    let s = byYear.get(r.year);
    if (!s) {
      s = { year: r.year, holidays: 0, workdays: 0, names: [], updatedAt: r.updatedAt };
      byYear.set(r.year, s);
    }
    if (r.kind === 'holiday') s.holidays += 1;
    else s.workdays += 1;
    if (!s.names.includes(r.name)) s.names.push(r.name);
    if (r.updatedAt > s.updatedAt) s.updatedAt = r.updatedAt;
  }
  return [...byYear.values()].sort((a, b) => b.year - a.year);
}

/** One year's rows in date order, and the same as pasteable lines (for editing). */
export async function holidayYear(year: number): Promise<{ rows: HolidayEntry[]; lines: string }> {
  const rows = (
    await prisma.holidayRow.findMany({
      where: { year },
      select: { date: true, kind: true, name: true },
      orderBy: { date: 'asc' },
    })
  ).map((r) => ({ date: r.date, kind: r.kind as HolidayKind, name: r.name }));
  return { rows, lines: linesOf(rows) };
}

/** Enters or replaces a year's whole schedule: one transaction, audited with the old and new rows. */
export async function replaceHolidayYear(
  actorId: string,
  input: unknown,
): Promise<Outcome<{ year: number; holidays: number; workdays: number; replaced: boolean }>> {
  const parsed = holidayYearInputSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = Object.create(null) as Record<string, string>;
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 0 ? String(issue.path[0]) : '_form';
      fieldErrors[key] ??= issue.message;
    }
    return fail(400, Object.values(fieldErrors)[0] ?? '输入有误', { fieldErrors });
  }
  const { year, lines } = parsed.data;
  const read = parseHolidayLines(year, lines);
  if (!read.ok) return refuse(400, read.problems);
  const rows = read.rows;
  return prisma.$transaction(async (tx) => {
    const before = await tx.holidayRow.findMany({
      where: { year },
      select: { date: true, kind: true, name: true },
      orderBy: { date: 'asc' },
    });
    await tx.holidayRow.deleteMany({ where: { year } });
    await tx.holidayRow.createMany({ data: rows.map((r) => ({ ...r, year })) });
    const holidays = rows.filter((r) => r.kind === 'holiday').length;
    const workdays = rows.length - holidays;
    await recordAudit(tx, {
      actorId,
      action: before.length > 0 ? 'holiday.year.replace' : 'holiday.year.create',
      entity: 'HolidayYear',
      entityId: String(year),
      before: before.length > 0 ? { year, rows: before } : undefined,
      after: { year, holidays, workdays, rows },
    });
    return succeed({ year, holidays, workdays, replaced: before.length > 0 });
  });
}

/** Deletes a year's schedule (the year becomes unknown: 公示 periods reaching it are refused). */
export async function deleteHolidayYear(
  actorId: string,
  year: unknown,
): Promise<Outcome<{ year: number; deleted: number }>> {
  const y = Number(year);
  if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR) {
    return fail(400, `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间`, {
      fieldErrors: { year: `年份应在 ${MIN_YEAR}—${MAX_YEAR} 之间` },
    });
  }
  return prisma.$transaction(async (tx) => {
    const before = await tx.holidayRow.findMany({
      where: { year: y },
      select: { date: true, kind: true, name: true },
      orderBy: { date: 'asc' },
    });
    if (before.length === 0) return fail(404, `尚未录入 ${y} 年的节假日安排`);
    await tx.holidayRow.deleteMany({ where: { year: y } });
    await recordAudit(tx, {
      actorId,
      action: 'holiday.year.delete',
      entity: 'HolidayYear',
      entityId: String(y),
      before: { year: y, rows: before },
    });
    return succeed({ year: y, deleted: before.length });
  });
}

/** The table as the engine's calendar, for the years `from`..`to` (plus which years are known). */
export async function holidayCalendarFromDb(from: number, to: number): Promise<HolidayCalendar> {
  const [known, rows] = await Promise.all([
    prisma.holidayRow.groupBy({ by: ['year'] }),
    prisma.holidayRow.findMany({
      where: { year: { gte: from, lte: to } },
      select: { date: true, kind: true },
    }),
  ]);
  return {
    years: known.map((k) => k.year).sort((a, b) => a - b),
    holidays: rows.filter((r) => r.kind === 'holiday').map((r) => r.date),
    workdays: rows.filter((r) => r.kind === 'workday').map((r) => r.date),
  };
}

export function missingYearMessage(year: number): string {
  return `尚未录入 ${year} 年的法定节假日安排，请管理员先在节假日页面录入`;
}

export type NoticePeriod = { start: string; end: string; days: string[] };

/**
 * A 公示 period of `workingDays` Chinese working days from `startDate` ('YYYY-MM-DD'): the start is
 * day 1 when it is a working day, otherwise the next working day is; weekends and statutory
 * holidays are skipped, make-up working days count (scoring/add-working-days.ts). `days` lists the
 * working days counted. A period reaching a year the table does not know is refused (400, with the
 * year), as is a malformed date or count.
 */
export async function noticePeriod(
  startDate: string,
  workingDays = 5,
): Promise<Outcome<NoticePeriod, { year?: number }>> {
  const start = parseIsoDate(String(startDate));
  if (!start.ok) {
    const message = `公示开始日期有误：${start.problems[0].message}`;
    return fail(400, message, { fieldErrors: { noticeStart: message } });
  }
  if (!Number.isInteger(workingDays) || workingDays < 1 || workingDays > MAX_WORKING_DAYS) {
    const message = `公示工作日数应为 1—${MAX_WORKING_DAYS} 的整数`;
    return fail(400, message, { fieldErrors: { noticeDays: message } });
  }
  const year = Number(start.value.slice(0, 4));
  // 60 working days never reach past the next year.
  const calendar = await holidayCalendarFromDb(year, year + 1);
  const end = addWorkingDays(start.value, workingDays, calendar);
  if (!end.ok) {
    const missing = end.problems.find((p) => p.code === 'calendar_missing');
    if (missing) {
      const y = Number(/^(\d{4})/.exec(missing.message)?.[1] ?? year);
      return {
        ...fail(400, missingYearMessage(y), { fieldErrors: { noticeStart: missingYearMessage(y) } }),
        year: y,
      };
    }
    return fail(400, end.problems[0].message);
  }
  const days: string[] = [];
  for (let d = start.value; d <= end.value; d = addCalendarDays(d, 1)) {
    const working = isWorkingDay(d, calendar);
    if (working.ok && working.value) days.push(d);
  }
  return succeed({ start: start.value, end: end.value, days });
}
