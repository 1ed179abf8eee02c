import { describe, expect, it } from 'vitest';
import { parseFlags } from '#cli/args';

const spec = { scheme: 'string', in: 'string', json: 'boolean' } as const;

function message(result: ReturnType<typeof parseFlags>): string {
  return result.ok ? '' : result.problems[0].message;
}

describe('parseFlags', () => {
  it('reads --name value, --name=value and boolean flags', () => {
    expect(parseFlags('grade', ['--scheme', 'a', '--in=b.xlsx', '--json'], spec)).toEqual({
      ok: true,
      value: { scheme: 'a', in: 'b.xlsx', json: true },
    });
  });

  it.each([
    [['--nope'], '未知选项 --nope'],
    [['--scheme'], '选项 --scheme 缺少值'],
    [['--scheme', '--in', 'x'], '选项 --scheme 缺少值'],
    [['--scheme', 'a', '--scheme', 'b'], '选项 --scheme 重复'],
    [['stray'], '多余的参数“stray”'],
    [['--json=yes'], '选项 --json 不带值'],
    [['--__proto__', 'x'], '未知选项 --__proto__'],
    [['--constructor', 'x'], '未知选项 --constructor'],
  ])('%j → “%s”', (argv, expected) => {
    expect(message(parseFlags('grade', argv, spec))).toContain(expected);
  });
});
