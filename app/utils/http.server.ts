// Request parsing and error responses shared by every loader, action and API route.
// Bad input never reaches a model: it is answered here with 400 and Chinese field messages.
import { z } from 'zod';

// Zod's own messages in Chinese for every schema parsed on the server.
z.config(z.locales.zhCN());

export type FieldErrors = Record<string, string>;
export type BadRequestBody = { error: string; fieldErrors: FieldErrors };

/** Key used in fieldErrors for problems that belong to the whole form rather than one field. */
export const FORM_ERROR_KEY = '_form';

export function badRequest(fieldErrors: FieldErrors, error = '输入有误'): Response {
  const body: BadRequestBody = { error, fieldErrors };
  return Response.json(body, { status: 400 });
}

export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

/** One Chinese message per field (the first issue wins), keyed by the dotted path, e.g. "rows.3.name". */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  // No prototype: a field named "__proto__" or "constructor" is an ordinary key here.
  const out: FieldErrors = Object.create(null) as FieldErrors;
  for (const issue of error.issues) {
    // A strict object names each field it does not know, so a typo ("quorom") points at itself.
    if (issue.code === 'unrecognized_keys') {
      for (const name of issue.keys) {
        const key = [...issue.path, name].map(String).join('.');
        if (!(key in out)) out[key] = `不支持的字段“${name}”`;
      }
      continue;
    }
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : FORM_ERROR_KEY;
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/**
 * FormData as a plain object: a name sent once becomes a string, a name sent several times
 * (checkbox groups, multi-selects) an array. Object.fromEntries defines own properties, so a field
 * called "__proto__" cannot reach the prototype.
 */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of formData.entries()) {
    if (typeof value !== 'string') continue;
    const list = grouped.get(name) ?? [];
    list.push(value);
    grouped.set(name, list);
  }
  return Object.fromEntries(
    [...grouped].map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
  );
}

/** Accepts one value or many from a form and always yields an array (checkbox groups). */
export function formArray<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response; fieldErrors: FieldErrors };

async function readForm(request: Request): Promise<unknown> {
  try {
    return formDataToObject(await request.formData());
  } catch {
    return undefined;
  }
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await request.json() };
  } catch {
    return { ok: false };
  }
}

function check<T extends z.ZodType>(schema: T, value: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors = fieldErrorsOf(result.error);
  return { ok: false, fieldErrors, response: badRequest(fieldErrors) };
}

/** Parses a form body; on failure returns the 400 response instead of throwing (for page actions). */
export async function safeParseForm<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<Parsed<z.output<T>>> {
  const value = await readForm(request);
  if (value === undefined) {
    const fieldErrors = { [FORM_ERROR_KEY]: '表单内容无法解析' };
    return { ok: false, fieldErrors, response: badRequest(fieldErrors) };
  }
  return check(schema, value);
}

/** Parses a JSON body; on failure returns the 400 response instead of throwing. */
export async function safeParseJson<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<Parsed<z.output<T>>> {
  const body = await readJson(request);
  if (!body.ok) {
    const fieldErrors = { [FORM_ERROR_KEY]: '请求体不是有效的 JSON' };
    return { ok: false, fieldErrors, response: badRequest(fieldErrors) };
  }
  return check(schema, body.value);
}

/** Parses a form body or throws the 400 response (API routes; page actions usually want safeParseForm). */
export async function parseForm<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const parsed = await safeParseForm(request, schema);
  if (!parsed.ok) throw parsed.response;
  return parsed.data;
}

/** Parses a JSON body or throws the 400 response. */
export async function parseJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const parsed = await safeParseJson(request, schema);
  if (!parsed.ok) throw parsed.response;
  return parsed.data;
}

/** Parses route params (e.g. $roundId) so a malformed id is a 404, not a crash. */
export function parseParams<T extends z.ZodType>(params: unknown, schema: T): z.output<T> {
  const result = schema.safeParse(params);
  if (!result.success) throw notFound();
  return result.data;
}

export function notFound(message = '页面不存在'): Response {
  return Response.json({ error: message }, { status: 404 });
}
