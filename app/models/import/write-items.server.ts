// The round's items written from an imported file: new ones created in chunks, existing ones
// updated in grouped statements, with the change list for the import's audit event.
import { Prisma } from '@prisma/client';
import type { EligibilityResult } from '#scoring/types';
import { CanonicalText } from '#app/models/audit.server';
import { canonicalText } from './canonical-json';
import type { Tx } from '#app/utils/db.server';
import type { ImportedUnit } from '#app/utils/xlsx/import-preview';
import { workbookSpec, type TemplateKind } from '#app/utils/xlsx/spec';
import { yieldIfBusy } from '#app/utils/yield.server';
import { insertRows, textParam } from '#app/models/bulk-sql.server';
import { inChunks, newId } from './load.server';
import type { Plan, PlannedUnit } from './plan.server';
import { itemKindOf } from './template.server';

/**
 * What the item keeps: the flat data the engine reads, the service lists, and under `details` the
 * rows of the form's detail sheets (operations, projects, cases, equipment) without their code
 * column, for exports and later checks.
 */
function itemDataOf(unit: ImportedUnit, detailSheets: readonly { name: string; detailKey: string }[]) {
  const details: Record<string, Record<string, unknown>[]> = {};
  for (const sheet of detailSheets) {
    details[sheet.detailKey] = (unit.details[sheet.name] ?? []).map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(row)) if (key !== 'uscc') out[key] = row[key];
      return out;
    });
  }
  return {
    ...unit.data,
    serviceFields: unit.serviceFields.join('、'),
    serviceScopes: unit.serviceScopes.join('、'),
    ...(detailSheets.length > 0 ? { details } : {}),
  };
}

const ITEM_COLUMNS = [
  'id',
  'roundId',
  'platformId',
  'organisationId',
  'kind',
  'name',
  'group',
  'data',
  'eligibility',
  'flags',
  'importKey',
  'importBatchId',
  'createdAt',
  'updatedAt',
] as const;

// Rows per grouped UPDATE: 8 parameters each, well under SQLite's and PostgreSQL's limits.
const UPDATE_CHUNK = 200;

interface ItemValues {
  id: string;
  platformId: string;
  organisationId: string;
  name: string;
  group: string | null;
  data: string;
  eligibility: string;
  flags: string;
}

/** Whether an item's stored values are the ones a file would write (then it is left as it is). */
function sameValues(
  previous: Omit<ItemValues, 'id' | 'eligibility'> & { eligibility: string | null },
  next: Omit<ItemValues, 'id'>,
): boolean {
  return (
    previous.platformId === next.platformId &&
    previous.organisationId === next.organisationId &&
    previous.name === next.name &&
    previous.group === next.group &&
    previous.data === next.data &&
    previous.eligibility === next.eligibility &&
    previous.flags === next.flags
  );
}

/**
 * Updates many items whose values differ row by row in a few statements: UPDATE … FROM (VALUES …),
 * which SQLite (3.33+) and PostgreSQL both accept and both name column1, column2, … . Text columns
 * only; the columns shared by every row (batch, kind, updatedAt) are set through Prisma after it.
 */
async function updateItemRows(tx: Tx, rows: ItemValues[]): Promise<void> {
  for (let i = 0; i < rows.length; i += UPDATE_CHUNK) {
    const values = rows
      .slice(i, i + UPDATE_CHUNK)
      .map(
        (r) =>
          Prisma.sql`(${r.id}, ${r.platformId}, ${r.organisationId}, ${r.name}, ${r.group}, ${textParam(tx, r.data)}, ${r.eligibility}, ${r.flags})`,
      );
    // The whole statement is one Prisma.sql object, rendered by the client for its database: the
    // client's own tag would take fragments made by another Prisma runtime as plain parameters.
    await tx.$executeRaw(
      Prisma.sql`UPDATE "Item" SET "platformId" = v.column2, "organisationId" = v.column3, "name" = v.column4, "group" = v.column5, "data" = v.column6, "eligibility" = v.column7, "flags" = v.column8 FROM (VALUES ${Prisma.join(values)}) AS v WHERE "Item"."id" = v.column1`,
    );
  }
}

/**
 * Creates and updates the round's items for the planned units (organisations and platforms already
 * written) and returns, per item, what changed for the audit event.
 */
