// The PostgreSQL schema and migrations are generated from the SQLite ones; these tests fail when
// someone edits one side only, or changes schema.prisma without creating a migration.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataSection,
  migrationNames,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  SNAPSHOTS,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
  toPostgresSchema,
} from '../../../scripts/prisma-schema-tools';

const read = (file: string) => readFileSync(file, 'utf8');

describe('PostgreSQL schema', () => {
  it('is exactly the generated twin of the SQLite schema (run `npm run db:generate-pg`)', () => {
    expect(read(POSTGRES_SCHEMA)).toBe(toPostgresSchema(read(SQLITE_SCHEMA)));
  });

  it('differs from the SQLite schema only in the datasource block and the header', () => {
    const models = (text: string) => text.slice(text.indexOf('generator client'));
    const withoutDatasource = (text: string) => models(text).replace(/datasource db \{[^}]*\}/, '');
    expect(withoutDatasource(read(POSTGRES_SCHEMA))).toBe(withoutDatasource(read(SQLITE_SCHEMA)));
    expect(read(POSTGRES_SCHEMA)).toContain('provider = "postgresql"');
  });

  it('refuses a SQLite schema whose datasource it does not recognise', () => {
    expect(() => toPostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/datasource/);
  });
});

describe('migrations', () => {
  const sqlite = migrationNames(SQLITE_MIGRATIONS);

  it('exist, and every SQLite migration has a PostgreSQL twin of the same name', () => {
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames(POSTGRES_MIGRATIONS)).toEqual(sqlite);
  });

  it('cover the current schema: the last snapshot equals schema.prisma (run `npm run db:new-migration -- <name>`)', () => {
    for (const name of sqlite) expect(existsSync(join(SNAPSHOTS, `${name}.prisma`)), name).toBe(true);
    expect(read(join(SNAPSHOTS, `${sqlite.at(-1)}.prisma`))).toBe(read(SQLITE_SCHEMA));
  });

  it('carry their data statements (the audit chain genesis row) to PostgreSQL verbatim', () => {
    for (const name of sqlite) {
      const data = dataSection(read(join(SQLITE_MIGRATIONS, name, 'migration.sql')));
      expect(read(join(POSTGRES_MIGRATIONS, name, 'migration.sql')).endsWith(data)).toBe(true);
    }
    expect(read(join(SQLITE_MIGRATIONS, sqlite[0], 'migration.sql'))).toMatch(/INSERT INTO "AuditChainHead"/);
  });

  it('use the right provider in each lock file', () => {
    expect(read(join(SQLITE_MIGRATIONS, 'migration_lock.toml'))).toMatch(/provider = "sqlite"/);
    expect(read(join(POSTGRES_MIGRATIONS, 'migration_lock.toml'))).toMatch(/provider = "postgresql"/);
  });
});
