// Everything `npm start` does before serving: validate the environment, make sure the database is
// reachable, apply migrations, load presets and (on an empty database) the demo data.
// Each failure stops the process with one clear bilingual message and exit code 1, no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

export class StartupError extends Error {
  override name = 'StartupError';
}

export function exitWith(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n启动失败 (start failed): ${message}\n`);
  process.exit(1);
}

/** Imports the validated environment; a bad variable becomes a StartupError naming it. */
export async function loadEnv() {
  try {
    const { env } = await import('#app/utils/env.server');
    return env;
  } catch (error) {
    if (error instanceof Error && error.name === 'EnvError') throw new StartupError(error.message);
    throw error;
  }
}

function describe(url: string): string {
  // Never print a password that may sit in a PostgreSQL URL.
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function checkDatabase(databaseUrl: string): Promise<void> {
  mkdirSync(path.join(ROOT, 'data'), { recursive: true });
  try {
    // Inside the try: opening a SQLite file in an unusable directory already fails at import.
    const { prisma } = await import('#app/utils/db.server');
    await Promise.race([
      prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('连接超时 (timed out after 10 s)')), 10_000),
      ),
    ]);
    // Let go before `prisma migrate deploy` runs in its own process: an open SQLite connection can
    // hold the lock the migration needs (an existing empty WAL file failed with SQLITE_BUSY, shown
    // as "SocketTimeout"). The client reconnects on the next query.
    await prisma.$disconnect();
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.split('\n').filter(Boolean).slice(-1)[0] : String(error);
    throw new StartupError(`无法连接数据库 (cannot reach the database) ${describe(databaseUrl)}：${reason}`);
  }
}

/** `prisma migrate deploy` with the JS engine: no binary download, works offline. */
export function applyMigrations(): void {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
    {
      cwd: ROOT,
      env: process.env,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
      .trim()
      .split('\n')
      .filter(Boolean)
      .slice(-5)
      .join('\n');
    throw new StartupError(`数据库迁移失败 (migration failed):\n${output}`);
  }
}

export async function seed() {
  const { prisma } = await import('#app/utils/db.server');
  const { seedDatabase, DEMO_PASSWORD } = await import('#seeds/load.server');
  const result = await seedDatabase(prisma);
  return { ...result, password: DEMO_PASSWORD };
}

/** Runs every step in order; returns what the start banner prints. */
export async function preflight() {
  const env = await loadEnv();
  await checkDatabase(env.DATABASE_URL);
  applyMigrations();
  const seeded = await seed();
  return { env, seeded };
}

export function printBanner(port: number, seeded: Awaited<ReturnType<typeof seed>>): void {
  const lines = [``, `评审工作台 Pingshen 已启动: http://localhost:${port}`];
  if (seeded.created) lines.push('已载入演示数据 (demo data loaded).');
  if (seeded.accounts.length > 0) {
    lines.push(`演示账号 (demo accounts), 密码均为 ${seeded.password}:`);
    for (const a of seeded.accounts)
      lines.push(`  ${a.username.padEnd(8)} ${a.displayName} — ${a.description}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
