// Re-importing a file rewrites only the items whose values changed: an unchanged row is listed in the
// audit event as unchanged (no data copied twice), keeps its decision and its stored values, and the
// rows inserted by the first import carry the ids the audit event names.
import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { commitItemsImport } from '#app/models/import.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';
import { applicationRows, filledWorkbook, usccFor } from '#tests/fixtures/xlsx/factory';

let actor: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { username: 'agency-unchanged', displayName: '评价机构', passwordHash: 'x' },
  });
  actor = user.id;
});

async function lastCommitEvent() {
  const event = await prisma.auditEvent.findFirstOrThrow({
    where: { action: 'import.commit' },
    orderBy: { seq: 'desc' },
  });
  return JSON.parse(event.after ?? '{}') as {
    created: number;
    updated: number;
    items: { itemId: string; uscc: string; action: string; before?: unknown; after?: unknown }[];
    organisations: { created: { id: string; uscc: string }[] };
    platforms: { created: { id: string; organisationId: string }[] };
  };
}

describe('re-importing a file', () => {
  it('creates rows under the ids the audit event names, then rewrites only the changed ones', async () => {
    const round = await createRound(
      createRoundSchema.parse({
        presetId: 'sichuan-2025-recognition',
        name: '重复导入 未变更',
        year: 2026,
        window: '2025-01-01至2025-12-31',
      }),
      actor,
    );
    const rows = applicationRows(3);
    const first = await commitItemsImport(round.id, filledWorkbook('application', rows), 'a.xlsx', actor);
    expect(first).toMatchObject({ ok: true, created: 3, updated: 0 });
    const created = await lastCommitEvent();
    const items = await prisma.item.findMany({
      where: { roundId: round.id },
      select: { id: true, importKey: true, organisationId: true, platformId: true, data: true },
    });
    expect(created.items.map((i) => [i.uscc, i.itemId]).sort()).toEqual(
      items.map((i) => [i.importKey, i.id]).sort(),
    );
    // Organisations and platforms inserted by the import are the ones its items point at.
    expect(created.organisations.created.map((o) => o.id).sort()).toEqual(
      items.map((i) => i.organisationId).sort(),
    );
    expect(created.platforms.created.map((p) => p.id).sort()).toEqual(items.map((i) => i.platformId).sort());
    const kept = items.find((i) => i.importKey === usccFor(1))!;
    await prisma.item.update({
      where: { id: kept.id },
      data: { eligibilityDecision: 'admitted', eligibilityReason: '材料齐全' },
    });

    // The same file again: every item matched, none rewritten.
    const same = await commitItemsImport(round.id, filledWorkbook('application', rows), 'a.xlsx', actor);
    expect(same).toMatchObject({ ok: true, created: 0, updated: 3 });
    const unchanged = await lastCommitEvent();
    expect(unchanged.items.map((i) => i.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(unchanged.items.every((i) => i.before === undefined && i.after === undefined)).toBe(true);
    const batch = await prisma.importBatch.findFirstOrThrow({
      orderBy: { createdAt: 'desc' },
      where: { roundId: round.id },
    });
    const after = await prisma.item.findMany({
      where: { roundId: round.id },
      select: { id: true, data: true, importBatchId: true, eligibilityDecision: true },
    });
    expect(after.map((i) => i.data).sort()).toEqual(items.map((i) => i.data).sort());
    // Still confirmed by the newest file, and the decision stands.
    expect(after.every((i) => i.importBatchId === batch.id)).toBe(true);
    expect(after.find((i) => i.id === kept.id)?.eligibilityDecision).toBe('admitted');

    // One changed cell: that item alone is updated, with its data before and after.
    const changed = applicationRows(3);
    changed.基本信息[1] = { ...changed.基本信息[1], equipmentValue: 9999 };
    await commitItemsImport(round.id, filledWorkbook('application', changed), 'b.xlsx', actor);
    const one = await lastCommitEvent();
    expect(one.items.map((i) => [i.uscc, i.action]).sort()).toEqual([
      [usccFor(1), 'unchanged'],
      [usccFor(2), 'update'],
      [usccFor(3), 'unchanged'],
    ]);
    const update = one.items.find((i) => i.action === 'update') as {
      before: { data: { equipmentValue: number } };
      after: { data: { equipmentValue: number } };
    };
    expect(update.after.data.equipmentValue).toBe(9999);
    expect(update.before.data.equipmentValue).not.toBe(9999);
    const stored = await prisma.item.findFirstOrThrow({
      where: { roundId: round.id, importKey: usccFor(2) },
      select: { data: true },
    });
    expect(JSON.parse(stored.data).equipmentValue).toBe(9999);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
