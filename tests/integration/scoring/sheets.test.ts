// Score sheets through the models: drafts with versions, submit validation, idempotent submit,
// ownership, recusal. Real SQLite, the real engine.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { recuseSelf, saveDraft, submitSheet, listMySheets, getSheetPage } from '#app/models/sheet.server';
import { makeScoringRound, scoresFor, sheetOf } from './fixtures';

describe('score sheets', () => {
  it('startScoring creates a draft sheet per seated member × item and a Result row per item', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 2 }] });
    expect(await prisma.scoreSheet.count({ where: { roundId: r.roundId } })).toBe(6);
    const results = await prisma.result.findMany({ where: { roundId: r.roundId } });
    expect(results).toHaveLength(2);
    expect(results.every((x) => x.expected === 3 && x.submitted === 0 && x.status === 'incomplete')).toBe(
      true,
    );
    const mine = await listMySheets(r.panels[0].experts[1].user.id);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ state: 'draft', version: 1, total: null });
    expect(mine[0].criteria.length).toBeGreaterThan(3);
  });

  it('saves drafts with versions and refuses a stale version with the current sheet', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 1 }] });
    const expert = r.panels[0].experts[1];
    const sheet = await sheetOf(r.items[0].id, expert.id);
    const scores = await scoresFor(r.roundId);
    const first = Object.keys(scores)[0];
    const saved = await saveDraft(expert.user.id, sheet.id, {
      version: 1,
      scores: { [first]: scores[first] },
    });
    expect(saved).toMatchObject({ ok: true, sheet: { version: 2, scores: { [first]: scores[first] } } });
    const stale = await saveDraft(expert.user.id, sheet.id, { version: 1, scores: {} });
    expect(stale).toMatchObject({ ok: false, status: 409, sheet: { version: 2 } });
    expect((await sheetOf(r.items[0].id, expert.id)).draftSavedAt).not.toBeNull();
  });

  it('submits once per key, answers a replay identically and refuses another key', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 1 }] });
    const expert = r.panels[0].experts[1];
    const sheet = await sheetOf(r.items[0].id, expert.id);
    const scores = await scoresFor(r.roundId);
    const first = await submitSheet(expert.user.id, sheet.id, { version: 1, scores }, 'key-1');
    expect(first).toMatchObject({ ok: true, sheet: { state: 'submitted', version: 2 } });
    const again = await submitSheet(expert.user.id, sheet.id, { version: 1, scores }, 'key-1');
    expect(again).toEqual(first);
    const other = await submitSheet(expert.user.id, sheet.id, { version: 2, scores }, 'key-2');
    expect(other).toMatchObject({ ok: false, status: 409, error: '该评分表已提交' });
    expect(await prisma.auditEvent.count({ where: { action: 'sheet.submit', entityId: sheet.id } })).toBe(1);
    const page = await getSheetPage(expert.user.id, sheet.id);
    expect(page.ok).toBe(true);
    const theirs = await getSheetPage(r.panels[0].experts[2].user.id, sheet.id);
    expect(theirs).toMatchObject({ ok: false, status: 404 });
    const recused = await recuseSelf(
      r.panels[0].experts[2].user.id,
      (await sheetOf(r.items[0].id, r.panels[0].experts[2].id)).id,
      '亲属在该单位',
    );
    expect(recused).toMatchObject({ ok: true, sheet: { recused: true } });
    const result = await prisma.result.findUniqueOrThrow({ where: { itemId: r.items[0].id } });
    expect(result).toMatchObject({ expected: 2, submitted: 1 });
  });
});
