import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedAuditKey, EnvError, parseEnv } from '#app/utils/env.server';

const dirs: string[] = [];
function tempCwd(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pingshen-env-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SECRET = 'a-session-secret-that-is-long-enough-0123';

describe('parseEnv', () => {
  it('applies the embedded defaults', () => {
    const env = parseEnv({ SESSION_SECRET: SECRET }, tempCwd());
    expect(env).toEqual({
      NODE_ENV: 'development',
      DATABASE_URL: 'file:./data/pingshen.db',
      PORT: 3000,
      SESSION_SECRET: SECRET,
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      TRUST_PROXY: 'loopback',
    });
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ SESSION_SECRET: SECRET, PORT: '', DATABASE_URL: '' }, tempCwd()).PORT).toBe(3000);
  });

  it('generates a session secret once, stores it under data/ and reuses it', () => {
    const cwd = tempCwd();
    const first = parseEnv({}, cwd).SESSION_SECRET;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = join(cwd, 'data/session-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(parseEnv({}, cwd).SESSION_SECRET).toBe(first);
  });

  it('accepts PostgreSQL URLs', () => {
    const env = parseEnv(
      { DATABASE_URL: 'postgresql://u:p@db:5432/pingshen', SESSION_SECRET: SECRET },
      tempCwd(),
    );
    expect(env.DATABASE_URL).toBe('postgresql://u:p@db:5432/pingshen');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ SESSION_IDLE_MINUTES: 'abc' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_MAX_HOURS: '1e9' }, 'SESSION_MAX_HOURS'],
    [{ TRUST_PROXY: '§§' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1/99' }, 'TRUST_PROXY'],
  ])('rejects %o with a bilingual message naming %s', (vars, name) => {
    const attempt = () => parseEnv({ SESSION_SECRET: SECRET, ...vars }, tempCwd());
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(new RegExp(`环境变量配置有误[\\s\\S]*${name}:`));
  });

  it('gives a Chinese message for a bad session timing, not a raw zod dump', () => {
    expect(() => parseEnv({ SESSION_SECRET: SECRET, SESSION_IDLE_MINUTES: 'abc' }, tempCwd())).toThrow(
      'SESSION_IDLE_MINUTES: SESSION_IDLE_MINUTES 必须是 1–1440 之间的整数（分钟）',
    );
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['loopback', 'loopback'],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
    ['192.168.1.10', '192.168.1.10'],
    ['::1', '::1'],
  ])('reads TRUST_PROXY=%s as Express expects it', (value, expected) => {
    expect(parseEnv({ SESSION_SECRET: SECRET, TRUST_PROXY: value }, tempCwd()).TRUST_PROXY).toBe(expected);
  });

  it('lists every bad variable at once', () => {
    expect(() => parseEnv({ PORT: 'x', DATABASE_URL: 'ftp://x' }, tempCwd())).toThrow(
      /DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/,
    );
  });

  it('requires an explicit secret for production on PostgreSQL (several instances must share it)', () => {
    expect(() =>
      parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/pingshen' }, tempCwd()),
    ).toThrow(/SESSION_SECRET/);
  });

  it('requires AUDIT_KEY for production on PostgreSQL and refuses a short one', () => {
    expect(() =>
      parseEnv(
        { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/pingshen', SESSION_SECRET: SECRET },
        tempCwd(),
      ),
    ).toThrow(/AUDIT_KEY/);
    expect(() => parseEnv({ SESSION_SECRET: SECRET, AUDIT_KEY: 'short' }, tempCwd())).toThrow(/AUDIT_KEY/);
    const key = 'k'.repeat(40);
    expect(parseEnv({ SESSION_SECRET: SECRET, AUDIT_KEY: key }, tempCwd()).AUDIT_KEY).toBe(key);
  });

  it('generates the embedded audit key once into data/audit-key, readable by the owner only', () => {
    const cwd = tempCwd();
    const first = embeddedAuditKey(cwd);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = join(cwd, 'data/audit-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(embeddedAuditKey(cwd)).toBe(first);
  });
});
