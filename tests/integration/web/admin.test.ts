// Admin screens over real HTTP: account changes are applied, audited and validated; the audit page
// verifies the chain and names the first broken link.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { cookieOf, freshIp, login, request, startTestServer, type TestServer } from './support/server';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await login(server, 'admin');
}, 180_000);

afterAll(async () => {
  await server?.close();
});

function adminAction(form: Record<string, string | string[]>) {
  return request(server, '/admin/users', { form, cookie: admin });
}

describe('account administration', () => {
  it('creates a user with roles, audited, who can then sign in', async () => {
    const audits = await prisma.auditEvent.count();
    const response = await adminAction({
      intent: 'create',
      username: 'wang.fang',
      displayName: '王芳',
      password: 'Secret-2026',
      roles: ['agency', 'department'],
    });
    expect(response.status).toBe(200);
    const user = await prisma.user.findUniqueOrThrow({
      where: { username: 'wang.fang' },
      include: { roles: true },
    });
    expect(user.roles.map((r) => r.role).sort()).toEqual(['agency', 'department']);
    expect(user.passwordHash).not.toContain('Secret-2026');
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.create', entityId: user.id },
    });
    expect(event.after).toContain('wang.fang');
    expect(await prisma.auditEvent.count()).toBeGreaterThan(audits);
    const cookie = await login(server, 'wang.fang', 'Secret-2026');
    expect((await request(server, '/', { cookie })).status).toBe(200);
  });

  it('rejects bad input with Chinese field errors and writes nothing', async () => {
    const [users, audits] = await Promise.all([prisma.user.count(), prisma.auditEvent.count()]);
    const response = await adminAction({
      intent: 'create',
      username: 'x',
      displayName: '',
      password: 'short',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('用户名为 3–32 位字母、数字、下划线、点或连字符');
    expect(text).toContain('密码至少 8 个字符');
    expect(text).toContain('请至少选择一个角色');
    const unknownRole = await adminAction({
      intent: 'create',
      username: 'li.qiang',
      displayName: '李强',
      password: 'Secret-2026',
      roles: 'superuser',
    });
    expect(unknownRole.status).toBe(400);
    const duplicate = await adminAction({
      intent: 'create',
      username: 'agency',
      displayName: '重复',
      password: 'Secret-2026',
      roles: 'agency',
    });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain('已被使用');
    const unknownIntent = await adminAction({ intent: 'drop-table' });
    expect(unknownIntent.status).toBe(400);
    expect(await prisma.user.count()).toBe(users);
    expect(await prisma.auditEvent.count()).toBe(audits);
  });

  it('refuses weak passwords and a username that differs from an existing one only in case', async () => {
    const [users, audits] = await Promise.all([prisma.user.count(), prisma.auditEvent.count()]);
    for (const password of ['12345678', 'abcdefgh', 'aaaaaaaa1', 'zhao.lei2026']) {
      const response = await adminAction({
        intent: 'create',
        username: 'zhao.lei',
        displayName: '赵磊',
        password,
        roles: 'expert',
      });
      expect(response.status, password).toBe(400);
      expect(await response.text()).toMatch(/密码须同时包含字母和数字|密码不能包含用户名|密码过于简单/);
    }
    const lookalike = await adminAction({
      intent: 'create',
      username: 'Agency',
      displayName: '冒名',
      password: 'Secret-2026',
      roles: 'agency',
    });
    expect(lookalike.status).toBe(400);
    expect(await lookalike.text()).toContain('已被使用');
    const target = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
    const weakReset = await adminAction({
      intent: 'reset-password',
      userId: target.id,
      password: '11111111',
    });
    expect(weakReset.status).toBe(400);
    expect(await prisma.user.count()).toBe(users);
    expect(await prisma.auditEvent.count()).toBe(audits);
  });

  it('changes roles, and the new permissions apply on the next request', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'wang.fang' } });
    const cookie = await login(server, 'wang.fang', 'Secret-2026');
    expect((await request(server, '/admin/audit', { cookie })).status).toBe(403);
    expect((await adminAction({ intent: 'roles', userId: user.id, roles: ['admin'] })).status).toBe(200);
    expect((await request(server, '/admin/audit', { cookie })).status).toBe(200);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.roles', entityId: user.id },
    });
    expect(event.before).toContain('agency');
    expect(event.after).toContain('admin');
  });

  it('resets a password: old sessions end, the old password fails, the new one works', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'wang.fang' } });
    const cookie = await login(server, 'wang.fang', 'Secret-2026');
    expect(
      (await adminAction({ intent: 'reset-password', userId: user.id, password: 'Another-2026' })).status,
    ).toBe(200);
    expect((await request(server, '/', { cookie })).status).toBe(302);
    const old = await request(server, '/login', {
      form: { username: 'wang.fang', password: 'Secret-2026' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(old.status).toBe(401);
    await login(server, 'wang.fang', 'Another-2026');
  });

  it('disables an account: sessions and tokens stop working at once; enabling restores sign-in', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'wang.fang' } });
    const cookie = await login(server, 'wang.fang', 'Another-2026');
    const issued = await request(server, '/api/v1/auth/token', {
      json: { username: 'wang.fang', password: 'Another-2026' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    const { token } = (await issued.json()) as { token: string };
    expect((await adminAction({ intent: 'disable', userId: user.id })).status).toBe(200);
    expect((await request(server, '/', { cookie })).status).toBe(302);
    expect(
      (await request(server, '/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
    const denied = await request(server, '/login', {
      form: { username: 'wang.fang', password: 'Another-2026' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(denied.status).toBe(401);
    expect((await adminAction({ intent: 'enable', userId: user.id })).status).toBe(200);
    await login(server, 'wang.fang', 'Another-2026');
    expect(
      await prisma.auditEvent.count({
        where: { entityId: user.id, action: { in: ['user.disable', 'user.enable'] } },
      }),
    ).toBe(2);
  });

  it('does not let an administrator disable themself', async () => {
    const me = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const response = await adminAction({ intent: 'disable', userId: me.id });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('不能停用自己的账号');
  });
});

describe('API tokens page', () => {
  it('lists tokens by prefix without their hash, and revoking one stops it at once, audited', async () => {
    const issued = await request(server, '/api/v1/auth/token', {
      json: { username: 'dept', password: 'pingshen2026', name: '数据导出脚本' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    const { token } = (await issued.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await request(server, '/api/v1/me', { headers: bearer })).status).toBe(200);
    const row = await prisma.apiToken.findFirstOrThrow({ where: { name: '数据导出脚本' } });

    const page = await request(server, '/admin/tokens', { cookie: admin });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('数据导出脚本');
    expect(html).toContain(row.prefix);
    expect(html).not.toContain(row.tokenHash);
    expect(html).not.toContain(token);

    const audits = await prisma.auditEvent.count();
    const revoked = await request(server, '/admin/tokens', {
      cookie: admin,
      form: { intent: 'revoke', tokenId: row.id },
    });
    expect(revoked.status).toBe(200);
    expect((await request(server, '/api/v1/me', { headers: bearer })).status).toBe(401);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'token.revoke', entityId: row.id },
    });
    expect(event.after).toContain(row.prefix);
    expect(await prisma.auditEvent.count()).toBe(audits + 1);

    const again = await request(server, '/admin/tokens', {
      cookie: admin,
      form: { intent: 'revoke', tokenId: row.id },
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('令牌已撤销');
    const unknown = await request(server, '/admin/tokens', {
      cookie: admin,
      form: { intent: 'revoke', tokenId: 'no-such-token' },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('令牌不存在');
    expect(await prisma.auditEvent.count()).toBe(audits + 1);
  });

  it('is for administrators only', async () => {
    const agency = await login(server, 'agency');
    expect((await request(server, '/admin/tokens', { cookie: agency })).status).toBe(403);
    expect(
      (await request(server, '/admin/tokens', { cookie: agency, form: { intent: 'revoke', tokenId: 'x' } }))
        .status,
    ).toBe(403);
  });
});

describe('audit page', () => {
  it('reports an intact chain, then names the first broken link after tampering', async () => {
    const intact = await request(server, '/admin/audit', { cookie: admin });
    expect(intact.status).toBe(200);
    expect(await intact.text()).toMatch(/审计链完整：共 \d+ 条记录/);

    const victim = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.create' },
      orderBy: { seq: 'asc' },
    });
    await prisma.auditEvent.update({
      where: { id: victim.id },
      data: { after: '{"username":"someone-else"}' },
    });
    const broken = await request(server, '/admin/audit', { cookie: admin });
    const text = await broken.text();
    expect(text).toContain(`审计链已断裂：第一处断点为第 ${victim.seq} 条记录`);
    expect(text).toContain(victim.id);
  });
});

describe('errors and health', () => {
  it('answers GET /healthz with 200 while the database answers', async () => {
    const response = await request(server, '/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('renders the Chinese 404 page for an unknown URL, signed in or not', async () => {
    for (const cookie of [undefined, admin]) {
      const response = await request(server, '/no/such/page', { cookie });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('页面不存在');
    }
  });

  it('answers JSON 404 for an unknown API path', async () => {
    const response = await request(server, '/api/v1/no-such-endpoint');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: '接口不存在' });
  });

  it('renders the Chinese 403 page inside the shell', async () => {
    const expert = await login(server, 'expert');
    const response = await request(server, '/admin/users', { cookie: expert });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain('无权访问');
    expect(text).toContain('退出登录');
  });

  it('sets the session cookie only on sign-in', async () => {
    const response = await request(server, '/login');
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(() => cookieOf(response)).toThrow();
  });
});
