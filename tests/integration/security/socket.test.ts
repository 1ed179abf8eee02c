// socket.io over real connections: the handshake refuses foreign origins and cookie-only clients
// without an Origin, and a user's live sockets end when their session, account or token does.
import '#tests/support/use-test-db';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiToken } from '#app/models/auth.server';
import { setUserDisabled } from '#app/models/user.server';
import { prisma } from '#app/utils/db.server';
import { DEMO_PASSWORD } from '#seeds/load.server';
import {
  freshIp,
  login,
  request,
  startTestServer,
  type TestServer,
} from '#tests/integration/web/support/server';

let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

type Opened = { connected: boolean; error?: string; socket: Socket };

function open(options: { headers?: Record<string, string>; token?: string }): Promise<Opened> {
  return new Promise((resolve) => {
    const socket = connect(server.url, {
      transports: ['websocket'],
      extraHeaders: options.headers ?? {},
      auth: options.token ? { token: options.token } : {},
      reconnection: false,
    });
    sockets.push(socket);
    socket.on('connect', () => resolve({ connected: true, socket }));
    socket.on('connect_error', (error) => resolve({ connected: false, error: error.message, socket }));
  });
}

/** Resolves with the disconnect reason, or 'still connected' after a while. */
function disconnected(socket: Socket, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still connected'), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

async function issueToken(username: string): Promise<string> {
  const response = await request(server, '/api/v1/auth/token', {
    json: { username, password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': freshIp() },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

describe('socket.io handshake origin', () => {
  it('accepts our own origin with the session cookie', async () => {
    const cookie = await login(server, 'agency');
    expect((await open({ headers: { cookie, origin: server.url } })).connected).toBe(true);
  });

  it('refuses a foreign Origin even with a valid cookie or token', async () => {
    const cookie = await login(server, 'agency');
    const foreign = await open({ headers: { cookie, origin: 'http://evil.example' } });
    expect(foreign).toMatchObject({ connected: false, error: '拒绝来自其他网站的连接' });
    const otherPort = await open({ headers: { cookie, origin: 'http://127.0.0.1:1' } });
    expect(otherPort.connected).toBe(false);
    const token = await issueToken('agency');
    expect((await open({ token, headers: { origin: 'http://evil.example' } })).connected).toBe(false);
  });

  it('refuses our own origin without a session, or with a forged cookie or token', async () => {
    expect(await open({ headers: { origin: server.url } })).toMatchObject({
      connected: false,
      error: '未登录',
    });
    const forged = await open({ headers: { cookie: 'pingshen_session=forged', origin: server.url } });
    expect(forged).toMatchObject({ connected: false, error: '未登录' });
    expect(await open({ token: 'psk_notarealtoken0000000000' })).toMatchObject({
      connected: false,
      error: '未登录',
    });
  });

  it('lets a client without Origin in only with a bearer token', async () => {
    const cookie = await login(server, 'agency');
    expect(await open({ headers: { cookie } })).toMatchObject({ connected: false, error: '未登录' });
    const token = await issueToken('agency');
    expect((await open({ token })).connected).toBe(true);
  });
});

describe('socket.io disconnects when access ends', () => {
  it('on sign-out', async () => {
    const cookie = await login(server, 'agency');
    const { socket, connected } = await open({ headers: { cookie, origin: server.url } });
    expect(connected).toBe(true);
    const other = await open({ headers: { cookie: await login(server, 'agency'), origin: server.url } });
    const ended = disconnected(socket);
    const logout = await request(server, '/logout', { cookie, form: {}, headers: { origin: server.url } });
    expect(logout.status).toBe(302);
    expect(await ended).toBe('io server disconnect');
    // Only that session's sockets: another session of the same user stays.
    expect(other.socket.connected).toBe(true);
  });

  it('when the session expires (the periodic sweep)', async () => {
    const cookie = await login(server, 'dept');
    const { socket, connected } = await open({ headers: { cookie, origin: server.url } });
    expect(connected).toBe(true);
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'dept' } });
    await prisma.authSession.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const ended = disconnected(socket);
    expect(await server.server.sweepSockets()).toBeGreaterThanOrEqual(1);
    expect(await ended).toBe('io server disconnect');
  });

  it('when the API token is revoked', async () => {
    const token = await issueToken('chair');
    const { socket, connected } = await open({ token });
    expect(connected).toBe(true);
    const row = await prisma.apiToken.findFirstOrThrow({ where: { prefix: token.slice(0, 10) } });
    const ended = disconnected(socket);
    expect(await revokeApiToken(row.userId, row.id)).toEqual({ ok: true });
    expect(await ended).toBe('io server disconnect');
  });

  it('when the account is disabled (session and token sockets alike)', async () => {
    const cookie = await login(server, 'expert');
    const token = await issueToken('expert');
    const bySession = await open({ headers: { cookie, origin: server.url } });
    const byToken = await open({ token });
    expect([bySession.connected, byToken.connected]).toEqual([true, true]);
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const expert = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
    const ended = Promise.all([disconnected(bySession.socket), disconnected(byToken.socket)]);
    await setUserDisabled(admin.id, expert.id, true);
    expect(await ended).toEqual(['io server disconnect', 'io server disconnect']);
    await setUserDisabled(admin.id, expert.id, false);
  });
});
