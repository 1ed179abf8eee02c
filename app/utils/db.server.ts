// The one PrismaClient of the process. SQLite (better-sqlite3) by default, PostgreSQL when
// DATABASE_URL is postgresql://; both through driver adapters, so no engine binary is needed.
import { PrismaClient, type Prisma } from '@prisma/client';
import { createAdapterFactory } from './db-adapter.server';
import { env } from './env.server';

/** The client inside `prisma.$transaction(async (tx) => ...)`; model helpers take it as their first argument. */
export type Tx = Prisma.TransactionClient;

function createClient(): PrismaClient {
  try {
    return newClient();
  } catch (err) {
    // The client is generated for one provider (`npm ci` / `npm run db:generate` read DATABASE_URL);
    // switching DATABASE_URL between SQLite and PostgreSQL afterwards needs a regeneration.
    if (err instanceof Error && /not compatible with the provider/.test(err.message)) {
      throw new Error(
        `Prisma Client 与 DATABASE_URL 的数据库类型不一致，请在设置 DATABASE_URL 后运行 npm run db:generate (the generated Prisma Client does not match DATABASE_URL: run npm run db:generate with DATABASE_URL set). ${err.message}`,
      );
    }
    throw err;
  }
}

function newClient(): PrismaClient {
  return new PrismaClient({
    adapter: createAdapterFactory(env.DATABASE_URL),
    // Query errors are thrown to the caller either way; logging them too is noise in tests (where a
    // console.error fails the test) and useful only while developing or in production logs.
    log: env.NODE_ENV === 'development' ? ['warn', 'error'] : env.NODE_ENV === 'production' ? ['error'] : [],
  });
}

// Remix's dev server re-imports the server build on every change; keeping the client on globalThis
// avoids opening a new connection (and SQLite file handle) each time.
const globalForPrisma = globalThis as typeof globalThis & { __pingshenPrisma?: PrismaClient };

export const prisma: PrismaClient = globalForPrisma.__pingshenPrisma ?? createClient();
if (env.NODE_ENV !== 'production') globalForPrisma.__pingshenPrisma = prisma;
