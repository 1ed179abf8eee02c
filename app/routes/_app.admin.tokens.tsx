// API 令牌: every personal API token with its owner, prefix and dates (the token itself is shown once
// at issue and only its SHA-256 is stored); administrators revoke a token at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import Button from '#antd/button';
import Card from '#antd/card';
import Popconfirm from '#antd/popconfirm';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { z } from 'zod';
import { formatDateTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import { listApiTokens, revokeApiToken, type ApiTokenSummary } from '#app/models/auth.server';
import { requirePermission } from '#app/utils/auth.server';
import { badRequest, safeParseForm, type FieldErrors } from '#app/utils/http.server';

export const meta: MetaFunction = () => [{ title: 'API 令牌 · 评审工作台' }];

const actionSchema = z.object({
  intent: z.literal('revoke', { error: '未知操作' }),
  tokenId: z
    .string({ error: '缺少令牌' })
    .trim()
    .min(1, { error: '缺少令牌' })
    .max(64, { error: '令牌不存在' }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'user:manage');
  return { tokens: await listApiTokens() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, 'user:manage');
  const parsed = await safeParseForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  const outcome = await revokeApiToken(actor.id, parsed.data.tokenId);
  if (!outcome.ok) return badRequest({ tokenId: outcome.message });
  return { ok: true as const, message: '令牌已撤销，使用它的请求立即失效' };
}

type ActionResult = { ok: true; message: string } | { error: string; fieldErrors: FieldErrors };

function RevokeCell({ token }: { token: ApiTokenSummary }) {
  const fetcher = useFetcher<ActionResult>();
  if (token.revokedAt) return <Tag>已撤销 {formatDateTime(token.revokedAt)}</Tag>;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="tokenId" value={token.id} />
      <Popconfirm
        title="撤销后使用该令牌的脚本立即无法访问。确定撤销？"
        // The confirm button lives in a popover outside the form: submit through the fetcher.
        onConfirm={() => fetcher.submit({ intent: 'revoke', tokenId: token.id }, { method: 'post' })}
      >
        <Button size="small" danger loading={fetcher.state !== 'idle'}>
          撤销
        </Button>
      </Popconfirm>
      {fetcher.data && !('ok' in fetcher.data) ? (
        <Typography.Text type="danger"> {Object.values(fetcher.data.fieldErrors).join('；')}</Typography.Text>
      ) : null}
    </fetcher.Form>
  );
}

function status(token: ApiTokenSummary) {
  if (token.revokedAt) return <Tag>已撤销</Tag>;
  if (token.user.disabled) return <Tag color="red">账号已停用</Tag>;
  if (token.expiresAt && token.expiresAt <= new Date()) return <Tag>已过期</Tag>;
  return <Tag color="green">有效</Tag>;
}

export default function AdminTokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const active = tokens.filter((t) => !t.revokedAt).length;
  return (
    <>
      <PageHeader
        title="API 令牌"
        subTitle="个人 API 令牌只在签发时显示一次，系统只保存其哈希；此处按前缀区分，可立即撤销"
      />
      <Card title={`全部令牌（${tokens.length}，未撤销 ${active}）`}>
        <Table<ApiTokenSummary>
          rowKey="id"
          size="small"
          dataSource={tokens}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未签发任何 API 令牌' }}
          columns={[
            {
              title: '账号',
              render: (_: unknown, t) => `${t.user.displayName}（${t.user.username}）`,
            },
            { title: '名称', dataIndex: 'name' },
            {
              title: '前缀',
              dataIndex: 'prefix',
              render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
            },
            { title: '签发时间', dataIndex: 'createdAt', width: 170, render: (d: Date) => formatDateTime(d) },
            {
              title: '最近使用',
              dataIndex: 'lastUsedAt',
              width: 170,
              render: (d: Date | null) => (d ? formatDateTime(d) : '从未使用'),
            },
            { title: '状态', width: 100, render: (_: unknown, t) => status(t) },
            { title: '操作', width: 200, render: (_: unknown, t) => <RevokeCell token={t} /> },
          ]}
        />
      </Card>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
