// Round options (Round.settings): revealScoresAfterSubmit (issue 9 §1) and screenShowsScores
// (issue 10 §3) are set through updateRound / PATCH /api/v1/rounds/:id and the round page's form,
// validated, merged with what is stored, and audited.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import {
  createRound,
  getRound,
  readRoundSettings,
  roundFormInput,
  updateRound,
  updateRoundSchema,
} from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';

async function newRound() {
  const user = await prisma.user.create({
    data: {
      username: `agency-${Math.random().toString(36).slice(2)}`,
      displayName: '评价机构',
      passwordHash: 'x',
    },
  });
  const round = await createRound(
    { presetId: 'sichuan-2025-annual', name: `选项测试${Math.random().toString(36).slice(2)}`, year: 2026 },
    user.id,
  );
  return { round, actorId: user.id };
}

describe('round options', () => {
  it('default to blind scoring and no scores on the big screen', async () => {
    const { round } = await newRound();
    expect((await getRound(round.id))?.settings).toEqual({
      revealScoresAfterSubmit: false,
      screenShowsScores: false,
    });
  });

  it('are merged key by key and audited with before and after', async () => {
    const { round, actorId } = await newRound();
    await updateRound(round.id, updateRoundSchema.parse({ settings: { screenShowsScores: true } }), actorId);
    await updateRound(
      round.id,
      updateRoundSchema.parse({ settings: { revealScoresAfterSubmit: true } }),
      actorId,
    );
    expect((await getRound(round.id))?.settings).toEqual({
      revealScoresAfterSubmit: true,
      screenShowsScores: true,
    });
    const events = await prisma.auditEvent.findMany({
      where: { action: 'round.update', entityId: round.id },
      orderBy: { seq: 'asc' },
    });
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1].before ?? '{}').settings).toEqual({ screenShowsScores: true });
    expect(JSON.parse(events[1].after ?? '{}').settings).toEqual({
      revealScoresAfterSubmit: true,
      screenShowsScores: true,
    });
  });

  it('refuses anything but booleans and unknown options, naming the field', () => {
    const bad = updateRoundSchema.safeParse({ settings: { screenShowsScores: 'yes' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toContain('screenShowsScores');
    expect(updateRoundSchema.safeParse({ settings: { showEverything: true } }).success).toBe(false);
  });

  it('come from the form as true / false strings; other values are ignored', () => {
    expect(
      roundFormInput({
        name: '某评审',
        'settings.revealScoresAfterSubmit': 'true',
        'settings.screenShowsScores': 'false',
      }),
    ).toEqual({ name: '某评审', settings: { revealScoresAfterSubmit: true, screenShowsScores: false } });
    expect(roundFormInput({ 'settings.screenShowsScores': 'on' })).toEqual({});
  });

  it('read from a stored value that is broken or carries unknown keys as what is valid', () => {
    expect(readRoundSettings('not json')).toEqual({});
    expect(readRoundSettings('{"screenShowsScores":true,"other":1}')).toEqual({ screenShowsScores: true });
  });
});
