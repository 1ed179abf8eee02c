// Reads and parses a JSON file, answering in Chinese when the file is missing or not JSON.
import { readFileSync } from 'node:fs';
import type { Result } from '#scoring/types';
import { failure } from './problems';

export function readJsonFile(path: string): Result<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return failure('file_unreadable', `无法读取文件 ${path}：文件不存在或无权限`);
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : String(error);
    return failure('json_invalid', `文件 ${path} 不是有效的 JSON：${detail}`);
  }
}
