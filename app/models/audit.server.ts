// The audit trail (审计日志): an append-only, HMAC-SHA-256 hash-chained record of every write.
//
// Each event's hash covers its own fields and the previous event's hash, so editing, deleting or
// reordering any stored event breaks the chain from that point on. The hash is keyed with the audit
// key (AUDIT_KEY or data/audit-key), which the database does not hold: someone who can write to the
// database cannot recompute the later hashes and the head after editing a row (decision 006).
// Chains written before the key (plain SHA-256) are re-keyed once, after being verified, by
// rekeyAuditChain. Writers first bump the single
// AuditChainHead row inside their transaction: that row lock (PostgreSQL) or the database write lock
// (SQLite) serialises them, so two concurrent transactions can never both extend the same link.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import { prisma, type Tx } from '#app/utils/db.server';
import { textParam } from '#app/models/bulk-sql.server';
import { auditKey } from '#app/utils/env.server';
import { newId } from '#app/utils/new-id.server';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_ID = 1;
const VERIFY_BATCH = 1000;
// Events larger than this (an import's item list) are inserted with plain SQL.
const LARGE_EVENT_CHARS = 256 * 1024;

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

/**
 * A part of an event already written as canonical JSON (by canonicalText, in slices that let the
 * event loop turn): canonicalJson puts its text in place as it is. For very large events, such as an
 * import's list of 2,000 items with their data.
 */
export class CanonicalText {
  constructor(readonly text: string) {}
}

/** JSON with object keys sorted at every level, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  const spliced: string[] = [];
  // Stands for a CanonicalText while JSON.stringify runs: a random tag per call, so no string in
  // the event (a cell of an imported file, say) can pose as one.
  let tag = '';
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof CanonicalText) {
      tag ||= `\u0000canonical:${randomUUID()}:`;
      return `${tag}${spliced.push(v.text) - 1}`;
    }
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
  if (spliced.length === 0) return text;
  const marker = JSON.stringify(tag).slice(0, -1); // as the tag appears in the text, opening quote included
  return text.replace(
    new RegExp(`${marker.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(\\d+)"`, 'g'),
    (_m, i: string) => spliced[Number(i)],
  );
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

function canonicalEvent(e: HashedFields): string {
  return canonicalJson({
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
}

/** The event's hash: HMAC-SHA-256 of its canonical fields with the audit key. */
export function computeAuditHash(e: HashedFields, key: Buffer = auditKey()): string {
  return createHmac('sha256', key).update(canonicalEvent(e), 'utf8').digest('hex');
}

