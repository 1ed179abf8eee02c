// Importing a round's 申报书 / 年度运行情况表 workbook: preview (every problem listed, eligibility
// pre-checked by the engine, nothing written) and commit (all-or-nothing in one transaction, each
// item audited). Re-importing updates the round's item of the same 统一社会信用代码.
import { createHash } from 'node:crypto';
import { Prisma, type PlatformCategory, type PrismaClient } from '@prisma/client';
import { checkEligibility } from '#scoring/check-eligibility';
import { platformLifecycle } from '#scoring/platform-lifecycle';
import type { EligibilityResult, Jurisdiction, Problem } from '#scoring/types';
import { canonicalJson, holdAuditChain, recordAudit } from '#app/models/audit.server';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import { prisma, type Tx } from '#app/utils/db.server';
import type { ItemFlag } from '#app/utils/round-labels';
import { previewImport, type ImportedUnit, type ImportPreview } from '#app/utils/xlsx/import-preview';
import { workbookSpec, type TemplateKind } from '#app/utils/xlsx/spec';
import { buildWorkbook } from '#app/utils/xlsx/template';

// Generous: 2,000 applications with an audit event each take a few seconds on a shared machine.
const COMMIT_TIMEOUT_MS = 300_000;

const CATEGORY: Record<string, PlatformCategory> = {
  检验检测: 'testing',
  信息服务: 'information',
  创新成果产业化: 'industrialisation',
};

// Province-level prefixes of the administrative division code (positions 3–4 of a USCC).
const PROVINCES: Record<string, string> = {
  '10': '中央',
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

/** Which workbook a round collects: applications for recognition, annual reports otherwise. */
export function templateKindOf(roundKind: string): TemplateKind {
  return roundKind === 'recognition' ? 'application' : 'annual_report';
}

function itemKindOf(roundKind: string) {
  if (roundKind === 'recognition') return 'application' as const;
  return roundKind === 'triennial' ? ('triennial' as const) : ('annualReport' as const);
}

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
}

type Client = Tx | PrismaClient;

// Material may be (re)imported until expert scoring starts.
const IMPORT_STATES = ['draft', 'importing', 'reviewing'];

async function loadRound(client: Client, roundId: string) {
  const round = await client.round.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      kind: true,
      jurisdiction: true,
      year: true,
      state: true,
      windowEnd: true,
      scheme: { select: { definition: true } },
    },
  });
  if (!round) return null;
  return {
    ...round,
    schemeDefinition: round.scheme.definition,
    definition: parseSchemeDefinition(round.scheme.definition),
  };
}

type LoadedRound = NonNullable<Awaited<ReturnType<typeof loadRound>>>;

// Databases cap the parameters of one statement (SQLite through the driver adapter, PostgreSQL's
// 65,535); a file of thousands of units is looked up in slices.
const IN_CHUNK = 500;

async function inChunks<T>(values: string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) out.push(...(await query(values.slice(i, i + IN_CHUNK))));
  return out;
}

interface Plan {
  preview: ItemsImportPreview;
  units: { unit: ImportedUnit; planned: PlannedUnit; existingItemId: string | null }[];
}

/** The file read and checked against the round's form: pure, so it runs before any transaction. */
interface FileRead {
  sha256: string;
  kind: TemplateKind;
  read: ImportPreview;
  readFor: string; // what the reading depended on (scheme and statistics date), to detect a change
}

function readingKey(round: LoadedRound): string {
  return `${round.windowEnd ?? `${round.year}-12-31`}|${round.schemeDefinition}`;
}

function readFile(round: LoadedRound, bytes: Buffer): FileRead {
  const kind = templateKindOf(round.kind);
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    kind,
    // Branches (分支机构) are decided in plan(), against the directory as it is then.
    read: previewImport(bytes, kind, {
      eligibility: round.definition.eligibility,
      jurisdiction: round.jurisdiction,
      asOf: round.windowEnd ?? `${round.year}-12-31`,
    }),
    readFor: readingKey(round),
  };
}

/** The database side of a preview: existing items, directory facts, flags and eligibility. */
async function plan(client: Client, round: LoadedRound, file: FileRead, fileName: string): Promise<Plan> {
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
  if (!IMPORT_STATES.includes(round.state)) {
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
    },
    units,
  };
}

/**
 * The round's blank workbook: the form of its kind plus a 补充数据 sheet for any eligibility data
 * its scheme asks for beyond the form, with the round's window and deadline in the instructions.
 */
