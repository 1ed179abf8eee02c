import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceAssignments } from '#scoring/balance-assignments';
import type { BalanceItem, BalancePanel } from '#scoring/types';

const panel = (id: string, group: string, load = 0, size = 5): BalancePanel => ({
  id,
  group,
  load,
  members: Array.from({ length: size }, (_, i) => `${id}-e${i}`),
});
const items = (n: number, group: string): BalanceItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${group}-${String(i).padStart(3, '0')}`,
    group,
  }));

function expectOk(result: ReturnType<typeof balanceAssignments>) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe('balanceAssignments', () => {
  it('spreads items over the panels of their own group', () => {
    const result = expectOk(
      balanceAssignments(
        [...items(5, 'A'), ...items(2, 'B')],
        [panel('pa1', 'A'), panel('pa2', 'A'), panel('pb', 'B')],
        { quorum: 3 },
      ),
    );
    expect(result.loads).toEqual({ pa1: 3, pa2: 2, pb: 2 });
    expect(result.assignments.filter((a) => a.itemId.startsWith('B')).every((a) => a.panelId === 'pb')).toBe(
      true,
    );
  });

  it('fills the lighter panel first when loads start uneven', () => {
    const result = expectOk(
      balanceAssignments(items(4, 'A'), [panel('p1', 'A', 5), panel('p2', 'A', 1)], { quorum: 3 }),
    );
    expect(result.loads).toEqual({ p1: 5, p2: 5 });
  });

  it('falls back to an ungrouped panel, and refuses a group with no panel at all', () => {
    const fallback = expectOk(
      balanceAssignments(items(2, 'C'), [panel('pa', 'A'), panel('general', '')], { quorum: 3 }),
    );
    expect(fallback.assignments.map((a) => a.panelId)).toEqual(['general', 'general']);
    const refused = balanceAssignments([{ id: 'x', group: 'C' }], [panel('pa', 'A')], {
      quorum: 3,
      labels: { items: { x: '某平台' } },
    });
    expect(refused).toEqual({
      ok: false,
      problems: [
        {
          code: 'no_panel_for_group',
          itemId: 'x',
          message: '评审对象「某平台」所属领域分组「C」没有专家组',
        },
      ],
    });
  });

  it('skips a panel whose recusals would leave it below quorum', () => {
    const recusals = ['p1-e0', 'p1-e1', 'p1-e2'].map((expertId) => ({
      itemId: 'A-000',
      expertId,
      reasons: ['回避'],
    }));
    const result = expectOk(
      balanceAssignments(items(1, 'A'), [panel('p1', 'A', 0), panel('p2', 'A', 3)], { quorum: 3, recusals }),
    );
    expect(result.assignments).toEqual([{ itemId: 'A-000', panelId: 'p2' }]);
  });

  it('refuses all-or-nothing when no panel keeps quorum, with every panel’s reason', () => {
    const recusals = ['p1-e0', 'p1-e1'].map((expertId) => ({
      itemId: 'A-001',
      expertId,
      reasons: ['近亲属任职于申报单位'],
    }));
    const result = balanceAssignments(items(2, 'A'), [panel('p1', 'A', 0, 4)], {
      quorum: 3,
      recusals,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({
        code: 'below_quorum',
        itemId: 'A-001',
      });
      expect(result.problems[0].message).toContain('仅剩2人参与评分，低于法定人数3人');
    }
  });

  it('refuses duplicate items', () => {
    expect(
      balanceAssignments([{ id: 'a' }, { id: 'a' }], [panel('p', '')], {
        quorum: 3,
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ code: 'duplicate_item' }],
    });
  });

  const scenario = fc.record({
    itemCount: fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }),
    panelCount: fc.array(fc.integer({ min: 1, max: 4 }), {
      minLength: 3,
      maxLength: 3,
    }),
  });

  it('property: with equal starting loads, every group ends balanced within 1 and every item placed once', () => {
    fc.assert(
      fc.property(scenario, ({ itemCount, panelCount }) => {
        const groups = itemCount.map((_, g) => `G${g}`);
        const allItems = groups.flatMap((g, i) => items(itemCount[i], g));
        const panels = groups.flatMap((g, i) =>
          Array.from({ length: panelCount[i] }, (_, k) => panel(`${g}-p${k}`, g)),
        );
        const result = expectOk(balanceAssignments(allItems, panels, { quorum: 3 }));
        expect(result.assignments.map((a) => a.itemId).sort()).toEqual(allItems.map((i) => i.id).sort());
        for (const g of groups) {
          const loads = panels.filter((p) => p.group === g).map((p) => result.loads[p.id]);
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
        }
        for (const a of result.assignments) expect(a.panelId.split('-')[0]).toBe(a.itemId.split('-')[0]);
      }),
    );
  });

  it('property: the result does not depend on input order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(items(12, 'A')), fc.nat(5), (subset, extraLoad) => {
        const panels = [panel('p1', 'A', extraLoad), panel('p2', 'A'), panel('p3', 'A')];
        const forward = balanceAssignments(subset, panels, { quorum: 3 });
        const backward = balanceAssignments([...subset].reverse(), [...panels].reverse(), { quorum: 3 });
        expect(backward).toEqual(forward);
      }),
    );
  });
});
