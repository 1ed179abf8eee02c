import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { verifyAuditChain } from '#app/models/audit.server';
import {
  assignItems,
  autoAssign,
  expertItemAccess,
  listRoundAssignments,
  unassignItem,
} from '#app/models/assignment.server';
import { createPanel, drawPanelExperts, getPanel } from '#app/models/panel.server';
import { roundProgress } from '#app/models/progress.server';
import { ACTOR, makeExpert, makeItem, makeOrganisation, makeRound } from './fixtures';

let roundId: string;
let testPanel: string;
const item: Record<string, string> = {};
const expert: Record<string, string> = {};

async function drawn(name: string, fieldGroup: string, size: number, seed: string) {
  const created = await createPanel(ACTOR, roundId, { name, fieldGroup, size });
  if (!created?.ok) throw new Error('panel not created');
  const result = await drawPanelExperts(ACTOR, created.value.id, {
    seed,
    backups: 0,
    chair: { kind: 'first_drawn' },
    excludeConflicted: false,
  });
  if (!result?.ok) throw new Error(JSON.stringify(result));
  return created.value.id;
}

beforeAll(async () => {
  roundId = (await makeRound()).id;
  const u1 = await makeOrganisation('成都检测研究院');
  const u2 = await makeOrganisation('绵阳计量测试中心');
  const u3 = await makeOrganisation('德阳质检所');
  const u4 = await makeOrganisation('成都检测研究院德阳分院', u1.id);
  const u5 = await makeOrganisation('宜宾材料研究所');
  item.i1 = (await makeItem(roundId, u1.id, '成都检测服务平台', '检测')).id;
  item.i2 = (await makeItem(roundId, u2.id, '绵阳计量服务平台', '检测')).id;
  const i3 = await makeItem(roundId, u3.id, '德阳质检服务平台', '检测');
  item.i3 = i3.id;
  item.i4 = (await makeItem(roundId, u4.id, '德阳分院检测平台', '检测')).id;
  item.excluded = (await makeItem(roundId, u2.id, '不予受理平台', '检测', 'excluded')).id;
  for (let k = 0; k < 5; k++) item[`m${k}`] = (await makeItem(roundId, u5.id, `材料平台${k}`, '材料')).id;

  expert.a = (await makeExpert('JC-A', ['检测'], { organisation: '成都检测研究院' })).id;
  expert.b = (
    await makeExpert('JC-B', ['检测'], {
      conflicts: [{ kind: 'formerEmployer', organisationName: '成都检测研究院', untilYear: 2024 }],
    })
  ).id;
  expert.c = (
    await makeExpert('JC-C', ['检测'], {
      conflicts: [
        { kind: 'relative', organisationName: '绵阳计量测试中心' },
        { kind: 'relative', organisationName: '成都检测研究院德阳分院' },
      ],
    })
  ).id;
  expert.d = (
    await makeExpert('JC-D', ['检测'], {
      conflicts: [
        { kind: 'declared', platformId: i3.platformId, note: '曾为该平台提供咨询' },
        { kind: 'formerEmployer', organisationName: '德阳质检所', untilYear: 2020 },
      ],
    })
  ).id;
  expert.e = (await makeExpert('JC-E', ['检测'])).id;
  for (let k = 0; k < 6; k++) await makeExpert(`CL-${k}`, ['材料']);

  testPanel = await drawn('检测组', '检测', 5, 'jc');
  await drawn('材料一组', '材料', 3, 'cl-1');
  await drawn('材料二组', '材料', 3, 'cl-2');
});

