import '#tests/support/use-test-db';
import XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitItemsImport, previewItemsImport, roundTemplate } from '#app/models/import.server';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { prisma } from '#app/utils/db.server';
import { getPreset } from '#seeds/presets/index';
import { applicationRows, filledWorkbook, usccFor } from '#tests/fixtures/xlsx/factory';

let actor: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { username: 'agency-lists', displayName: '评价机构', passwordHash: 'x' },
  });
  actor = user.id;
});

async function newRound(presetId: string) {
  return createRound(
    createRoundSchema.parse({
      presetId,
      name: `领域清单 ${Math.random().toString(36).slice(2, 8)}`,
      year: 2026,
      window: '2025-01-01至2025-12-31',
    }),
    actor,
  );
}

function optionColumn(bytes: Buffer, heading: string): string[] {
  const book = XLSX.read(bytes, { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets['选项'], { header: 1 });
  const c = rows[0].indexOf(heading);
  return rows.slice(1).flatMap((r) => (typeof r[c] === 'string' ? [r[c]] : []));
}

/** A 申报书 for round preset `presetId` whose single unit declares 民用航空 (a 261号 field only). */
function civilAviationWorkbook(presetId: string): Buffer {
  const rows = applicationRows(1, 7, 1, 'miit');
  rows.基本信息[0] = { ...rows.基本信息[0], serviceFields: ['民用航空'], serviceScopes: ['计量检测'] };
  return filledWorkbook('application', rows, getPreset(presetId)?.eligibility ?? [], 'miit');
}

describe('a round’s template and import follow its jurisdiction’s field list', () => {
  it('MIIT recognition round: the template offers 民用航空, not 轨道交通, and 民用航空 imports', async () => {
    const round = await newRound('miit-2025-recognition');
    const template = await roundTemplate(round.id);
    const fields = optionColumn(template?.bytes ?? Buffer.alloc(0), '服务行业领域');
    expect(fields).toContain('民用航空');
    expect(fields).not.toContain('轨道交通');

    const bytes = civilAviationWorkbook('miit-2025-recognition');
    const preview = await previewItemsImport(round.id, bytes, '申报书.xlsx');
    expect(preview).toMatchObject({ canCommit: true, problems: [] });
    expect(await commitItemsImport(round.id, bytes, '申报书.xlsx', actor)).toMatchObject({
      ok: true,
      created: 1,
    });
    const platform = await prisma.platform.findFirstOrThrow({
      where: { jurisdiction: 'miit', organisation: { uscc: usccFor(1) } },
      select: { fields: true },
    });
    expect(JSON.parse(platform.fields)).toEqual(['民用航空']);
  });

  it('Sichuan recognition round refuses 民用航空 with a message naming Sichuan’s list, and writes nothing', async () => {
    const round = await newRound('sichuan-2025-recognition');
    const template = await roundTemplate(round.id);
    expect(optionColumn(template?.bytes ?? Buffer.alloc(0), '服务行业领域')).not.toContain('民用航空');

    const bytes = civilAviationWorkbook('sichuan-2025-recognition');
    const preview = await previewItemsImport(round.id, bytes, '申报书.xlsx');
    expect(preview?.canCommit).toBe(false);
    expect(preview?.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('“民用航空”不是四川省服务行业领域的选项'),
    ]);
    const items = await prisma.item.count({ where: { roundId: round.id } });
    expect(await commitItemsImport(round.id, bytes, '申报书.xlsx', actor)).toMatchObject({ ok: false });
    expect(await prisma.item.count({ where: { roundId: round.id } })).toBe(items);
  });
});
