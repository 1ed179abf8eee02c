import { chooseChair } from './choose-chair';
import { panelSizeWarning } from './panel-size';
import { regionMatches } from './region-match';
import { seededShuffle } from './seeded-shuffle';
import type { DrawOptions, DrawResult, PoolExpert, Problem } from './types';

const DEFAULT_BACKUPS = 2;

/** Why the caller leaves an expert out: a conflict (回避, the default) or a seat on another panel. */
export type ExclusionKind = 'recusal' | 'other_panel';
export type DrawExclusion = { expertId: string; reason: string; kind?: ExclusionKind };
export type DrawPanelOptions = Omit<DrawOptions, 'exclude'> & { exclude?: readonly DrawExclusion[] };

// Why a pool expert was not eligible, in the order the reasons are listed; each expert is counted
// once, under the first of: another field, another region, inactive, another panel, a conflict.
const LEFT_OUT_LABELS = {
  recusal: '回避',
  other_panel: '已在其他专家组',
  unavailable: '停用或不可参加',
  field: '领域不符',
  region: '地区不符',
} as const;
type LeftOut = keyof typeof LEFT_OUT_LABELS;

function describeLeftOut(counts: Map<LeftOut, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const parts = (Object.keys(LEFT_OUT_LABELS) as LeftOut[])
    .filter((k) => (counts.get(k) ?? 0) > 0)
    .map((k) => `${LEFT_OUT_LABELS[k]}${counts.get(k)}人`);
  return `；另有${total}人未入选：${parts.join('，')}`;
}

function describeFilter(options: Pick<DrawOptions, 'field' | 'region'>): string {
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
export function drawPanel(pool: readonly PoolExpert[], options: DrawPanelOptions): DrawResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const backupsWanted = options.backups ?? DEFAULT_BACKUPS;

  if (!Number.isInteger(options.size) || options.size < 1) {
    problems.push({
      code: 'invalid_size',
      message: `专家组人数必须是正整数，当前为 ${options.size}`,
    });
  } else {
    const unusual = panelSizeWarning(options.size);
    if (unusual) warnings.push(unusual);
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
  const exclusionKinds = new Map<string, Set<ExclusionKind>>();
  for (const { expertId, reason, kind } of options.exclude ?? []) {
    exclusionReasons.set(expertId, [...(exclusionReasons.get(expertId) ?? []), reason]);
    exclusionKinds.set(expertId, (exclusionKinds.get(expertId) ?? new Set()).add(kind ?? 'recusal'));
  }
  const leftOut = new Map<LeftOut, number>();
  const count = (why: LeftOut) => leftOut.set(why, (leftOut.get(why) ?? 0) + 1);

  const sorted = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const eligible: PoolExpert[] = [];
  const excluded: { expertId: string; reason: string }[] = [];
  for (const expert of sorted) {
    if (options.field && !expert.fields.includes(options.field)) {
      count('field');
      continue;
    }
    if (options.region && !regionMatches(options.region, expert.region ?? '')) {
      count('region');
      continue;
    }
    const reasons = [
      ...(expert.available === false ? ['本轮不可参加评审'] : []),
      ...(exclusionReasons.get(expert.id) ?? []),
    ];
    if (reasons.length === 0) {
      eligible.push(expert);
      continue;
    }
    excluded.push({ expertId: expert.id, reason: reasons.join('；') });
    const kinds = exclusionKinds.get(expert.id);
    count(expert.available === false ? 'unavailable' : kinds?.has('other_panel') ? 'other_panel' : 'recusal');
  }

  if (eligible.length < options.size) {
    return {
      ok: false,
      problems: [
        {
          code: 'pool_too_small',
          message: `符合条件的专家${describeFilter(options)}仅${eligible.length}人，不足专家组人数${options.size}人${describeLeftOut(leftOut)}`,
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
