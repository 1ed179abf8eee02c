// Committing a round's workbook: all-or-nothing in one transaction, one audit event for the file.
import type { PrismaClient } from '@prisma/client';
import { stateAfterImport } from '#scoring/round-states';
import { CanonicalText, canonicalJson, holdAuditChain, recordAudit } from '#app/models/audit.server';
import { prisma } from '#app/utils/db.server';
import { fail, refuse, succeed, type Outcome } from '#app/utils/outcome';
import { yieldIfBusy } from '#app/utils/yield.server';
import { canonicalArrayText } from './canonical-json';
import { loadRound } from './load.server';
import { plan, type ItemsImportPreview } from './plan.server';
import { readAgain, readFile, readingKey } from './read.server';
import { writeOrganisations, writePlatforms } from './write-directory.server';
import { writeItems } from './write-items.server';

// Generous: 2,000 applications with an audit event each take a few seconds on a shared machine.
const COMMIT_TIMEOUT_MS = 300_000;

// Items listed per audit event of an import (see import.items below).
const ITEMS_PER_EVENT = 200;

/**
 * Imported: the batch and its counts. Refused: 404 when the round does not exist, 400 with the
 * file's problems and the preview that lists them.
 */
export type CommitOutcome = Outcome<
  { batchId: string; created: number; updated: number; preview: ItemsImportPreview },
  { preview?: ItemsImportPreview }
>;

const ROUND_MISSING = '评审工作不存在';

function refusedFile(preview: ItemsImportPreview): CommitOutcome {
  return { ...refuse(preview.refused ?? 400, preview.problems), preview };
}

/**
 * Writes a file to a round when it has no problem: the organisation (by code), its platform in the
 * round's jurisdiction and the round's item, plus the ImportBatch and one audit event listing every
 * item created or updated with its data before and after. Reading and checking the workbook (the
 * slow part) happens before the transaction; inside it the plan is made again against the database
 * as it is then, and every write is batched. Any failure rolls everything back.
 */
export async function commitItemsImport(
  roundId: string,
  bytes: Buffer,
  fileName: string,
  actorId: string,
  db: PrismaClient = prisma,
): Promise<CommitOutcome> {
  const outside = await loadRound(db, roundId);
  if (!outside) return fail(404, ROUND_MISSING);
  const file = await readFile(outside, bytes);
  if (file.read.problems.length > 0) {
    // Nothing will be written: the preview is made without holding the database.
    return refusedFile((await plan(db, outside, file, fileName)).preview);
  }
  return db.$transaction(
    async (tx): Promise<CommitOutcome> => {
      // Imports take turns with every audited write, whichever round they go to: holding the audit
      // chain's head from the start (PostgreSQL; SQLite already allows one writer) means a file sent
      // twice at once, or two rounds' files naming the same new unit, are planned the second time
      // against the first one's items, organisations and platforms instead of creating them again.
      await holdAuditChain(tx);
      const round = await loadRound(tx, roundId);
      if (!round) return fail(404, ROUND_MISSING);
      // The scheme (extra columns) or the statistics window changed since the file was read: read the
      // already opened workbook again (the sandbox is not entered inside the transaction).
      const current = readingKey(round) === file.readFor ? file : await readAgain(round, file);
      const { preview, units } = await plan(tx, round, current, fileName);
      if (!preview.canCommit) return refusedFile(preview);

      const batch = await tx.importBatch.create({
        data: {
          roundId,
          kind: 'items',
          fileName,
          fileSha256: preview.sha256,
          rowCount: units.length,
          created: units.filter((u) => u.existingItemId === null).length,
          updated: units.filter((u) => u.existingItemId !== null).length,
          state: 'committed',
          problems: canonicalJson(preview.warnings),
          createdById: actorId,
        },
        select: { id: true, created: true, updated: true },
      });

      const organisations = await writeOrganisations(
        tx,
        units.map((u) => u.unit),
      );
      const orgIds = organisations.ids;
      const platforms = await writePlatforms(
        tx,
        round.jurisdiction,
        units.map((u) => u.unit),
        orgIds,
      );
      const platformIds = platforms.ids;

      const changes = await writeItems(tx, {
        roundId,
        roundKind: round.kind,
        templateKind: current.kind,
        batchId: batch.id,
        units,
        orgIds,
        platformIds,
      });

      const nextState = stateAfterImport(round.state);
      if (nextState) {
        await tx.round.update({ where: { id: roundId }, data: { state: nextState } });
        await recordAudit(tx, {
          actorId,
          action: 'round.state',
          entity: 'Round',
          entityId: roundId,
          before: { state: round.state },
          after: { state: nextState },
        });
      }
      // One event for the file: which item was created or updated, with its data before and after,
      // so each item's history is traceable without an event per row. A large file's list goes into
      // follow-up events of ITEMS_PER_EVENT items each (import.items, part i of n): one event of
      // several MB held the event loop for a second while SQLite wrote it.
      const parts = changes.length > ITEMS_PER_EVENT ? Math.ceil(changes.length / ITEMS_PER_EVENT) : 0;
      await recordAudit(tx, {
        actorId,
        action: 'import.commit',
        entity: 'ImportBatch',
        entityId: batch.id,
        after: {
          roundId,
          fileName,
          sha256: preview.sha256,
          created: batch.created,
          updated: batch.updated,
          ...(parts === 0
            ? { items: new CanonicalText(await canonicalArrayText(changes, yieldIfBusy)) }
            : { itemEvents: parts }),
          // Organisations and platforms are shared by rounds and have no events of their own.
          organisations: organisations.changes,
          platforms: platforms.changes,
        },
      });
      for (let part = 1; part <= parts; part++) {
        const slice = changes.slice((part - 1) * ITEMS_PER_EVENT, part * ITEMS_PER_EVENT);
        await recordAudit(tx, {
          actorId,
          action: 'import.items',
          entity: 'ImportBatch',
          entityId: batch.id,
          after: { part, of: parts, items: new CanonicalText(await canonicalArrayText(slice, yieldIfBusy)) },
        });
      }
      return succeed({ batchId: batch.id, created: batch.created, updated: batch.updated, preview });
    },
    { timeout: COMMIT_TIMEOUT_MS, maxWait: 30_000 },
  );
}
