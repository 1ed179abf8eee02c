// Live results through the models: the stored Result rows equal the engine run directly on the same
// sheets, the round's version strictly increases, quota bands stay provisional until the group is
// complete, a racing duplicate submit is applied once, and the chair's matrix is anonymised.
import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { gradeItems } from '#scoring/grade-items';
import { prisma } from '#app/utils/db.server';
import { engineScheme, itemMatrix, liveProgress, roundResults } from '#app/models/result.server';
import { submitSheet } from '#app/models/sheet.server';
import { createRng } from '#seeds/demo/random';
import { makeScoringRound, scoresFor, sheetOf, type ScoringRound } from './fixtures';

/** Random valid scores on the rubric's steps, from a seeded generator. */
async function randomScores(roundId: string, rng: ReturnType<typeof createRng>) {
  const round = await prisma.round.findUniqueOrThrow({
    where: { id: roundId },
    select: { scheme: { select: { id: true, version: true, definition: true } } },
  });
  const scheme = engineScheme(round.scheme);
  const scores: Record<string, number> = {};
  for (const c of scheme.rubric.criteria) {
    const step = c.step ?? 1;
    const steps = Math.floor(c.max / step);
    scores[c.id] = rng.int(Math.floor(steps * 0.4), steps) * step;
  }
  return scores;
}

async function submitAll(
  r: ScoringRound,
  pick: (itemIndex: number, expertIndex: number) => boolean,
  seed = 1,
) {
  const rng = createRng(seed);
  const versions: number[] = [];
  for (const [i, item] of r.items.entries()) {
    const panel = r.panels.find((p) => p.id === item.panelId)!;
    for (const [e, expert] of panel.experts.entries()) {
      if (!pick(i, e)) continue;
      const sheet = await sheetOf(item.id, expert.id);
      const out = await submitSheet(
        expert.user.id,
        sheet.id,
        { version: sheet.version, scores: await randomScores(r.roundId, rng) },
        `k-${item.id}-${expert.id}`,
      );
      if (!out.ok) throw new Error(out.error);
      versions.push((await prisma.round.findUniqueOrThrow({ where: { id: r.roundId } })).liveVersion);
    }
  }
  return versions;
}

