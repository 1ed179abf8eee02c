// 修改初始密码: a person signed in with a one-time password (an expert account the agency created)
// chooses their own before anything else; requireUser sends every other page here until then. Any
// signed-in user may use it to change their password.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Typography from '#antd/typography';
import { z } from 'zod';
import { sha256 } from '#app/models/auth.server';
import { changeOwnPassword } from '#app/models/user.server';
import { getUser, safeRedirectTo } from '#app/utils/auth.server';
import { safeParseForm, type FieldErrors } from '#app/utils/http.server';
import { passwordSchema } from '#app/utils/password-schema';
import { readSessionToken } from '#app/utils/session.server';

export const meta: MetaFunction = () => [{ title: '修改密码 · 评审工作台' }];

const changeSchema = z
  .object({
    current: z.string({ error: '请输入当前密码' }).min(1, { error: '请输入当前密码' }).max(256),
    password: passwordSchema,
    confirm: z.string({ error: '请再次输入新密码' }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: '两次输入的新密码不一致' });

async function signedIn(request: Request) {
  const user = await getUser(request);
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent('/change-password')}`);
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await signedIn(request);
  return {
    displayName: user.displayName,
    mustChange: user.mustChangePassword,
    redirectTo: safeRedirectTo(new URL(request.url).searchParams.get('redirectTo')),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await signedIn(request);
  const parsed = await safeParseForm(request, changeSchema);
  if (!parsed.ok) return parsed.response;
  const token = await readSessionToken(request);
  const result = await changeOwnPassword(
    user.id,
    parsed.data.current,
    parsed.data.password,
    token ? sha256(token) : null,
  );
  if (!result.ok)
    return data({ error: result.message, fieldErrors: { [result.field]: result.message } }, { status: 400 });
  throw redirect(safeRedirectTo(parsed.data.redirectTo));
}

export default function ChangePasswordPage() {
  const { displayName, mustChange, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<{ error: string; fieldErrors: FieldErrors }>();
  const busy = useNavigation().state !== 'idle';
  const errors = result?.fieldErrors ?? {};
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Card style={{ width: 420 }}>
        <Typography.Title level={3}>修改密码</Typography.Title>
        {mustChange ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={`${displayName}，您正在使用机构发放的初始密码，请先设置自己的密码再继续使用。`}
          />
        ) : null}
        {result?.error ? (
          <Alert type="error" showIcon message={result.error} style={{ marginBottom: 16 }} />
        ) : null}
        <Form method="post">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Flex vertical gap={12}>
            <label>
              当前密码（初始密码）
              <Input.Password
                name="current"
                autoComplete="current-password"
                status={errors.current ? 'error' : undefined}
              />
              {errors.current ? <Typography.Text type="danger">{errors.current}</Typography.Text> : null}
            </label>
            <label>
              新密码（至少 8 位，须含字母和数字或符号）
              <Input.Password
                name="password"
                autoComplete="new-password"
                status={errors.password ? 'error' : undefined}
              />
              {errors.password ? <Typography.Text type="danger">{errors.password}</Typography.Text> : null}
            </label>
            <label>
              再次输入新密码
              <Input.Password
                name="confirm"
                autoComplete="new-password"
                status={errors.confirm ? 'error' : undefined}
              />
              {errors.confirm ? <Typography.Text type="danger">{errors.confirm}</Typography.Text> : null}
            </label>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存新密码
            </Button>
          </Flex>
        </Form>
        <Form method="post" action="/logout" style={{ marginTop: 12 }}>
          <Button type="link" htmlType="submit" style={{ padding: 0 }}>
            退出登录
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
