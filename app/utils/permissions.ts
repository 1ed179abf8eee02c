// Roles and permission strings (角色与权限). Shared by server and client: the client uses it only to
// hide navigation it could not use; the server re-checks every request with requirePermission.

export const ROLES = ['admin', 'agency', 'department', 'chair', 'expert'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  agency: '第三方机构',
  department: '主管部门',
  chair: '专家组组长',
  expert: '评审专家',
};

export const PERMISSIONS = [
  'user:manage', // 账号管理
  'audit:read', // 审计日志
  'round:read', // 查看评审工作
  'round:manage', // 创建/编辑评审工作与评分方案
  'item:import', // 导入申报材料/年度运行情况
  'item:decide', // 形式审查结论
  'expert:manage', // 专家库
  'panel:manage', // 专家组抽取与调整
  'assignment:manage', // 分配评审批次
  'progress:read', // 评审进度
  'result:read', // 评审结果
  'result:adjust', // 结果调整（须说明理由）
  'list:manage', // 建议名单与公示
  'directory:manage', // 平台名录（认定、整改、撤销）
  'session:run', // 主持答辩会
  'score:sheet:own', // 填写本人评分表
  'assignment:own', // 查看本人评审任务
  'calendar:manage', // 节假日安排（公示期按工作日计算所依据的法定节假日表）
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  // Administrators run accounts and the audit trail; they may look at rounds but not decide them.
  admin: ['user:manage', 'audit:read', 'round:read', 'progress:read', 'result:read', 'calendar:manage'],
  agency: [
    'round:read',
    'round:manage',
    'item:import',
    'item:decide',
    'expert:manage',
    'panel:manage',
    'assignment:manage',
    'progress:read',
    'result:read',
    'result:adjust',
    'list:manage',
  ],
  // 主管部门 approves what the agency prepares: the recommended list and the directory.
  department: ['round:read', 'progress:read', 'result:read', 'list:manage', 'directory:manage'],
  // A chair is also an expert on the panel, plus running its defence session.
  chair: ['assignment:own', 'score:sheet:own', 'session:run'],
  expert: ['assignment:own', 'score:sheet:own'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