export async function roundTemplate(
  roundId: string,
  db: PrismaClient = prisma,
): Promise<{ bytes: Buffer; fileName: string } | null> {
  const round = await db.round.findUnique({
    where: { id: roundId },
    select: {
      name: true,
      kind: true,
      jurisdiction: true,
      windowStart: true,
      windowEnd: true,
      deadlines: true,
      scheme: { select: { definition: true } },
    },
  });
  if (!round) return null;
  const kind = templateKindOf(round.kind);
  const spec = workbookSpec(
    kind,
    parseSchemeDefinition(round.scheme.definition).eligibility,
    round.jurisdiction,
  );
  const deadlines = JSON.parse(round.deadlines) as { applicationsClose?: string };
  const notes = [
    round.windowStart && round.windowEnd
      ? `五、统计区间：${round.windowStart} 至 ${round.windowEnd}，数据按此区间填写。`
      : null,
    deadlines.applicationsClose ? `六、报送截止日期：${deadlines.applicationsClose}。` : null,
  ].filter((n): n is string => n !== null);
  return {
    bytes: buildWorkbook(spec, { heading: round.name, notes }),
    fileName: `${round.name}-${spec.title}.xlsx`,
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
  return (await plan(db, round, readFile(round, bytes), fileName)).preview;
}

export type CommitOutcome =
  | { ok: true; batchId: string; created: number; updated: number; preview: ItemsImportPreview }
  | { ok: false; preview: ItemsImportPreview };

/**
 * What the item keeps: the flat data the engine reads, the service lists, and under `details` the
 * rows of the form's detail sheets (operations, projects, cases, equipment) without their code
 * column, for exports and later checks.
 */
function itemDataOf(unit: ImportedUnit, detailSheets: readonly { name: string; detailKey: string }[]) {
  const details: Record<string, Record<string, unknown>[]> = {};
  for (const sheet of detailSheets) {
    details[sheet.detailKey] = (unit.details[sheet.name] ?? []).map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(row)) if (key !== 'uscc') out[key] = row[key];
      return out;
    });
  }
  return {
    ...unit.data,
    serviceFields: unit.serviceFields.join('、'),
    serviceScopes: unit.serviceScopes.join('、'),
    ...(detailSheets.length > 0 ? { details } : {}),
  };
}

/** What an import did to organisations or platforms, for its audit event (they have none of their own). */
interface SharedChanges {
  created: { id: string; [key: string]: unknown }[];
  updated: { id: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
}

async function writeOrganisations(
  tx: Tx,
  units: ImportedUnit[],
): Promise<{
  ids: Map<string, string>;
  changes: { created: SharedChanges['created']; renamed: unknown[]; parents: unknown[] };
}> {
  const codes = [...new Set([...units.map((u) => u.uscc), ...units.flatMap((u) => u.parentUscc ?? [])])];
  const lookup = () =>
    inChunks(codes, (chunk) =>
      tx.organisation.findMany({
        where: { uscc: { in: chunk } },
        select: { id: true, uscc: true, name: true, parentId: true },
      }),
    );
  const known = new Map((await lookup()).map((o) => [o.uscc, o]));
  const missing = units.filter((u) => !known.has(u.uscc));
  if (missing.length > 0) {
    await tx.organisation.createMany({
      data: missing.map((unit) => ({
        name: unit.name,
        uscc: unit.uscc,
        region: PROVINCES[unit.uscc.slice(2, 4)] ?? '未知',
        nature: typeof unit.data.applicantType === 'string' ? unit.data.applicantType : null,
        address: typeof unit.data.address === 'string' ? unit.data.address : null,
      })),
    });
  }
  // Renamed units one by one (their names differ); a re-import of the same file renames none.
  const renamed: unknown[] = [];
  for (const unit of units) {
    const org = known.get(unit.uscc);
    if (org && org.name !== unit.name) {
      await tx.organisation.update({ where: { id: org.id }, data: { name: unit.name } });
      renamed.push({ id: org.id, uscc: unit.uscc, before: { name: org.name }, after: { name: unit.name } });
    }
  }
  const ids = missing.length > 0 ? new Map((await lookup()).map((o) => [o.uscc, o])) : known;
  const created = missing.map((unit) => ({
    id: ids.get(unit.uscc)?.id as string,
    uscc: unit.uscc,
    name: unit.name,
  }));
  // Parents recorded in the file, one statement per parent.
  const childrenOf = new Map<string, string[]>();
  for (const unit of units) {
    const parent = unit.parentUscc ? ids.get(unit.parentUscc)?.id : undefined;
    const self = ids.get(unit.uscc);
    if (parent && self && self.parentId !== parent)
      childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), self.id]);
  }
  const byId = new Map([...ids.values()].map((o) => [o.id, o]));
  const parents: unknown[] = [];
  for (const [parentId, children] of childrenOf) {
    await inChunks(children, async (chunk) => {
      await tx.organisation.updateMany({ where: { id: { in: chunk } }, data: { parentId } });
      return [];
    });
    for (const id of children)
      parents.push({ id, before: { parentId: byId.get(id)?.parentId ?? null }, after: { parentId } });
  }
  return {
    ids: new Map(units.map((u) => [u.uscc, (ids.get(u.uscc) as { id: string }).id])),
    changes: { created, renamed, parents },
  };
}

