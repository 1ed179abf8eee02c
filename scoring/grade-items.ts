// gradeItems: the whole pipeline for one scheme and one batch of sheets:
// validate → sheet totals → aggregate → flags → grade (thresholds, or quota bands per group) → rank.
import { aggregate } from './aggregate';
import { gradeByThresholds } from './grade-by-thresholds';
import { quotaBands } from './quota-bands';
import { rankInGroup } from './rank-in-group';
import type { GradeInput, GradeOutput, GroupItem, ItemResult, Result, Scheme, SheetInput } from './types';
import { validateScheme } from './validate-scheme';
import { validateSheets } from './validate-sheets';

interface ItemSheets {
  experts: string[];
  totals: number[];
}

const NO_SHEETS: ItemSheets = { experts: [], totals: [] };

// expertId → total; a plain loop (Object.fromEntries is slow on 2,000 items), and an own property
// even for an expert id such as "__proto__".
function totalsRecord({ experts, totals }: ItemSheets): Record<string, number> {
  const record: Record<string, number> = {};
  for (let i = 0; i < experts.length; i++) {
    if (experts[i] === '__proto__') {
      Object.defineProperty(record, experts[i], {
        value: totals[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      record[experts[i]] = totals[i];
    }
  }
  return record;
}

export function gradeItems(rawScheme: Scheme, input: GradeInput): Result<GradeOutput> {
  const checked = validateScheme(rawScheme);
  if (!checked.ok) return checked;
  const scheme = checked.value;
  // validateSheets hands over the totals of valid sheets only; recused ones (回避) never count.
  const byItem = new Map<string, ItemSheets>();
  const collect = (sheet: SheetInput, total: number) => {
    let entry = byItem.get(sheet.itemId);
    if (!entry) byItem.set(sheet.itemId, (entry = { experts: [], totals: [] }));
    entry.experts.push(sheet.expertId);
    entry.totals.push(total);
  };
  const problems = validateSheets(scheme.rubric, input, collect);
  if (problems.length > 0) return { ok: false, problems };

  const results: ItemResult[] = [];
  const groups = new Map<string, GroupItem[]>();
  for (const item of input.items) {
    const sheets = byItem.get(item.id) ?? NO_SHEETS;
    const vetoed = item.vetoed === true;
    const { score, status, flags } = aggregate(sheets.totals, scheme.aggregation);
    if (vetoed) flags.push('vetoed');
    const group = item.group ?? '';
    results.push({
      itemId: item.id,
      group,
      score,
      grade: null,
      rank: null,
      status,
      experts: sheets.totals.length,
      flags,
      totals: totalsRecord(sheets),
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
