// Shared by the reliability suites: submitting over HTTP with an Idempotency-Key, and the checks of
// what the database holds afterwards (read with the test process's own client, never through the app).
import type { PrismaClient } from '@prisma/client';
import { call, type ResultJson, type SheetJson } from '#tests/support/live-fixture';

export type SubmitBody = { version: number; scores: Record<string, number>; comment?: string };

export type SubmitAttempt = {
  sheetId: string;
  key: string;
  body: SubmitBody;
  /** HTTP status, or 0 when the request failed on the wire (server killed, aborted). */
  status: number;
  json?: { sheet?: SheetJson; result?: ResultJson | null; error?: string };
};

/** POST /api/v1/sheets/:id/submit with the Idempotency-Key; network failures become status 0. */
export async function submit(
  base: string,
  cookie: string,
  sheetId: string,
  key: string,
  body: SubmitBody,
  signal?: AbortSignal,
): Promise<SubmitAttempt> {
  try {
    const response = await call(base, `/api/v1/sheets/${sheetId}/submit`, {
      cookie,
      headers: { 'idempotency-key': key },
      json: body,
      signal,
    });
    const text = await response.text();
    let json: SubmitAttempt['json'];
    try {
      json = JSON.parse(text);
    } catch {
      json = { error: text.slice(0, 200) };
    }
    return { sheetId, key, body, status: response.status, json };
  } catch {
    return { sheetId, key, body, status: 0 };
  }
}

/** Lists cut to stay under SQLite's bound-parameter limit in `IN (…)` queries. */
export function chunks<T>(xs: T[], size = 400): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export const SUBMIT_ACTION = 'sheet.submit';

/** How many `sheet.submit` audit events each sheet has. */
export async function submitAudits(prisma: PrismaClient, sheetIds: string[]): Promise<Map<string, number>> {
  const events: { entityId: string }[] = [];
  for (const ids of chunks(sheetIds))
    events.push(
      ...(await prisma.auditEvent.findMany({
        where: { action: SUBMIT_ACTION, entityId: { in: ids } },
        select: { entityId: true },
      })),
    );
  const counts = new Map<string, number>(sheetIds.map((id) => [id, 0]));
  for (const e of events) counts.set(e.entityId, (counts.get(e.entityId) ?? 0) + 1);
  return counts;
}

/**
 * Nothing half-written in a round: every submitted sheet has its total and time, every draft has
 * neither, and each item's Result counts exactly the sheets submitted for it. Returns the problems.
 */
export async function halfWritten(prisma: PrismaClient, roundId: string): Promise<string[]> {
  const problems: string[] = [];
  const sheets = await prisma.scoreSheet.findMany({
    where: { roundId },
    select: {
      id: true,
      itemId: true,
      state: true,
      total: true,
      submittedAt: true,
      absent: true,
      recused: true,
    },
  });
  const submittedPerItem = new Map<string, number>();
  for (const s of sheets) {
    const done = s.state === 'submitted' || s.state === 'locked';
    if (done) {
      if (s.total === null) problems.push(`sheet ${s.id} ${s.state} without a total`);
      if (s.submittedAt === null) problems.push(`sheet ${s.id} ${s.state} without submittedAt`);
      if (!s.absent && !s.recused) submittedPerItem.set(s.itemId, (submittedPerItem.get(s.itemId) ?? 0) + 1);
    } else if (s.total !== null) problems.push(`draft ${s.id} with a total`);
  }
  const results = await prisma.result.findMany({
    where: { roundId },
    select: { itemId: true, submitted: true, experts: true },
  });
  const byItem = new Map(results.map((r) => [r.itemId, r]));
  for (const [itemId, n] of submittedPerItem) {
    const r = byItem.get(itemId);
    if (!r) problems.push(`item ${itemId}: ${n} sheets submitted, no Result`);
    else if (r.submitted !== n)
      problems.push(`item ${itemId}: ${n} sheets submitted, Result.submitted ${r.submitted}`);
  }
  for (const r of results) {
    if ((submittedPerItem.get(r.itemId) ?? 0) === 0 && r.submitted !== 0)
      problems.push(`item ${r.itemId}: Result.submitted ${r.submitted} with no sheet submitted`);
  }
  return problems;
}

/** Sorts and formats problems for a readable failure. */
export function report(problems: string[], max = 20): string {
  return problems.length === 0 ? 'none' : `${problems.length}: ${problems.slice(0, max).join('; ')}`;
}
