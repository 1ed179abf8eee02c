// POST /api/v1/auth/token {username, password, name?} → 201 {token}. Same throttling and the same
// generic message as the login page; 403 for an account that must still change its one-time password.
import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { checkCredentials, createApiToken, retryAfterSeconds } from '#app/models/auth.server';
import { jsonError, parseJson } from '#app/utils/http.server';
import { methodNotAllowed } from './__review-api.server';

const tokenRequestSchema = z.strictObject({
  username: z
    .string({ error: '请提供用户名 username' })
    .trim()
    .min(1, { error: '请提供用户名 username' })
    .max(64),
  password: z.string({ error: '请提供密码 password' }).min(1, { error: '请提供密码 password' }).max(256),
  name: z.string().trim().min(1).max(64, { error: '令牌名称不超过 64 个字符' }).optional(),
});

export async function loader() {
  return methodNotAllowed('POST');
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const body = await parseJson(request, tokenRequestSchema);
  const check = await checkCredentials({
    username: body.username,
    password: body.password,
    ip: context.clientIp,
  });
  if (!check.ok) {
    return check.reason === 'locked'
      ? Response.json(
          { error: '登录失败次数过多，已暂时锁定，请 15 分钟后再试' },
          { status: 429, headers: { 'Retry-After': String(retryAfterSeconds(check.retryAt)) } },
        )
      : jsonError(401, '用户名或密码错误');
  }
  // An account still on its one-time password gets no token: the person must choose a password first.
  if (check.user.mustChangePassword)
    return jsonError(403, '该账号仍在使用初始密码，请先登录网页修改密码，然后再申请 API 令牌');
  const { token } = await createApiToken({ userId: check.user.id, name: body.name ?? 'API 令牌' });
  return Response.json({ token }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}
