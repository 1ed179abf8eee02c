// 上海市专业技术服务平台绩效评估: 第二十二条 — yearly, per field group (分领域), four bands with quotas:
// 优秀 and 良好 together at most 30% of a group, the last 10% by score 不合格, the rest 一般.
import type { Preset } from './schema';
import { defenceTimings, panelAggregation, WEIGHTS_NOTE } from './common';
import { shanghaiEligibility } from './eligibility';
import { shanghaiRubric } from './rubrics';

const NAME = '上海市专业技术服务平台绩效评估（2022版）';

export const shanghai2022Performance: Preset = {
  id: 'shanghai-2022-performance',
  name: NAME,
  jurisdiction: 'shanghai',
  kind: 'performance',
  sources: [
    '沪科规〔2022〕2号《上海市专业技术服务平台建设与管理办法》 第七条基本条件',
    '沪科规〔2022〕2号 第二十二条 绩效评估：优秀、良好、一般、不合格，“优秀”“良好”不高于30%，每组后10%为“不合格”',
    '沪科规〔2022〕2号 第二十三条 不再列入服务平台序列的情形',
  ],
  weightsNote: WEIGHTS_NOTE,
  scheme: {
    id: 'shanghai-2022-performance',
    name: NAME,
    rubric: shanghaiRubric,
    aggregation: panelAggregation,
    grading: {
      kind: 'quota',
      // 优秀 is not split from 良好 by the measures; 10% is the proposed default, 30% the legal cap.
      top: [
        { grade: '优秀', cumulativeShare: 0.1, rounding: 'floor' },
        { grade: '良好', cumulativeShare: 0.3, rounding: 'floor' },
      ],
      middle: '一般',
      // "排名后10%": rounded half-up; a tie at the boundary is spared rather than failing more.
      bottom: { grade: '不合格', share: 0.1, rounding: 'round', ties: 'spare' },
    },
  },
  eligibility: shanghaiEligibility,
  sessionTimings: { ...defenceTimings, presentationMinutes: 10 },
};
