// Driver adapter factories shared by the runtime client (db.server.ts) and the Prisma CLI
// (prisma.config.ts), so migrations and queries always open the database the same way.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

export const DEFAULT_DATABASE_URL = 'file:./data/pingshen.db';

// WAL lets readers proceed while one writer commits; foreign_keys is off by default in SQLite;
// busy_timeout makes a second process wait for the write lock instead of failing at once.
const SQLITE_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;';

class PragmaSqlite extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  }
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgresql://') || url.startsWith('postgres://');
}

/** Absolute path of the SQLite file named by a `file:` URL (relative paths are from the cwd). */
export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, '').split('?')[0]);
}

export function createAdapterFactory(url: string) {
  if (isPostgresUrl(url)) return new PrismaPg({ connectionString: url });
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL 必须以 file: 或 postgresql:// 开头 (DATABASE_URL must start with file: or postgresql://): ${url}`);
  }
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return new PragmaSqlite({ url: `file:${file}`, timeout: 5000 });
}
