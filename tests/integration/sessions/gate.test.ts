// The scoring gate (issue 10 §2): while a live or paused session of the sheet's panel holds the item,
// an expert not checked in cannot save, submit or step aside, and submits only while scoring is open
// for that item as the current one. Outside a live session scoring is as in issue 9.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { recuseSelf, saveDraft, submitSheet } from '#app/models/sheet.server';
import { NOT_CHECKED_IN, SCORING_NOT_OPEN } from '#app/models/session-gate.server';
import { scoresFor, sheetOf } from '#tests/integration/scoring/fixtures';
import { makeSessionRound, ok } from './fixtures';

describe('the scoring gate', () => {
  it('check-in first, then submit only while the chair has scoring open for the current item', async () => {
    const r = await makeSessionRound({ items: 3 });
    const p = r.panels[0];
    const member = p.experts[1];
    const [item, next, notInOrder] = p.itemIds;
    // The session holds only two of the panel's items.
    await prisma.defenceSession.update({
      where: { id: r.session.id },
      data: { order: JSON.stringify([item, next]) },
    });
    const scores = await scoresFor(r.roundId);
    const draft = async (itemId: string) => {
      const sheet = await sheetOf(itemId, member.id);
      return saveDraft(member.user.id, sheet.id, { version: sheet.version, scores });
    };
    const submit = async (itemId: string) => {
      const sheet = await sheetOf(itemId, member.id);
      return submitSheet(
        member.user.id,
        sheet.id,
        { version: sheet.version, scores },
        `g-${sheet.id}-${sheet.version}`,
      );
    };
    // Scheduled: nothing changes yet.
    expect((await draft(item)).ok).toBe(true);
    let s = await ok(p.chair, { ...r.session, version: r.session.version }, { command: 'start' });
    for (const op of [() => draft(item), () => submit(item)]) {
      const out = await op();
      expect(!out.ok && [out.status, out.error]).toEqual([409, NOT_CHECKED_IN]);
    }
    const recuse = await recuseSelf(member.user.id, (await sheetOf(next, member.id)).id, '利益相关');
    expect(!recuse.ok && [recuse.status, recuse.error]).toEqual([409, NOT_CHECKED_IN]);
    // An item the session does not hold is scored as before.
    expect((await draft(notInOrder)).ok).toBe(true);
    s = await ok(p.chair, s, { command: 'check-in', expertId: member.id });
    expect((await draft(item)).ok).toBe(true);
    const early = await submit(item);
    expect(!early.ok && [early.status, early.error]).toEqual([409, SCORING_NOT_OPEN]);
    s = await ok(p.chair, s, { command: 'set-current', itemId: item });
    const notYet = await submit(item);
    expect(!notYet.ok && notYet.error).toBe(SCORING_NOT_OPEN);
    s = await ok(p.chair, s, { command: 'open-scoring' });
    // Open for the current item only.
    const other = await submit(next);
    expect(!other.ok && other.error).toBe(SCORING_NOT_OPEN);
    expect((await submit(item)).ok).toBe(true);
    // Paused: still gated (checked in: drafts fine; scoring stays open for the item).
    s = await ok(p.chair, s, { command: 'pause' });
    expect((await draft(next)).ok).toBe(true);
    s = await ok(p.chair, s, { command: 'resume' });
    s = await ok(p.chair, s, { command: 'close-scoring' });
    // Asked to reconsider: the sheet reopens with the reason, and the expert can submit again.
    s = await ok(p.chair, s, { command: 'request-rescore', expertIds: [member.id], reason: '请再看一下' });
    const reopened = await sheetOf(item, member.id);
    expect(reopened).toMatchObject({ state: 'draft', reopenedReason: '请再看一下' });
    expect((await submit(item)).ok).toBe(true);
    // Ended: scoring is as in issue 9 again.
    s = await ok(p.chair, s, { command: 'end' });
    expect((await submit(next)).ok).toBe(true);
  });
});
