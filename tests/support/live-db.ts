// A throwaway database for tests that run the server as a separate process (reliability suites, the
// live benchmark): a migrated SQLite file by default, or — when TEST_POSTGRES_URL is set (as
// `npm run test:postgres` does) — a fresh PostgreSQL database with the PostgreSQL migrations and a
// Prisma Client generated for PostgreSQL under tests/.tmp (the SQLite client in node_modules is left
// alone; the server child is pointed at the generated one by tests/support/pg-client-hook.mjs).
//
// The test process gets its own Prisma client on the same database, to check what is stored.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { PrismaClient } from '@prisma/client';
import { ROOT } from '#server/paths';
import { createAdapterFactory } from '#app/utils/db-adapter.server';
import { createTestDatabaseFile } from './test-db';

const run = promisify(execFile);

export type LiveDb = {
  kind: 'sqlite' | 'postgres';
  url: string;
  /** Node arguments the server child needs before its entry (the PostgreSQL client hook). */
  nodeArgs: string[];
  /** Extra environment for the server child. */
  env: Record<string, string>;
  /** A client of the test process on the same database. */
  prisma: PrismaClient;
  cleanup(): Promise<void>;
};

export function liveDbKind(): 'sqlite' | 'postgres' {
  return process.env.TEST_POSTGRES_URL ? 'postgres' : 'sqlite';
}

export async function createLiveDb(): Promise<LiveDb> {
  return liveDbKind() === 'postgres' ? createPostgresDb(process.env.TEST_POSTGRES_URL!) : createSqliteDb();
}

async function createSqliteDb(): Promise<LiveDb> {
  const { url, dir } = createTestDatabaseFile();
  const { PrismaClient } = await import('@prisma/client');
  const prisma = new PrismaClient({ adapter: createAdapterFactory(url) });
  return {
    kind: 'sqlite',
    url,
    nodeArgs: [],
    env: {},
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function admin(base: string, sql: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let serial = 0;
async function createPostgresDb(base: string): Promise<LiveDb> {
  serial += 1;
  const name = `pingshen_live_${process.pid}_${Date.now()}_${serial}`;
  await admin(base, `CREATE DATABASE "${name}"`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const prismaBin = resolve(ROOT, 'node_modules/.bin/prisma');
  await run(prismaBin, ['migrate', 'deploy'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url } });

  const clientDir = resolve(ROOT, `tests/.tmp/pg-live-client-${process.pid}-${serial}`);
  mkdirSync(clientDir, { recursive: true });
  const schema = readFileSync(join(ROOT, 'prisma/schema.postgres.prisma'), 'utf8').replace(
    'engineType = "client"',
    `engineType = "client"\n  output     = "${clientDir}"`,
  );
  writeFileSync(join(clientDir, 'schema.prisma'), schema);
  await run(prismaBin, ['generate', '--schema', join(clientDir, 'schema.prisma')], { cwd: ROOT });
  const generated = (await import(/* @vite-ignore */ pathToFileURL(join(clientDir, 'index.js')).href)) as {
    PrismaClient: new (o: { adapter: unknown }) => PrismaClient;
  };
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const prisma = new generated.PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
  return {
    kind: 'postgres',
    url,
    nodeArgs: ['--import', pathToFileURL(resolve(ROOT, 'tests/support/pg-client-hook.mjs')).href],
    env: { PINGSHEN_PRISMA_CLIENT: pathToFileURL(join(clientDir, 'index.js')).href },
    prisma,
    async cleanup() {
      await prisma.$disconnect();
      await admin(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(clientDir, { recursive: true, force: true });
    },
  };
}