// The unit's platform in the round's jurisdiction: the one of the same name, else its oldest one,
// else a new one.
async function writePlatforms(
  tx: Tx,
  jurisdiction: Jurisdiction,
  units: ImportedUnit[],
  orgIds: Map<string, string>,
): Promise<{ ids: Map<string, string>; changes: SharedChanges }> {
  const lookup = () =>
    inChunks([...new Set(orgIds.values())], (chunk) =>
      tx.platform.findMany({
        where: { jurisdiction, organisationId: { in: chunk } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, name: true, organisationId: true, category: true, fields: true, scopes: true },
      }),
    );
  type Row = Awaited<ReturnType<typeof lookup>>[number];
  const index = (rows: Row[]) => {
    const byOrg = new Map<string, Row[]>();
    for (const row of rows) byOrg.set(row.organisationId, [...(byOrg.get(row.organisationId) ?? []), row]);
    return (unit: ImportedUnit) => {
      const own = byOrg.get(orgIds.get(unit.uscc) as string) ?? [];
      return own.find((p) => p.name === unit.platformName) ?? own[0];
    };
  };
  const facts = (unit: ImportedUnit) => ({
    category: CATEGORY[unit.category ?? ''] ?? ('testing' as const),
    fields: JSON.stringify(unit.serviceFields),
    scopes: JSON.stringify(unit.serviceScopes),
  });
  let pick = index(await lookup());
  const missing = units.filter((u) => !pick(u));
  if (missing.length > 0) {
    await tx.platform.createMany({
      data: missing.map((unit) => ({
        ...facts(unit),
        name: unit.platformName,
        jurisdiction,
        organisationId: orgIds.get(unit.uscc) as string,
      })),
    });
  }
  // Changed facts, grouped: one statement per distinct (category, fields, scopes).
  const groups = new Map<string, { facts: ReturnType<typeof facts>; ids: string[] }>();
  const updated: SharedChanges['updated'] = [];
  const factsOf = (f: { category: string; fields: string; scopes: string }) => ({
    category: f.category,
    fields: JSON.parse(f.fields) as unknown,
    scopes: JSON.parse(f.scopes) as unknown,
  });
  for (const unit of units) {
    const platform = pick(unit);
    const next = facts(unit);
    if (
      platform &&
      (platform.category !== next.category ||
        platform.fields !== next.fields ||
        platform.scopes !== next.scopes)
    ) {
      const key = canonicalJson(next);
      const group = groups.get(key) ?? { facts: next, ids: [] };
      if (group.ids.includes(platform.id)) continue; // two units of the file on one platform
      group.ids.push(platform.id);
      updated.push({ id: platform.id, before: factsOf(platform), after: factsOf(next) });
      groups.set(key, group);
    }
  }
  for (const group of groups.values()) {
    await inChunks(group.ids, async (chunk) => {
      await tx.platform.updateMany({ where: { id: { in: chunk } }, data: group.facts });
      return [];
    });
  }
  if (missing.length > 0) pick = index(await lookup());
  const created = missing.map((unit) => ({
    id: (pick(unit) as { id: string }).id,
    name: unit.platformName,
    organisationId: orgIds.get(unit.uscc) as string,
    ...factsOf(facts(unit)),
  }));
  return {
    ids: new Map(units.map((unit) => [unit.uscc, (pick(unit) as { id: string }).id])),
    changes: { created, updated },
  };
}

const CREATE_CHUNK = 250;

// Rows per grouped UPDATE: 8 parameters each, well under SQLite's and PostgreSQL's limits.
const UPDATE_CHUNK = 200;

interface ItemValues {
  id: string;
  platformId: string;
  organisationId: string;
  name: string;
  group: string | null;
  data: string;
  eligibility: string;
  flags: string;
}

