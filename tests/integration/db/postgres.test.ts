// The production database: migrations, seed and concurrent audit writers on a real PostgreSQL.
// Runs only when TEST_POSTGRES_URL names a server where the role may create databases, e.g.
//   TEST_POSTGRES_URL=postgresql://pingshen@127.0.0.1:5432/postgres npx vitest run tests/integration/db/postgres.test.ts
// It works in a throwaway database and a Prisma Client generated for PostgreSQL under tests/.tmp,
// so the SQLite client the rest of the suite uses is left alone.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaClient } from '@prisma/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '#app/models/audit.server';
import { seedDatabase } from '#seeds/load.server';

const BASE_URL = process.env.TEST_POSTGRES_URL;
const run = promisify(execFile);

describe.skipIf(!BASE_URL)('PostgreSQL', () => {
  const dbName = `pingshen_test_${process.pid}_${Date.now()}`;
  const clientDir = resolve(`tests/.tmp/pg-client-${process.pid}`);
  let url: string;
  let prisma: PrismaClient;

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: BASE_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    const u = new URL(BASE_URL as string);
    u.pathname = `/${dbName}`;
    url = u.toString();
    mkdirSync(clientDir, { recursive: true });
    const schema = readFileSync('prisma/schema.postgres.prisma', 'utf8').replace(
      'engineType = "client"',
      `engineType = "client"\n  output     = "${clientDir}"`,
    );
    writeFileSync(join(clientDir, 'schema.prisma'), schema);
    await run(resolve('node_modules/.bin/prisma'), [
      'generate',
      '--schema',
      join(clientDir, 'schema.prisma'),
    ]);
    const generated = (await import(/* @vite-ignore */ join(clientDir, 'index.js'))) as {
      PrismaClient: new (o: { adapter: PrismaPg }) => PrismaClient;
    };
    prisma = new generated.PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 8 }) });
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('applies the PostgreSQL migrations with the JS schema engine, then has nothing pending', async () => {
    const env = { ...process.env, DATABASE_URL: url };
    const first = await run(resolve('node_modules/.bin/prisma'), ['migrate', 'deploy'], { env });
    expect(first.stdout).toMatch(/successfully applied/);
    const second = await run(resolve('node_modules/.bin/prisma'), ['migrate', 'deploy'], { env });
    expect(second.stdout).toMatch(/No pending migrations/);
  }, 120_000);

  it('seeds once even when two instances start together, and a later run changes nothing', async () => {
    const both = await Promise.all([seedDatabase(prisma), seedDatabase(prisma)]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    const sheets = await prisma.scoreSheet.count();
    expect((await seedDatabase(prisma)).created).toBe(false);
    expect(await prisma.scoreSheet.count()).toBe(sheets);
    expect(await prisma.platform.count()).toBe(60);
  }, 120_000);

  it('serialises concurrent audit writers on the head row: no fork, no gap', async () => {
    const before = await prisma.auditEvent.count();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        prisma.$transaction(
          async (tx) => {
            const user = await tx.user.create({
              data: { username: `pg-${i}`, displayName: `用户${i}`, passwordHash: 'x' },
            });
            await recordAudit(tx, {
              actorId: null,
              action: 'user.create',
              entity: 'User',
              entityId: user.id,
            });
          },
          { maxWait: 60_000, timeout: 60_000 },
        ),
      ),
    );
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, count: before + 30 });
  }, 120_000);
});
