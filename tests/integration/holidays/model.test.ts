// The holiday table model on a real migrated SQLite database: the built-in years, entering,
// replacing and deleting a year (validated, one transaction, audited), and 公示 periods counted
// against the table through the engine.
import '#tests/support/use-test-db';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deleteHolidayYear,
  holidayYear,
  listHolidayYears,
  noticePeriod,
  replaceHolidayYear,
} from '#app/models/holiday.server';
import { prisma } from '#app/utils/db.server';
import { addWorkingDays } from '#scoring/add-working-days';
import { addCalendarDays } from '#scoring/dates';
import { holidayCalendar } from '#scoring/holiday-calendar';
import { seedBuiltInHolidays } from '#seeds/load.server';

let adminId: string;

beforeAll(async () => {
  const admin = await prisma.user.create({
    data: { username: 'holiday-admin', displayName: '节假日管理员', passwordHash: 'x' },
  });
  adminId = admin.id;
  const years = await prisma.$transaction((tx) => seedBuiltInHolidays(tx));
  expect(years[0]).toBe(2004);
  expect(years).toContain(2026);
  expect(years).not.toContain(2027);
});

const Y2027 = `# 国务院办公厅关于2027年部分节假日安排的通知（测试用）
2027-01-01 holiday 元旦
2027-02-05 放假 春节
2027-02-08 holiday 春节
2027-02-09 holiday 春节
2027-02-10 holiday 春节
2027-02-11 holiday 春节
2027-02-06 workday 春节

2027-10-01 holiday 国庆节
2027-10-04 holiday 国庆节
2027-10-05 holiday 国庆节
2027-10-06 holiday 国庆节
2027-10-07 holiday 国庆节
2027-10-09 调休上班 国庆节`;

async function snapshot() {
  const [rows, audits] = await Promise.all([
    prisma.holidayRow.findMany({ orderBy: { date: 'asc' }, select: { date: true, kind: true, name: true } }),
    prisma.auditEvent.count(),
  ]);
  return { rows, audits };
}

describe('built-in years', () => {
  it('are seeded once, with the festivals named, and a second seeding writes nothing', async () => {
    const before = await snapshot();
    expect(await prisma.$transaction((tx) => seedBuiltInHolidays(tx))).toEqual([]);
    expect(await snapshot()).toEqual(before);
    const y2026 = (await listHolidayYears()).find((y) => y.year === 2026)!;
    expect(y2026.names).toEqual(expect.arrayContaining(['元旦', '春节', '劳动节', '国庆节']));
    expect(y2026.holidays).toBeGreaterThan(10);
    expect(y2026.workdays).toBeGreaterThan(0);
  });
});