describe('live results', () => {
  it('equal gradeItems run directly on the same sheets, with a strictly increasing version', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 5, items: 4, group: '检测' }] });
    const start = (await prisma.round.findUniqueOrThrow({ where: { id: r.roundId } })).liveVersion;
    // Item 3 gets only two sheets (below quorum 3): incomplete.
    const versions = await submitAll(r, (i, e) => i < 3 || e < 2, 7);
    expect(versions[0]).toBeGreaterThan(start);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);

    const round = await prisma.round.findUniqueOrThrow({
      where: { id: r.roundId },
      select: { scheme: { select: { id: true, version: true, definition: true } } },
    });
    const sheets = await prisma.scoreSheet.findMany({ where: { roundId: r.roundId, state: 'submitted' } });
    const direct = gradeItems(engineScheme(round.scheme), {
      items: r.items.map((i) => ({ id: i.id, group: i.group })),
      sheets: sheets.map((s) => ({ itemId: s.itemId, expertId: s.expertId, scores: JSON.parse(s.scores) })),
    });
    if (!direct.ok) throw new Error('engine refused');
    const agency = r.agency;
    const stored = await roundResults(r.roundId, agency);
    expect(stored.visible).toBe(true);
    expect(stored.results).toHaveLength(4);
    for (const expected of direct.value.results) {
      const row = stored.results.find((x) => x.itemId === expected.itemId)!;
      expect(row, expected.itemId).toMatchObject({
        score: expected.score,
        grade: expected.grade,
        rank: expected.rank,
        status: expected.status,
        experts: expected.experts,
      });
      for (const f of expected.flags) expect(row.flags).toContain(f);
      const totals = JSON.parse(
        (await prisma.result.findUniqueOrThrow({ where: { itemId: expected.itemId } })).totals,
      );
      expect(totals).toEqual(expected.totals);
    }
    const short = stored.results.find((x) => x.itemId === r.items[3].id)!;
    expect(short).toMatchObject({ status: 'incomplete', submitted: 2, expected: 5, provisional: true });
    expect(short.flags).not.toContain('quorum'); // three sheets are still outstanding
    const done = stored.results.find((x) => x.itemId === r.items[0].id)!;
    expect(done).toMatchObject({ status: 'graded', submitted: 5, expected: 5, provisional: false });
    expect(await liveProgress(r.roundId)).toEqual({
      submitted: 17,
      expected: 20,
      panels: [{ panelId: r.panels[0].id, submitted: 17, expected: 20 }],
    });
  });

  it('keeps quota grades provisional until every item of the group is complete', async () => {
    const r = await makeScoringRound({
      presetId: 'shanghai-2022-performance',
      panels: [{ experts: 3, items: 3, group: '检验检测' }],
    });
    await submitAll(r, (i) => i < 2, 3);
    let rows = (await roundResults(r.roundId, r.agency)).results;
    expect(rows.filter((x) => x.status === 'graded')).toHaveLength(2);
    expect(rows.every((x) => x.provisional)).toBe(true);
    const versionBefore = rows.find((x) => x.itemId === r.items[0].id)!.version;
    await submitAll(r, (i) => i === 2, 4);
    rows = (await roundResults(r.roundId, r.agency)).results;
    expect(rows.every((x) => x.status === 'graded' && !x.provisional)).toBe(true);
    // The other items' rows moved (provisional → final) and carry the new version.
    expect(rows.find((x) => x.itemId === r.items[0].id)!.version).toBeGreaterThan(versionBefore);
  });

  it('applies 20 concurrent submissions with the same key once, answering each the same', async () => {
    const r = await makeScoringRound({ panels: [{ experts: 3, items: 1 }] });
    const expert = r.panels[0].experts[1];
    const sheet = await sheetOf(r.items[0].id, expert.id);
    const body = { version: sheet.version, scores: await scoresFor(r.roundId) };
    const before = (await prisma.round.findUniqueOrThrow({ where: { id: r.roundId } })).liveVersion;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => submitSheet(expert.user.id, sheet.id, body, 'race-key')),
    );
    for (const a of answers) expect(a).toMatchObject({ ok: true, sheet: { state: 'submitted', version: 2 } });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: 'sheet.submit', entityId: sheet.id } })).toBe(1);
    expect((await prisma.round.findUniqueOrThrow({ where: { id: r.roundId } })).liveVersion).toBe(before + 1);
    expect((await prisma.result.findUniqueOrThrow({ where: { itemId: r.items[0].id } })).submitted).toBe(1);
  });

  it('names experts in the matrix for the agency, 专家A/B/C for the chair, nothing for an outsider', async () => {
    const r = await makeScoringRound({
      panels: [
        { experts: 3, items: 1 },
        { experts: 3, items: 1 },
      ],
    });
    await submitAll(r, (i, e) => i === 0 && e < 2, 9);
    const item = r.items[0].id;
    const forAgency = (await itemMatrix(r.roundId, item, r.agency))!;
    expect(forAgency.experts.map((e) => e.label)).toEqual(r.panels[0].experts.map((e) => e.name));
    expect(forAgency.experts[0].expertId).toBe(r.panels[0].experts[0].id);
    const forChair = (await itemMatrix(r.roundId, item, r.panels[0].chair))!;
    expect(forChair.experts.map((e) => e.label)).toEqual(['专家A', '专家B', '专家C']);
    expect(forChair.experts.every((e) => e.expertId === undefined)).toBe(true);
    expect(forChair.experts[0].total).not.toBeNull();
    expect(forChair.experts[2]).toMatchObject({ state: 'draft', scores: {}, total: null });
    expect(await itemMatrix(r.roundId, item, r.panels[1].chair)).toBeNull();
    expect(await itemMatrix(r.roundId, item, r.panels[0].experts[1].user)).toBeNull();
  });

  it('shows an expert the aggregate only when the round reveals it and their own sheet is in', async () => {
    const r = await makeScoringRound({
      panels: [{ experts: 3, items: 2 }],
      settings: { revealScoresAfterSubmit: true },
    });
    const expert = r.panels[0].experts[1];
    expect((await roundResults(r.roundId, expert.user)).scope).toBe('own');
    expect((await roundResults(r.roundId, expert.user)).results).toHaveLength(0);
    await submitAll(r, (i, e) => i === 0 && e === 1, 2);
    const mine = await roundResults(r.roundId, expert.user);
    expect(mine.results.map((x) => x.itemId)).toEqual([r.items[0].id]);
  });
});
