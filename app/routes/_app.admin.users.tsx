// 账号管理: create users, assign roles, reset passwords, disable accounts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Checkbox from '#antd/checkbox';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Popconfirm from '#antd/popconfirm';
import Space from '#antd/space';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { passwordSchema } from '#app/utils/password-schema';
import { formatDateTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import {
  createUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  setUserRoles,
  UserInputError,
  type UserSummary,
} from '#app/models/user.server';
import { requirePermission } from '#app/utils/auth.server';
import { badRequest, safeParseForm, type FieldErrors } from '#app/utils/http.server';
import { ROLE_LABELS, ROLES } from '#app/utils/permissions';
import { normaliseName } from '#app/utils/normalise-name';

export const meta: MetaFunction = () => [{ title: '账号管理 · 评审工作台' }];

// Module-level code also runs in the browser bundle, where #app/utils/http.server is an empty module:
// only zod here (calling formArray from it broke hydration of this page).
const roles = z
  .preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(ROLES, { error: '角色无效' })),
  )
  .pipe(z.array(z.enum(ROLES)).min(1, { error: '请至少选择一个角色' }));
const password = passwordSchema;
const userId = z.string({ error: '缺少账号' }).min(1, { error: '缺少账号' });

const actionSchema = z.discriminatedUnion(
  'intent',
  [
    z
      .object({
        intent: z.literal('create'),
        username: z
          .string({ error: '请输入用户名' })
          .overwrite(normaliseName)
          .trim()
          .regex(/^[A-Za-z0-9_.-]{3,32}$/, { error: '用户名为 3–32 位字母、数字、下划线、点或连字符' }),
        displayName: z
          .string({ error: '请输入姓名' })
          .trim()
          .min(1, { error: '请输入姓名' })
          .max(40, { error: '姓名不超过 40 个字符' }),
        password,
        roles,
      })
      .refine((u) => !u.password.toLowerCase().includes(u.username.toLowerCase()), {
        path: ['password'],
        error: '密码不能包含用户名',
      }),
    z.object({ intent: z.literal('roles'), userId, roles }),
    z.object({ intent: z.literal('reset-password'), userId, password }),
    z.object({ intent: z.literal('disable'), userId }),
    z.object({ intent: z.literal('enable'), userId }),
  ],
  { error: '未知操作' },
);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'user:manage');
  return { users: await listUsers() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, 'user:manage');
  const parsed = await safeParseForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  try {
    switch (input.intent) {
      case 'create':
        await createUser(actor.id, input);
        return { ok: true, message: `已创建账号 ${input.username}` };
      case 'roles':
        await setUserRoles(actor.id, input.userId, input.roles);
        return { ok: true, message: '角色已更新' };
      case 'reset-password':
        await resetPassword(actor.id, input.userId, input.password);
        return { ok: true, message: '密码已重置，该账号需重新登录' };
      case 'disable':
        await setUserDisabled(actor.id, input.userId, true);
        return { ok: true, message: '账号已停用' };
      case 'enable':
        await setUserDisabled(actor.id, input.userId, false);
        return { ok: true, message: '账号已启用' };
    }
  } catch (error) {
    if (error instanceof UserInputError) return badRequest({ [error.field]: error.message });
    throw error;
  }
}

type ActionResult = { ok: true; message: string } | { error: string; fieldErrors: FieldErrors };

function Feedback({ data }: { data: ActionResult | undefined }) {
  if (!data) return null;
  if ('ok' in data) return <Alert type="success" showIcon message={data.message} />;
  return (
    <Alert
      type="error"
      showIcon
      message={data.error}
      description={Object.values(data.fieldErrors).join('；')}
    />
  );
}

