import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { previewImport } from '#app/utils/xlsx/import-preview';
import { MAX_FILE_BYTES } from '#app/utils/xlsx/read-workbook';
import { getPreset } from '#seeds/presets/index';
import { applicationRows, filledWorkbook, randomBytes } from '#tests/fixtures/xlsx/factory';
import { makeItem, makeOrganisation } from '#tests/integration/panels/fixtures';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';

let server: TestServer;
let cookie: string;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  server = await startTestServer();
  cookie = await login(server, 'agency');
}, 600_000);

afterAll(async () => {
  await server?.close();
});

function upload(path: string, bytes: Buffer) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': XLSX_TYPE },
    body: new Uint8Array(bytes),
  });
}

describe('rounds API and pages', () => {
  it('creates a round, serves its template, previews and commits an import, lists items and records a decision', async () => {
    const bad = await request(server, '/api/v1/rounds', {
      cookie,
      json: {
        presetId: 'sichuan-2025-recognition',
        name: '测试认定',
        year: 2026,
        window: '2021年7月1日至2022年6月31日',
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors.window).toBe(
      '统计区间：结束日期2022年6月31日不是有效日期：6月只有30天',
    );

    const created = await request(server, '/api/v1/rounds', {
      cookie,
      json: {
        presetId: 'sichuan-2025-recognition',
        name: '2026年四川省产业技术基础公共服务平台认定',
        year: 2026,
        batch: 3,
      },
    });
    expect(created.status).toBe(201);
    const { round } = (await created.json()) as { round: { id: string } };

    const template = await request(server, `/api/v1/rounds/${round.id}/template`, { cookie });
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toBe(XLSX_TYPE);
    const blank = Buffer.from(await template.arrayBuffer());
    expect((await previewImport(blank, 'application', { asOf: '2026-12-31' })).problems).toEqual([]);

    const bytes = filledWorkbook(
      'application',
      applicationRows(4),
      getPreset('sichuan-2025-recognition')?.eligibility,
    );
    const itemsBefore = await prisma.item.count();
    const dry = await upload(`/api/v1/rounds/${round.id}/import?dryRun=1&fileName=sq.xlsx`, bytes);
    expect(dry.status).toBe(200);
    const { preview } = (await dry.json()) as { preview: { canCommit: boolean; units: unknown[] } };
    expect(preview).toMatchObject({ canCommit: true });
    expect(preview.units).toHaveLength(4);
    expect(await prisma.item.count()).toBe(itemsBefore);

    const commit = await upload(`/api/v1/rounds/${round.id}/import?fileName=sq.xlsx`, bytes);
    expect(commit.status).toBe(201);
    expect(await commit.json()).toMatchObject({ created: 4, updated: 0 });

    const items = await request(server, `/api/v1/rounds/${round.id}/items?overall=eligible`, { cookie });
    const list = (await items.json()) as { items: { id: string; eligibility: { overall: string } }[] };
    expect(list.items).toHaveLength(4);

    const decision = await request(server, `/api/v1/rounds/${round.id}/items/${list.items[0].id}/decision`, {
      cookie,
      json: { decision: 'excluded' },
    });
    expect(decision.status).toBe(400);
    expect((await decision.json()).fieldErrors.reason).toBe('不予受理须填写理由');
    const ok = await request(server, `/api/v1/rounds/${round.id}/items/${list.items[0].id}/decision`, {
      cookie,
      json: { decision: 'admitted' },
    });
    expect(await ok.json()).toEqual({ ok: true, decision: 'admitted' });

    const detail = (await (await request(server, `/api/v1/rounds/${round.id}`, { cookie })).json()) as {
      round: {
        scheme: { version: number; definition: { scheme: { rubric: { criteria: { id: string }[] } } } };
      };
    };
    const criteria = detail.round.scheme.definition.scheme.rubric.criteria;
    const patched = await request(server, `/api/v1/rounds/${round.id}`, {
      method: 'PATCH',
      cookie,
      json: { rubric: { criteria: [...criteria].reverse() }, schemeVersion: detail.round.scheme.version },
    });
    expect(patched.status).toBe(200);
    const stale = await request(server, `/api/v1/rounds/${round.id}`, {
      method: 'PATCH',
      cookie,
      json: { rubric: { criteria }, schemeVersion: detail.round.scheme.version },
    });
    expect(stale.status).toBe(409);

    for (const page of [
      '/rounds',
      '/rounds/new',
      `/rounds/${round.id}`,
      `/rounds/${round.id}/import`,
      `/rounds/${round.id}/items`,
      `/rounds/${round.id}/panels`,
      `/rounds/${round.id}/assignments`,
      `/rounds/${round.id}/progress`,
    ]) {
      const response = await request(server, page, { cookie });
      expect(response.status, page).toBe(200);
      // Every page below a round: 首页 / 评审工作 / <round name> / <page>.
      if (page.startsWith(`/rounds/${round.id}`)) {
        const html = await response.clone().text();
        expect(html, page).toContain('data-testid="breadcrumb"');
        expect(html, page).toContain('首页');
      }
    }
  }, 120_000);

  it('edits round facts by API and on the round page with the same rules; year and window lock once scoring starts', async () => {
    const make = async (name: string) => {
      const res = await request(server, '/api/v1/rounds', {
        cookie,
        json: { presetId: 'sichuan-2025-annual', name, year: 2026, window: '2025-01-01至2025-12-31' },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { round: { id: string } }).round.id;
    };
    const other = await make('2026年度年度评价（已有名称）');
    const id = await make('2026年度年度评价（编辑）');
    const patch = (json: unknown) =>
      request(server, `/api/v1/rounds/${id}`, { method: 'PATCH', cookie, json });
    // The round page's own action, posted as the browser's form would be (document request).
    const page = (form: Record<string, string>) => request(server, `/rounds/${id}?index`, { cookie, form });
    const read = async () =>
      (
        (await (await request(server, `/api/v1/rounds/${id}`, { cookie })).json()) as {
          round: Record<string, unknown>;
        }
      ).round;

    const order = await patch({ deadlines: { applicationsClose: '2026-04-30', noticeStart: '2026-03-01' } });
    expect(order.status).toBe(400);
    expect((await order.json()).fieldErrors).toEqual({
      'deadlines.noticeStart': '公示开始（2026-03-01）不能早于申报截止（2026-04-30）',
    });

    // A valid rubric with a refused name: neither is written.
    const detail = (await (await request(server, `/api/v1/rounds/${id}`, { cookie })).json()) as {
      round: { scheme: { version: number; definition: { scheme: { rubric: { criteria: unknown[] } } } } };
    };
    const criteria = detail.round.scheme.definition.scheme.rubric.criteria;
    const clash = await patch({
      name: '2026年度年度评价（已有名称）',
      rubric: { criteria: [...criteria].reverse() },
      schemeVersion: detail.round.scheme.version,
    });
    expect(clash.status).toBe(400);
    const after = (await (await request(server, `/api/v1/rounds/${id}`, { cookie })).json()) as typeof detail;
    expect(after.round.scheme.version).toBe(detail.round.scheme.version);
    expect(other).not.toBe(id);

    const facts = {
      intent: 'facts',
      name: '2026年度年度评价（页面编辑）',
      year: '2026',
      batch: '第二批',
      window: '2021年7月1日至2022年6月31日',
      'deadlines.applicationsClose': '2026-04-30',
      'deadlines.reviewEnd': '',
      'deadlines.defenceStart': '',
      'deadlines.noticeStart': '2026-07-01',
    };
    expect((await page(facts)).status).toBe(400);
    expect(await read()).toMatchObject({ name: '2026年度年度评价（编辑）', windowEnd: '2025-12-31' });
    expect((await page({ ...facts, window: '2021年7月1日至2022年6月30日' })).status).toBe(200);
    expect(await read()).toMatchObject({
      name: '2026年度年度评价（页面编辑）',
      windowEnd: '2022-06-30',
      batch: 2,
      batchLabel: '第二批',
    });
    // The API reads 批次 the same way: 一 is batch 1, and nonsense names the field.
    expect((await (await patch({ batch: '一' })).json()).round).toMatchObject({
      batch: 1,
      batchLabel: '第一批',
    });
    const nonsense = await patch({ batch: '第A批' });
    expect(nonsense.status).toBe(400);
    expect((await nonsense.json()).fieldErrors.batch).toMatch(/^批次“第A批”无法识别/);
    expect((await patch({ batch: 2 })).status).toBe(200);

    // Refused with the reason while nothing is admitted; accepted once an item is.
    const early = await page({ intent: 'start-scoring' });
    expect(early.status).toBe(409);
    expect(await read()).toMatchObject({ state: 'draft' });
    const unit = await makeOrganisation('编辑测试单位');
    await makeItem(id, unit.id, '编辑测试平台', '检测', 'admitted');
    expect((await page({ intent: 'start-scoring' })).status).toBe(200);
    const locked = await patch({ window: '2025-01-01至2025-12-31' });
    expect(locked.status).toBe(409);
    expect((await locked.json()).fieldErrors).toEqual({
      window: '已进入专家评审，统计区间不能再修改（专家按该区间的数据评分）',
    });
    const renamed = await patch({
      name: '2026年度年度评价（开评后改名）',
      deadlines: { noticeStart: '2026-07-15' },
    });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).round).toMatchObject({
      name: '2026年度年度评价（开评后改名）',
      state: 'scoring',
      windowStart: '2021-07-01',
      windowEnd: '2022-06-30',
      batch: 2,
      deadlines: { noticeStart: '2026-07-15' },
    });
  }, 120_000);

  it('refuses non-xlsx and oversized uploads with a clear message and writes nothing', async () => {
    const created = await request(server, '/api/v1/rounds', {
      cookie,
      json: { presetId: 'sichuan-2025-annual', name: '上传限制测试', year: 2026 },
    });
    const { round } = (await created.json()) as { round: { id: string } };
    const before = await prisma.item.count();
    const notXlsx = await upload(`/api/v1/rounds/${round.id}/import`, randomBytes(2048));
    expect(notXlsx.status).toBe(400);
    expect((await notXlsx.json()).error).toMatch(/^文件不是 xlsx 格式/);
    const tooBig = await upload(`/api/v1/rounds/${round.id}/import`, Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error).toBe('文件超过10MB上限，请拆分为多个文件分批导入');
    expect(await prisma.item.count()).toBe(before);
  });

  it('keeps experts out: no round:manage, no import', async () => {
    const expert = await login(server, 'expert');
    const response = await request(server, '/api/v1/rounds', {
      cookie: expert,
      json: { presetId: 'sichuan-2025-annual' },
    });
    expect(response.status).toBe(403);
  });
});
