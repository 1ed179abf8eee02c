// gradeByThresholds: fixed score lines (分数线), e.g. 优秀 ≥ 85, 合格 ≥ 60, else 不合格.
import type { ThresholdGrading } from './types';

/**
 * The first level whose min the rounded score reaches; a vetoed item (一票否决) gets the last
 * level whatever its score; an incomplete item (score null) gets no grade.
 */
export function gradeByThresholds(
  score: number | null,
  vetoed: boolean,
  grading: ThresholdGrading,
): string | null {
  if (score === null) return null;
  const levels = grading.levels;
  const last = levels[levels.length - 1];
  if (vetoed) return last.grade;
  // Exact: both sides are doubles of short decimals, which compare like the decimals.
  for (const level of levels) {
    if (level.min === undefined || score >= level.min) return level.grade;
  }
  return last.grade;
}
