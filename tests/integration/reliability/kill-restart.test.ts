// Issue 9 §6: `kill -9` of the server while 60 experts submit. The server is a separate production-mode
// process on a database file (or a PostgreSQL database under `npm run test:postgres`); after a restart
// on the same database every acknowledged submission is there, nothing is half-written, and retrying
// every request with its key completes the rest exactly once and changes nothing that was acknowledged.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { createLiveDb, type LiveDb } from '#tests/support/live-db';
import { buildLiveRound, callJson, lcg, validScores, type LiveRound } from '#tests/support/live-fixture';
import { startLiveInstance, type LiveInstance } from '#tests/support/live-server';
import { halfWritten, report, submit, submitAudits, type SubmitAttempt, type SubmitBody } from './support';

const EXPERTS = 60;
const ITEMS = 6; // 3 panels of 20 experts, 2 items each: 120 submissions

let db: LiveDb;
let server: LiveInstance | undefined;
let round: LiveRound;

beforeAll(async () => {
  db = await createLiveDb();
  server = await startLiveInstance(db);
  round = await buildLiveRound(server.url, { experts: EXPERTS, items: ITEMS, panels: 3, label: '断电' });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await db?.cleanup();
});

describe(`kill -9 while ${EXPERTS} experts submit`, () => {
  it('keeps every acknowledged submission, half-writes none, and completes the rest once on retry', async () => {
    const rnd = lcg(20261203);
    type Planned = { cookie: string; sheetId: string; key: string; body: SubmitBody };
    const plans: Planned[][] = round.experts.map((expert) =>
      expert.sheets.map((sheet) => ({
        cookie: expert.cookie,
        sheetId: sheet.id,
        key: `kill-${sheet.id}`,
        body: { version: sheet.version, scores: validScores(sheet.criteria, rnd) },
      })),
    );
    const total = plans.flat().length;
    expect(total).toBe(EXPERTS * (ITEMS / 3));

    // Every expert submits their sheets one after another, all experts at once; the server is killed
    // as soon as a third of the submissions are acknowledged, with the others in flight or not sent.
    const first = server!;
    const attempts: SubmitAttempt[] = [];
    let acknowledged = 0;
    let killing: Promise<void> | undefined;
    await Promise.all(
      plans.map(async (mine) => {
        for (const plan of mine) {
          if (killing) break;
          const attempt = await submit(first.url, plan.cookie, plan.sheetId, plan.key, plan.body);
          attempts.push(attempt);
          if (attempt.status === 200) acknowledged += 1;
          else if (attempt.status !== 0)
            throw new Error(`submit ${attempt.status}: ${JSON.stringify(attempt.json)}`);
          if (acknowledged >= total / 3 && !killing) killing = first.kill9();
        }
      }),
    );
    await killing;
    expect(first.child.signalCode).toBe('SIGKILL');
    const acked = attempts.filter((a) => a.status === 200);
    expect(acked.length).toBeGreaterThanOrEqual(Math.ceil(total / 3));
    expect(acked.length).toBeLessThan(total);

    // Restart on the same database (and port).
    server = await startLiveInstance(db, { port: first.port });

    // Every acknowledged submission is there, as acknowledged, audited once.
    const sheetIds = plans.flat().map((p) => p.sheetId);
    const stored = new Map(
      (
        await db.prisma.scoreSheet.findMany({
          where: { id: { in: sheetIds } },
          select: { id: true, state: true, total: true, version: true, idempotencyKey: true },
        })
      ).map((s) => [s.id, s]),
    );
    let audits = await submitAudits(db.prisma, sheetIds);
    for (const a of acked) {
      const s = stored.get(a.sheetId)!;
      expect(s.state, a.sheetId).toBe('submitted');
      expect(s.total, a.sheetId).not.toBeNull();
      expect(Number(s.total)).toBeCloseTo(a.json!.sheet!.total!, 6);
      expect(s.version).toBe(a.json!.sheet!.version);
      expect(s.idempotencyKey).toBe(a.key);
      expect(audits.get(a.sheetId), a.sheetId).toBe(1);
    }
    // Unacknowledged ones are either fully there (committed just before the kill) or not at all.
    for (const id of sheetIds) expect(audits.get(id)! <= 1, id).toBe(true);
    expect(report(await halfWritten(db.prisma, round.roundId))).toBe('none');
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true });

    // Retry every request with its own key: acknowledged → the same answer, nothing changes; the rest
    // complete exactly once.
    const before = new Map(acked.map((a) => [a.sheetId, a]));
    const retried = await Promise.all(
      plans.flat().map((p) => submit(server!.url, p.cookie, p.sheetId, p.key, p.body)),
    );
    for (const r of retried) {
      expect(r.status, `${r.sheetId} ${JSON.stringify(r.json)}`).toBe(200);
      const earlier = before.get(r.sheetId);
      if (earlier) {
        expect(r.json!.sheet!.total).toBe(earlier.json!.sheet!.total);
        expect(r.json!.sheet!.version).toBe(earlier.json!.sheet!.version);
        expect(r.json!.sheet!.submittedAt ?? null).toBe(earlier.json!.sheet!.submittedAt ?? null);
      }
    }
    audits = await submitAudits(db.prisma, sheetIds);
    for (const id of sheetIds) expect(audits.get(id), id).toBe(1);
    const after = await db.prisma.scoreSheet.findMany({
      where: { id: { in: sheetIds } },
      select: { id: true, state: true, total: true },
    });
    expect(after.every((s) => s.state === 'submitted' && s.total !== null)).toBe(true);
    expect(report(await halfWritten(db.prisma, round.roundId))).toBe('none');
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true });

    // The results API agrees: every item counted all its experts.
    const { results } = await callJson<{ results: { itemId: string; experts: number }[] }>(
      server!.url,
      `/api/v1/rounds/${round.roundId}/results`,
      { cookie: round.agencyCookie },
    );
    const expectedPerItem = new Map<string, number>();
    for (const e of round.experts)
      for (const s of e.sheets) expectedPerItem.set(s.itemId, (expectedPerItem.get(s.itemId) ?? 0) + 1);
    expect(results).toHaveLength(ITEMS);
    for (const r of results) expect(r.experts, r.itemId).toBe(expectedPerItem.get(r.itemId));
  }, 300_000);
});
