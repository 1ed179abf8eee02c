// socket.io `subscribe` over real connections: rooms are joined only after a server-side check for
// that round or panel, scores rooms only for those allowed to see scores, bad payloads are refused
// with a Chinese error, and the acknowledgement is a snapshot from the database.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProgress } from '#app/models/result.server';
import { prisma } from '#app/utils/db.server';
import { MAX_ROOMS_PER_SOCKET, SUBSCRIBE_RATE } from '#app/realtime/subscribe.server';
import { request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import {
  closeAll,
  demoFixture,
  inRoom,
  openClient,
  pause,
  subscribe,
  tokenFor,
  type Client,
} from './support';

let server: TestServer;
let fx: Awaited<ReturnType<typeof demoFixture>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  fx = await demoFixture();
  for (const name of ['agency', 'dept', 'admin', 'chair', 'expert'])
    tokens[name] = await tokenFor(server, name);
}, 180_000);

afterAll(async () => {
  closeAll();
  await server?.close();
});

const client = (name: string): Promise<Client> => openClient(server.url, tokens[name]);

describe('who may follow a round', () => {
  it('agency, department and admin follow a round with scores; the snapshot equals the results API', async () => {
    for (const name of ['agency', 'dept', 'admin']) {
      const c = await client(name);
      const ack = await subscribe(c, { room: `round:${fx.roundId}` });
      expect(ack).toMatchObject({ ok: true, room: `round:${fx.roundId}` });
      if (!ack.ok) throw new Error(ack.error);
      expect(await inRoom(server, `round:${fx.roundId}`)).toContain(c.socket.id);
      expect(await inRoom(server, `round:${fx.roundId}:scores`)).toContain(c.socket.id);
      const api = await request(server, `/api/v1/rounds/${fx.roundId}/results`, {
        headers: { authorization: `Bearer ${tokens[name]}` },
      });
      if (api.status === 200) {
        const body = (await api.json()) as { version: number; results: unknown[] };
        expect(ack.version).toBe(body.version);
        expect(ack.results).toEqual(body.results);
      }
      expect(ack.progress).toEqual(await liveProgress(fx.roundId));
      expect(ack.progress.panels.map((p) => p.panelId)).toEqual(expect.arrayContaining([fx.p1, fx.p2]));
    }
  });

  it('a seated expert follows their round for progress only, never the scores room', async () => {
    const c = await client('expert');
    const ack = await subscribe(c, { room: `round:${fx.roundId}` });
    expect(ack).toMatchObject({ ok: true, results: [] });
    expect(await inRoom(server, `round:${fx.roundId}`)).toContain(c.socket.id);
    expect(await inRoom(server, `round:${fx.roundId}:scores`)).not.toContain(c.socket.id);
  });

  it('a round the user is not seated in answers as if it did not exist', async () => {
    const c = await client('expert');
    const foreign = await subscribe(c, { room: `round:${fx.otherRoundId}` });
    const missing = await subscribe(c, { room: 'round:does-not-exist' });
    expect(foreign).toEqual({ ok: false, error: '评审工作不存在' });
    expect(missing).toEqual(foreign);
    expect(await inRoom(server, `round:${fx.otherRoundId}`)).not.toContain(c.socket.id);
  });
});

describe('who may follow a panel', () => {
  it('an expert of panel B may not follow panel A (same answer as a missing panel)', async () => {
    const c = await client('expert');
    expect(await subscribe(c, { room: `panel:${fx.p2}` })).toMatchObject({ ok: true, results: [] });
    expect(await inRoom(server, `panel:${fx.p2}`)).toContain(c.socket.id);
    expect(await inRoom(server, `panel:${fx.p2}:scores`)).not.toContain(c.socket.id);
    expect(await subscribe(c, { room: `panel:${fx.p1}` })).toEqual({ ok: false, error: '专家组不存在' });
    expect(await subscribe(c, { room: 'panel:nope' })).toEqual({ ok: false, error: '专家组不存在' });
    expect(await inRoom(server, `panel:${fx.p1}`)).not.toContain(c.socket.id);
  });

  it("a chair gets their own panel's scores room and nothing of another panel", async () => {
    const c = await client('chair');
    const own = await subscribe(c, { room: `panel:${fx.p1}` });
    expect(own).toMatchObject({ ok: true, room: `panel:${fx.p1}` });
    if (!own.ok) throw new Error(own.error);
    const whole = await liveProgress(fx.roundId);
    const mine = whole.panels.find((p) => p.panelId === fx.p1);
    expect(own.progress).toEqual({ submitted: mine?.submitted, expected: mine?.expected, panels: [mine] });
    expect(await inRoom(server, `panel:${fx.p1}:scores`)).toContain(c.socket.id);
    expect(await subscribe(c, { room: `panel:${fx.p2}` })).toEqual({ ok: false, error: '专家组不存在' });
    const scoresRoom = await subscribe(c, { room: `panel:${fx.p2}:scores` });
    expect(scoresRoom.ok).toBe(false);
    if (!scoresRoom.ok) expect(scoresRoom.error).toMatch(/房间格式/);
    expect(await inRoom(server, `panel:${fx.p2}:scores`)).not.toContain(c.socket.id);
    expect(await inRoom(server, `panel:${fx.p2}`)).not.toContain(c.socket.id);
    // The round itself: progress only, the chair's scores come through the panel room.
    expect(await subscribe(c, { room: `round:${fx.roundId}` })).toMatchObject({ ok: true, results: [] });
    expect(await inRoom(server, `round:${fx.roundId}:scores`)).not.toContain(c.socket.id);
  });

  it('the agency follows any panel with scores', async () => {
    const c = await client('agency');
    expect(await subscribe(c, { room: `panel:${fx.p3}` })).toMatchObject({ ok: true });
    expect(await inRoom(server, `panel:${fx.p3}:scores`)).toContain(c.socket.id);
  });
});

