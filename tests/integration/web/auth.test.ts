// Sign-in, sessions, idle expiry, throttling, sign-out and API tokens over real HTTP.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { sha256 } from '#app/models/auth.server';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { cookieOf, freshIp, login, request, startTestServer, type TestServer } from './support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 180_000);

afterAll(async () => {
  await server?.close();
});

function attempt(username: string, password: string, ip: string, extraHeaders: Record<string, string> = {}) {
  return request(server, '/login', {
    form: { username, password, redirectTo: '/' },
    headers: { 'x-forwarded-for': ip, ...extraHeaders },
  });
}

/** Moves every login attempt of a key back in time, as if the lock window had passed. */
async function age(where: { username: string } | { ip: string }, minutes: number) {
  const rows = await prisma.loginAttempt.findMany({ where, select: { id: true, createdAt: true } });
  for (const row of rows) {
    await prisma.loginAttempt.update({
      where: { id: row.id },
      data: { createdAt: new Date(row.createdAt.getTime() - minutes * 60_000) },
    });
  }
}

describe('login', () => {
  it('signs in with a session cookie that is httpOnly, SameSite=Lax and not Secure over plain HTTP', async () => {
    const response = await attempt('agency', DEMO_PASSWORD, freshIp());
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^pingshen_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const home = await request(server, '/', { cookie: cookieOf(response) });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('评审工作与进度');
  });

  it('marks the cookie Secure behind a TLS-terminating proxy', async () => {
    const response = await attempt('agency', DEMO_PASSWORD, freshIp(), { 'x-forwarded-proto': 'https' });
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toMatch(/Secure/i);
  });

  it('ignores X-Forwarded-Proto and X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const direct = await startTestServer({ trustProxy: false });
    try {
      const response = await request(direct, '/login', {
        form: { username: 'agency', password: DEMO_PASSWORD, redirectTo: '/' },
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('set-cookie')).not.toMatch(/Secure/i);
      const attempt = await prisma.loginAttempt.findFirstOrThrow({
        where: { username: 'agency' },
        orderBy: { createdAt: 'desc' },
      });
      expect(attempt.ip).not.toBe('203.0.113.9');
    } finally {
      await direct.close();
    }
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await login(server, 'dept');
    const token = decodeURIComponent(cookie.split('=')[1]);
    const sessions = await prisma.authSession.findMany({ select: { id: true } });
    expect(sessions.some((s) => token.includes(s.id))).toBe(false);
  });

  it('gives the same message for an unknown user, a wrong password and a disabled account', async () => {
    const disabled = await prisma.user.create({
      data: {
        username: 'gone',
        displayName: '已停用',
        passwordHash: (await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } })).passwordHash,
        disabled: true,
      },
    });
    const bodies = [];
    for (const [username, password] of [
      ['nobody', DEMO_PASSWORD],
      ['expert', 'wrong-password'],
      [disabled.username, DEMO_PASSWORD],
    ]) {
      const response = await attempt(username, password, freshIp());
      expect(response.status).toBe(401);
      bodies.push(await response.text());
    }
    for (const body of bodies) expect(body).toContain('用户名或密码错误');
    expect(new Set(bodies.map((b) => b.replace(/<[^>]*>/g, '').length)).size).toBe(1);
  });

  it('rejects a malformed form with Chinese field errors and records nothing', async () => {
    const before = await prisma.loginAttempt.count();
    const response = await request(server, '/login', {
      form: { username: '', password: '' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('请输入用户名');
    expect(text).toContain('请输入密码');
    expect(await prisma.loginAttempt.count()).toBe(before);
  });

  it('only redirects back to paths on this site', async () => {
    const response = await request(server, '/login', {
      form: { username: 'agency', password: DEMO_PASSWORD, redirectTo: '//evil.example/' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(response.headers.get('location')).toBe('/');
  });
});

describe('throttling', () => {
  it('locks an account name after 5 failures for 15 minutes, whatever the address', async () => {
    for (let i = 0; i < 5; i += 1) expect((await attempt('chair', 'wrong', freshIp())).status).toBe(401);
    const locked = await attempt('chair', DEMO_PASSWORD, freshIp());
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('15 分钟后再试');
    await age({ username: 'chair' }, 16);
    expect((await attempt('chair', DEMO_PASSWORD, freshIp())).status).toBe(302);
  });

  it('locks unknown account names the same way (no enumeration through the lock)', async () => {
    for (let i = 0; i < 5; i += 1) await attempt('ghost-user', 'wrong', freshIp());
    expect((await attempt('ghost-user', 'wrong', freshIp())).status).toBe(429);
  });

  it('locks a client address after 50 failures across accounts', async () => {
    const ip = freshIp();
    // 45 earlier failures from the address, then 5 over HTTP: 50 in all.
    const now = Date.now();
    await prisma.loginAttempt.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({
        username: `earlier-${i}`,
        ip,
        success: false,
        createdAt: new Date(now - 60_000 + i),
      })),
    });
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5'])
      expect((await attempt(name, 'wrong', ip)).status).toBe(401);
    expect((await attempt('agency', DEMO_PASSWORD, ip)).status).toBe(429);
    expect((await attempt('agency', DEMO_PASSWORD, freshIp())).status).toBe(302);
    await age({ ip }, 16);
    expect((await attempt('agency', DEMO_PASSWORD, ip)).status).toBe(302);
  });

  it('throttles the token endpoint too', async () => {
    for (let i = 0; i < 5; i += 1) {
      await request(server, '/api/v1/auth/token', {
        json: { username: 'dept', password: 'wrong' },
        headers: { 'x-forwarded-for': freshIp() },
      });
    }
    const response = await request(server, '/api/v1/auth/token', {
      json: { username: 'dept', password: DEMO_PASSWORD },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(response.status).toBe(429);
    await age({ username: 'dept' }, 16);
  });
});

describe('sessions', () => {
  it('ends a session idle for longer than 30 minutes', async () => {
    const cookie = await login(server, 'expert');
    expect((await request(server, '/', { cookie })).status).toBe(200);
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
    await prisma.authSession.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    const response = await request(server, '/admin/users', { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fadmin%2Fusers');
    expect(await prisma.authSession.count({ where: { userId: user.id } })).toBe(0);
  });

  it('keeps an active session alive', async () => {
    const cookie = await login(server, 'expert');
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
    await prisma.authSession.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - 29 * 60_000) },
    });
    expect((await request(server, '/', { cookie })).status).toBe(200);
    const session = await prisma.authSession.findFirstOrThrow({
      where: { userId: user.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(Date.now() - session.lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it('signs out with POST /logout: the cookie is cleared and the old one stops working', async () => {
    const cookie = await login(server, 'agency');
    const response = await request(server, '/logout', { method: 'POST', cookie, form: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await request(server, '/', { cookie })).status).toBe(302);
  });

  it('rejects a forged cookie', async () => {
    const response = await request(server, '/', { cookie: 'pingshen_session=forged-value' });
    expect(response.status).toBe(302);
  });
});

describe('API tokens', () => {
  it('issues a token for valid credentials and accepts it as Bearer on /api/v1', async () => {
    const response = await request(server, '/api/v1/auth/token', {
      json: { username: 'agency', password: DEMO_PASSWORD, name: '脚本' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(response.status).toBe(201);
    const { token } = (await response.json()) as { token: string };
    expect(token).toMatch(/^psk_/);
    const stored = await prisma.apiToken.findFirstOrThrow({ where: { name: '脚本' } });
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const me = await request(server, '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { username: string; roles: string[]; permissions: string[] } };
    expect(body.user.username).toBe('agency');
    expect(body.user.permissions).toContain('round:manage');

    const forbidden = await request(server, '/admin/users', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(forbidden.status).toBe(403);
  });

  it('answers 401 JSON without a token or with a bad one', async () => {
    const none = await request(server, '/api/v1/me');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toBe('未登录或登录已过期');
    const bad = await request(server, '/api/v1/me', { headers: { authorization: 'Bearer psk_not-a-token' } });
    expect(bad.status).toBe(401);
  });

  it('gives the generic message for wrong credentials', async () => {
    const response = await request(server, '/api/v1/auth/token', {
      json: { username: 'agency', password: 'nope' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: '用户名或密码错误' });
  });

  it('answers 400 with Chinese field errors for a malformed body, writing nothing', async () => {
    const tokens = await prisma.apiToken.count();
    const notJson = await request(server, '/api/v1/auth/token', {
      method: 'POST',
      body: '{oops',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': freshIp() },
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: '输入有误',
      fieldErrors: { _form: '请求体不是有效的 JSON' },
    });
    const missing = await request(server, '/api/v1/auth/token', {
      json: { username: 'agency' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: '输入有误',
      fieldErrors: { password: '请提供密码 password' },
    });
    expect(await prisma.apiToken.count()).toBe(tokens);
  });
});
