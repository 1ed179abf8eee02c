// 审计日志: recompute the hash chain and name the first broken link; browse events newest first.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useNavigate } from '@remix-run/react';
import { Alert, Card, Space, Table, Typography } from 'antd';
import { z } from 'zod';
import { formatDateTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import { verifyAuditChain } from '#app/models/audit.server';
import { requirePermission } from '#app/utils/auth.server';
import { prisma } from '#app/utils/db.server';

export const meta: MetaFunction = () => [{ title: '审计日志 · 评审工作台' }];

const PAGE_SIZE = 50;
const querySchema = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'audit:read');
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [verification, total, events] = await Promise.all([
    verifyAuditChain(),
    prisma.auditEvent.count(),
    prisma.auditEvent.findMany({
      orderBy: { seq: 'desc' },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        seq: true,
        actorId: true,
        action: true,
        entity: true,
        entityId: true,
        before: true,
        after: true,
        createdAt: true,
        hash: true,
      },
    }),
  ]);
  const actors = await prisma.user.findMany({
    where: { id: { in: events.map((e) => e.actorId).filter((id): id is string => id !== null) } },
    select: { id: true, displayName: true, username: true },
  });
  const names = new Map(actors.map((a) => [a.id, `${a.displayName}（${a.username}）`]));
  return {
    verification,
    total,
    page,
    events: events.map((e) => ({ ...e, actor: e.actorId ? (names.get(e.actorId) ?? e.actorId) : '系统' })),
  };
}

export default function AuditPage() {
  const { verification, total, page, events } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="审计日志"
        subTitle="每次写入都追加一条以 SHA-256 链接的记录；打开本页即重新校验整条链"
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {verification.ok ? (
          <Alert
            type="success"
            showIcon
            message={`审计链完整：共 ${verification.count} 条记录，逐条校验通过`}
            data-testid="audit-status"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="audit-status"
            message={`审计链已断裂：第一处断点为第 ${verification.brokenAt.seq} 条记录（ID ${verification.brokenAt.id}）`}
            description={verification.reason}
          />
        )}
        <Card title={`全部记录（${total}）`}>
          <Table
            rowKey="id"
            size="small"
            dataSource={events}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total,
              showSizeChanger: false,
              onChange: (p) => navigate(`?page=${p}`),
            }}
            rowClassName={(e) =>
              !verification.ok && e.seq === verification.brokenAt.seq ? 'ant-table-row-selected' : ''
            }
            expandable={{
              expandedRowRender: (e) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">哈希：{e.hash}</Typography.Text>
                  <Typography.Text>变更前：{e.before ?? '（无）'}</Typography.Text>
                  <Typography.Text>变更后：{e.after ?? '（无）'}</Typography.Text>
                </Space>
              ),
            }}
            columns={[
              { title: '序号', dataIndex: 'seq', width: 80 },
              { title: '时间', dataIndex: 'createdAt', width: 180, render: (d: Date) => formatDateTime(d) },
              { title: '操作人', dataIndex: 'actor', width: 200 },
              { title: '操作', dataIndex: 'action', width: 180 },
              { title: '对象', dataIndex: 'entity', width: 140 },
              { title: '对象 ID', dataIndex: 'entityId' },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
