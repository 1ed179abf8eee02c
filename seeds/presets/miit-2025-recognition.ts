// 工信部产业技术基础公共服务平台认定评审（2025版）: 第六条基本条件；第十条专家评审；第十二条公示5个工作日.
import type { Preset } from './schema';
import { recognitionGrading, panelAggregation, WEIGHTS_NOTE, defenceTimings } from './common';
import { miitEligibility } from './eligibility';
import { platformRubric } from './rubrics';

export const miit2025Recognition: Preset = {
  id: 'miit-2025-recognition',
  name: '工信部产业技术基础公共服务平台认定评审（2025版）',
  jurisdiction: 'miit',
  kind: 'recognition',
  sources: [
    '工信部科〔2025〕261号《产业技术基础公共服务平台管理办法》 第六条基本条件；第十条专家评审；第十二条公示5个工作日',
    '工科函〔2022〕591号（评估复核内容）',
  ],
  weightsNote: WEIGHTS_NOTE,
  scheme: {
    id: 'miit-2025-recognition',
    name: '工信部产业技术基础公共服务平台认定评审（2025版）',
    rubric: platformRubric,
    aggregation: panelAggregation,
    grading: recognitionGrading,
  },
  eligibility: miitEligibility,
  sessionTimings: defenceTimings,
};
