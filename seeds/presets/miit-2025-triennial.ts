// 工信部产业技术基础公共服务平台综合评审（2025版）: 第十八条（二）综合评审：材料审查和集中答辩，优秀、合格、不合格.
import type { Preset } from './schema';
import { triennialGrading, panelAggregation, WEIGHTS_NOTE, defenceTimings } from './common';
import { miitEligibility } from './eligibility';
import { platformRubric } from './rubrics';

export const miit2025Triennial: Preset = {
  id: 'miit-2025-triennial',
  name: '工信部产业技术基础公共服务平台综合评审（2025版）',
  jurisdiction: 'miit',
  kind: 'triennial',
  sources: [
    '工信部科〔2025〕261号《产业技术基础公共服务平台管理办法》 第十八条（二）综合评审：材料审查和集中答辩，优秀、合格、不合格',
    '工科函〔2022〕591号（评估复核内容）',
  ],
  weightsNote: WEIGHTS_NOTE,
  scheme: {
    id: 'miit-2025-triennial',
    name: '工信部产业技术基础公共服务平台综合评审（2025版）',
    rubric: platformRubric,
    aggregation: panelAggregation,
    grading: triennialGrading,
  },
  eligibility: miitEligibility,
  sessionTimings: defenceTimings,
};
