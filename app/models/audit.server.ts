// The audit trail (审计日志): an append-only, SHA-256 hash-chained record of every write.
//
// Each event's hash covers its own fields and the previous event's hash, so editing, deleting or
// reordering any stored event breaks the chain from that point on. Writers first bump the single
// AuditChainHead row inside their transaction: that row lock (PostgreSQL) or the database write lock
// (SQLite) serialises them, so two concurrent transactions can never both extend the same link.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { prisma, type Tx } from '#app/utils/db.server';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_ID = 1;
const VERIFY_BATCH = 1000;

export interface AuditInput {
  actorId: string | null;
  action: string; // verb in dotted form, e.g. 'round.create', 'sheet.submit'
  entity: string; // model name, e.g. 'Round'
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export type AuditVerification =
  { ok: true; count: number } | { ok: false; brokenAt: { id: string; seq: number }; reason: string };

/** JSON with object keys sorted at every level, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

function toStoredJson(value: unknown): string | null {
  return value === undefined ? null : canonicalJson(value);
}

interface HashedFields {
  seq: number;
  prevHash: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
  createdAt: Date;
}

export function computeAuditHash(e: HashedFields): string {
  const canonical = canonicalJson({
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
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Takes the audit chain's head row now instead of at the first recordAudit: from here to commit the
 * transaction runs alone among audited writers on PostgreSQL (SQLite already has a single writer).
 * For long writes that look before they insert (the xlsx import: find organisations and platforms,
 * create the missing ones), so two of them cannot both decide to create the same row.
 */
export async function holdAuditChain(tx: Tx): Promise<void> {
  await tx.auditChainHead.update({ where: { id: HEAD_ID }, data: { seq: { increment: 0 } } });
}

/** Appends one event to the chain inside the caller's transaction; rolls back with it. */
export async function recordAudit(tx: Tx, e: AuditInput): Promise<void> {
  const head = await tx.auditChainHead.update({ where: { id: HEAD_ID }, data: { seq: { increment: 1 } } });
  const fields: HashedFields = {
    seq: head.seq,
    prevHash: head.hash,
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: toStoredJson(e.before),
    after: toStoredJson(e.after),
    createdAt: new Date(),
  };
  const hash = computeAuditHash(fields);
  await tx.auditEvent.create({ data: { ...fields, hash } });
  await tx.auditChainHead.update({ where: { id: HEAD_ID }, data: { hash } });
}

/**
 * Recomputes the whole chain and names the first broken link: a gap in seq, a prevHash that does not
 * match the previous event, a hash that does not match the event's content, or a head that does not
 * match the last event (events deleted from the end).
 */
export async function verifyAuditChain(client: PrismaClient = prisma): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prev = { id: '', hash: GENESIS_HASH };
  for (;;) {
    const batch = await client.auditEvent.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: VERIFY_BATCH,
    });
    for (const ev of batch) {
      const brokenAt = { id: ev.id, seq: ev.seq };
      if (ev.seq !== expectedSeq) {
        return {
          ok: false,
          brokenAt,
          reason: `序号不连续：缺少第 ${expectedSeq} 条记录 (seq gap: event ${expectedSeq} is missing)`,
        };
      }
      if (ev.prevHash !== prev.hash) {
        return {
          ok: false,
          brokenAt,
          reason: `前一条哈希不符：与第 ${ev.seq - 1} 条记录的哈希不一致 (prevHash does not match event ${ev.seq - 1})`,
        };
      }
      if (computeAuditHash(ev) !== ev.hash) {
        return {
          ok: false,
          brokenAt,
          reason: `内容哈希不符：第 ${ev.seq} 条记录在写入后被修改 (hash mismatch: event ${ev.seq} was altered)`,
        };
      }
      prev = { id: ev.id, hash: ev.hash };
      expectedSeq += 1;
    }
    if (batch.length < VERIFY_BATCH) break;
  }
  const count = expectedSeq - 1;
  const head = await client.auditChainHead.findUnique({ where: { id: HEAD_ID } });
  if (!head) {
    return {
      ok: false,
      brokenAt: { id: prev.id, seq: count },
      reason: '审计链头记录缺失 (audit chain head row is missing)',
    };
  }
  if (head.seq !== count || head.hash !== prev.hash) {
    return {
      ok: false,
      brokenAt: { id: prev.id, seq: count },
      reason: `链头指向第 ${head.seq} 条记录，但链上只有 ${count} 条可验证记录：末尾记录被删除或篡改 (head points to event ${head.seq} but the chain ends at ${count})`,
    };
  }
  return { ok: true, count };
}
