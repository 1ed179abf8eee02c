// The results page (评审结果) over real HTTP: who sees what (the agency and the department the whole
// round, a chair their own panel only, an expert and a chair of no panel of the round nothing), and
// its actions: a reopen without a reason is a 400 in Chinese that changes nothing, a chair's unlock
// is refused, the agency's unlock with a reason works and is audited.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { SHANGHAI_ROUND, SICHUAN_ROUND, demoRound, panelsOf, userIdOf } from './support';

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

async function itemNames(panelId: string): Promise<string[]> {
  const rows = await prisma.scoreSheet.findMany({
    where: { panelId },
    select: { item: { select: { name: true } } },
    distinct: ['itemId'],
  });
  return rows.map((r) => r.item.name);
}

function post(cookie: string, form: Record<string, string>, roundId = round.id) {
  return request(server, `/rounds/${roundId}/results`, { cookie, form });
}

describe('评审结果 page: who sees what', () => {
  it('shows the whole round to the agency, the department and the administrator', async () => {
    const names = [...(await itemNames(chaired.id)), ...(await itemNames(other.id))];
    for (const who of ['agency', 'dept', 'admin']) {
      const response = await request(server, `/rounds/${round.id}/results`, { cookie: cookies[who] });
      expect(response.status, who).toBe(200);
      const html = await response.text();
      expect(html).toContain('评审结果');
      for (const name of names) expect(html, `${who}: ${name}`).toContain(name);
    }
  });

  it("shows a chair their own panel's items only, even when they ask for another panel", async () => {
    const mine = await itemNames(chaired.id);
    const theirs = (await itemNames(other.id)).filter((n) => !mine.includes(n));
    for (const query of ['', `?panelId=${other.id}`]) {
      const response = await request(server, `/rounds/${round.id}/results${query}`, {
        cookie: cookies.chair,
      });
      expect(response.status).toBe(200);
      const html = await response.text();
      for (const name of mine) expect(html).toContain(name);
      for (const name of theirs) expect(html).not.toContain(name);
      expect(html).toContain('仅显示本人担任组长的专家组');
    }
  });

  it('shows nothing to an expert, nor to a chair in a round where they chair no panel', async () => {
    const names = [...(await itemNames(chaired.id)), ...(await itemNames(other.id))];
    const shanghai = await demoRound(SHANGHAI_ROUND);
    const shanghaiNames = (await Promise.all(shanghai.panels.map((p) => itemNames(p.id)))).flat();
    for (const [who, roundId, hidden] of [
      ['expert', round.id, names],
      ['chair', shanghai.id, shanghaiNames],
    ] as const) {
      const response = await request(server, `/rounds/${roundId}/results`, { cookie: cookies[who] });
      expect(response.status, who).toBe(200);
      const html = await response.text();
      expect(html).toContain('这里没有您可以查看的评审结果');
      expect(hidden.length).toBeGreaterThan(0);
      for (const name of hidden) expect(html, `${who}: ${name}`).not.toContain(name);
      expect(html).not.toContain('/sheets?format=');
    }
    expect((await request(server, `/rounds/no-such-round/results`, { cookie: cookies.agency })).status).toBe(
      404,
    );
  });

  it('opens the round page with a link to the results', async () => {
    const html = await (await request(server, `/rounds/${round.id}`, { cookie: cookies.agency })).text();
    expect(html).toContain(`/rounds/${round.id}/results`);
  });
});

