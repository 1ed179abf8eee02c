// Score sheets (评分表): the expert's drafts and submission, and the chair's and agency's powers over
// them (退回修改, 锁定, 解锁, 缺席). Every write that changes what counts (submit, recusal, reopen,
// lock, unlock, absence) runs in one transaction with its audit event and the item's recompute
// (result.server.ts), and is announced on the sockets only after the commit. Drafts are saved with
// an optimistic version and are not chained in the audit log (decision 007).
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { sheetTotal } from '#scoring/sheet-total';
import { roundAllows } from '#scoring/round-states';
import type { Problem, Rubric, Scheme } from '#scoring/types';
import type { EligibilityResult } from '#scoring/types';
import { canonicalJson, recordAudit } from '#app/models/audit.server';
import type { SessionUser } from '#app/models/auth.server';
import {
  decimalText,
  cachedScheme,
  itemResult,
  loadScheme,
  parseScores,
  parseVetoProposals,
  recomputeItem,
  roundSettings,
} from '#app/models/result.server';
import { publishResultUpdated, publishSheetUpdated, type ResultChange } from '#app/realtime/publish.server';
import type { ResultRow, SheetUpdated } from '#app/realtime/events';
import { prisma, type Tx } from '#app/utils/db.server';
import { fieldErrorsOf } from '#app/utils/http.server';
import { fail, refuse, succeed, transactionOutcome, type Failure, type Outcome } from '#app/utils/outcome';
import { hasPermission } from '#app/utils/permissions';
import { idempotencyKeySchema, reasonSchema, sheetBodySchema, type SheetBody } from '#app/utils/sheet-schema';
import { workbookSpec, type TemplateKind } from '#app/utils/xlsx/spec';
import { sessionGate } from '#app/models/session-gate.server';

export { sheetBodySchema, type SheetBody } from '#app/utils/sheet-schema';

// ---------- Views ----------

export type SheetState = 'draft' | 'submitted' | 'locked';

export interface SheetCriterion {
  id: string;
  name: string;
  max: number;
  step: number | null;
  weight: number;
  guidance: string | null;
  group?: string | null;
  required: boolean;
}

export type SheetView = {
  id: string;
  roundId: string;
  panelId: string | null;
  itemId: string;
  itemName: string;
  state: SheetState;
  version: number;
  scores: Record<string, number>;
  total: number | null;
  comment: string | null;
  vetoProposals: { vetoId: string; reason: string }[];
  recused: boolean;
  recusalReason: string | null;
  absent: boolean;
  absentReason: string | null;
  reopenedReason: string | null;
  draftSavedAt: string | null;
  submittedAt: string | null;
  criteria: SheetCriterion[];
  vetoes: { id: string; name: string }[];
};

const SHEET_SELECT = {
  id: true,
  roundId: true,
  panelId: true,
  itemId: true,
  expertId: true,
  state: true,
  version: true,
  scores: true,
  total: true,
  comment: true,
  vetoProposals: true,
  recused: true,
  recusalReason: true,
  absent: true,
  absentReason: true,
  reopenedReason: true,
  draftSavedAt: true,
  submittedAt: true,
  idempotencyKey: true,
  item: { select: { name: true } },
  expert: { select: { userId: true, name: true } },
  round: {
    select: {
      state: true,
      settings: true,
      // The definition text is read once per scheme version (result.server.ts loadScheme).
      scheme: { select: { id: true, version: true } },
    },
  },
} as const;

type SheetRow = Prisma.ScoreSheetGetPayload<{ select: typeof SHEET_SELECT }>;

function criteriaOf(scheme: Scheme): SheetCriterion[] {
  return scheme.rubric.criteria.map((c) => ({
    id: c.id,
    name: c.name,
    max: c.max,
    step: c.step ?? null,
    weight: c.weight ?? 1,
    guidance: c.guidance ?? null,
    group: c.group ?? null,
    required: c.required ?? true,
  }));
}

/** The row's frozen scheme; readSheet and listMySheets have loaded it into the cache. */
function schemeOf(row: SheetRow): Scheme {
  const scheme = cachedScheme(row.round.scheme);
  if (!scheme) throw new Error(`scheme ${row.round.scheme.id} of sheet ${row.id} was not loaded`);
  return scheme;
}

function toView(row: SheetRow): SheetView {
  const scheme = schemeOf(row);
  return {
    id: row.id,
    roundId: row.roundId,
    panelId: row.panelId,
    itemId: row.itemId,
    itemName: row.item.name,
    state: row.state,
    version: row.version,
    scores: parseScores(row.scores),
    total: row.total === null ? null : Number(row.total),
    comment: row.comment,
    vetoProposals: parseVetoProposals(row.vetoProposals),
    recused: row.recused,
    recusalReason: row.recusalReason,
    absent: row.absent,
    absentReason: row.absentReason,
    reopenedReason: row.reopenedReason,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    criteria: criteriaOf(scheme),
    vetoes: (scheme.rubric.vetoes ?? []).map((v) => ({ id: v.id, name: v.name })),
  };
}

async function readSheet(sheetId: string, client: Tx | typeof prisma = prisma): Promise<SheetRow | null> {
  const row = await client.scoreSheet.findUnique({ where: { id: sheetId }, select: SHEET_SELECT });
  if (row) await loadScheme(client, row.round.scheme);
  return row;
}

