// Chinese labels of round, item and import values, shared by the server models and the pages
// (a constant imported from a *.server module is stripped from the browser bundle).

export const JURISDICTION_LABELS = { miit: '工业和信息化部', sichuan: '四川省', shanghai: '上海市' } as const;

export const KIND_LABELS = {
  recognition: '认定评审',
  annual: '年度评价',
  triennial: '综合评审',
  performance: '绩效评价',
} as const;

export const STATE_LABELS = {
  draft: '草稿',
  importing: '材料导入',
  reviewing: '形式审查',
  scoring: '专家评审',
  results: '结果汇总',
  published: '已公示',
  closed: '已结束',
} as const;

export const DEADLINE_LABELS = {
  applicationsClose: '申报截止',
  reviewEnd: '形式审查截止',
  defenceStart: '集中答辩',
  noticeStart: '公示开始',
} as const;

export const DECISION_LABELS = { pending: '待定', admitted: '准予进入评审', excluded: '不予受理' } as const;

export const OVERALL_LABELS = { eligible: '符合', ineligible: '不符合', incomplete: '材料不全' } as const;

// Risk flags set on import (形式审查 warnings).
export const FLAG_LABELS = {
  removed_within_3_years: '撤销未满3年',
  branch_of_listed: '已认定平台的分支机构',
} as const;
export type ItemFlag = keyof typeof FLAG_LABELS;
