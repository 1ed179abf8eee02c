import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFromJson, fastGradeInput, readCase } from '#cli/read-case';
import { parseWithSchema } from '#scoring/parse-with-schema';
import { gradeInputSchema } from '#scoring/schemas';
import type { Criterion } from '#scoring/types';
import { longRows, writeXlsx } from '#tests/fixtures/cli/case-files';

const criteria: Criterion[] = [{ id: 'hw', name: '硬件基础', max: 10 }];
const tmp = mkdtempSync(join(tmpdir(), 'pingshen-read-case-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('caseFromJson', () => {
  it('accepts the engine input shape', async () => {
    const input = {
      items: [{ id: 'P1', group: 'A' }],
      sheets: [{ itemId: 'P1', expertId: 'E1', scores: { hw: 5 } }],
    };
    expect(caseFromJson(input, criteria)).toMatchObject({ ok: true, value: { input } });
  });

  it('names the item, expert and criterion of a shape error', async () => {
    const result = caseFromJson(
      { items: [{ id: 'P1' }], sheets: [{ itemId: 'P1', expertId: 'E7', scores: { hw: 'high' } }] },
      criteria,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({
        itemId: 'P1',
        expertId: 'E7',
        criterionId: 'hw',
        path: 'sheets[0].scores.hw',
      });
      expect(result.problems[0].message).toMatch(/^sheets\[0\]\.scores\.hw：/);
    }
  });

  it('reports an unknown key in the file as zod would not (it drops "__proto__")', async () => {
    const raw = JSON.parse(
      '{"items":[{"id":"P1"}],"sheets":[{"itemId":"P1","expertId":"E1","scores":{"hw":1,"__proto__":2}}]}',
    );
    const result = caseFromJson(raw, criteria);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toMatchObject([
        { code: 'unknown_criterion', criterionId: '__proto__', itemId: 'P1', expertId: 'E1' },
      ]);
  });

  it('rejects misspelt keys and non-object files in Chinese', async () => {
    const typo = caseFromJson({ items: [], sheets: [], sheet: [] }, criteria);
    expect(typo.ok).toBe(false);
    expect(caseFromJson([1, 2], criteria)).toMatchObject({
      ok: false,
      problems: [{ code: 'invalid_shape' }],
    });
  });
});

describe('readCase', () => {
  it('chooses the reader by extension', async () => {
    const json = join(tmp, 'c.json');
    const input = { items: [{ id: 'P1' }], sheets: [{ itemId: 'P1', expertId: 'E1', scores: { hw: 5 } }] };
    writeFileSync(json, JSON.stringify(input));
    const fromJson = await readCase(json, criteria);
    const fromXlsx = await readCase(writeXlsx(join(tmp, 'c.XLSX'), longRows(input)), criteria);
    expect(fromJson.ok && fromJson.value.input).toEqual(input);
    expect(fromXlsx.ok && fromXlsx.value.input.sheets[0].scores).toEqual({ hw: 5 });
  });

  it.each([
    ['c.txt', '不支持的输入文件类型'],
    ['missing.json', '无法读取文件'],
    ['missing.xlsx', '无法读取文件'],
  ])('%s → %s', async (file, message) => {
    const result = await readCase(join(tmp, file), criteria);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toContain(message);
  });

  it('reports invalid JSON with the parser position', async () => {
    const file = join(tmp, 'broken.json');
    writeFileSync(file, '{"items": [');
    const result = await readCase(file, criteria);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toContain('不是有效的 JSON');
  });
});

describe('fastGradeInput', () => {
  const id = fc.oneof(fc.constantFrom('P1', ' P2 ', '', '  ', 'E1', '__proto__'), fc.string());
  const optional = <T>(arb: fc.Arbitrary<T>) =>
    fc.option(fc.oneof(arb, fc.constant(null)), { nil: undefined });
  const value = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
  const item = fc.record(
    {
      id: fc.oneof(id, value),
      name: optional(fc.oneof(fc.string(), value)),
      vetoed: optional(value),
      extra: value,
    },
    { requiredKeys: [] },
  );
  const sheet = fc.record(
    {
      itemId: fc.oneof(id, value),
      expertId: id,
      scores: fc.oneof(
        fc.dictionary(fc.constantFrom('hw', 'svc', '__proto__', 'x'), fc.oneof(fc.double(), value)),
        value,
      ),
      recused: optional(value),
      extra: value,
    },
    { requiredKeys: ['itemId', 'expertId', 'scores'] },
  );
  const input = fc.record(
    {
      items: fc.oneof(fc.array(item, { maxLength: 3 }), value),
      sheets: fc.array(sheet, { maxLength: 3 }),
      x: value,
    },
    { requiredKeys: ['items', 'sheets'] },
  );

  it('accepts only what gradeInputSchema accepts, and reads it the same', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const fast = fastGradeInput(raw as Record<string, unknown>);
        const schema = parseWithSchema(gradeInputSchema, raw);
        if (fast !== null) expect(schema).toEqual({ ok: true, value: fast });
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a well-formed case file itself', () => {
    const raw = {
      items: [{ id: ' P1 ', name: '甲', group: null, vetoed: false }],
      sheets: [{ itemId: 'P1', expertId: 'E1', scores: { hw: 8, svc: 7.5 }, recused: null }],
    };
    expect(fastGradeInput(raw)).toEqual({
      items: [{ id: 'P1', name: '甲', vetoed: false }],
      sheets: [{ itemId: 'P1', expertId: 'E1', scores: { hw: 8, svc: 7.5 } }],
    });
  });
});
