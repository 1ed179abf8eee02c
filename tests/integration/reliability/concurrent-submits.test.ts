// Issue 9 §6: 1,000 submissions (50 experts × 20 items) with retries — the same key sent twice at
// once, re-sent after an aborted request, re-sent after an answer — each sheet counted exactly once,
// and the round's results equal `pingshen grade` on the exported sheets. Bad input over HTTP and over
// the socket gets a clear Chinese error and changes nothing.
import '#tests/support/use-test-db';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { EVENTS } from '#app/realtime/events';
import { runCli } from '#tests/fixtures/cli/run-cli';
import { createLiveDb, type LiveDb } from '#tests/support/live-db';
import {
  buildLiveRound,
  call,
  callJson,
  lcg,
  mapLimit,
  validScores,
  type LiveRound,
  type ResultJson,
  type SheetJson,
} from '#tests/support/live-fixture';
import { startLiveInstance, type LiveInstance } from '#tests/support/live-server';
import { halfWritten, report, submit, submitAudits, type SubmitAttempt } from './support';

const EXPERTS = 50;
const ITEMS = 40; // 2 panels of 25 experts, 20 items each: 50 × 20 = 1,000 sheets
const IN_FLIGHT = 16;

let db: LiveDb;
let server: LiveInstance;
let round: LiveRound;
const tmp = mkdtempSync(join(tmpdir(), 'pingshen-concurrent-'));
const sockets: Socket[] = [];

beforeAll(async () => {
  db = await createLiveDb();
  server = await startLiveInstance(db);
  round = await buildLiveRound(server.url, {
    experts: EXPERTS,
    items: ITEMS,
    panels: 2,
    groups: 3,
    label: '并发',
    concurrency: 8,
  });
}, 300_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await db?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const chinese = /[\u4e00-\u9fff]/;

/** Everything about the round's sheets and the audit trail that a refused request must not change. */
async function snapshot() {
  const sheets = await db.prisma.scoreSheet.findMany({
    where: { roundId: round.roundId },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      state: true,
      version: true,
      scores: true,
      total: true,
      comment: true,
      idempotencyKey: true,
      draftSavedAt: true,
      updatedAt: true,
    },
  });
  const results = await db.prisma.result.findMany({
    where: { roundId: round.roundId },
    orderBy: { itemId: 'asc' },
  });
  const liveVersion = (await db.prisma.round.findUniqueOrThrow({ where: { id: round.roundId } })).liveVersion;
  return { sheets, results, liveVersion, audit: await db.prisma.auditEvent.count() };
}

function openSocket(cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: server.url },
      reconnection: false,
    });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function emitAck(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean; error?: string }> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

