import type { ChairRule, PoolExpert, Result } from './types';

// Seniority of a Chinese professional title (职称): 正高级 3, 副高级 2, 中级 1, other 0. Titles are
// free text in expert rosters, so this reads the usual forms rather than a fixed list.
function titleRank(title: string | null | undefined): number {
  const t = (title ?? '').normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return 0;
  if (t.includes('正高') || t.includes('教授级')) return 3;
  if (t.includes('副高') || t.startsWith('副')) return 2;
  if (t.includes('助理研究员')) return 1;
  if (t.includes('助理') || t.includes('初级')) return 0;
  if (t.includes('教授') || t.includes('研究员')) return 3;
  if (t.includes('高级')) return 2;
  if (t.includes('中级') || t.endsWith('师')) return 1;
  return 0;
}

/**
 * The chair (组长) of a drawn panel. `members` are in draw order, which breaks ties.
 */
export function chooseChair(members: readonly PoolExpert[], rule: ChairRule): Result<string> {
  if (members.length === 0) {
    return {
      ok: false,
      problems: [{ code: 'panel_empty', message: '专家组没有成员，无法确定组长' }],
    };
  }
  if (rule.kind === 'chosen') {
    if (members.some((m) => m.id === rule.expertId)) return { ok: true, value: rule.expertId };
    return {
      ok: false,
      problems: [
        {
          code: 'chair_not_member',
          message: `指定的组长（${rule.expertId}）不是本组成员`,
          expertId: rule.expertId,
        },
      ],
    };
  }
  if (rule.kind === 'first_drawn') return { ok: true, value: members[0].id };
  let best = members[0];
  for (const m of members) if (titleRank(m.title) > titleRank(best.title)) best = m;
  return { ok: true, value: best.id };
}
