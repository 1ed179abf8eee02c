// First-run data: the policy presets as Scheme rows (always kept up to date) and, when the database
// has no users yet, the demo dataset. Both are idempotent: running them again changes nothing.
import type { PrismaClient } from '@prisma/client';
import { canonicalJson, recordAudit } from '#app/models/audit.server';
import type { Tx } from '#app/utils/db.server';
import { hashPassword } from '#app/utils/password.server';
import { buildDemoDataset, DEMO_ACCOUNT_PLAN, DEMO_PASSWORD, type DemoAccount } from '#seeds/demo/build';
import { presets } from '#seeds/presets/index';

export { DEMO_ACCOUNT_PLAN, DEMO_PASSWORD } from '#seeds/demo/build';

// Large enough for the whole demo on a slow shared machine; SQLite holds the write lock meanwhile.
const SEED_TRANSACTION_TIMEOUT_MS = 120_000;

export interface PresetLoad {
  created: string[];
  updated: string[];
}

/**
 * Upserts one Scheme row per shipped preset (presetKey = preset id). A preset whose definition
 * changed since the last load gets the new definition and version + 1; rounds keep their own copies,
 * so an update never alters a round in progress.
 */
export async function loadPresets(tx: Tx): Promise<PresetLoad> {
  const result: PresetLoad = { created: [], updated: [] };
  for (const preset of presets) {
    const definition = canonicalJson(preset);
    const existing = await tx.scheme.findUnique({ where: { presetKey: preset.id } });
    if (!existing) {
      const row = await tx.scheme.create({
        data: {
          presetKey: preset.id,
          presetId: preset.id,
          name: preset.name,
          jurisdiction: preset.jurisdiction,
          kind: preset.kind,
          definition,
        },
      });
      await recordAudit(tx, {
        actorId: null,
        action: 'scheme.preset.load',
        entity: 'Scheme',
        entityId: row.id,
        after: { presetKey: preset.id, version: row.version },
      });
      result.created.push(preset.id);
    } else if (existing.definition !== definition || existing.name !== preset.name) {
      const row = await tx.scheme.update({
        where: { id: existing.id },
        data: { name: preset.name, definition, version: { increment: 1 } },
      });
      await recordAudit(tx, {
        actorId: null,
        action: 'scheme.preset.update',
        entity: 'Scheme',
        entityId: row.id,
        before: { version: existing.version },
        after: { version: row.version },
      });
      result.updated.push(preset.id);
    }
  }
  return result;
}

export interface SeedResult {
  created: boolean; // the demo dataset was written in this call
  presets: PresetLoad;
  accounts: DemoAccount[]; // demo accounts present in the database (empty when it holds real users only)
}

/**
 * Loads the presets, then the demo dataset if the database has no users. Everything in one
 * transaction: a failure leaves the database as it was.
 */
export async function seedDatabase(prisma: PrismaClient): Promise<SeedResult> {
  return prisma.$transaction(
    async (tx) => {
      const presetLoad = await loadPresets(tx);
      if ((await tx.user.count()) > 0) {
        return { created: false, presets: presetLoad, accounts: await existingDemoAccounts(tx) };
      }
      const ds = buildDemoDataset();
      for (const account of ds.accounts) {
        await tx.user.create({
          data: {
            id: ds.userIds[account.username],
            username: account.username,
            displayName: account.displayName,
            passwordHash: await hashPassword(DEMO_PASSWORD),
            roles: { create: account.roles.map((role) => ({ role })) },
          },
        });
      }
      // Parents before children: branches reference their parent organisation.
      await tx.organisation.createMany({ data: ds.organisations.filter((o) => !o.parentId) });
      await tx.organisation.createMany({ data: ds.organisations.filter((o) => o.parentId) });
      await tx.platform.createMany({ data: ds.platforms });
      await tx.platformResult.createMany({ data: ds.platformResults });
      await tx.scheme.createMany({ data: ds.schemes });
      await tx.round.createMany({ data: ds.rounds });
      await tx.importBatch.createMany({ data: ds.importBatches });
      await tx.item.createMany({ data: ds.items });
      await tx.expert.createMany({ data: ds.experts });
      await tx.expertConflict.createMany({ data: ds.expertConflicts });
      await tx.panel.createMany({ data: ds.panels });
      await tx.panelMember.createMany({ data: ds.panelMembers });
      await tx.assignment.createMany({ data: ds.assignments });
      await tx.assignmentRecusal.createMany({ data: ds.recusals });
      await tx.scoreSheet.createMany({ data: ds.sheets });
      await tx.result.createMany({ data: ds.results });
      await tx.defenceSession.createMany({ data: ds.sessions });
      await recordAudit(tx, {
        actorId: null,
        action: 'demo.seed',
        entity: 'Database',
        entityId: 'demo',
        after: {
          users: ds.accounts.length,
          organisations: ds.organisations.length,
          platforms: ds.platforms.length,
          rounds: ds.rounds.length,
          items: ds.items.length,
          experts: ds.experts.length,
          panels: ds.panels.length,
          sheets: ds.sheets.length,
        },
      });
      return { created: true, presets: presetLoad, accounts: ds.accounts };
    },
    { timeout: SEED_TRANSACTION_TIMEOUT_MS, maxWait: SEED_TRANSACTION_TIMEOUT_MS },
  );
}

async function existingDemoAccounts(tx: Tx): Promise<DemoAccount[]> {
  const users = await tx.user.findMany({
    where: { username: { in: DEMO_ACCOUNT_PLAN.map((a) => a.username) }, disabled: false },
    select: { username: true, displayName: true },
  });
  return DEMO_ACCOUNT_PLAN.flatMap((plan) => {
    const user = users.find((u) => u.username === plan.username);
    return user ? [{ ...plan, displayName: user.displayName }] : [];
  });
}
