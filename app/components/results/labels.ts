// Chinese words of the results page and the 汇总表 (shared by server and browser).

/** Result flags (ResultRow.flags) → Chinese. */
export const FLAG_LABELS: Record<string, string> = {
  spread: '分差过大',
  quorum: '未达法定人数',
  vetoed: '一票否决',
  'veto-proposed': '有否决提议',
};

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? flag;
}

/** 专家A, 专家B … 专家Z, 专家AA …: the anonymous name of the i-th expert (from 0). */
export function expertPseudonym(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `专家${letters}`;
}

/** A score with the scheme's decimals ("84.10"), or — when there is none. */
export function formatScore(score: number | null | undefined, decimals: number): string {
  return score === null || score === undefined ? '—' : score.toFixed(decimals);
}
