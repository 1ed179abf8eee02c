import type { QuorumCheck, Recusal, Result } from './types';

export interface QuorumInput {
  panelId: string;
  itemId: string;
  members: readonly string[]; // the panel's active experts
  recusals: readonly Recusal[]; // any recusals; only this item's and this panel's members count
  quorum: number;
  labels?: { panel?: string; item?: string; experts?: Record<string, string> };
}

/**
 * Who on a panel scores an item once conflicted experts step aside (回避), and whether that still
 * meets the quorum (法定人数, from the scheme's aggregation). Below quorum the assignment must be
 * refused, and the problem says who is recused and why.
 */
export function checkQuorum(input: QuorumInput): Result<QuorumCheck> {
  if (!Number.isInteger(input.quorum) || input.quorum < 1) {
    throw new TypeError(`quorum must be a positive integer, got ${input.quorum}`);
  }
  const reasonsByExpert = new Map<string, string[]>();
  for (const r of input.recusals) {
    if (r.itemId !== input.itemId || !input.members.includes(r.expertId)) continue;
    reasonsByExpert.set(r.expertId, [...(reasonsByExpert.get(r.expertId) ?? []), ...r.reasons]);
  }
  const recused = [...reasonsByExpert].map(([expertId, reasons]) => ({
    expertId,
    reasons,
  }));
  const scoring = input.members.filter((id) => !reasonsByExpert.has(id));

  if (scoring.length < input.quorum) {
    const name = (id: string) => input.labels?.experts?.[id] ?? id;
    const who = recused.map((r) => `${name(r.expertId)}：${r.reasons.join('；')}`).join('，');
    const panel = input.labels?.panel ?? input.panelId;
    const item = input.labels?.item ?? input.itemId;
    const recusedNote = recused.length > 0 ? `有${recused.length}人回避（${who}），` : '';
    return {
      ok: false,
      problems: [
        {
          code: 'below_quorum',
          message: `专家组「${panel}」评审「${item}」时${recusedNote}仅剩${scoring.length}人参与评分，低于法定人数${input.quorum}人，不能分配`,
          itemId: input.itemId,
        },
      ],
    };
  }
  return {
    ok: true,
    value: {
      panelId: input.panelId,
      itemId: input.itemId,
      quorum: input.quorum,
      scoring,
      recused,
    },
  };
}
