// validateSheets: everything wrong with a batch of score sheets (评分表), each problem naming the
// item, expert and criterion, before anything is totalled or graded.
import { sheetTotal } from './sheet-total';
import type { GradeInput, Problem, Rubric } from './types';

export function validateSheets(rubric: Rubric, input: GradeInput): Problem[] {
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
  input.sheets.forEach((sheet, i) => {
    const path = `sheets[${i}]`;
    if (!items.has(sheet.itemId)) {
      problems.push({
        code: 'item_unknown',
        message: `评审对象 ${sheet.itemId}、专家 ${sheet.expertId}：评审对象 ${sheet.itemId} 不在评审对象名单中`,
        itemId: sheet.itemId,
        expertId: sheet.expertId,
        path,
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
        path,
      });
    } else {
      byExpert.set(sheet.expertId, i);
    }
    // A recused expert (回避) scores nothing, so their sheet may be empty or partial.
    if (sheet.recused) return;
    const total = sheetTotal(rubric, sheet);
    if (!total.ok) for (const p of total.problems) problems.push({ ...p, path });
  });
  return problems;
}
