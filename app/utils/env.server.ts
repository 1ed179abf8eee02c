// Environment, validated once at start. A bad value stops the process with a message in Chinese and
// English naming the variable, instead of failing later somewhere deep in a request.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './db-adapter.server';

const SESSION_SECRET_FILE = 'data/session-secret';
const AUDIT_KEY_FILE = 'data/audit-key';

/** A whole number in [min, max] from an environment string, with one bilingual message. */
function intVar(name: string, min: number, max: number, unit: string, fallback: number) {
  const message = `${name} 必须是 ${min}–${max} 之间的整数（${unit}） (must be an integer ${min}–${max})`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: message })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: message }).max(max, { error: message }))
    .default(fallback);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of a trust proxy list: a preset name, an address, or address/prefix (or /netmask). */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return isIP(range) === family;
}

/**
 * Express's `trust proxy` from TRUST_PROXY: "true"/"false" → boolean, a number → hop count,
 * otherwise a comma-separated list of names and addresses (kept as text; Express splits it).
 */
const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    if (value.split(',').every((entry) => isProxyEntry(entry.trim()))) return value;
    ctx.addIssue({
      code: 'custom',
      message:
        'TRUST_PROXY 应为 true、false、代理层数，或以逗号分隔的 loopback / linklocal / uniquelocal / IP 地址 / 网段 (must be true, false, a hop count, or a comma-separated list of loopback, linklocal, uniquelocal, addresses and subnets)',
    });
    return z.NEVER;
  })
  .default('loopback');

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'NODE_ENV 只能是 development、production 或 test (must be development, production or test)',
    })
    .default('development'),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .default(DEFAULT_DATABASE_URL)
    .refine((u) => u.startsWith('file:') || u.startsWith('postgresql://') || u.startsWith('postgres://'), {
      error: 'DATABASE_URL 必须以 file: 或 postgresql:// 开头 (must start with file: or postgresql://)',
    }),
  SESSION_SECRET: z
    .string()
    .min(32, { error: 'SESSION_SECRET 至少 32 个字符 (must be at least 32 characters)' })
    .optional(),
  AUDIT_KEY: z
    .string()
    .min(32, { error: 'AUDIT_KEY 至少 32 个字符 (must be at least 32 characters)' })
    .optional(),
  PORT: z.coerce
    .number({ error: 'PORT 必须是 1–65535 之间的整数 (must be an integer 1–65535)' })
    .int({ error: 'PORT 必须是 1–65535 之间的整数 (must be an integer 1–65535)' })
    .min(1, { error: 'PORT 必须是 1–65535 之间的整数 (must be an integer 1–65535)' })
    .max(65535, { error: 'PORT 必须是 1–65535 之间的整数 (must be an integer 1–65535)' })
    .default(3000),
  SESSION_IDLE_MINUTES: intVar('SESSION_IDLE_MINUTES', 1, 24 * 60, '分钟', 30),
  SESSION_MAX_HOURS: intVar('SESSION_MAX_HOURS', 1, 24 * 30, '小时', 12),
  TRUST_PROXY: trustProxySchema,
});

export type Env = Omit<z.infer<typeof envSchema>, 'SESSION_SECRET'> & { SESSION_SECRET: string };

export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * The session secret for embedded mode: read from data/session-secret, or generated and stored there
 * on first start so sessions survive a restart.
 */
function embeddedSessionSecret(cwd: string): string {
  const file = resolve(cwd, SESSION_SECRET_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Parses an environment; exported for tests. Throws EnvError listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>, cwd = process.cwd()): Env {
  // An empty variable (FOO=) means "not set", as in most shells' .env conventions.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`环境变量配置有误 (invalid environment):\n${lines.join('\n')}`);
  }
  const { SESSION_SECRET, ...rest } = parsed.data;
  if (!SESSION_SECRET && rest.NODE_ENV === 'production' && !rest.DATABASE_URL.startsWith('file:')) {
    // Several instances behind a proxy must share one secret; a per-instance generated one would log
    // users out whenever the proxy switches instance.
    throw new EnvError(
      '环境变量配置有误 (invalid environment):\n  - SESSION_SECRET: 使用 PostgreSQL 的生产部署必须设置 SESSION_SECRET (required in production with PostgreSQL)',
    );
  }
  if (!rest.AUDIT_KEY && rest.NODE_ENV === 'production' && !rest.DATABASE_URL.startsWith('file:')) {
    // Every instance must key the audit chain alike, and the key must not live in the database.
    throw new EnvError(
      '环境变量配置有误 (invalid environment):\n  - AUDIT_KEY: 使用 PostgreSQL 的生产部署必须设置 AUDIT_KEY (required in production with PostgreSQL)',
    );
  }
  return { ...rest, SESSION_SECRET: SESSION_SECRET ?? embeddedSessionSecret(cwd) };
}

export const env: Env = parseEnv(process.env);

/**
 * The audit key for embedded mode: read from data/audit-key, or generated and stored there (mode
 * 0600) the first time the audit chain needs it. Kept outside the database on purpose: back it up
 * with the database, but not inside it (README, Configuration).
 */
export function embeddedAuditKey(cwd: string): string {
  const file = resolve(cwd, AUDIT_KEY_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
    throw new EnvError(
      `${AUDIT_KEY_FILE} 内容无效（至少 32 个字符）(${AUDIT_KEY_FILE} is invalid: at least 32 characters)`,
    );
  }
  const key = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  // 'wx': two processes starting at once cannot both write a different key.
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return embeddedAuditKey(cwd);
    throw error;
  }
  return key;
}

let cachedAuditKey: Buffer | undefined;

/** The HMAC key of the audit chain: AUDIT_KEY, or data/audit-key (decision 006). */
export function auditKey(): Buffer {
  cachedAuditKey ??= Buffer.from(env.AUDIT_KEY ?? embeddedAuditKey(process.cwd()), 'utf8');
  return cachedAuditKey;
}
