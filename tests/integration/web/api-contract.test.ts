// The JSON API as docs/api.md describes it, probed the way an integrator would: unknown ids are a
// Chinese 404, wrong types and unknown fields a 400 naming the field, and a 400 writes nothing.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { DEMO_PASSWORD } from '#seeds/load.server';
import { freshIp, request, startTestServer, type TestServer } from './support/server';

let server: TestServer;
let agency: string;
let draftRoundId: string;

async function tokenOf(username: string): Promise<string> {
  const response = await request(server, '/api/v1/auth/token', {
    json: { username, password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': freshIp() },
  });
  if (response.status !== 201) throw new Error(`token for ${username}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

function api(pathname: string, init: { method?: string; json?: unknown; body?: string } = {}) {
  return request(server, pathname, {
    method: init.method,
    json: init.json,
    body: init.body,
    headers: {
      authorization: `Bearer ${agency}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
  });
}

async function counts() {
  const [audits, panels, experts, rounds] = await Promise.all([
    prisma.auditEvent.count(),
    prisma.panel.count(),
    prisma.expert.count(),
    prisma.round.count(),
  ]);
  return { audits, panels, experts, rounds };
}

beforeAll(async () => {
  server = await startTestServer();
  agency = await tokenOf('agency');
  const created = await api('/api/v1/rounds', {
    json: { presetId: 'sichuan-2025-annual', name: '接口契约测试轮', year: 2026 },
  });
  draftRoundId = ((await created.json()) as { round: { id: string } }).round.id;
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe('unknown ids', () => {
  it('answers 404 in Chinese for the panels of a round that does not exist', async () => {
    const response = await api('/api/v1/rounds/no-such-round/panels');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: '评审工作不存在' });
  });
});

describe('responses match docs/api.md', () => {
  it('always gives itemCounts with pending, admitted and excluded', async () => {
    const response = await api(`/api/v1/rounds/${draftRoundId}`);
    expect(response.status).toBe(200);
    const { round } = (await response.json()) as { round: { itemCounts: Record<string, number> } };
    expect(round.itemCounts).toEqual({ pending: 0, admitted: 0, excluded: 0 });
  });

  it('lists every method the route answers in Allow on a 405', async () => {
    const collection = await api('/api/v1/rounds', { method: 'PUT', json: {} });
    expect(collection.status).toBe(405);
    expect(collection.headers.get('allow')).toBe('GET, POST');
    const one = await api(`/api/v1/rounds/${draftRoundId}`, { method: 'DELETE' });
    expect(one.status).toBe(405);
    expect(one.headers.get('allow')).toBe('GET, PATCH, POST');
  });
});

describe('bad input → 400 naming the field, nothing written', () => {
  it('refuses numbers sent as booleans, arrays or null', async () => {
    const before = await counts();
    for (const size of [true, [7], null, {}]) {
      const response = await api(`/api/v1/rounds/${draftRoundId}/panels`, {
        json: { name: `类型${JSON.stringify(size)}`, fieldGroup: '检验检测', size },
      });
      expect(response.status, JSON.stringify(size)).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string> };
      expect(body.fieldErrors.size).toMatch(/专家组人数/);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown fields (a typo must not be ignored), keyed by the unknown field', async () => {
    const before = await counts();
    const panel = await api(`/api/v1/rounds/${draftRoundId}/panels`, {
      json: { name: '拼错字段', fieldGroup: '检验检测', size: 5, quorom: 4 },
    });
    expect(panel.status).toBe(400);
    expect(((await panel.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      quorom: '不支持的字段“quorom”',
    });
    const expert = await api('/api/v1/experts', {
      json: {
        code: 'QA-X1',
        name: '张三',
        organisationName: '某单位',
        title: '教授',
        fields: ['检验检测'],
        region: '四川省',
        emial: 'a@b.cn',
      },
    });
    expect(expert.status).toBe(400);
    expect(((await expert.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toHaveProperty(
      'emial',
    );
    const round = await api('/api/v1/rounds', {
      json: { presetId: 'sichuan-2025-annual', name: '多余字段', year: 2026, extra: 1 },
    });
    expect(round.status).toBe(400);
    expect(((await round.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      extra: '不支持的字段“extra”',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a __proto__ key instead of dropping it silently', async () => {
    const before = await counts();
    const response = await api(`/api/v1/rounds/${draftRoundId}/panels`, {
      body: '{"__proto__":{"size":9},"name":"原型","fieldGroup":"检验检测","size":5}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toHaveProperty(
      '__proto__',
    );
    expect(await counts()).toEqual(before);
  });

  it('still accepts numbers written as text (forms send them that way)', async () => {
    const response = await api(`/api/v1/rounds/${draftRoundId}/panels`, {
      json: { name: '文本数字', fieldGroup: '检验检测', size: '5', quorum: '3' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ size: 5, quorum: 3 });
  });
});
