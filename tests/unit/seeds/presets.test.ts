import { describe, expect, it } from 'vitest';
import { gradeItems } from '#scoring/grade-items';
import type { GradeInput, ItemResult, Rubric, SheetInput } from '#scoring/types';
import { validateScheme } from '#scoring/validate-scheme';
import { applicationFields } from '#seeds/presets/application-fields';
import { getPreset, presets } from '#seeds/presets/index';
import { presetSchema, type Preset } from '#seeds/presets/schema';

const IDS = [
  'miit-2025-recognition',
  'miit-2025-annual',
  'miit-2025-triennial',
  'sichuan-2025-recognition',
  'sichuan-2025-annual',
  'sichuan-2025-triennial',
  'shanghai-2022-performance',
];

function preset(id: string): Preset {
  const p = getPreset(id);
  if (!p) throw new Error(`preset ${id} missing`);
  return p;
}

describe('presets', () => {
  it('ships exactly the seven presets, in order, found by id', () => {
    expect(presets.map((p) => p.id)).toEqual(IDS);
    for (const id of IDS) expect(getPreset(id)?.id).toBe(id);
    expect(getPreset('miit-2024-annual')).toBeUndefined();
  });

  it.each(IDS)('%s parses with presetSchema and passes validateScheme', (id) => {
    const p = preset(id);
    const parsed = presetSchema.safeParse(JSON.parse(JSON.stringify(p)));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const checked = validateScheme(p.scheme);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });

  it.each(IDS)('%s: points sum to 100, weights 1, guidance for every criterion, three vetoes', (id) => {
    const { scheme, weightsNote } = preset(id);
    const points = scheme.rubric.criteria.reduce((s, c) => s + c.max, 0);
    expect(points).toBe(100);
    for (const c of scheme.rubric.criteria) {
      expect(c.weight ?? 1).toBe(1);
      expect(c.guidance?.length ?? 0).toBeGreaterThan(20);
    }
    expect(scheme.rubric.vetoes?.map((v) => v.id)).toEqual(['fraud', 'incident', 'refused']);
    expect(weightsNote).toContain('建议默认值');
  });

  it('the national rubrics use the ten review dimensions of 工科函〔2022〕591号', () => {
    for (const id of IDS.filter((x) => !x.startsWith('shanghai'))) {
      expect(preset(id).scheme.rubric.criteria.map((c) => c.name)).toEqual([
        '硬件基础',
        '资质资源',
        '研究能力',
        '数据资源',
        '专业人才',
        '企业服务',
        '产业服务',
        '政策咨询',
        '机制创新',
        '平台协同',
      ]);
    }
  });

  it('政策咨询 carries the notice’s own exemption for 试验检测类 platforms', () => {
    const policy = preset('miit-2025-triennial').scheme.rubric.criteria.find((c) => c.id === 'policy');
    expect(policy?.guidance).toContain('此项内容对于试验检测类平台及机构不作硬性要求');
  });

  it('veto items quote the removal grounds where the documents have them', () => {
    for (const id of IDS.filter((x) => !x.startsWith('shanghai'))) {
      // 261号 and 川经信规〔2025〕9号 第十九条（二）（四）, word for word in both
      expect(preset(id).scheme.rubric.vetoes).toEqual([
        { id: 'fraud', name: '申报或评审过程中弄虚作假' },
        { id: 'incident', name: '出现安全责任事故、违法违规行为等造成社会严重不良影响' },
        { id: 'refused', name: '拒不接受评审/检查' },
      ]);
    }
    // 沪科规〔2022〕2号 第二十三条（三）（二）; it names no incident ground (decision record 001)
    const sh = preset('shanghai-2022-performance').scheme.rubric.vetoes ?? [];
    expect(sh.find((v) => v.id === 'fraud')?.name).toBe('评估过程中出现严重弄虚作假');
    expect(sh.find((v) => v.id === 'refused')?.name).toBe('不接受市科委检查、监督和评估');
  });

  it.each(IDS)(
    '%s aggregates by trimmed mean (trim 1, from 5 sheets, quorum 3, 2 decimals, spread 20)',
    (id) => {
      expect(preset(id).scheme.aggregation).toEqual({
        method: 'trimmed',
        trim: 1,
        minForTrim: 5,
        quorum: 3,
        decimals: 2,
        spreadLimit: 20,
      });
    },
  );

  it('grades as the documents say', () => {
    expect(preset('miit-2025-annual').scheme.grading).toEqual({
      kind: 'thresholds',
      levels: [{ grade: '合格', min: 60 }, { grade: '不合格' }],
    });
    expect(preset('sichuan-2025-triennial').scheme.grading).toEqual({
      kind: 'thresholds',
      levels: [{ grade: '优秀', min: 85 }, { grade: '合格', min: 60 }, { grade: '不合格' }],
    });
    expect(preset('miit-2025-recognition').scheme.grading).toEqual({
      kind: 'thresholds',
      levels: [{ grade: '推荐', min: 60 }, { grade: '不推荐' }],
    });
    expect(preset('shanghai-2022-performance').scheme.grading).toEqual({
      kind: 'quota',
      top: [
        { grade: '优秀', cumulativeShare: 0.1, rounding: 'floor' },
        { grade: '良好', cumulativeShare: 0.3, rounding: 'floor' },
      ],
      middle: '一般',
      bottom: { grade: '不合格', share: 0.1, rounding: 'round', ties: 'spare' },
    });
  });

  it.each(IDS)('%s: every eligibility field is a defined application field of its jurisdiction', (id) => {
    const p = preset(id);
    expect(p.eligibility.length).toBeGreaterThan(0);
    for (const rule of p.eligibility) {
      expect(rule.source).toBeTruthy();
      for (const c of rule.conditions) {
        const field = applicationFields.find((f) => f.key === c.field);
        expect(field, `${rule.id}.${c.id} → ${c.field}`).toBeDefined();
        expect(field?.jurisdictions).toContain(p.jurisdiction);
      }
    }
  });

  it('application field keys are unique', () => {
    const keys = applicationFields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('session timings: 15/10/5 for defences, a shorter slot for annual evaluations', () => {
    expect(preset('miit-2025-triennial').sessionTimings).toEqual({
      presentationMinutes: 15,
      questionMinutes: 10,
      scoringMinutes: 5,
    });
    expect(preset('sichuan-2025-annual').sessionTimings).toEqual({
      presentationMinutes: 10,
      questionMinutes: 5,
      scoringMinutes: 5,
    });
    for (const p of presets) expect(p.sessionTimings, p.id).toBeDefined();
  });

  it('rejects a preset whose scheme id differs, or with an unknown key', () => {
    const p = preset('miit-2025-annual');
    expect(presetSchema.safeParse({ ...p, scheme: { ...p.scheme, id: 'other' } }).success).toBe(false);
    expect(presetSchema.safeParse({ ...p, weights: 1 }).success).toBe(false);
  });
});

// ---------- Worked examples of docs/scoring.md, cross-checked with the engine ----------

// Spreads an expert's total over the criteria in proportion to their points, in steps of 0.5,
// putting the remainder on the largest criterion, so a worked example can be stated by totals.
function sheetFor(rubric: Rubric, itemId: string, expertId: string, total: number): SheetInput {
  const scores: Record<string, number> = {};
  let assigned = 0;
  const largest = rubric.criteria.reduce((a, c) => (c.max > a.max ? c : a));
  for (const c of rubric.criteria) {
    if (c === largest) continue;
    const s = Math.round(((total * c.max) / 100) * 2) / 2;
    scores[c.id] = s;
    assigned += s;
  }
  scores[largest.id] = total - assigned;
  if (scores[largest.id] < 0 || scores[largest.id] > largest.max) throw new Error(`cannot spread ${total}`);
  return { itemId, expertId, scores };
}

function grade(
  id: string,
  items: GradeInput['items'],
  totals: Record<string, number[]>,
  recused: string[] = [],
) {
  const p = preset(id);
  const sheets = Object.entries(totals).flatMap(([itemId, ts]) =>
    ts.map((t, i) => ({
      ...sheetFor(p.scheme.rubric, itemId, `E${i + 1}`, t),
      ...(recused.includes(`${itemId}/E${i + 1}`) ? { recused: true } : {}),
    })),
  );
  const out = gradeItems(p.scheme, { items, sheets });
  if (!out.ok) throw new Error(out.problems.map((x) => x.message).join('\n'));
  return new Map(out.value.results.map((r) => [r.itemId, r]));
}

function summary(r: ItemResult | undefined) {
  return (
    r && {
      score: r.score,
      grade: r.grade,
      rank: r.rank,
      status: r.status,
      flags: r.flags,
      experts: r.experts,
    }
  );
}

describe('worked examples (docs/scoring.md)', () => {
  it('the example sheet of expert E1 adds up to 78', () => {
    const sheet: SheetInput = {
      itemId: 'A',
      expertId: 'E1',
      scores: {
        hardware: 8,
        qualifications: 8,
        research: 7.5,
        data: 7,
        talent: 8,
        'enterprise-service': 12,
        'industry-service': 11.5,
        policy: 4,
        mechanism: 5.5,
        collaboration: 6.5,
      },
    };
    const p = preset('miit-2025-recognition');
    const others = [82.5, 80, 91, 69.5].map((t, i) => sheetFor(p.scheme.rubric, 'A', `E${i + 2}`, t));
    const out = gradeItems(p.scheme, {
      items: [{ id: 'A' }],
      sheets: [sheet, ...others],
    });
    expect(out.ok && out.value.results[0].totals.E1).toBe(78);
  });

  it('miit-2025-recognition: trimmed mean 80.17, 推荐, spread flagged', () => {
    const r = grade('miit-2025-recognition', [{ id: 'A' }], {
      A: [78, 82.5, 80, 91, 69.5],
    });
    expect(summary(r.get('A'))).toEqual({
      score: 80.17,
      grade: '推荐',
      rank: 1,
      status: 'graded',
      flags: ['spread'],
      experts: 5,
    });
  });

  it('miit-2025-annual: 4 sheets → plain mean 59.63, 不合格; 2 valid sheets → incomplete', () => {
    const r = grade(
      'miit-2025-annual',
      [{ id: 'A' }, { id: 'B' }],
      { A: [61, 58.5, 60, 59], B: [75, 77, 70] },
      ['B/E3'],
    );
    expect(summary(r.get('A'))).toEqual({
      score: 59.63,
      grade: '不合格',
      rank: 1,
      status: 'graded',
      flags: [],
      experts: 4,
    });
    expect(summary(r.get('B'))).toEqual({
      score: null,
      grade: null,
      rank: null,
      status: 'incomplete',
      flags: [],
      experts: 2,
    });
  });

  it('miit-2025-triennial: 7 sheets → 85.9, 优秀; a vetoed item is 不合格 whatever its score', () => {
    const r = grade('miit-2025-triennial', [{ id: 'A' }, { id: 'B', vetoed: true }], {
      A: [88, 86.5, 85, 84, 90, 79, 86],
      B: [90, 91, 89],
    });
    expect(summary(r.get('A'))).toEqual({
      score: 85.9,
      grade: '优秀',
      rank: 1,
      status: 'graded',
      flags: [],
      experts: 7,
    });
    expect(summary(r.get('B'))).toEqual({
      score: 90,
      grade: '不合格',
      rank: 2,
      status: 'graded',
      flags: ['vetoed'],
      experts: 3,
    });
  });

  it('sichuan-2025-recognition: exactly 60.00 is 推荐', () => {
    const r = grade('sichuan-2025-recognition', [{ id: 'A' }], {
      A: [60, 59.5, 60.5, 62, 58],
    });
    expect(summary(r.get('A'))).toMatchObject({ score: 60, grade: '推荐' });
  });

  it('sichuan-2025-annual: 70.125 rounds half-up to 70.13', () => {
    const r = grade('sichuan-2025-annual', [{ id: 'A' }], {
      A: [70, 70.5, 70, 70],
    });
    expect(summary(r.get('A'))).toMatchObject({ score: 70.13, grade: '合格' });
  });

  it('sichuan-2025-triennial: 84.50 is 合格, not 优秀', () => {
    const r = grade('sichuan-2025-triennial', [{ id: 'A' }], {
      A: [85, 84.5, 84, 86, 83],
    });
    expect(summary(r.get('A'))).toMatchObject({ score: 84.5, grade: '合格' });
  });

  it('shanghai-2022-performance: bands per field group with caps and spared ties', () => {
    const groupA: Record<string, number[]> = {
      P01: [93, 92, 92],
      P02: [88, 88.5, 88],
      P03: [88.5, 88, 88],
      P04: [85, 85, 85],
      P05: [80, 80.5, 79.5],
      P06: [78, 78, 78],
      P07: [75.5, 75.5, 75.5],
      P08: [72, 72, 72],
      P09: [70, 70, 70],
      P10: [65, 64.5, 65.5],
    };
    const groupB: Record<string, number[]> = {
      Q01: [90, 90, 90],
      Q02: [86, 86, 86],
      Q03: [84, 84, 84],
      Q04: [84, 84, 84],
      Q05: [80, 80, 80],
      Q06: [77, 77, 77],
      Q07: [74, 74, 74],
      Q08: [71, 71, 71],
      Q09: [66, 66, 66],
      Q10: [66, 66, 66],
    };
    const items = [
      ...Object.keys(groupA).map((id) => ({ id, group: '检验检测' })),
      ...Object.keys(groupB).map((id) => ({ id, group: '信息服务' })),
    ];
    const r = grade('shanghai-2022-performance', items, {
      ...groupA,
      ...groupB,
    });
    const table = (ids: string[]) =>
      ids.map((id) => [id, r.get(id)?.score, r.get(id)?.grade, r.get(id)?.rank]);
    expect(table(Object.keys(groupA))).toEqual([
      ['P01', 92.33, '优秀', 1],
      ['P02', 88.17, '良好', 2],
      ['P03', 88.17, '良好', 2],
      ['P04', 85, '一般', 4],
      ['P05', 80, '一般', 5],
      ['P06', 78, '一般', 6],
      ['P07', 75.5, '一般', 7],
      ['P08', 72, '一般', 8],
      ['P09', 70, '一般', 9],
      ['P10', 65, '不合格', 10],
    ]);
    expect(table(Object.keys(groupB))).toEqual([
      ['Q01', 90, '优秀', 1],
      ['Q02', 86, '良好', 2],
      ['Q03', 84, '一般', 3],
      ['Q04', 84, '一般', 3],
      ['Q05', 80, '一般', 5],
      ['Q06', 77, '一般', 6],
      ['Q07', 74, '一般', 7],
      ['Q08', 71, '一般', 8],
      ['Q09', 66, '一般', 9],
      ['Q10', 66, '一般', 9],
    ]);
  });
});
