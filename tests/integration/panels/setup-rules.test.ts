// Round setup as users hit it (issue 8 §3): items not admitted never reach experts, and a conflict
// declared after assignment is applied at once (or refused when it would break the quorum).
import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { verifyAuditChain } from '#app/models/audit.server';
import { assignItems, autoAssign, expertItemAccess } from '#app/models/assignment.server';
import { getExpert, updateExpert } from '#app/models/expert.server';
import { decideEligibility } from '#app/models/item.server';
import { createPanel, drawPanelExperts } from '#app/models/panel.server';
import { roundProgress } from '#app/models/progress.server';
import { loadHome } from '#app/routes/__home.server';
import type { ExpertInput } from '#app/utils/expert-schema';
import { ACTOR, makeExpert, makeItem, makeOrganisation, makeRound } from './fixtures';

let roundId: string;
let panelId: string;
const item: Record<string, string> = {};

beforeAll(async () => {
  roundId = (await makeRound()).id;
  const unit = await makeOrganisation('泸州检测院');
  const other = await makeOrganisation('南充检测院');
  item.admitted = (await makeItem(roundId, unit.id, '泸州检测平台', '检测')).id;
  item.second = (await makeItem(roundId, other.id, '南充检测平台', '检测')).id;
  item.pending = (await makeItem(roundId, other.id, '待定平台', '检测', 'pending')).id;
  for (const code of ['LZ-1', 'LZ-2', 'LZ-3', 'LZ-4']) await makeExpert(code, ['检测']);
  const created = await createPanel(ACTOR, roundId, { name: '检测组', fieldGroup: '检测', size: 4 });
  if (!created?.ok) throw new Error('panel not created');
  panelId = created.value.id;
  const drawn = await drawPanelExperts(ACTOR, panelId, {
    seed: 'setup',
    backups: 0,
    chair: { kind: 'first_drawn' },
    excludeConflicted: false,
  });
  if (!drawn?.ok) throw new Error(JSON.stringify(drawn));
});

describe('items not admitted (待定, 不予受理)', () => {
  it('are refused by a manual assignment with a message naming the item', async () => {
    const result = await assignItems(ACTOR, panelId, [item.pending]);
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'item_pending', itemId: item.pending }] });
    expect(result?.ok === false && result.problems[0].message).toBe(
      '评审对象「待定平台」形式审查待定，须先作出“准予进入评审”结论才能分配',
    );
    expect(await prisma.assignment.count({ where: { itemId: item.pending } })).toBe(0);
  });

  it('are left out of automatic assignment', async () => {
    const result = await autoAssign(ACTOR, roundId);
    expect(result?.ok).toBe(true);
    const assigned = await prisma.assignment.findMany({ where: { panelId }, select: { itemId: true } });
    expect(assigned.map((a) => a.itemId).sort()).toEqual([item.admitted, item.second].sort());
  });

  it('assigned before this rule (old data) reach no expert: progress, home and item access skip them', async () => {
    await prisma.assignment.create({ data: { panelId, itemId: item.pending, order: 99 } });
    const progress = (await roundProgress(roundId))!;
    expect(progress.items).toBe(2);
    expect(progress.expected).toBe(2 * 4);
    const member = await prisma.panelMember.findFirstOrThrow({
      where: { panelId },
      select: { expertId: true },
    });
    expect(await expertItemAccess(member.expertId, item.pending)).toMatchObject({ allowed: false });
    expect(await expertItemAccess(member.expertId, item.admitted)).toMatchObject({ allowed: true });
    const user = await prisma.user.create({
      data: { username: 'lz-expert', displayName: '泸州专家', passwordHash: 'x' },
      select: { id: true },
    });
    await prisma.expert.update({ where: { id: member.expertId }, data: { userId: user.id } });
    const home = await loadHome({ id: user.id, roles: ['expert'] });
    expect(home.assignments?.map((a) => a.itemId).sort()).toEqual([item.admitted, item.second].sort());
    await prisma.assignment.deleteMany({ where: { itemId: item.pending } });
  });

  it('an assigned item cannot be turned back to 待定 or 不予受理 until it is unassigned', async () => {
    const outcome = await decideEligibility(
      roundId,
      item.second,
      { decision: 'excluded', reason: '材料造假' },
      ACTOR,
      new Date(),
    );
    expect(outcome).toEqual({
      ok: false,
      status: 409,
      message: '该评审对象已分配给「检测组」，请先取消分配再修改形式审查结论',
    });
    const row = await prisma.item.findUniqueOrThrow({ where: { id: item.second } });
    expect(row.eligibilityDecision).toBe('admitted');
  });
});