describe('noticePeriod', () => {
  it('2026-09-28 + 5 working days ends 2026-10-09 across 国庆 (the first day counts as day 1)', async () => {
    expect(await noticePeriod('2026-09-28')).toEqual({
      ok: true,
      start: '2026-09-28',
      end: '2026-10-09',
      days: ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09'],
    });
    // 10-10 is a Saturday make-up working day (调休上班): it counts.
    const seven = await noticePeriod('2026-09-28', 7);
    expect(seven.ok && seven.days.slice(-3)).toEqual(['2026-10-09', '2026-10-10', '2026-10-12']);
    // Starting on a holiday: day 1 is the next working day.
    const holiday = await noticePeriod('2026-10-01', 1);
    expect(holiday.ok && [holiday.start, holiday.end]).toEqual(['2026-10-01', '2026-10-08']);
  });

  it('agrees with the engine over the package calendar for every seeded year', async () => {
    const calendar = holidayCalendar();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 365 * 22 + 200 }),
        fc.integer({ min: 1, max: 20 }),
        async (offset, n) => {
          const start = addCalendarDays('2004-01-01', offset);
          const expected = addWorkingDays(start, n, calendar);
          const got = await noticePeriod(start, n);
          expect(got.ok).toBe(expected.ok);
          if (got.ok && expected.ok) {
            expect(got.end).toBe(expected.value);
            expect(got.days).toHaveLength(n);
            expect(got.days.at(-1)).toBe(expected.value);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a year without data, naming it, also when the period only reaches into it', async () => {
    const message = '尚未录入 2027 年的法定节假日安排，请管理员先在节假日页面录入';
    expect(await noticePeriod('2027-03-01')).toMatchObject({
      ok: false,
      status: 400,
      error: message,
      year: 2027,
    });
    expect(await noticePeriod('2026-12-28', 5)).toMatchObject({ ok: false, error: message, year: 2027 });
  });

  it('refuses a malformed start or count', async () => {
    const bad = await noticePeriod('2026-02-30');
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(!bad.ok && bad.error).toContain('公示开始日期有误');
    expect(!bad.ok && bad.error).toContain('2月只有28天');
    expect(await noticePeriod('2026-09-28', 0)).toMatchObject({
      ok: false,
      error: '公示工作日数应为 1—60 的整数',
    });
    expect(await noticePeriod('2026-09-28', 2.5)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('entering, replacing and deleting a year', () => {
  it('enters 2027 in one audited transaction; the period then counts with it', async () => {
    const outcome = await replaceHolidayYear(adminId, { year: 2027, lines: Y2027 });
    expect(outcome).toEqual({ ok: true, year: 2027, holidays: 11, workdays: 2, replaced: false });
    const { rows, lines } = await holidayYear(2027);
    expect(rows[0]).toEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦' });
    expect(lines.split('\n')[1]).toBe('2027-02-05 holiday 春节');
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'holiday.year.create' } });
    expect(event).toMatchObject({ actorId: adminId, entity: 'HolidayYear', entityId: '2027' });
    expect(event.after).toContain('2027-10-09');
    // 2027-09-29 (Wed) + 5: 29, 30, 10-08, 10-09 (Saturday make-up), 10-11.
    expect(await noticePeriod('2027-09-29')).toMatchObject({
      ok: true,
      end: '2027-10-11',
      days: ['2027-09-29', '2027-09-30', '2027-10-08', '2027-10-09', '2027-10-11'],
    });
    expect(await noticePeriod('2026-12-28', 5)).toMatchObject({ ok: true, end: '2027-01-04' });
  });

  it('replaces the whole year: old rows go, the audit keeps both', async () => {
    const outcome = await replaceHolidayYear(adminId, {
      year: '2027',
      lines: '2027-01-01 holiday 元旦\n2027-10-01\tholiday\t国庆节',
    });
    expect(outcome).toMatchObject({ ok: true, holidays: 2, workdays: 0, replaced: true });
    expect((await holidayYear(2027)).rows.map((r) => r.date)).toEqual(['2027-01-01', '2027-10-01']);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'holiday.year.replace' } });
    expect(event.before).toContain('2027-02-06');
    expect(event.after).not.toContain('2027-02-06');
    expect((await listHolidayYears()).find((y) => y.year === 2027)).toMatchObject({
      holidays: 2,
      workdays: 0,
      names: ['元旦', '国庆节'],
    });
  });

  it.each([
    ['2027-02-30 holiday 春节', '第1行：2027-02-30不是有效日期：2027年2月只有28天'],
    ['2027-01-01 holiday 元旦\n2026-12-31 holiday 元旦', '第2行：2026-12-31 不属于 2027 年'],
    ['2027-01-01 vacation 元旦', '第1行：类型“vacation”无效，应为 holiday（放假）或 workday（调休上班）'],
    ['2027-01-01 holiday', '第1行：缺少名称（如 元旦、春节、国庆节）'],
    ['2027-01-01', '第1行：缺少类型'],
    ['2027-01-01 holiday 元旦\n\n2027-01-01 holiday 元旦', '第3行：2027-01-01 与第1行重复'],
    [
      '2027-01-01 holiday 元旦\n2027-02-10 workday 春节',
      '第2行：2027-02-10 是星期三，调休上班日应为周六或周日',
    ],
    ['2027-02-06 workday 春节', '2027 年的安排中没有法定节假日'],
    ['', '2027 年的安排中没有法定节假日'],
  ])('refuses %j with a message naming the line, writing nothing', async (lines, message) => {
    const before = await snapshot();
    const outcome = await replaceHolidayYear(adminId, { year: 2027, lines });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.status).toBe(400);
    expect(!outcome.ok && outcome.error).toContain(message);
    expect(!outcome.ok && outcome.fieldErrors?.lines).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it('lists every bad line at once, and refuses a bad year or unknown field', async () => {
    const outcome = await replaceHolidayYear(adminId, {
      year: 2027,
      lines: '2027-13-01 holiday 元旦\n2027-01-02 holiday 元旦\n2027-01-03 xx 元旦',
    });
    expect(!outcome.ok && outcome.problems?.map((p) => p.message.slice(0, 4))).toEqual([
      '第1行：',
      '第3行：',
    ]);
    expect(await replaceHolidayYear(adminId, { year: 1999, lines: '' })).toMatchObject({
      ok: false,
      fieldErrors: { year: '年份应在 2000—2100 之间' },
    });
    expect(await replaceHolidayYear(adminId, { year: 2027, lines: '', extra: 1 })).toMatchObject({
      ok: false,
    });
  });

  it('deletes a year (audited): periods reaching it are refused again; an unknown year is 404', async () => {
    expect(await deleteHolidayYear(adminId, 2031)).toMatchObject({ ok: false, status: 404 });
    expect(await deleteHolidayYear(adminId, 'x')).toMatchObject({ ok: false, status: 400 });
    expect(await deleteHolidayYear(adminId, 2027)).toEqual({ ok: true, year: 2027, deleted: 2 });
    expect(await prisma.holidayRow.count({ where: { year: 2027 } })).toBe(0);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'holiday.year.delete' } });
    expect(event.before).toContain('国庆节');
    expect(await noticePeriod('2027-01-04')).toMatchObject({ ok: false, year: 2027 });
    expect((await listHolidayYears()).map((y) => y.year)).not.toContain(2027);
  });
});