function CreateUserForm() {
  const fetcher = useFetcher<ActionResult>();
  const form = useRef<HTMLFormElement>(null);
  const created = fetcher.state === 'idle' && fetcher.data && 'ok' in fetcher.data;
  useEffect(() => {
    if (created) form.current?.reset();
  }, [created]);
  const errors = fetcher.data && 'fieldErrors' in fetcher.data ? fetcher.data.fieldErrors : {};
  return (
    <fetcher.Form method="post" ref={form}>
      <input type="hidden" name="intent" value="create" />
      <Flex vertical gap={12}>
        <Feedback data={fetcher.data} />
        <Flex gap={12} wrap>
          <Input
            name="username"
            placeholder="用户名"
            style={{ width: 180 }}
            status={errors.username ? 'error' : undefined}
            aria-label="用户名"
          />
          <Input
            name="displayName"
            placeholder="姓名"
            style={{ width: 160 }}
            status={errors.displayName ? 'error' : undefined}
            aria-label="姓名"
          />
          <Input.Password
            name="password"
            placeholder="初始密码（≥8位，含字母和数字）"
            style={{ width: 220 }}
            status={errors.password ? 'error' : undefined}
            aria-label="初始密码"
          />
        </Flex>
        <Checkbox.Group name="roles" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        <div>
          <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
            创建账号
          </Button>
        </div>
      </Flex>
    </fetcher.Form>
  );
}

function RolesCell({ user }: { user: UserSummary }) {
  const fetcher = useFetcher<ActionResult>();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="roles" />
      <input type="hidden" name="userId" value={user.id} />
      <Space direction="vertical" size={4}>
        <Checkbox.Group
          name="roles"
          defaultValue={user.roles}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <Space>
          <Button size="small" htmlType="submit" loading={fetcher.state !== 'idle'}>
            保存角色
          </Button>
          {fetcher.data ? (
            <Typography.Text type={'ok' in fetcher.data ? 'success' : 'danger'}>
              {'ok' in fetcher.data
                ? fetcher.data.message
                : Object.values(fetcher.data.fieldErrors).join('；')}
            </Typography.Text>
          ) : null}
        </Space>
      </Space>
    </fetcher.Form>
  );
}

function AccountCell({ user }: { user: UserSummary }) {
  const reset = useFetcher<ActionResult>();
  const toggle = useFetcher<ActionResult>();
  const result = reset.data ?? toggle.data;
  return (
    <Space direction="vertical" size={4}>
      <reset.Form method="post">
        <input type="hidden" name="intent" value="reset-password" />
        <input type="hidden" name="userId" value={user.id} />
        <Space.Compact>
          <Input.Password
            name="password"
            size="small"
            placeholder="新密码"
            style={{ width: 140 }}
            aria-label={`${user.username} 新密码`}
          />
          <Button size="small" htmlType="submit" loading={reset.state !== 'idle'}>
            重置密码
          </Button>
        </Space.Compact>
      </reset.Form>
      <toggle.Form method="post">
        <input type="hidden" name="intent" value={user.disabled ? 'enable' : 'disable'} />
        <input type="hidden" name="userId" value={user.id} />
        {user.disabled ? (
          <Button size="small" htmlType="submit">
            启用账号
          </Button>
        ) : (
          // The confirm button lives in a popover outside the form: submit through the fetcher.
          <Popconfirm
            title="停用后该账号立即退出登录，API 令牌失效。确定停用？"
            onConfirm={() => toggle.submit({ intent: 'disable', userId: user.id }, { method: 'post' })}
          >
            <Button size="small" danger>
              停用账号
            </Button>
          </Popconfirm>
        )}
      </toggle.Form>
      {result ? (
        <Typography.Text type={'ok' in result ? 'success' : 'danger'}>
          {'ok' in result ? result.message : Object.values(result.fieldErrors).join('；')}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

export default function AdminUsersPage() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="账号管理" subTitle="创建账号、分配角色、重置密码、停用账号；所有操作记入审计日志" />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title="新建账号">
          <CreateUserForm />
        </Card>
        <Card title={`全部账号（${users.length}）`}>
          <Table<UserSummary>
            rowKey="id"
            size="small"
            dataSource={users}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '用户名', dataIndex: 'username', width: 140 },
              { title: '姓名', dataIndex: 'displayName', width: 120 },
              {
                title: '状态',
                dataIndex: 'disabled',
                width: 80,
                render: (disabled: boolean) =>
                  disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>,
              },
              { title: '角色', render: (_: unknown, user) => <RolesCell user={user} /> },
              {
                title: '最近登录',
                dataIndex: 'lastLoginAt',
                width: 170,
                render: (d: Date | null) => (d ? formatDateTime(d) : '从未登录'),
              },
              { title: '账号操作', width: 260, render: (_: unknown, user) => <AccountCell user={user} /> },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
