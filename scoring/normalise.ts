// normaliseScores: per-expert z-scores rescaled to the panel's mean and spread (标准化分析), so a
// strict and a lenient expert can be compared. Analysis only: grades never use it.
import { roundHalfUp } from './decimal';
import { DEFAULTS } from './defaults';
import type { NormaliseOptions, NormaliseSheet, NormalisedSheet } from './types';

interface Moments {
  mean: number;
  sd: number; // population standard deviation
}

// Square roots are irrational, so unlike grading this works in doubles and rounds once at the end.
function moments(values: readonly number[]): Moments {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

const Z_DECIMALS = 4;

export function normaliseScores(
  sheets: readonly NormaliseSheet[],
  options: NormaliseOptions = {},
): NormalisedSheet[] {
  const minItems = options.minItems ?? DEFAULTS.normaliseMinItems;
  const decimals = options.decimals ?? DEFAULTS.normaliseDecimals;
  for (const s of sheets) {
    if (!Number.isFinite(s.total)) {
      throw new RangeError(`normaliseScores: total of ${s.expertId} × ${s.itemId} is not finite`);
    }
  }
  if (sheets.length === 0) return [];
  const panel = moments(sheets.map((s) => s.total));

  const byExpert = new Map<string, { totals: number[]; items: Set<string> }>();
  for (const s of sheets) {
    let e = byExpert.get(s.expertId);
    if (!e) byExpert.set(s.expertId, (e = { totals: [], items: new Set() }));
    e.totals.push(s.total);
    e.items.add(s.itemId);
  }
  const expertMoments = new Map<string, Moments>();
  for (const [expertId, e] of byExpert) {
    if (e.items.size >= minItems) expertMoments.set(expertId, moments(e.totals));
  }

  return sheets.map((s) => {
    const m = expertMoments.get(s.expertId);
    if (!m) return { ...s, z: null, normalised: null };
    // An expert who gave every item the same total says nothing about relative quality: z = 0.
    const z = m.sd === 0 ? 0 : (s.total - m.mean) / m.sd;
    return {
      ...s,
      z: roundHalfUp(z, Z_DECIMALS),
      normalised: roundHalfUp(panel.mean + z * panel.sd, decimals),
    };
  });
}
