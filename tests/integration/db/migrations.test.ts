// From an empty database to a seeded workbench: the real `prisma migrate deploy` (JS schema engine,
// no downloaded binaries) on a fresh SQLite file, the migrated structure compared with the schema,
// then the demo seed twice — the second run must change nothing.
import '#tests/support/use-test-db';
import { migrationFiles } from '#tests/support/test-db';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import { createAdapterFactory } from '#app/utils/db-adapter.server';
import { isValidUscc } from '#app/utils/uscc';
import { presets } from '#seeds/presets/index';
import { DEMO_PASSWORD, seedDatabase } from '#seeds/load.server';
import { verifyPassword } from '#app/utils/password.server';
import { diffDatamodels, SQLITE_SCHEMA, toPostgresSchema } from '../../../scripts/prisma-schema-tools';

const run = promisify(execFile);
const PRISMA = resolve('node_modules/.bin/prisma');

let dir: string;
let file: string;
let prisma: PrismaClient;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingshen-migrate-'));
  file = join(dir, 'fresh.db');
});
afterAll(async () => {
  await prisma?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** Tables, columns, indexes and foreign keys of a SQLite file, in a comparable form. */
function structure(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name`,
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        {
          columns: (
            db.pragma(`table_info("${name}")`) as {
              name: string;
              type: string;
              notnull: number;
              dflt_value: unknown;
              pk: number;
            }[]
          )
            .map(
              (c) =>
                `${c.name} ${c.type} ${c.notnull ? 'NOT NULL' : ''} ${c.dflt_value ?? ''} ${c.pk ? 'PK' : ''}`,
            )
            .sort(),
          indexes: (db.pragma(`index_list("${name}")`) as { name: string; unique: number }[])
            .map((i) => `${i.name} ${i.unique ? 'UNIQUE' : ''}`)
            .sort(),
          foreignKeys: (
            db.pragma(`foreign_key_list("${name}")`) as {
              table: string;
              from: string;
              to: string;
              on_delete: string;
            }[]
          )
            .map((f) => `${f.from} -> ${f.table}.${f.to} ON DELETE ${f.on_delete}`)
            .sort(),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

describe('migrations from an empty database', () => {
  it('`prisma migrate deploy` creates the database offline and is a no-op the second time', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${file}` };
    const first = await run(PRISMA, ['migrate', 'deploy'], { env });
    expect(first.stdout).toMatch(
      /All migrations have been successfully applied|migrations? have been applied/,
    );
    const second = await run(PRISMA, ['migrate', 'deploy'], { env });
    expect(second.stdout).toMatch(/No pending migrations/);
  });

  it('leaves exactly the structure schema.prisma describes', async () => {
    const expected = join(dir, 'expected.db');
    const sql = diffDatamodels(null, readFileSync(SQLITE_SCHEMA, 'utf8'));
    const db = new Database(expected);
    db.exec(sql);
    db.close();
    expect(structure(file)).toEqual(structure(expected));
  });

  it('can compute the next migration offline for both databases (db:new-migration)', () => {
    const schema = readFileSync(SQLITE_SCHEMA, 'utf8');
    const changed = schema.replace(
      '  note             String?\n',
      '  note             String?\n  nationalId       String?\n',
    );
    expect(changed).not.toBe(schema);
    expect(diffDatamodels(schema, changed)).toMatch(/ALTER TABLE "Expert" ADD COLUMN "nationalId" TEXT;/);
    expect(diffDatamodels(toPostgresSchema(schema), toPostgresSchema(changed))).toMatch(
      /ALTER TABLE "Expert" ADD COLUMN\s+"nationalId" TEXT;/,
    );
  });

  it('starts the audit chain at its genesis head', () => {
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT id, seq, hash FROM AuditChainHead').all()).toEqual([
      { id: 1, seq: 0, hash: '0'.repeat(64) },
    ]);
    db.close();
  });
});