describe('bad requests', () => {
  it('are refused with a Chinese message naming the field, and join nothing', async () => {
    const c = await client('agency');
    const cases: [unknown, RegExp][] = [
      [{ room: `round:${fx.roundId}`, extra: 1 }, /未知字段.*extra/],
      [{ room: 5 }, /^room/],
      [{ room: `round:${fx.roundId}`, since: '3' }, /^since/],
      [{ room: `round:${fx.roundId}`, since: -1 }, /^since/],
      [{ room: `round:${fx.roundId}`, since: 1.5 }, /^since/],
      [{ room: 'user:someone' }, /房间格式/],
      [{ room: `round:${fx.roundId}:scores` }, /房间格式/],
      [{}, /^room/],
      ['round:x', /订阅请求应为对象/],
      [null, /订阅请求应为对象/],
    ];
    for (const [payload, message] of cases) {
      const ack = await subscribe(c, payload);
      expect(ack.ok, JSON.stringify(payload)).toBe(false);
      if (!ack.ok) {
        expect(ack.error).toMatch(message);
        expect(ack.error).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(await inRoom(server, `round:${fx.roundId}`)).not.toContain(c.socket.id);
  });

  it('a subscribe without an acknowledgement is ignored and the socket keeps working', async () => {
    const c = await client('agency');
    c.socket.emit('subscribe', { room: `round:${fx.roundId}` });
    c.socket.emit('subscribe');
    await pause(200);
    expect(c.socket.connected).toBe(true);
    expect(await inRoom(server, `round:${fx.roundId}`)).not.toContain(c.socket.id);
    expect(await subscribe(c, { room: `round:${fx.roundId}` })).toMatchObject({ ok: true });
  });

  it('unsubscribe leaves the room and its scores room', async () => {
    const c = await client('agency');
    await subscribe(c, { room: `round:${fx.roundId}` });
    expect(await c.socket.timeout(5000).emitWithAck('unsubscribe', { room: `round:${fx.roundId}` })).toEqual({
      ok: true,
    });
    expect(await inRoom(server, `round:${fx.roundId}`)).not.toContain(c.socket.id);
    expect(await inRoom(server, `round:${fx.roundId}:scores`)).not.toContain(c.socket.id);
    const bad = (await c.socket.timeout(5000).emitWithAck('unsubscribe', { room: 1 })) as { ok: boolean };
    expect(bad.ok).toBe(false);
  });

  it('an account that must still change its one-time password may connect but not subscribe', async () => {
    await prisma.user.update({ where: { username: 'dept' }, data: { mustChangePassword: true } });
    try {
      const c = await client('dept');
      expect(await subscribe(c, { room: `round:${fx.roundId}` })).toEqual({
        ok: false,
        error: '请先修改初始密码',
      });
      expect(await inRoom(server, `round:${fx.roundId}`)).not.toContain(c.socket.id);
    } finally {
      await prisma.user.update({ where: { username: 'dept' }, data: { mustChangePassword: false } });
    }
  });

  it('every socket is in its own user room (for sheet.updated)', async () => {
    const c = await client('expert');
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
    expect(await inRoom(server, `user:${user.id}`)).toContain(c.socket.id);
  });
});

describe('limits', () => {
  it(`a socket follows at most ${MAX_ROOMS_PER_SOCKET} rooms`, async () => {
    const round = await prisma.round.findUniqueOrThrow({ where: { id: fx.roundId } });
    const ids = Array.from({ length: MAX_ROOMS_PER_SOCKET }, (_, i) => `limitpanel${i}`);
    await prisma.panel.createMany({
      data: ids.map((id) => ({ id, roundId: round.id, name: id, fieldGroup: '限额测试', size: 5 })),
    });
    try {
      const c = await client('agency');
      for (const id of ids) expect((await subscribe(c, { room: `panel:${id}` })).ok).toBe(true);
      // Subscribing again to a followed room is fine; a new one is not.
      expect((await subscribe(c, { room: `panel:${ids[0]}` })).ok).toBe(true);
      const over = await subscribe(c, { room: `round:${fx.roundId}` });
      expect(over).toEqual({ ok: false, error: `每个连接最多同时订阅 ${MAX_ROOMS_PER_SOCKET} 个房间` });
      await c.socket.timeout(5000).emitWithAck('unsubscribe', { room: `panel:${ids[1]}` });
      expect((await subscribe(c, { room: `round:${fx.roundId}` })).ok).toBe(true);
    } finally {
      await prisma.panel.deleteMany({ where: { id: { in: ids } } });
    }
  });

  it(`at most ${SUBSCRIBE_RATE.max} subscribe requests per socket in ${SUBSCRIBE_RATE.windowMs / 1000} s`, async () => {
    const c = await client('agency');
    const answers = await Promise.all(
      Array.from({ length: SUBSCRIBE_RATE.max + 1 }, () => subscribe(c, { room: 'round:nope' })),
    );
    expect(answers.filter((a) => !a.ok && a.error === '评审工作不存在')).toHaveLength(SUBSCRIBE_RATE.max);
    expect(answers.at(-1)).toEqual({ ok: false, error: '订阅请求过于频繁，请稍后再试' });
  });
});
