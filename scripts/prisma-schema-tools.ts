// Shared by the schema scripts and the drift test: turning the SQLite source schema into its
// PostgreSQL twin, and running `prisma migrate diff` between two datamodels (the one diff mode that
// works offline with the JS schema engine; `--from-migrations` needs a shadow database it cannot
// create for SQLite, and `--from-schema-datasource` is refused when an adapter is configured).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SQLITE_SCHEMA = join(ROOT, 'prisma/schema.prisma');
export const POSTGRES_SCHEMA = join(ROOT, 'prisma/schema.postgres.prisma');
export const SQLITE_MIGRATIONS = join(ROOT, 'prisma/migrations');
export const POSTGRES_MIGRATIONS = join(ROOT, 'prisma/migrations-postgres');
// The SQLite schema as it stood after each migration, so the next migration (and its PostgreSQL
// twin) can be computed as a datamodel-to-datamodel diff.
export const SNAPSHOTS = join(ROOT, 'prisma/snapshots');
// Statements after this line in a SQLite migration are portable data statements, copied verbatim.
export const DATA_MARKER = '-- Data (copied to PostgreSQL by scripts/generate-pg-schema.ts)';

const SQLITE_DATASOURCE = /datasource db \{\n {2}provider = "sqlite"\n {2}url {6}= "[^"]*"\n\}/;
const POSTGRES_DATASOURCE =
  'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://pingshen@localhost:5432/pingshen"\n}';
const POSTGRES_HEADER =
  '// GENERATED from prisma/schema.prisma by `npm run db:generate-pg`. Do not edit: change the SQLite\n' +
  '// schema and regenerate. The models must stay identical (tests/unit/prisma/schema-drift.test.ts).\n\n';

export function toPostgresSchema(sqliteSchema: string): string {
  if (!SQLITE_DATASOURCE.test(sqliteSchema)) {
    throw new Error(
      'prisma/schema.prisma: datasource block not in the expected form (provider "sqlite" + literal url)',
    );
  }
  return POSTGRES_HEADER + sqliteSchema.replace(SQLITE_DATASOURCE, POSTGRES_DATASOURCE);
}

export function migrationNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** SQL that turns datamodel `from` (null = empty database) into datamodel `to`. */
export function diffDatamodels(from: string | null, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pingshen-diff-'));
  try {
    const toFile = join(dir, 'to.prisma');
    writeFileSync(toFile, to);
    const fromArgs = from === null ? ['--from-empty'] : ['--from-schema-datamodel', join(dir, 'from.prisma')];
    if (from !== null) writeFileSync(join(dir, 'from.prisma'), from);
    return execFileSync(
      join(ROOT, 'node_modules/.bin/prisma'),
      ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', toFile, '--script'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function dataSection(migrationSql: string): string {
  const at = migrationSql.indexOf(DATA_MARKER);
  return at === -1 ? '' : migrationSql.slice(at);
}
