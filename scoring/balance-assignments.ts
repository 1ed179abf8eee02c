import { checkQuorum } from './check-quorum';
import type { BalancedAssignment, BalanceItem, BalancePanel, Problem, Recusal, Result } from './types';

export interface BalanceOptions {
  quorum: number;
  recusals?: readonly Recusal[];
  labels?: {
    items?: Record<string, string>;
    panels?: Record<string, string>;
    experts?: Record<string, string>;
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Automatic assignment (自动分配): each item goes to a panel of its field group (or, when the group
 * has no panel of its own, to a panel without a group), to the least-loaded panel that keeps its
 * quorum after recusals; ties go to the smaller panel id. Items are taken in id order, so the result
 * depends only on the data. All-or-nothing: any item that cannot be placed makes it fail, naming why.
 */
export function balanceAssignments(
  items: readonly BalanceItem[],
  panels: readonly BalancePanel[],
  options: BalanceOptions,
): Result<{
  assignments: BalancedAssignment[];
  loads: Record<string, number>;
}> {
  const sortedPanels = [...panels].sort(byId);
  const loads = new Map(sortedPanels.map((p) => [p.id, p.load]));
  const assignments: BalancedAssignment[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) {
      problems.push({
        code: 'duplicate_item',
        message: `评审对象 ${item.id} 重复出现`,
        itemId: item.id,
      });
    }
    seen.add(item.id);
  }
  if (problems.length > 0) return { ok: false, problems };

  for (const item of [...items].sort(byId)) {
    const group = item.group ?? '';
    const own = sortedPanels.filter((p) => (p.group ?? '') === group);
    const candidates = own.length > 0 ? own : sortedPanels.filter((p) => (p.group ?? '') === '');
    const itemName = options.labels?.items?.[item.id] ?? item.id;
    if (candidates.length === 0) {
      problems.push({
        code: 'no_panel_for_group',
        message: `评审对象「${itemName}」所属领域分组「${group || '未分组'}」没有专家组`,
        itemId: item.id,
      });
      continue;
    }

    let chosen: BalancePanel | null = null;
    const refusals: Problem[] = [];
    for (const panel of candidates) {
      const check = checkQuorum({
        panelId: panel.id,
        itemId: item.id,
        members: panel.members,
        recusals: options.recusals ?? [],
        quorum: panel.quorum ?? options.quorum,
        labels: {
          panel: options.labels?.panels?.[panel.id],
          item: itemName,
          experts: options.labels?.experts,
        },
      });
      if (!check.ok) {
        refusals.push(...check.problems);
        continue;
      }
      if (chosen === null || (loads.get(panel.id) ?? 0) < (loads.get(chosen.id) ?? 0)) chosen = panel;
    }
    if (chosen === null) {
      problems.push(...refusals);
      continue;
    }
    assignments.push({ itemId: item.id, panelId: chosen.id });
    loads.set(chosen.id, (loads.get(chosen.id) ?? 0) + 1);
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { assignments, loads: Object.fromEntries(loads) } };
}
