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
import { demoFixture, until } from './support';

let server: TestServer;
let restarted: AppServer | undefined;
let fx: Awaited<ReturnType<typeof demoFixture>>;

beforeAll(async () => {
  server = await startTestServer();
  fx = await demoFixture();
  const cookie = await login(server, 'agency');
  configureLiveSocket({ url: server.url, extraHeaders: { cookie, origin: server.url } });
}, 180_000);

afterAll(async () => {
  await closeLiveSocket();
  await restarted?.close();
  await server?.close();
});

const snapshots: { snapshot: Snapshot; resync: boolean }[] = [];
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
    addLiveListener({
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

  it('after a server restart on the same database it reconnects and resynchronises', async () => {
    const { port } = new URL(server.url);
    await server.close();
    await until(() => !liveStateOf([room()]).connected);
    expect(liveStateOf([room()]).stale).toBe(true);
    // A change committed while the server was down.
    const now = await bumpVersion(1);
    const built = await ensureTestBuild();
    restarted = createAppServer({
      build: server.build,
      mode: 'test',
      publicDir: PUBLIC_DIR,
      assetsDir: built.assetsDir,
    });
    await restarted.listen(Number(port), '127.0.0.1');
    await until(() => snapshots.length === 3, 20_000);
    expect(snapshots[2]).toMatchObject({ resync: true, snapshot: { ok: true, version: now } });
    expect(liveStateOf([room()])).toEqual({ connected: true, version: now, stale: false });
  }, 40_000);
});
