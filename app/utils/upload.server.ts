// The one way routes read an uploaded workbook (round import page and API, expert import page and
// API): multipart form data (field "file", as the pages send it) or the raw xlsx body with
// ?fileName=. The body is counted while it streams: past 10 MB (plus a little multipart framing)
// nothing more is kept and the answer is 413, whatever Content-Length said or did not say, so a
// chunked body of any size costs no memory. The bytes then go to the sandboxed reader
// (app/utils/xlsx/sandbox.ts), which applies the same limits to every reader.
import { WORKBOOK_LIMITS } from '#app/utils/xlsx/plain';

export const MAX_UPLOAD_BYTES = WORKBOOK_LIMITS.fileBytes;
export const UPLOAD_TOO_LARGE = '文件超过10MB上限，请拆分为多个文件分批导入';
// Multipart framing and the form's other fields add a little to the file itself.
const MAX_BODY = MAX_UPLOAD_BYTES + 64 * 1024;
// An oversized body is read and thrown away (never kept) up to this much, so the client receives the
// 413 instead of a connection reset while it is still sending; beyond it the stream is cancelled.
const MAX_DRAIN = 64 * 1024 * 1024;

export type WorkbookUpload =
  | { ok: true; bytes: Buffer; fileName: string; fields: Map<string, string> }
  | { ok: false; status: 400 | 413; message: string };

/** The body, or null as soon as it passes `cap` bytes (the rest is drained, not kept). */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  cap: number,
): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DRAIN) {
      await reader.cancel();
      return null;
    }
    if (size <= cap) chunks.push(value);
    else if (chunks.length > 0) chunks.length = 0; // over the cap: drop what was kept at once
  }
  return size > cap ? null : Buffer.concat(chunks);
}

/** Multipart (field "file") or the raw xlsx body with ?fileName=; 413 past 10 MB, 400 when unreadable. */
export async function readWorkbookUpload(request: Request): Promise<WorkbookUpload> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const type = request.headers.get('content-type') ?? '';
  const multipart = type.startsWith('multipart/form-data');
  if (declared > MAX_DRAIN) return { ok: false, status: 413, message: UPLOAD_TOO_LARGE };
  if (declared > MAX_BODY) {
    await readCapped(request.body, -1);
    return { ok: false, status: 413, message: UPLOAD_TOO_LARGE };
  }
  const raw = await readCapped(request.body, multipart ? MAX_BODY : MAX_UPLOAD_BYTES);
  if (raw === null) return { ok: false, status: 413, message: UPLOAD_TOO_LARGE };
  if (!multipart) {
    const fileName = new URL(request.url).searchParams.get('fileName') ?? 'upload.xlsx';
    return { ok: true, bytes: raw, fileName, fields: new Map() };
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  } catch {
    return { ok: false, status: 400, message: '上传内容无法解析，请重新选择文件' };
  }
  const file = form.get('file');
  if (!file || typeof file === 'string')
    return { ok: false, status: 400, message: '请选择要导入的 xlsx 文件' };
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, status: 413, message: UPLOAD_TOO_LARGE };
  const fields = new Map<string, string>();
  for (const [key, value] of form.entries()) if (typeof value === 'string') fields.set(key, value);
  return {
    ok: true,
    bytes: Buffer.from(await file.arrayBuffer()),
    fileName: file.name || 'upload.xlsx',
    fields,
  };
}
