// Reads an uploaded expert workbook from a request: multipart form data (field "file") from the page
// or an API client, or the raw xlsx body with ?fileName=. The size is checked before the body is read.
import { EXPERT_IMPORT_LIMITS } from '#app/utils/xlsx-experts';

export type Upload =
  | { ok: true; file: Uint8Array; fileName: string; fields: Map<string, string> }
  | { ok: false; message: string; status: number };

// Multipart framing adds a little to the file itself.
const MAX_BODY = EXPERT_IMPORT_LIMITS.bytes + 64 * 1024;

export async function readUpload(request: Request): Promise<Upload> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY) return { ok: false, status: 413, message: '文件超过上限5MB，请分批导入' };
  const url = new URL(request.url);
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return { ok: false, status: 400, message: '上传内容无法解析' };
    }
    const file = form.get('file');
    if (!file || typeof file === 'string')
      return { ok: false, status: 400, message: '请选择要导入的 xlsx 文件' };
    const fields = new Map<string, string>();
    for (const [key, value] of form.entries()) if (typeof value === 'string') fields.set(key, value);
    return { ok: true, file: new Uint8Array(await file.arrayBuffer()), fileName: file.name, fields };
  }
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > EXPERT_IMPORT_LIMITS.bytes)
    return { ok: false, status: 413, message: '文件超过上限5MB，请分批导入' };
  return { ok: true, file: body, fileName: url.searchParams.get('fileName') ?? '', fields: new Map() };
}
