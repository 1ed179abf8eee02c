// Reads and parses a JSON file, answering in Chinese when the file is missing or not JSON.
//
// Numbers are read from the source text as exact decimals (docs/decisions/002): JSON.parse would
// round 59.99999999999999999 to the double 60 and a rule "60%以上" would pass it. Every number
// token is checked against its double; one that a double cannot hold exactly (more than 15
// significant digits, or beyond the double range) is refused with its place in the file. Node 20's
// JSON.parse has no reviver `context.source`, so the tokens are found by a scan of the text: a quick
// test first (no run of 16 digits anywhere, the usual case, means no such token), then a walk that
// tracks the path of each value.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { type Decimal, isRepresentable } from '#scoring/decimal';
import type { Problem, Result } from '#scoring/types';
import { failure } from './problems';

const NUMBER_TOKEN = /-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;
// A number with more than 15 significant digits has at least 16 digits in a row (a point aside).
const LONG_DIGITS = /(?:\d\.?){16}/;

function tokenDecimal(token: RegExpExecArray): Decimal | null {
  const [, intPart, fracPart = '', expPart = '0'] = token;
  const exp = Number(expPart);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return null;
  let units = BigInt(intPart + fracPart);
  let scale = fracPart.length - exp;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units: token[0].startsWith('-') ? -units : units, scale };
}

function exact(token: RegExpExecArray): boolean {
  if (!Number.isFinite(Number(token[0]))) return false;
  const d = tokenDecimal(token);
  return d !== null && isRepresentable(d);
}

function pathLabel(path: readonly (string | number)[]): string {
  let label = '';
  for (const key of path) label += typeof key === 'number' ? `[${key}]` : label === '' ? key : `.${key}`;
  return label;
}

/** Number tokens of valid JSON text that no double holds exactly, with their paths. */
export function inexactNumbers(text: string): { path: string; token: string }[] {
  if (!LONG_DIGITS.test(text)) return [];
  const found: { path: string; token: string }[] = [];
  const path: (string | number)[] = [];
  const containers: ('object' | 'array')[] = [];
  let expectKey = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey && containers.at(-1) === 'object') {
        path[path.length - 1] = JSON.parse(text.slice(i, j + 1)) as string;
        expectKey = false;
      }
      i = j + 1;
    } else if (ch === '{' || ch === '[') {
      containers.push(ch === '{' ? 'object' : 'array');
      path.push(ch === '{' ? '' : 0);
      expectKey = ch === '{';
      i += 1;
    } else if (ch === '}' || ch === ']') {
      containers.pop();
      path.pop();
      i += 1;
    } else if (ch === ',') {
      if (containers.at(-1) === 'array') path[path.length - 1] = (path.at(-1) as number) + 1;
      else expectKey = true;
      i += 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER_TOKEN.lastIndex = i;
      const token = NUMBER_TOKEN.exec(text)!;
      if (!exact(token)) found.push({ path: pathLabel(path), token: token[0] });
      i += token[0].length;
    } else i += 1;
  }
  return found;
}

/** JSON text parsed, its numbers held to exact decimals; problems name the path of each bad number. */
export function parseJsonText(text: string, file: string): Result<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : String(error);
    return failure('json_invalid', `文件 ${file} 不是有效的 JSON：${detail}`);
  }
  const inexact = inexactNumbers(text);
  if (inexact.length === 0) return { ok: true, value };
  const problems: Problem[] = inexact.map(({ path, token }) => ({
    code: 'number_precision',
    message: `文件 ${file}：${path === '' ? '' : `${path}：`}数值 ${token} 有效数字超过15位，无法精确读取（不会四舍五入）；请核对后重新填写`,
    ...(path === '' ? {} : { path }),
  }));
  return { ok: false, problems };
}

/**
 * UTF-8 text of a file's bytes. An ASCII-only file (the usual case file) is the same text read as
 * latin1, which Node copies byte for byte: readFileSync(path, 'utf8') spent ~100 ms on a 5 MB case.
 */
export function decodeUtf8(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export function readJsonFile(path: string): Result<unknown> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return failure('file_unreadable', `无法读取文件 ${path}：文件不存在或无权限`);
  }
  return parseJsonText(decodeUtf8(bytes).replace(/^\uFEFF/, ''), path);
}
