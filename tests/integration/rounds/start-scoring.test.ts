// 开始专家评审 (freeze the scheme) is refused while any item is 待定, when nothing is admitted, or when
// the rubric's full marks differ from the scheme's; the refusal names what is wrong and writes nothing.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { getRound, scoringReadiness, startScoring } from '#app/models/round.server';
import { updateRoundRubric } from '#app/models/scheme.server';
import { ACTOR, makeItem, makeOrganisation, makeRound } from '#tests/integration/panels/fixtures';

const now = new Date('2026-05-01T00:00:00Z');

describe('开始专家评审', () => {
  it('is refused while an item is 待定, naming it, and nothing is frozen or audited', async () => {
    const round = await makeRound();
    const unit = await makeOrganisation('遂宁检测院');
    await makeItem(round.id, unit.id, '遂宁平台', '检测', 'admitted');
    const pending = await makeItem(round.id, unit.id, '待审平台', '检测', 'pending');
    const before = await prisma.auditEvent.count();
    const refused = await startScoring(round.id, ACTOR, now);
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(refused.ok === false && refused.message).toBe(
      '不能开始专家评审：还有1个评审对象形式审查待定（如「待审平台」），请先逐一作出“准予进入评审”或“不予受理”的结论',
    );
    const detail = (await getRound(round.id))!;
    expect(detail.state).toBe('draft');
    expect(detail.scheme.frozenAt).toBeNull();
    expect(await prisma.auditEvent.count()).toBe(before);

    await prisma.item.update({ where: { id: pending.id }, data: { eligibilityDecision: 'excluded' } });
    expect(await startScoring(round.id, ACTOR, now)).toMatchObject({ ok: true, state: 'scoring' });
    expect((await getRound(round.id))!.scheme.frozenAt).toEqual(now);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'round.state', entityId: round.id },
    });
    expect(JSON.parse(event.after!).frozen).toMatchObject({ year: 2026, admitted: 1, excluded: 1 });
  });

  it('is refused when no item is admitted', async () => {
    const round = await makeRound();
    expect(await startScoring(round.id, ACTOR, now)).toMatchObject({
      ok: false,
      problems: ['没有准予进入评审的评审对象'],
    });
  });

  it("is refused when the rubric's full marks are not the scheme's 100", async () => {
    const round = await makeRound();
    const unit = await makeOrganisation('内江检测院');
    await makeItem(round.id, unit.id, '内江平台', '检测', 'admitted');
    const detail = (await getRound(round.id))!;
    const rubric = detail.scheme.definition.scheme.rubric;
    const [first, ...rest] = rubric.criteria;
    const saved = await updateRoundRubric(
      round.id,
      { criteria: [{ ...first, max: first.max + 5 }, ...rest], vetoes: rubric.vetoes },
      detail.scheme.version,
      ACTOR,
    );
    expect(saved.ok).toBe(true);
    const readiness = (await scoringReadiness(round.id))!;
    expect(readiness.problems).toEqual([
      expect.stringMatching(/^评分细则满分合计为\d+(\.\d+)?分，与评审方案满分100分不一致，请先修改评分细则$/),
    ]);
    expect(readiness.freezes).toMatchObject({ year: 2026, admitted: 1, excluded: 0 });
    expect(await startScoring(round.id, ACTOR, now)).toMatchObject({ ok: false, status: 409 });
    expect((await getRound(round.id))!.state).toBe('draft');
  });

  it('answers 404 for an unknown round', async () => {
    expect(await startScoring('missing', ACTOR, now)).toMatchObject({ ok: false, status: 404 });
  });
});
