// Throwaway SQLite databases for integration tests: a fresh temp file per call, with every committed
// migration applied (the same SQL `prisma migrate deploy` runs), so tests exercise the real schema.
//
// Two ways to use it:
// - `createTestDb()` gives a ready PrismaClient for tests that talk to Prisma directly;
// - `import '#tests/support/use-test-db'` as the FIRST import of a test file points
//   `#app/utils/db.server` (and everything built on it) at a fresh database.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { createAdapterFactory } from '#app/utils/db-adapter.server';

const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

/** Migration folders in the order Prisma applies them (their names start with a timestamp). */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => join(dir, name, 'migration.sql'));
}

/** Applies every migration to the SQLite file (created when missing). Synchronous on purpose. */
export function migrateSqliteFile(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    for (const sql of migrationFiles()) db.exec(readFileSync(sql, 'utf8'));
  } finally {
    db.close();
  }
}

// Temp directories still to remove; one exit handler for all of them.
const leftovers = new Set<string>();
process.once('exit', () => {
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

/** A new, migrated, empty database file in the OS temp directory; removed when the process exits. */
export function createTestDatabaseFile(): { file: string; url: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pingshen-test-'));
  leftovers.add(dir);
  const file = join(dir, 'test.db');
  migrateSqliteFile(file);
  return { file, url: `file:${file}`, dir };
}

export interface TestDb {
  prisma: PrismaClient;
  file: string;
  url: string;
  cleanup: () => Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const { file, url, dir } = createTestDatabaseFile();
  const prisma = new PrismaClient({ adapter: createAdapterFactory(url) });
  return {
    prisma,
    file,
    url,
    cleanup: async () => {
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
      leftovers.delete(dir);
    },
  };
}
