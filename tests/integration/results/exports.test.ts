// GET /api/v1/rounds/:roundId/sheets: the 汇总表 read back with SheetJS, the case file's shape, the
// Chinese file names (RFC 5987), and who may export what: result:read holders the whole round, a
// chair their own panel only, everyone else 403.
import '#tests/support/use-test-db';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeInputSchema } from '#scoring/schemas';
import { auditChainHead, auditHeadLabel } from '#app/models/audit.server';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { SICHUAN_ROUND, demoRound, getJson, panelsOf, userIdOf } from './support';

let server: TestServer;
const cookies: Record<string, string> = {};
let round: Awaited<ReturnType<typeof demoRound>>;
let chaired: { id: string; name: string };
let other: { id: string; name: string };

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'agency', 'dept', 'chair', 'expert'])
    cookies[name] = await login(server, name);
  round = await demoRound(SICHUAN_ROUND);
  ({ chaired, other } = panelsOf(round, await userIdOf('chair')));
}, 180_000);

afterAll(async () => {
  await server?.close();
});

function fileNameOf(response: Response): string {
  const header = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(header);
  if (!match) throw new Error(`no RFC 5987 file name in "${header}"`);
  return decodeURIComponent(match[1]);
}

async function workbook(path: string, cookie: string) {
  const response = await request(server, path, { cookie });
  expect(
    response.status,
    await response
      .clone()
      .text()
      .catch(() => ''),
  ).toBe(200);
  expect(response.headers.get('content-type')).toContain('spreadsheetml');
  const book = XLSX.read(new Uint8Array(await response.arrayBuffer()), { type: 'array' });
  const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(book.Sheets[book.SheetNames[0]], {
    header: 1,
    defval: null,
  });
  return { response, book, rows };
}

describe('汇总表 (xlsx)', () => {
  it('has the round and the audit chain head in its title row, then item × expert × criterion rows', async () => {
    const { response, book, rows } = await workbook(
      `/api/v1/rounds/${round.id}/sheets?format=xlsx`,
      cookies.agency,
    );
    expect(fileNameOf(response)).toBe(`${round.name}-评审结果汇总表.xlsx`);
    expect(book.SheetNames).toEqual(['汇总表']);
    const title = String(rows[0][0]);
    expect(title).toContain(round.name);
    expect(title).toContain(auditHeadLabel(await auditChainHead()));

    const header = rows[1] as string[];
    expect(header.slice(0, 5)).toEqual(['评审对象', '分组', '专家组', '专家', '评分表状态']);
    expect(header).toContain('合计');
    expect(header).toContain('对象得分');
    expect(header).toContain('等级');
    expect(header).toContain('名次');
    expect(header.some((h) => h.startsWith('硬件基础'))).toBe(true);

    // One row per sheet of the round.
    const sheets = await prisma.scoreSheet.findMany({
      where: { roundId: round.id },
      select: {
        itemId: true,
        expertId: true,
        state: true,
        total: true,
        absent: true,
        recused: true,
        expert: { select: { name: true } },
      },
    });
    expect(rows.length - 2).toBe(sheets.length);

    // The agency sees experts by name, and each submitted sheet's total and its item's score.
    const totalCol = header.indexOf('合计');
    const scoreCol = header.indexOf('对象得分');
    const expertCol = header.indexOf('专家');
    const names = new Set(sheets.map((s) => s.expert.name));
    for (const row of rows.slice(2)) expect(names.has(String(row[expertCol]))).toBe(true);
    const submittedRows = rows.slice(2).filter((r) => r[header.indexOf('评分表状态')] === '已提交');
    expect(submittedRows.length).toBe(
      sheets.filter((s) => s.state === 'submitted' && !s.absent && !s.recused).length,
    );
    for (const row of submittedRows) expect(typeof row[totalCol]).toBe('number');

    const results = await getJson<{
      results: { itemId: string; itemName: string; score: number | null; grade: string | null }[];
    }>(server, `/api/v1/rounds/${round.id}/results`, cookies.agency);
    const graded = results.body.results.find((r) => r.score !== null)!;
    const row = rows.slice(2).find((r) => r[0] === graded.itemName)!;
    expect(row[scoreCol]).toBe(graded.score);
    expect(String(row[header.indexOf('等级')])).toContain(graded.grade!);
  });

  it('names experts 专家A, 专家B … for the department, and has no names in it', async () => {
    const { rows } = await workbook(`/api/v1/rounds/${round.id}/sheets?format=xlsx`, cookies.dept);
    const header = rows[1] as string[];
    const labels = new Set(rows.slice(2).map((r) => String(r[header.indexOf('专家')])));
    for (const label of labels) expect(label).toMatch(/^专家[A-Z]+$/);
    const names = await prisma.expert.findMany({ select: { name: true } });
    const text = JSON.stringify(rows);
    for (const { name } of names) expect(text).not.toContain(`"${name}"`);
  });

  it("gives a chair their own panel's sheets only", async () => {
    const { rows } = await workbook(
      `/api/v1/rounds/${round.id}/sheets?format=xlsx&panelId=${chaired.id}`,
      cookies.chair,
    );
    const header = rows[1] as string[];
    const panels = new Set(rows.slice(2).map((r) => r[header.indexOf('专家组')]));
    expect([...panels]).toEqual([chaired.name]);
    expect(String(rows[0][0])).toContain(chaired.name);
  });
});

