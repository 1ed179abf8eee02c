import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { commitItemsImport, previewItemsImport } from '#app/models/import.server';
import { decideEligibility, decisionSchema, listRoundItems } from '#app/models/item.server';
import { createRound, createRoundSchema, startScoring } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';
import { getPreset } from '#seeds/presets/index';
import {
  annualReportRows,
  applicationRows,
  filledWorkbook,
  usccFor,
  zipThatIsNotXlsx,
} from '#tests/fixtures/xlsx/factory';

let actor: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { username: 'agency-import', displayName: '评价机构', passwordHash: 'x' },
  });
  actor = user.id;
});

async function newRound(presetId: string) {
  const input = createRoundSchema.parse({
    presetId,
    name: `测试评审 ${presetId} ${Math.random().toString(36).slice(2, 8)}`,
    year: 2026,
    window: '2025-01-01至2025-12-31',
  });
  return createRound(input, actor);
}

async function counts() {
  const [items, organisations, platforms, batches, audit] = await Promise.all([
    prisma.item.count(),
    prisma.organisation.count(),
    prisma.platform.count(),
    prisma.importBatch.count(),
    prisma.auditEvent.count(),
  ]);
  return { items, organisations, platforms, batches, audit };
}

describe('importing 申报书 into a recognition round', () => {
  it('previews without writing, commits all units with eligibility, and re-import updates', async () => {
    const round = await newRound('sichuan-2025-recognition');
    const rows = applicationRows(5);
    // Unit 5 falls short of Sichuan's 20 staff.
    rows.人员情况[4] = { ...rows.人员情况[4], staffTotal: 12, qualifiedStaff: 8 };
    const bytes = filledWorkbook('application', rows);

    const before = await counts();
    const preview = await previewItemsImport(round.id, bytes, '申报书.xlsx');
    expect(await counts()).toEqual(before);
    expect(preview).toMatchObject({ canCommit: true, problems: [], kind: 'application' });
    expect(preview?.units.map((u) => u.action)).toEqual(['create', 'create', 'create', 'create', 'create']);
    expect(preview?.units.map((u) => u.eligibility.overall)).toEqual([
      'eligible',
      'eligible',
      'eligible',
      'eligible',
      'ineligible',
    ]);

    const committed = await commitItemsImport(round.id, bytes, '申报书.xlsx', actor);
    expect(committed).toMatchObject({ ok: true, created: 5, updated: 0 });
    const items = await listRoundItems(round.id);
    expect(items).toHaveLength(5);
    expect(
      items.find((i) => i.uscc === usccFor(5))?.eligibility?.rules.find((r) => r.outcome === 'fail')?.label,
    ).toMatch(/20/);
    expect((await prisma.round.findUnique({ where: { id: round.id } }))?.state).toBe('reviewing');

    // Same file again: five updates, no duplicates.
    const again = await commitItemsImport(round.id, bytes, '申报书.xlsx', actor);
    expect(again).toMatchObject({ ok: true, created: 0, updated: 5 });
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(5);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    const ineligible = await listRoundItems(round.id, { overall: 'ineligible' });
    expect(ineligible.map((i) => i.uscc)).toEqual([usccFor(5)]);
    const failedStaff = await listRoundItems(round.id, { outcome: 'fail' });
    expect(failedStaff).toHaveLength(1);
  });

  it('writes nothing when any row has a problem', async () => {
    const round = await newRound('sichuan-2025-recognition');
    const rows = applicationRows(3);
    rows.基本信息[2] = { ...rows.基本信息[2], registeredDate: '2022年6月31日' };
    const before = await counts();
    const outcome = await commitItemsImport(round.id, filledWorkbook('application', rows), 'bad.xlsx', actor);
    expect(outcome?.ok).toBe(false);
    expect(outcome?.preview?.problems.map((p) => p.message)).toEqual([
      '基本信息第4行P列（注册日期）：2022年6月31日不是有效日期：6月只有30天',
    ]);
    expect(await counts()).toEqual(before);

    const notXlsx = await commitItemsImport(round.id, zipThatIsNotXlsx(), 'x.xlsx', actor);
    expect(notXlsx?.ok).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('flags branches of recognised platforms and platforms removed less than 3 years ago', async () => {
    const round = await newRound('sichuan-2025-recognition');
    const parent = await prisma.organisation.create({
      data: { name: '四川省某研究院', uscc: usccFor(9001), region: '四川省' },
    });
    await prisma.platform.create({
      data: {
        name: '四川省某研究院检测平台',
        jurisdiction: 'sichuan',
        category: 'testing',
        status: 'listed',
        organisationId: parent.id,
      },
    });
    const removed = await prisma.organisation.upsert({
      where: { uscc: usccFor(2) },
      create: { name: '四川示例检测技术有限公司2号', uscc: usccFor(2), region: '四川省' },
      update: {},
    });
    await prisma.platform.create({
      data: {
        name: '旧平台',
        jurisdiction: 'sichuan',
        category: 'testing',
        status: 'removed',
        removedYear: 2024,
        bannedUntil: 2027,
        organisationId: removed.id,
      },
    });
    const rows = applicationRows(2);
    rows.基本信息[0] = { ...rows.基本信息[0], parentUscc: usccFor(9001) };
    const preview = await previewItemsImport(round.id, filledWorkbook('application', rows), 'flags.xlsx');
    expect(preview?.units.map((u) => u.flags)).toEqual([['branch_of_listed'], ['removed_within_3_years']]);
    expect(preview?.units[0].eligibility.overall).toBe('ineligible');
  });
});

describe('eligibility decisions (形式审查)', () => {
  it('requires a reason to exclude, or to admit an item that is not eligible; audited; closed once scoring starts', async () => {
    const round = await newRound('sichuan-2025-annual');
    const rows = annualReportRows(2);
    // The round's template adds a 补充数据 sheet for what its rules need beyond the form; unit 1 fills it.
    rows.补充数据 = [{ uscc: usccFor(1), independentLegalPerson: true, staffTotal: 45 }];
    const eligibility = getPreset('sichuan-2025-annual')?.eligibility ?? [];
    const bytes = filledWorkbook('annual_report', rows, eligibility);
    const committed = await commitItemsImport(round.id, bytes, '年度.xlsx', actor);
    expect(committed?.preview?.problems).toEqual([]);
    const [first] = await listRoundItems(round.id);
    const now = new Date('2026-04-01T02:00:00Z');

    expect(decisionSchema.safeParse({ decision: 'excluded', reason: ' ' }).error?.issues[0]).toMatchObject({
      path: ['reason'],
      message: '不予受理须填写理由',
    });
    const excluded = await decideEligibility(
      round.id,
      first.id,
      { decision: 'excluded', reason: '未按期提交审计报告' },
      actor,
      now,
    );
    expect(excluded).toEqual({ ok: true, decision: 'excluded' });
    const event = await prisma.auditEvent.findFirst({
      where: { entityId: first.id, action: 'item.eligibility.decide' },
    });
    expect(JSON.parse(event?.after ?? '{}')).toMatchObject({
      decision: 'excluded',
      reason: '未按期提交审计报告',
    });

    if (first.eligibility?.overall !== 'eligible') {
      expect(await decideEligibility(round.id, first.id, { decision: 'admitted' }, actor, now)).toMatchObject(
        { ok: false, field: 'reason' },
      );
    }
    expect(await decideEligibility(round.id, 'missing', { decision: 'admitted' }, actor, now)).toMatchObject({
      status: 404,
    });

    // Scoring starts only once every item is decided (round.server.ts).
    await prisma.item.updateMany({
      where: { roundId: round.id, eligibilityDecision: 'pending' },
      data: { eligibilityDecision: 'admitted' },
    });
    expect(await startScoring(round.id, actor, now)).toMatchObject({ ok: true });
    expect(await decideEligibility(round.id, first.id, { decision: 'pending' }, actor, now)).toMatchObject({
      status: 409,
    });
    const late = await commitItemsImport(round.id, bytes, '年度.xlsx', actor);
    expect(late?.preview?.problems[0].code).toBe('round_closed');
  });
});
