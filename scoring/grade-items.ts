// gradeItems: the whole pipeline for one scheme and one batch of sheets:
// validate → sheet totals → aggregate → flags → grade (thresholds, or quota bands per group) → rank.
import { aggregate } from './aggregate';
import { gradeByThresholds } from './grade-by-thresholds';
import { quotaBands } from './quota-bands';
import { rankInGroup } from './rank-in-group';
import type { GradeInput, GradeOutput, GroupItem, ItemResult, Result, Scheme, SheetInput } from './types';
import { validateScheme } from './validate-scheme';
import { validateSheets } from './validate-sheets';

const totalOf = ([, total]: [string, number]) => total;

export function gradeItems(rawScheme: Scheme, input: GradeInput): Result<GradeOutput> {
  const checked = validateScheme(rawScheme);
  if (!checked.ok) return checked;
  const scheme = checked.value;
  // validateSheets hands over the totals of valid sheets only; recused ones (回避) never count.
  const totals = new Map<string, [expertId: string, total: number][]>();
  const collect = (sheet: SheetInput, total: number) => {
    let list = totals.get(sheet.itemId);
    if (!list) totals.set(sheet.itemId, (list = []));
    list.push([sheet.expertId, total]);
  };
  const problems = validateSheets(scheme.rubric, input, collect);
  if (problems.length > 0) return { ok: false, problems };

  const results: ItemResult[] = [];
  const groups = new Map<string, GroupItem[]>();
  for (const item of input.items) {
    const sheets = totals.get(item.id) ?? [];
    const vetoed = item.vetoed === true;
    const { score, status, flags } = aggregate(sheets.map(totalOf), scheme.aggregation);
    if (vetoed) flags.push('vetoed');
    const group = item.group ?? '';
    results.push({
      itemId: item.id,
      group,
      score,
      grade: null,
      rank: null,
      status,
      experts: sheets.length,
      flags,
      totals: Object.fromEntries(sheets),
    });
    let members = groups.get(group);
    if (!members) groups.set(group, (members = []));
    members.push({ id: item.id, score, vetoed });
  }

  const grades = new Map<string, string | null>();
  const ranks = new Map<string, number | null>();
  const grading = scheme.grading;
  for (const members of groups.values()) {
    if (grading.kind === 'quota') {
      for (const [id, grade] of quotaBands(members, grading).grades) grades.set(id, grade);
    } else {
      for (const m of members) grades.set(m.id, gradeByThresholds(m.score, m.vetoed === true, grading));
    }
    for (const [id, rank] of rankInGroup(members)) ranks.set(id, rank);
  }
  for (const result of results) {
    result.grade = grades.get(result.itemId) ?? null;
    result.rank = ranks.get(result.itemId) ?? null;
  }
  return { ok: true, value: { scheme: scheme.id, results } };
}
