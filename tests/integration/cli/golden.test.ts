// Golden files: the demo dataset graded with every preset, frozen in tests/golden/<preset-id>.json.
// Any change to a number, grade, rank or flag shows up here. After an intended change, rewrite them
// with UPDATE_GOLDEN=1 npx vitest run tests/integration/cli/golden.test.ts and review the diff.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeItems } from '#scoring/grade-items';
import type { GradeOutput } from '#scoring/types';
import { getPreset, presets } from '#seeds/presets/index';
import { runCli } from '#tests/fixtures/cli/run-cli';
import { caseForScheme, type DemoCase, generateDemoCase } from '#tests/golden/demo-case';

const GOLDEN = fileURLToPath(new URL('../../golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const PRESET_IDS = [
  'miit-2025-recognition',
  'miit-2025-annual',
  'miit-2025-triennial',
  'sichuan-2025-recognition',
  'sichuan-2025-annual',
  'sichuan-2025-triennial',
  'shanghai-2022-performance',
];

function frozen<T>(file: string, actual: T): T {
  const path = join(GOLDEN, file);
  if (UPDATE) writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function demo(): DemoCase {
  return frozen('demo-case.json', generateDemoCase());
}

function graded(presetId: string): GradeOutput {
  const preset = getPreset(presetId)!;
  const result = gradeItems(preset.scheme, caseForScheme(demo(), preset.scheme));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.value;
}

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('golden demo dataset', () => {
  it('is exactly what the seeded generator produces', () => {
    expect(demo()).toEqual(generateDemoCase());
  });

  it('covers every shipped preset', () => {
    expect(presets.map((p) => p.id).sort()).toEqual([...PRESET_IDS].sort());
  });

  it.each(PRESET_IDS)('%s grades the demo dataset exactly as frozen', (id) => {
    const output = graded(id);
    expect(output).toEqual(frozen(`${id}.json`, output));
  });

  it('holds the situations it was built for, under every preset', () => {
    for (const id of PRESET_IDS) {
      const byId = new Map(graded(id).results.map((r) => [r.itemId, r]));
      expect(byId.get('C08')).toMatchObject({
        status: 'incomplete',
        score: null,
        grade: null,
        rank: null,
        experts: 2,
      });
      expect(byId.get('C07')?.experts).toBe(4);
      expect(byId.get('T02')?.experts).toBe(6);
      expect(byId.get('T03')?.flags).toContain('vetoed');
      expect(byId.get('I04')?.flags).toContain('spread');
      expect(byId.get('T05')?.score).toBe(byId.get('T06')?.score);
      expect(byId.get('T05')?.rank).toBe(byId.get('T06')?.rank);
      expect(byId.get('I09')?.score).toBe(byId.get('I10')?.score);
      expect(byId.get('C01')?.score).toBe(byId.get('C02')?.score);
      // The vetoed item ranks after every other graded item of its group.
      const group = graded(id).results.filter((r) => r.group === '检验检测');
      expect(byId.get('T03')?.rank).toBe(Math.max(...group.map((r) => r.rank ?? 0)));
    }
  });

  it.each(['miit-2025-triennial', 'shanghai-2022-performance'])(
    'the CLI prints the frozen results for %s',
    async (id) => {
      const input = join(tmp, `${id}-case.json`);
      writeFileSync(input, JSON.stringify(caseForScheme(demo(), getPreset(id)!.scheme)));
      const run = await runCli(['grade', '--scheme', id, '--in', input]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const expected = frozen<GradeOutput>(`${id}.json`, graded(id));
      expect(JSON.parse(run.stdout)).toEqual({
        scheme: expected.scheme,
        results: expected.results.map(({ totals: _totals, ...rest }) => rest),
      });
    },
  );
});
