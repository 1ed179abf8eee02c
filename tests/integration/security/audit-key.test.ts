// The keyed audit chain (decision 006): someone with write access to the database edits an event and
// recomputes every later hash and the head, as the plain SHA-256 chain allowed. Without the audit key
// the rewrite is caught by verifyAuditChain and `npm run audit:verify`; a chain written before the key
// is re-keyed once, after being verified, and a broken one is refused.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auditChainHead,
  auditHeadLabel,
  canonicalJson,
  computeAuditHash,
  computeLegacyAuditHash,
  GENESIS_HASH,
  recordAudit,
  rekeyAuditChain,
  verifyAuditChain,
} from '#app/models/audit.server';
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
    await db.prisma.$transaction((tx) =>
      recordAudit(tx, {
        actorId: 'user-1',
        action: 'round.update',
        entity: 'Round',
        entityId: `round-${i}`,
        after: { state: 'importing', n: i },
      }),
    );
  }
}

type Row = {
  seq: number;
  prevHash: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
  createdAt: number | string;
};

/**
 * What an attacker with the database file can do: change event `seq`, then recompute that hash, every
 * later prevHash/hash and the head with the given hash function.
 */
function rewrite(
  seq: number,
  change: Partial<Row>,
  hashOf: (e: Parameters<typeof computeAuditHash>[0]) => string,
) {
  const sql = new Database(db.file);
  try {
    sql
      .prepare(`UPDATE AuditEvent SET action = COALESCE(?, action) WHERE seq = ?`)
      .run(change.action ?? null, seq);
    const rows = sql.prepare(`SELECT * FROM AuditEvent ORDER BY seq`).all() as Row[];
    let prev = GENESIS_HASH;
    for (const row of rows) {
      if (row.seq >= seq) {
        const hash = hashOf({ ...row, prevHash: prev, createdAt: new Date(row.createdAt) });
        sql.prepare(`UPDATE AuditEvent SET prevHash = ?, hash = ? WHERE seq = ?`).run(prev, hash, row.seq);
        prev = hash;
      } else
        prev = (sql.prepare(`SELECT hash FROM AuditEvent WHERE seq = ?`).get(row.seq) as { hash: string })
          .hash;
    }
    sql.prepare(`UPDATE AuditChainHead SET hash = ? WHERE id = 1`).run(prev);
  } finally {
    sql.close();
  }
}

const canonical = (e: Parameters<typeof computeAuditHash>[0]) =>
  canonicalJson({
    seq: e.seq,
    prevHash: e.prevHash,
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    createdAt: e.createdAt.toISOString(),
  });

describe('a rewrite without the audit key', () => {
  it('is caught when the later hashes and the head are recomputed with plain SHA-256', async () => {
    await appendEvents(5);
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, count: 5 });
    rewrite(3, { action: 'round.delete' }, computeLegacyAuditHash);
    const result = await verifyAuditChain(db.prisma);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
    expect(!result.ok && result.reason).toMatch(/未用审计密钥签名/);
  });

  it('is caught when recomputed with another key', async () => {
    await appendEvents(4);
    rewrite(2, { action: 'round.delete' }, (e) =>
      createHmac('sha256', 'a-guessed-key-0123456789abcdef0123').update(canonical(e)).digest('hex'),
    );
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
  });

  it('is reported by npm run audit:verify (exit 1), an intact chain with its head (exit 0)', async () => {
    await appendEvents(3);
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
    const head = await auditChainHead(db.prisma);
    const intact = await script();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(auditHeadLabel(head));
    rewrite(1, { action: 'user.delete' }, computeLegacyAuditHash);
    const broken = await script();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('第 1 条记录未用审计密钥签名');
  }, 60_000);
});

describe('chains written before the key', () => {
  /** A legacy chain: the same events hashed with plain SHA-256, as before decision 006. */
  async function legacyChain(n: number) {
    await appendEvents(n);
    rewrite(1, {}, computeLegacyAuditHash);
  }

  it('are re-keyed once after verifying, audited, and then verify', async () => {
    await legacyChain(4);
    const before = await verifyAuditChain(db.prisma);
    expect(before).toMatchObject({ ok: false, brokenAt: { seq: 1 } });
    expect(!before.ok && before.reason).toMatch(/--rekey/);
    expect(await rekeyAuditChain(null, db.prisma)).toEqual({ ok: true, rekeyed: 4, count: 4 });
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, count: 5 });
    const event = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 5 } });
    expect(event.action).toBe('audit.rekey');
    expect(JSON.parse(event.after ?? '{}')).toEqual({ rekeyedFrom: 1, rekeyedTo: 4, events: 4 });
    // A keyed chain has nothing left to re-key.
    expect(await rekeyAuditChain(null, db.prisma)).toEqual({ ok: true, rekeyed: 0, count: 5 });
  });

  it('a legacy prefix followed by keyed events (written after the upgrade) is re-keyed too', async () => {
    await legacyChain(3);
    await appendEvents(2);
    expect(await rekeyAuditChain(null, db.prisma)).toMatchObject({ ok: true, rekeyed: 3, count: 5 });
    expect(await verifyAuditChain(db.prisma)).toEqual({ ok: true, count: 6 });
  });

  it('a tampered legacy chain is refused and left as it was', async () => {
    await legacyChain(4);
    const sql = new Database(db.file);
    sql.prepare(`UPDATE AuditEvent SET entityId = 'forged' WHERE seq = 2`).run();
    sql.close();
    const hashes = await db.prisma.auditEvent.findMany({ select: { hash: true }, orderBy: { seq: 'asc' } });
    expect(await rekeyAuditChain(null, db.prisma)).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
    expect(await db.prisma.auditEvent.findMany({ select: { hash: true }, orderBy: { seq: 'asc' } })).toEqual(
      hashes,
    );
  });

  it('plain links after a keyed one are refused (no downgrade through re-keying)', async () => {
    await appendEvents(4);
    rewrite(3, { action: 'round.delete' }, computeLegacyAuditHash);
    expect(await rekeyAuditChain(null, db.prisma)).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
  });

  it('keyed hashes are HMAC-SHA-256 of the canonical event with AUDIT_KEY', async () => {
    await appendEvents(1);
    const [event] = await db.prisma.auditEvent.findMany();
    const key = process.env.AUDIT_KEY ?? '';
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(event.hash).toBe(createHmac('sha256', key).update(canonical(event)).digest('hex'));
    expect(event.hash).not.toBe(computeLegacyAuditHash(event));
  });
});

describe('auditChainHead', () => {
  it('gives the seq and a short hash for printing on exports', async () => {
    await appendEvents(2);
    const head = await auditChainHead(db.prisma);
    const last = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 2 } });
    expect(head).toEqual({ seq: 2, hash: last.hash, shortHash: last.hash.slice(0, 12) });
    expect(auditHeadLabel(head)).toBe(`审计链 #2 · ${last.hash.slice(0, 12)}`);
  });
});
