// 四川省产业技术基础公共服务平台综合评审（2025版）: 第十八条（二）综合评审：材料审查和集中答辩，优秀、合格、不合格.
import type { Preset } from './schema';
import { triennialGrading, panelAggregation, WEIGHTS_NOTE, defenceTimings } from './common';
import { sichuanEligibility } from './eligibility';
import { platformRubric } from './rubrics';

export const sichuan2025Triennial: Preset = {
  id: 'sichuan-2025-triennial',
  name: '四川省产业技术基础公共服务平台综合评审（2025版）',
  jurisdiction: 'sichuan',
  kind: 'triennial',
  sources: [
    '川经信规〔2025〕9号《产业技术基础公共服务平台管理办法》 第十八条（二）综合评审：材料审查和集中答辩，优秀、合格、不合格',
    '工信部科〔2025〕261号《产业技术基础公共服务平台管理办法》',
    '工科函〔2022〕591号（评估复核内容）',
  ],
  weightsNote: WEIGHTS_NOTE,
  scheme: {
    id: 'sichuan-2025-triennial',
    name: '四川省产业技术基础公共服务平台综合评审（2025版）',
    rubric: platformRubric,
    aggregation: panelAggregation,
    grading: triennialGrading,
  },
  eligibility: sichuanEligibility,
  sessionTimings: defenceTimings,
};
