// The database side of a preview: which items exist, directory facts, flags and eligibility.
import type { PrismaClient } from '@prisma/client';
import { checkEligibility } from '#scoring/check-eligibility';
import { platformLifecycle } from '#scoring/platform-lifecycle';
import { roundAllows } from '#scoring/round-states';
import type { EligibilityResult, Problem } from '#scoring/types';
import { prisma } from '#app/utils/db.server';
import type { ItemFlag } from '#app/utils/round-labels';
import type { ImportedUnit } from '#app/utils/xlsx/import-preview';
import type { TemplateKind } from '#app/utils/xlsx/spec';
import { inChunks, loadRound, type Client, type LoadedRound } from './load.server';
import { readFile, type FileRead } from './read.server';

export interface PlannedUnit {
  uscc: string;
  name: string;
  platformName: string;
  row: number;
  action: 'create' | 'update';
  eligibility: EligibilityResult;
  flags: ItemFlag[];
}

export interface ItemsImportPreview {
  fileName: string;
  sha256: string;
  kind: TemplateKind;
  units: PlannedUnit[];
  problems: Problem[];
  warnings: Problem[];
  canCommit: boolean;
  // The file was refused as a whole by the sandboxed reader: 413 (over 10 MB), 400 (not an xlsx
  // workbook) or 422 (over a limit, or 文件处理超时或过大，已拒绝).
  refused?: 400 | 413 | 422;
}

export interface Plan {
  preview: ItemsImportPreview;
  units: { unit: ImportedUnit; planned: PlannedUnit; existingItemId: string | null }[];
}

/** The database side of a preview: existing items, directory facts, flags and eligibility. */
export async function plan(
  client: Client,
  round: LoadedRound,
  file: FileRead,
  fileName: string,
): Promise<Plan> {
  const { sha256, kind, read } = file;
  const recognised = new Set(
    (
      await client.platform.findMany({
        where: { jurisdiction: round.jurisdiction, status: { in: ['listed', 'rectifying'] } },
        select: { organisation: { select: { uscc: true } } },
      })
    ).map((p) => p.organisation.uscc),
  );
  const problems = [...read.problems];
  // Material may be (re)imported until expert scoring starts.
  if (!roundAllows(round.state, 'import')) {
    problems.unshift({ code: 'round_closed', message: '专家评审已开始，本轮不能再导入或更新材料' });
  }
  if (read.problems.length === 0 && read.units.length === 0) {
    problems.push({ code: 'no_units', message: '文件中没有填写任何单位的数据' });
  }

  const codes = read.units.map((u) => u.uscc);
  const names = read.units.map((u) => u.platformName);
  const [orgs, items, namedPlatforms] = await Promise.all([
    inChunks(codes, (chunk) =>
      client.organisation.findMany({
        where: { uscc: { in: chunk } },
        select: {
          uscc: true,
          parent: { select: { uscc: true } },
          platforms: {
            where: { jurisdiction: round.jurisdiction },
            select: {
              name: true,
              status: true,
              bannedUntil: true,
              history: { select: { year: true, kind: true, grade: true, absent: true, removalGround: true } },
            },
          },
        },
      }),
    ),
    client.item.findMany({ where: { roundId: round.id }, select: { id: true, importKey: true } }),
    inChunks(names, (chunk) =>
      client.platform.findMany({
        where: { jurisdiction: round.jurisdiction, name: { in: chunk } },
        select: { name: true, organisation: { select: { uscc: true } } },
      }),
    ),
  ]);
  const orgByCode = new Map(orgs.map((o) => [o.uscc, o]));
  // Items imported here are keyed by the code; demo and older items by "code:platform name".
  const itemByCode = new Map(items.map((i) => [i.importKey.split(':')[0], i]));
  const ownerOfName = new Map(namedPlatforms.map((p) => [p.name, p.organisation.uscc]));

  const units: Plan['units'] = [];
  for (const unit of read.units) {
    const org = orgByCode.get(unit.uscc);
    const flags: ItemFlag[] = [];
    // A parent recorded in the directory counts as much as one written in the file.
    const parentCode = unit.parentUscc ?? org?.parent?.uscc ?? null;
    unit.data.isBranch = parentCode !== null && recognised.has(parentCode);
    if (unit.data.isBranch) flags.push('branch_of_listed');
    for (const platform of org?.platforms ?? []) {
      const bannedUntil =
        platform.bannedUntil ??
        platformLifecycle(
          round.jurisdiction,
          platform.history.map((h) => ({
            year: h.year,
            kind: h.kind,
            grade: h.grade,
            absent: h.absent,
            ...(h.removalGround ? { removalGround: h.removalGround } : {}),
          })),
        ).bannedUntil;
      if (bannedUntil !== null && round.year <= bannedUntil && !flags.includes('removed_within_3_years')) {
        flags.push('removed_within_3_years');
      }
    }
    const owner = ownerOfName.get(unit.platformName);
    if (owner !== undefined && owner !== unit.uscc) {
      problems.push({
        code: 'platform_name_taken',
        sheet: unit.sheet,
        row: unit.row,
        message: `${unit.sheet}第${unit.row}行：平台名称“${unit.platformName}”已属于另一单位（${owner}），请核对平台名称或统一社会信用代码`,
      });
    }
    const existing = itemByCode.get(unit.uscc);
    const planned: PlannedUnit = {
      uscc: unit.uscc,
      name: unit.name,
      platformName: unit.platformName,
      row: unit.row,
      action: existing ? 'update' : 'create',
      eligibility: checkEligibility(round.definition.eligibility, unit.data),
      flags,
    };
    units.push({ unit, planned, existingItemId: existing?.id ?? null });
  }
  return {
    preview: {
      fileName,
      sha256,
      kind,
      units: units.map((u) => u.planned),
      problems,
      warnings: read.warnings,
      canCommit: problems.length === 0,
      ...(read.refused ? { refused: read.refused } : {}),
    },
    units,
  };
}

/**
 * Reads and checks a workbook against a round; writes nothing. Null when the round does not exist.
 * `db` is the app's database unless a caller (the PostgreSQL tests) passes another client.
 */
export async function previewItemsImport(
  roundId: string,
  bytes: Buffer,
  fileName: string,
  db: PrismaClient = prisma,
): Promise<ItemsImportPreview | null> {
  const round = await loadRound(db, roundId);
  if (!round) return null;
  return (await plan(db, round, await readFile(round, bytes), fileName)).preview;
}
