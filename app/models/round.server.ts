// Rounds (评审工作): one exercise such as "2026年度四川省产业技术基础公共服务平台年度评价", created
// from a policy preset whose scheme is copied into the round.
import { z } from 'zod';
import { readRoundSettings, roundSettingsSchema } from '#app/utils/round-settings';
import { parseDateRange } from '#scoring/dates';
import { roundAllows } from '#scoring/round-states';
import { getPreset, presets } from '#seeds/presets/index';
import { canonicalJson, recordAudit } from '#app/models/audit.server';
import {
  copyPresetScheme,
  freezeScheme,
  fullMarks,
  FULL_MARKS,
  parseSchemeDefinition,
  updateRoundRubricIn,
  type RubricInput,
  type RubricUpdate,
} from '#app/models/scheme.server';
import { createMissingSheets } from '#app/models/sheet.server';
import { recomputeRound } from '#app/models/result.server';
import { publishResultUpdated, type ResultChange } from '#app/realtime/publish.server';
import { prisma, type Tx } from '#app/utils/db.server';
import { transactionOutcome } from '#app/utils/outcome';
import { badRequest } from '#app/utils/http.server';
import { formatBatch, parseBatch } from '#app/utils/batch';
import { DEADLINE_LABELS } from '#app/utils/round-labels';
import { normaliseName } from '#app/utils/normalise-name';
import { containsLiteral, hasLikeWildcards } from '#app/utils/search';
import { dateField } from '#app/utils/date-field';

const presetIds = presets.map((p) => p.id) as [string, ...string[]];

const emptyToUndefined = (v: unknown) =>
  v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v;

const windowField = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const parsed = parseDateRange(s);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({
      code: 'custom',
      message: `统计区间：${parsed.problems.map((p) => p.message).join('；')}`,
    });
    return z.NEVER;
  });

const optionalDate = (label: string) => z.preprocess(emptyToUndefined, dateField(label).optional());

// The steps of a round in the order they happen (申报截止 → 形式审查截止 → 集中答辩 → 公示开始).
const DEADLINE_ORDER = ['applicationsClose', 'reviewEnd', 'defenceStart', 'noticeStart'] as const;

const deadlinesSchema = z
  .strictObject({
    applicationsClose: optionalDate(DEADLINE_LABELS.applicationsClose),
    reviewEnd: optionalDate(DEADLINE_LABELS.reviewEnd),
    defenceStart: optionalDate(DEADLINE_LABELS.defenceStart),
    noticeStart: optionalDate(DEADLINE_LABELS.noticeStart),
  })
  .superRefine((d, ctx) => {
    // Each step given is compared with every earlier step given (empty ones are skipped); dates are
    // ISO strings, so text order is date order. The same day is allowed.
    DEADLINE_ORDER.forEach((later, i) => {
      const date = d[later];
      if (date === undefined) return;
      const earlier = DEADLINE_ORDER.slice(0, i).find((k) => d[k] !== undefined && d[k] > date);
      if (earlier === undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: [later],
        message: `${DEADLINE_LABELS[later]}（${date}）不能早于${DEADLINE_LABELS[earlier]}（${d[earlier]}）`,
      });
    });
  });