describe('npm start on a database file that already exists', () => {
  it('migrates an empty SQLite file left in WAL mode (e.g. by the sqlite3 shell) instead of failing busy', async () => {
    const empty = join(dir, 'empty-wal.db');
    const shell = new Database(empty);
    shell.pragma('journal_mode = WAL');
    shell.close();
    // The start sequence itself: check the connection, then `prisma migrate deploy` in its own process.
    const script =
      "const m = await import('#server/preflight'); await m.checkDatabase(process.env.DATABASE_URL); m.applyMigrations(); console.log('MIGRATED');";
    const { stdout } = await run(
      process.execPath,
      [
        resolve('node_modules/tsx/dist/cli.mjs'),
        '-e',
        `(async () => { ${script} })().catch((e) => { console.error(e.message); process.exit(1); })`,
      ],
      { env: { ...process.env, DATABASE_URL: `file:${empty}`, NODE_ENV: 'test' }, timeout: 90_000 },
    );
    expect(stdout).toContain('MIGRATED');
    const db = new Database(empty, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM _prisma_migrations').get()).toEqual({
        n: migrationFiles().length,
      });
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('seeding', () => {
  const tables = [
    'user',
    'userRole',
    'organisation',
    'platform',
    'platformResult',
    'scheme',
    'round',
    'importBatch',
    'item',
    'expert',
    'expertConflict',
    'panel',
    'panelMember',
    'assignment',
    'assignmentRecusal',
    'scoreSheet',
    'result',
    'defenceSession',
    'auditEvent',
  ] as const;
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        tables.map(
          async (t) => [t, await (prisma[t] as unknown as { count: () => Promise<number> }).count()] as const,
        ),
      ),
    );

  beforeAll(() => {
    prisma = new PrismaClient({ adapter: createAdapterFactory(`file:${file}`) });
  });

  it('writes presets and the demo dataset on an empty database', async () => {
    const result = await seedDatabase(prisma);
    expect(result.created).toBe(true);
    expect(result.presets.created).toEqual(presets.map((p) => p.id));
    expect(result.accounts.map((a) => a.username)).toEqual(['admin', 'agency', 'dept', 'chair', 'expert']);
    const c = await counts();
    expect(c.platform).toBe(60);
    expect(c.expert).toBe(25);
    expect(c.round).toBe(2);
    expect(c.panel).toBe(3);
    expect(c.scheme).toBe(presets.length + 2);
    expect(c.scoreSheet).toBeGreaterThan(40);
    expect(c.assignmentRecusal).toBeGreaterThan(0);
    expect(c.result).toBeGreaterThan(0);
    // Two defence sessions: the Shanghai panel's, and the one the demo chair's panel plans through
    // the session model (audited as session.create).
    expect(c.defenceSession).toBe(2);
    // One event per preset, the demo seed, and the planned session.
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, count: presets.length + 2 });
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await counts();
    const head = await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    const result = await seedDatabase(prisma);
    expect(result).toMatchObject({ created: false, presets: { created: [], updated: [] } });
    expect(result.accounts).toHaveLength(5);
    expect(await counts()).toEqual(before);
    expect(await prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head);
  });

  it('gives every role a demo account with the documented password', async () => {
    const users = await prisma.user.findMany({ include: { roles: true }, orderBy: { username: 'asc' } });
    const roles = new Set(users.flatMap((u) => u.roles.map((r) => r.role)));
    expect([...roles].sort()).toEqual(['admin', 'agency', 'chair', 'department', 'expert']);
    expect(await verifyPassword(DEMO_PASSWORD, users[0].passwordHash)).toBe(true);
    const chair = await prisma.user.findUniqueOrThrow({
      where: { username: 'chair' },
      include: { expert: { include: { panels: true } } },
    });
    expect(chair.expert?.panels.some((p) => p.role === 'chair')).toBe(true);
    const expert = await prisma.user.findUniqueOrThrow({
      where: { username: 'expert' },
      include: { expert: true },
    });
    const drafts = await prisma.scoreSheet.count({ where: { expertId: expert.expert?.id, state: 'draft' } });
    expect(drafts).toBeGreaterThan(0);
  });

  it('stores valid 统一社会信用代码 and at most three service fields per platform', async () => {
    const orgs = await prisma.organisation.findMany({ select: { uscc: true, parentId: true } });
    expect(orgs.every((o) => isValidUscc(o.uscc))).toBe(true);
    expect(orgs.some((o) => o.parentId !== null)).toBe(true);
    const platforms = await prisma.platform.findMany({ select: { fields: true, jurisdiction: true } });
    expect(new Set(platforms.map((p) => p.jurisdiction))).toEqual(new Set(['miit', 'sichuan', 'shanghai']));
    for (const p of platforms) expect((JSON.parse(p.fields) as string[]).length).toBeLessThanOrEqual(3);
  });

  it('advertises only demo accounts that still have the demo password', async () => {
    await prisma.user.update({ where: { username: 'admin' }, data: { passwordHash: 'changed' } });
    await prisma.user.update({ where: { username: 'dept' }, data: { disabled: true } });
    const result = await seedDatabase(prisma);
    expect(result.accounts.map((a) => a.username)).toEqual(['agency', 'chair', 'expert']);
  });

  it('serialises concurrent seeders (several instances starting at once)', async () => {
    const results = await Promise.all([seedDatabase(prisma), seedDatabase(prisma)]);
    expect(results.map((r) => r.created)).toEqual([false, false]);
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });

  it('loads an updated preset as a new version and leaves round copies alone', async () => {
    const preset = await prisma.scheme.findUniqueOrThrow({ where: { presetKey: 'sichuan-2025-annual' } });
    await prisma.scheme.update({ where: { id: preset.id }, data: { definition: '{"stale":true}' } });
    const copies = await prisma.scheme.findMany({ where: { presetKey: null }, orderBy: { id: 'asc' } });
    const result = await seedDatabase(prisma);
    expect(result.presets).toEqual({ created: [], updated: ['sichuan-2025-annual'] });
    const reloaded = await prisma.scheme.findUniqueOrThrow({ where: { id: preset.id } });
    expect(reloaded.version).toBe(preset.version + 1);
    expect(reloaded.definition).toBe(preset.definition);
    expect(await prisma.scheme.findMany({ where: { presetKey: null }, orderBy: { id: 'asc' } })).toEqual(
      copies,
    );
    expect((await verifyAuditChain(prisma)).ok).toBe(true);
  });
});