describe('评审结果 page: actions', () => {
  it('reopen without a reason → 400 in Chinese, nothing changed', async () => {
    const sheet = await prisma.scoreSheet.findFirstOrThrow({
      where: { panelId: chaired.id, state: 'submitted' },
      select: { id: true, state: true, version: true, updatedAt: true },
    });
    const audits = await prisma.auditEvent.count();
    const forms: Record<string, string>[] = [
      { intent: 'reopen', sheetId: sheet.id, reason: '' },
      { intent: 'reopen', sheetId: sheet.id, reason: '   ' },
      { intent: 'reopen', sheetId: sheet.id },
    ];
    for (const form of forms) {
      const response = await post(cookies.chair, form);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('请填写退回修改的理由');
    }
    expect(
      await prisma.scoreSheet.findUniqueOrThrow({
        where: { id: sheet.id },
        select: { id: true, state: true, version: true, updatedAt: true },
      }),
    ).toEqual(sheet);
    expect(await prisma.auditEvent.count()).toBe(audits);
  });

  it("refuses a chair's reopen on another panel, and unknown intents and fields", async () => {
    const sheet = await prisma.scoreSheet.findFirstOrThrow({
      where: { panelId: other.id, state: 'submitted' },
      select: { id: true, state: true, version: true },
    });
    const refused = await post(cookies.chair, { intent: 'reopen', sheetId: sheet.id, reason: '复核' });
    expect(refused.status).toBe(403);
    expect(
      await prisma.scoreSheet.findUniqueOrThrow({
        where: { id: sheet.id },
        select: { id: true, state: true, version: true },
      }),
    ).toEqual(sheet);
    const expert = await post(cookies.expert, { intent: 'reopen', sheetId: sheet.id, reason: '复核' });
    expect(expert.status).toBe(403);
    const unknown = await post(cookies.agency, { intent: 'delete', sheetId: sheet.id });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('未知的操作');
    const extra = await post(cookies.agency, { intent: 'lock', panelId: other.id, itemId: 'x', evil: '1' });
    expect(extra.status).toBe(400);
    expect(await extra.text()).toContain('不支持的字段');
  });

  it('locks a complete item; a chair cannot unlock it; the agency unlocks it with a reason', async () => {
    // The chair's panel has finished scoring in the demo data: pick an item whose sheets are all in.
    const items = await prisma.scoreSheet.groupBy({
      by: ['itemId'],
      where: { panelId: chaired.id, state: 'draft', recused: false, absent: false },
    });
    const open = new Set(items.map((i) => i.itemId));
    const candidates = await prisma.scoreSheet.findMany({
      where: { panelId: chaired.id },
      select: { itemId: true },
      distinct: ['itemId'],
    });
    const item = candidates.find((c) => !open.has(c.itemId));
    expect(item).toBeDefined();
    const itemId = item!.itemId;

    const locked = await post(cookies.chair, { intent: 'lock', panelId: chaired.id, itemId });
    expect(locked.status).toBe(200);
    const states = await prisma.scoreSheet.findMany({
      where: { itemId, recused: false, absent: false },
      select: { state: true },
    });
    expect(states.every((s) => s.state === 'locked')).toBe(true);

    const audits = await prisma.auditEvent.count();
    const byChair = await post(cookies.chair, {
      intent: 'unlock',
      panelId: chaired.id,
      itemId,
      reason: '组长想改',
    });
    expect(byChair.status).toBe(403);
    expect(
      (
        await prisma.scoreSheet.findMany({
          where: { itemId, recused: false, absent: false },
          select: { state: true },
        })
      ).every((s) => s.state === 'locked'),
    ).toBe(true);
    expect(await prisma.auditEvent.count()).toBe(audits);

    const noReason = await post(cookies.agency, {
      intent: 'unlock',
      panelId: chaired.id,
      itemId,
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('请填写解锁的理由');

    const byAgency = await post(cookies.agency, {
      intent: 'unlock',
      panelId: chaired.id,
      itemId,
      reason: '专家反映第二项录入有误',
    });
    expect(byAgency.status).toBe(200);
    expect(
      (
        await prisma.scoreSheet.findMany({
          where: { itemId, recused: false, absent: false },
          select: { state: true },
        })
      ).some((s) => s.state !== 'locked'),
    ).toBe(true);
    expect(await prisma.auditEvent.count()).toBeGreaterThan(audits);
  });

  it('a panel or sheet of another round is a 404 here', async () => {
    const shanghai = await demoRound(SHANGHAI_ROUND);
    const sheet = await prisma.scoreSheet.findFirstOrThrow({
      where: { roundId: shanghai.id },
      select: { id: true },
    });
    const response = await post(cookies.agency, { intent: 'reopen', sheetId: sheet.id, reason: '复核' });
    expect(response.status).toBe(404);
    const panel = await post(cookies.agency, {
      intent: 'lock',
      panelId: shanghai.panels[0]!.id,
      itemId: 'x',
    });
    expect(panel.status).toBe(404);
  });
});
