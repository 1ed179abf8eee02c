// 四川省产业技术基础公共服务平台认定评审（2025版）: 第六条基本条件；第十条专家评审；第十二条公示5个工作日.
import type { Preset } from './schema';
import { recognitionGrading, panelAggregation, WEIGHTS_NOTE, defenceTimings } from './common';
import { sichuanEligibility } from './eligibility';
import { platformRubric } from './rubrics';

export const sichuan2025Recognition: Preset = {
  id: 'sichuan-2025-recognition',
  name: '四川省产业技术基础公共服务平台认定评审（2025版）',
  jurisdiction: 'sichuan',
  kind: 'recognition',
  sources: [
    '川经信规〔2025〕9号《产业技术基础公共服务平台管理办法》 第六条基本条件；第十条专家评审；第十二条公示5个工作日',
    '工信部科〔2025〕261号《产业技术基础公共服务平台管理办法》',
    '工科函〔2022〕591号（评估复核内容）',
  ],
  weightsNote: WEIGHTS_NOTE,
  scheme: {
    id: 'sichuan-2025-recognition',
    name: '四川省产业技术基础公共服务平台认定评审（2025版）',
    rubric: platformRubric,
    aggregation: panelAggregation,
    grading: recognitionGrading,
  },
  eligibility: sichuanEligibility,
  sessionTimings: defenceTimings,
};
