import '#tests/support/use-test-db';
import XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { commitItemsImport, previewItemsImport, roundTemplate } from '#app/models/import.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';
import { applicationRows, filledWorkbook, usccFor } from '#tests/fixtures/xlsx/factory';

let actor: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { username: 'agency-details', displayName: '评价机构', passwordHash: 'x' },
  });
  actor = user.id;
});

async function newRound(presetId = 'sichuan-2025-recognition') {
  return createRound(
    createRoundSchema.parse({
      presetId,
      name: `明细导入 ${Math.random().toString(36).slice(2, 8)}`,
      year: 2026,
      window: '2025-01-01至2025-12-31',
    }),
    actor,
  );
}

async function itemData(roundId: string, uscc: string) {
  const item = await prisma.item.findFirstOrThrow({
    where: { roundId, organisation: { uscc } },
    select: { id: true, data: true },
  });
  return { id: item.id, data: JSON.parse(item.data) as Record<string, unknown> };
}

// The way another system fills the downloaded template: header text → value, rows appended below.
function fillTemplate(template: Buffer, sheets: Record<string, Record<string, unknown>[]>): Buffer {
  const book = XLSX.read(template, { type: 'buffer' });
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = book.Sheets[name];
    const header = (XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 })[0] as string[]).map((h) =>
      String(h).replace(/^\*/, ''),
    );
    XLSX.utils.sheet_add_aoa(
      ws,
      rows.map((row) => header.map((h) => (h in row ? row[h] : null))),
      { origin: 'A2' },
    );
  }
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

describe('detail rows are kept on the item', () => {
  it('stores operations, projects, cases and equipment, and a re-import after one changed cell updates them', async () => {
    const round = await newRound();
    const rows = applicationRows(2);
    const bytes = filledWorkbook('application', rows);
    expect(await commitItemsImport(round.id, bytes, '申报书.xlsx', actor)).toMatchObject({
      ok: true,
      created: 2,
    });

    const first = await itemData(round.id, usccFor(1));
    const details = first.data.details as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(details).sort()).toEqual(['cases', 'equipment', 'operations', 'projects']);
    expect(details.operations.map((o) => o.year)).toEqual([2023, 2024, 2025]);
    expect(details.cases).toHaveLength(3);
    expect(details.equipment[0]).toMatchObject({
      name: '高低温湿热试验箱',
      quantity: 2,
      value: 120,
      selfMade: false,
    });
    expect(details.projects[0]).toMatchObject({ kind: '省部级项目或工作任务', year: 2024 });
    expect(details.operations[0]).not.toHaveProperty('uscc');

    // The platform corrects one cell (the equipment's name) and sends the same file again.
    rows.仪器设备[0] = { ...rows.仪器设备[0], name: '步入式高低温试验室' };
    const again = await commitItemsImport(
      round.id,
      filledWorkbook('application', rows),
      '申报书.xlsx',
      actor,
    );
    expect(again).toMatchObject({ ok: true, created: 0, updated: 2 });
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(2);
    const after = await itemData(round.id, usccFor(1));
    expect(after.id).toBe(first.id);
    expect((after.data.details as typeof details).equipment[0].name).toBe('步入式高低温试验室');

    // One audit event for the file, with the item's data before and after.
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'import.commit' },
      orderBy: { seq: 'desc' },
    });
    const change = (
      JSON.parse(event.after ?? '{}') as {
        items: {
          itemId: string;
          before?: { data: { details: typeof details } };
          after: { data: { details: typeof details } };
        }[];
      }
    ).items.find((i) => i.itemId === first.id);
    expect(change?.before?.data.details.equipment[0].name).toBe('高低温湿热试验箱');
    expect(change?.after.data.details.equipment[0].name).toBe('步入式高低温试验室');
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('records the created items’ data in the audit event of a first import', async () => {
    const round = await newRound();
    const outcome = await commitItemsImport(
      round.id,
      filledWorkbook('application', applicationRows(1)),
      'a.xlsx',
      actor,
    );
    if (!outcome?.ok) throw new Error('import failed');
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: outcome.batchId } });
    const [created] = (
      JSON.parse(event.after ?? '{}') as { items: { action: string; after: { data: { uscc: string } } }[] }
    ).items;
    expect(created).toMatchObject({ action: 'create', after: { data: { uscc: usccFor(1) } } });
  });
});