// 第一批, 第1批, 1, 一 and １ all mean batch 1 (app/utils/batch.ts); stored as the number.
const batchField = z.preprocess(
  emptyToUndefined,
  z
    .union([z.string(), z.number()], { error: '批次应填写如“第一批”“1”或“一”' })
    .transform((v, ctx) => {
      const parsed = parseBatch(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .optional(),
);

export const createRoundSchema = z.strictObject({
  presetId: z.enum(presetIds, { error: '请选择评审方案预设' }),
  name: z
    .string({ error: '请填写评审工作名称' })
    .overwrite(normaliseName)
    .trim()
    .min(1, { error: '请填写评审工作名称' })
    .min(2, { error: '评审工作名称至少2个字' })
    .max(100, { error: '名称不超过100字' }),
  year: z.preprocess(
    (v) => (typeof v === 'string' && v !== '' ? Number(v) : v),
    z
      .int({ error: '请填写评审年度（整数）' })
      .min(2000, { error: '年度应在2000至2100之间' })
      .max(2100, { error: '年度应在2000至2100之间' }),
  ),
  batch: batchField,
  window: z.preprocess(emptyToUndefined, windowField.optional()),
  deadlines: deadlinesSchema.optional(),
});
export type CreateRoundInput = z.infer<typeof createRoundSchema>;

export { readRoundSettings, roundSettingsSchema, type RoundSettings } from '#app/utils/round-settings';

export const updateRoundSchema = createRoundSchema
  .omit({ presetId: true })
  .partial()
  .extend({ settings: roundSettingsSchema.optional() });
export type UpdateRoundInput = z.infer<typeof updateRoundSchema>;

/**
 * The round facts of a submitted form (新建评审工作 and the edit form), as the schemas expect them.
 * Only the inputs the form sent are included: a locked, disabled input is absent and stays unchanged.
 */
export function roundFormInput(form: Record<string, string | string[]>): Record<string, unknown> {
  const text = (key: string) => (typeof form[key] === 'string' ? form[key] : undefined);
  const out: Record<string, unknown> = {};
  for (const key of ['presetId', 'name', 'year', 'batch', 'window'])
    if (text(key) !== undefined) out[key] = text(key);
  // Options come as 'true' / 'false' from hidden inputs beside their checkboxes.
  const options: Record<string, boolean> = {};
  for (const key of ['revealScoresAfterSubmit', 'screenShowsScores'] as const) {
    const value = text(`settings.${key}`);
    if (value === 'true' || value === 'false') options[key] = value === 'true';
  }
  if (Object.keys(options).length > 0) out.settings = options;
  const deadlineKeys = Object.keys(DEADLINE_LABELS).filter((k) => text(`deadlines.${k}`) !== undefined);
  if (deadlineKeys.length > 0)
    out.deadlines = Object.fromEntries(deadlineKeys.map((k) => [k, text(`deadlines.${k}`)]));
  return out;
}

function cleanDeadlines(d: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(d ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** 第一批 for 1; null when the round has no batch. */
export const batchLabel = (batch: number | null) => (batch === null ? null : formatBatch(batch));

function nameTaken(name: string): Response {
  return badRequest({ name: `已有名为“${name}”的评审工作，请换一个名称` });
}

/**
 * Creates a round and its own copy of the preset's scheme, audited, in one transaction. A name that
 * another round already has is refused (so a form sent twice does not make two rounds): the 400
 * Response is thrown, for page actions and API routes alike.
 */
export async function createRound(input: CreateRoundInput, actorId: string) {
  const preset = getPreset(input.presetId);
  if (!preset) throw new Error(`preset ${input.presetId} passed validation but does not exist`);
  return prisma.$transaction(async (tx) => {
    if (await tx.round.findFirst({ where: { name: input.name }, select: { id: true } }))
      throw nameTaken(input.name);
    const scheme = await copyPresetScheme(tx, preset, input.name, actorId);
    const round = await tx.round.create({
      data: {
        name: input.name,
        jurisdiction: preset.jurisdiction,
        kind: preset.kind,
        year: input.year,
        batch: input.batch ?? null,
        schemeId: scheme.id,
        windowStart: input.window?.from ?? null,
        windowEnd: input.window?.to ?? null,
        deadlines: canonicalJson(cleanDeadlines(input.deadlines)),
        createdById: actorId,
      },
      select: { id: true, name: true, jurisdiction: true, kind: true, year: true, state: true },
    });
    await recordAudit(tx, {
      actorId,
      action: 'round.create',
      entity: 'Round',
      entityId: round.id,
      after: { ...round, presetId: preset.id, schemeId: scheme.id, window: input.window ?? null },
    });
    return round;
  });
}

// Once expert scoring has started, experts score the data of the statistics window of that year:
// changing either would change what the submitted sheets were about. Name, batch (a label) and the
// deadlines may still change; the rubric is frozen by the scheme (scheme.server.ts).
export type LockableFact = 'year' | 'window';
const LOCKED_MESSAGES: Record<LockableFact, string> = {
  year: '已进入专家评审，评审年度不能再修改',
  window: '已进入专家评审，统计区间不能再修改（专家按该区间的数据评分）',
};

/** The facts of a round in this state that can no longer be edited. */
export function lockedRoundFacts(state: string): LockableFact[] {
  return roundAllows(state, 'editFacts') ? [] : ['year', 'window'];
}

/**
 * Edits name, year, batch, statistics window and deadlines; the scheme is edited separately. A key
 * that is absent is left alone; `window` or `batch` present but empty clears it; the deadlines are
 * replaced as a whole. Once scoring has started a changed year or window is refused with a thrown
 * 409 Response (the same value sent back is fine), and a name another round has with a 400.
 */
export async function updateRound(roundId: string, input: UpdateRoundInput, actorId: string) {
  return prisma.$transaction((tx) => updateRoundIn(tx, roundId, input, actorId));
}

/**
 * The facts and the rubric of a round in one transaction (PATCH /api/v1/rounds/:id): either both
 * are written or neither. Refused facts throw their Response (as updateRound); a refused rubric is
 * returned as its problems; null when the round does not exist.
 */
export async function editRound(
  roundId: string,
  edit: { settings: UpdateRoundInput; rubric?: RubricInput; schemeVersion?: number },
  actorId: string,
): Promise<RubricUpdate | { ok: true; version?: undefined } | null> {
  // A refused rubric rolls back the facts written before it.
  return transactionOutcome(
    prisma,
    async (tx): Promise<RubricUpdate | { ok: true; version?: undefined } | null> => {
      if (
        Object.keys(edit.settings).length > 0 &&
        !(await updateRoundIn(tx, roundId, edit.settings, actorId))
      )
        return null;
      if (!edit.rubric || edit.schemeVersion === undefined) return { ok: true as const };
      return updateRoundRubricIn(tx, roundId, edit.rubric, edit.schemeVersion, actorId);
    },
  );
}

/** What updateRound may change, read before and after for the audit event. */
const EDITABLE_FIELDS = {
  name: true,
  year: true,
  batch: true,
  windowStart: true,
  windowEnd: true,
  deadlines: true,
  settings: true,
} as const;

async function updateRoundIn(tx: Tx, roundId: string, input: UpdateRoundInput, actorId: string) {
  const before = await tx.round.findUnique({
    where: { id: roundId },
    select: { ...EDITABLE_FIELDS, state: true },
  });
  if (!before) return null;
  const { state, settings: storedSettings, ...facts } = before;
  const previous = { ...facts, settings: readRoundSettings(storedSettings) };
  const changes = {
    year: input.year !== undefined && input.year !== before.year,
    window:
      'window' in input &&
      ((input.window?.from ?? null) !== before.windowStart ||
        (input.window?.to ?? null) !== before.windowEnd),
  };
  const refused = lockedRoundFacts(state).filter((fact) => changes[fact]);
  if (refused.length > 0) {
    throw Response.json(
      {
        error: '评审已开始，部分信息不能再修改',
        fieldErrors: Object.fromEntries(refused.map((f) => [f, LOCKED_MESSAGES[f]])),
      },
      { status: 409 },
    );
  }
  if (
    input.name !== undefined &&
    input.name !== before.name &&
    (await tx.round.findFirst({ where: { name: input.name, id: { not: roundId } }, select: { id: true } }))
  )
    throw nameTaken(input.name);
  const after = await tx.round.update({
    where: { id: roundId },
    data: {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.year === undefined ? {} : { year: input.year }),
      ...('batch' in input ? { batch: input.batch ?? null } : {}),
      ...('window' in input
        ? { windowStart: input.window?.from ?? null, windowEnd: input.window?.to ?? null }
        : {}),
      ...(input.deadlines === undefined ? {} : { deadlines: canonicalJson(cleanDeadlines(input.deadlines)) }),
      ...(input.settings === undefined
        ? {}
        : { settings: canonicalJson({ ...readRoundSettings(storedSettings), ...input.settings }) }),
    },
    select: EDITABLE_FIELDS,
  });
  await recordAudit(tx, {
    actorId,
    action: 'round.update',
    entity: 'Round',
    entityId: roundId,
    before: previous,
    after: { ...after, settings: readRoundSettings(after.settings) },
  });
  return after;
}

const SCORABLE_FROM = ['draft', 'importing', 'reviewing'];

/** What 开始专家评审 freezes, for its confirm dialog, and what stands in its way. */
export interface ScoringReadiness {
  problems: string[]; // Chinese, one per obstacle; empty when the round may start
  freezes: {
    scheme: string; // 评审方案 name and version
    criteria: number;
    fullMarks: number;
    year: number;
    window: string | null; // 统计区间
    admitted: number; // items the experts will receive
    excluded: number;
  };
}

async function scoringReadinessIn(
  client: Tx | typeof prisma,
  roundId: string,
): Promise<ScoringReadiness | null> {
  const round = await client.round.findUnique({
    where: { id: roundId },
    select: {
      state: true,
      year: true,
      windowStart: true,
      windowEnd: true,
      scheme: { select: { version: true, definition: true } },
    },
  });
  if (!round) return null;
  const definition = parseSchemeDefinition(round.scheme.definition);
  const decisions = await client.item.groupBy({
    by: ['eligibilityDecision'],
    where: { roundId },
    _count: { _all: true },
  });
  const count = (d: string) => decisions.find((x) => x.eligibilityDecision === d)?._count._all ?? 0;
  const pending = await client.item.findMany({
    where: { roundId, eligibilityDecision: 'pending' },
    select: { name: true },
    orderBy: { name: 'asc' },
    take: 3,
  });
  const total = fullMarks(definition.scheme.rubric);
  const problems: string[] = [];
  if (!SCORABLE_FROM.includes(round.state)) problems.push('该评审工作已不在专家评审之前的阶段');
  if (count('pending') > 0)
    problems.push(
      `还有${count('pending')}个评审对象形式审查待定（如「${pending.map((p) => p.name).join('」「')}」），请先逐一作出“准予进入评审”或“不予受理”的结论`,
    );
  if (count('admitted') === 0) problems.push('没有准予进入评审的评审对象');
  if (total !== FULL_MARKS)
    problems.push(`评分细则满分合计为${total}分，与评审方案满分${FULL_MARKS}分不一致，请先修改评分细则`);
  return {
    problems,
    freezes: {
      scheme: `${definition.name}（第${round.scheme.version}版）`,
      criteria: definition.scheme.rubric.criteria.length,
      fullMarks: total,
      year: round.year,
      window: round.windowStart && round.windowEnd ? `${round.windowStart} 至 ${round.windowEnd}` : null,
      admitted: count('admitted'),
      excluded: count('excluded'),
    },
  };
}

/** Whether 开始专家评审 would be accepted now, and what it would freeze; null when no such round. */
export function scoringReadiness(roundId: string) {
  return scoringReadinessIn(prisma, roundId);
}

export type StartScoringOutcome =
  | { ok: true; state: 'scoring'; schemeId: string; sheets?: number }
  | { ok: false; status: 404 | 409; message: string; problems: string[] };

/**
 * Moves a round into expert scoring: the scheme is frozen in the same transaction, so no sheet is
 * ever scored against a rubric that later changes. Refused (409, nothing written) while any item's
 * 形式审查 is undecided (待定), when no item is admitted, or when the rubric's full marks differ from
 * the scheme's; starting a round already in scoring again is a no-op.
 */
export async function startScoring(
  roundId: string,
  actorId: string,
  now: Date,
): Promise<StartScoringOutcome> {
  let changes: ResultChange[] = [];
  const outcome = await prisma.$transaction(async (tx): Promise<StartScoringOutcome> => {
    const round = await tx.round.findUnique({
      where: { id: roundId },
      select: { state: true, schemeId: true },
    });
    if (!round) return { ok: false, status: 404, message: '评审工作不存在', problems: [] };
    if (round.state === 'scoring') return { ok: true, state: 'scoring', schemeId: round.schemeId };
    if (!roundAllows(round.state, 'startScoring'))
      return { ok: false, status: 409, message: '评审工作已过专家评审阶段', problems: [] };
    const readiness = (await scoringReadinessIn(tx, roundId))!;
    if (readiness.problems.length > 0)
      return {
        ok: false,
        status: 409,
        message: `不能开始专家评审：${readiness.problems.join('；')}`,
        problems: readiness.problems,
      };
    await tx.round.update({ where: { id: roundId }, data: { state: 'scoring' } });
    await freezeScheme(tx, round.schemeId, actorId, now);
    await recordAudit(tx, {
      actorId,
      action: 'round.state',
      entity: 'Round',
      entityId: roundId,
      before: { state: round.state },
      after: { state: 'scoring', frozen: readiness.freezes },
    });
    // Every seated, not recused member gets a draft sheet for each item of the panel, and every
    // item a Result row (expected counts) from the start.
    const sheets = await createMissingSheets(tx, roundId);
    changes = (await recomputeRound(tx, roundId)).changed;
    return { ok: true, state: 'scoring', schemeId: round.schemeId, sheets: sheets.created };
  });
  for (const change of changes) publishResultUpdated(change);
  return outcome;
}

// The round's own facts, as lists and the round page read them.
const ROUND_FIELDS = {
  id: true,
  name: true,
  jurisdiction: true,
  kind: true,
  year: true,
  batch: true,
  state: true,
  windowStart: true,
  windowEnd: true,
  createdAt: true,
} as const;

const ROUND_LIST_SELECT = { ...ROUND_FIELDS, _count: { select: { items: true } } } as const;

const ROUND_LIST_ORDER = [{ year: 'desc' as const }, { createdAt: 'desc' as const }];

type RoundListRow = { batch: number | null; _count: { items: number } };
const toListRow = <T extends RoundListRow>({ _count, ...r }: T) => ({
  ...r,
  batchLabel: batchLabel(r.batch),
  itemCount: _count.items,
});

export async function listRounds() {
  const rounds = await prisma.round.findMany({ orderBy: ROUND_LIST_ORDER, select: ROUND_LIST_SELECT });
  return rounds.map(toListRow);
}

export const roundSearchSchema = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(100, { error: '搜索词不超过100字' }).optional()),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
});
export const ROUNDS_PAGE_SIZE = 20;

/** One page of the rounds list (评审工作), newest year first, optionally by name. */
export async function searchRounds(filter: z.infer<typeof roundSearchSchema>) {
  const where = filter.q ? { name: { contains: filter.q } } : {};
  const q = filter.q;
  if (q && hasLikeWildcards(q)) {
    // `contains` lets "%" and "_" match anything (app/utils/search): page the literal hits here.
    const all = await prisma.round.findMany({ where, orderBy: ROUND_LIST_ORDER, select: ROUND_LIST_SELECT });
    const hits = all.filter((r) => containsLiteral(r.name, q));
    const start = (filter.page - 1) * ROUNDS_PAGE_SIZE;
    return {
      total: hits.length,
      page: filter.page,
      pageSize: ROUNDS_PAGE_SIZE,
      rounds: hits.slice(start, start + ROUNDS_PAGE_SIZE).map(toListRow),
    };
  }
  const [total, rounds] = await Promise.all([
    prisma.round.count({ where }),
    prisma.round.findMany({
      where,
      orderBy: ROUND_LIST_ORDER,
      select: ROUND_LIST_SELECT,
      skip: (filter.page - 1) * ROUNDS_PAGE_SIZE,
      take: ROUNDS_PAGE_SIZE,
    }),
  ]);
  return { total, page: filter.page, pageSize: ROUNDS_PAGE_SIZE, rounds: rounds.map(toListRow) };
}

export async function getRound(roundId: string) {
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: {
      ...ROUND_FIELDS,
      deadlines: true,
      settings: true,
      scheme: {
        select: { id: true, presetId: true, name: true, version: true, frozenAt: true, definition: true },
      },
    },
  });
  if (!round) return null;
  const decisions = await prisma.item.groupBy({
    by: ['eligibilityDecision'],
    where: { roundId },
    _count: { _all: true },
  });
  const { definition, ...scheme } = round.scheme;
  return {
    ...round,
    batchLabel: batchLabel(round.batch),
    deadlines: z.record(z.string(), z.string()).parse(JSON.parse(round.deadlines)),
    settings: {
      revealScoresAfterSubmit: false,
      screenShowsScores: false,
      ...readRoundSettings(round.settings),
    },
    scheme: { ...scheme, definition: parseSchemeDefinition(definition) },
    itemCounts: Object.fromEntries(decisions.map((d) => [d.eligibilityDecision, d._count._all])) as Partial<
      Record<'pending' | 'admitted' | 'excluded', number>
    >,
  };
}

export type RoundDetail = NonNullable<Awaited<ReturnType<typeof getRound>>>;
