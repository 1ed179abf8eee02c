// Schemes (评审方案) as rounds use them. A round owns a copy of a preset (Scheme.presetKey null,
// presetId naming the source); its definition is the Preset JSON (scheme, eligibility rules, session
// timings, sources), the same shape seeds/load.server.ts stores for the presets themselves. The
// agency edits the rubric of the copy until scoring starts; then the scheme is frozen.
import { z } from 'zod';
import { multiplyExact, sumExact } from '#scoring/decimal';
import { validateScheme } from '#scoring/validate-scheme';
import type { Problem, Rubric, Scheme } from '#scoring/types';
import { presetSchema, type Preset } from '#seeds/presets/index';
import { canonicalJson, recordAudit } from '#app/models/audit.server';
import { prisma, type Tx } from '#app/utils/db.server';
import { refuse, succeed, type Outcome } from '#app/utils/outcome';

export type SchemeDefinition = Preset;

export class SchemeFrozenError extends Error {
  constructor() {
    super('评分已开始，评审方案已锁定，不能再修改评分细则');
  }
}

/** The stored definition JSON, validated; throws on a corrupt row (a programmer or migration error). */
export function parseSchemeDefinition(json: string): SchemeDefinition {
  const parsed = presetSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`stored scheme definition is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** Copies a preset into a new Scheme row for a round (inside the caller's transaction). */
export async function copyPresetScheme(tx: Tx, preset: Preset, roundName: string, actorId: string | null) {
  const row = await tx.scheme.create({
    data: {
      presetId: preset.id,
      name: `${roundName}评审方案`,
      jurisdiction: preset.jurisdiction,
      kind: preset.kind,
      definition: canonicalJson(preset),
    },
    select: { id: true, version: true },
  });
  await recordAudit(tx, {
    actorId,
    action: 'scheme.copy',
    entity: 'Scheme',
    entityId: row.id,
    after: { presetId: preset.id, version: row.version },
  });
  return row;
}

// The rubric as the editor sends it. Shape only; the engine's validateScheme does the semantic
// checks (unique ids, step divides max, …) with Chinese messages.
const criterionInput = z.strictObject({
  id: z.string().trim().min(1, { error: '请填写指标编号' }).max(40),
  name: z.string().trim().min(1, { error: '请填写指标名称' }).max(100),
  // Sane bounds before the engine's exact-decimal arithmetic sees them (1e308 would not fit).
  max: z
    .number({ error: '分值应为数字' })
    .min(0, { error: '分值应在0–1000之间' })
    .max(1000, { error: '分值应在0–1000之间' }),
  weight: z
    .number({ error: '权重应为数字' })
    .min(0, { error: '权重应在0–100之间' })
    .max(100, { error: '权重应在0–100之间' })
    .optional(),
  step: z
    .number({ error: '步长应为数字' })
    .min(0, { error: '步长应在0–1000之间' })
    .max(1000, { error: '步长应在0–1000之间' })
    .optional(),
  required: z.boolean().optional(),
  group: z.string().trim().max(40).optional(),
  guidance: z.string().trim().max(2000).optional(),
});

export const rubricInputSchema = z.strictObject({
  criteria: z.array(criterionInput).min(1, { error: '评分细则至少需要一项指标' }).max(100),
  vetoes: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1, { error: '请填写否决项编号' }).max(40),
        name: z.string().trim().min(1, { error: '请填写否决项名称' }).max(100),
      }),
    )
    .max(20)
    .optional(),
});

export type RubricInput = z.infer<typeof rubricInputSchema>;

/**
 * Field errors of a rubric that failed `rubricInputSchema`, each message naming the row it belongs to
 * (第3项指标 / 第1个否决项), so the editor can say which line to fix.
 */
export function rubricFieldErrors(error: z.ZodError, input?: unknown): Record<string, string> {
  const raw = (input ?? {}) as { vetoes?: { id?: unknown }[] };
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const [list, index] = issue.path;
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    if (key in out) continue;
    let prefix = '';
    if (list === 'criteria' && typeof index === 'number') prefix = `第${index + 1}项指标：`;
    if (list === 'vetoes' && typeof index === 'number') {
      const id = raw.vetoes?.[index]?.id;
      prefix = `第${index + 1}个否决项${typeof id === 'string' && id.trim() ? `（${id.trim()}）` : ''}：`;
    }
    out[key] = `${prefix}${issue.message}`;
  }
  return out;
}

// The presets' grading lines (合格 60, 优秀 85, …) are set on a 100-point scale; a rubric whose full
// marks differ is allowed but the agency is told.
export const FULL_MARKS = 100;

/** 满分合计: Σ 分值 × 权重, exact. */
export function fullMarks(rubric: Rubric): number {
  return sumExact(rubric.criteria.map((c) => multiplyExact(c.max, c.weight ?? 1)));
}

function dropEmpty(rubric: RubricInput): Rubric {
  return {
    criteria: rubric.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      max: c.max,
      ...(c.weight === undefined ? {} : { weight: c.weight }),
      ...(c.step === undefined ? {} : { step: c.step }),
      ...(c.required === undefined ? {} : { required: c.required }),
      ...(c.group ? { group: c.group } : {}),
      ...(c.guidance ? { guidance: c.guidance } : {}),
    })),
    ...(rubric.vetoes && rubric.vetoes.length > 0 ? { vetoes: rubric.vetoes } : {}),
  };
}

/** Saved (the scheme's new version, and warnings that do not block), or refused: 404, 409, 400. */
export type RubricUpdate = Outcome<{ version: number; warnings?: string[] }, { problems: Problem[] }>;

/**
 * Replaces the rubric of a round's scheme (add, remove, reorder criteria; points, weights, steps,
 * guidance, veto items). The whole scheme is re-validated by the engine; nothing is written when it
 * is invalid. `expectedVersion` guards against two people editing at once.
 */
export async function updateRoundRubric(
  roundId: string,
  rubric: RubricInput,
  expectedVersion: number,
  actorId: string,
): Promise<RubricUpdate> {
  return prisma.$transaction((tx) => updateRoundRubricIn(tx, roundId, rubric, expectedVersion, actorId));
}

/** updateRoundRubric inside the caller's transaction (checks come before any write). */
export async function updateRoundRubricIn(
  tx: Tx,
  roundId: string,
  rubric: RubricInput,
  expectedVersion: number,
  actorId: string,
): Promise<RubricUpdate> {
  const round = await tx.round.findUnique({
    where: { id: roundId },
    select: { scheme: { select: { id: true, definition: true, version: true, frozenAt: true } } },
  });
  if (!round) return refuse(404, [{ code: 'not_found', message: '评审工作不存在' }]);
  const { scheme } = round;
  if (scheme.frozenAt)
    return refuse(409, [{ code: 'scheme_frozen', message: new SchemeFrozenError().message }]);
  if (scheme.version !== expectedVersion) {
    return refuse(409, [
      {
        code: 'version_conflict',
        message: `评审方案已被他人修改（当前第${scheme.version}版），请刷新后再编辑`,
      },
    ]);
  }
  const definition = parseSchemeDefinition(scheme.definition);
  const candidate: Scheme = { ...definition.scheme, rubric: dropEmpty(rubric) };
  const checked = validateScheme(candidate);
  if (!checked.ok) return refuse(400, checked.problems);
  const next: SchemeDefinition = { ...definition, scheme: checked.value };
  const updated = await tx.scheme.update({
    where: { id: scheme.id },
    data: { definition: canonicalJson(next), version: { increment: 1 } },
    select: { version: true },
  });
  await recordAudit(tx, {
    actorId,
    action: 'scheme.rubric.update',
    entity: 'Scheme',
    entityId: scheme.id,
    before: { version: scheme.version, rubric: definition.scheme.rubric },
    after: { version: updated.version, rubric: checked.value.rubric },
  });
  const total = fullMarks(checked.value.rubric);
  return total === FULL_MARKS
    ? succeed({ version: updated.version })
    : succeed({
        version: updated.version,
        warnings: [`满分合计为${total}分，不是${FULL_MARKS}分；请核对各项分值与分档线是否一致`],
      });
}

/** Freezes a scheme (inside the caller's transaction), e.g. when the round moves to scoring. */
export async function freezeScheme(
  tx: Tx,
  schemeId: string,
  actorId: string | null,
  now: Date,
): Promise<void> {
  const before = await tx.scheme.findUniqueOrThrow({ where: { id: schemeId }, select: { frozenAt: true } });
  await tx.scheme.update({ where: { id: schemeId }, data: { frozenAt: now } });
  await recordAudit(tx, {
    actorId,
    action: 'scheme.freeze',
    entity: 'Scheme',
    entityId: schemeId,
    before,
    after: { frozenAt: now },
  });
}