/** The row as it is after an update that matched it, without reading it again. */
function written(row: SheetRow, data: Partial<SheetRow>): SheetRow {
  return { ...row, ...data };
}

const NOT_FOUND = '评分表不存在';
const sheetNotFound = () => fail(404, NOT_FOUND);

/** The sheet when it belongs to the user's expert record; someone else's sheet is "not found". */
async function ownSheet(userId: string, sheetId: string): Promise<SheetRow | Failure> {
  const row = await readSheet(sheetId);
  if (!row || row.expert.userId !== userId) return sheetNotFound();
  return row;
}

/** Why the expert may not write to this sheet now, or null. */
function writeRefusal(row: SheetRow): Failure | null {
  if (!roundAllows(row.round.state, 'score')) return fail(409, '评审工作不在专家评审阶段，评分表不能修改');
  if (row.recused) return fail(409, '您已申请回避该评审对象，不能再评分');
  if (row.absent) return fail(409, '您已被标记为缺席该评审对象，不能评分，请联系专家组组长');
  return null;
}

// ---------- Rubric checks ----------

function criterionProblem(code: string, message: string, criterionId: string): Problem {
  return { code, message, criterionId, column: `scores.${criterionId}` };
}

/**
 * What the frozen rubric says about the scores: unknown criteria, out of range, off step, and (on
 * submit) missing required ones, each naming the criterion in Chinese. The checks are the engine's
 * (sheetTotal); only the wording is the page's.
 */
export function rubricProblems(
  rubric: Rubric,
  body: Pick<SheetBody, 'scores' | 'vetoProposals'>,
  submit: boolean,
): Problem[] {
  const byId = new Map(rubric.criteria.map((c) => [c.id, c]));
  const result = sheetTotal(rubric, { itemId: '-', expertId: '-', scores: body.scores });
  const problems: Problem[] = [];
  if (!result.ok) {
    for (const p of result.problems) {
      const c = p.criterionId ? byId.get(p.criterionId) : undefined;
      const name = c?.name ?? p.criterionId ?? '';
      const score = p.criterionId !== undefined ? body.scores[p.criterionId] : undefined;
      switch (p.code) {
        case 'score_missing':
          if (submit) problems.push(criterionProblem(p.code, `指标「${name}」尚未评分`, p.criterionId!));
          break;
        case 'score_out_of_range':
          problems.push(
            criterionProblem(p.code, `指标「${name}」得分 ${score} 超出 0–${c?.max}`, p.criterionId!),
          );
          break;
        case 'score_step':
          problems.push(
            criterionProblem(
              p.code,
              `指标「${name}」得分 ${score} 不是步长 ${c?.step} 的整数倍`,
              p.criterionId!,
            ),
          );
          break;
        case 'criterion_unknown':
          problems.push(
            criterionProblem(p.code, `指标「${p.criterionId}」不在本轮评分细则中`, p.criterionId!),
          );
          break;
        case 'score_not_number':
          problems.push(criterionProblem(p.code, `指标「${name}」得分应为数字`, p.criterionId!));
          break;
        default:
          problems.push({ code: p.code, message: p.message.replace(/^评审对象 -、专家 -：/, '') });
      }
    }
  }
  const vetoIds = new Set((rubric.vetoes ?? []).map((v) => v.id));
  (body.vetoProposals ?? []).forEach((v, i) => {
    if (!vetoIds.has(v.vetoId))
      problems.push({
        code: 'veto_unknown',
        message: `否决项「${v.vetoId}」不在本轮评分细则中`,
        column: `vetoProposals.${i}.vetoId`,
      });
  });
  const seen = new Set<string>();
  for (const v of body.vetoProposals ?? []) {
    if (seen.has(v.vetoId))
      problems.push({
        code: 'veto_duplicate',
        message: `否决项「${v.vetoId}」重复`,
        column: 'vetoProposals',
      });
    seen.add(v.vetoId);
  }
  return problems;
}

function parseBody(body: unknown): { ok: true; body: SheetBody } | Failure {
  const parsed = sheetBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, body: parsed.data };
  const fieldErrors = fieldErrorsOf(parsed.error);
  const first = Object.entries(fieldErrors)[0];
  return fail(400, first ? `${fieldLabel(first[0])}${first[1]}` : '评分表格式不正确', { fieldErrors });
}

function fieldLabel(key: string): string {
  if (key === '_form') return '';
  if (key.startsWith('scores.')) return `指标「${key.slice(7)}」：`;
  return `${key}：`;
}

// ---------- Reading ----------

/** GET /api/v1/me/sheets: every sheet of the user's expert record, newest round first. */
export async function listMySheets(userId: string): Promise<SheetView[]> {
  const rows = await prisma.scoreSheet.findMany({
    where: { expert: { userId } },
    select: SHEET_SELECT,
    orderBy: [{ round: { createdAt: 'desc' } }, { item: { name: 'asc' } }, { id: 'asc' }],
  });
  for (const row of rows) await loadScheme(prisma, row.round.scheme);
  return rows.map(toView);
}

export interface ItemSection {
  title: string;
  description: string;
  fields: { key: string; label: string; value: string | number | boolean | null }[];
}

