import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '#app/utils/password.server';

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('pingshen2026');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('pingshen2026', hash)).toBe(true);
    expect(await verifyPassword('pingshen2027', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('同一个密码'), hashPassword('同一个密码')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('同一个密码', a)).toBe(true);
    expect(await verifyPassword('同一个密码', b)).toBe(true);
  });

  it('treats full-width and half-width input alike (NFKC), as IMEs switch between them', async () => {
    const hash = await hashPassword('Pingshen2026');
    expect(await verifyPassword('Ｐｉｎｇｓｈｅｎ２０２６', hash)).toBe(true);
  });

  it('returns false, never throws, for malformed or hostile stored hashes', async () => {
    const good = await hashPassword('x');
    const parts = good.split('$');
    const variants = [
      '',
      'plaintext',
      'bcrypt$10$abc',
      good.replace('scrypt', 'md5'),
      [...parts.slice(0, 5), 'dG9vLXNob3J0'].join('$'), // key of the wrong length
      ['scrypt', '4294967296', ...parts.slice(2)].join('$'), // N far beyond the memory limit
      ['scrypt', '0', ...parts.slice(2)].join('$'),
      ['scrypt', '1.5', ...parts.slice(2)].join('$'),
    ];
    for (const stored of variants) expect(await verifyPassword('x', stored), stored).toBe(false);
  });
});
