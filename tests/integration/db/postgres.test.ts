// The production database: migrations, seed, concurrent audit writers and the 申报书 import (bulk
// inserts, the grouped UPDATE … FROM (VALUES …) of a re-import) on a real PostgreSQL.
// Runs only when TEST_POSTGRES_URL names a server where the role may create databases, e.g.
//   TEST_POSTGRES_URL=postgresql://pingshen@127.0.0.1:5432/postgres npx vitest run tests/integration/db/postgres.test.ts
// It works in a throwaway database and a Prisma Client generated for PostgreSQL under tests/.tmp,
// so the SQLite client the rest of the suite uses is left alone.
import '#tests/support/use-test-db';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaClient } from '@prisma/client';
import pg from 'pg';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '#app/models/audit.server';
import { commitItemsImport, previewItemsImport, roundTemplate } from '#app/models/import.server';
import { physicalHeaders, workbookSpec, type ColumnSpec } from '#app/utils/xlsx/spec';
import type { RowInput } from '#app/utils/xlsx/template';
import { seedDatabase } from '#seeds/load.server';
import { applicationRows, usccFor } from '#tests/fixtures/xlsx/factory';

const BASE_URL = process.env.TEST_POSTGRES_URL;
const run = promisify(execFile);

const normalise = (header: unknown) => String(header).replace(/^\*/, '');

/** The downloaded template filled the way another program would: rows appended under the header. */
function fillTemplate(template: Buffer, rows: Record<string, RowInput[]>): XLSX.WorkBook {
  const book = XLSX.read(template, { type: 'buffer' });
  for (const sheet of workbookSpec('application').sheets) {
    const slotOf = new Map<string, { column: ColumnSpec; slot: number }>();
    for (const column of sheet.columns)
      physicalHeaders(column).forEach((h, slot) => slotOf.set(h, { column, slot }));
    const ws = book.Sheets[sheet.name];
    const header = (XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 })[0] ?? []).map(normalise);
    const cells = (rows[sheet.name] ?? []).map((row) =>
      header.map((h) => {
        const at = slotOf.get(h);
        const value = at ? row[at.column.key] : undefined;
        if (Array.isArray(value)) return (value as string[])[at?.slot ?? 0] ?? null;
        if (typeof value === 'boolean') return value ? '是' : '否';
        return value ?? null;
      }),
    );
    XLSX.utils.sheet_add_aoa(ws, cells, { origin: 'A2' });
  }
  return book;
}

/** Changes the cell under `header` in the first row of `sheet` whose 统一社会信用代码 is `uscc`. */
function setCell(book: XLSX.WorkBook, sheet: string, uscc: string, header: string, value: string | number) {
  const ws = book.Sheets[sheet];
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
  const headers = (rows[0] ?? []).map(normalise);
  const usccColumn = headers.indexOf('统一社会信用代码');
  const r = rows.findIndex((row, i) => i > 0 && row[usccColumn] === uscc);
  const c = headers.indexOf(header);
  if (r < 1 || c < 0) throw new Error(`${sheet} ${uscc} ${header} not found`);
  ws[XLSX.utils.encode_cell({ r, c })] =
    typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: value };
}

const bytesOf = (book: XLSX.WorkBook) => XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;

