// Side navigation (侧边导航) of the app shell. Add one entry per top-level page; the shell shows an
// entry only to users holding its permission. Order here is the order on screen.
import { hasPermission, type Permission, type Role } from './permissions';

export type NavEntry = {
  /** Absolute URL path of the page. */
  to: string;
  /** Chinese label shown in the menu. */
  label: string;
  /** Permission needed to see the entry; 'signed-in' shows it to everyone signed in. */
  permission: Permission | 'signed-in';
};

export const NAV: NavEntry[] = [
  { to: '/', label: '工作台', permission: 'signed-in' },
  { to: '/rounds', label: '评审工作', permission: 'round:read' },
  { to: '/experts', label: '专家库', permission: 'expert:manage' },
  { to: '/admin/users', label: '账号管理', permission: 'user:manage' },
  { to: '/admin/tokens', label: 'API 令牌', permission: 'user:manage' },
  { to: '/admin/audit', label: '审计日志', permission: 'audit:read' },
  { to: '/admin/holidays', label: '节假日安排', permission: 'calendar:manage' },
];

export function navFor(roles: readonly Role[]): NavEntry[] {
  return NAV.filter((entry) => entry.permission === 'signed-in' || hasPermission(roles, entry.permission));
}
