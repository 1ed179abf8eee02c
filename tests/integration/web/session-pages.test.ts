// The defence-session pages over real HTTP (issue 10 §1–2): 答辩安排 (the agency plans: bad input is
// refused with the model's Chinese field messages and nothing is written; a stale version is a 409
// with the fresh state; delete only while scheduled) and the chair's console (the chair of THAT
// panel and the agency run it; department and other experts are refused; commands through the
// page's action answer the snapshot or a 409 with 会话状态已更新…).
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from './support/server';

let server: TestServer;
let agency: string;
let chair: string;
let roundId: string;
let panelId: string;
let itemIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  [agency, chair] = [await login(server, 'agency'), await login(server, 'chair')];
  const seat = await prisma.panelMember.findFirstOrThrow({
    where: { role: 'chair', status: 'drawn', expert: { user: { username: 'chair' } } },
    select: { panel: { select: { id: true, roundId: true } } },
  });
  panelId = seat.panel.id;
  roundId = seat.panel.roundId;
  const assignments = await prisma.assignment.findMany({
    where: { panelId },
    select: { itemId: true },
    orderBy: [{ order: 'asc' }, { createdAt: 'asc' }],
  });
  itemIds = assignments.map((a) => a.itemId);
  expect(itemIds.length).toBeGreaterThanOrEqual(2);
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const plan = (json: unknown, cookie = agency) =>
  request(server, `/rounds/${roundId}/sessions`, { json, cookie });
const command = (sessionId: string, json: unknown, cookie = chair) =>
  request(server, `/sessions/${sessionId}`, { json, cookie });

describe('答辩安排', () => {
  it('shows the panels with their items to the agency, links from the round page', async () => {
    const page = await request(server, `/rounds/${roundId}/sessions`, { cookie: agency });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('答辩安排');
    expect(html).toContain('新建答辩会');
    const roundPage = await (await request(server, `/rounds/${roundId}`, { cookie: agency })).text();
    expect(roundPage).toContain(`/rounds/${roundId}/sessions`);
  });

  it('refuses bad input with the field named in Chinese, and writes nothing', async () => {
    const before = await prisma.defenceSession.count({ where: { panelId } });
    const bad = await plan({
      intent: 'create',
      panelId,
      input: { name: '第二场', timings: { qaSeconds: 10 }, order: [itemIds[0], itemIds[0]] },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('问答时长不少于 60 秒');
    const unknown = await plan({ intent: 'rename', panelId });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('未知操作');
    const broken = await request(server, `/rounds/${roundId}/sessions`, {
      cookie: agency,
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(await prisma.defenceSession.count({ where: { panelId } })).toBe(before);
  });

  it('creates, updates with the version, answers a stale version with 409, deletes while scheduled', async () => {
    const created = await plan({
      intent: 'create',
      panelId,
      input: {
        name: '集中答辩（页面测试）',
        venue: '成都 5 号会议室',
        scheduledAt: '2026-12-05T01:00:00.000Z',
        order: [itemIds[1], itemIds[0]],
        timings: {
          presentationSeconds: 480,
          qaSeconds: 240,
          scoringSeconds: 180,
          breaks: [{ afterIndex: 0, seconds: 600 }],
        },
      },
    });
    expect(created.status).toBe(200);
    const row = await prisma.defenceSession.findFirstOrThrow({
      where: { panelId, name: '集中答辩（页面测试）' },
    });
    expect(JSON.parse(row.order)).toEqual([itemIds[1], itemIds[0]]);
    expect(JSON.parse(row.timers).breaks).toEqual([{ afterIndex: 0, seconds: 600 }]);
    // The page shows it with its planned start times (09:00 Beijing, the next after 8+4+3 min + 10 min break).
    const html = await (await request(server, `/rounds/${roundId}/sessions`, { cookie: agency })).text();
    expect(html).toContain('集中答辩（页面测试）');
    expect(html).toContain('09:00');
    expect(html).toContain('09:25');

    const updated = await plan({
      intent: 'update',
      sessionId: row.id,
      input: { version: row.version, venue: '成都 6 号会议室', order: [itemIds[0], itemIds[1]] },
    });
    expect(updated.status).toBe(200);
    const after = await prisma.defenceSession.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.venue).toBe('成都 6 号会议室');
    expect(after.version).toBeGreaterThan(row.version);

    const stale = await plan({
      intent: 'update',
      sessionId: row.id,
      input: { version: row.version, venue: '旧版本的地点' },
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('答辩会已被他人修改，已载入最新内容');
    expect((await prisma.defenceSession.findUniqueOrThrow({ where: { id: row.id } })).venue).toBe(
      '成都 6 号会议室',
    );

    // Planning is the agency's: the chair may not.
    const byChair = await plan({ intent: 'delete', sessionId: row.id, version: after.version }, chair);
    expect(byChair.status).toBe(403);
    const deleted = await plan({ intent: 'delete', sessionId: row.id, version: after.version });
    expect(deleted.status).toBe(200);
    expect(await prisma.defenceSession.count({ where: { id: row.id } })).toBe(0);
  });
});

describe('组长控制台', () => {
  it('is for the chair of that panel and the agency; commands answer the snapshot or 409', async () => {
    const created = await plan({
      intent: 'create',
      panelId,
      input: { name: '控制台测试', order: itemIds.slice(0, 2) },
    });
    expect(created.status).toBe(200);
    const row = await prisma.defenceSession.findFirstOrThrow({ where: { panelId, name: '控制台测试' } });

    for (const cookie of [chair, agency]) {
      const page = await request(server, `/sessions/${row.id}`, { cookie });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('组长控制台');
      expect(html).toContain('开始答辩会');
    }
    // The department may follow a session but not run it; an expert of another panel may not see it.
    expect(
      (await request(server, `/sessions/${row.id}`, { cookie: await login(server, 'dept') })).status,
    ).toBe(403);
    const expert = await login(server, 'expert');
    expect((await request(server, `/sessions/${row.id}`, { cookie: expert })).status).toBe(404);
    // Commands: 403 to anyone but the chair of that panel or the agency (issue 10 §5).
    expect((await command(row.id, { command: 'start', version: row.version }, expert)).status).toBe(403);
    expect((await request(server, '/sessions/no-such-session', { cookie: chair })).status).toBe(404);

    const started = await command(row.id, { command: 'start', version: row.version });
    expect(started.status).toBe(200);
    expect((await prisma.defenceSession.findUniqueOrThrow({ where: { id: row.id } })).state).toBe('live');
    // The same version again: stale.
    const stale = await command(row.id, { command: 'pause', version: row.version });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('会话状态已更新，请按最新状态重试');
    const badCommand = await command(row.id, { command: 'dance', version: row.version + 1 });
    expect(badCommand.status).toBe(400);
    expect(await badCommand.text()).toContain('未知的指令 command');

    // A started session can no longer be deleted from 答辩安排.
    const live = await prisma.defenceSession.findUniqueOrThrow({ where: { id: row.id } });
    const refused = await plan({ intent: 'delete', sessionId: row.id, version: live.version });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await prisma.defenceSession.count({ where: { id: row.id } })).toBe(1);
  });
});
