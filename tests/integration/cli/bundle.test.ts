// bin/pingshen.mjs runs the esbuild bundle (dist/cli, written by postinstall / npm run build) when it
// is fresh, and the TypeScript sources through tsx otherwise; both must answer the same.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '#tests/fixtures/cli/run-cli';

const INPUTS = fileURLToPath(new URL('../../../dist/cli/inputs.json', import.meta.url));

function run(fromSource: boolean) {
  const env = { ...process.env };
  if (fromSource) env.PINGSHEN_CLI_FROM_SOURCE = '1';
  else delete env.PINGSHEN_CLI_FROM_SOURCE;
  return spawnSync(process.execPath, [BIN, 'presets', '--json'], { encoding: 'utf8', env });
}

describe('pingshen from its bundle and from its sources', () => {
  it('prints the same presets either way', () => {
    const sources = run(true);
    const bundle = run(false);
    expect(sources.status).toBe(0);
    expect(bundle.status).toBe(0);
    expect(bundle.stdout).toBe(sources.stdout);
    expect(JSON.parse(sources.stdout)).not.toHaveLength(0);
  });

  it.runIf(existsSync(INPUTS))('records every source file the bundle was built from', () => {
    const { sources } = JSON.parse(readFileSync(INPUTS, 'utf8')) as { sources: Record<string, number> };
    expect(Object.keys(sources)).toEqual(
      expect.arrayContaining(['cli/main.ts', 'app/utils/xlsx/cell-rules.ts']),
    );
  });
});
