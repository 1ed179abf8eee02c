import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { verifyAuditChain } from '#app/models/audit.server';
import {
  createPanel,
  drawPanelExperts,
  getPanel,
  replacePanelExpert,
  replayPanelDraw,
  setPanelChair,
} from '#app/models/panel.server';
import { ACTOR, makeExpert, makeItem, makeOrganisation, makeRound } from './fixtures';

let roundId: string;
let hostName: string;

beforeAll(async () => {
  const round = await makeRound();
  roundId = round.id;
  const parent = await makeOrganisation('四川省机械工业集团有限公司');
  const host = await makeOrganisation('四川省机械研究设计院', parent.id);
  hostName = host.name;
  await makeItem(roundId, host.id, '四川省装备检验检测服务平台', '装备');
  for (let i = 0; i < 10; i++)
    await makeExpert(`ZB${String(i).padStart(2, '0')}`, ['装备'], {
      title: i === 7 ? '正高级工程师' : '高级工程师',
    });
  // Conflicted with the 装备 item: works at its unit; relative at its parent; inactive.
  await makeExpert('ZB90', ['装备'], { organisation: '四川省机械研究设计院' });
  await makeExpert('ZB91', ['装备'], {
    conflicts: [{ kind: 'relative', organisationName: '四川省机械工业集团有限公司' }],
  });
  await makeExpert('ZB92', ['装备'], { active: false });
  for (let i = 0; i < 3; i++) await makeExpert(`XC${i}`, ['新材料']);
});

