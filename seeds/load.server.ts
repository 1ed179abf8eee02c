// First-run data: the policy presets as Scheme rows (always kept up to date) and, when the database
// has no users yet, the demo dataset. Both are idempotent: running them again changes nothing.
import type { PrismaClient } from '@prisma/client';
import { canonicalJson, recordAudit } from '#app/models/audit.server';
import { recomputeRound } from '#app/models/result.server';
import { createSessionIn } from '#app/models/session.server';
import type { Tx } from '#app/utils/db.server';
import { hashPassword, verifyPassword } from '#app/utils/password.server';
import { buildDemoDataset, DEMO_ACCOUNT_PLAN, DEMO_PASSWORD, type DemoAccount } from '#seeds/demo/build';
import { presets } from '#seeds/presets/index';
import { builtInHolidayRows } from '#scoring/holiday-calendar';

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
  accounts: DemoAccount[]; // enabled demo accounts whose password is still the demo password
}

/**
 * Loads the presets, then the demo dataset if the database has no users. Everything in one
 * transaction: a failure leaves the database as it was. Safe when several instances start at once:
 * the first statement locks the audit chain head, so seeders run one after another and the later
 * ones find the work done.
 */
export async function seedDatabase(prisma: PrismaClient): Promise<SeedResult> {
  // Hashing is slow on purpose: do it before taking the database lock, and only when the demo will
  // probably be written (the transaction checks again).
  const passwordHashes = (await prisma.user.count()) === 0 ? await demoPasswordHashes() : null;
  const outcome = await prisma.$transaction(
    async (tx) => {
      await tx.auditChainHead.update({ where: { id: 1 }, data: { seq: { increment: 0 } } });
      const presetLoad = await loadPresets(tx);
      if ((await tx.user.count()) > 0) return { created: false, presets: presetLoad, accounts: null };
      const ds = buildDemoDataset();
      const hashes = passwordHashes ?? (await demoPasswordHashes());
      for (const [i, account] of ds.accounts.entries()) {
        await tx.user.create({
          data: {
            id: ds.userIds[account.username],
            username: account.username,
            displayName: account.displayName,
            passwordHash: hashes[i],
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
      // Results of the rounds in scoring, through the real model (the same recompute as a submit).
      for (const round of ds.rounds)
        if (round.state === 'scoring') await recomputeRound(tx, round.id as string);
      await tx.defenceSession.createMany({ data: ds.sessions });
      await planDemoSession(tx, ds);
      // The holiday years the `chinese-days` package knows, so 公示 periods work out of the box.
      const holidayYears = await seedBuiltInHolidays(tx);
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
          holidayYears,
        },
      });
      return { created: true, presets: presetLoad, accounts: ds.accounts };
    },
    { timeout: SEED_TRANSACTION_TIMEOUT_MS, maxWait: SEED_TRANSACTION_TIMEOUT_MS },
  );
  return { ...outcome, accounts: outcome.accounts ?? (await demoAccountsInUse(prisma)) };
}

/** 09:00 Beijing time (UTC+8) on the day after `now`, as an ISO instant. */
export function tomorrowNineBeijing(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(
    Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1, 1, 0, 0),
  ).toISOString();
}

/**
 * The demo chair's panel plans its defence session (集中答辩) for tomorrow 09:00 Beijing, through the
 * session model as the agency would, so a newcomer signing in as `chair` finds one to run.
 */
async function planDemoSession(tx: Tx, ds: ReturnType<typeof buildDemoDataset>): Promise<void> {
  const chairExpert = ds.experts.find((e) => e.userId === ds.userIds.chair);
  const seat = ds.panelMembers.find((m) => m.expertId === chairExpert?.id && m.role === 'chair');
  if (!seat) throw new Error('demo data: the chair account holds no chair seat');
  const planned = await createSessionIn(tx, ds.userIds.agency, seat.panelId, {
    name: '集中答辩（第一组）',
    venue: '成都市高新区天府大道中段 1 号 5 楼第一会议室',
    scheduledAt: tomorrowNineBeijing(),
  });
  if (!planned.ok) throw new Error(`demo data: the defence session was refused: ${planned.error}`);
}

async function demoPasswordHashes(): Promise<string[]> {
  const hashes: string[] = [];
  // One at a time: each scrypt call holds 32 MiB.
  for (const _account of DEMO_ACCOUNT_PLAN) hashes.push(await hashPassword(DEMO_PASSWORD));
  return hashes;
}

/** Demo accounts that still exist, are enabled and still have the demo password (so the banner never advertises a changed one). */
async function demoAccountsInUse(prisma: PrismaClient): Promise<DemoAccount[]> {
  const users = await prisma.user.findMany({
    where: { username: { in: DEMO_ACCOUNT_PLAN.map((a) => a.username) }, disabled: false },
    select: { username: true, displayName: true, passwordHash: true },
  });
  const accounts: DemoAccount[] = [];
  for (const plan of DEMO_ACCOUNT_PLAN) {
    const user = users.find((u) => u.username === plan.username);
    if (user && (await verifyPassword(DEMO_PASSWORD, user.passwordHash))) {
      accounts.push({ ...plan, displayName: user.displayName });
    }
  }
  return accounts;
}

/**
 * Seeds the built-in holiday years (the `chinese-days` package) into an empty HolidayRow table, inside
 * the transaction that writes a fresh database (audited there as part of 'demo.seed'): a new
 * installation counts 公示 periods out of the box. A table with any row is left alone; later changes
 * go through app/models/holiday.server.ts. Returns the years written.
 */
export async function seedBuiltInHolidays(tx: Tx): Promise<number[]> {
  if ((await tx.holidayRow.count()) > 0) return [];
  const rows = builtInHolidayRows().map((r) => ({ ...r, year: Number(r.date.slice(0, 4)) }));
  await tx.holidayRow.createMany({ data: rows });
  return [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
}