export interface ItemTable {
  key: string;
  title: string;
  description: string;
  columns: { key: string; label: string }[];
  rows: Record<string, string | number | boolean | null>[];
}

export interface ItemForScoring {
  id: string;
  name: string;
  kind: 'application' | 'annualReport' | 'triennial';
  group: string | null;
  unitName: string;
  uscc: string;
  sections: ItemSection[]; // the form's one-row sheets, as fields
  tables: ItemTable[]; // the form's detail sheets (近三年运营, 项目成果…), as rows
  eligibility: EligibilityResult | null;
  eligibilityDecision: 'pending' | 'admitted' | 'excluded';
}

export interface SchemeForScoring {
  id: string;
  name: string;
  rubric: Rubric; // for the page's live total (scoring/sheetTotal, the same code as the server)
  criteria: SheetCriterion[];
  vetoes: { id: string; name: string }[];
  decimals: number;
  revealScoresAfterSubmit: boolean;
}

type Cell = string | number | boolean | null;
const cell = (v: unknown): Cell =>
  v === null || v === undefined
    ? null
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? v
      : JSON.stringify(v);

function itemData(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const eligibilityShape = z
  .object({ overall: z.enum(['eligible', 'ineligible', 'incomplete']), rules: z.array(z.any()) })
  .passthrough();

function parseEligibility(json: string | null): EligibilityResult | null {
  if (json === null) return null;
  try {
    const parsed = eligibilityShape.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as unknown as EligibilityResult) : null;
  } catch {
    return null;
  }
}

/**
 * The expert's scoring page: the sheet, the item's imported data grouped as the round's form (the
 * 申报书 or 年度运行情况表 sheets: fields of the one-row sheets, rows of the detail sheets), its
 * eligibility summary, the rubric, and the panel's aggregate when the round reveals it to an expert
 * whose own sheet is in.
 */
export async function getSheetPage(
  userId: string,
  sheetId: string,
): Promise<
  Outcome<{
    sheet: SheetView;
    item: ItemForScoring;
    scheme: SchemeForScoring;
    panelAggregate: ResultRow | null;
  }>
> {
  const row = await ownSheet(userId, sheetId);
  if ('ok' in row) return row;
  const item = await prisma.item.findUniqueOrThrow({
    where: { id: row.itemId },
    select: {
      id: true,
      name: true,
      kind: true,
      group: true,
      data: true,
      eligibility: true,
      eligibilityDecision: true,
      organisation: { select: { name: true, uscc: true } },
      round: { select: { jurisdiction: true } },
    },
  });
  const { definition, scheme } = await loadScheme(prisma, row.round.scheme);
  const templateKind: TemplateKind = item.kind === 'application' ? 'application' : 'annual_report';
  const spec = workbookSpec(templateKind, definition.eligibility, item.round.jurisdiction);
  const data = itemData(item.data);
  const details = (data.details ?? {}) as Record<string, unknown>;
  const sections: ItemSection[] = [];
  const tables: ItemTable[] = [];
  for (const sheet of spec.sheets) {
    const columns = sheet.columns.filter((c) => c.key !== 'uscc');
    if (sheet.cardinality === 'one') {
      const fields = columns
        .filter((c) => data[c.key] !== undefined)
        .map((c) => ({ key: c.key, label: c.header, value: cell(data[c.key]) }));
      if (fields.length > 0) sections.push({ title: sheet.name, description: sheet.description, fields });
    } else if (sheet.detailKey) {
      const rows = Array.isArray(details[sheet.detailKey]) ? (details[sheet.detailKey] as unknown[]) : [];
      tables.push({
        key: sheet.detailKey,
        title: sheet.name,
        description: sheet.description,
        columns: columns.map((c) => ({ key: c.key, label: c.header })),
        rows: rows.map((r) => {
          const out: Record<string, Cell> = {};
          for (const c of columns) out[c.key] = cell((r as Record<string, unknown>)[c.key]);
          return out;
        }),
      });
    }
  }
  const settings = roundSettings(row.round.settings);
  const panelAggregate =
    settings.revealScoresAfterSubmit && (row.state === 'submitted' || row.state === 'locked')
      ? await itemResult(row.itemId)
      : null;
  return succeed({
    sheet: toView(row),
    item: {
      id: item.id,
      name: item.name,
      kind: item.kind,
      group: item.group,
      unitName: item.organisation.name,
      uscc: item.organisation.uscc,
      sections,
      tables,
      eligibility: parseEligibility(item.eligibility),
      eligibilityDecision: item.eligibilityDecision,
    },
    scheme: {
      id: row.round.scheme.id,
      name: definition.name,
      rubric: scheme.rubric,
      criteria: criteriaOf(scheme),
      vetoes: (scheme.rubric.vetoes ?? []).map((v) => ({ id: v.id, name: v.name })),
      decimals: scheme.aggregation.decimals ?? 2,
      revealScoresAfterSubmit: settings.revealScoresAfterSubmit === true,
    },
    panelAggregate,
  });
}

/** One sheet as its owner sees it (GET /api/v1/sheets/:id). */
export async function getMySheet(userId: string, sheetId: string): Promise<Outcome<{ sheet: SheetView }>> {
  const row = await ownSheet(userId, sheetId);
  if ('ok' in row) return row;
  return succeed({ sheet: toView(row) });
}

