// Expert pool (专家库): list, read, create, edit, and xlsx import with preview. Every write is one
// transaction with its audit event; an import is all-or-nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import type { ExpertFacts, Problem, Result } from '#scoring/types';
import { prisma, type Tx } from '#app/utils/db.server';
import { hashPassword } from '#app/utils/password.server';
import { insertUser } from './user.server';
import { CONFLICT_KIND_LABELS, type ExpertConflictInput, type ExpertInput } from '#app/utils/expert-schema';
import { readExpertWorkbook, writeExpertWorkbook } from '#app/utils/xlsx-experts';
import { containsLiteral, hasLikeWildcards } from '#app/utils/search';
import { planLateRecusals, writeLateRecusals, type LateRecusal } from './assignment.server';
import { auditChainHead, auditHeadLabel, recordAudit } from './audit.server';

export interface ExpertConflictView {
  id: string;
  kind: ExpertConflictInput['kind'];
  kindLabel: string;
  organisationName: string | null;
  organisationUscc: string | null;
  untilYear: number | null;
  platformId: string | null;
  platformName: string | null; // the platform's name, for a declared conflict with a platform
  itemId: string | null;
  itemName: string | null; // 评审对象 name with its round, for a declared conflict with an item
  note: string | null;
}

export interface ExpertView {
  id: string;
  code: string | null;
  name: string;
  organisationName: string;
  organisationUscc: string | null;
  title: string;
  fields: string[];
  region: string;
  phone: string | null;
  email: string | null;
  active: boolean;
  note: string | null;
  userId: string | null;
  account: { username: string; mustChangePassword: boolean } | null; // 登录账号, when linked
  conflicts: ExpertConflictView[];
  updatedAt: Date;
}

export interface ExpertFilter {
  q?: string; // name, code or organisation contains
  field?: string;
  region?: string;
  active?: boolean;
  page?: number; // 1-based
  pageSize?: number;
}

const EXPERT_SELECT = {
  id: true,
  code: true,
  name: true,
  organisationName: true,
  organisationUscc: true,
  title: true,
  fields: true,
  region: true,
  phone: true,
  email: true,
  active: true,
  note: true,
  userId: true,
  user: { select: { username: true, mustChangePassword: true } },
  updatedAt: true,
  conflicts: {
    select: {
      id: true,
      kind: true,
      organisationName: true,
      organisationUscc: true,
      untilYear: true,
      platformId: true,
      itemId: true,
      note: true,
    },
    orderBy: { createdAt: 'asc' },
  },
} as const satisfies Prisma.ExpertSelect;

type ExpertRow = Prisma.ExpertGetPayload<{ select: typeof EXPERT_SELECT }>;

