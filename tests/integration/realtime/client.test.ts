// The browser's live client (app/realtime/socket.client.ts, the module useLive runs on) against the
// real server: the first snapshot, a version gap that makes it resubscribe, invalid payloads
// dropped, and a server restart on the same database after which it reconnects and resynchronises.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultUpdated } from '#app/realtime/events';
import {
  addLiveListener,
  closeLiveSocket,
  configureLiveSocket,
  liveStateOf,
  type Snapshot,
} from '#app/realtime/socket.client';
import { prisma } from '#app/utils/db.server';
import { createAppServer, type AppServer } from '#server/index';
import { PUBLIC_DIR } from '#server/paths';
import { ensureTestBuild } from '#tests/integration/web/support/build';
import { login, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { demoFixture, draftSheets, submitOverHttp, tokenFor, until } from './support';

let server: TestServer;
let restarted: AppServer | undefined;
let fx: Awaited<ReturnType<typeof demoFixture>>;
let expertToken: string;

beforeAll(async () => {
  server = await startTestServer();
  fx = await demoFixture();
  expertToken = await tokenFor(server, 'expert');
  const cookie = await login(server, 'agency');
  configureLiveSocket({ url: server.url, extraHeaders: { cookie, origin: server.url } });
}, 180_000);

afterAll(async () => {
  await closeLiveSocket();
  await restarted?.close();
  await server?.close();
});

const snapshots: { snapshot: Snapshot; resync: boolean }[] = [];
let stopListening: (() => void) | undefined;
const events: ResultUpdated[] = [];

async function bumpVersion(by: number): Promise<number> {
  const round = await prisma.round.update({
    where: { id: fx.roundId },
    data: { liveVersion: { increment: by } },
    select: { liveVersion: true },
  });
  return round.liveVersion;
}

function fakeEvent(version: number): ResultUpdated {
  return { roundId: fx.roundId, panelId: fx.p1, itemId: 'item1', version, submitted: 1, expected: 5 };
}

describe('live client', () => {
  const room = () => `round:${fx.roundId}` as const;

  it('subscribes and takes the first snapshot', async () => {
    stopListening = addLiveListener({
      rooms: [room()],
      onSnapshot: (snapshot, resync) => snapshots.push({ snapshot, resync }),
      onResult: (e) => events.push(e),
    });
    await until(() => snapshots.length === 1);
    const { liveVersion } = await prisma.round.findUniqueOrThrow({ where: { id: fx.roundId } });
    expect(snapshots[0]).toMatchObject({
      resync: false,
      snapshot: { ok: true, room: room(), version: liveVersion },
    });
    expect(liveStateOf([room()])).toEqual({ connected: true, version: liveVersion, stale: false });
  });

  it('delivers every item of the next version, drops older versions and invalid payloads', async () => {
    const next = await bumpVersion(1);
    const io = server.server.io;
    io.to(room()).emit('result.updated', fakeEvent(next));
    // One change may move several items of a group: the same version, another item.
    io.to(room()).emit('result.updated', { ...fakeEvent(next), itemId: 'item2' });
    io.to(room()).emit('result.updated', fakeEvent(next - 1)); // older than what it holds
    io.to(room()).emit('result.updated', { ...fakeEvent(next + 1), version: 'x' }); // invalid
    io.to(room()).emit('result.updated', { roundId: fx.roundId }); // invalid
    await until(() => events.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(events.map((e) => [e.itemId, e.version])).toEqual([
      ['item1', next],
      ['item2', next],
    ]);
    expect(snapshots).toHaveLength(1);
    expect(liveStateOf([room()]).version).toBe(next);
  });

  it('resubscribes with `since` after a gap and takes the snapshot', async () => {
    const before = liveStateOf([room()]).version ?? 0;
    const now = await bumpVersion(3); // two changes it never heard of
    server.server.io.to(room()).emit('result.updated', fakeEvent(now));
    await until(() => snapshots.length === 2);
    expect(snapshots[1]).toMatchObject({ resync: true, snapshot: { ok: true, version: now } });
    expect(now).toBe(before + 3);
    expect(liveStateOf([room()])).toEqual({ connected: true, version: now, stale: false });
  });

  /** Closes whichever server runs and starts a new one on the same port and database file. */
  async function restart() {
    const { port } = new URL(server.url);
    await (restarted ?? server).close();
    restarted = undefined;
    await until(() => !liveStateOf([room()]).connected);
    expect(liveStateOf([room()]).stale).toBe(true);
    const built = await ensureTestBuild();
    return async () => {
      restarted = createAppServer({
        build: server.build,
        mode: 'test',
        publicDir: PUBLIC_DIR,
        assetsDir: built.assetsDir,
      });
      await restarted.listen(Number(port), '127.0.0.1');
    };
  }

  it('after a server restart on the same database it reconnects and resynchronises', async () => {
    const start = await restart();
    // A change committed while the server was down.
    const now = await bumpVersion(1);
    await start();
    await until(() => snapshots.length === 3, 20_000);
    expect(snapshots[2]).toMatchObject({ resync: true, snapshot: { ok: true, version: now } });
    expect(liveStateOf([room()])).toEqual({ connected: true, version: now, stale: false });
  }, 40_000);

  it('a submit acknowledged over HTTP just before a restart is in the snapshot after it', async () => {
    const [sheet] = await draftSheets(server, expertToken, fx.roundId);
    expect(sheet, 'the demo expert has a draft sheet').toBeDefined();
    const response = await submitOverHttp(server, expertToken, sheet);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { itemId: string; version: number } | null };
    expect(body.result?.itemId).toBe(sheet.itemId);
    const seen = snapshots.length;
    await (
      await restart()
    )();
    await until(() => snapshots.length > seen, 20_000);
    const { snapshot, resync } = snapshots[snapshots.length - 1];
    expect(resync).toBe(true);
    const { liveVersion } = await prisma.round.findUniqueOrThrow({ where: { id: fx.roundId } });
    expect(snapshot.version).toBe(liveVersion);
    expect(snapshot.version).toBeGreaterThanOrEqual(body.result?.version ?? Infinity);
    expect(snapshot.results.find((r) => r.itemId === sheet.itemId)).toEqual(body.result);
  }, 40_000);

  it('leaves the room when the last listener goes', async () => {
    const io = restarted?.io;
    if (!io) throw new Error('the restarted server runs');
    expect(await io.in(room()).fetchSockets()).toHaveLength(1);
    // A second listener on the same room, then the first goes: still followed.
    const second = addLiveListener({ rooms: [room()] });
    stopListening?.();
    await new Promise((r) => setTimeout(r, 200));
    expect(await io.in(room()).fetchSockets()).toHaveLength(1);
    second();
    await until(() => io.of('/').adapter.rooms.get(room()) === undefined);
    expect(await io.in(`${room()}:scores`).fetchSockets()).toHaveLength(0);
  });
});
