import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readApplications } from '#cli/read-applications';
import type { EligibilityRule } from '#scoring/types';
import { applicationField } from '#seeds/presets/application-fields';
import { writeJson, writeXlsx } from '#tests/fixtures/cli/case-files';

const rules: EligibilityRule[] = [
  {
    id: 'staff',
    label: '人员',
    conditions: [{ id: 's', label: '人员', field: 'staffTotal', op: '>=', value: 50 }],
  },
  {
    id: 'legal',
    label: '法人',
    conditions: [{ id: 'l', label: '法人', field: 'independentLegalPerson', op: 'true' }],
  },
];
const tmp = mkdtempSync(join(tmpdir(), 'pingshen-apps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readApplications', () => {
  it('reads a sheet: id and name columns, rule fields only, blanks left out', async () => {
    const file = writeXlsx(join(tmp, 'a.xlsx'), [
      ['编号', '名称', 'staffTotal', 'independentLegalPerson', '__proto__', '备注'],
      ['A1', '甲', 60, '是', 'x', '无'],
      ['A2', null, null, ' 否 ', 'y', null],
    ]);
    const result = await readApplications(file, rules);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [a1, a2] = result.value.applications;
    expect(a1).toMatchObject({ id: 'A1', name: '甲' });
    expect({ ...a1.data }).toEqual({ staffTotal: 60, independentLegalPerson: true });
    expect({ ...a2.data }).toEqual({ independentLegalPerson: false });
    expect(a2).not.toHaveProperty('name');
    expect(Object.getPrototypeOf(a1.data)).toBe(null);
    expect(result.value.notices).toEqual(['以下列不在规则中，已忽略：__proto__、备注']);
  });

  it('accepts the Chinese form label of a field as its header', async () => {
    const label = applicationField('staffTotal')!.label;
    const file = writeXlsx(join(tmp, 'labels.xlsx'), [
      ['编号', label],
      ['A1', 70],
    ]);
    const result = await readApplications(file, rules);
    expect(result.ok && { ...result.value.applications[0].data }).toEqual({ staffTotal: 70 });
    const twice = await readApplications(
      writeXlsx(join(tmp, 'twice.xlsx'), [
        ['编号', label, 'staffTotal'],
        ['A1', 70, 71],
      ]),
      rules,
    );
    expect(twice).toMatchObject({
      ok: false,
      problems: [{ code: 'header_duplicate', column: 'staffTotal' }],
    });
  });

  it('reads JSON and keeps only the rule fields', async () => {
    const file = writeJson(join(tmp, 'a.json'), {
      applications: [{ id: 'A1', data: { staffTotal: 51, contact: '张三' } }],
    });
    const result = await readApplications(file, rules);
    expect(result.ok && { ...result.value.applications[0].data }).toEqual({ staffTotal: 51 });
    expect(result.ok && result.value.notices).toEqual(['以下字段不在规则中，已忽略：contact']);
  });

  it('reports missing ids with their row, duplicates and shape errors', async () => {
    const sheet = await readApplications(
      writeXlsx(join(tmp, 'b.xlsx'), [
        ['id', 'staffTotal'],
        [null, 3],
        ['A', 1],
        ['A', 2],
      ]),
      rules,
    );
    expect(sheet).toMatchObject({
      ok: false,
      problems: [
        { code: 'application_missing_id', row: 2 },
        { code: 'application_duplicate', row: 4, message: '申报编号 A 重复（首次出现在第3行）' },
      ],
    });
    const json = await readApplications(
      writeJson(join(tmp, 'b.json'), { applications: [{ id: 'A', data: { staffTotal: [1] } }] }),
      rules,
    );
    expect(json).toMatchObject({ ok: false, problems: [{ path: 'applications[0].data.staffTotal' }] });
  });
});
