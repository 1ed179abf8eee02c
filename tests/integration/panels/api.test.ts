// The JSON API of the expert pool, panels, assignments and progress over real HTTP, against the real
// server and a temp database with the demo data.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { writeExpertWorkbook, readExpertWorkbook } from '#app/utils/xlsx-experts';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import { makeItem, makeOrganisation, makeRound } from './fixtures';

let server: TestServer;
let agency: string;
let expertCookie: string;
let roundId: string;

beforeAll(async () => {
  server = await startTestServer();
  agency = await login(server, 'agency');
  expertCookie = await login(server, 'expert');
  roundId = (await makeRound('接口测试评审', 2026)).id;
  const unit = await makeOrganisation('接口测试研究院');
  for (let i = 0; i < 3; i++) await makeItem(roundId, unit.id, `接口测试平台${i}`, '接口领域');
}, 240_000);

afterAll(async () => {
  await server?.close();
});

const experts = Array.from({ length: 6 }, (_, i) => ({
  code: `API-${i}`,
  name: `接口专家${i}`,
  organisationName: i === 0 ? '接口测试研究院' : `其他大学${i}`,
  title: i === 3 ? '研究员' : '高级工程师',
  fields: ['接口领域'],
  region: '四川省成都市',
  active: true,
  conflicts: [],
}));

function upload(pathname: string, file: Uint8Array, fileName: string, cookie = agency) {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(file)]), fileName);
  return fetch(`${server.url}${pathname}`, { method: 'POST', body: form, headers: { cookie } });
}

describe('expert API', () => {
  it('requires sign-in and the expert:manage permission', async () => {
    expect((await request(server, '/api/v1/experts')).status).toBe(401);
    expect((await request(server, '/api/v1/experts', { cookie: expertCookie })).status).toBe(403);
  });

  it('serves the template as xlsx', async () => {
    const response = await request(server, '/api/v1/experts/template', { cookie: agency });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const parsed = await readExpertWorkbook(new Uint8Array(await response.arrayBuffer()), 'template.xlsx');
    expect(parsed).toMatchObject({ ok: false, problems: [{ message: '“专家”表中没有专家数据' }] });
  });

  it('previews, then imports, an expert workbook', async () => {
    const file = writeExpertWorkbook(experts);
    const preview = await upload('/api/v1/experts/import', file, 'experts.xlsx');
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ rows: 6, created: 6, updated: 0 });
    const listed = await (await request(server, '/api/v1/experts?field=接口领域', { cookie: agency })).json();
    expect(listed.total).toBe(0);

    const commit = await upload('/api/v1/experts/import?commit=1', file, 'experts.xlsx');
    expect(await commit.json()).toMatchObject({ created: 6 });
    const after = await (await request(server, '/api/v1/experts?field=接口领域', { cookie: agency })).json();
    expect(after.total).toBe(6);

    const bad = await upload('/api/v1/experts/import', new TextEncoder().encode('not a workbook'), 'x.xlsx');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe(
      '文件不是 xlsx 格式（Excel 2007 及以上）；如为 .xls、.xlsb、.ods 或 .csv，请在 Excel 中另存为 .xlsx 后再导入',
    );
  });

  it('creates and edits an expert, answering bad input with Chinese field messages', async () => {
    const bad = await request(server, '/api/v1/experts', {
      cookie: agency,
      json: { code: 'API-X', name: '', fields: [] },
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.fieldErrors).toMatchObject({
      name: '姓名不能为空',
      fields: '专业领域至少填写一项',
      title: '职称不能为空',
    });

    const input = { ...experts[0], code: 'API-X', name: '新专家' };
    const created = await request(server, '/api/v1/experts', { cookie: agency, json: input });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const updated = await request(server, `/api/v1/experts/${id}`, {
      method: 'PUT',
      cookie: agency,
      json: {
        ...input,
        title: '教授',
        conflicts: [{ kind: 'formerEmployer', organisationName: '某研究院', untilYear: 2025 }],
      },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      title: '教授',
      conflicts: [{ kindLabel: '近三年曾工作单位', untilYear: 2025 }],
    });
    const taken = await request(server, '/api/v1/experts', { cookie: agency, json: input });
    expect(taken.status).toBe(400);
    expect((await taken.json()).error).toBe('专家编号“API-X”已被其他专家使用');
    await request(server, `/api/v1/experts/${id}`, {
      method: 'PUT',
      cookie: agency,
      json: { ...input, active: false },
    });
  });
});

