// The side-effect helper other integration tests rely on: imported first, it points the app's shared
// client at a fresh migrated database of this test file's own.
import { testDatabaseFile } from '#tests/support/use-test-db';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '#app/models/audit.server';
import { prisma } from '#app/utils/db.server';
import { env } from '#app/utils/env.server';

describe('use-test-db', () => {
  it('points DATABASE_URL and the shared client at a temp file', async () => {
    expect(env.DATABASE_URL).toBe(`file:${testDatabaseFile}`);
    await prisma.$transaction(async (tx) => {
      const u = await tx.user.create({ data: { username: 'probe', displayName: '探针', passwordHash: 'x' } });
      await recordAudit(tx, { actorId: null, action: 'user.create', entity: 'User', entityId: u.id });
    });
    const raw = new Database(testDatabaseFile, { readonly: true });
    expect(raw.prepare(`SELECT username FROM User`).all()).toEqual([{ username: 'probe' }]);
    raw.close();
    expect(await verifyAuditChain()).toEqual({ ok: true, count: 1 });
  });

  it('runs with foreign keys enforced', async () => {
    await expect(
      prisma.userRole.create({ data: { userId: 'no-such-user', role: 'admin' } }),
    ).rejects.toThrow();
  });
});