// ---------- Expert writes ----------

const conflictMessage = '评分表已在别处修改（版本冲突），未保存；请查看最新内容后再修改';

/** Autosave of a draft (PUT /api/v1/sheets/:id): versioned, not audited (decision 007). */
export async function saveDraft(
  userId: string,
  sheetId: string,
  input: unknown,
): Promise<Outcome<{ sheet: SheetView }, { sheet?: SheetView }>> {
  const parsed = parseBody(input);
  if (!parsed.ok) return parsed;
  const body = parsed.body;
  const row = await ownSheet(userId, sheetId);
  if ('ok' in row) return row;
  const refused = writeRefusal(row) ?? (await sessionGate(row, 'draft'));
  if (refused) return refused;
  if (row.state !== 'draft')
    return {
      ...fail(409, row.state === 'locked' ? '评分表已锁定，不能修改' : '评分表已提交，不能修改'),
      sheet: toView(row),
    };
  const problems = rubricProblems(schemeOf(row).rubric, body, false);
  if (problems.length > 0) return refuse(400, problems);
  const savedAt = new Date();
  const updated = await prisma.scoreSheet.updateMany({
    where: {
      id: sheetId,
      version: body.version,
      state: 'draft',
      recused: false,
      absent: false,
      round: { state: 'scoring' },
    },
    data: {
      scores: canonicalJson(body.scores),
      ...(body.comment !== undefined ? { comment: body.comment } : {}),
      ...(body.vetoProposals !== undefined ? { vetoProposals: canonicalJson(body.vetoProposals) } : {}),
      version: { increment: 1 },
      draftSavedAt: savedAt,
    },
  });
  if (updated.count === 0)
    return { ...fail(409, conflictMessage), sheet: toView((await readSheet(sheetId))!) };
  // The update matched this very version, so the row is now exactly this (no second read).
  const saved = written(row, {
    scores: canonicalJson(body.scores),
    ...(body.comment !== undefined ? { comment: body.comment } : {}),
    ...(body.vetoProposals !== undefined ? { vetoProposals: canonicalJson(body.vetoProposals) } : {}),
    version: body.version + 1,
    draftSavedAt: savedAt,
  });
  return succeed({ sheet: toView(saved) });
}

/**
 * A submission waits its turn for the (single, exclusive) SQLite connection rather than failing: under
 * a burst of autosaves and submits on a busy machine Prisma's default 2 s wait answered 500.
 */
const SUBMIT_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

type SubmitOutcome = Outcome<{ sheet: SheetView; result: ResultRow | null }, { sheet?: SheetView }>;

async function replay(sheetId: string): Promise<SubmitOutcome> {
  const fresh = (await readSheet(sheetId))!;
  return succeed({ sheet: toView(fresh), result: await itemResult(fresh.itemId) });
}

function isUniqueViolation(error: unknown): boolean {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') ||
    (error instanceof Error && /unique constraint/i.test(error.message))
  );
}

class Conflict extends Error {
  constructor(readonly failure: Failure) {
    super(failure.error);
  }
}

/** The defence session's gate refused inside the transaction (scoring closed meanwhile). */
class GateRefusal extends Conflict {}

function publishAll(changes: ResultChange[]) {
  for (const change of changes) publishResultUpdated(change);
}

/**
 * 提交: validates every criterion, stores the total (engine sheetTotal, exact) and the key, audits,
 * recomputes the item's group, then announces it. The same key again answers as the first time and
 * changes nothing; a racing duplicate finds the sheet submitted under its key and answers so too.
 */
