// Large writes without Prisma's per-parameter cost. Prisma 6's client engine sends every query, raw
// ones included, through its query compiler (WebAssembly) as JSON text, parameters and all: an import's
// 2,000 items with their data (several MB of Chinese text in 28,000 parameters) spent over a second
// there, against ~50 ms for SQLite itself. A Buffer parameter crosses as base64 (ASCII), which the
// compiler copies cheaply, and the database turns it back into text (SQLite: CAST(? AS TEXT);
// PostgreSQL: convert_from(?, 'UTF8')). Many rows go as ONE such parameter holding a JSON array that
// the database expands (json_each / json_populate_recordset).
import { Prisma } from '@prisma/client';
import type { Tx } from '#app/utils/db.server';

type Client = Pick<Tx, '$executeRaw'>;

/** The database behind a client or transaction client: the generated client is made for one provider. */
export function isPostgresClient(client: Client): boolean {
  return (client as { _activeProvider?: string })._activeProvider === 'postgresql';
}

/** A text parameter passed as UTF-8 bytes and read back as text by the database. */
export function textParam(client: Client, text: string): Prisma.Sql {
  const bytes = Buffer.from(text, 'utf8');
  return isPostgresClient(client)
    ? Prisma.sql`convert_from(${bytes}, 'UTF8')`
    : Prisma.sql`CAST(${bytes} AS TEXT)`;
}

export type BulkValue = string | number | boolean | null | Date;

// A DateTime as each adapter stores it: SQLite text in @prisma/adapter-better-sqlite3's iso8601 form
// (…+00:00), PostgreSQL's timestamp(3) from an ISO string (its zone designator is ignored; values are UTC).
function stored(value: BulkValue, postgres: boolean): string | number | boolean | null {
  if (value instanceof Date)
    return postgres ? value.toISOString() : value.toISOString().replace('Z', '+00:00');
  return value;
}

// Rows per statement: bounded by text size. The database expands a statement's JSON in one go, holding
// the event loop (better-sqlite3 is synchronous): 4 MB statements stalled an import for over a second
// on a loaded machine, so each carries about a hundred items' data and the loop turns between them.
const MAX_CHUNK_CHARS = 256 * 1024;

/**
 * INSERT INTO "table" (columns) for many rows in few statements: each row an object keyed by column
 * name (every column present; Dates stored as the adapter stores them). Same rows, same order, same
 * stored values as INSERT … VALUES with one parameter per cell.
 */
export async function insertRows(
  client: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, BulkValue>[],
  pause?: () => Promise<void>,
): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgresClient(client);
  const quoted = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
  const tableName = `"${table.replace(/"/g, '""')}"`;
  const selected = postgres
    ? quoted
    : columns.map((c) => `value ->> '$.${c.replace(/[^A-Za-z0-9_]/g, '')}'`).join(', ');
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const payload = Buffer.from(`[${parts.join(',')}]`, 'utf8');
    parts = [];
    size = 0;
    await client.$executeRaw(
      postgres
        ? Prisma.sql`INSERT INTO ${Prisma.raw(tableName)} (${Prisma.raw(quoted)}) SELECT ${Prisma.raw(selected)} FROM json_populate_recordset(NULL::${Prisma.raw(tableName)}, convert_from(${payload}, 'UTF8')::json)`
        : Prisma.sql`INSERT INTO ${Prisma.raw(tableName)} (${Prisma.raw(quoted)}) SELECT ${Prisma.raw(selected)} FROM json_each(CAST(${payload} AS TEXT))`,
    );
  };
  for (const row of rows) {
    const out: Record<string, string | number | boolean | null> = {};
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) throw new Error(`insertRows: ${table}.${column} missing`);
      out[column] = stored(value, postgres);
    }
    const text = JSON.stringify(out);
    if (size + text.length > MAX_CHUNK_CHARS) {
      await flush();
      await pause?.();
    }
    parts.push(text);
    size += text.length;
  }
  await flush();
}
