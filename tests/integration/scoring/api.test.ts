// The scoring API over real HTTP (issue 9 §5): sheets, drafts, submit with Idempotency-Key, chair
// powers scoped to THEIR panel, results. The server is the real app with the demo data; the rounds
// under test are built by the fixtures in the same database.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { makeScoringRound, PASSWORD, scoresFor, sheetOf, type ScoringRound } from './fixtures';

let server: TestServer;
let r: ScoringRound;
let other: ScoringRound;
const cookies = new Map<string, string>();

async function as(username: string): Promise<string> {
  let cookie = cookies.get(username);
  if (!cookie) {
    cookie = await login(
      server,
      username,
      username.startsWith('exp-') || username.startsWith('agency-') ? PASSWORD : undefined,
    );
    cookies.set(username, cookie);
  }
  return cookie;
}

beforeAll(async () => {
  server = await startTestServer();
  r = await makeScoringRound({ panels: [{ experts: 3, items: 2 }] });
  other = await makeScoringRound({ panels: [{ experts: 3, items: 1 }] });
}, 600_000);

afterAll(async () => {
  await server?.close();
});

describe('scoring API', () => {
  it('lists my sheets, saves a draft, refuses a stale version with the current sheet', async () => {
    const expert = r.panels[0].experts[1];
    const cookie = await as(expert.user.username);
    const list = await request(server, '/api/v1/me/sheets', { cookie });
    expect(list.status).toBe(200);
    const { sheets } = (await list.json()) as {
      sheets: { id: string; itemId: string; state: string; criteria: unknown[] }[];
    };
    expect(sheets).toHaveLength(2);
    expect(sheets[0]).toMatchObject({
      state: 'draft',
      version: 1,
      roundId: r.roundId,
      total: null,
      recused: false,
    });
    expect(sheets[0].criteria[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: expect.any(String),
        max: expect.any(Number),
        weight: expect.any(Number),
      }),
    );
    const id = sheets[0].id;
    const scores = await scoresFor(r.roundId);
    const put = await request(server, `/api/v1/sheets/${id}`, {
      method: 'PUT',
      cookie,
      json: { version: 1, scores },
    });
    expect(put.status).toBe(200);
    expect((await put.json()).sheet).toMatchObject({ version: 2, scores });
    const stale = await request(server, `/api/v1/sheets/${id}`, {
      method: 'PUT',
      cookie,
      json: { version: 1, scores: {} },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).sheet).toMatchObject({ version: 2, scores });
  });

  it('refuses bad bodies with a Chinese 400 naming the field or criterion, changing nothing', async () => {
    const expert = r.panels[0].experts[1];
    const cookie = await as(expert.user.username);
    const sheet = await sheetOf(r.items[1].id, expert.id);
    const scores = await scoresFor(r.roundId);
    const [first] = Object.keys(scores);
    const bad = async (json: unknown, pattern: RegExp) => {
      const response = await request(server, `/api/v1/sheets/${sheet.id}`, { method: 'PUT', cookie, json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(pattern);
    };
    await bad({ version: 1, scores: {}, extra: 1 }, /不支持的字段“extra”/);
    await bad({ version: 1, scores: { [first]: '8' } }, /数字/);
    await bad({ version: 1, scores: { nope: 1 } }, /指标「nope」不在本轮评分细则中/);
    await bad({ version: 1, scores: { [first]: 1000 } }, /超出 0–/);
    await bad({ version: 1, scores: { [first]: 0.3 } }, /步长/);
    const after = await sheetOf(r.items[1].id, expert.id);
    expect(after.version).toBe(sheet.version);
    expect(after.scores).toBe(sheet.scores);
  });

  it('submits with an Idempotency-Key: 400 without one, the same answer twice, 409 for another key', async () => {
    const expert = r.panels[0].experts[2];
    const cookie = await as(expert.user.username);
    const sheet = await sheetOf(r.items[0].id, expert.id);
    const scores = await scoresFor(r.roundId, 0.9);
    const body = { version: sheet.version, scores };
    const url = `/api/v1/sheets/${sheet.id}/submit`;
    expect((await request(server, url, { cookie, json: body })).status).toBe(400);
    const first = await request(server, url, {
      cookie,
      json: body,
      headers: { 'Idempotency-Key': 'http-key-1' },
    });
    expect(first.status).toBe(200);
    const answer = await first.json();
    expect(answer.sheet).toMatchObject({ state: 'submitted' });
    expect(answer.result).toMatchObject({ itemId: r.items[0].id, submitted: 1, expected: 3 });
    const again = await request(server, url, {
      cookie,
      json: body,
      headers: { 'Idempotency-Key': 'http-key-1' },
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    const another = await request(server, url, {
      cookie,
      json: { ...body, version: 2 },
      headers: { 'Idempotency-Key': 'http-key-2' },
    });
    expect(another.status).toBe(409);
    expect((await another.json()).error).toBe('该评分表已提交');
    // Someone else's sheet is not found, whatever the verb.
    const stranger = await as(r.panels[0].experts[1].user.username);
    expect((await request(server, `/api/v1/sheets/${sheet.id}`, { cookie: stranger })).status).toBe(404);
    expect(
      (await request(server, url, { cookie: stranger, json: body, headers: { 'Idempotency-Key': 'x' } }))
        .status,
    ).toBe(404);
  });

  it('lets only THAT panel’s chair (roles chair+expert) reopen and lock; another panel’s chair gets 403', async () => {
    const expert = r.panels[0].experts[2];
    const sheet = await sheetOf(r.items[0].id, expert.id);
    expect(sheet.state).toBe('submitted');
    const foreignChair = await as(other.panels[0].chair.username);
    const reopenUrl = `/api/v1/sheets/${sheet.id}/reopen`;
    expect(
      (await request(server, reopenUrl, { cookie: foreignChair, json: { reason: '请复核' } })).status,
    ).toBe(403);
    expect(
      (await request(server, reopenUrl, { cookie: await as(expert.user.username), json: { reason: 'x' } }))
        .status,
    ).toBe(403);
    const chair = await as(r.panels[0].chair.username);
    expect((await request(server, reopenUrl, { cookie: chair, json: {} })).status).toBe(400);
    const reopened = await request(server, reopenUrl, {
      cookie: chair,
      json: { reason: '第三项得分请复核' },
    });
    expect(reopened.status).toBe(200);
    expect((await reopened.json()).sheet).toMatchObject({
      state: 'draft',
      reopenedReason: '第三项得分请复核',
    });
    const lockUrl = `/api/v1/panels/${r.panels[0].id}/items/${r.items[0].id}/lock`;
    expect((await request(server, lockUrl, { cookie: foreignChair, json: {} })).status).toBe(403);
    const refused = await request(server, lockUrl, { cookie: chair, json: {} });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatch(/尚有专家未提交评分/);
  });

  it('serves results: the agency sees the round, an expert without reveal gets 403, the chair their panel', async () => {
    const agency = await as('agency');
    const all = await request(server, `/api/v1/rounds/${r.roundId}/results`, { cookie: agency });
    expect(all.status).toBe(200);
    const body = (await all.json()) as {
      version: number;
      results: { itemId: string; score: number | null }[];
    };
    expect(body.version).toBeGreaterThan(0);
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toEqual(
      expect.objectContaining({
        itemId: expect.any(String),
        group: expect.any(String),
        status: expect.any(String),
        experts: expect.any(Number),
        flags: expect.any(Array),
        provisional: expect.any(Boolean),
      }),
    );
    const expert = await as(r.panels[0].experts[1].user.username);
    expect((await request(server, `/api/v1/rounds/${r.roundId}/results`, { cookie: expert })).status).toBe(
      403,
    );
    const chair = await as(r.panels[0].chair.username);
    const mine = await request(server, `/api/v1/rounds/${r.roundId}/results`, { cookie: chair });
    expect(mine.status).toBe(200);
    expect((await mine.json()).results).toHaveLength(2);
    const foreign = await as(other.panels[0].chair.username);
    expect((await request(server, `/api/v1/rounds/${r.roundId}/results`, { cookie: foreign })).status).toBe(
      403,
    );
  });

  it('demo data: expert has drafts, chair chairs a panel with submitted sheets, results exist', async () => {
    const expertCookie = await as('expert');
    const { sheets } = (await (
      await request(server, '/api/v1/me/sheets', { cookie: expertCookie })
    ).json()) as {
      sheets: { state: string }[];
    };
    expect(sheets.filter((s) => s.state === 'draft').length).toBeGreaterThan(0);
    const chair = await prisma.user.findUniqueOrThrow({
      where: { username: 'chair' },
      select: { expert: { select: { id: true } } },
    });
    const seat = await prisma.panelMember.findFirstOrThrow({
      where: { expertId: chair.expert!.id, role: 'chair' },
    });
    expect(
      await prisma.scoreSheet.count({ where: { panelId: seat.panelId, state: 'submitted' } }),
    ).toBeGreaterThan(0);
    const demoRound = await prisma.panel.findUniqueOrThrow({
      where: { id: seat.panelId },
      select: { roundId: true },
    });
    const results = await request(server, `/api/v1/rounds/${demoRound.roundId}/results`, {
      cookie: await as('agency'),
    });
    const graded = ((await results.json()).results as { status: string; score: number | null }[]).filter(
      (x) => x.status === 'graded',
    );
    expect(graded.length).toBeGreaterThan(0);
    expect(typeof graded[0].score).toBe('number');
  });
});
