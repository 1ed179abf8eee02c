// Shared by the results tests: the demo rounds in scoring, HTTP helpers over the real server, and
// scoring a sheet through the real API the way an expert's browser does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prisma } from '#app/utils/db.server';
import { runCli } from '#tests/fixtures/cli/run-cli';
import { request, type TestServer } from '#tests/integration/web/support/server';

export const SICHUAN_ROUND = '2026年度四川省产业技术基础公共服务平台年度评价';
export const SHANGHAI_ROUND = '2025年度上海市专业技术服务平台绩效评估';

export async function demoRound(name: string) {
  const round = await prisma.round.findFirstOrThrow({
    where: { name },
    select: {
      id: true,
      name: true,
      panels: {
        select: {
          id: true,
          name: true,
          members: { select: { role: true, expert: { select: { userId: true } } } },
        },
        orderBy: { name: 'asc' },
      },
    },
  });
  return round;
}

/** The demo round's panel the user with `userId` chairs, and one they do not. */
export function panelsOf(round: Awaited<ReturnType<typeof demoRound>>, userId: string) {
  const chaired = round.panels.find((p) =>
    p.members.some((m) => m.role === 'chair' && m.expert.userId === userId),
  );
  const other = round.panels.find((p) => p !== chaired);
  if (!chaired || !other)
    throw new Error('demo data: the chair has no panel, or the round has one panel only');
  return { chaired, other };
}

export async function userIdOf(username: string): Promise<string> {
  return (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}

export async function getJson<T = Record<string, unknown>>(
  server: TestServer,
  path: string,
  cookie: string,
): Promise<{ status: number; body: T; response: Response }> {
  const response = await request(server, path, { cookie });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, response };
}

export type AppResult = {
  itemId: string;
  group: string;
  score: number | null;
  grade: string | null;
  rank: number | null;
  status: string;
  experts: number;
  flags: string[];
  provisional?: boolean;
};

export type CliResult = Omit<AppResult, 'provisional'>;

/**
 * Exports the round's case file and scheme over HTTP, grades them with the real `pingshen grade`,
 * and returns the CLI's results beside the app's (GET /api/v1/rounds/:id/results).
 */
export async function gradeWithCli(server: TestServer, roundId: string, cookie: string) {
  const caseFile = await request(server, `/api/v1/rounds/${roundId}/sheets?format=case`, { cookie });
  if (caseFile.status !== 200) throw new Error(`case export: ${caseFile.status} ${await caseFile.text()}`);
  const scheme = await request(server, `/api/v1/rounds/${roundId}/sheets?format=scheme`, { cookie });
  if (scheme.status !== 200) throw new Error(`scheme export: ${scheme.status} ${await scheme.text()}`);
  const dir = mkdtempSync(join(tmpdir(), 'pingshen-parity-'));
  const casePath = join(dir, 'case.json');
  const schemePath = join(dir, 'scheme.json');
  const caseText = await caseFile.text();
  writeFileSync(casePath, caseText);
  writeFileSync(schemePath, await scheme.text());
  const run = await runCli(['grade', '--scheme', schemePath, '--in', casePath]);
  if (run.status !== 0) throw new Error(`pingshen grade exited ${run.status}: ${run.stderr}`);
  const cli = JSON.parse(run.stdout) as { scheme: string; results: CliResult[] };
  const app = await getJson<{ version: number; results: AppResult[] }>(
    server,
    `/api/v1/rounds/${roundId}/results`,
    cookie,
  );
  if (app.status !== 200) throw new Error(`results: ${app.status} ${JSON.stringify(app.body)}`);
  return {
    cli: cli.results,
    app: app.body.results,
    case: JSON.parse(caseText) as {
      items: { id: string; group?: string; vetoed?: boolean }[];
      sheets: { itemId: string; expertId: string; scores: Record<string, number>; recused?: boolean }[];
    },
  };
}

/** The engine's flags (the CLI knows `spread` and `vetoed`; the app may add its own, e.g. quorum). */
export const ENGINE_FLAGS = ['spread', 'vetoed'];

type MeSheet = {
  id: string;
  roundId: string;
  itemId: string;
  state: string;
  version: number;
  recused: boolean;
  criteria: { id: string; max: number; step: number | null }[];
};

export async function mySheets(server: TestServer, cookie: string): Promise<MeSheet[]> {
  const me = await getJson<{ sheets: MeSheet[] }>(server, '/api/v1/me/sheets', cookie);
  if (me.status !== 200) throw new Error(`me/sheets: ${me.status}`);
  return me.body.sheets;
}

/** Scores on the criterion's step: `fraction` of the points, rounded down to a step. */
export function scoresFor(sheet: MeSheet, fraction: number): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const c of sheet.criteria) {
    const step = c.step ?? 0.5;
    scores[c.id] = Math.floor((c.max * fraction) / step) * step;
  }
  return scores;
}

/** Submits a sheet through the real API (PUT is not needed: submit carries the body). */
export async function submit(server: TestServer, cookie: string, sheet: MeSheet, fraction: number) {
  const response = await request(server, `/api/v1/sheets/${sheet.id}/submit`, {
    cookie,
    headers: { 'Idempotency-Key': `parity-${sheet.id}-${sheet.version}` },
    json: { version: sheet.version, scores: scoresFor(sheet, fraction) },
  });
  if (response.status !== 200)
    throw new Error(`submit ${sheet.id}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { sheet: MeSheet };
}