describe('assignment', () => {
  it('refuses the whole batch when one item would leave the panel below quorum, writing nothing', async () => {
    const before = await prisma.auditEvent.count();
    const result = await assignItems(ACTOR, testPanel, [item.i1, item.i2, item.i4]);
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0].itemId).toBe(item.i4);
      const message = result.problems[0].message;
      expect(message.startsWith('专家组「检测组」评审「德阳分院检测平台」时有3人回避（')).toBe(true);
      expect(message).toContain(
        '专家JC-A：专家现工作单位是申报单位「成都检测研究院德阳分院」的上级单位「成都检测研究院」',
      );
      expect(message).toContain(
        '专家JC-B：专家近3年内（至2024年）曾任职于申报单位「成都检测研究院德阳分院」的上级单位',
      );
      expect(message).toContain('专家JC-C：专家近亲属任职于申报单位「成都检测研究院德阳分院」');
      expect(message.endsWith('），仅剩2人参与评分，低于法定人数3人，不能分配')).toBe(true);
    }
    expect(await prisma.assignment.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(before);
  });

  it('assigns in bulk, recording every recusal with its reason', async () => {
    const result = await assignItems(ACTOR, testPanel, [item.i1, item.i2, item.i3]);
    expect(result).toMatchObject({ ok: true, value: { recusals: 4 } });
    const view = (await listRoundAssignments(roundId))!;
    const row = (id: string) => view.items.find((i) => i.id === id)!;
    expect(row(item.i1).panel?.name).toBe('检测组');
    expect(
      row(item.i1)
        .recusals.map((r) => r.name)
        .sort(),
    ).toEqual(['专家JC-A', '专家JC-B']);
    expect(row(item.i1).recusals.find((r) => r.expertId === expert.b)?.reason).toBe(
      '专家近3年内（至2024年）曾任职于申报单位「成都检测研究院」',
    );
    expect(row(item.i3).recusals).toEqual([
      {
        expertId: expert.d,
        name: '专家JC-D',
        reason: '专家申报与平台「德阳质检服务平台」存在利益关系（曾为该平台提供咨询）',
      },
    ]);
    const kinds = await prisma.assignmentRecusal.findMany({
      select: { kind: true },
      orderBy: { kind: 'asc' },
    });
    expect(kinds.map((k) => k.kind)).toEqual(['employer', 'formerEmployer', 'relative', 'declared'].sort());
    expect(view.panels.find((p) => p.id === testPanel)).toMatchObject({ load: 3, quorum: 3, members: 5 });
  });

  it('refuses an item already assigned, an excluded item and an empty selection', async () => {
    const again = await assignItems(ACTOR, testPanel, [item.i1, item.excluded]);
    expect(again?.ok === false && again.problems.map((p) => p.code)).toEqual([
      'already_assigned',
      'item_excluded',
    ]);
    expect(again?.ok === false && again.problems[0].message).toBe(
      '评审对象「成都检测服务平台」已分配给「检测组」，请先取消原分配',
    );
    expect(await assignItems(ACTOR, testPanel, [])).toMatchObject({
      ok: false,
      problems: [{ code: 'no_items' }],
    });
    expect(await assignItems(ACTOR, 'missing-panel', [item.i1])).toBeNull();
  });

  it('lets an expert open only assigned, non-recused items', async () => {
    expect(await expertItemAccess(expert.e, item.i1)).toEqual({ allowed: true, panelId: testPanel });
    expect(await expertItemAccess(expert.a, item.i1)).toEqual({
      allowed: false,
      reason: '您须回避该评审对象：专家现工作单位即申报单位「成都检测研究院」',
    });
    expect(await expertItemAccess(expert.e, item.m0)).toEqual({
      allowed: false,
      reason: '该评审对象未分配给您所在的专家组',
    });
  });

  it('auto-assigns all-or-nothing: refuses while one item cannot be placed, then balances the rest', async () => {
    const refused = (await autoAssign(ACTOR, roundId))!;
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems.map((p) => p.itemId)).toEqual([item.i4]);

    await prisma.item.update({ where: { id: item.i4 }, data: { eligibilityDecision: 'excluded' } });
    const result = (await autoAssign(ACTOR, roundId))!;
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.assignments).toHaveLength(5);
    const view = (await listRoundAssignments(roundId))!;
    const loads = view.panels
      .filter((p) => p.fieldGroup === '材料')
      .map((p) => p.load)
      .sort();
    expect(loads).toEqual([2, 3]);
    expect(await autoAssign(ACTOR, roundId)).toMatchObject({ ok: false, problems: [{ code: 'no_items' }] });
  });

  it('reports progress per panel and per expert', async () => {
    await prisma.scoreSheet.create({
      data: { roundId, itemId: item.i1, expertId: expert.e, panelId: testPanel, state: 'submitted' },
    });
    await prisma.scoreSheet.create({
      data: { roundId, itemId: item.i1, expertId: expert.c, panelId: testPanel, state: 'draft' },
    });
    await prisma.scoreSheet.create({
      data: { roundId, itemId: item.i2, expertId: expert.d, panelId: testPanel, state: 'locked' },
    });
    const progress = await roundProgress(roundId);
    const panel = progress!.panels.find((p) => p.panelId === testPanel)!;
    expect(panel).toMatchObject({ items: 3, expected: 11, drafted: 1, submitted: 2, completeItems: 0 });
    expect(panel.experts.find((e) => e.expertId === expert.a)).toMatchObject({
      expected: 2,
      recused: 1,
      drafted: 0,
      submitted: 0,
    });
    expect(panel.experts.find((e) => e.expertId === expert.e)).toMatchObject({
      expected: 3,
      submitted: 1,
      role: 'member',
    });
    expect(progress).toMatchObject({ items: 8, expected: 11 + 5 * 3, drafted: 1, submitted: 2 });
    expect(await roundProgress('missing')).toBeNull();
  });

  it('unassigns an item without submitted sheets, refuses one with', async () => {
    expect(await unassignItem(ACTOR, testPanel, item.i3)).toEqual({ ok: true, value: true });
    expect(await unassignItem(ACTOR, testPanel, item.i1)).toMatchObject({
      ok: false,
      problems: [{ code: 'already_scored', message: '「成都检测服务平台」已有1份评分表提交，不能取消分配' }],
    });
    expect(await unassignItem(ACTOR, testPanel, item.i3)).toBeNull();
    expect((await getPanel(testPanel))!.assignments).toBe(2);
  });

  it('refuses to redraw a panel that has assignments', async () => {
    expect(
      await drawPanelExperts(ACTOR, testPanel, {
        seed: 'new',
        backups: 0,
        chair: { kind: 'first_drawn' },
        excludeConflicted: false,
      }),
    ).toMatchObject({ ok: false, problems: [{ code: 'panel_has_assignments' }] });
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
