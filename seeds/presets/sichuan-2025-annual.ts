// 四川省产业技术基础公共服务平台年度评价（2025版）: 第十八条（一）年度评价：合格、不合格.
import type { Preset } from './schema';
import { annualGrading, annualTimings, panelAggregation, WEIGHTS_NOTE } from './common';
import { sichuanEligibility } from './eligibility';
import { platformRubric } from './rubrics';

export const sichuan2025Annual: Preset = {
  id: 'sichuan-2025-annual',
  name: '四川省产业技术基础公共服务平台年度评价（2025版）',
  jurisdiction: 'sichuan',
  kind: 'annual',
  sources: [
    '川经信规〔2025〕9号《产业技术基础公共服务平台管理办法》 第十八条（一）年度评价：合格、不合格',
    '工信部科〔2025〕261号《产业技术基础公共服务平台管理办法》',
    '工科函〔2022〕591号（评估复核内容）',
  ],
  weightsNote: WEIGHTS_NOTE,
  scheme: {
    id: 'sichuan-2025-annual',
    name: '四川省产业技术基础公共服务平台年度评价（2025版）',
    rubric: platformRubric,
    aggregation: panelAggregation,
    grading: annualGrading,
  },
  eligibility: sichuanEligibility,
  sessionTimings: annualTimings,
};
