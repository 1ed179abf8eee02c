// The dispatcher in-process (the child-process runs are in tests/integration/cli).
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: process.cwd() });
  return { code, out, err };
}

describe('main', () => {
  it('prints the main help for --help, -h and help', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('命令 Commands');
    }
  });

  it('prints a command’s help for `help <command>` and `<command> --help`', async () => {
    expect((await run(['help', 'workdays'])).out).toContain('--from');
    expect((await run(['eligibility', '-h'])).out).toContain('--json');
  });

  it('does not treat inherited property names as commands', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const r = await run([name]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`未知命令“${name}”`);
    }
  });

  it('runs a command and returns its exit code', async () => {
    expect(await run(['workdays', '--from', '2026-09-28', '--days', '5'])).toEqual({
      code: 0,
      out: '2026-10-09\n',
      err: '',
    });
  });
});
