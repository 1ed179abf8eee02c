// Fixtures for the scoring engine tests: small schemes and inputs, built the same way every time.
import type { QuotaGrading, Rubric, Scheme, SheetInput, ThresholdGrading } from '#scoring/types';

export const rubric: Rubric = {
  criteria: [
    { id: 'hw', name: '硬件基础', max: 10, step: 0.5 },
    { id: 'rd', name: '研究能力', max: 20, weight: 1.5 },
    { id: 'svc', name: '企业服务', max: 5, step: 0.1 },
    { id: 'note', name: '加分项', max: 3, required: false },
  ],
  vetoes: [{ id: 'fraud', name: '弄虚作假' }],
};

export const triennialGrading: ThresholdGrading = {
  kind: 'thresholds',
  levels: [{ grade: '优秀', min: 85 }, { grade: '合格', min: 60 }, { grade: '不合格' }],
};

export const shanghaiGrading: QuotaGrading = {
  kind: 'quota',
  top: [
    { grade: '优秀', cumulativeShare: 0.1, rounding: 'floor' },
    { grade: '良好', cumulativeShare: 0.3, rounding: 'floor' },
  ],
  middle: '一般',
  bottom: { grade: '不合格', share: 0.1, rounding: 'round', ties: 'spare' },
};

export function scheme(overrides: Partial<Scheme> = {}): Scheme {
  return {
    id: 'test-scheme',
    name: '测试方案',
    rubric: {
      criteria: [{ id: 'total', name: '总分', max: 100 }],
    },
    aggregation: { method: 'mean', quorum: 3, decimals: 2 },
    grading: triennialGrading,
    ...overrides,
  };
}

/** One sheet per (expert, total) on a single-criterion rubric (criterion id 'total'). */
export function sheetsFor(itemId: string, totals: number[], firstExpert = 1): SheetInput[] {
  return totals.map((total, i) => ({ itemId, expertId: `E${firstExpert + i}`, scores: { total } }));
}

/** Deterministic PRNG (mulberry32) for fixtures; tests never use Math.random. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