describe('re-import safety', () => {
  it('keeps a decision when the eligibility outcome is unchanged and voids it when it changes', async () => {
    const round = await newRound();
    const rows = applicationRows(2);
    await commitItemsImport(round.id, filledWorkbook('application', rows), 'a.xlsx', actor);
    await prisma.item.updateMany({
      where: { roundId: round.id },
      data: { eligibilityDecision: 'admitted', decidedById: actor, decidedAt: new Date() },
    });
    const stamp = await prisma.item.findMany({ where: { roundId: round.id }, orderBy: { importKey: 'asc' } });
    // Unit 2 now falls short of 20 staff: ineligible, so its admission no longer stands.
    rows.人员情况[1] = { ...rows.人员情况[1], staffTotal: 12, qualifiedStaff: 8 };
    const outcome = await commitItemsImport(round.id, filledWorkbook('application', rows), 'b.xlsx', actor);
    expect(outcome).toMatchObject({ ok: true, updated: 2 });
    const items = await prisma.item.findMany({ where: { roundId: round.id }, orderBy: { importKey: 'asc' } });
    expect(items.map((i) => [i.eligibilityDecision, i.decidedById])).toEqual([
      ['admitted', actor],
      ['pending', null],
    ]);
    expect(items.map((i) => i.importBatchId)).toEqual([
      outcome?.ok ? outcome.batchId : '',
      outcome?.ok ? outcome.batchId : '',
    ]);
    expect(items.map((i) => i.kind)).toEqual(['application', 'application']);
    expect(items.every((i, n) => i.updatedAt >= stamp[n].updatedAt)).toBe(true);
    expect(JSON.parse(items[1].data)).toMatchObject({ staffTotal: 12 });
  });

  it('two imports of the same file at once create each item once', async () => {
    const round = await newRound();
    const bytes = filledWorkbook('application', applicationRows(4));
    const outcomes = await Promise.all([
      commitItemsImport(round.id, bytes, 'a.xlsx', actor),
      commitItemsImport(round.id, bytes, 'b.xlsx', actor),
    ]);
    expect(outcomes.map((o) => o?.ok)).toEqual([true, true]);
    expect(outcomes.map((o) => (o?.ok ? o.created : -1)).sort()).toEqual([0, 4]);
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(4);
  });

  it('a file with a problem writes nothing, not even organisations, on a round that already has items', async () => {
    const round = await newRound();
    await commitItemsImport(round.id, filledWorkbook('application', applicationRows(2)), 'a.xlsx', actor);
    const before = await Promise.all([
      prisma.item.findMany({ orderBy: { id: 'asc' } }),
      prisma.organisation.count(),
    ]);
    const rows = applicationRows(3);
    rows.基本信息[2] = { ...rows.基本信息[2], serviceFields: ['装备', '钢铁', '有色、建材'] };
    const outcome = await commitItemsImport(round.id, filledWorkbook('application', rows), 'b.xlsx', actor);
    expect(outcome?.ok).toBe(false);
    expect(outcome?.preview?.problems.map((p) => `${p.sheet}${p.row}${p.column}`)).toEqual(['基本信息4D']);
    expect(
      await Promise.all([prisma.item.findMany({ orderBy: { id: 'asc' } }), prisma.organisation.count()]),
    ).toEqual(before);
  });
});

describe('the downloaded template filled by another system', () => {
  it('imports a 申报书 whose cells were typed the way platforms export them', async () => {
    const round = await newRound();
    const template = await roundTemplate(round.id);
    if (!template) throw new Error('no template');
    const code = usccFor(77);
    const bytes = fillTemplate(template.bytes, {
      基本信息: [
        {
          申报单位: '成都某检测有限公司',
          统一社会信用代码: ` ${code.toLowerCase()} `,
          服务行业领域1: '装备',
          服务行业领域2: '新材料',
          服务范围1: '质量可靠性试验检测',
          平台类别: '检验检测',
          是否具有独立法人资格: true,
          注册日期: new Date(Date.UTC(2012, 4, 8)),
          开始提供相关服务日期: '2013年1月1日',
          平台负责人姓名: '张三',
          申报联系人姓名: '李四',
          申报联系人电话: '028-88888888',
          '技术服务设备原值（万元）': '2,500万元',
        },
      ],
      人员情况: [
        {
          统一社会信用代码: code,
          '专职从业人员总数（人）': '60',
          '硕士及以上学历或中级及以上职称人员比例（%）': '55%',
          '持有从业资格证书的专业人员数（人）': 40,
        },
      ],
      近三年运营: [2023, 2024, 2025].map((year) => ({
        统一社会信用代码: code,
        年度: year,
        '营业收入（万元）': 3000,
        '其中：相关服务收入（万元）': 2400,
      })),
      项目成果: [
        {
          统一社会信用代码: code,
          成果类别: '国家级项目或工作任务',
          项目或成果名称: '某国家项目',
          年度: 2024,
        },
      ],
      服务案例: [1, 2, 3].map((i) => ({
        统一社会信用代码: code,
        服务单位名称: `客户${i}`,
        服务内容: '检测',
      })),
      仪器设备: [
        {
          统一社会信用代码: code,
          '设备、软件或数据资源名称': '试验箱',
          '数量（台套）': 2,
          '原值（万元）': 100,
        },
      ],
    });
    const preview = await previewItemsImport(round.id, bytes, '申报书.xlsx');
    expect(preview?.problems).toEqual([]);
    expect(preview?.units.map((u) => [u.uscc, u.eligibility.overall])).toEqual([[code, 'eligible']]);
    expect(await commitItemsImport(round.id, bytes, '申报书.xlsx', actor)).toMatchObject({
      ok: true,
      created: 1,
    });
    const { data } = await itemData(round.id, code);
    expect(data).toMatchObject({ equipmentValue: 2500, registeredDate: '2012-05-08', seniorStaffRatio: 55 });
  });
});
