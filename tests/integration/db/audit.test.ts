// The audit chain against a real migrated SQLite file: appends, rollbacks, concurrent writers, and
// every kind of tampering a person with database access could try.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeAuditHash, GENESIS_HASH, recordAudit, verifyAuditChain } from '#app/models/audit.server';
import { createTestDb, type TestDb } from '#tests/support/test-db';

let db: TestDb;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await db.cleanup();
});

async function appendEvents(n: number) {
  for (let i = 1; i <= n; i++) {
    await db.prisma.$transaction(async (tx) => {
      await recordAudit(tx, {
        actorId: i % 2 ? 'user-1' : null,
        action: 'round.update',
        entity: 'Round',
        entityId: `round-${i}`,
        before: { name: `第${i}轮`, state: 'draft' },
        after: { state: 'importing', name: `第${i}轮` },
      });
    });
  }
}

/** Raw access to the same file, as someone bypassing the application would have. */
function raw<T>(fn: (sql: Database.Database) => T): T {
  const sql = new Database(db.file);
  try {
    return fn(sql);
  } finally {
    sql.close();
  }
}

describe('recordAudit', () => {
  it('chains events: seq 1..n, each prevHash is the previous hash, the head follows', async () => {
    await appendEvents(4);
    const events = await db.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    for (const e of events) expect(e.hash).toBe(computeAuditHash(e));
    const head = await db.prisma.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(head).toEqual({ id: 1, seq: 4, hash: events[3].hash });
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, count: 4 });
  });

  it('stores before/after as canonical JSON (sorted keys), absent values as null', async () => {
    await appendEvents(1);
    await db.prisma.$transaction((tx) =>
      recordAudit(tx, { actorId: null, action: 'user.create', entity: 'User', entityId: 'u' }),
    );
    const [first, second] = await db.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(first.after).toBe('{"name":"第1轮","state":"importing"}');
    expect(second.before).toBeNull();
    expect(second.after).toBeNull();
  });

  it('rolls back with the transaction that wrote it, leaving no gap', async () => {
    await appendEvents(1);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await recordAudit(tx, { actorId: null, action: 'x.fail', entity: 'X', entityId: '1' });
        throw new Error('business rule failed after the audit write');
      }),
    ).rejects.toThrow('business rule failed');
    await appendEvents(1);
    expect((await db.prisma.auditEvent.findMany()).map((e) => e.seq).sort()).toEqual([1, 2]);
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, count: 2 });
  });

  it('does not fork the chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.prisma.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: { username: `u${i}`, displayName: `用户${i}`, passwordHash: 'x' },
          });
          await recordAudit(tx, { actorId: null, action: 'user.create', entity: 'User', entityId: user.id });
        }),
      ),
    );
    const seqs = (await db.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, count: 25 });
  });
});

describe('verifyAuditChain detects tampering', () => {
  beforeEach(async () => {
    await appendEvents(5);
  });

  const eventAt = (seq: number) => db.prisma.auditEvent.findUniqueOrThrow({ where: { seq } });

  it('an edited payload: names the edited event', async () => {
    const target = await eventAt(3);
    raw((sql) => sql.prepare(`UPDATE AuditEvent SET after = '{"state":"published"}' WHERE seq = 3`).run());
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: false, brokenAt: { id: target.id, seq: 3 } });
    expect(!result.ok && result.reason).toMatch(/内容哈希不符.*第 3 条/);
  });

  it('an edited actor or time: names the edited event', async () => {
    raw((sql) => sql.prepare(`UPDATE AuditEvent SET actorId = 'someone-else' WHERE seq = 2`).run());
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
  });

  it('an edit whose hash was recomputed: the next event no longer links to it', async () => {
    const e = await eventAt(2);
    const forged = { ...e, action: 'round.delete' };
    const hash = computeAuditHash(forged);
    raw((sql) =>
      sql.prepare(`UPDATE AuditEvent SET action = ?, hash = ? WHERE seq = 2`).run(forged.action, hash),
    );
    const next = await eventAt(3);
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: false, brokenAt: { id: next.id, seq: 3 } });
    expect(!result.ok && result.reason).toMatch(/前一条哈希不符/);
  });

  it('a deleted event in the middle: names the event after the gap', async () => {
    raw((sql) => sql.prepare(`DELETE FROM AuditEvent WHERE seq = 2`).run());
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
    expect(!result.ok && result.reason).toMatch(/缺少第 2 条/);
  });

  it('deleted events at the end: the head no longer matches', async () => {
    const last = await eventAt(4);
    raw((sql) => sql.prepare(`DELETE FROM AuditEvent WHERE seq = 5`).run());
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: false, brokenAt: { id: last.id, seq: 4 } });
    expect(!result.ok && result.reason).toMatch(/链头/);
  });

  it('a wiped trail: the head still remembers how long it was', async () => {
    raw((sql) => sql.prepare(`DELETE FROM AuditEvent`).run());
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { seq: 0 } });
  });
});

describe('npm run audit:verify', () => {
  const run = promisify(execFile);
  const script = async () => {
    try {
      const { stdout } = await run(resolve('node_modules/.bin/tsx'), ['scripts/audit-verify.ts'], {
        env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'test' },
      });
      return { code: 0, stdout };
    } catch (err) {
      const e = err as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  };

  it('exits 0 on an intact chain and 1 naming the broken link after tampering', async () => {
    await appendEvents(3);
    const ok = await script();
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(/审计链完整：共 3 条/);
    raw((sql) => sql.prepare(`UPDATE AuditEvent SET entityId = 'forged' WHERE seq = 2`).run());
    const broken = await script();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/第 2 条记录/);
  });
});
