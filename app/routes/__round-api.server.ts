// Helpers of the rounds / import / items routes: reading an uploaded workbook with a hard size cap
// (streamed, so a chunked body without Content-Length cannot exceed it either; an oversized body is
// drained up to 64 MB so the client reads the 413) and xlsx downloads.
import { MAX_FILE_BYTES } from '#app/utils/xlsx/read-workbook';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TOO_LARGE = '文件超过10MB上限，请拆分为多个文件分批导入';
// Multipart framing and the form's other fields add a little to the file itself.
const MAX_BODY = MAX_FILE_BYTES + 64 * 1024;
// An oversized body is read and thrown away up to this much, so the client receives the 413 instead
// of a connection reset while it is still sending; beyond it the connection is cut.
const MAX_DRAIN = 64 * 1024 * 1024;

export type WorkbookUpload =
  | { ok: true; bytes: Buffer; fileName: string; fields: Map<string, string> }
  | { ok: false; status: number; message: string };

async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number): Promise<Buffer | null> {
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
  }
  return size > cap ? null : Buffer.concat(chunks);
}

async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  await readCapped(body, -1);
}

/** Multipart (field "file", as the page sends it) or the raw xlsx body with ?fileName=. */
export async function readWorkbookUpload(request: Request): Promise<WorkbookUpload> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_DRAIN) return { ok: false, status: 413, message: TOO_LARGE };
  if (declared > MAX_BODY) {
    await drain(request.body);
    return { ok: false, status: 413, message: TOO_LARGE };
  }
  const type = request.headers.get('content-type') ?? '';
  const raw = await readCapped(
    request.body,
    type.startsWith('multipart/form-data') ? MAX_BODY : MAX_FILE_BYTES,
  );
  if (raw === null) return { ok: false, status: 413, message: TOO_LARGE };
  if (!type.startsWith('multipart/form-data')) {
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
  if (file.size > MAX_FILE_BYTES) return { ok: false, status: 413, message: TOO_LARGE };
  const fields = new Map<string, string>();
  for (const [key, value] of form.entries()) if (typeof value === 'string') fields.set(key, value);
  return {
    ok: true,
    bytes: Buffer.from(await file.arrayBuffer()),
    fileName: file.name || 'upload.xlsx',
    fields,
  };
}

export function xlsxResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    },
  });
}