describe('case file', () => {
  it('is the pingshen grade input: items and sheets only, valid for the engine', async () => {
    const response = await request(server, `/api/v1/rounds/${round.id}/sheets?format=case`, {
      cookie: cookies.dept,
    });
    expect(response.status).toBe(200);
    expect(fileNameOf(response)).toBe(`${round.name}-评分数据.json`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['items', 'sheets']);
    expect(gradeInputSchema.safeParse(body).success).toBe(true);
    const sheets = body.sheets as { expertId: string; recused?: boolean; scores: object }[];
    for (const s of sheets) expect(s.expertId).toMatch(/^专家[A-Z]+$/);
    for (const s of sheets.filter((x) => x.recused)) expect(s.scores).toEqual({});
  });
});

describe('who may export', () => {
  const formats = ['case', 'xlsx', 'scheme'];

  it('result:read holders get the whole round', async () => {
    for (const who of ['admin', 'agency', 'dept'])
      for (const format of formats) {
        const response = await request(server, `/api/v1/rounds/${round.id}/sheets?format=${format}`, {
          cookie: cookies[who],
        });
        expect(response.status, `${who} ${format}`).toBe(200);
      }
  });

  it('an expert gets 403 for the round and for a panel', async () => {
    for (const path of [
      `?format=case`,
      `?format=xlsx&panelId=${other.id}`,
      `?format=case&panelId=${chaired.id}`,
    ]) {
      const response = await getJson(server, `/api/v1/rounds/${round.id}/sheets${path}`, cookies.expert);
      expect(response.status, path).toBe(403);
      expect(String((response.body as { error: string }).error)).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('a chair gets 403 for another panel and for the whole round, 200 for their own panel', async () => {
    const otherPanel = await getJson(
      server,
      `/api/v1/rounds/${round.id}/sheets?format=case&panelId=${other.id}`,
      cookies.chair,
    );
    expect(otherPanel.status).toBe(403);
    const whole = await getJson(server, `/api/v1/rounds/${round.id}/sheets?format=case`, cookies.chair);
    expect(whole.status).toBe(403);
    expect((whole.body as { error: string }).error).toContain('panelId');
    const own = await getJson<{ items: { id: string }[]; sheets: { itemId: string }[] }>(
      server,
      `/api/v1/rounds/${round.id}/sheets?format=case&panelId=${chaired.id}`,
      cookies.chair,
    );
    expect(own.status).toBe(200);
    const panelItems = await prisma.scoreSheet.findMany({
      where: { panelId: chaired.id },
      select: { itemId: true },
      distinct: ['itemId'],
    });
    expect(own.body.items.map((i) => i.id).sort()).toEqual(panelItems.map((i) => i.itemId).sort());
  });

  it('anonymous 401; unknown round 404; a panel of another round 404; bad format 400 in Chinese', async () => {
    expect((await request(server, `/api/v1/rounds/${round.id}/sheets?format=case`)).status).toBe(401);
    expect(
      (await getJson(server, `/api/v1/rounds/no-such-round/sheets?format=case`, cookies.agency)).status,
    ).toBe(404);
    const shanghai = await prisma.panel.findFirstOrThrow({
      where: { roundId: { not: round.id } },
      select: { id: true },
    });
    expect(
      (
        await getJson(
          server,
          `/api/v1/rounds/${round.id}/sheets?format=case&panelId=${shanghai.id}`,
          cookies.agency,
        )
      ).status,
    ).toBe(404);
    const bad = await getJson<{ error: string; fieldErrors: Record<string, string> }>(
      server,
      `/api/v1/rounds/${round.id}/sheets?format=pdf`,
      cookies.agency,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.format).toBe('format 应为 case、scheme 或 xlsx');
    const extra = await getJson<{ error: string }>(
      server,
      `/api/v1/rounds/${round.id}/sheets?format=case&x=1`,
      cookies.agency,
    );
    expect(extra.status).toBe(400);
    expect(extra.body.error).toContain('x');
  });
});
