// SQLite runs on one connection. Requests that overlap an interactive transaction must neither see
// its uncommitted rows nor have their own writes swept into it (and lost when it rolls back).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '#tests/support/test-db';

let db: TestDb;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await db.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const user = (username: string) => ({ username, displayName: username, passwordHash: 'x' });

describe('SQLite connection isolation', () => {
  it('a query outside an open transaction sees neither its rows nor joins its rollback', async () => {
    let inside = false;
    const failing = db.prisma
      .$transaction(async (tx) => {
        await tx.user.create({ data: user('uncommitted') });
        inside = true;
        await sleep(200);
        throw new Error('rolled back');
      })
      .catch((e: Error) => e.message);
    while (!inside) await sleep(5);
    const seen = await db.prisma.user.findMany({ select: { username: true } });
    await db.prisma.user.create({ data: user('outside') });
    expect(await failing).toBe('rolled back');
    expect(seen).toEqual([]);
    expect(await db.prisma.user.findMany({ select: { username: true } })).toEqual([{ username: 'outside' }]);
  });

  it('interleaves many transactions and plain queries without losing any write', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? db.prisma.user.create({ data: user(`plain-${i}`) })
          : db.prisma.$transaction(async (tx) => {
              await tx.user.create({ data: user(`tx-${i}`) });
              await sleep(1);
              await tx.user.update({ where: { username: `tx-${i}` }, data: { displayName: `done-${i}` } });
            }),
      ),
    );
    expect(await db.prisma.user.count()).toBe(30);
    expect(await db.prisma.user.count({ where: { displayName: { startsWith: 'done-' } } })).toBe(20);
  });
});