describe.skipIf(!BASE_URL)('PostgreSQL', () => {
  const dbName = `pingshen_test_${process.pid}_${Date.now()}`;
  const clientDir = resolve(`tests/.tmp/pg-client-${process.pid}`);
  let url: string;
  let prisma: PrismaClient;

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: BASE_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  /** A round on a copy of the Sichuan recognition preset, as the app creates one. */
  const makeRound = async (name: string) => {
    const preset = await prisma.scheme.findUniqueOrThrow({
      where: { presetKey: 'sichuan-2025-recognition' },
    });
    const scheme = await prisma.scheme.create({
      data: {
        presetId: preset.presetId,
        name,
        jurisdiction: preset.jurisdiction,
        kind: preset.kind,
        definition: preset.definition,
      },
    });
    return prisma.round.create({
      data: {
        name,
        jurisdiction: preset.jurisdiction,
        kind: preset.kind,
        year: 2026,
        schemeId: scheme.id,
        windowStart: '2025-01-01',
        windowEnd: '2025-12-31',
      },
    });
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    const u = new URL(BASE_URL as string);
    u.pathname = `/${dbName}`;
    url = u.toString();
    mkdirSync(clientDir, { recursive: true });
    const schema = readFileSync('prisma/schema.postgres.prisma', 'utf8').replace(
      'engineType = "client"',
      `engineType = "client"\n  output     = "${clientDir}"`,
    );
    writeFileSync(join(clientDir, 'schema.prisma'), schema);
    await run(resolve('node_modules/.bin/prisma'), [
      'generate',
      '--schema',
      join(clientDir, 'schema.prisma'),
    ]);
    const generated = (await import(/* @vite-ignore */ join(clientDir, 'index.js'))) as {
      PrismaClient: new (o: { adapter: PrismaPg }) => PrismaClient;
    };
    prisma = new generated.PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 8 }) });
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('applies the PostgreSQL migrations with the JS schema engine, then has nothing pending', async () => {
    const env = { ...process.env, DATABASE_URL: url };
    const first = await run(resolve('node_modules/.bin/prisma'), ['migrate', 'deploy'], { env });
    expect(first.stdout).toMatch(/successfully applied/);
    const second = await run(resolve('node_modules/.bin/prisma'), ['migrate', 'deploy'], { env });
    expect(second.stdout).toMatch(/No pending migrations/);
  }, 120_000);

  it('seeds once even when two instances start together, and a later run changes nothing', async () => {
    const both = await Promise.all([seedDatabase(prisma), seedDatabase(prisma)]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    const sheets = await prisma.scoreSheet.count();
    expect((await seedDatabase(prisma)).created).toBe(false);
    expect(await prisma.scoreSheet.count()).toBe(sheets);
    expect(await prisma.platform.count()).toBe(60);
  }, 120_000);

  it('serialises concurrent audit writers on the head row: no fork, no gap', async () => {
    const before = await prisma.auditEvent.count();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        prisma.$transaction(
          async (tx) => {
            const user = await tx.user.create({
              data: { username: `pg-${i}`, displayName: `用户${i}`, passwordHash: 'x' },
            });
            await recordAudit(tx, {
              actorId: null,
              action: 'user.create',
              entity: 'User',
              entityId: user.id,
            });
          },
          { maxWait: 60_000, timeout: 60_000 },
        ),
      ),
    );
    expect(await verifyAuditChain(prisma)).toEqual({ ok: true, count: before + 30 });
  }, 120_000);

  it('imports a 申报书 filled in on the round template, then re-imports changed cells as updates', async () => {
    const round = await makeRound('PostgreSQL 导入测试');
    const actor = await prisma.user.create({
      data: { username: 'pg-agency', displayName: '评价机构', passwordHash: 'x' },
    });

    const template = await roundTemplate(round.id, prisma);
    if (!template) throw new Error('no template');
    const book = fillTemplate(template.bytes, applicationRows(3));
    const [one, two, three] = [usccFor(1), usccFor(2), usccFor(3)];

    const preview = await previewItemsImport(round.id, bytesOf(book), '申报书.xlsx', prisma);
    expect(preview?.problems).toEqual([]);
    expect(preview?.units.map((u) => [u.uscc, u.action])).toEqual([
      [one, 'create'],
      [two, 'create'],
      [three, 'create'],
    ]);
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(0);

    const first = await commitItemsImport(round.id, bytesOf(book), '申报书.xlsx', actor.id, prisma);
    expect(first).toMatchObject({ ok: true, created: 3, updated: 0 });
    const created = await prisma.item.findMany({
      where: { roundId: round.id },
      orderBy: { importKey: 'asc' },
      include: { organisation: true, platform: true },
    });
    expect(created.map((i) => [i.importKey, i.kind, i.group, i.organisation.uscc])).toEqual([
      [one, 'application', '检验检测', one],
      [two, 'application', '检验检测', two],
      [three, 'application', '检验检测', three],
    ]);
    expect(created.map((i) => (JSON.parse(i.eligibility ?? '{}') as { overall: string }).overall)).toEqual([
      'eligible',
      'eligible',
      'eligible',
    ]);
    expect((await prisma.round.findUniqueOrThrow({ where: { id: round.id } })).state).toBe('reviewing');
    await prisma.item.updateMany({
      where: { roundId: round.id },
      data: { eligibilityDecision: 'admitted', decidedById: actor.id, decidedAt: new Date() },
    });
    const organisations = await prisma.organisation.count();
    const platforms = await prisma.platform.count();

    // The platforms correct cells and send the file again: unit 1 renames its equipment, unit 2 now
    // has 12 staff (below the threshold, so its admission no longer stands), unit 3 is unchanged.
    setCell(book, '仪器设备', one, '设备、软件或数据资源名称', '步入式高低温试验室');
    setCell(book, '人员情况', two, '专职从业人员总数（人）', 12);
    setCell(book, '人员情况', two, '持有从业资格证书的专业人员数（人）', 8);
    const again = await previewItemsImport(round.id, bytesOf(book), '申报书-更正.xlsx', prisma);
    expect(again?.problems).toEqual([]);
    expect(again?.units.map((u) => u.action)).toEqual(['update', 'update', 'update']);

    const second = await commitItemsImport(round.id, bytesOf(book), '申报书-更正.xlsx', actor.id, prisma);
    expect(second).toMatchObject({ ok: true, created: 0, updated: 3 });
    if (!second?.ok) throw new Error('re-import failed');
    const updated = await prisma.item.findMany({
      where: { roundId: round.id },
      orderBy: { importKey: 'asc' },
    });
    expect(updated.map((i) => i.id)).toEqual(created.map((i) => i.id));
    expect(updated.map((i) => [i.importBatchId, i.kind, i.group, i.name, i.flags])).toEqual(
      created.map((i) => [second.batchId, 'application', '检验检测', i.name, '[]']),
    );
    const data = updated.map(
      (i) => JSON.parse(i.data) as { staffTotal: number; details: { equipment: { name: string }[] } },
    );
    expect(data.map((d) => [d.staffTotal, d.details.equipment[0].name])).toEqual([
      [(JSON.parse(created[0].data) as { staffTotal: number }).staffTotal, '步入式高低温试验室'],
      [12, '高低温湿热试验箱'],
      [(JSON.parse(created[2].data) as { staffTotal: number }).staffTotal, '高低温湿热试验箱'],
    ]);
    expect(updated.map((i) => (JSON.parse(i.eligibility ?? '{}') as { overall: string }).overall)).toEqual([
      'eligible',
      'ineligible',
      'eligible',
    ]);
    expect(updated.map((i) => [i.eligibilityDecision, i.decidedById])).toEqual([
      ['admitted', actor.id],
      ['pending', null],
      ['admitted', actor.id],
    ]);
    expect(updated.every((i, n) => i.updatedAt >= created[n].updatedAt)).toBe(true);
    expect(updated.map((i) => [i.platformId, i.organisationId])).toEqual(
      created.map((i) => [i.platformId, i.organisationId]),
    );
    expect([await prisma.organisation.count(), await prisma.platform.count()]).toEqual([
      organisations,
      platforms,
    ]);

    // One audit event per file, with each item's data before and after, on an unbroken chain.
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'import.commit', entityId: second.batchId },
    });
    const items = (
      JSON.parse(event.after ?? '{}') as {
        items: {
          itemId: string;
          before: { data: { staffTotal: number } };
          after: { data: { staffTotal: number }; decision: string };
        }[];
      }
    ).items;
    const change = items.find((i) => i.itemId === created[1].id);
    expect(change?.before.data.staffTotal).toBe(
      (JSON.parse(created[1].data) as { staffTotal: number }).staffTotal,
    );
    expect(change?.after).toMatchObject({ data: { staffTotal: 12 }, decision: 'pending' });
    expect(await prisma.importBatch.count({ where: { roundId: round.id, state: 'committed' } })).toBe(2);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
  }, 120_000);

  it('two imports of the same file at once create each item once, and 260 units cross every write chunk', async () => {
    const round = await makeRound('PostgreSQL 并发导入');
    const actor = await prisma.user.findUniqueOrThrow({ where: { username: 'pg-agency' } });
    const template = await roundTemplate(round.id, prisma);
    if (!template) throw new Error('no template');
    const small = bytesOf(fillTemplate(template.bytes, applicationRows(4, 11)));
    const outcomes = await Promise.all([
      commitItemsImport(round.id, small, 'a.xlsx', actor.id, prisma),
      commitItemsImport(round.id, small, 'b.xlsx', actor.id, prisma),
    ]);
    expect(outcomes.map((o) => o?.ok)).toEqual([true, true]);
    expect(outcomes.map((o) => (o?.ok ? o.created : -1)).sort()).toEqual([0, 4]);
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(4);

    const big = bytesOf(fillTemplate(template.bytes, applicationRows(260, 11)));
    expect(await commitItemsImport(round.id, big, 'c.xlsx', actor.id, prisma)).toMatchObject({
      ok: true,
      created: 256,
      updated: 4,
    });
    expect(await commitItemsImport(round.id, big, 'c.xlsx', actor.id, prisma)).toMatchObject({
      ok: true,
      created: 0,
      updated: 260,
    });
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(260);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
  }, 120_000);

  it('two rounds importing the same new units at once share one organisation and platform per unit', async () => {
    const rounds = await Promise.all(['甲', '乙'].map((tag) => makeRound(`PostgreSQL 跨轮并发导入${tag}`)));
    const actor = await prisma.user.findUniqueOrThrow({ where: { username: 'pg-agency' } });
    const template = await roundTemplate(rounds[0].id, prisma);
    if (!template) throw new Error('no template');
    // Units 501–530: in no other test, so every organisation and platform is new to both imports.
    const file = bytesOf(fillTemplate(template.bytes, applicationRows(30, 7, 501)));
    const outcomes = await Promise.all(
      rounds.map((round, i) => commitItemsImport(round.id, file, `${i}.xlsx`, actor.id, prisma)),
    );
    expect(outcomes.map((o) => (o?.ok ? o.created : o))).toEqual([30, 30]);
    const usccs = Array.from({ length: 30 }, (_, i) => usccFor(501 + i));
    expect(await prisma.organisation.count({ where: { uscc: { in: usccs } } })).toBe(30);
    const items = await prisma.item.findMany({ where: { roundId: { in: rounds.map((r) => r.id) } } });
    expect(items).toHaveLength(60);
    expect(new Set(items.map((i) => i.platformId)).size).toBe(30);
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
  }, 120_000);
});
