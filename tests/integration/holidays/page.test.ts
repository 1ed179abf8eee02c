// /admin/holidays over real HTTP on a fresh demo database: administrators only, the built-in years
// listed, a year entered / refused / deleted through the form, a 公示 period tried from the page.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from '../web/support/server';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await login(server, 'admin');
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const post = (form: Record<string, string>, cookie = admin) =>
  request(server, '/admin/holidays', { form, cookie });

describe('/admin/holidays', () => {
  it('a fresh database knows the built-in years; the page lists them for administrators', async () => {
    const years = await prisma.holidayRow.groupBy({ by: ['year'] });
    expect(years.map((y) => y.year)).toEqual(expect.arrayContaining([2004, 2025, 2026]));
    const seeded = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'demo.seed' } });
    expect(seeded.after).toContain('"holidayYears":[2004,');
    const page = await request(server, '/admin/holidays', { cookie: admin });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('节假日安排');
    expect(html).toContain('国庆节');
    expect(html).toContain('2004—2026 年');
    // The nav entry is the administrator's only.
    expect(html).toContain('href="/admin/holidays"');
    const agency = await login(server, 'agency');
    expect((await request(server, '/admin/holidays', { cookie: agency })).status).toBe(403);
    expect(await (await request(server, '/', { cookie: agency })).text()).not.toContain('/admin/holidays');
    expect((await post({ intent: 'delete', year: '2026' }, agency)).status).toBe(403);
    expect(await prisma.holidayRow.count({ where: { year: 2026 } })).toBeGreaterThan(0);
  });

  it('tries a 公示 period: 2026-09-28 + 5 → 2026-10-09; 2027 is refused until entered', async () => {
    const ok = await (
      await request(server, '/admin/holidays?start=2026-09-28&days=5', { cookie: admin })
    ).text();
    expect(ok).toContain('公示期 2026-09-28 至 2026-10-09（5 个工作日）');
    const missing = await (
      await request(server, '/admin/holidays?start=2027-01-04', { cookie: admin })
    ).text();
    expect(missing).toContain('尚未录入 2027 年的法定节假日安排，请管理员先在节假日页面录入');
  });

  it('enters a year from pasted lines (audited); bad lines are refused naming the line', async () => {
    const bad = await post({
      intent: 'replace',
      year: '2027',
      lines: '2027-01-01 holiday 元旦\n2027-02-10 workday 春节',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('第2行：2027-02-10 是星期三，调休上班日应为周六或周日');
    expect(await prisma.holidayRow.count({ where: { year: 2027 } })).toBe(0);

    const badYear = await post({ intent: 'replace', year: 'abc', lines: '' });
    expect(badYear.status).toBe(400);
    expect(await badYear.text()).toContain('年份应为数字');

    const saved = await post({
      intent: 'replace',
      year: '2027',
      lines: '2027-01-01 holiday 元旦\n2027-02-06 workday 春节\n2027-02-08 放假 春节',
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('已录入 2027 年的节假日安排：放假 2 天，调休上班 1 天');
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'holiday.year.create' } });
    const adminUser = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    expect(event.actorId).toBe(adminUser.id);

    const edit = await (await request(server, '/admin/holidays?year=2027', { cookie: admin })).text();
    expect(edit).toContain('替换 2027 年的安排');
    expect(edit).toContain('2027-02-06 workday 春节');
    const period = await (
      await request(server, '/admin/holidays?start=2027-01-01&days=2', { cookie: admin })
    ).text();
    expect(period).toContain('公示期 2027-01-01 至 2027-01-05（2 个工作日）');
  });

  it('deletes a year', async () => {
    const deleted = await post({ intent: 'delete', year: '2027' });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('已删除 2027 年的节假日安排（3 条）');
    expect(await prisma.holidayRow.count({ where: { year: 2027 } })).toBe(0);
    const again = await post({ intent: 'delete', year: '2027' });
    expect(again.status).toBe(404);
    const unknown = await post({ intent: 'rename', year: '2027' });
    expect(unknown.status).toBe(400);
  });
});
