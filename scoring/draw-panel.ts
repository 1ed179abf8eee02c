import { chooseChair } from './choose-chair';
import { seededShuffle } from './seeded-shuffle';
import type { DrawOptions, DrawResult, PoolExpert, Problem } from './types';

// Panel sizes the policies and agencies use (5, 7 or 9 experts); anything else is allowed but
// flagged, because an odd, customary size is what reviewers of the process expect to see.
const USUAL_SIZES = [5, 7, 9];
const DEFAULT_BACKUPS = 2;

function describeFilter(options: DrawOptions): string {
  const parts = [
    options.field ? `领域：${options.field}` : null,
    options.region ? `地区：${options.region}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}

/**
 * Random draw of a panel (专家组) from the pool: filter by field and region, leave out unavailable
 * and excluded experts (conflicts, already sitting elsewhere), shuffle with the seeded PRNG, take
 * `size` members and then `backups` 候补. The pool is sorted by id first, so the same seed and the
 * same pool give the same panel whatever order the pool was read in.
 */
export function drawPanel(pool: readonly PoolExpert[], options: DrawOptions): DrawResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const backupsWanted = options.backups ?? DEFAULT_BACKUPS;

  if (!Number.isInteger(options.size) || options.size < 1) {
    problems.push({
      code: 'invalid_size',
      message: `专家组人数必须是正整数，当前为 ${options.size}`,
    });
  } else if (!USUAL_SIZES.includes(options.size)) {
    warnings.push({
      code: 'unusual_size',
      message: `专家组人数为${options.size}人，通常为5、7或9人`,
    });
  }
  if (!Number.isInteger(backupsWanted) || backupsWanted < 0) {
    problems.push({
      code: 'invalid_backups',
      message: `候补人数必须是非负整数，当前为 ${backupsWanted}`,
    });
  }
  if (options.seed.trim() === '') {
    problems.push({
      code: 'seed_missing',
      message: '抽取种子不能为空（种子用于复核抽取结果）',
    });
  }
  const seen = new Set<string>();
  for (const expert of pool) {
    if (seen.has(expert.id)) {
      problems.push({
        code: 'duplicate_expert',
        message: `专家库中专家编号 ${expert.id} 重复`,
        expertId: expert.id,
      });
    }
    seen.add(expert.id);
  }
  if (problems.length > 0) return { ok: false, problems };

  const exclusionReasons = new Map<string, string[]>();
  for (const { expertId, reason } of options.exclude ?? []) {
    exclusionReasons.set(expertId, [...(exclusionReasons.get(expertId) ?? []), reason]);
  }

  const sorted = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const eligible: PoolExpert[] = [];
  const excluded: { expertId: string; reason: string }[] = [];
  for (const expert of sorted) {
    if (options.field && !expert.fields.includes(options.field)) continue;
    if (options.region && expert.region !== options.region) continue;
    const reasons = [
      ...(expert.available === false ? ['本轮不可参加评审'] : []),
      ...(exclusionReasons.get(expert.id) ?? []),
    ];
    if (reasons.length > 0) excluded.push({ expertId: expert.id, reason: reasons.join('；') });
    else eligible.push(expert);
  }

  if (eligible.length < options.size) {
    const excludedNote = excluded.length > 0 ? `，另有${excluded.length}人因回避或不可参加被排除` : '';
    return {
      ok: false,
      problems: [
        {
          code: 'pool_too_small',
          message: `符合条件的专家${describeFilter(options)}仅${eligible.length}人，不足专家组人数${options.size}人${excludedNote}`,
        },
      ],
    };
  }

  const shuffled = seededShuffle(eligible, options.seed);
  const members = shuffled.slice(0, options.size);
  const backups = shuffled.slice(options.size, options.size + backupsWanted);
  if (backups.length < backupsWanted) {
    warnings.push({
      code: 'backups_short',
      message: `符合条件的专家只够抽取${backups.length}名候补，少于要求的${backupsWanted}名`,
    });
  }

  const chair = chooseChair(members, options.chair ?? { kind: 'first_drawn' });
  if (!chair.ok) return chair;

  return {
    ok: true,
    value: {
      seed: options.seed,
      candidates: shuffled.map((e) => e.id),
      members: members.map((e) => e.id),
      backups: backups.map((e) => e.id),
      chairId: chair.value,
      excluded,
      replacements: [],
      warnings,
    },
  };
}
