// The signed-in layout: side navigation filtered by permission, header with the user and sign-out.
import { Form, Link, useLocation } from '@remix-run/react';
import Button from '#antd/button';
import Flex from '#antd/flex';
import Layout from '#antd/layout';
import Menu from '#antd/menu';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import type { ReactNode } from 'react';
import type { NavEntry } from '#app/utils/nav';
import { ROLE_LABELS, type Role } from '#app/utils/permissions';

type Props = {
  user: { displayName: string; roles: Role[] };
  nav: NavEntry[];
  children: ReactNode;
};

/** The entry whose path is the longest prefix of the current URL is highlighted. */
function selectedKey(pathname: string, nav: NavEntry[]): string[] {
  const match = nav
    .filter((e) => (e.to === '/' ? pathname === '/' : pathname === e.to || pathname.startsWith(`${e.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
  return match ? [match.to] : [];
}

export function AppShell({ user, nav, children }: Props) {
  const { pathname } = useLocation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        width={208}
        breakpoint="lg"
        collapsedWidth={0}
        theme="light"
        style={{ borderRight: '1px solid #eef0f3' }}
      >
        <Link
          to="/"
          style={{ display: 'block', padding: '18px 24px', fontSize: 18, fontWeight: 600, color: '#1d4ed8' }}
        >
          评审工作台
        </Link>
        <Menu
          mode="inline"
          selectedKeys={selectedKey(pathname, nav)}
          items={nav.map((e) => ({ key: e.to, label: <Link to={e.to}>{e.label}</Link> }))}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', borderBottom: '1px solid #eef0f3' }}>
          <Flex justify="flex-end" align="center" gap={12} style={{ height: '100%' }}>
            <Typography.Text strong data-testid="current-user">
              {user.displayName}
            </Typography.Text>
            {user.roles.map((role) => (
              <Tag key={role} color="blue">
                {ROLE_LABELS[role]}
              </Tag>
            ))}
            <Form method="post" action="/logout">
              <Button htmlType="submit">退出登录</Button>
            </Form>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c' }}>Pingshen 评审工作台</Layout.Footer>
      </Layout>
    </Layout>
  );
}
