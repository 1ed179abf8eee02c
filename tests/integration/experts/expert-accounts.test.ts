// Sign-in accounts for experts from the pool (one, or a whole panel), with one-time passwords that
// must be changed before anything else; over real HTTP against the real server.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { usernameFor } from '#app/models/expert.server';
import { createPanel, drawPanelExperts } from '#app/models/panel.server';
import { ACTOR, makeExpert, makeRound } from '#tests/integration/panels/fixtures';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';

let server: TestServer;
let agency: string;

beforeAll(async () => {
  server = await startTestServer();
  agency = await login(server, 'agency');
}, 600_000);

afterAll(async () => {
  await server?.close();
});

type Account = { expertId: string; username: string; password: string | null; created: boolean };

async function issue(expertId: string): Promise<Account> {
  const response = await request(server, `/api/v1/experts/${expertId}/account`, { cookie: agency, json: {} });
  expect(response.status).toBe(201);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { accounts: Account[] };
  return body.accounts[0];
}

describe('an expert account from the pool', () => {
  it('is created once with a one-time password, the expert role and an audited link', async () => {
    const expert = await makeExpert('ZJ-0101', ['检测']);
    const account = await issue(expert.id);
    expect(account).toMatchObject({ expertId: expert.id, username: 'zj-0101', created: true });
    expect(account.password).toMatch(/^[a-zA-Z2-9]{12}$/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { username: 'zj-0101' },
      select: { id: true, mustChangePassword: true, roles: { select: { role: true } }, expert: true },
    });
    expect(user).toMatchObject({ mustChangePassword: true, roles: [{ role: 'expert' }] });
    expect(user.expert?.id).toBe(expert.id);
    const link = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'expert.account.link', entityId: expert.id },
    });
    expect(JSON.parse(link.after!)).toEqual({ userId: user.id, username: 'zj-0101' });
    expect(await prisma.auditEvent.count({ where: { action: 'user.create', entityId: user.id } })).toBe(1);

    // Asking again creates nothing and shows no password.
    expect(await issue(expert.id)).toEqual({ ...account, password: null, created: false });
    expect(await prisma.user.count({ where: { username: { startsWith: 'zj-0101' } } })).toBe(1);
  });

  it('must change the one-time password before any page or API call; no API token until then', async () => {
    const expert = await makeExpert('ZJ-0102', ['检测']);
    const { username, password } = await issue(expert.id);
    const cookie = await login(server, username, password!);

    const home = await request(server, '/', { cookie });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/change-password?redirectTo=%2F');
    const api = await request(server, '/api/v1/me', { cookie });
    expect(api.status).toBe(403);
    expect((await api.json()).error).toBe('请先登录网页修改初始密码，然后再使用');
    const token = await request(server, '/api/v1/auth/token', {
      json: { username, password },
      headers: { 'x-forwarded-for': '10.9.9.1' },
    });
    expect(token.status).toBe(403);
    expect((await token.json()).error).toBe(
      '该账号仍在使用初始密码，请先登录网页修改密码，然后再申请 API 令牌',
    );
    expect((await request(server, '/change-password?redirectTo=%2F', { cookie })).status).toBe(200);

    const wrong = await request(server, '/change-password', {
      cookie,
      form: { current: 'not-it-123', password: 'Mine-2026x', confirm: 'Mine-2026x', redirectTo: '/' },
    });
    expect(wrong.status).toBe(400);
    const same = await request(server, '/change-password', {
      cookie,
      form: { current: password!, password: password!, confirm: password!, redirectTo: '/' },
    });
    expect(same.status).toBe(400);
    const changed = await request(server, '/change-password', {
      cookie,
      form: { current: password!, password: 'Mine-2026x', confirm: 'Mine-2026x', redirectTo: '/' },
    });
    expect(changed.status).toBe(302);
    expect(changed.headers.get('location')).toBe('/');
    expect((await request(server, '/', { cookie })).status).toBe(200);
    expect((await request(server, '/api/v1/me', { cookie })).status).toBe(200);
    const issued = await request(server, '/api/v1/auth/token', {
      json: { username, password: 'Mine-2026x' },
      headers: { 'x-forwarded-for': '10.9.9.2' },
    });
    expect(issued.status).toBe(201);
    const user = await prisma.user.findUniqueOrThrow({ where: { username } });
    expect(user.mustChangePassword).toBe(false);
    expect(
      await prisma.auditEvent.count({ where: { action: 'user.password.change', entityId: user.id } }),
    ).toBe(1);
  });

  it('is refused to an expert (no expert:manage) and 404 for an unknown expert', async () => {
    const expertCookie = await login(server, 'expert');
    const expert = await makeExpert('ZJ-0103', ['检测']);
    const refused = await request(server, `/api/v1/experts/${expert.id}/account`, {
      cookie: expertCookie,
      json: {},
    });
    expect(refused.status).toBe(403);
    expect(
      (await request(server, '/api/v1/experts/no-such-expert/account', { cookie: agency, json: {} })).status,
    ).toBe(404);
    expect(await prisma.expert.findUniqueOrThrow({ where: { id: expert.id } })).toMatchObject({
      userId: null,
    });
  });
});

describe('accounts for a whole panel', () => {
  it('are created for every seated expert without one, usernames unique whatever the case', async () => {
    const roundId = (await makeRound()).id;
    for (const code of ['PZ-1', 'PZ-2', 'PZ-3']) await makeExpert(code, ['材料测试']);
    // Someone already holds "pz-2" in another case: the expert gets pz-2-2.
    await prisma.user.create({ data: { username: 'PZ-2', displayName: '他人', passwordHash: 'x' } });
    const panel = await createPanel(ACTOR, roundId, { name: '材料测试组', fieldGroup: '材料测试', size: 3 });
    if (!panel?.ok) throw new Error('panel');
    const drawn = await drawPanelExperts(ACTOR, panel.value.id, {
      seed: 'accounts',
      backups: 0,
      chair: { kind: 'first_drawn' },
      excludeConflicted: false,
    });
    expect(drawn?.ok).toBe(true);
    const response = await request(server, `/api/v1/panels/${panel.value.id}/accounts`, {
      cookie: agency,
      json: {},
    });
    expect(response.status).toBe(201);
    const { accounts } = (await response.json()) as { accounts: Account[] };
    expect(accounts.map((a) => a.username).sort()).toEqual(['pz-1', 'pz-2-2', 'pz-3']);
    expect(accounts.every((a) => a.created && a.password !== null)).toBe(true);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(3);
  });

  it('usernames: code in lower case, a suffix when taken, a fallback without a code', () => {
    const taken = new Set(['zj-9', 'zj-9-2']);
    expect(usernameFor({ id: 'x', code: 'ZJ-9' }, (n) => taken.has(n))).toBe('zj-9-3');
    expect(usernameFor({ id: 'cabcdefgh12345678', code: null }, () => false)).toBe('expert-12345678');
    expect(usernameFor({ id: 'cabcdefgh12345678', code: '专家 007' }, () => false)).toBe('007');
  });
});