/** The unkeyed SHA-256 of chains written before decision 006; only read, to re-key them once. */
export function computeLegacyAuditHash(e: HashedFields): string {
  return createHash('sha256').update(canonicalEvent(e), 'utf8').digest('hex');
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
  if ((fields.before?.length ?? 0) + (fields.after?.length ?? 0) > LARGE_EVENT_CHARS) {
    // Prisma's query builder copies every parameter through its compiler: for an import's event of
    // several MB that held the event loop for half a second. Plain SQL with the text as UTF-8 bytes
    // (app/models/bulk-sql.server.ts) hands it over at a fraction of a plain string parameter's cost.
    const f = fields;
    await tx.$executeRaw(
      Prisma.sql`INSERT INTO "AuditEvent" ("id", "seq", "actorId", "action", "entity", "entityId", "before", "after", "createdAt", "prevHash", "hash") VALUES (${newId()}, ${f.seq}, ${f.actorId}, ${f.action}, ${f.entity}, ${f.entityId}, ${f.before === null ? null : textParam(tx, f.before)}, ${f.after === null ? null : textParam(tx, f.after)}, ${f.createdAt}, ${f.prevHash}, ${hash})`,
    );
  } else {
    await tx.auditEvent.create({ data: { ...fields, hash } });
  }
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
          reason:
            computeLegacyAuditHash(ev) === ev.hash
              ? `第 ${ev.seq} 条记录未用审计密钥签名（旧格式或被改写）；如为升级前的旧记录，请运行 npm run audit:verify -- --rekey (event ${ev.seq} is not keyed: legacy chain, or rewritten without the key)`
              : `内容哈希不符：第 ${ev.seq} 条记录在写入后被修改 (hash mismatch: event ${ev.seq} was altered)`,
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

/** The chain's current head, for printing on exported reports so paper copies anchor the chain. */
export type AuditHead = { seq: number; hash: string; shortHash: string };

export async function auditChainHead(client: PrismaClient | Tx = prisma): Promise<AuditHead> {
  const head = await client.auditChainHead.findUnique({ where: { id: HEAD_ID } });
  const seq = head?.seq ?? 0;
  const hash = head?.hash ?? GENESIS_HASH;
  return { seq, hash, shortHash: hash.slice(0, 12) };
}

/** The line printed on exports: 审计链 #seq · short hash. */
export function auditHeadLabel(head: AuditHead): string {
  return `审计链 #${head.seq} · ${head.shortHash}`;
}

export type RekeyResult =
  | { ok: true; rekeyed: number; count: number }
  | { ok: false; brokenAt: { id: string; seq: number }; reason: string };

/**
 * Re-keys a chain written before the audit key existed (decision 006): walks it from the start,
 * accepting plain SHA-256 links only before the first keyed one, each checked against its content
 * and its predecessor; refuses (changing nothing) when any link is broken. Then rewrites every hash
 * keyed, in one transaction, moves the head and records an 'audit.rekey' event. An operator's
 * explicit step (`npm run audit:verify -- --rekey`): never run automatically, so a chain someone
 * rewrote in plain SHA-256 is reported by audit:verify instead of being silently re-keyed.
 */
export async function rekeyAuditChain(
  actorId: string | null = null,
  client: PrismaClient = prisma,
): Promise<RekeyResult> {
  return client.$transaction(
    async (tx) => {
      await holdAuditChain(tx);
      const events = await tx.auditEvent.findMany({ orderBy: { seq: 'asc' } });
      let prevStored = GENESIS_HASH;
      let keyedSeen = false;
      const plainSeqs: number[] = [];
      for (const [i, ev] of events.entries()) {
        const brokenAt = { id: ev.id, seq: ev.seq };
        if (ev.seq !== i + 1) return { ok: false, brokenAt, reason: `序号不连续 (seq gap before ${ev.seq})` };
        if (ev.prevHash !== prevStored)
          return {
            ok: false,
            brokenAt,
            reason: `前一条哈希不符 (prevHash does not match event ${ev.seq - 1})`,
          };
        if (computeAuditHash(ev) === ev.hash) keyedSeen = true;
        else if (!keyedSeen && computeLegacyAuditHash(ev) === ev.hash) plainSeqs.push(ev.seq);
        else
          return { ok: false, brokenAt, reason: `内容哈希不符 (hash mismatch: event ${ev.seq} was altered)` };
        prevStored = ev.hash;
      }
      const head = await tx.auditChainHead.findUniqueOrThrow({ where: { id: HEAD_ID } });
      const last = events.at(-1);
      if (head.seq !== events.length || head.hash !== prevStored)
        return {
          ok: false,
          brokenAt: { id: last?.id ?? '', seq: events.length },
          reason: '链头与末尾记录不符 (head does not match the last event)',
        };
      let prev = GENESIS_HASH;
      for (const ev of events) {
        const hash = computeAuditHash({ ...ev, prevHash: prev });
        if (hash !== ev.hash || prev !== ev.prevHash) await writeRekeyedEvent(tx, ev.id, prev, hash);
        prev = hash;
      }
      await tx.auditChainHead.update({ where: { id: HEAD_ID }, data: { hash: prev } });
      if (plainSeqs.length > 0) {
        await recordAudit(tx, {
          actorId,
          action: 'audit.rekey',
          entity: 'AuditChainHead',
          entityId: String(HEAD_ID),
          after: { rekeyedFrom: plainSeqs[0], rekeyedTo: plainSeqs.at(-1), events: events.length },
        });
      }
      return { ok: true, rekeyed: plainSeqs.length, count: events.length };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

/** One re-keyed link (its own function so the audit write-site test can name it). */
async function writeRekeyedEvent(tx: Tx, id: string, prevHash: string, hash: string): Promise<void> {
  await tx.auditEvent.update({ where: { id }, data: { prevHash, hash } });
}