/**
 * Updates many items whose values differ row by row in a few statements: UPDATE … FROM (VALUES …),
 * which SQLite (3.33+) and PostgreSQL both accept and both name column1, column2, … . Text columns
 * only; the columns shared by every row (batch, kind, updatedAt) are set through Prisma after it.
 */
async function updateItemRows(tx: Tx, rows: ItemValues[]): Promise<void> {
  for (let i = 0; i < rows.length; i += UPDATE_CHUNK) {
    const values = rows
      .slice(i, i + UPDATE_CHUNK)
      .map(
        (r) =>
          Prisma.sql`(${r.id}, ${r.platformId}, ${r.organisationId}, ${r.name}, ${r.group}, ${r.data}, ${r.eligibility}, ${r.flags})`,
      );
    // The whole statement is one Prisma.sql object, rendered by the client for its database: the
    // client's own tag would take fragments made by another Prisma runtime as plain parameters.
    await tx.$executeRaw(
      Prisma.sql`UPDATE "Item" SET "platformId" = v.column2, "organisationId" = v.column3, "name" = v.column4, "group" = v.column5, "data" = v.column6, "eligibility" = v.column7, "flags" = v.column8 FROM (VALUES ${Prisma.join(values)}) AS v WHERE "Item"."id" = v.column1`,
    );
  }
}

/**
 * Writes a file to a round when it has no problem: the organisation (by code), its platform in the
 * round's jurisdiction and the round's item, plus the ImportBatch and one audit event listing every
 * item created or updated with its data before and after. Reading and checking the workbook (the
 * slow part) happens before the transaction; inside it the plan is made again against the database
 * as it is then, and every write is batched. Any failure rolls everything back.
 */