async function asInput(expertId: string, conflicts: ExpertInput['conflicts']): Promise<ExpertInput> {
  const e = (await getExpert(expertId))!;
  return {
    code: e.code!,
    name: e.name,
    organisationName: e.organisationName,
    title: e.title,
    fields: e.fields,
    region: e.region,
    active: e.active,
    conflicts,
  };
}

describe('a conflict declared after assignment', () => {
  it('recuses the expert from the affected item at once, sets their sheet aside, audited', async () => {
    const [first] = await prisma.panelMember.findMany({
      where: { panelId },
      orderBy: { drawOrder: 'asc' },
      select: { expertId: true },
    });
    await prisma.scoreSheet.create({
      data: { roundId, itemId: item.admitted, expertId: first.expertId, panelId, state: 'draft' },
    });
    const result = await updateExpert(
      ACTOR,
      first.expertId,
      await asInput(first.expertId, [{ kind: 'relative', organisationName: '泸州检测院' }]),
    );
    expect(result?.ok).toBe(true);
    const recusals = await prisma.assignmentRecusal.findMany({
      where: { expertId: first.expertId },
      select: { kind: true, reason: true, assignment: { select: { itemId: true } } },
    });
    expect(recusals).toEqual([
      {
        kind: 'relative',
        reason: '专家近亲属任职于申报单位「泸州检测院」',
        assignment: { itemId: item.admitted },
      },
    ]);
    const sheet = await prisma.scoreSheet.findFirstOrThrow({
      where: { itemId: item.admitted, expertId: first.expertId },
    });
    expect(sheet.recused).toBe(true);
    expect(await expertItemAccess(first.expertId, item.admitted)).toMatchObject({ allowed: false });
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'assignment.recuse' },
      orderBy: { seq: 'desc' },
    });
    expect(JSON.parse(event.after!)).toMatchObject({ expertId: first.expertId, itemId: item.admitted });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('is refused, nothing written, when the recusal would leave the panel below its quorum', async () => {
    const members = await prisma.panelMember.findMany({
      where: { panelId },
      orderBy: { drawOrder: 'asc' },
      select: { expertId: true },
    });
    // One of four is recused already; quorum 3 leaves room for no second recusal on that item.
    const second = members[1].expertId;
    const before = await prisma.auditEvent.count();
    const result = await updateExpert(
      ACTOR,
      second,
      await asInput(second, [{ kind: 'formerEmployer', organisationName: '泸州检测院', untilYear: 2025 }]),
    );
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'recusal_below_quorum' }] });
    expect(result?.ok === false && result.problems[0].message).toContain(
      '专家组「检测组」将仅剩2人参与评分，低于法定人数3人',
    );
    expect((await getExpert(second))!.conflicts).toEqual([]);
    expect(await prisma.assignmentRecusal.count({ where: { expertId: second } })).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(before);
  });
});

describe('the home page', () => {
  it('shows the same progress numbers as the progress board (one function computes both)', async () => {
    const members = await prisma.panelMember.findMany({
      where: { panelId },
      orderBy: { drawOrder: 'asc' },
      select: { expertId: true },
    });
    await prisma.scoreSheet.create({
      data: { roundId, itemId: item.second, expertId: members[2].expertId, panelId, state: 'submitted' },
    });
    const progress = (await roundProgress(roundId))!;
    expect(progress.submitted).toBe(1);
    const home = await loadHome({ id: 'agency-viewer', roles: ['agency'] });
    const row = home.rounds!.find((r) => r.id === roundId)!;
    expect({ submitted: row.submitted, expected: row.expected }).toEqual({
      submitted: progress.submitted,
      expected: progress.expected,
    });
    expect(row.expected).toBe(2 * 4 - 1); // one expert recused from one item
  });
});
