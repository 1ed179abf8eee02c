import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEligibilityRules, loadScheme } from '#cli/load-scheme';
import { formatProblem } from '#cli/problems';
import { getPreset } from '#seeds/presets/index';
import { writeJson } from '#tests/fixtures/cli/case-files';

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-load-scheme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const preset = getPreset('miit-2025-annual')!;

describe('loadScheme', () => {
  it('loads a preset by id and a scheme file by path, relative to cwd', () => {
    expect(loadScheme('miit-2025-annual', tmp)).toMatchObject({
      ok: true,
      value: { id: 'miit-2025-annual' },
    });
    writeJson(join(tmp, 'mine.json'), { ...preset.scheme, id: 'mine' });
    expect(loadScheme('mine.json', tmp)).toMatchObject({ ok: true, value: { id: 'mine' } });
  });

  it('lists the presets for an unknown id', () => {
    const result = loadScheme('miit-2030', tmp);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toContain('miit-2025-recognition、miit-2025-annual');
  });

  it('prefixes scheme-file problems with the file name', () => {
    writeJson(join(tmp, 'bad.json'), { ...preset.scheme, grading: { kind: 'thresholds', levels: [] } });
    const result = loadScheme('bad.json', tmp);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.every((p) => p.message.startsWith('方案文件 bad.json：'))).toBe(true);
  });

  it('prints a scheme-file problem as file, then path, then message, each once', () => {
    const aggregation = { method: 'mean', decimals: 1.5, quorum: 0 };
    writeJson(join(tmp, 'agg.json'), { ...preset.scheme, aggregation });
    const result = loadScheme('agg.json', tmp);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      for (const p of result.problems) {
        const line = formatProblem(p);
        expect(line).toMatch(/^错误：方案文件 agg\.json：aggregation\.(decimals|quorum)：/);
        expect(line.split('aggregation.')).toHaveLength(2);
      }
    }
  });
});

describe('loadEligibilityRules', () => {
  it('takes a preset’s rules, or a file with an eligibility array (a whole preset file works too)', () => {
    expect(loadEligibilityRules('miit-2025-recognition', tmp)).toMatchObject({
      ok: true,
      value: { id: 'miit-2025-recognition' },
    });
    writeJson(join(tmp, 'preset.json'), getPreset('shanghai-2022-performance'));
    const fromFile = loadEligibilityRules('preset.json', tmp);
    expect(fromFile.ok && fromFile.value.rules).toEqual(getPreset('shanghai-2022-performance')!.eligibility);
  });

  it.each([
    [
      { eligibility: [{ id: 'r', label: 'r', conditions: [{ id: 'c', label: 'c', field: 'f', op: '>=' }] }] },
      '需要数值阈值',
    ],
    [{ eligibility: [{ id: 'r', label: 'r', conditions: [] }] }, '没有任何条件'],
    [
      {
        eligibility: [
          { id: 'r', label: 'r', conditions: [{ id: 'c', label: 'c', field: 'f', op: 'true' }] },
          { id: 'r', label: 'r', conditions: [{ id: 'c', label: 'c', field: 'f', op: 'true' }] },
        ],
      },
      '规则编号 r 重复',
    ],
    [{ eligibility: [] }, 'eligibility'],
  ])('rejects %j', (file, message) => {
    const path = writeJson(join(tmp, 'rules.json'), file);
    const result = loadEligibilityRules(path, tmp);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message).join('\n')).toContain(message);
  });
});
