// A large file's change list is audited in parts: the import.commit event names how many
// import.items events follow, each lists at most 200 items with their data, and together they name
// every item exactly once. The chain stays verifiable (the large parts are written with plain SQL).
import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalText, verifyAuditChain } from '#app/models/audit.server';
import { commitItemsImport } from '#app/models/import.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';
import { applicationRows, filledWorkbook } from '#tests/fixtures/xlsx/factory';

let actor: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { username: 'agency-parts', displayName: '评价机构', passwordHash: 'x' },
  });
  actor = user.id;
});

describe('the audit of a large import', () => {
  it('splits 450 items into three import.items events after one import.commit', async () => {
    const round = await createRound(
      createRoundSchema.parse({
        presetId: 'sichuan-2025-recognition',
        name: '分段审计 导入',
        year: 2026,
        window: '2025-01-01至2025-12-31',
      }),
      actor,
    );
    const outcome = await commitItemsImport(
      round.id,
      filledWorkbook('application', applicationRows(450)),
      'big.xlsx',
      actor,
    );
    expect(outcome).toMatchObject({ ok: true, created: 450 });
    if (!outcome.ok) return;
    const events = await prisma.auditEvent.findMany({
      where: { entity: 'ImportBatch', entityId: outcome.batchId },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual([
      'import.commit',
      'import.items',
      'import.items',
      'import.items',
    ]);
    const commit = JSON.parse(events[0].after ?? '{}') as { itemEvents?: number; items?: unknown };
    expect(commit.itemEvents).toBe(3);
    expect(commit.items).toBeUndefined();
    const parts = events.slice(1).map(
      (e) =>
        JSON.parse(e.after ?? '{}') as {
          part: number;
          of: number;
          items: { itemId: string; action: string; after: { data: object } }[];
        },
    );
    expect(parts.map((p) => [p.part, p.of, p.items.length])).toEqual([
      [1, 3, 200],
      [2, 3, 200],
      [3, 3, 50],
    ]);
    const named = parts.flatMap((p) => p.items.map((i) => i.itemId));
    const items = await prisma.item.findMany({ where: { roundId: round.id }, select: { id: true } });
    expect(new Set(named).size).toBe(450);
    expect([...named].sort()).toEqual(items.map((i) => i.id).sort());
    expect(parts[0].items[0]).toMatchObject({ action: 'create', after: { data: expect.any(Object) } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

describe('canonicalJson with parts written beforehand', () => {
  it('gives the same text as writing the value whole, whatever the strings in it say', () => {
    const inner = { b: [1, 'x\u0000canonical:0', '$&$1'], a: { z: null, y: '"' } };
    const hostile = '\u0000canonical:0';
    expect(canonicalJson({ z: 1, items: new CanonicalText(canonicalJson(inner)), s: hostile })).toBe(
      canonicalJson({ z: 1, items: inner, s: hostile }),
    );
  });
});
