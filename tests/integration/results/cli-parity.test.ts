// What the app shows equals the CLI (issue 9 §3): the round's submitted and locked sheets exported
// with GET /api/v1/rounds/:id/sheets?format=case (and the round's scheme, ?format=scheme), graded by
// the real `pingshen grade` child process, give item by item the scores, grades, ranks, statuses,
// expert counts and engine flags of GET /api/v1/rounds/:id/results — on the demo rounds as seeded,
// after an expert submits through the API, after a chair reopens a sheet and marks an expert
// absent, and on the Shanghai round graded in quota bands.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '#app/utils/db.server';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';
import {
  ENGINE_FLAGS,
  SHANGHAI_ROUND,
  SICHUAN_ROUND,
  demoRound,
  gradeWithCli,
  mySheets,
  panelsOf,
  submit,
  userIdOf,
  type AppResult,
  type CliResult,
} from './support';

let server: TestServer;
let agency: string;
let chair: string;
let expert: string;

beforeAll(async () => {
  server = await startTestServer();
  [agency, chair, expert] = await Promise.all([
    login(server, 'agency'),
    login(server, 'chair'),
    login(server, 'expert'),
  ]);
}, 180_000);

afterAll(async () => {
  await server?.close();
});

/** Every item the CLI graded is in the app's results with the same numbers, and vice versa. */
function expectParity(cli: CliResult[], app: AppResult[]) {
  expect(cli.length).toBeGreaterThan(0);
  expect(app.map((r) => r.itemId).sort()).toEqual(cli.map((r) => r.itemId).sort());
  const byId = new Map(app.map((r) => [r.itemId, r]));
  for (const c of cli) {
    const a = byId.get(c.itemId)!;
    expect(
      {
        itemId: a.itemId,
        group: a.group,
        score: a.score,
        grade: a.grade,
        rank: a.rank,
        status: a.status,
        experts: a.experts,
        flags: a.flags.filter((f) => ENGINE_FLAGS.includes(f)).sort(),
      },
      c.itemId,
    ).toEqual({ ...c, flags: [...c.flags].sort() });
    // A JSON number with the scheme's decimals, as the CLI writes it.
    if (a.score !== null) expect(typeof a.score).toBe('number');
  }
}

describe('CLI parity', () => {
  it('the seeded Sichuan round: submitted sheets graded, drafts left out', async () => {
    const round = await demoRound(SICHUAN_ROUND);
    const { cli, app, case: file } = await gradeWithCli(server, round.id, agency);
    expectParity(cli, app);
    expect(cli.some((r) => r.status === 'graded')).toBe(true);
    // Drafts exist in the seeded round (the second panel is mid-way) and are not in the file.
    expect(
      await prisma.scoreSheet.count({ where: { roundId: round.id, state: 'draft', recused: false } }),
    ).toBeGreaterThan(0);
    // Only submitted or locked sheets, and recusals as recused; no drafts.
    const states = await prisma.scoreSheet.findMany({
      where: { roundId: round.id, absent: false, OR: [{ state: { not: 'draft' } }, { recused: true }] },
      select: { id: true },
    });
    expect(file.sheets).toHaveLength(states.length);
  });

  it('after the demo expert submits through the API', async () => {
    const round = await demoRound(SICHUAN_ROUND);
    const sheets = (await mySheets(server, expert)).filter(
      (s) => s.roundId === round.id && s.state === 'draft' && !s.recused,
    );
    expect(sheets.length).toBeGreaterThan(1);
    for (const [i, sheet] of sheets.entries()) await submit(server, expert, sheet, 0.55 + (i % 5) * 0.08);
    const { cli, app } = await gradeWithCli(server, round.id, agency);
    expectParity(cli, app);
  });

  it('after the chair reopens a sheet and marks an expert absent on the results page', async () => {
    const round = await demoRound(SICHUAN_ROUND);
    const { chaired } = panelsOf(round, await userIdOf('chair'));
    const submitted = await prisma.scoreSheet.findMany({
      where: { panelId: chaired.id, state: 'submitted', recused: false, absent: false },
      select: { id: true, itemId: true, expertId: true },
      orderBy: { id: 'asc' },
      take: 2,
    });
    expect(submitted).toHaveLength(2);
    const [toReopen, toAbsent] = submitted;
    // A submitted sheet cannot be marked absent: the chair sends it back first, then marks it.
    for (const sheet of [toReopen, toAbsent]) {
      const reopened = await request(server, `/rounds/${round.id}/results`, {
        cookie: chair,
        form: { intent: 'reopen', sheetId: sheet.id, reason: '第三项评分与评语不一致，请复核' },
      });
      expect(reopened.status).toBe(200);
    }
    const absent = await request(server, `/rounds/${round.id}/results`, {
      cookie: chair,
      form: {
        intent: 'absent',
        panelId: chaired.id,
        itemId: toAbsent.itemId,
        expertId: toAbsent.expertId,
        absent: '1',
        reason: '未到会',
      },
    });
    expect(absent.status).toBe(200);
    expect(
      await prisma.scoreSheet.findUniqueOrThrow({ where: { id: toReopen.id }, select: { state: true } }),
    ).toEqual({ state: 'draft' });
    expect(
      await prisma.scoreSheet.findUniqueOrThrow({ where: { id: toAbsent.id }, select: { absent: true } }),
    ).toEqual({ absent: true });

    const { cli, app, case: file } = await gradeWithCli(server, round.id, agency);
    expectParity(cli, app);
    const missing = (s: { itemId: string; expertId: string }) =>
      !file.sheets.some((x) => x.itemId === s.itemId && x.expertId === s.expertId);
    expect(missing(toReopen)).toBe(true);
    expect(missing(toAbsent)).toBe(true);
  });

  it('the Shanghai round, graded in quota bands', async () => {
    const round = await demoRound(SHANGHAI_ROUND);
    const { cli, app } = await gradeWithCli(server, round.id, agency);
    expectParity(cli, app);
  });
});
