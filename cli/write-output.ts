// Output files are written to a temporary name beside the target and renamed into place, so a
// failed run never leaves a half-written or stale-looking result behind.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Result } from '#scoring/types';
import { failure } from './problems';

export function writeFileAtomic(path: string, content: string | Uint8Array): Result<string> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
    return { ok: true, value: path };
  } catch (error) {
    rmSync(temp, { force: true });
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return failure(
      'file_unwritable',
      `无法写入输出文件 ${path}（${reason}）：请检查目录是否存在、是否有写权限`,
    );
  }
}
