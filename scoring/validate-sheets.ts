// validateSheets: everything wrong with a batch of score sheets (评分表), each problem naming the
// item, expert and criterion, before anything is totalled or graded.
import { sheetTotal } from './sheet-total';
import type { GradeInput, Problem, Rubric, SheetInput } from './types';

/**
 * `onTotal`, when given, receives each valid non-recused sheet's total as it is computed, so the
 * grading pipeline totals every sheet once.
 */
export function validateSheets(
  rubric: Rubric,
  input: GradeInput,
  onTotal?: (sheet: SheetInput, total: number) => void,
): Problem[] {
  const problems: Problem[] = [];
  const items = new Set<string>();
  input.items.forEach((item, i) => {
    if (items.has(item.id)) {
      problems.push({
        code: 'item_duplicate',
        message: `评审对象 ${item.id} 重复出现`,
        itemId: item.id,
        path: `items[${i}].id`,
      });
    }
    items.add(item.id);
  });

  // expert × item → index of the first sheet, to name both rows of a duplicate.
  const seen = new Map<string, Map<string, number>>();
  for (let i = 0; i < input.sheets.length; i++) {
    const sheet = input.sheets[i];
    if (!items.has(sheet.itemId)) {
      problems.push({
        code: 'item_unknown',
        message: `评审对象 ${sheet.itemId}、专家 ${sheet.expertId}：评审对象 ${sheet.itemId} 不在评审对象名单中`,
        itemId: sheet.itemId,
        expertId: sheet.expertId,
        path: `sheets[${i}]`,
      });
    }
    let byExpert = seen.get(sheet.itemId);
    if (!byExpert) seen.set(sheet.itemId, (byExpert = new Map()));
    const first = byExpert.get(sheet.expertId);
    if (first !== undefined) {
      problems.push({
        code: 'sheet_duplicate',
        message: `评审对象 ${sheet.itemId}、专家 ${sheet.expertId}：同一专家对同一评审对象有多份评分表（第 ${first + 1} 份与第 ${i + 1} 份）`,
        itemId: sheet.itemId,
        expertId: sheet.expertId,
        path: `sheets[${i}]`,
      });
    } else {
      byExpert.set(sheet.expertId, i);
    }
    // A recused expert (回避) scores nothing, so their sheet may be empty or partial.
    if (sheet.recused) continue;
    const total = sheetTotal(rubric, sheet);
    if (!total.ok) for (const p of total.problems) problems.push({ ...p, path: `sheets[${i}]` });
    else if (onTotal) onTotal(sheet, total.value);
  }
  return problems;
}
