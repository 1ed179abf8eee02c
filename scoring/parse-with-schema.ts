// Runs a zod schema with Chinese (zh-CN) messages and turns its issues into engine Problems, so
// every boundary (scheme files, case files, forms) reports shape errors the same way.
import { z } from 'zod';
import type { Problem, Result } from './types';

const zhCN = z.locales.zhCN();

function pathLabel(path: readonly PropertyKey[]): string {
  let label = '';
  for (const key of path) {
    if (typeof key === 'number') label += `[${key}]`;
    else label += label === '' ? String(key) : `.${String(key)}`;
  }
  return label;
}

export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  code = 'invalid_shape',
): Result<z.output<S>> {
  const parsed = schema.safeParse(raw, { error: zhCN.localeError });
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: Problem[] = parsed.error.issues.map((issue) => {
    const where = pathLabel(issue.path);
    return {
      code,
      message: where === '' ? issue.message : `${where}：${issue.message}`,
      path: where || undefined,
    };
  });
  return { ok: false, problems };
}