export async function submitSheet(
  userId: string,
  sheetId: string,
  input: unknown,
  idempotencyKey: unknown,
): Promise<SubmitOutcome> {
  const keyParsed = idempotencyKeySchema.safeParse(idempotencyKey);
  if (!keyParsed.success)
    return fail(400, keyParsed.error.issues[0]?.message ?? '缺少 Idempotency-Key 请求头');
  const key = keyParsed.data;
  const row = await ownSheet(userId, sheetId);
  if ('ok' in row) return row;
  // A retry of a submission already applied: the same answer, nothing written.
  if (row.idempotencyKey === key) return replay(sheetId);
  const parsed = parseBody(input);
  if (!parsed.ok) return parsed;
  const body = parsed.body;
  const elsewhere = await prisma.scoreSheet.findUnique({
    where: { idempotencyKey: key },
    select: { id: true },
  });
  if (elsewhere && elsewhere.id !== sheetId) return fail(409, '该 Idempotency-Key 已用于另一份评分表');
  const refused = writeRefusal(row) ?? (await sessionGate(row, 'submit'));
  if (refused) return refused;
  if (row.state !== 'draft') return { ...fail(409, '该评分表已提交'), sheet: toView(row) };
  const rubric = schemeOf(row).rubric;
  const problems = rubricProblems(rubric, body, true);
  if (problems.length > 0) return refuse(400, problems);
  const total = sheetTotal(rubric, { itemId: row.itemId, expertId: row.expertId, scores: body.scores });
  if (!total.ok) return refuse(400, total.problems);
  const now = new Date();
  const vetoProposals = canonicalJson(body.vetoProposals ?? parseVetoProposals(row.vetoProposals));
  let changes: ResultChange[];
  try {
    changes = await prisma.$transaction(async (tx) => {
      const updated = await tx.scoreSheet.updateMany({
        where: {
          id: sheetId,
          version: body.version,
          state: 'draft',
          recused: false,
          absent: false,
          round: { state: 'scoring' },
        },
        data: {
          state: 'submitted',
          scores: canonicalJson(body.scores),
          ...(body.comment !== undefined ? { comment: body.comment } : {}),
          vetoProposals,
          total: decimalText(total.value),
          submittedAt: now,
          idempotencyKey: key,
          version: { increment: 1 },
        },
      });
      if (updated.count === 0) throw new Conflict(fail(409, conflictMessage));
      // Again inside the transaction: a chair closing scoring at the same moment wins or loses
      // as a whole, never half (the check above answers early; this one decides).
      const gate = await sessionGate(row, 'submit', tx);
      if (gate) throw new GateRefusal(gate);
      await recordAudit(tx, {
        actorId: userId,
        action: 'sheet.submit',
        entity: 'ScoreSheet',
        entityId: sheetId,
        after: {
          roundId: row.roundId,
          itemId: row.itemId,
          expertId: row.expertId,
          scores: body.scores,
          total: decimalText(total.value),
          vetoProposals: body.vetoProposals ?? [],
          version: body.version + 1,
        },
      });
      return (await recomputeItem(tx, row.roundId, row.itemId)).changed;
    }, SUBMIT_TRANSACTION);
  } catch (error) {
    if (error instanceof GateRefusal) return error.failure;
    if (!(error instanceof Conflict) && !isUniqueViolation(error)) throw error;
    // Lost a race: a duplicate with the same key got there first (answer as a replay), or the
    // sheet changed under us.
    const fresh = (await readSheet(sheetId))!;
    if (fresh.idempotencyKey === key) return replay(sheetId);
    if (isUniqueViolation(error)) return fail(409, '该 Idempotency-Key 已用于另一份评分表');
    if (fresh.state !== 'draft') return { ...fail(409, '该评分表已提交'), sheet: toView(fresh) };
    const again = writeRefusal(fresh);
    if (again) return again;
    return { ...fail(409, conflictMessage), sheet: toView(fresh) };
  }
  publishAll(changes);
  // The update matched this very version: the answer is built from what was written and the item's
  // fresh result, without reading either again.
  const submitted = written(row, {
    state: 'submitted',
    scores: canonicalJson(body.scores),
    ...(body.comment !== undefined ? { comment: body.comment } : {}),
    vetoProposals,
    total: decimalText(total.value),
    submittedAt: now,
    idempotencyKey: key,
    version: body.version + 1,
  });
  const own = changes.find((c) => c.itemId === row.itemId);
  return succeed({ sheet: toView(submitted), result: own ? own.result : await itemResult(row.itemId) });
}

/** 申请回避: the expert steps aside for this item, with a reason; audited, the item recomputed. */
export async function recuseSelf(
  userId: string,
  sheetId: string,
  reasonInput: unknown,
): Promise<Outcome<{ sheet: SheetView }>> {
  const reason = reasonSchema('回避理由').safeParse(reasonInput);
  if (!reason.success)
    return fail(400, reason.error.issues[0].message, {
      fieldErrors: { reason: reason.error.issues[0].message },
    });
  const row = await ownSheet(userId, sheetId);
  if ('ok' in row) return row;
  const refused = writeRefusal(row) ?? (await sessionGate(row, 'recuse'));
  if (refused) return refused;
  if (row.state !== 'draft')
    return fail(409, '评分表已提交，不能再申请回避；如确需回避，请联系专家组组长退回');
  const done = await transactionOutcome(prisma, async (tx) => {
    const updated = await tx.scoreSheet.updateMany({
      where: { id: sheetId, state: 'draft', recused: false, absent: false },
      data: { recused: true, recusalReason: reason.data, version: { increment: 1 } },
    });
    if (updated.count === 0) return fail(409, '评分表已变化，请刷新后再试');
    await recordAudit(tx, {
      actorId: userId,
      action: 'sheet.recuse',
      entity: 'ScoreSheet',
      entityId: sheetId,
      after: { roundId: row.roundId, itemId: row.itemId, expertId: row.expertId, reason: reason.data },
    });
    return succeed({ changes: (await recomputeItem(tx, row.roundId, row.itemId)).changed });
  });
  if (!done.ok) return done;
  publishAll(done.changes);
  return succeed({ sheet: toView((await readSheet(sheetId))!) });
}

// ---------- Chair and agency powers ----------

/** The agency (panel:manage), or the user whose expert record holds the chair seat of THAT panel. */
export async function canManagePanel(user: SessionUser, panelId: string): Promise<boolean> {
  if (hasPermission(user.roles, 'panel:manage')) return true;
  const seat = await prisma.panelMember.findFirst({
    where: { panelId, role: 'chair', status: 'drawn', expert: { userId: user.id } },
    select: { id: true },
  });
  return seat !== null;
}

const FORBIDDEN_PANEL = '只有该专家组的组长或评价机构可以执行此操作';

