// Issue 8 §2 attacks over real HTTP: concurrent password guessing, oversized and endless bodies,
// cross-origin writes with the session cookie, framing and sniffing, and tokens outliving a reset.
import '#tests/support/use-test-db';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import XLSX from 'xlsx';
import { auditChainHead, auditHeadLabel } from '#app/models/audit.server';
import { resetPassword } from '#app/models/user.server';
import { expertInputSchema } from '#app/utils/expert-schema';
import { normaliseName } from '#app/utils/normalise-name';
import { panelInputSchema } from '#app/utils/panel-schema';
import { DEMO_PASSWORD } from '#seeds/load.server';
import {
  freshIp,
  login,
  request,
  startTestServer,
  type TestServer,
} from '#tests/integration/web/support/server';

const EVIL = 'http://evil.example';
let server: TestServer;
let agency: string;

beforeAll(async () => {
  server = await startTestServer();
  agency = await login(server, 'agency');
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe('sign-in throttling under concurrency', () => {
  it('25 concurrent token requests, the right password last, issue no token', async () => {
    const wrong = Array.from({ length: 24 }, () =>
      request(server, '/api/v1/auth/token', {
        json: { username: 'expert', password: 'wrong-password' },
        headers: { 'x-forwarded-for': freshIp() },
      }),
    );
    const right = request(server, '/api/v1/auth/token', {
      json: { username: 'expert', password: DEMO_PASSWORD },
      headers: { 'x-forwarded-for': freshIp() },
    });
    const responses = await Promise.all([...wrong, right]);
    const statuses = responses.map((r) => r.status);
    expect(statuses).not.toContain(201);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    const last = responses[24];
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(last.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'expert' } });
    expect(await prisma.apiToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.loginAttempt.count({ where: { username: 'expert', success: true } })).toBe(0);
  });

  it('25 concurrent login-form posts, the right password last, open no session', async () => {
    const post = (password: string) =>
      request(server, '/login', {
        form: { username: 'chair', password, redirectTo: '/' },
        headers: { 'x-forwarded-for': freshIp() },
      });
    const responses = await Promise.all([
      ...Array.from({ length: 24 }, () => post('wrong-password')),
      post(DEMO_PASSWORD),
    ]);
    expect(responses.map((r) => r.status)).not.toContain(302);
    expect(responses[24].status).toBe(429);
    expect(responses[24].headers.get('retry-after')).toMatch(/^\d+$/);
    const user = await prisma.user.findUniqueOrThrow({ where: { username: 'chair' } });
    expect(await prisma.authSession.count({ where: { userId: user.id } })).toBe(0);
  });

  it('one address locks only after 50 failures, so colleagues behind one NAT can still sign in', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i += 1) {
      const r = await request(server, '/login', {
        form: { username: `typo-${i}`, password: 'wrong', redirectTo: '/' },
        headers: { 'x-forwarded-for': ip },
      });
      expect(r.status).toBe(401);
    }
    const colleague = await request(server, '/login', {
      form: { username: 'dept', password: DEMO_PASSWORD, redirectTo: '/' },
      headers: { 'x-forwarded-for': ip },
    });
    expect(colleague.status).toBe(302);
    // 39 more failures from the same address (as if typed by others behind the NAT): 49 in all.
    const now = Date.now();
    await prisma.loginAttempt.createMany({
      data: Array.from({ length: 39 }, (_, i) => ({
        username: `guess-${i}`,
        ip,
        success: false,
        createdAt: new Date(now - 1000 + i),
      })),
    });
    const fiftieth = await request(server, '/api/v1/auth/token', {
      json: { username: 'guess-50', password: 'wrong' },
      headers: { 'x-forwarded-for': ip },
    });
    expect(fiftieth.status).toBe(401);
    const locked = await request(server, '/login', {
      form: { username: 'dept', password: DEMO_PASSWORD, redirectTo: '/' },
      headers: { 'x-forwarded-for': ip },
    });
    expect(locked.status).toBe(429);
  });
});

