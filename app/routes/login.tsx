import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Typography from '#antd/typography';
import { z } from 'zod';
import { checkCredentials, createSession, retryAfterSeconds } from '#app/models/auth.server';
import { getUser, safeRedirectTo } from '#app/utils/auth.server';
import { safeParseForm, type FieldErrors } from '#app/utils/http.server';
import { commitSessionCookie } from '#app/utils/session.server';

export const meta: MetaFunction = () => [{ title: '登录 · 评审工作台' }];

/** A document POST takes its headers from here: the 429 of a locked sign-in keeps its Retry-After. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

const loginSchema = z.object({
  username: z
    .string({ error: '请输入用户名' })
    .trim()
    .min(1, { error: '请输入用户名' })
    .max(64, { error: '用户名过长' }),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(256, { error: '密码过长' }),
  redirectTo: z.string().optional(),
});

/** One message for unknown user, wrong password and disabled account: no user enumeration. */
const INVALID = '用户名或密码错误';
const LOCKED = '登录失败次数过多，已暂时锁定，请 15 分钟后再试';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(safeRedirectTo(new URL(request.url).searchParams.get('redirectTo')));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await safeParseForm(request, loginSchema);
  if (!parsed.ok) return parsed.response;
  const { username, password, redirectTo } = parsed.data;
  const check = await checkCredentials({ username, password, ip: context.clientIp });
  if (!check.ok) {
    return check.reason === 'locked'
      ? data(
          { error: LOCKED, fieldErrors: {} },
          {
            status: 429,
            headers: { 'Retry-After': String(retryAfterSeconds(check.retryAt)) },
          },
        )
      : data({ error: INVALID, fieldErrors: {} }, { status: 401 });
  }
  const token = await createSession({
    userId: check.user.id,
    ip: context.clientIp,
    userAgent: request.headers.get('user-agent'),
  });
  throw redirect(safeRedirectTo(redirectTo), {
    headers: { 'Set-Cookie': await commitSessionCookie(request, token) },
  });
}

export default function LoginPage() {
  const result = useActionData<{ error?: string; fieldErrors?: FieldErrors }>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const fieldErrors = result?.fieldErrors ?? {};
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          评审工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          产业技术基础公共服务平台评审与评分
        </Typography.Paragraph>
        <Form method="post">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
          <Flex vertical gap={12}>
            {result?.error && Object.keys(fieldErrors).length === 0 ? (
              <Alert type="error" showIcon message={result.error} />
            ) : null}
            <label>
              用户名
              <Input
                name="username"
                autoComplete="username"
                autoFocus
                status={fieldErrors.username ? 'error' : undefined}
              />
              {fieldErrors.username ? (
                <Typography.Text type="danger">{fieldErrors.username}</Typography.Text>
              ) : null}
            </label>
            <label>
              密码
              <Input.Password
                name="password"
                autoComplete="current-password"
                status={fieldErrors.password ? 'error' : undefined}
              />
              {fieldErrors.password ? (
                <Typography.Text type="danger">{fieldErrors.password}</Typography.Text>
              ) : null}
            </label>
            <Button type="primary" htmlType="submit" block loading={navigation.state === 'submitting'}>
              登录
            </Button>
          </Flex>
        </Form>
      </Card>
    </Flex>
  );
}