describe('panel, assignment and progress API', () => {
  let panelId: string;

  it('creates a panel and draws it with a recorded seed, replayable', async () => {
    const created = await request(server, `/api/v1/rounds/${roundId}/panels`, {
      cookie: agency,
      json: { name: '接口组', fieldGroup: '接口领域', size: 3 },
    });
    expect(created.status).toBe(201);
    panelId = (await created.json()).id;

    const draw = await request(server, `/api/v1/panels/${panelId}/draw`, {
      cookie: agency,
      json: { seed: 'api-seed', backups: 1, chair: 'highest_title' },
    });
    expect(draw.status).toBe(200);
    const drawn = await draw.json();
    expect(drawn.warnings.map((w: { code: string }) => w.code)).toEqual(['unusual_size']);
    const active = drawn.panel.members.filter((m: { role: string }) => m.role !== 'backup');
    expect(active).toHaveLength(3);
    // The expert working at the items' unit is left out by the conflict filter.
    expect(drawn.panel.members.map((m: { name: string }) => m.name)).not.toContain('接口专家0');

    const replay = await (await request(server, `/api/v1/panels/${panelId}/draw`, { cookie: agency })).json();
    expect(replay).toMatchObject({ seed: 'api-seed', matches: true });
    const listed = await (
      await request(server, `/api/v1/rounds/${roundId}/panels`, { cookie: agency })
    ).json();
    expect(listed.panels.map((p: { name: string }) => p.name)).toEqual(['接口组']);
  });

  it('replays the demo panels from their recorded seeds', async () => {
    const demo = await prisma.panel.findMany({
      where: { drawSeed: { not: null }, roundId: { not: roundId } },
    });
    expect(demo.length).toBeGreaterThan(0);
    for (const panel of demo) {
      const replay = await (
        await request(server, `/api/v1/panels/${panel.id}/draw`, { cookie: agency })
      ).json();
      expect(replay, panel.name).toMatchObject({ matches: true, seed: panel.drawSeed });
    }
  });

  it('assigns items, reports progress, and refuses bad input', async () => {
    const view = await (
      await request(server, `/api/v1/rounds/${roundId}/assignments`, { cookie: agency })
    ).json();
    const itemIds = view.items.map((i: { id: string }) => i.id);
    expect(itemIds).toHaveLength(3);

    const wrongMode = await request(server, `/api/v1/rounds/${roundId}/assignments`, {
      cookie: agency,
      json: { mode: 'magic' },
    });
    expect(wrongMode.status).toBe(400);
    const manual = await request(server, `/api/v1/rounds/${roundId}/assignments`, {
      cookie: agency,
      json: { mode: 'manual', panelId, itemIds: itemIds.slice(0, 2) },
    });
    expect(manual.status).toBe(200);
    const auto = await request(server, `/api/v1/rounds/${roundId}/assignments`, {
      cookie: agency,
      json: { mode: 'auto' },
    });
    expect(await auto.json()).toMatchObject({ assignments: [{ itemId: itemIds[2], panelId }] });

    const progress = await (
      await request(server, `/api/v1/rounds/${roundId}/progress`, { cookie: agency })
    ).json();
    expect(progress).toMatchObject({ items: 3, expected: 9, drafted: 0, submitted: 0 });
    expect(
      (await request(server, `/api/v1/rounds/${roundId}/progress`, { cookie: expertCookie })).status,
    ).toBe(403);

    const removed = await request(server, `/api/v1/rounds/${roundId}/assignments`, {
      method: 'DELETE',
      cookie: agency,
      json: { panelId, itemId: itemIds[2] },
    });
    expect(removed.status).toBe(200);
  });

  it('replaces a member with a reason and names the chair', async () => {
    const panel = await (await request(server, `/api/v1/panels/${panelId}`, { cookie: agency })).json();
    const member = panel.members.find((m: { role: string }) => m.role === 'member');
    const noReason = await request(server, `/api/v1/panels/${panelId}/replace`, {
      cookie: agency,
      json: { expertId: member.expertId, reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).fieldErrors.reason).toBe('请填写替换原因');
    const replaced = await request(server, `/api/v1/panels/${panelId}/replace`, {
      cookie: agency,
      json: { expertId: member.expertId, reason: '临时有事' },
    });
    expect(replaced.status).toBe(200);
    const after = await replaced.json();
    expect(after.members.find((m: { expertId: string }) => m.expertId === member.expertId)).toMatchObject({
      status: 'replaced',
      replacedReason: '临时有事',
    });

    const newMember = after.members.find(
      (m: { role: string; status: string }) => m.role === 'member' && m.status === 'drawn',
    );
    const chair = await request(server, `/api/v1/panels/${panelId}/chair`, {
      cookie: agency,
      json: { expertId: newMember.expertId },
    });
    expect(chair.status).toBe(200);
    expect(
      (await request(server, `/api/v1/panels/missing/chair`, { cookie: agency, json: { expertId: 'x' } }))
        .status,
    ).toBe(404);
  });
});

describe('panel size API', () => {
  it('changes a panel size with PATCH: the unusual-size warning comes back, bad input writes nothing', async () => {
    const created = await request(server, `/api/v1/rounds/${roundId}/panels`, {
      cookie: agency,
      json: { name: '改人数组', fieldGroup: '接口领域', size: 5 },
    });
    expect(created.status).toBe(201);
    const id = (await created.json()).id as string;
    const resized = await request(server, `/api/v1/panels/${id}`, {
      method: 'PATCH',
      cookie: agency,
      json: { size: 6 },
    });
    expect(resized.status).toBe(200);
    expect(await resized.json()).toMatchObject({
      panel: { size: 6, sizeWarning: '专家组人数为6人，通常为5、7或9人' },
      warnings: [{ code: 'unusual_size' }],
      drawCleared: false,
    });
    const events = await prisma.auditEvent.count();
    for (const json of [{ size: '七' }, { size: 0 }, { size: 7, extra: 1 }, {}]) {
      const bad = await request(server, `/api/v1/panels/${id}`, { method: 'PATCH', cookie: agency, json });
      expect(bad.status, JSON.stringify(json)).toBe(400);
    }
    expect(await prisma.auditEvent.count()).toBe(events);
    expect((await prisma.panel.findUniqueOrThrow({ where: { id } })).size).toBe(6);
    const missing = await request(server, '/api/v1/panels/missing', {
      method: 'PATCH',
      cookie: agency,
      json: { size: 5 },
    });
    expect(missing.status).toBe(404);
    const post = await request(server, `/api/v1/panels/${id}`, { cookie: agency, json: { size: 5 } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, PATCH');
  });
});