function sheetEvent(
  row: { id: string; roundId: string; itemId: string },
  version: number,
  roundVersion: number,
  state: SheetState,
  reason: string | null,
  action: SheetUpdated['action'],
): SheetUpdated {
  return {
    sheetId: row.id,
    roundId: row.roundId,
    itemId: row.itemId,
    version,
    roundVersion,
    state,
    reason,
    action,
  };
}

function reasonOrFail(input: unknown, label: string): { ok: true; reason: string } | Failure {
  const parsed = reasonSchema(label).safeParse(input);
  if (parsed.success) return { ok: true, reason: parsed.data };
  const message = parsed.error.issues[0].message;
  return fail(400, message, { fieldErrors: { reason: message } });
}

/** 退回修改: a submitted sheet goes back to draft, with a reason the expert sees. */
export async function reopenSheet(
  actor: SessionUser,
  sheetId: string,
  reasonInput: unknown,
): Promise<Outcome<{ sheet: SheetView }>> {
  const row = await readSheet(sheetId);
  if (!row) return sheetNotFound();
  if (!row.panelId || !(await canManagePanel(actor, row.panelId))) return fail(403, FORBIDDEN_PANEL);
  const reason = reasonOrFail(reasonInput, '退回理由');
  if (!reason.ok) return reason;
  if (!roundAllows(row.round.state, 'score')) return fail(409, '评审工作不在专家评审阶段，不能退回评分表');
  if (row.state === 'locked') return fail(409, '已锁定，须先由评价机构解锁');
  if (row.state !== 'submitted') return fail(409, '该评分表尚未提交，无需退回');
  const result = await transactionOutcome(prisma, (tx) =>
    reopenSheetIn(tx, actor, sheetId, reason.reason, row),
  );
  if (!result.ok) return result;
  result.publish();
  return succeed({ sheet: toView((await readSheet(sheetId))!) });
}

/**
 * The writes of 退回修改 inside the caller's transaction (reopenSheet, and a defence session's
 * request-rescore): the submitted sheet back to draft with the reason, audited, the item
 * recomputed. `publish` (after the commit) announces the result and tells the expert.
 */
export async function reopenSheetIn(
  tx: Tx,
  actor: SessionUser,
  sheetId: string,
  reason: string,
  known?: SheetRow,
): Promise<Outcome<{ roundVersion: number; publish: () => void }>> {
  const row = known ?? (await readSheet(sheetId, tx));
  if (!row) return sheetNotFound();
  if (row.state === 'locked') return fail(409, '已锁定，须先由评价机构解锁');
  if (row.state !== 'submitted') return fail(409, '该评分表尚未提交，无需退回');
  const updated = await tx.scoreSheet.updateMany({
    where: { id: sheetId, state: 'submitted', version: row.version },
    data: {
      state: 'draft',
      total: null,
      submittedAt: null,
      version: { increment: 1 },
      reopenedReason: reason,
      reopenedById: actor.id,
      reopenedAt: new Date(),
    },
  });
  if (updated.count === 0) return fail(409, '评分表已变化，请刷新后再试');
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'sheet.reopen',
    entity: 'ScoreSheet',
    entityId: sheetId,
    before: { state: 'submitted', scores: parseScores(row.scores), total: row.total },
    after: { state: 'draft', itemId: row.itemId, expertId: row.expertId, reason },
  });
  const r = await recomputeItem(tx, row.roundId, row.itemId);
  const publish = () => {
    publishAll(r.changed);
    if (row.expert.userId)
      publishSheetUpdated(
        row.expert.userId,
        sheetEvent(row, row.version + 1, r.version, 'draft', reason, 'reopened'),
      );
  };
  return succeed({ roundVersion: r.version, publish });
}

/** The panel, the item assigned to it, and the round, or the refusal. */
async function panelItem(
  actor: SessionUser,
  panelId: string,
  itemId: string,
): Promise<{ ok: true; roundId: string; roundState: string } | Failure> {
  const panel = await prisma.panel.findUnique({
    where: { id: panelId },
    select: { roundId: true, round: { select: { state: true } } },
  });
  if (!panel) return fail(404, '专家组不存在');
  if (!(await canManagePanel(actor, panelId))) return fail(403, FORBIDDEN_PANEL);
  const assignment = await prisma.assignment.findUnique({
    where: { panelId_itemId: { panelId, itemId } },
    select: { id: true },
  });
  if (!assignment) return fail(404, '该评审对象未分配给此专家组');
  return { ok: true, roundId: panel.roundId, roundState: panel.round.state };
}

/** 锁定: every expected sheet of the item in the panel is in; they become read-only. */
export async function lockItem(
  actor: SessionUser,
  panelId: string,
  itemId: string,
): Promise<Outcome<{ locked: number }>> {
  const place = await panelItem(actor, panelId, itemId);
  if (!place.ok) return place;
  if (!roundAllows(place.roundState, 'score')) return fail(409, '评审工作不在专家评审阶段，不能锁定');
  const result = await transactionOutcome(prisma, (tx) =>
    lockItemIn(tx, actor, place.roundId, panelId, itemId),
  );
  if (!result.ok) return result;
  result.publish();
  return succeed({ locked: result.locked });
}