export async function commitItemsImport(
  roundId: string,
  bytes: Buffer,
  fileName: string,
  actorId: string,
  db: PrismaClient = prisma,
): Promise<CommitOutcome | null> {
  const outside = await loadRound(db, roundId);
  if (!outside) return null;
  const file = readFile(outside, bytes);
  if (file.read.problems.length > 0) {
    // Nothing will be written: the preview is made without holding the database.
    return { ok: false, preview: (await plan(db, outside, file, fileName)).preview };
  }
  return db.$transaction(
    async (tx) => {
      // Imports take turns with every audited write, whichever round they go to: holding the audit
      // chain's head from the start (PostgreSQL; SQLite already allows one writer) means a file sent
      // twice at once, or two rounds' files naming the same new unit, are planned the second time
      // against the first one's items, organisations and platforms instead of creating them again.
      await holdAuditChain(tx);
      const round = await loadRound(tx, roundId);
      if (!round) return null;
      // The scheme (extra columns) or the statistics window changed since the file was read: read again.
      const current = readingKey(round) === file.readFor ? file : readFile(round, bytes);
      const { preview, units } = await plan(tx, round, current, fileName);
      if (!preview.canCommit) return { ok: false as const, preview };

      const batch = await tx.importBatch.create({
        data: {
          roundId,
          kind: 'items',
          fileName,
          fileSha256: preview.sha256,
          rowCount: units.length,
          created: units.filter((u) => u.existingItemId === null).length,
          updated: units.filter((u) => u.existingItemId !== null).length,
          state: 'committed',
          problems: canonicalJson(preview.warnings),
          createdById: actorId,
        },
        select: { id: true, created: true, updated: true },
      });

      const organisations = await writeOrganisations(
        tx,
        units.map((u) => u.unit),
      );
      const orgIds = organisations.ids;
      const platforms = await writePlatforms(
        tx,
        round.jurisdiction,
        units.map((u) => u.unit),
        orgIds,
      );
      const platformIds = platforms.ids;

      const detailSheets = workbookSpec(current.kind).sheets.flatMap((s) =>
        s.detailKey ? [{ name: s.name, detailKey: s.detailKey }] : [],
      );
      const kind = itemKindOf(round.kind);
      const values = (unit: ImportedUnit, planned: PlannedUnit) => {
        const data = itemDataOf(unit, detailSheets);
        return {
          data,
          row: {
            platformId: platformIds.get(unit.uscc) as string,
            organisationId: orgIds.get(unit.uscc) as string,
            name: unit.platformName,
            group: unit.category,
            data: canonicalJson(data),
            eligibility: canonicalJson(planned.eligibility),
            flags: canonicalJson(planned.flags),
          },
        };
      };
      const changes: unknown[] = [];

      // New items with createMany, in chunks: Prisma's query compiler slows down more than linearly
      // with the size of one call (2,000 items: ~2× slower in one call than in chunks of 250).
      const fresh = units.filter((u) => u.existingItemId === null);
      const freshValues = fresh.map(({ unit, planned }) => ({ unit, planned, ...values(unit, planned) }));
      for (let i = 0; i < freshValues.length; i += CREATE_CHUNK) {
        await tx.item.createMany({
          data: freshValues.slice(i, i + CREATE_CHUNK).map(({ unit, row }) => ({
            ...row,
            kind,
            roundId,
            importKey: unit.uscc,
            importBatchId: batch.id,
          })),
        });
      }

      // Existing items: previous values read in chunks, per-row values in grouped UPDATEs, the shared
      // values (batch, kind, updatedAt) and the reset of voided decisions in one statement per chunk.
      const existing = units.filter((u) => u.existingItemId !== null);
      const before = new Map(
        (
          await inChunks(
            existing.map((u) => u.existingItemId as string),
            (chunk) =>
              tx.item.findMany({
                where: { id: { in: chunk } },
                select: { id: true, data: true, eligibility: true, eligibilityDecision: true },
              }),
          )
        ).map((row) => [row.id, row]),
      );
      const updates: ItemValues[] = [];
      const resetIds: string[] = [];
      for (const { unit, planned, existingItemId } of existing) {
        const id = existingItemId as string;
        const previous = before.get(id);
        const previousOverall = previous?.eligibility
          ? (JSON.parse(previous.eligibility) as EligibilityResult).overall
          : null;
        // A decision taken on other data is void once the eligibility outcome changes.
        const resetDecision = previousOverall !== planned.eligibility.overall;
        if (resetDecision) resetIds.push(id);
        const { data, row } = values(unit, planned);
        updates.push({ id, ...row });
        changes.push({
          itemId: id,
          uscc: unit.uscc,
          action: 'update',
          before: {
            data: previous ? (JSON.parse(previous.data) as unknown) : null,
            overall: previousOverall,
            decision: previous?.eligibilityDecision ?? null,
          },
          after: {
            data,
            overall: planned.eligibility.overall,
            flags: planned.flags,
            decision: resetDecision ? 'pending' : (previous?.eligibilityDecision ?? null),
          },
        });
      }
      await updateItemRows(tx, updates);
      await inChunks(
        existing.map((u) => u.existingItemId as string),
        async (chunk) => {
          await tx.item.updateMany({ where: { id: { in: chunk } }, data: { kind, importBatchId: batch.id } });
          return [];
        },
      );
      await inChunks(resetIds, async (chunk) => {
        await tx.item.updateMany({
          where: { id: { in: chunk } },
          data: {
            eligibilityDecision: 'pending',
            eligibilityReason: null,
            decidedById: null,
            decidedAt: null,
          },
        });
        return [];
      });

      const createdIds = await inChunks(
        fresh.map((u) => u.unit.uscc),
        (chunk) =>
          tx.item.findMany({
            where: { roundId, importKey: { in: chunk } },
            select: { id: true, importKey: true },
          }),
      );
      const idOf = new Map(createdIds.map((row) => [row.importKey, row.id]));
      for (const { unit, planned, data } of freshValues) {
        changes.push({
          itemId: idOf.get(unit.uscc),
          uscc: unit.uscc,
          action: 'create',
          after: { data, overall: planned.eligibility.overall, flags: planned.flags },
        });
      }

      if (round.state === 'draft' || round.state === 'importing') {
        await tx.round.update({ where: { id: roundId }, data: { state: 'reviewing' } });
        await recordAudit(tx, {
          actorId,
          action: 'round.state',
          entity: 'Round',
          entityId: roundId,
          before: { state: round.state },
          after: { state: 'reviewing' },
        });
      }
      await recordAudit(tx, {
        actorId,
        action: 'import.commit',
        entity: 'ImportBatch',
        entityId: batch.id,
        // One event for the whole file: which item was created or updated, with its data before and
        // after, so each item's history is traceable without an event per row.
        after: {
          roundId,
          fileName,
          sha256: preview.sha256,
          created: batch.created,
          updated: batch.updated,
          items: changes,
          // Organisations and platforms are shared by rounds and have no events of their own.
          organisations: organisations.changes,
          platforms: platforms.changes,
        },
      });
      return {
        ok: true as const,
        batchId: batch.id,
        created: batch.created,
        updated: batch.updated,
        preview,
      };
    },
    { timeout: COMMIT_TIMEOUT_MS, maxWait: 30_000 },
  );
}