describe('bad input changes nothing', () => {
  it('over HTTP: unknown fields, strings for numbers, unknown criteria, another expert’s sheet', async () => {
    const [alice, bob] = round.experts;
    const sheet = alice.sheets[0];
    const good = validScores(sheet.criteria, lcg(1));
    const [firstCriterion] = sheet.criteria;
    const before = await snapshot();

    const cases: { label: string; run: () => Promise<Response>; status: number[] }[] = [
      {
        label: 'unknown field',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}`, {
            method: 'PUT',
            cookie: alice.cookie,
            json: { version: sheet.version, scores: good, grade: '优秀' },
          }),
        status: [400],
      },
      {
        label: 'string for a number',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}`, {
            method: 'PUT',
            cookie: alice.cookie,
            json: {
              version: sheet.version,
              scores: { ...good, [firstCriterion.id]: String(good[firstCriterion.id]) },
            },
          }),
        status: [400],
      },
      {
        label: 'string for the version',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}`, {
            method: 'PUT',
            cookie: alice.cookie,
            json: { version: String(sheet.version), scores: good },
          }),
        status: [400],
      },
      {
        label: 'a criterion that does not exist',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}`, {
            method: 'PUT',
            cookie: alice.cookie,
            json: { version: sheet.version, scores: { ...good, 'no-such-criterion': 1 } },
          }),
        status: [400],
      },
      {
        label: 'out of range',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}`, {
            method: 'PUT',
            cookie: alice.cookie,
            json: {
              version: sheet.version,
              scores: { ...good, [firstCriterion.id]: firstCriterion.max + 1 },
            },
          }),
        status: [400],
      },
      {
        label: 'submit with an unknown field',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}/submit`, {
            cookie: alice.cookie,
            headers: { 'idempotency-key': `bad-${sheet.id}` },
            json: { version: sheet.version, scores: good, total: 100 },
          }),
        status: [400],
      },
      {
        label: 'submit without an Idempotency-Key',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}/submit`, {
            cookie: alice.cookie,
            json: { version: sheet.version, scores: good },
          }),
        status: [400],
      },
      {
        label: 'someone else’s sheet (PUT)',
        run: () =>
          call(server.url, `/api/v1/sheets/${bob.sheets[0].id}`, {
            method: 'PUT',
            cookie: alice.cookie,
            json: { version: bob.sheets[0].version, scores: validScores(bob.sheets[0].criteria, lcg(2)) },
          }),
        status: [403, 404],
      },
      {
        label: 'someone else’s sheet (submit)',
        run: () =>
          call(server.url, `/api/v1/sheets/${bob.sheets[0].id}/submit`, {
            cookie: alice.cookie,
            headers: { 'idempotency-key': `steal-${bob.sheets[0].id}` },
            json: { version: bob.sheets[0].version, scores: validScores(bob.sheets[0].criteria, lcg(2)) },
          }),
        status: [403, 404],
      },
      {
        label: 'the agency cannot submit an expert’s sheet',
        run: () =>
          call(server.url, `/api/v1/sheets/${sheet.id}/submit`, {
            cookie: round.agencyCookie,
            headers: { 'idempotency-key': `agency-${sheet.id}` },
            json: { version: sheet.version, scores: good },
          }),
        status: [403, 404],
      },
    ];
    for (const c of cases) {
      const response = await c.run();
      const body = (await response.json()) as { error?: string; fieldErrors?: Record<string, string> };
      expect(c.status, `${c.label}: ${response.status} ${JSON.stringify(body)}`).toContain(response.status);
      expect(body.error ?? '', `${c.label}: ${JSON.stringify(body)}`).toMatch(chinese);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('over the socket: unknown fields, strings for numbers, malformed and foreign rooms', async () => {
    const [alice] = round.experts;
    const otherPanel = round.panels.find((p) => p.id !== alice.panelId)!;
    const socket = await openSocket(alice.cookie);
    const before = await snapshot();
    const bad: unknown[] = [
      { room: `panel:${alice.panelId}`, extra: true },
      { room: `panel:${alice.panelId}`, since: '3' },
      { room: 'panel' },
      { room: `round:${round.roundId}; DROP TABLE Result` },
      'round:x',
      null,
      { room: `panel:${otherPanel.id}` },
      { room: 'round:no-such-round' },
    ];
    for (const payload of bad) {
      const ack = await emitAck(socket, EVENTS.subscribe, payload);
      expect(ack.ok, JSON.stringify(payload)).toBe(false);
      expect(ack.error ?? '', JSON.stringify(payload)).toMatch(chinese);
    }
    expect(socket.connected).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

describe('1,000 submissions with retries', () => {
  let attempts: SubmitAttempt[] = [];
  const allSheets = () => round.experts.flatMap((e) => e.sheets.map((s) => ({ expert: e, sheet: s })));

  it('counts each sheet exactly once', async () => {
    const work = allSheets();
    expect(work).toHaveLength(1000);
    const rnd = lcg(42);
    const plans = work.map(({ expert, sheet }, i) => ({
      cookie: expert.cookie,
      sheet,
      key: `load-${sheet.id}`,
      body: { version: sheet.version, scores: validScores(sheet.criteria, rnd) },
      // 0 plain, 1 the same request twice at once, 2 aborted then re-sent, 3 re-sent after the answer
      kind: i % 4,
      abortAfter: Math.floor(rnd() * 30),
    }));
    const started = performance.now();
    const results = await mapLimit(plans, IN_FLIGHT, async (p) => {
      const send = (signal?: AbortSignal) => submit(server.url, p.cookie, p.sheet.id, p.key, p.body, signal);
      if (p.kind === 1) return Promise.all([send(), send()]);
      if (p.kind === 2) {
        const aborted = await send(AbortSignal.timeout(p.abortAfter));
        return [aborted, await send()];
      }
      if (p.kind === 3) return [await send(), await send()];
      return [await send()];
    });
    const seconds = (performance.now() - started) / 1000;
    console.info(`1,000 sheets, ${results.flat().length} requests in ${seconds.toFixed(1)} s`);
    attempts = results.flat();

    // Every final answer is 200, and every 200 for a sheet is the same answer.
    const answers = new Map<string, SheetJson>();
    for (const a of attempts) {
      if (a.status === 0) continue; // only the aborted ones
      expect(a.status, `${a.sheetId}: ${JSON.stringify(a.json)}`).toBe(200);
      const sheet = a.json!.sheet!;
      expect(sheet.state).toBe('submitted');
      const earlier = answers.get(a.sheetId);
      if (earlier)
        expect({ total: sheet.total, version: sheet.version }).toEqual({
          total: earlier.total,
          version: earlier.version,
        });
      else answers.set(a.sheetId, sheet);
    }
    expect(answers.size).toBe(1000);

    const sheetIds = work.map((w) => w.sheet.id);
    const audits = await submitAudits(db.prisma, sheetIds);
    expect([...audits.values()].filter((n) => n !== 1)).toEqual([]);
    const stored = await db.prisma.scoreSheet.findMany({
      where: { roundId: round.roundId },
      select: { id: true, state: true, total: true, idempotencyKey: true },
    });
    expect(stored).toHaveLength(1000);
    for (const s of stored) {
      expect(s.state).toBe('submitted');
      expect(Number(s.total)).toBeCloseTo(answers.get(s.id)!.total!, 6);
      expect(s.idempotencyKey).toBe(`load-${s.id}`);
    }
    expect(report(await halfWritten(db.prisma, round.roundId))).toBe('none');
    const results2 = await db.prisma.result.findMany({ where: { roundId: round.roundId } });
    expect(results2).toHaveLength(ITEMS);
    for (const r of results2)
      expect({ item: r.itemId, submitted: r.submitted, experts: r.experts }).toEqual({
        item: r.itemId,
        submitted: 25,
        experts: 25,
      });
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true });

    // A different key on a submitted sheet is a conflict, and changes nothing.
    const before = await snapshot();
    const [first] = work;
    const other = await submit(server.url, first.expert.cookie, first.sheet.id, `other-${first.sheet.id}`, {
      version: answers.get(first.sheet.id)!.version,
      scores: validScores(first.sheet.criteria, lcg(7)),
    });
    expect(other.status).toBe(409);
    expect(other.json?.error ?? '').toMatch(chinese);
    expect(await snapshot()).toEqual(before);
  }, 400_000);

  it('refuses changes to a locked sheet, with a Chinese message, changing nothing', async () => {
    const panel = round.panels[0];
    const itemId = panel.itemIds[0];
    const lock = await call(server.url, `/api/v1/panels/${panel.id}/items/${itemId}/lock`, {
      cookie: round.agencyCookie,
      method: 'POST',
    });
    expect(lock.status, await lock.clone().text()).toBe(200);
    const expert = round.experts.find((e) => e.panelId === panel.id)!;
    const [sheet] = (
      await callJson<{ sheets: SheetJson[] }>(server.url, '/api/v1/me/sheets', { cookie: expert.cookie })
    ).sheets.filter((s) => s.itemId === itemId);
    expect(sheet.state).toBe('locked');
    const before = await snapshot();
    const body = { version: sheet.version, scores: validScores(sheet.criteria, lcg(9)) };
    const put = await call(server.url, `/api/v1/sheets/${sheet.id}`, {
      method: 'PUT',
      cookie: expert.cookie,
      json: body,
    });
    const resubmit = await submit(server.url, expert.cookie, sheet.id, `locked-${sheet.id}`, body);
    for (const [status, error] of [
      [put.status, ((await put.json()) as { error?: string }).error],
      [resubmit.status, resubmit.json?.error],
    ] as const) {
      expect([403, 409]).toContain(status);
      expect(error ?? '').toMatch(chinese);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('equals `pingshen grade` on the exported sheets, item by item', async () => {
    const exported = await call(server.url, `/api/v1/rounds/${round.roundId}/sheets?format=case`, {
      cookie: round.agencyCookie,
    });
    expect(exported.status).toBe(200);
    const caseJson = (await exported.json()) as { items: unknown[]; sheets: unknown[] };
    expect(caseJson.sheets).toHaveLength(1000);
    const caseFile = join(tmp, 'case.json');
    writeFileSync(caseFile, JSON.stringify(caseJson));

    // The scheme the app grades with, as the export gives it for `pingshen grade --scheme`.
    const scheme = await call(server.url, `/api/v1/rounds/${round.roundId}/sheets?format=scheme`, {
      cookie: round.agencyCookie,
    });
    expect(scheme.status).toBe(200);
    const schemeFile = join(tmp, 'scheme.json');
    writeFileSync(schemeFile, Buffer.from(await scheme.arrayBuffer()));
    const run = await runCli(['grade', '--scheme', schemeFile, '--in', caseFile]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const cli = JSON.parse(run.stdout) as { results: ResultJson[] };

    const app = await callJson<{ version: number; results: ResultJson[] }>(
      server.url,
      `/api/v1/rounds/${round.roundId}/results`,
      { cookie: round.agencyCookie },
    );
    const pick = (r: ResultJson) => ({
      itemId: r.itemId,
      group: r.group,
      score: r.score,
      grade: r.grade,
      rank: r.rank,
      status: r.status,
      experts: r.experts,
      flags: [...r.flags].sort(),
    });
    const byId = (a: { itemId: string }, b: { itemId: string }) => (a.itemId < b.itemId ? -1 : 1);
    expect(app.results.map(pick).sort(byId)).toEqual(cli.results.map(pick).sort(byId));
    expect(app.results).toHaveLength(ITEMS);
    expect(app.results.every((r) => r.score !== null && r.grade !== null)).toBe(true);
  }, 60_000);
});