export async function writeItems(
  tx: Tx,
  {
    roundId,
    roundKind,
    templateKind,
    batchId,
    units,
    orgIds,
    platformIds,
  }: {
    roundId: string;
    roundKind: string;
    templateKind: TemplateKind;
    batchId: string;
    units: Plan['units'];
    orgIds: Map<string, string>;
    platformIds: Map<string, string>;
  },
): Promise<unknown[]> {
  const detailSheets = workbookSpec(templateKind).sheets.flatMap((s) =>
    s.detailKey ? [{ name: s.name, detailKey: s.detailKey }] : [],
  );
  const kind = itemKindOf(roundKind);
  const values = (unit: ImportedUnit, planned: PlannedUnit) => {
    const data = itemDataOf(unit, detailSheets);
    return {
      data,
      row: {
        platformId: platformIds.get(unit.uscc) as string,
        organisationId: orgIds.get(unit.uscc) as string,
        name: unit.platformName,
        group: unit.category,
        data: canonicalText(data),
        eligibility: canonicalText(planned.eligibility),
        flags: canonicalText(planned.flags),
      },
    };
  };
  const changes: unknown[] = [];

  // New items: ids made here, rows inserted as one JSON parameter per few MB (no read-back).
  const fresh = units.filter((u) => u.existingItemId === null);
  const freshValues = [];
  for (const { unit, planned } of fresh) {
    await yieldIfBusy(); // serialising 2,000 items' data takes a few hundred ms in all
    freshValues.push({ id: newId(), unit, planned, ...values(unit, planned) });
  }
  const now = new Date();
  await insertRows(
    tx,
    'Item',
    ITEM_COLUMNS,
    freshValues.map(({ id, unit, row: r }) => ({
      id,
      roundId,
      platformId: r.platformId,
      organisationId: r.organisationId,
      kind,
      name: r.name,
      group: r.group,
      data: r.data,
      eligibility: r.eligibility,
      flags: r.flags,
      importKey: unit.uscc,
      importBatchId: batchId,
      createdAt: now,
      updatedAt: now,
    })),
    yieldIfBusy,
  );

  // Existing items: previous values read in chunks; rows whose values differ written in grouped
  // UPDATEs (an unchanged row, as when the same file is sent again, is not rewritten); the shared
  // values (batch, kind, updatedAt) and the reset of voided decisions in one statement per chunk.
  const existing = units.filter((u) => u.existingItemId !== null);
  const before = new Map(
    (
      await inChunks(
        existing.map((u) => u.existingItemId as string),
        (chunk) =>
          tx.item.findMany({
            where: { id: { in: chunk } },
            select: {
              id: true,
              platformId: true,
              organisationId: true,
              name: true,
              group: true,
              data: true,
              eligibility: true,
              flags: true,
              eligibilityDecision: true,
            },
          }),
      )
    ).map((row) => [row.id, row]),
  );
  const updates: ItemValues[] = [];
  const resetIds: string[] = [];
  for (const { unit, planned, existingItemId } of existing) {
    await yieldIfBusy();
    const id = existingItemId as string;
    const previous = before.get(id);
    const { row } = values(unit, planned);
    if (previous && sameValues(previous, row)) {
      changes.push({ itemId: id, uscc: unit.uscc, action: 'unchanged' });
      continue;
    }
    const previousOverall = previous?.eligibility
      ? (JSON.parse(previous.eligibility) as EligibilityResult).overall
      : null;
    // A decision taken on other data is void once the eligibility outcome changes.
    const resetDecision = previousOverall !== planned.eligibility.overall;
    if (resetDecision) resetIds.push(id);
    updates.push({ id, ...row });
    changes.push({
      itemId: id,
      uscc: unit.uscc,
      action: 'update',
      before: {
        data: previous ? (JSON.parse(previous.data) as unknown) : null,
        overall: previousOverall,
        decision: previous?.eligibilityDecision ?? null,
      },
      after: {
        data: new CanonicalText(row.data), // the stored text, not serialised a second time
        overall: planned.eligibility.overall,
        flags: planned.flags,
        decision: resetDecision ? 'pending' : (previous?.eligibilityDecision ?? null),
      },
    });
  }
  await updateItemRows(tx, updates);
  await inChunks(
    existing.map((u) => u.existingItemId as string),
    async (chunk) => {
      await tx.item.updateMany({ where: { id: { in: chunk } }, data: { kind, importBatchId: batchId } });
      return [];
    },
  );
  await inChunks(resetIds, async (chunk) => {
    await tx.item.updateMany({
      where: { id: { in: chunk } },
      data: {
        eligibilityDecision: 'pending',
        eligibilityReason: null,
        decidedById: null,
        decidedAt: null,
      },
    });
    return [];
  });

  for (const { id, unit, planned, row } of freshValues) {
    changes.push({
      itemId: id,
      uscc: unit.uscc,
      action: 'create',
      after: {
        data: new CanonicalText(row.data),
        overall: planned.eligibility.overall,
        flags: planned.flags,
      },
    });
  }
  return changes;
}
