// Driver adapter factories shared by the runtime client (db.server.ts) and the Prisma CLI
// (prisma.config.ts), so migrations and queries always open the database the same way.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { yieldIfBusy } from './yield.server';

export const DEFAULT_DATABASE_URL = 'file:./data/pingshen.db';

// WAL lets readers proceed while one writer commits; foreign_keys is off by default in SQLite;
// busy_timeout makes a second process wait for the write lock instead of failing at once.
const SQLITE_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;';

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type SqliteTransaction = Awaited<ReturnType<SqliteAdapter['startTransaction']>>;

/** A FIFO async lock. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolveHeld) => (release = resolveHeld));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }
}

/**
 * The better-sqlite3 adapter runs every query on one connection, and only transactions take its
 * internal lock: a query issued outside a transaction while another request's interactive
 * transaction is open runs INSIDE it — it reads uncommitted rows, and its writes vanish if that
 * transaction rolls back. This wrapper makes the connection exclusive: a plain query waits for an
 * open transaction to finish, and a transaction waits for running queries. (Consequence: inside
 * `prisma.$transaction(async (tx) => …)` use `tx`, never `prisma`, or the call waits for itself
 * until the transaction times out.)
 */
function exclusiveConnection(inner: SqliteAdapter): SqliteAdapter {
  const lock = new Mutex();
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    await yieldIfBusy();
    const release = await lock.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => exclusive(() => inner.queryRaw(query)),
    executeRaw: (query) => exclusive(() => inner.executeRaw(query)),
    executeScript: (script) => exclusive(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => exclusive(() => inner.dispose()),
    startTransaction: async (isolationLevel): Promise<SqliteTransaction> => {
      const release = await lock.acquire();
      let tx: SqliteTransaction;
      try {
        tx = await inner.startTransaction(isolationLevel);
      } catch (err) {
        release();
        throw err;
      }
      let open = true;
      const finish = (end: () => Promise<void>) => async () => {
        try {
          await end();
        } finally {
          if (open) {
            open = false;
            release();
          }
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        // Each statement may first give the loop a turn: a long transaction must not starve the server.
        queryRaw: async (query) => (await yieldIfBusy(), tx.queryRaw(query)),
        executeRaw: async (query) => (await yieldIfBusy(), tx.executeRaw(query)),
        commit: finish(() => tx.commit()),
        rollback: finish(() => tx.rollback()),
      };
    },
  };
}

/** What the better-sqlite3 adapter does with a statement (prepare(sql).bind(args) then one of these). */
type BoundStatement = {
  readonly reader: boolean;
  run(): Database.RunResult;
  columns(): Database.ColumnDefinition[];
  raw(): { all(): unknown[] };
};

/** Prepared statements kept per connection; the adapter's queries come from a small set of plans. */
const STATEMENT_CACHE_SIZE = 500;
const STATEMENT_MAX_CACHED_CHARS = 4096;

/**
 * The adapter prepares every statement anew (SQLite parses and plans it each time: about a tenth
 * of a hot request's CPU). This keeps them, keyed by SQL text, least recently used out first. A
 * better-sqlite3 statement can be bound only once, so the cached one is handed out behind a view
 * that passes the arguments to each call instead; everything runs on one connection, one call at a
 * time, so one statement object per text is enough.
 */
function cacheStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql);
    } else {
      stmt = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  const bound = (stmt: Database.Statement, args: unknown[]): BoundStatement => ({
    reader: stmt.reader,
    run: () => stmt.run(args),
    columns: () => stmt.columns(),
    raw: () => ({ all: () => stmt.raw(true).all(args) }),
  });
  db.prepare = ((sql: string) => {
    // Bulk writes (an import's createMany of 500 rows) are long and rarely repeat: not kept.
    if (sql.length > STATEMENT_MAX_CACHED_CHARS) return prepare(sql);
    const stmt = statement(sql);
    return { reader: stmt.reader, run: () => stmt.run(), bind: (args: unknown[]) => bound(stmt, args) };
  }) as unknown as typeof db.prepare;
}

class PragmaSqlite extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    const db = (adapter as unknown as { client?: Database.Database }).client;
    if (db && typeof db.prepare === 'function') cacheStatements(db);
    return exclusiveConnection(adapter);
  }
}

// PostgreSQL's catalog type `name` (OID 19) is plain text, but @prisma/adapter-pg 6.19 does not map it,
// so the JS schema engine fails on its first catalog query ("Column type 'name' could not be
// deserialized", prisma/prisma#27403). The CLI's connections report such columns as text instead.
const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

function nameAsText(res: pg.QueryResult | undefined): void {
  for (const field of res?.fields ?? []) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
}

class CatalogFriendlyClient extends pg.Client {
  // pg's overloads cannot be re-declared generically. pg-pool calls the callback form; direct
  // callers use the promise form: both get the rewritten field types.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => {
        if (!err) nameAsText(res);
        return (last as (e: Error | null, r: pg.QueryResult) => void)(err, res);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      return result.then((res: pg.QueryResult) => {
        nameAsText(res);
        return res;
      }) as never;
    }
    return result as never;
  }
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgresql://') || url.startsWith('postgres://');
}

/** Absolute path of the SQLite file named by a `file:` URL (relative paths are from the cwd). */
export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, '').split('?')[0]);
}

/**
 * The driver adapter for a DATABASE_URL. `forMigrations` is for the Prisma CLI (prisma.config.ts),
 * whose schema engine reads PostgreSQL's catalog.
 */
export function createAdapterFactory(url: string, { forMigrations = false } = {}) {
  if (isPostgresUrl(url)) {
    if (!forMigrations) return new PrismaPg({ connectionString: url });
    return new PrismaPg(new pg.Pool({ connectionString: url, Client: CatalogFriendlyClient }));
  }
  if (!url.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL 必须以 file: 或 postgresql:// 开头 (DATABASE_URL must start with file: or postgresql://): ${url}`,
    );
  }
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return new PragmaSqlite({ url: `file:${file}`, timeout: 5000 });
}