/**
 * The writes of 锁定 inside the caller's transaction (lockItem, and a defence session's lock-item):
 * refused naming the experts who have not submitted; `publish` (after the commit) announces the
 * result and tells each expert.
 */
export async function lockItemIn(
  tx: Tx,
  actor: SessionUser,
  roundId: string,
  panelId: string,
  itemId: string,
): Promise<Outcome<{ locked: number; publish: () => void }>> {
  const sheets = await tx.scoreSheet.findMany({
    where: { itemId, panelId, recused: false, absent: false },
    select: {
      id: true,
      state: true,
      version: true,
      roundId: true,
      itemId: true,
      expert: { select: { name: true, userId: true } },
    },
  });
  const missing = sheets.filter((s) => s.state === 'draft');
  if (missing.length > 0)
    return fail(409, `尚有专家未提交评分，不能锁定：${missing.map((s) => s.expert.name).join('、')}`);
  const toLock = sheets.filter((s) => s.state === 'submitted');
  if (toLock.length === 0)
    return fail(409, sheets.length === 0 ? '该评审对象没有可锁定的评分表' : '该评审对象已锁定');
  const now = new Date();
  const updated = await tx.scoreSheet.updateMany({
    where: { id: { in: toLock.map((s) => s.id) }, state: 'submitted' },
    data: { state: 'locked', lockedAt: now, version: { increment: 1 } },
  });
  if (updated.count !== toLock.length) return fail(409, '评分表已变化，请刷新后再试');
  const stillDraft = await tx.scoreSheet.count({
    where: { itemId, panelId, recused: false, absent: false, state: 'draft' },
  });
  if (stillDraft > 0) return fail(409, '评分表已变化，请刷新后再试');
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'item.lock',
    entity: 'Item',
    entityId: itemId,
    after: { panelId, sheets: toLock.map((s) => s.id) },
  });
  const r = await recomputeItem(tx, roundId, itemId);
  const publish = () => {
    publishAll(r.changed);
    for (const s of toLock)
      if (s.expert.userId)
        publishSheetUpdated(
          s.expert.userId,
          sheetEvent(s, s.version + 1, r.version, 'locked', null, 'locked'),
        );
  };
  return succeed({ locked: toLock.length, publish });
}

/** 解锁: the agency only, with a reason; the sheets go back to submitted (the chair may then reopen). */
export async function unlockItem(
  actor: SessionUser,
  panelId: string,
  itemId: string,
  reasonInput: unknown,
): Promise<Outcome<{ unlocked: number }>> {
  if (!hasPermission(actor.roles, 'panel:manage')) {
    const panel = await prisma.panel.count({ where: { id: panelId } });
    if (panel === 0) return fail(404, '专家组不存在');
    return fail(403, '只有评价机构可以解锁');
  }
  const place = await panelItem(actor, panelId, itemId);
  if (!place.ok) return place;
  const reason = reasonOrFail(reasonInput, '解锁理由');
  if (!reason.ok) return reason;
  if (!roundAllows(place.roundState, 'score')) return fail(409, '评审工作不在专家评审阶段，不能解锁');
  const sheets = await prisma.scoreSheet.findMany({
    where: { itemId, panelId, state: 'locked' },
    select: { id: true, version: true, roundId: true, itemId: true, expert: { select: { userId: true } } },
  });
  if (sheets.length === 0) return fail(409, '该评审对象未锁定');
  const result = await transactionOutcome(prisma, async (tx) => {
    const updated = await tx.scoreSheet.updateMany({
      where: { id: { in: sheets.map((s) => s.id) }, state: 'locked' },
      data: { state: 'submitted', lockedAt: null, version: { increment: 1 } },
    });
    if (updated.count !== sheets.length) return fail(409, '评分表已变化，请刷新后再试');
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'item.unlock',
      entity: 'Item',
      entityId: itemId,
      after: { panelId, sheets: sheets.map((s) => s.id), reason: reason.reason },
    });
    const r = await recomputeItem(tx, place.roundId, itemId);
    return succeed({ changes: r.changed, roundVersion: r.version });
  });
  if (!result.ok) return result;
  publishAll(result.changes);
  for (const s of sheets)
    if (s.expert.userId)
      publishSheetUpdated(
        s.expert.userId,
        sheetEvent(s, s.version + 1, result.roundVersion, 'submitted', reason.reason, 'unlocked'),
      );
  return succeed({ unlocked: sheets.length });
}

