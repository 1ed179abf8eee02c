// Settings every preset shares, resolved here once so the seven presets cannot drift apart.
import type { AggregationOptions, ThresholdGrading } from '#scoring/types';
import type { SessionTimings } from './schema';

// Trimmed mean (去掉一个最高分和一个最低分) once a panel has 5 valid sheets; a spread above 20 points
// between experts is flagged for the chair to look at.
export const panelAggregation: AggregationOptions = {
  method: 'trimmed',
  trim: 1,
  minForTrim: 5,
  quorum: 3,
  decimals: 2,
  spreadLimit: 20,
};

// Recognition reviews recommend a unit for the list or not; 60 is the same pass mark as 合格.
export const recognitionGrading: ThresholdGrading = {
  kind: 'thresholds',
  levels: [{ grade: '推荐', min: 60 }, { grade: '不推荐' }],
};

export const annualGrading: ThresholdGrading = {
  kind: 'thresholds',
  levels: [{ grade: '合格', min: 60 }, { grade: '不合格' }],
};

export const triennialGrading: ThresholdGrading = {
  kind: 'thresholds',
  levels: [{ grade: '优秀', min: 85 }, { grade: '合格', min: 60 }, { grade: '不合格' }],
};

// Shown to users beside the rubric (so Chinese only). The documents give no points or weights: these
// are proposed defaults (all weights 1), editable per round.
export const WEIGHTS_NOTE =
  '政策文件只列出评审维度，未规定各项分值和权重：本方案的分值为建议默认值，权重均为1，可在每轮评审中调整。';

// 集中答辩 (recognition, triennial): 15 minutes to present, 10 of questions, 5 to score.
export const defenceTimings: SessionTimings = {
  presentationMinutes: 15,
  questionMinutes: 10,
  scoringMinutes: 5,
};

// The annual evaluation is mainly a review of the annual report; when a panel hears the platform,
// a shorter slot is enough.
export const annualTimings: SessionTimings = {
  presentationMinutes: 10,
  questionMinutes: 5,
  scoringMinutes: 5,
};