/** Streams a chunked body of up to `total` bytes; resolves with the status as soon as it arrives. */
function streamBody(
  path: string,
  total: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; sent: number }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      done = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done) req.end();
    };
    req.write('{"username":"x","password":"');
    pump();
  });
}

describe('request body limits', () => {
  it('refuses a declared 2 MB JSON body with 413 before reading it', async () => {
    const response = await request(server, '/api/v1/auth/token', {
      body: JSON.stringify({ username: 'agency', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe('请求体过大：超过 1 MB 上限，已拒绝');
  });

  it('stops a 400 MB chunked body at 1 MB with 413, and the server does not grow', async () => {
    const before = process.memoryUsage().rss;
    const result = await streamBody('/api/v1/auth/token', 400 * 1024 * 1024, {
      'content-type': 'application/json',
    });
    const grown = process.memoryUsage().rss - before;
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error).toContain('1 MB');
    expect(result.sent).toBeLessThan(64 * 1024 * 1024);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    // The server still answers.
    expect((await request(server, '/healthz')).status).toBe(200);
  });

  it('limits a urlencoded page form to 1 MB and an upload to 10 MB', async () => {
    const form = await streamBody('/login', 5 * 1024 * 1024, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(413);
    const upload = await request(server, '/api/v1/experts/import?fileName=a.xlsx', {
      cookie: agency,
      body: 'x'.repeat(11 * 1024 * 1024),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(upload.status).toBe(413);
    expect((await upload.json()).error).toBe('文件超过10MB上限，请拆分为多个文件分批导入');
  });
});

describe('cross-site request forgery', () => {
  const roundBody = JSON.stringify({
    presetId: 'sichuan-2025-annual',
    name: '跨站伪造的评审',
    year: 2026,
    window: '2025-01-01至2025-12-31',
  });

  it('a text/plain POST with the agency cookie from another origin creates no round', async () => {
    const before = await prisma.round.count();
    const response = await request(server, '/api/v1/rounds', {
      cookie: agency,
      body: roundBody,
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: EVIL, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/其他网站/);
    // Another port on the same host is another origin too.
    const samesite = await request(server, '/api/v1/rounds', {
      cookie: agency,
      body: roundBody,
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' },
    });
    expect(samesite.status).toBe(403);
    expect(await prisma.round.count()).toBe(before);
  });

  it('requires application/json for JSON API bodies (415), even from our own origin', async () => {
    const before = await prisma.round.count();
    const response = await request(server, '/api/v1/rounds', {
      cookie: agency,
      body: roundBody,
      headers: { 'content-type': 'text/plain', origin: server.url },
    });
    expect(response.status).toBe(415);
    expect((await response.json()).error).toMatch(/application\/json/);
    expect(await prisma.round.count()).toBe(before);
  });

  it('answers a foreign-origin page action with 403 in Chinese, not 500', async () => {
    const response = await request(server, '/rounds/new', {
      cookie: agency,
      form: { presetId: 'sichuan-2025-annual', name: '伪造', year: '2026' },
      headers: { origin: EVIL },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('拒绝来自其他网站的请求');
    const logout = await request(server, '/logout', { cookie: agency, form: {}, headers: { origin: EVIL } });
    expect(logout.status).toBe(403);
  });

  it('lets our own pages and bearer-token clients write', async () => {
    const own = await request(server, '/api/v1/rounds', {
      cookie: agency,
      json: JSON.parse(roundBody),
      headers: { origin: server.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(201);
    const issued = await request(server, '/api/v1/auth/token', {
      json: { username: 'agency', password: DEMO_PASSWORD },
      headers: { 'x-forwarded-for': freshIp() },
    });
    const { token } = (await issued.json()) as { token: string };
    const bearer = await request(server, '/api/v1/rounds', {
      json: { ...JSON.parse(roundBody), name: '令牌创建的评审' },
      headers: { authorization: `Bearer ${token}`, origin: EVIL },
    });
    expect(bearer.status).toBe(201);
  });
});

describe('security headers', () => {
  it('are on pages, API answers, static files and build assets', async () => {
    const paths = ['/login', '/api/v1/me', '/favicon.svg', '/healthz'];
    for (const path of paths) {
      const response = await request(server, path);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
    }
  });
});

describe('password reset', () => {
  it('revokes the account’s API tokens, audited', async () => {
    const issued = await request(server, '/api/v1/auth/token', {
      json: { username: 'dept', password: DEMO_PASSWORD, name: '脚本' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    expect((await request(server, '/api/v1/me', { headers: auth })).status).toBe(200);
    const [admin, dept] = await Promise.all([
      prisma.user.findUniqueOrThrow({ where: { username: 'admin' } }),
      prisma.user.findUniqueOrThrow({ where: { username: 'dept' } }),
    ]);
    await resetPassword(admin.id, dept.id, 'New-Password-2026');
    expect((await request(server, '/api/v1/me', { headers: auth })).status).toBe(401);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.password.reset', entityId: dept.id },
      orderBy: { seq: 'desc' },
    });
    const revoked = await prisma.apiToken.findMany({ where: { userId: dept.id }, select: { id: true } });
    expect(JSON.parse(event.after ?? '{}').revokedTokens).toEqual(revoked.map((t) => t.id));
  });
});

describe('exports carry the audit chain head', () => {
  it('导出专家库 prints the current head on its first sheet; the empty template does not', async () => {
    const response = await request(server, '/api/v1/experts/template?withData=1', { cookie: agency });
    expect(response.status).toBe(200);
    const head = await auditChainHead();
    expect(head.seq).toBeGreaterThan(0);
    const book = XLSX.read(new Uint8Array(await response.arrayBuffer()), { type: 'array' });
    const first = book.Sheets[book.SheetNames[0]];
    expect(String(first.A1?.v)).toContain(auditHeadLabel(head));
    const template = await request(server, '/api/v1/experts/template', { cookie: agency });
    const empty = XLSX.read(new Uint8Array(await template.arrayBuffer()), { type: 'array' });
    expect(String(empty.Sheets[empty.SheetNames[0]].A1?.v)).not.toContain('审计链');
  });
});

describe('DELETE /api/v1/rounds/:roundId/assignments', () => {
  it('answers 404 for an assignment of another round and leaves it', async () => {
    const rounds = await prisma.round.findMany({ select: { id: true }, orderBy: { createdAt: 'asc' } });
    const assignment = await prisma.assignment.findFirstOrThrow({
      select: { id: true, panelId: true, itemId: true, panel: { select: { roundId: true } } },
    });
    const other = rounds.find((r) => r.id !== assignment.panel.roundId);
    expect(other).toBeDefined();
    const response = await request(server, `/api/v1/rounds/${other!.id}/assignments`, {
      method: 'DELETE',
      cookie: agency,
      json: { panelId: assignment.panelId, itemId: assignment.itemId },
    });
    expect(response.status).toBe(404);
    expect(await prisma.assignment.count({ where: { id: assignment.id } })).toBe(1);
  });

  it('refuses once 专家评审 has started, even for an item without submitted sheets', async () => {
    const assignment = await prisma.assignment.findFirstOrThrow({
      where: {
        panel: { round: { state: 'scoring' } },
        item: { sheets: { none: { state: { in: ['submitted', 'locked'] } } } },
      },
      select: { id: true, panelId: true, itemId: true, panel: { select: { roundId: true } } },
    });
    const response = await request(server, `/api/v1/rounds/${assignment.panel.roundId}/assignments`, {
      method: 'DELETE',
      cookie: agency,
      json: { panelId: assignment.panelId, itemId: assignment.itemId },
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('专家评审已开始');
    expect(await prisma.assignment.count({ where: { id: assignment.id } })).toBe(1);
  });
});

describe('rubric numbers beyond sane bounds', () => {
  it('1e308 as points or weight is a 400 naming the field, not a 500', async () => {
    const created = await request(server, '/api/v1/rounds', {
      cookie: agency,
      json: {
        presetId: 'sichuan-2025-annual',
        name: '细则边界测试',
        year: 2026,
        window: '2025-01-01至2025-12-31',
      },
    });
    expect(created.status).toBe(201);
    const { round } = (await created.json()) as { round: { id: string } };
    const { scheme } = await prisma.round.findUniqueOrThrow({
      where: { id: round.id },
      select: { scheme: { select: { version: true } } },
    });
    for (const [field, criterion] of [
      ['max', { id: 'a', name: '指标', max: 1e308 }],
      ['weight', { id: 'a', name: '指标', max: 100, weight: 1e308 }],
      ['step', { id: 'a', name: '指标', max: 100, step: -1e308 }],
    ] as const) {
      const response = await request(server, `/api/v1/rounds/${round.id}`, {
        method: 'PATCH',
        cookie: agency,
        json: { rubric: { criteria: [criterion] }, schemeVersion: scheme.version },
      });
      expect(response.status, field).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string> };
      expect(Object.keys(body.fieldErrors), field).toContain(`rubric.criteria.0.${field}`);
    }
  });
});

describe('search treats % and _ literally', () => {
  it('experts: "50%" finds only the expert named with it, "_" finds none', async () => {
    const expert = await prisma.expert.findFirstOrThrow({ orderBy: { code: 'asc' } });
    await prisma.expert.update({ where: { id: expert.id }, data: { name: '达标率50%专家' } });
    const search = async (q: string) => {
      const response = await request(server, `/api/v1/experts?q=${encodeURIComponent(q)}`, {
        cookie: agency,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { total: number; experts: { id: string }[] };
    };
    const percent = await search('50%');
    expect(percent.total).toBe(1);
    expect(percent.experts.map((e) => e.id)).toEqual([expert.id]);
    expect((await search('%')).total).toBe(1);
    expect((await search('_')).total).toBe(0);
  });

  it('items of a round: "%" and "_" match no item', async () => {
    const item = await prisma.item.findFirstOrThrow({ select: { roundId: true } });
    for (const q of ['%', '_']) {
      const response = await request(
        server,
        `/api/v1/rounds/${item.roundId}/items?q=${encodeURIComponent(q)}`,
        {
          cookie: agency,
        },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as unknown[] | { items: unknown[] };
      expect(Array.isArray(body) ? body : body.items).toHaveLength(0);
    }
  });
});

describe('names differing only by zero-width or full-width characters are duplicates', () => {
  it('normaliseName folds full-width forms and drops format characters', () => {
    expect(normaliseName('ａｇｅｎ\u200bｃｙ')).toBe('agency');
    expect(normaliseName('Ｅ００１\u2060')).toBe('E001');
    expect(normaliseName('\ufeff检测\u200d组')).toBe('检测组');
    // Chinese full-width punctuation is kept as typed.
    expect(normaliseName('绩效评估（第一批）：复核')).toBe('绩效评估（第一批）：复核');
  });

  it('round names: “ＡＢＣ\u200b轮次” is the same as “ABC轮次”', async () => {
    const create = (name: string) =>
      request(server, '/api/v1/rounds', {
        cookie: agency,
        json: { presetId: 'sichuan-2025-annual', name, year: 2026, window: '2025-01-01至2025-12-31' },
      });
    expect((await create('ABC轮次')).status).toBe(201);
    const twin = await create('ＡＢＣ\u200b轮次');
    expect(twin.status).toBe(400);
    expect(JSON.stringify(await twin.json())).toContain('已有名为“ABC轮次”的评审工作');
  });

  it('usernames: “ａｇｅｎｃｙ” is the existing agency account', async () => {
    const admin = await login(server, 'admin');
    const response = await request(server, '/admin/users', {
      cookie: admin,
      form: {
        intent: 'create',
        username: 'ａｇｅｎ\u200bｃｙ',
        displayName: '重复',
        password: 'Secret-2026',
        roles: 'agency',
      },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('已被使用');
  });

  it('expert codes and panel names are normalised at the boundary', () => {
    const code = expertInputSchema.shape.code.parse('Ｅ００１\u200b');
    expect(code).toBe('E001');
    const panel = panelInputSchema.safeParse({ name: '检测\u200b组', fieldGroup: '检测', size: 5 });
    expect(panel.success && panel.data.name).toBe('检测组');
  });
});
