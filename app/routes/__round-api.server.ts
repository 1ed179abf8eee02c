// Helpers of the rounds / import / items routes: xlsx downloads. Uploads are read by
// app/utils/upload.server.ts (one upload stack for the round and the expert import).
export { readWorkbookUpload, type WorkbookUpload } from '#app/utils/upload.server';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function xlsxResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    },
  });
}
