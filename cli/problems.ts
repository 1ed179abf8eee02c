// Problems (问题) as the CLI reports them: one line each on stderr, naming the sheet row, item, expert
// and criterion the engine or a reader attached, so an agency can find the cell to fix.
import type { Problem, Result } from '#scoring/types';

export function problem(
  code: string,
  message: string,
  where: Omit<Problem, 'code' | 'message'> = {},
): Problem {
  return { code, message, ...where };
}

export function failure<T>(
  code: string,
  message: string,
  where: Omit<Problem, 'code' | 'message'> = {},
): Result<T> {
  return { ok: false, problems: [problem(code, message, where)] };
}

export function formatProblem(p: Problem): string {
  const where: string[] = [];
  if (p.sheet !== undefined && p.row !== undefined) where.push(`工作表“${p.sheet}”第${p.row}行`);
  else if (p.row !== undefined) where.push(`第${p.row}行`);
  if (p.column !== undefined) where.push(`列“${p.column}”`);
  if (p.path !== undefined && !p.message.includes(p.path)) where.push(p.path);
  // The engine's messages usually name these already; repeat only what the message leaves out.
  if (p.itemId !== undefined && !p.message.includes(p.itemId)) where.push(`评审对象 ${p.itemId}`);
  if (p.expertId !== undefined && !p.message.includes(p.expertId)) where.push(`专家 ${p.expertId}`);
  if (p.criterionId !== undefined && !p.message.includes(p.criterionId)) where.push(`指标 ${p.criterionId}`);
  return where.length > 0 ? `错误：${where.join('，')}：${p.message}` : `错误：${p.message}`;
}
