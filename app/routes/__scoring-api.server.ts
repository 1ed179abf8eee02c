// Shared pieces of the scoring API routes (issue 9 §5): params, JSON bodies read leniently enough
// to give a Chinese 400 instead of a crash, and the 405 of write-only routes.
import { z } from 'zod';
import { parseParams } from '#app/utils/http.server';

const id = z.string().min(1).max(64);
// Built once: zod compiles an object schema on its first parse, so a schema made per request costs
// that compilation on every autosave and submit.
const sheetParamsSchema = z.object({ sheetId: id });
const panelItemParamsSchema = z.object({ panelId: id, itemId: id });
export const sheetParams = (params: unknown) => parseParams(params, sheetParamsSchema);
export const panelItemParams = (params: unknown) => parseParams(params, panelItemParamsSchema);
const sessionParamsSchema = z.object({ sessionId: id });
export const sessionParams = (params: unknown) => parseParams(params, sessionParamsSchema);

/** The request's JSON body, or a 400 Response (thrown) when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw Response.json({ error: '请求体不是有效的 JSON' }, { status: 400 });
  }
}

/** A JSON body parsed with a strict zod schema; a 400 naming the field otherwise (thrown). */
export async function readBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const parsed = schema.safeParse(await readJson(request));
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fieldErrors[key] ??= `不支持的字段“${key}”`;
      continue;
    }
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    fieldErrors[key] ??= issue.message;
  }
  const first = Object.values(fieldErrors)[0] ?? '输入有误';
  throw Response.json({ error: first, fieldErrors }, { status: 400 });
}

export const reasonBody = (label: string) =>
  z.strictObject({
    reason: z
      .string({ error: `请填写${label}` })
      .trim()
      .min(1, { error: `请填写${label}` })
      .max(500, { error: `${label}不超过500字` }),
  });
