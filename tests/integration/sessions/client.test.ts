// socket.client's subscribeSession against the real server: the ack's snapshot, every
// session.updated after it, older or invalid snapshots dropped, a refusal reported, and the demo's
// planned session (seeds) followed by the agency.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '#app/realtime/events';
import { closeLiveSocket, configureLiveSocket, subscribeSession } from '#app/realtime/socket.client';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';

let server: TestServer;
let cookie: string;
let sessionId: string;

beforeAll(async () => {
  server = await startTestServer();
  cookie = await login(server, 'agency');
  configureLiveSocket({ url: server.url, extraHeaders: { cookie, origin: server.url } });
  const chair = await prisma.panelMember.findFirstOrThrow({
    where: { role: 'chair', expert: { user: { username: 'chair' } } },
    select: { panelId: true },
  });
  sessionId = (await prisma.defenceSession.findFirstOrThrow({ where: { panelId: chair.panelId } })).id;
}, 180_000);

afterAll(async () => {
  await closeLiveSocket();
  await server?.close();
});

async function until(check: () => boolean, ms = 5_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for a snapshot');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('subscribeSession', () => {
  it('delivers the ack snapshot, then newer snapshots only, and reports a refusal', async () => {
    const seen: SessionSnapshot[] = [];
    const stop = subscribeSession(sessionId, (s) => seen.push(s));
    await until(() => seen.length === 1);
    const first = seen[0];
    expect(first).toMatchObject({ id: sessionId, state: 'scheduled' });
    const room = `session:${sessionId}`;
    const io = server.server.io;
    io.to(room).emit('session.updated', { ...first, version: first.version + 5, name: '较新' });
    io.to(room).emit('session.updated', { ...first, version: first.version + 4, name: '较旧' }); // older
    io.to(room).emit('session.updated', { ...first, version: first.version + 5, name: '重复' }); // same
    io.to(room).emit('session.updated', { ...first, version: 'x' }); // invalid
    io.to(room).emit('session.updated', { ...first, id: 'other', version: first.version + 9 }); // not followed
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.map((s) => [s.version, s.name])).toEqual([
      [first.version, first.name],
      [first.version + 5, '较新'],
    ]);
    // A real command (the agency renames the plan) arrives once its version is newer again.
    await prisma.defenceSession.update({ where: { id: sessionId }, data: { version: first.version + 5 } });
    const patched = await request(server, `/api/v1/sessions/${sessionId}`, {
      method: 'PATCH',
      cookie,
      headers: { origin: server.url },
      json: { version: first.version + 5, venue: '新会场' },
    });
    expect(patched.status).toBe(200);
    await until(() => seen.length === 3);
    expect(seen[2]).toMatchObject({ version: first.version + 6, venue: '新会场' });
    stop();

    const errors: string[] = [];
    const stopMissing = subscribeSession(
      'no-such-session',
      () => errors.push('snapshot'),
      (e) => errors.push(e),
    );
    await until(() => errors.length > 0);
    expect(errors).toEqual(['答辩会不存在']);
    stopMissing();
  });
});
