// The confirm step (确认导入) sends the file just previewed: its reading is remembered, keyed by the
// bytes and by everything the reading depends on (the round's kind, jurisdiction, statistics date and
// scheme), so a changed form is read again and a different file is never taken for the previewed one.
import '#tests/support/use-test-db';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitItemsImport, previewItemsImport } from '#app/models/import.server';
import { loadRound } from '#app/models/import/load.server';
import { forgetReadings, readFile } from '#app/models/import/read.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';
import { applicationRows, filledWorkbook } from '#tests/fixtures/xlsx/factory';

let actor: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { username: 'agency-remembered', displayName: '评价机构', passwordHash: 'x' },
  });
  actor = user.id;
});

const newRound = (name: string) =>
  createRound(
    createRoundSchema.parse({
      presetId: 'sichuan-2025-recognition',
      name,
      year: 2026,
      window: '2025-01-01至2025-12-31',
    }),
    actor,
  );

describe('the reading of a previewed file', () => {
  it('is taken again for the same bytes and form, and read afresh when either differs', async () => {
    const round = await newRound('记住的读取');
    const bytes = filledWorkbook('application', applicationRows(4));
    const loaded = (await loadRound(prisma, round.id))!;
    const first = await readFile(loaded, bytes);
    expect(first.read.units).toHaveLength(4);
    expect(await readFile(loaded, Buffer.from(bytes))).toBe(first);

    // Another file: read from its own bytes.
    const other = await readFile(loaded, filledWorkbook('application', applicationRows(2)));
    expect(other).not.toBe(first);
    expect(other.read.units).toHaveLength(2);

    // Only the last file is kept; the same form with another statistics date is read again.
    const again = await readFile(loaded, bytes);
    expect(again).not.toBe(first);
    expect(again.read.units.map((u) => u.uscc)).toEqual(first.read.units.map((u) => u.uscc));
    const moved = await readFile({ ...loaded, windowEnd: '2025-06-30' }, bytes);
    expect(moved).not.toBe(again);
    expect(moved.readFor).not.toBe(again.readFor);

    forgetReadings();
    expect(await readFile(loaded, bytes)).not.toBe(again);
  });

  it('commits what a cold import commits', async () => {
    const bytes = filledWorkbook('application', applicationRows(5));
    const previewed = await newRound('预检后导入');
    expect((await previewItemsImport(previewed.id, bytes, 'a.xlsx'))?.canCommit).toBe(true);
    expect(await commitItemsImport(previewed.id, bytes, 'a.xlsx', actor)).toMatchObject({
      ok: true,
      created: 5,
    });
    forgetReadings();
    const cold = await newRound('未预检导入');
    expect(await commitItemsImport(cold.id, bytes, 'a.xlsx', actor)).toMatchObject({ ok: true, created: 5 });
    const items = (roundId: string) =>
      prisma.item.findMany({
        where: { roundId },
        orderBy: { importKey: 'asc' },
        select: { importKey: true, name: true, group: true, data: true, eligibility: true, flags: true },
      });
    expect(await items(previewed.id)).toEqual(await items(cold.id));
  });
});
