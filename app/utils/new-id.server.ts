// Row ids made in code, for rows written with plain SQL.
import { randomBytes } from 'node:crypto';

let idCounter = 0;

/**
 * A new row id for rows the import inserts with plain SQL (Prisma's createMany costs several times
 * more per row, and its ids would have to be read back): 25 characters like Prisma's cuid — 'c',
 * the time, a counter and random base-36 digits — so ids made either way look and sort alike.
 */
export function newId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(-12);
  return `c${Date.now().toString(36).padStart(8, '0')}${idCounter.toString(36).padStart(4, '0')}${random}`;
}
