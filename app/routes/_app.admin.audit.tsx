// 审计日志: recompute the hash chain and name the first broken link; browse events newest first,
// with Chinese action names, filtered by person, action and a date range (China calendar days).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigate, useSearchParams } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Select from '#antd/select';
import Space from '#antd/space';
import Table from '#antd/table';
import Typography from '#antd/typography';
import { useState } from 'react';
import { formatDateTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import { verifyAuditChain } from '#app/models/audit.server';
import {
  AUDIT_PAGE_SIZE,
  auditFilterSchema,
  listAuditEvents,
  type AuditFilter,
} from '#app/models/audit-log.server';
import { auditActionLabel } from '#app/utils/audit-labels';
import { requirePermission } from '#app/utils/auth.server';

export const meta: MetaFunction = () => [{ title: '审计日志 · 评审工作台' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'audit:read');
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = auditFilterSchema.safeParse(query);
  // A mistyped date shows its message and the unfiltered list rather than an error page.
  const filter = parsed.success ? parsed.data : { page: 1 };
  const [verification, log] = await Promise.all([verifyAuditChain(), listAuditEvents(filter)]);
  return {
    verification,
    filter,
    filterError: parsed.success ? null : parsed.error.issues.map((i) => i.message).join('；'),
    page: filter.page,
    // From the loader: AUDIT_PAGE_SIZE lives in a .server module, which is undefined in the browser
    // (antd then paged by 10 and hydration failed once the log held more than ten events).
    pageSize: AUDIT_PAGE_SIZE,
    total: log.total,
    events: log.events.map((e) => ({ ...e, actionLabel: auditActionLabel(e.action) })),
    actions: log.actions.map((a) => ({ value: a, label: auditActionLabel(a) })),
    people: [{ value: 'system', label: '系统' }, ...log.people.map((p) => ({ value: p.id, label: p.label }))],
  };
}

function FilterForm({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { filter } = data;
  const f = filter as Partial<AuditFilter>;
  const [actor, setActor] = useState(f.actor);
  const [action, setAction] = useState(f.action);
  return (
    <Form method="get">
      <Flex gap={8} wrap align="center">
        <input type="hidden" name="actor" value={actor ?? ''} />
        <input type="hidden" name="action" value={action ?? ''} />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="操作人"
          aria-label="操作人"
          style={{ width: 220 }}
          value={actor}
          onChange={setActor}
          options={data.people}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="操作"
          aria-label="操作"
          style={{ width: 220 }}
          value={action}
          onChange={setAction}
          options={data.actions}
        />
        <Input type="date" name="from" defaultValue={f.from} aria-label="起始日期" style={{ width: 160 }} />
        <span>至</span>
        <Input type="date" name="to" defaultValue={f.to} aria-label="截止日期" style={{ width: 160 }} />
        <Button type="primary" htmlType="submit">
          筛选
        </Button>
        <Link to="/admin/audit">清除筛选</Link>
      </Flex>
    </Form>
  );
}

export default function AuditPage() {
  const data = useLoaderData<typeof loader>();
  const { verification, total, page, pageSize, events, filterError } = data;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const goTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    navigate(`?${next}`);
  };
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
        <Card>
          <FilterForm key={params.toString()} data={data} />
          {filterError ? (
            <Alert type="error" showIcon message={filterError} style={{ marginTop: 12 }} />
          ) : null}
        </Card>
        <Card title={`记录（${total}）`}>
          <Table
            rowKey="id"
            size="small"
            dataSource={events}
            pagination={{
              current: page,
              pageSize,
              total,
              showSizeChanger: false,
              onChange: goTo,
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
              {
                title: '操作',
                dataIndex: 'actionLabel',
                width: 200,
                render: (label: string, e) => <span title={e.action}>{label}</span>,
              },
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