async function expertIdsByCode(codes: string[]) {
  const rows = await prisma.expert.findMany({ where: { code: { in: codes } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

describe('panel draw', () => {
  it('draws members and backups from the field, leaving out conflicted and inactive experts, and records the seed', async () => {
    const created = await createPanel(ACTOR, roundId, {
      name: '第一组（装备）',
      fieldGroup: '装备',
      size: 5,
    });
    if (!created?.ok) throw new Error('panel not created');
    const drawn = await drawPanelExperts(ACTOR, created.value.id, {
      seed: 'seed-2026-1',
      backups: 2,
      chair: { kind: 'highest_title' },
      excludeConflicted: true,
    });
    if (!drawn?.ok) throw new Error(JSON.stringify(drawn));
    const panel = drawn.value.panel;
    expect(panel.state).toBe('drawn');
    expect(panel.drawSeed).toBe('seed-2026-1');
    expect(panel.members.filter((m) => m.role !== 'backup')).toHaveLength(5);
    expect(panel.members.filter((m) => m.role === 'backup')).toHaveLength(2);
    expect(panel.members.filter((m) => m.role === 'chair')).toHaveLength(1);
    const excluded = await expertIdsByCode(['ZB90', 'ZB91', 'ZB92', 'XC0', 'XC1', 'XC2']);
    for (const m of panel.members) expect(excluded.has(m.expertId)).toBe(false);

    const record = JSON.parse(
      (await prisma.panel.findUniqueOrThrow({ where: { id: panel.id } })).drawFilter!,
    );
    const reasons = record.excluded.map((e: { reason: string }) => e.reason).sort();
    expect(reasons).toEqual([
      '与本组评审对象「四川省装备检验检测服务平台」需回避：专家现工作单位即申报单位「四川省机械研究设计院」',
      '与本组评审对象「四川省装备检验检测服务平台」需回避：专家近亲属任职于申报单位「四川省机械研究设计院」的上级单位「四川省机械工业集团有限公司」',
      '本轮不可参加评审',
    ]);
    expect(hostName).toBe('四川省机械研究设计院');

    const replay = await replayPanelDraw(panel.id);
    expect(replay).toMatchObject({ ok: true, value: { matches: true, seed: 'seed-2026-1' } });
    const events = await prisma.auditEvent.findMany({ where: { entity: 'Panel', entityId: panel.id } });
    expect(events.map((e) => e.action)).toEqual(['panel.create', 'panel.draw']);
  });

  it('gives the same panel for the same seed, and a warning for an unusual size', async () => {
    const a = await createPanel(ACTOR, roundId, { name: '复核组A', fieldGroup: '装备', size: 4 });
    const b = await createPanel(ACTOR, roundId, { name: '复核组B', fieldGroup: '装备', size: 4 });
    if (!a?.ok || !b?.ok) throw new Error('panels not created');
    // Drawn one after the other, B would exclude A's experts; draw A, read it, redraw A into B's seat.
    const first = await drawPanelExperts(ACTOR, a.value.id, {
      seed: 'same',
      backups: 0,
      chair: { kind: 'first_drawn' },
      excludeConflicted: false,
    });
    if (!first?.ok) throw new Error(JSON.stringify(first));
    expect(first.value.warnings.map((w) => w.code)).toContain('unusual_size');
    const again = await drawPanelExperts(ACTOR, a.value.id, {
      seed: 'same',
      backups: 0,
      chair: { kind: 'first_drawn' },
      excludeConflicted: false,
    });
    if (!again?.ok) throw new Error(JSON.stringify(again));
    expect(again.value.panel.members.map((m) => m.expertId)).toEqual(
      first.value.panel.members.map((m) => m.expertId),
    );
    const events = await prisma.auditEvent.findMany({
      where: { entityId: a.value.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual(['panel.create', 'panel.draw', 'panel.redraw']);
    await prisma.panelMember.deleteMany({ where: { panelId: { in: [a.value.id, b.value.id] } } });
    await prisma.panel.deleteMany({ where: { id: { in: [a.value.id, b.value.id] } } });
  });

  it('refuses a draw from too small a pool and writes nothing', async () => {
    const created = await createPanel(ACTOR, roundId, { name: '新材料组', fieldGroup: '新材料', size: 5 });
    if (!created?.ok) throw new Error('panel not created');
    const before = await prisma.auditEvent.count();
    const drawn = await drawPanelExperts(ACTOR, created.value.id, {
      seed: 'x',
      backups: 2,
      chair: { kind: 'first_drawn' },
      excludeConflicted: true,
    });
    expect(drawn).toEqual({
      ok: false,
      problems: [
        {
          code: 'pool_too_small',
          message: '符合条件的专家（领域：新材料）仅3人，不足专家组人数5人；另有13人未入选：领域不符13人',
        },
      ],
    });
    expect(await prisma.auditEvent.count()).toBe(before);
    expect((await getPanel(created.value.id))?.members).toEqual([]);
  });

  it('tells apart, when the pool is too small, experts on another panel from recused and inactive ones', async () => {
    // 第一组（装备） holds 7 of the 10 free 装备 experts; ZB90 and ZB91 are conflicted, ZB92 inactive.
    const created = await createPanel(ACTOR, roundId, {
      name: '第二组（装备）',
      fieldGroup: '装备',
      size: 5,
    });
    if (!created?.ok) throw new Error('panel not created');
    const drawn = await drawPanelExperts(ACTOR, created.value.id, {
      seed: 'y',
      backups: 0,
      chair: { kind: 'first_drawn' },
      excludeConflicted: true,
    });
    expect(drawn).toEqual({
      ok: false,
      problems: [
        {
          code: 'pool_too_small',
          message:
            '符合条件的专家（领域：装备）仅3人，不足专家组人数5人；另有13人未入选：回避2人，已在其他专家组7人，停用或不可参加1人，领域不符3人',
        },
      ],
    });
    await prisma.panel.delete({ where: { id: created.value.id } });
  });

  it('refuses a second panel with the same name in the round', async () => {
    expect(
      await createPanel(ACTOR, roundId, { name: '新材料组', fieldGroup: '新材料', size: 5 }),
    ).toMatchObject({
      ok: false,
      problems: [{ code: 'panel_name_taken' }],
    });
  });

  it('leaves experts already on a panel out of the next draw', async () => {
    const first = (await prisma.panel.findFirstOrThrow({ where: { name: '第一组（装备）' } })).id;
    const taken = new Set((await getPanel(first))!.members.map((m) => m.expertId));
    const created = await createPanel(ACTOR, roundId, {
      name: '第二组（装备）',
      fieldGroup: '装备',
      size: 3,
    });
    if (!created?.ok) throw new Error('panel not created');
    const drawn = await drawPanelExperts(ACTOR, created.value.id, {
      seed: 'two',
      backups: 0,
      chair: { kind: 'first_drawn' },
      excludeConflicted: true,
    });
    if (!drawn?.ok) throw new Error(JSON.stringify(drawn));
    for (const m of drawn.value.panel.members) expect(taken.has(m.expertId)).toBe(false);
  });

  it('replaces a drawn member with the next backup, keeping the reason, and replay still matches', async () => {
    const panelId = (await prisma.panel.findFirstOrThrow({ where: { name: '第一组（装备）' } })).id;
    const panel = (await getPanel(panelId))!;
    const out = panel.members.find((m) => m.role === 'member')!;
    const firstBackup = panel.members
      .filter((m) => m.role === 'backup')
      .sort((x, y) => x.drawOrder - y.drawOrder)[0];
    const replaced = await replacePanelExpert(ACTOR, panelId, {
      expertId: out.expertId,
      reason: '因病无法参加',
    });
    if (!replaced?.ok) throw new Error(JSON.stringify(replaced));
    const after = replaced.value.members;
    expect(after.find((m) => m.expertId === out.expertId)).toMatchObject({
      status: 'replaced',
      replacedReason: '因病无法参加',
      replacedByName: firstBackup.name,
    });
    expect(after.find((m) => m.expertId === firstBackup.expertId)).toMatchObject({
      role: 'member',
      status: 'drawn',
    });
    expect(await replayPanelDraw(panelId)).toMatchObject({ ok: true, value: { matches: true } });

    expect(
      await replacePanelExpert(ACTOR, panelId, { expertId: out.expertId, reason: '再次替换' }),
    ).toMatchObject({
      ok: false,
      problems: [{ code: 'not_member' }],
    });
    expect(
      await replacePanelExpert(ACTOR, panelId, { expertId: firstBackup.expertId, reason: '  ' }),
    ).toMatchObject({
      ok: false,
      problems: [{ code: 'reason_missing' }],
    });
  });

  it('lets the agency choose the chair among current members only', async () => {
    const panelId = (await prisma.panel.findFirstOrThrow({ where: { name: '第一组（装备）' } })).id;
    const panel = (await getPanel(panelId))!;
    const member = panel.members.find((m) => m.role === 'member' && m.status === 'drawn')!;
    const set = await setPanelChair(ACTOR, panelId, member.expertId);
    if (!set?.ok) throw new Error(JSON.stringify(set));
    expect(set.value.members.filter((m) => m.role === 'chair').map((m) => m.expertId)).toEqual([
      member.expertId,
    ]);
    const backup = panel.members.find((m) => m.role === 'backup' && m.status === 'drawn');
    if (backup) {
      expect(await setPanelChair(ACTOR, panelId, backup.expertId)).toMatchObject({
        ok: false,
        problems: [{ code: 'chair_not_member', message: `「${backup.name}」不是本组在任成员，不能担任组长` }],
      });
    }
  });

  it('detects a tampered draw record on replay', async () => {
    const panelId = (await prisma.panel.findFirstOrThrow({ where: { name: '第二组（装备）' } })).id;
    const row = await prisma.panel.findUniqueOrThrow({ where: { id: panelId } });
    await prisma.panel.update({ where: { id: panelId }, data: { drawSeed: `${row.drawSeed}-edited` } });
    const replay = await replayPanelDraw(panelId);
    expect(replay?.ok && replay.value.matches).toBe(false);
    await prisma.panel.update({ where: { id: panelId }, data: { drawSeed: row.drawSeed } });
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
