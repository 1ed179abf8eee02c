// The one PrismaClient of the process. SQLite (better-sqlite3) by default, PostgreSQL when
// DATABASE_URL is postgresql://; both through driver adapters, so no engine binary is needed.
import { PrismaClient, type Prisma } from '@prisma/client';
import { createAdapterFactory } from './db-adapter.server';
import { env } from './env.server';

/** The client inside `prisma.$transaction(async (tx) => ...)`; model helpers take it as their first argument. */
export type Tx = Prisma.TransactionClient;

function createClient(): PrismaClient {
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
