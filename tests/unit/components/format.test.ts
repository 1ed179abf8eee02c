// Dates render the same on the server (any TZ) and in an Asia/Shanghai browser: one formatter with an
// explicit time zone, used by every page (a page formatting dates on its own would break hydration).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentYear, formatDateTime } from '#app/components/format';

const ROOT = resolve(import.meta.dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('format', () => {
  it('formats instants in China Standard Time whatever the process time zone', () => {
    // 16:30 UTC on 31 Dec is already 00:30 on 1 Jan in Shanghai.
    expect(formatDateTime('2026-12-31T16:30:05Z')).toBe('2027/01/01 00:30:05');
    expect(formatDateTime(new Date(Date.UTC(2026, 5, 1, 0, 0, 0)))).toBe('2026/06/01 08:00:00');
    expect(currentYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
  });

  it('is the only place app code turns a date into text', () => {
    const offenders = files(join(ROOT, 'app'))
      .filter((f) => !f.endsWith(join('components', 'format.ts')))
      .filter((f) =>
        /toLocale(Date|Time)?String\(|new Intl\.DateTimeFormat|\.getFullYear\(\)|\.getHours\(\)|dayjs\([^)]*\)\.format/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
