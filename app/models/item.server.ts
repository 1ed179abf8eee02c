// Items of a round with their eligibility pre-check (形式审查), and the agency's per-item decision
// (admit / exclude with a reason), audited.
import { z } from 'zod';
import { roundAllows } from '#scoring/round-states';
import type { EligibilityResult } from '#scoring/types';
import { recordAudit } from '#app/models/audit.server';

import { prisma } from '#app/utils/db.server';
import { FLAG_LABELS, type ItemFlag } from '#app/utils/round-labels';
import { containsLiteral, hasLikeWildcards } from '#app/utils/search';

export const itemFilterSchema = z.strictObject({
  overall: z.enum(['eligible', 'ineligible', 'incomplete']).optional(),
  decision: z.enum(['pending', 'admitted', 'excluded']).optional(),
  flag: z.enum(Object.keys(FLAG_LABELS) as [ItemFlag, ...ItemFlag[]]).optional(),
  rule: z.string().max(60).optional(), // with outcome: items whose rule has that outcome
  outcome: z.enum(['pass', 'fail', 'missing']).optional(),
  q: z.string().trim().max(100).optional(), // name or 统一社会信用代码 contains
});
export type ItemFilter = z.infer<typeof itemFilterSchema>;

const outcome = z.enum(['pass', 'fail', 'missing']);
const storedEligibility: z.ZodType<EligibilityResult> = z.object({
  overall: z.enum(['eligible', 'ineligible', 'incomplete']),
  rules: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      outcome,
      source: z.string().optional(),
      conditions: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          outcome,
          value: z.union([z.number(), z.boolean(), z.null()]),
          threshold: z.union([z.number(), z.boolean(), z.null()]),
          op: z.enum(['>=', '>', '<=', '<', '==', 'true']),
          unit: z.string().optional(),
        }),
      ),
    }),
  ),
});

function parseEligibility(json: string | null): EligibilityResult | null {
  if (json === null) return null;
  return storedEligibility.parse(JSON.parse(json));
}

function parseFlags(json: string): ItemFlag[] {
  return z
    .array(z.enum(Object.keys(FLAG_LABELS) as [ItemFlag, ...ItemFlag[]]))
    .catch([])
    .parse(JSON.parse(json));
}

/** The round's items with eligibility per rule, flags and decision, filtered. */
export async function listRoundItems(roundId: string, filter: ItemFilter = {}) {
  const rows = await prisma.item.findMany({
    where: {
      roundId,
      ...(filter.decision ? { eligibilityDecision: filter.decision } : {}),
      ...(filter.q
        ? {
            OR: [
              { name: { contains: filter.q } },
              { organisation: { uscc: { contains: filter.q.toUpperCase() } } },
              { organisation: { name: { contains: filter.q } } },
            ],
          }
        : {}),
    },
    orderBy: [{ group: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      kind: true,
      group: true,
      eligibility: true,
      eligibilityDecision: true,
      eligibilityReason: true,
      decidedAt: true,
      flags: true,
      updatedAt: true,
      organisation: { select: { name: true, uscc: true } },
    },
  });
  return rows
    .map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      group: row.group,
      unitName: row.organisation.name,
      uscc: row.organisation.uscc,
      eligibility: parseEligibility(row.eligibility),
      decision: row.eligibilityDecision,
      reason: row.eligibilityReason,
      decidedAt: row.decidedAt,
      flags: parseFlags(row.flags),
      updatedAt: row.updatedAt,
    }))
    .filter((item) => {
      // `contains` lets "%" and "_" match anything: keep literal hits only (app/utils/search).
      if (filter.q && hasLikeWildcards(filter.q)) {
        const q = filter.q;
        if (
          ![item.name, item.unitName].some((v) => containsLiteral(v, q)) &&
          !containsLiteral(item.uscc, q.toUpperCase())
        )
          return false;
      }
      if (filter.overall && item.eligibility?.overall !== filter.overall) return false;
      if (filter.flag && !item.flags.includes(filter.flag)) return false;
      if (filter.rule || filter.outcome) {
        const rules = item.eligibility?.rules ?? [];
        return rules.some(
          (r) => (!filter.rule || r.id === filter.rule) && (!filter.outcome || r.outcome === filter.outcome),
        );
      }
      return true;
    });
}

export type RoundItem = Awaited<ReturnType<typeof listRoundItems>>[number];

export const decisionSchema = z
  .strictObject({
    decision: z.enum(['pending', 'admitted', 'excluded'], { error: '请选择“准予进入评审”或“不予受理”' }),
    reason: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().trim().max(500, { error: '理由不超过500字' }).optional(),
    ),
  })
  .refine((d) => d.decision !== 'excluded' || (d.reason?.length ?? 0) >= 2, {
    message: '不予受理须填写理由',
    path: ['reason'],
  });
export type DecisionInput = z.infer<typeof decisionSchema>;

export type DecisionOutcome =
  | { ok: true; decision: DecisionInput['decision'] }
  | { ok: false; status: 404 | 409 | 400; field?: string; message: string };

/**
 * Records the agency's decision on one item. Admitting an item the engine did not find eligible, or
 * one flagged (recently removed, branch), needs a reason as well, so every override is explained.
 */
export async function decideEligibility(
  roundId: string,
  itemId: string,
  input: DecisionInput,
  actorId: string,
  now: Date,
): Promise<DecisionOutcome> {
  return prisma.$transaction(async (tx) => {
    const item = await tx.item.findFirst({
      where: { id: itemId, roundId },
      select: {
        eligibility: true,
        flags: true,
        eligibilityDecision: true,
        eligibilityReason: true,
        round: { select: { state: true } },
        assignments: { select: { panel: { select: { name: true } } }, take: 1 },
      },
    });
    if (!item) return { ok: false, status: 404, message: '评审对象不存在' };
    if (!roundAllows(item.round.state, 'decideEligibility')) {
      return { ok: false, status: 409, message: '专家评审已开始，形式审查结论不能再修改' };
    }
    // An assigned item stays admitted: experts were sent it. Unassign first, then change the decision.
    if (input.decision !== 'admitted' && item.assignments.length > 0) {
      return {
        ok: false,
        status: 409,
        message: `该评审对象已分配给「${item.assignments[0].panel.name}」，请先取消分配再修改形式审查结论`,
      };
    }
    const overall = parseEligibility(item.eligibility)?.overall;
    const flagged = parseFlags(item.flags).length > 0;
    if (
      input.decision === 'admitted' &&
      (overall !== 'eligible' || flagged) &&
      (input.reason?.length ?? 0) < 2
    ) {
      return {
        ok: false,
        status: 400,
        field: 'reason',
        message: '该对象未通过基本条件核查或有风险标记，准予进入评审须填写理由',
      };
    }
    await tx.item.update({
      where: { id: itemId },
      data: {
        eligibilityDecision: input.decision,
        eligibilityReason: input.reason ?? null,
        decidedById: input.decision === 'pending' ? null : actorId,
        decidedAt: input.decision === 'pending' ? null : now,
      },
    });
    await recordAudit(tx, {
      actorId,
      action: 'item.eligibility.decide',
      entity: 'Item',
      entityId: itemId,
      before: { decision: item.eligibilityDecision, reason: item.eligibilityReason },
      after: { decision: input.decision, reason: input.reason ?? null, overall: overall ?? null },
    });
    return { ok: true, decision: input.decision };
  });
}
