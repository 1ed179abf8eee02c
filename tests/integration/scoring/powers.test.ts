// Chair and agency powers over sheets (退回修改, 锁定, 解锁, 缺席): scoped to THAT panel's chair seat,
// audited, recomputed; a locked sheet cannot change.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import {
  canManagePanel,
  lockItem,
  markAbsent,
  reopenSheet,
  saveDraft,
  submitSheet,
  unlockItem,
} from '#app/models/sheet.server';
import { makeScoringRound, scoresFor, sheetOf } from './fixtures';

async function submitPanel(
  r: Awaited<ReturnType<typeof makeScoringRound>>,
  itemId: string,
  skip: number[] = [],
) {
  const scores = await scoresFor(r.roundId);
  for (const [e, expert] of r.panels[0].experts.entries()) {
    if (skip.includes(e)) continue;
    const sheet = await sheetOf(itemId, expert.id);
    const out = await submitSheet(
      expert.user.id,
      sheet.id,
      { version: sheet.version, scores },
      `p-${sheet.id}`,
    );
    if (!out.ok) throw new Error(out.error);
  }
}

describe('chair and agency powers', () => {
  it('canManagePanel: the agency, the chair seat of that panel; not another panel, not the global role', async () => {
    const r = await makeScoringRound({
      panels: [
        { experts: 3, items: 1 },
        { experts: 3, items: 1 },
      ],
    });
    const [p1, p2] = r.panels;
    expect(await canManagePanel(r.agency, p1.id)).toBe(true);
    expect(await canManagePanel(p1.chair, p1.id)).toBe(true);
    expect(await canManagePanel(p1.chair, p2.id)).toBe(false);
    expect(await canManagePanel(p1.experts[1].user, p1.id)).toBe(false);
    // A replaced chair loses the power.
    await prisma.panelMember.updateMany({
      where: { panelId: p1.id, role: 'chair' },
      data: { status: 'replaced' },
    });
    expect(await canManagePanel(p1.chair, p1.id)).toBe(false);
  });

  it('locks only a complete item, naming who is missing; locked sheets refuse every change until the agency unlocks', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 1 }] });
    const [p] = r.panels;
    const item = r.items[0].id;
    await submitPanel(r, item, [2]);
    const refused = await lockItem(p.chair, p.id, item);
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(!refused.ok && refused.error).toContain(p.experts[2].name);
    await submitPanel({ ...r, panels: [{ ...p, experts: [p.experts[2]] }] }, item);
    expect(await lockItem(p.experts[1].user, p.id, item)).toMatchObject({ ok: false, status: 403 });
    expect(await lockItem(p.chair, p.id, item)).toEqual({ ok: true, locked: 3 });
    const result = await prisma.result.findUniqueOrThrow({ where: { itemId: item } });
    expect(result).toMatchObject({ locked: true, provisional: false });
    const sheet = await sheetOf(item, p.experts[1].id);
    expect(sheet.state).toBe('locked');
    expect(await reopenSheet(p.chair, sheet.id, '复核')).toMatchObject({
      ok: false,
      status: 409,
      error: '已锁定，须先由评价机构解锁',
    });
    expect(
      await saveDraft(p.experts[1].user.id, sheet.id, { version: sheet.version, scores: {} }),
    ).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(
      await submitSheet(p.experts[1].user.id, sheet.id, { version: sheet.version, scores: {} }, 'new-key'),
    ).toMatchObject({ ok: false, status: 409 });
    expect(await unlockItem(p.chair, p.id, item, '复核')).toMatchObject({ ok: false, status: 403 });
    expect(await unlockItem(r.agency, p.id, item, '  ')).toMatchObject({ ok: false, status: 400 });
    expect(await unlockItem(r.agency, p.id, item, '专家申请更正')).toEqual({ ok: true, unlocked: 3 });
    expect((await sheetOf(item, p.experts[1].id)).state).toBe('submitted');
    const reopened = await reopenSheet(p.chair, sheet.id, '第二项请复核');
    expect(reopened).toMatchObject({ ok: true, sheet: { state: 'draft', reopenedReason: '第二项请复核' } });
    const actions = (
      await prisma.auditEvent.findMany({
        where: { entityId: { in: [item, sheet.id] } },
        orderBy: { seq: 'asc' },
      })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['item.lock', 'item.unlock', 'sheet.reopen', 'sheet.submit']),
    );
    const row = await prisma.result.findUniqueOrThrow({ where: { itemId: item } });
    expect(row).toMatchObject({ locked: false, submitted: 2, expected: 3 });
  });

  it('marks an expert absent (reason required): the sheet stops counting and cannot be edited', async () => {
    const r = await makeScoringRound({
      panels: [
        { experts: 4, items: 1 },
        { experts: 3, items: 1 },
      ],
    });
    const [p, q] = r.panels;
    const item = r.items[0].id;
    const absentee = p.experts[3];
    expect(await markAbsent(q.chair, p.id, item, absentee.id, true, '未到场')).toMatchObject({ status: 403 });
    expect(await markAbsent(p.chair, p.id, item, absentee.id, true)).toMatchObject({ status: 400 });
    const marked = await markAbsent(p.chair, p.id, item, absentee.id, true, '未到场');
    expect(marked).toMatchObject({ ok: true, sheet: { absent: true, absentReason: '未到场' } });
    expect(await prisma.result.findUniqueOrThrow({ where: { itemId: item } })).toMatchObject({ expected: 3 });
    const sheet = await sheetOf(item, absentee.id);
    expect(await saveDraft(absentee.user.id, sheet.id, { version: sheet.version, scores: {} })).toMatchObject(
      {
        ok: false,
        status: 409,
      },
    );
    await submitPanel(r, item, [3]);
    const row = await prisma.result.findUniqueOrThrow({ where: { itemId: item } });
    expect(row).toMatchObject({ expected: 3, submitted: 3, status: 'graded', provisional: false });
    expect(await markAbsent(r.agency, p.id, item, absentee.id, false)).toMatchObject({
      ok: true,
      sheet: { absent: false },
    });
    expect(await prisma.result.findUniqueOrThrow({ where: { itemId: item } })).toMatchObject({ expected: 4 });
    expect(
      await prisma.auditEvent.count({
        where: { action: { in: ['sheet.absent', 'sheet.present'] }, entityId: sheet.id },
      }),
    ).toBe(2);
  });

  it('flags quorum when every expected sheet is in and still fewer than the quorum', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 1 }] });
    const [p] = r.panels;
    const item = r.items[0].id;
    await markAbsent(p.chair, p.id, item, p.experts[2].id, true, '请假');
    await submitPanel(r, item, [2]);
    const row = await prisma.result.findUniqueOrThrow({ where: { itemId: item } });
    expect(row).toMatchObject({ status: 'incomplete', expected: 2, submitted: 2 });
    expect(JSON.parse(row.flags)).toContain('quorum');
  });
});