/** A JSON string[] column; anything else (never written by this app) reads as empty. */
export function parseStringArray(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

type TargetNames = { platforms: Map<string, string>; items: Map<string, string> };

function toView({ user, ...row }: ExpertRow, names?: TargetNames): ExpertView {
  return {
    ...row,
    account: user,
    fields: parseStringArray(row.fields),
    conflicts: row.conflicts.map((c) => ({
      ...c,
      kindLabel: CONFLICT_KIND_LABELS[c.kind],
      platformName: c.platformId ? (names?.platforms.get(c.platformId) ?? null) : null,
      itemName: c.itemId ? (names?.items.get(c.itemId) ?? null) : null,
    })),
  };
}

const itemLabel = (item: { name: string; round: { name: string } }) => `${item.name}（${item.round.name}）`;

/** Names of the platforms and items that declared conflicts of these experts point at. */
async function targetNames(client: Tx | typeof prisma, rows: readonly ExpertRow[]): Promise<TargetNames> {
  const conflicts = rows.flatMap((r) => r.conflicts);
  const platformIds = [...new Set(conflicts.flatMap((c) => (c.platformId ? [c.platformId] : [])))];
  const itemIds = [...new Set(conflicts.flatMap((c) => (c.itemId ? [c.itemId] : [])))];
  const [platforms, items] = await Promise.all([
    platformIds.length > 0
      ? client.platform.findMany({ where: { id: { in: platformIds } }, select: { id: true, name: true } })
      : [],
    itemIds.length > 0
      ? client.item.findMany({
          where: { id: { in: itemIds } },
          select: { id: true, name: true, round: { select: { name: true } } },
        })
      : [],
  ]);
  return {
    platforms: new Map(platforms.map((p) => [p.id, p.name])),
    items: new Map(items.map((i) => [i.id, itemLabel(i)])),
  };
}

async function toViews(client: Tx | typeof prisma, rows: readonly ExpertRow[]): Promise<ExpertView[]> {
  const names = await targetNames(client, rows);
  return rows.map((row) => toView(row, names));
}

// Options of the edit page; a pool of this size is read whole (the page filters as one types).
const TARGET_OPTIONS_LIMIT = 5000;

/** Platforms and items (with their round) a declared conflict can name, for the edit page. */
export async function conflictTargetOptions(): Promise<{
  platforms: { value: string; label: string }[];
  items: { value: string; label: string }[];
}> {
  const [platforms, items] = await Promise.all([
    prisma.platform.findMany({
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
      take: TARGET_OPTIONS_LIMIT,
    }),
    prisma.item.findMany({
      where: { round: { state: { not: 'closed' } } },
      select: { id: true, name: true, round: { select: { name: true } } },
      orderBy: [{ round: { createdAt: 'desc' } }, { name: 'asc' }],
      take: TARGET_OPTIONS_LIMIT,
    }),
  ]);
  return {
    platforms: platforms.map((p) => ({ value: p.id, label: p.name })),
    items: items.map((i) => ({ value: i.id, label: itemLabel(i) })),
  };
}

/** A declared conflict must name a platform and an item that exist (problems name the row). */
async function unknownTargets(tx: Tx, conflicts: readonly ConflictLike[]): Promise<Problem[]> {
  const platformIds = conflicts.flatMap((c) => (c.platformId ? [c.platformId] : []));
  const itemIds = conflicts.flatMap((c) => (c.itemId ? [c.itemId] : []));
  const [platforms, items] = await Promise.all([
    tx.platform.findMany({ where: { id: { in: platformIds } }, select: { id: true } }),
    tx.item.findMany({ where: { id: { in: itemIds } }, select: { id: true } }),
  ]);
  const knownPlatforms = new Set(platforms.map((p) => p.id));
  const knownItems = new Set(items.map((i) => i.id));
  return conflicts.flatMap((c, i): Problem[] => [
    ...(c.platformId && !knownPlatforms.has(c.platformId)
      ? [
          {
            code: 'conflict_platform_unknown',
            message: '所选平台不存在',
            column: `conflicts.${i}.platformId`,
          },
        ]
      : []),
    ...(c.itemId && !knownItems.has(c.itemId)
      ? [{ code: 'conflict_item_unknown', message: '所选评审对象不存在', column: `conflicts.${i}.itemId` }]
      : []),
  ]);
}

/** The facts the recusal engine needs (scoring/recusal.ts), from a stored expert. */
export function toExpertFacts(
  expert: Pick<ExpertView, 'id' | 'name' | 'organisationName' | 'organisationUscc'> & {
    conflicts: Omit<ExpertConflictView, 'id' | 'kindLabel' | 'platformName' | 'itemName'>[];
  },
): ExpertFacts {
  const org = (name: string | null, uscc: string | null) => ({ name: name ?? '', uscc });
  const facts: ExpertFacts = {
    id: expert.id,
    name: expert.name,
    organisation: org(expert.organisationName, expert.organisationUscc),
    pastEmployers: [],
    relativesOrganisations: [],
    declaredConflicts: [],
  };
  for (const c of expert.conflicts) {
    const organisation = org(c.organisationName, c.organisationUscc);
    if (c.kind === 'formerEmployer' && c.untilYear !== null) {
      facts.pastEmployers.push({ organisation, untilYear: c.untilYear });
    } else if (c.kind === 'relative') {
      facts.relativesOrganisations.push(organisation);
    } else if (c.kind === 'employer') {
      // A second, concurrent employer (兼职单位) weighs like a declared tie to that organisation.
      facts.declaredConflicts.push({
        kind: 'organisation',
        organisation,
        note: c.note ?? CONFLICT_KIND_LABELS.employer,
      });
    } else if (c.kind === 'declared') {
      const note = c.note ?? undefined;
      if (c.organisationName || c.organisationUscc)
        facts.declaredConflicts.push({ kind: 'organisation', organisation, note });
      if (c.platformId) facts.declaredConflicts.push({ kind: 'platform', platformId: c.platformId, note });
      if (c.itemId) facts.declaredConflicts.push({ kind: 'item', itemId: c.itemId, note });
    }
  }
  return facts;
}

export async function listExperts(
  filter: ExpertFilter = {},
): Promise<{ total: number; experts: ExpertView[] }> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 500);
  const page = Math.max(filter.page ?? 1, 1);
  const q = filter.q?.trim();
  const where: Prisma.ExpertWhereInput = {
    ...(q
      ? { OR: [{ name: { contains: q } }, { code: { contains: q } }, { organisationName: { contains: q } }] }
      : {}),
    // fields is a JSON array stored as text; matching the quoted value avoids partial-word hits.
    ...(filter.field ? { fields: { contains: JSON.stringify(filter.field) } } : {}),
    ...(filter.region ? { region: { contains: filter.region } } : {}),
    ...(filter.active === undefined ? {} : { active: filter.active }),
  };
  const orderBy: Prisma.ExpertOrderByWithRelationInput[] = [{ code: 'asc' }, { name: 'asc' }];
  if (q && hasLikeWildcards(q)) {
    // "50%": the database query matches more than asked; keep the literal hits, then page.
    const candidates = await prisma.expert.findMany({
      where,
      select: { id: true, name: true, code: true, organisationName: true },
      orderBy,
    });
    const ids = candidates
      .filter((c) => [c.name, c.code, c.organisationName].some((v) => containsLiteral(v, q)))
      .map((c) => c.id);
    const pageIds = ids.slice((page - 1) * pageSize, page * pageSize);
    const rows = await prisma.expert.findMany({
      where: { id: { in: pageIds } },
      select: EXPERT_SELECT,
      orderBy,
    });
    return { total: ids.length, experts: await toViews(prisma, rows) };
  }
  const [total, rows] = await Promise.all([
    prisma.expert.count({ where }),
    prisma.expert.findMany({
      where,
      select: EXPERT_SELECT,
      orderBy,
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  return { total, experts: await toViews(prisma, rows) };
}

export async function getExpert(id: string): Promise<ExpertView | null> {
  const row = await prisma.expert.findUnique({ where: { id }, select: EXPERT_SELECT });
  return row ? (await toViews(prisma, [row]))[0] : null;
}

type ConflictLike = {
  kind: ExpertConflictInput['kind'];
  organisationName?: string | null;
  organisationUscc?: string | null;
  untilYear?: number | null;
  platformId?: string | null;
  itemId?: string | null;
  note?: string | null;
};

// ExpertInput (what comes in) and ExpertView (what is stored) both fit this, so the audit trail
// records before and after in one shape.
type ExpertLike = {
  code: string | null;
  name: string;
  organisationName: string;
  organisationUscc?: string | null;
  title: string;
  fields: string[];
  region: string;
  phone?: string | null;
  email?: string | null;
  active: boolean;
  note?: string | null;
  conflicts: ConflictLike[];
};

function expertData(e: ExpertLike) {
  return {
    code: e.code,
    name: e.name,
    organisationName: e.organisationName,
    organisationUscc: e.organisationUscc ?? null,
    title: e.title,
    fields: JSON.stringify(e.fields),
    region: e.region,
    phone: e.phone ?? null,
    email: e.email ?? null,
    active: e.active,
    note: e.note ?? null,
  };
}

function conflictData(c: ConflictLike) {
  return {
    kind: c.kind,
    organisationName: c.organisationName ?? null,
    organisationUscc: c.organisationUscc ?? null,
    untilYear: c.untilYear ?? null,
    platformId: c.platformId ?? null,
    itemId: c.itemId ?? null,
    note: c.note ?? null,
  };
}

function auditShape(e: ExpertLike) {
  return { ...expertData(e), fields: e.fields, conflicts: e.conflicts.map(conflictData) };
}

// Declared ties to a platform or an item are added on the edit page; the workbook has no columns
// for them, so a re-import keeps them instead of silently dropping them.
const onlyOnPage = (c: ConflictLike) => c.kind === 'declared' && !c.organisationName && !c.organisationUscc;

async function writeExpert(
  tx: Tx,
  actorId: string | null,
  existing: ExpertView | null,
  input: ExpertLike,
  action: string,
) {
  const data = expertData(input);
  const conflicts = input.conflicts.map(conflictData);
  const row = existing
    ? await tx.expert.update({
        where: { id: existing.id },
        data: { ...data, conflicts: { deleteMany: {}, create: conflicts } },
        select: { id: true },
      })
    : await tx.expert.create({ data: { ...data, conflicts: { create: conflicts } }, select: { id: true } });
  await recordAudit(tx, {
    actorId,
    action,
    entity: 'Expert',
    entityId: row.id,
    before: existing ? auditShape(existing) : undefined,
    after: auditShape(input),
  });
  return row.id;
}

const codeTaken = (code: string): Problem => ({
  code: 'expert_code_taken',
  message: `专家编号“${code}”已被其他专家使用`,
  column: 'code',
});

export async function createExpert(actorId: string, input: ExpertInput): Promise<Result<ExpertView>> {
  const id = await prisma.$transaction(async (tx) => {
    const clash = await tx.expert.findUnique({ where: { code: input.code }, select: { id: true } });
    if (clash) return [codeTaken(input.code)];
    const unknown = await unknownTargets(tx, input.conflicts);
    if (unknown.length > 0) return unknown;
    return writeExpert(tx, actorId, null, input, 'expert.create');
  });
  if (typeof id !== 'string') return { ok: false, problems: id };
  return { ok: true, value: (await getExpert(id))! };
}

/** The recusal facts an expert will have once `input` is written. */
function factsOf(id: string, input: ExpertLike): ExpertFacts {
  return toExpertFacts({
    id,
    name: input.name,
    organisationName: input.organisationName,
    organisationUscc: input.organisationUscc ?? null,
    conflicts: input.conflicts.map(conflictData),
  });
}

/**
 * Edits an expert. Recusal facts that conflict with items already assigned to the expert's panels
 * are applied in the same transaction (AssignmentRecusal, audited); when one would leave a panel
 * below its quorum nothing is written and the problem says why.
 */
export async function updateExpert(
  actorId: string,
  id: string,
  input: ExpertInput,
): Promise<Result<ExpertView> | null> {
  const outcome = await prisma.$transaction(async (tx) => {
    const row = await tx.expert.findUnique({ where: { id }, select: EXPERT_SELECT });
    if (!row) return 'missing' as const;
    const clash = await tx.expert.findUnique({ where: { code: input.code }, select: { id: true } });
    if (clash && clash.id !== id) return [codeTaken(input.code)];
    const unknown = await unknownTargets(tx, input.conflicts);
    if (unknown.length > 0) return unknown;
    // A conflict added after assignment applies at once: recused from those items, or refused.
    const late = await planLateRecusals(tx, factsOf(id, input));
    if (!late.ok) return late.problems;
    await writeExpert(tx, actorId, toView(row), input, 'expert.update');
    await writeLateRecusals(tx, actorId, late.value);
    return 'ok' as const;
  });
  if (outcome === 'missing') return null;
  if (outcome !== 'ok') return { ok: false, problems: outcome };
  return { ok: true, value: (await getExpert(id))! };
}

export interface ExpertImportPreview {
  fileName: string;
  fileSha256: string;
  rows: number;
  created: number;
  updated: number;
  experts: {
    row: number;
    code: string;
    name: string;
    organisationName: string;
    fields: string[];
    conflicts: number;
    action: 'create' | 'update';
  }[];
}

/**
 * Reads an expert workbook and, with `commit`, writes it: new codes are created, known codes updated
 * (their recusal facts replaced by the file's). Without `commit` nothing is written, so the page can
 * show the preview; with problems nothing is written either.
 */
export async function importExperts(
  actorId: string,
  file: Uint8Array,
  fileName: string,
  options: { commit: boolean },
): Promise<Result<ExpertImportPreview> & { status?: 400 | 413 | 422 }> {
  // Read in the sandbox (app/utils/xlsx/sandbox.ts); `status` is set when the file as a whole was refused.
  const read = await readExpertWorkbook(file, fileName);
  if (!read.ok) return read;
  const rows = read.value;
  const fileSha256 = createHash('sha256').update(file).digest('hex');

  const preview = async (client: Tx | typeof prisma) => {
    const existing = await client.expert.findMany({
      where: { code: { in: read.value.map((e) => e.code) } },
      select: EXPERT_SELECT,
    });
    const byCode = new Map(existing.map((row) => [row.code, toView(row)]));
    const experts = read.value.map((e) => ({
      row: e.row,
      code: e.code,
      name: e.name,
      organisationName: e.organisationName,
      fields: e.fields,
      conflicts: e.conflicts.length,
      action: byCode.has(e.code) ? ('update' as const) : ('create' as const),
    }));
    const created = experts.filter((e) => e.action === 'create').length;
    return {
      byCode,
      value: {
        fileName,
        fileSha256,
        rows: experts.length,
        created,
        updated: experts.length - created,
        experts,
      },
    };
  };

  if (!options.commit) return { ok: true, value: (await preview(prisma)).value };

  const value = await prisma.$transaction(
    async (tx) => {
      const { byCode, value } = await preview(tx);
      const writes = rows.map(({ row: _row, ...expert }) => {
        const existing = byCode.get(expert.code) ?? null;
        const conflicts = [...expert.conflicts, ...(existing?.conflicts.filter(onlyOnPage) ?? [])];
        return { existing, expert: { ...expert, conflicts } };
      });
      // New conflicts of experts already on panels apply at once; all are checked before any write.
      const late: LateRecusal[] = [];
      const refused: Problem[] = [];
      for (const { existing, expert } of writes) {
        if (!existing) continue;
        const planned = await planLateRecusals(tx, factsOf(existing.id, expert), late);
        if (planned.ok) late.push(...planned.value);
        else refused.push(...planned.problems);
      }
      if (refused.length > 0) return { refused }; // nothing written yet
      for (const { existing, expert } of writes) {
        await writeExpert(
          tx,
          actorId,
          existing,
          expert,
          existing ? 'expert.import.update' : 'expert.import.create',
        );
      }
      await writeLateRecusals(tx, actorId, late);
      const batch = await tx.importBatch.create({
        data: {
          kind: 'experts',
          fileName,
          fileSha256,
          rowCount: value.rows,
          created: value.created,
          updated: value.updated,
          state: 'committed',
          createdById: actorId,
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId,
        action: 'expert.import',
        entity: 'ImportBatch',
        entityId: batch.id,
        after: { fileName, fileSha256, rows: value.rows, created: value.created, updated: value.updated },
      });
      return value;
    },
    { timeout: 120_000 },
  );
  if ('refused' in value) return { ok: false, problems: value.refused };
  return { ok: true, value };
}

/** The template, or with `withData` the whole pool in the same layout (edit and import it back). */
export async function expertWorkbook(withData: boolean): Promise<Buffer> {
  if (!withData) return writeExpertWorkbook();
  const [head, rows] = await Promise.all([
    auditChainHead(),
    prisma.expert.findMany({
      select: EXPERT_SELECT,
      orderBy: [{ code: 'asc' }, { name: 'asc' }],
    }),
  ]);
  return writeExpertWorkbook(
    rows
      .filter((r) => r.code !== null)
      .map((r) => {
        const view = toView(r);
        return {
          code: view.code!,
          name: view.name,
          organisationName: view.organisationName,
          organisationUscc: view.organisationUscc ?? undefined,
          title: view.title,
          fields: view.fields,
          region: view.region,
          phone: view.phone ?? undefined,
          email: view.email ?? undefined,
          active: view.active,
          note: view.note ?? undefined,
          conflicts: view.conflicts
            .filter((c) => !onlyOnPage(c))
            .map((c) => ({
              kind: c.kind,
              organisationName: c.organisationName ?? undefined,
              organisationUscc: c.organisationUscc ?? undefined,
              untilYear: c.untilYear ?? undefined,
              note: c.note ?? undefined,
            })),
        };
      }),
    `导出于 ${new Date().toISOString()} · ${auditHeadLabel(head)}`,
  );
}

// ---------- Sign-in accounts for experts (专家登录账号) ----------

export interface IssuedAccount {
  expertId: string;
  expertName: string;
  username: string;
  password: string | null; // the one-time password, shown once; null when the account already existed
  created: boolean;
}

// No 0/O, 1/l/I: a one-time password is read off paper or a screen and typed by hand.
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const OTP_LENGTH = 12;

/** A random one-time password with letters and digits, so it passes the password rule. */
export function oneTimePassword(): string {
  for (;;) {
    const bytes = randomBytes(OTP_LENGTH * 2);
    // Rejection sampling keeps every character equally likely (256 is not a multiple of 55).
    const limit = 256 - (256 % OTP_ALPHABET.length);
    const chars = [...bytes].filter((b) => b < limit).map((b) => OTP_ALPHABET[b % OTP_ALPHABET.length]);
    const candidate = chars.slice(0, OTP_LENGTH).join('');
    if (candidate.length === OTP_LENGTH && /\d/.test(candidate) && /[a-zA-Z]/.test(candidate))
      return candidate;
  }
}

/**
 * The sign-in name an expert gets: their 专家编号 in lower case (`ZJ-0012` → `zj-0012`), or `expert-`
 * and the end of their id when they have none; `-2`, `-3` … when taken (account names are unique
 * regardless of case).
 */
export function usernameFor(expert: { id: string; code: string | null }, taken: (name: string) => boolean) {
  const base =
    (expert.code ?? `expert-${expert.id.slice(-8)}`)
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || `expert-${expert.id.slice(-8)}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Creates sign-in accounts (role 评审专家, one-time password, must change it at first sign-in) for
 * the given experts that have none, and links them (Expert.userId). Experts already linked are
 * listed with their username and no password. One transaction; every account and link audited.
 */
export async function createExpertAccounts(
  actorId: string,
  expertIds: readonly string[],
): Promise<Result<IssuedAccount[]>> {
  const experts = await prisma.expert.findMany({
    where: { id: { in: [...expertIds] } },
    select: { id: true, code: true, name: true, active: true, user: { select: { username: true } } },
    orderBy: [{ code: 'asc' }, { name: 'asc' }],
  });
  if (experts.length !== new Set(expertIds).size)
    return { ok: false, problems: [{ code: 'expert_not_found', message: '专家不存在' }] };
  const inactive = experts.filter((e) => !e.active && !e.user);
  if (inactive.length > 0)
    return {
      ok: false,
      problems: inactive.map((e) => ({
        code: 'expert_inactive',
        message: `专家「${e.name}」已停用，不能创建登录账号`,
        expertId: e.id,
      })),
    };
  const wanted = experts.filter((e) => !e.user);
  // Hashing is slow on purpose (scrypt); done before the transaction so it stays short.
  const passwords = new Map(
    await Promise.all(
      wanted.map(async (e) => {
        const password = oneTimePassword();
        return [e.id, { password, hash: await hashPassword(password) }] as const;
      }),
    ),
  );
  const issued = await prisma.$transaction(async (tx) => {
    const names = await tx.$queryRaw<{ name: string }[]>`SELECT lower("username") AS "name" FROM "User"`;
    const taken = new Set(names.map((n) => n.name));
    const out: IssuedAccount[] = [];
    for (const expert of experts) {
      if (expert.user) {
        out.push({
          expertId: expert.id,
          expertName: expert.name,
          username: expert.user.username,
          password: null,
          created: false,
        });
        continue;
      }
      // Linked meanwhile by someone else: leave it, the unique userId would refuse a second link.
      const current = await tx.expert.findUniqueOrThrow({
        where: { id: expert.id },
        select: { userId: true },
      });
      if (current.userId) continue;
      const username = usernameFor(expert, (name) => taken.has(name));
      taken.add(username);
      const { password, hash } = passwords.get(expert.id)!;
      const user = await insertUser(tx, actorId, {
        username,
        displayName: expert.name,
        passwordHash: hash,
        roles: ['expert'],
        mustChangePassword: true,
      });
      await tx.expert.update({ where: { id: expert.id }, data: { userId: user.id }, select: { id: true } });
      await recordAudit(tx, {
        actorId,
        action: 'expert.account.link',
        entity: 'Expert',
        entityId: expert.id,
        before: { userId: null },
        after: { userId: user.id, username },
      });
      out.push({ expertId: expert.id, expertName: expert.name, username, password, created: true });
    }
    return out;
  });
  return { ok: true, value: issued };
}

/** Accounts for every seated expert of a panel (组长, 成员, 候补; not those replaced). */
export async function createPanelAccounts(
  actorId: string,
  panelId: string,
): Promise<Result<IssuedAccount[]> | null> {
  const panel = await prisma.panel.findUnique({
    where: { id: panelId },
    select: { members: { where: { status: 'drawn' }, select: { expertId: true } } },
  });
  if (!panel) return null;
  if (panel.members.length === 0)
    return { ok: false, problems: [{ code: 'panel_not_drawn', message: '专家组尚未抽取专家' }] };
  return createExpertAccounts(
    actorId,
    panel.members.map((m) => m.expertId),
  );
}
