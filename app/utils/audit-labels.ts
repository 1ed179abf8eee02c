// Chinese names of audit actions (审计日志), for the audit page, its filter and the home page. Every
// action a model records has one (tests/unit/utils/audit-labels.test.ts reads the models to check).
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'audit.rekey': '审计链改用密钥签名',
  'token.create': '签发 API 令牌',
  'token.revoke': '撤销 API 令牌',
  'user.create': '创建账号',
  'user.roles': '修改账号角色',
  'user.password.reset': '重置密码',
  'user.password.change': '本人修改密码',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'round.create': '创建评审工作',
  'round.update': '修改评审工作信息',
  'round.state': '评审工作阶段变更',
  'scheme.copy': '复制评审方案',
  'scheme.rubric.update': '修改评分细则',
  'scheme.freeze': '锁定评审方案',
  'import.commit': '导入申报材料',
  'import.items': '导入申报材料（逐项变更明细）',
  'item.eligibility.decide': '形式审查结论',
  'expert.create': '新增专家',
  'expert.update': '修改专家信息',
  'expert.import': '导入专家库',
  'expert.import.create': '导入新增专家',
  'expert.import.update': '导入更新专家',
  'expert.account.link': '关联专家登录账号',
  'panel.create': '创建专家组',
  'panel.resize': '修改专家组人数',
  'panel.draw': '抽取专家',
  'panel.redraw': '重新抽取专家',
  'panel.chair': '指定组长',
  'panel.replace': '替换专家',
  'assignment.create': '分配评审对象',
  'assignment.auto': '自动分配评审对象',
  'assignment.delete': '取消分配',
  'assignment.recuse': '专家回避（新增回避事项）',
  'sheet.submit': '提交评分表',
};

/** The Chinese name of an action; an action without one shows as recorded. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
