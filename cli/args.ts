// Flag parsing for the sub-commands. Strict: an unknown flag, a missing value, a repeated flag or a
// stray word is an error with a Chinese message, never silently ignored.
import type { Result } from '#scoring/types';
import { failure } from './problems';

export type FlagSpec = Record<string, 'string' | 'boolean'>;
export type Flags<S extends FlagSpec> = { [K in keyof S]?: S[K] extends 'string' ? string : boolean };

export function parseFlags<S extends FlagSpec>(
  command: string,
  argv: readonly string[],
  spec: S,
): Result<Flags<S>> {
  const flags = Object.create(null) as Record<string, string | boolean>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      return failure('usage', `${command}：多余的参数“${arg}”（运行 pingshen ${command} --help 查看用法）`);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) {
      return failure('usage', `${command}：未知选项 --${name}（运行 pingshen ${command} --help 查看用法）`);
    }
    if (Object.hasOwn(flags, name)) return failure('usage', `${command}：选项 --${name} 重复`);
    if (kind === 'boolean') {
      if (eq !== -1) return failure('usage', `${command}：选项 --${name} 不带值`);
      flags[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      return failure('usage', `${command}：选项 --${name} 缺少值`);
    }
    flags[name] = value;
  }
  return { ok: true, value: flags as Flags<S> };
}

export function requireFlag(command: string, value: string | undefined, name: string): Result<string> {
  return value === undefined ? failure('usage', `${command}：缺少必需选项 --${name}`) : { ok: true, value };
}
