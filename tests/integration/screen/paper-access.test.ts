// The paper of a defence session (issue 10 §4) over real HTTP: who may print and export which table
// (the agency and the panel's chair everything; an expert only their own 专家评分表; another panel's
// chair nothing), the header block on every printout and workbook (round, panel, session, time
// printed, audit chain head), the 答辩安排表 from plannedSlots, and numbers read from the stored
// sheets and Result rows.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { auditChainHead } from '#app/models/audit.server';
import { prisma } from '#app/utils/db.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { plannedSlots } from '#app/utils/session-clock';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { demoFixture, tokenFor } from '#tests/integration/realtime/support';
import { bearer, createSession, panelItemIds } from './support';

let server: TestServer;
let fx: Awaited<ReturnType<typeof demoFixture>>;
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};
let p1: SessionSnapshot; // the chair's (finished) panel
let p2: SessionSnapshot; // the demo expert's panel
let expertId: string; // the demo expert
let otherP2Expert: string;
let p1Items: string[];

beforeAll(async () => {
  server = await startTestServer();
  fx = await demoFixture();
  for (const name of ['agency', 'chair', 'expert', 'dept']) {
    tokens[name] = await tokenFor(server, name);
    cookies[name] = await login(server, name);
  }
  p1Items = await panelItemIds(fx.p1);
  p1 = await createSession(server, tokens.agency, fx.p1, '2026-12-10T01:00:00.000Z', p1Items);
  p2 = await createSession(server, tokens.agency, fx.p2, undefined, await panelItemIds(fx.p2));
  const user = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
  expertId = (await prisma.expert.findUniqueOrThrow({ where: { userId: user.id } })).id;
  otherP2Expert = (
    await prisma.panelMember.findFirstOrThrow({
      where: { panelId: fx.p2, status: 'drawn', role: { in: ['chair', 'member'] }, NOT: { expertId } },
    })
  ).expertId;
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const page = (path: string, who?: string) =>
  request(server, path, { cookie: who ? cookies[who] : undefined });
const exportOf = (sessionId: string, query: string, who: string) =>
  request(server, `/api/v1/sessions/${sessionId}/export?${query}`, { headers: bearer(tokens[who]) });

function workbook(bytes: ArrayBuffer): { name: string; rows: unknown[][] } {
  const book = XLSX.read(new Uint8Array(bytes), { type: 'array' });
  const name = book.SheetNames[0];
  return { name, rows: XLSX.utils.sheet_to_json(book.Sheets[name], { header: 1, defval: null }) };
}

describe('who may print', () => {
  const tables = ['schedule', 'sheets', 'summary', 'sign-in'] as const;

  it('the agency and the panel chair print all four tables of their session', async () => {
    for (const who of ['agency', 'chair']) {
      for (const table of tables) {
        const q =
          table === 'sheets'
            ? `?expertId=${(await prisma.panelMember.findFirstOrThrow({ where: { panelId: fx.p1, role: 'member' } })).expertId}`
            : '';
        const response = await page(`/print/sessions/${p1.id}/${table}${q}`, who);
        expect(response.status, `${who} ${table}`).toBe(200);
        const html = await response.text();
        expect(html).toContain('第一组（检验检测）');
      }
    }
  });

  it('another panel chair gets 404 for every table and export of a session not theirs', async () => {
    for (const table of tables) {
      const response = await page(`/print/sessions/${p2.id}/${table}?expertId=${expertId}`, 'chair');
      expect(response.status, table).toBe(404);
      const exported = await exportOf(p2.id, `table=${table}&format=xlsx&expertId=${expertId}`, 'chair');
      expect(exported.status, table).toBe(404);
    }
  });

  it('an expert prints their own sheets, not someone else’s, nor the 汇总表 or 签到表', async () => {
    const own = await page(`/print/sessions/${p2.id}/sheets`, 'expert');
    expect(own.status).toBe(200);
    const ownExplicit = await page(`/print/sessions/${p2.id}/sheets?expertId=${expertId}`, 'expert');
    expect(ownExplicit.status).toBe(200);
    const other = await page(`/print/sessions/${p2.id}/sheets?expertId=${otherP2Expert}`, 'expert');
    expect(other.status).toBe(403);
    expect((await page(`/print/sessions/${p2.id}/summary`, 'expert')).status).toBe(403);
    expect((await page(`/print/sessions/${p2.id}/sign-in`, 'expert')).status).toBe(403);
    // …and the same over the export.
    expect(
      (await exportOf(p2.id, `table=sheets&format=xlsx&expertId=${otherP2Expert}`, 'expert')).status,
    ).toBe(403);
    expect((await exportOf(p2.id, 'table=summary&format=xlsx', 'expert')).status).toBe(403);
    expect((await exportOf(p2.id, 'table=sheets&format=xlsx', 'expert')).status).toBe(200);
    // A session of a panel they do not sit on: 404.
    expect((await page(`/print/sessions/${p1.id}/sheets`, 'expert')).status).toBe(404);
    expect((await page(`/print/sessions/${p1.id}/schedule`, 'expert')).status).toBe(404);
  });

  it('anonymous visitors are sent to sign in; the export answers 401', async () => {
    const response = await page(`/print/sessions/${p1.id}/summary`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/login/);
    expect((await request(server, `/api/v1/sessions/${p1.id}/export?table=summary`)).status).toBe(401);
  });

  it('bad export queries are refused with a message naming the field', async () => {
    const bad = await exportOf(p1.id, 'table=everything&format=xlsx', 'agency');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('table');
    const format = await exportOf(p1.id, 'table=summary&format=pdf', 'agency');
    expect(format.status).toBe(400);
    expect((await format.json()).error).toContain('format');
    const extra = await exportOf(p1.id, 'table=summary&x=1', 'agency');
    expect(extra.status).toBe(400);
    const missing = await exportOf('no-such-session', 'table=summary', 'agency');
    expect(missing.status).toBe(404);
  });
});

describe('what the paper says', () => {
  it('every printout and workbook carries round, panel, session, time printed and the chain head', async () => {
    for (const table of ['schedule', 'summary', 'sign-in'] as const) {
      const head = await auditChainHead();
      const html = await (await page(`/print/sessions/${p1.id}/${table}`, 'agency')).text();
      expect(html).toContain(head.hash);
      expect(html).toContain(`审计链 #${head.seq}`);
      expect(html).toContain('打印时间');
      expect(html).toContain('集中答辩');
      const response = await exportOf(p1.id, `table=${table}&format=xlsx`, 'agency');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toContain('filename*=UTF-8');
      const { name, rows } = workbook(await response.arrayBuffer());
      expect(name).toBe({ schedule: '答辩安排表', summary: '汇总表', 'sign-in': '签到表' }[table]);
      const labels = rows.map((r) => r[0]);
      for (const label of ['评审工作', '专家组', '答辩会', '打印时间', '审计链头'])
        expect(labels).toContain(label);
      const chainRow = rows.find((r) => r[0] === '审计链头')!;
      expect(String(chainRow[1])).toContain(head.hash);
    }
  });

  it('the 答辩安排表 uses plannedSlots for the session start and order', async () => {
    const { rows } = workbook(
      await (await exportOf(p1.id, 'table=schedule&format=xlsx', 'agency')).arrayBuffer(),
    );
    const headerAt = rows.findIndex((r) => r[0] === '序号');
    const body = rows.slice(headerAt + 1).filter((r) => r[0] !== null);
    expect(body).toHaveLength(p1Items.length);
    const slots = plannedSlots(new Date('2026-12-10T01:00:00.000Z'), p1Items, p1.timings, []);
    const hm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
    expect(body[0][3]).toBe('09:00');
    body.forEach((row, i) => {
      expect(row[3]).toBe(hm(slots[i].start));
      expect(row[6]).toBe(hm(slots[i].end));
    });
  });

  it('the 汇总表 shows the stored sheet totals and Result scores, experts named', async () => {
    const { rows } = workbook(
      await (await exportOf(p1.id, 'table=summary&format=xlsx', 'chair')).arrayBuffer(),
    );
    const header = rows.find((r) => r[0] === '平台名称')!;
    const totalAt = header.indexOf('合计');
    const scoreAt = header.indexOf('对象得分');
    const expertAt = header.indexOf('专家');
    const body = rows.slice(rows.indexOf(header) + 1);
    const sheets = await prisma.scoreSheet.findMany({
      where: {
        itemId: { in: p1Items },
        state: { in: ['submitted', 'locked'] },
        recused: false,
        absent: false,
      },
      select: {
        total: true,
        itemId: true,
        expert: { select: { name: true } },
        item: { select: { name: true } },
      },
    });
    expect(sheets.length).toBeGreaterThan(0);
    for (const s of sheets) {
      const row = body.find((r) => r[0] === s.item.name && r[expertAt] === s.expert.name);
      expect(row, `${s.item.name} × ${s.expert.name}`).toBeDefined();
      expect(row![totalAt]).toBe(Number(s.total));
    }
    const results = await prisma.result.findMany({
      where: { itemId: { in: p1Items } },
      include: { item: true },
    });
    for (const r of results) {
      const row = body.find((x) => x[0] === r.item.name)!;
      expect(row[scoreAt]).toBe(r.score === null ? null : Number(r.score));
    }
    // The print page names the experts too (paper for the file).
    const html = await (await page(`/print/sessions/${p1.id}/summary`, 'chair')).text();
    expect(html).toContain(sheets[0].expert.name);
    expect(html).toContain('专家组组长');
  });

  it('an expert’s sheets: one page per item of the session, only their own scores', async () => {
    const html = await (await page(`/print/sessions/${p2.id}/sheets`, 'expert')).text();
    const pages = html.match(/data-testid="paper-page"/g) ?? [];
    expect(pages).toHaveLength(p2.order.length);
    const { name, rows } = workbook(
      await (await exportOf(p2.id, 'table=sheets&format=xlsx', 'expert')).arrayBuffer(),
    );
    expect(name).toBe('专家评分表');
    const me = await prisma.expert.findUniqueOrThrow({ where: { id: expertId } });
    expect(rows.find((r) => r[0] === '评审专家')?.[1]).toBe(me.name);
  });
});