/** 缺席 (or back present): the expert's sheet for the item does not count while absent. */
export async function markAbsent(
  actor: SessionUser,
  panelId: string,
  itemId: string,
  expertId: string,
  absent: boolean,
  reasonInput?: unknown,
): Promise<Outcome<{ sheet: SheetView }>> {
  const place = await panelItem(actor, panelId, itemId);
  if (!place.ok) return place;
  let reason: string | null = null;
  if (absent) {
    const r = reasonOrFail(reasonInput, '缺席原因');
    if (!r.ok) return r;
    reason = r.reason;
  } else if (typeof reasonInput === 'string' && reasonInput.trim() !== '') {
    reason = reasonInput.trim().slice(0, 500);
  }
  if (!roundAllows(place.roundState, 'score')) return fail(409, '评审工作不在专家评审阶段');
  const row = await prisma.scoreSheet.findFirst({
    where: { itemId, panelId, expertId },
    select: { id: true },
  });
  if (!row) return fail(404, '该专家没有此评审对象的评分表');
  const sheet = (await readSheet(row.id))!;
  if (sheet.state === 'locked') return fail(409, '已锁定，须先由评价机构解锁');
  if (absent && sheet.state === 'submitted')
    return fail(409, '该专家已提交评分，不能标记缺席；如需处理，请先退回');
  if (sheet.recused) return fail(409, '该专家已回避此评审对象');
  if (sheet.absent === absent) return succeed({ sheet: toView(sheet) });
  const result = await transactionOutcome(prisma, async (tx) => {
    const updated = await tx.scoreSheet.updateMany({
      where: { id: sheet.id, version: sheet.version, absent: !absent },
      data: { absent, absentReason: absent ? reason : null, version: { increment: 1 } },
    });
    if (updated.count === 0) return fail(409, '评分表已变化，请刷新后再试');
    await recordAudit(tx, {
      actorId: actor.id,
      action: absent ? 'sheet.absent' : 'sheet.present',
      entity: 'ScoreSheet',
      entityId: sheet.id,
      after: { panelId, itemId, expertId, reason },
    });
    const r = await recomputeItem(tx, place.roundId, itemId);
    return succeed({ changes: r.changed, roundVersion: r.version });
  });
  if (!result.ok) return result;
  publishAll(result.changes);
  const fresh = (await readSheet(sheet.id))!;
  if (fresh.expert.userId)
    publishSheetUpdated(
      fresh.expert.userId,
      sheetEvent(
        fresh,
        fresh.version,
        result.roundVersion,
        fresh.state,
        reason,
        absent ? 'absent' : 'present',
      ),
    );
  return succeed({ sheet: toView(fresh) });
}

// ---------- Sheets for a round in scoring ----------

/**
 * Creates the missing draft sheets of a round: one for every seated (drawn chair or member) panel
 * member not recused from the item (AssignmentRecusal) × each admitted item assigned to the panel.
 * Inside the caller's transaction; existing sheets are left alone. Returns the items that got sheets.
 */
export async function createMissingSheets(
  tx: Tx,
  roundId: string,
): Promise<{ created: number; itemIds: string[] }> {
  const panels = await tx.panel.findMany({
    where: { roundId },
    select: {
      id: true,
      members: { where: { status: 'drawn', role: { in: ['chair', 'member'] } }, select: { expertId: true } },
      assignments: {
        where: { item: { eligibilityDecision: 'admitted' } },
        select: { itemId: true, recusals: { select: { expertId: true } } },
      },
    },
  });
  const existing = await tx.scoreSheet.findMany({
    where: { roundId },
    select: { itemId: true, expertId: true },
  });
  const have = new Set(existing.map((s) => `${s.itemId}\u0000${s.expertId}`));
  const data: Prisma.ScoreSheetCreateManyInput[] = [];
  const itemIds = new Set<string>();
  for (const panel of panels) {
    for (const a of panel.assignments) {
      const recused = new Set(a.recusals.map((r) => r.expertId));
      for (const m of panel.members) {
        if (recused.has(m.expertId)) continue;
        const key = `${a.itemId}\u0000${m.expertId}`;
        if (have.has(key)) continue;
        have.add(key);
        data.push({ roundId, itemId: a.itemId, expertId: m.expertId, panelId: panel.id });
        itemIds.add(a.itemId);
      }
    }
  }
  for (let i = 0; i < data.length; i += 500) await tx.scoreSheet.createMany({ data: data.slice(i, i + 500) });
  return { created: data.length, itemIds: [...itemIds] };
}

/**
 * Inside the caller's transaction, for a round already in scoring (a late assignment or a replaced
 * member): the missing sheets, audited as `sheet.create`, and the affected items recomputed (their
 * expected counts change). Returns the changes to publish after the commit; nothing when the round
 * is not in scoring or no sheet was missing.
 */
export async function addMissingSheetsIn(
  tx: Tx,
  roundId: string,
  actorId: string | null,
): Promise<{ created: number; changes: ResultChange[] }> {
  const round = await tx.round.findUnique({ where: { id: roundId }, select: { state: true } });
  if (!round || !roundAllows(round.state, 'score')) return { created: 0, changes: [] };
  const made = await createMissingSheets(tx, roundId);
  if (made.created === 0) return { created: 0, changes: [] };
  await recordAudit(tx, {
    actorId,
    action: 'sheet.create',
    entity: 'Round',
    entityId: roundId,
    after: { created: made.created, itemIds: made.itemIds },
  });
  const changes: ResultChange[] = [];
  for (const itemId of made.itemIds) changes.push(...(await recomputeItem(tx, roundId, itemId)).changed);
  return { created: made.created, changes };
}

/** addMissingSheetsIn in its own transaction, published after the commit. */
export async function syncRoundSheets(roundId: string, actorId: string | null): Promise<{ created: number }> {
  const { created, changes } = await prisma.$transaction((tx) => addMissingSheetsIn(tx, roundId, actorId));
  publishAll(changes);
  return { created };
}

/** Publishes result changes collected inside a transaction (call after it commits). */
export function publishResultChanges(changes: ResultChange[]): void {
  publishAll(changes);
}
