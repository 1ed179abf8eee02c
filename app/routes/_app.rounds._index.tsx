// 评审工作: every round with its kind, window and state.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigate } from '@remix-run/react';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Table from '#antd/table';
import Tag from '#antd/tag';
import { PageHeader } from '#app/components/page-header';
import { roundSearchSchema, searchRounds } from '#app/models/round.server';
import { requirePermission } from '#app/utils/auth.server';
import { JURISDICTION_LABELS, KIND_LABELS, STATE_LABELS } from '#app/utils/round-labels';
import { hasPermission } from '#app/utils/permissions';

export const meta: MetaFunction = () => [{ title: '评审工作 · 评审工作台' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const url = new URL(request.url);
  // A hand-edited query (?page=abc) shows the first page rather than an error.
  const parsed = roundSearchSchema.safeParse(Object.fromEntries(url.searchParams));
  const filter = parsed.success ? parsed.data : { page: 1 };
  const { rounds, ...paging } = await searchRounds(filter);
  return {
    canManage: hasPermission(user.roles, 'round:manage'),
    q: filter.q ?? '',
    ...paging,
    rounds: rounds.map((r) => ({
      ...r,
      jurisdictionLabel: JURISDICTION_LABELS[r.jurisdiction],
      kindLabel: KIND_LABELS[r.kind],
      stateLabel: STATE_LABELS[r.state],
    })),
  };
}

type Row = Awaited<ReturnType<typeof loader>>['rounds'][number];

export default function RoundsPage() {
  const { rounds, canManage, q, total, page, pageSize } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const go = (next: { q?: string; page?: number }) => {
    const params = new URLSearchParams();
    const query = next.q ?? q;
    if (query) params.set('q', query);
    if ((next.page ?? 1) > 1) params.set('page', String(next.page));
    navigate(`/rounds${params.size > 0 ? `?${params}` : ''}`);
  };
  return (
    <>
      <PageHeader
        title="评审工作"
        subTitle="认定评审、年度评价、综合评审和绩效评价，每项工作使用一份从政策预设复制的评审方案"
        extra={
          canManage ? (
            <Link to="/rounds/new">
              <Button type="primary">新建评审工作</Button>
            </Link>
          ) : null
        }
      />
      <Card>
        <Form method="get" key={q}>
          <Flex gap={8} style={{ marginBottom: 16, maxWidth: 480 }}>
            <Input
              name="q"
              defaultValue={q}
              placeholder="按名称搜索评审工作"
              aria-label="按名称搜索"
              allowClear
            />
            <Button htmlType="submit" type="primary">
              搜索
            </Button>
          </Flex>
        </Form>
        <Table<Row>
          rowKey="id"
          size="middle"
          dataSource={rounds}
          pagination={{
            current: page,
            pageSize,
            total,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 项`,
            onChange: (p) => go({ page: p }),
          }}
          locale={{ emptyText: q ? `没有名称包含“${q}”的评审工作` : '暂无评审工作' }}
          columns={[
            {
              title: '名称',
              dataIndex: 'name',
              render: (name: string, r) => <Link to={`/rounds/${r.id}`}>{name}</Link>,
            },
            { title: '主管部门', dataIndex: 'jurisdictionLabel', width: 130 },
            { title: '类型', dataIndex: 'kindLabel', width: 100 },
            { title: '年度', dataIndex: 'year', width: 80 },
            {
              title: '批次',
              dataIndex: 'batchLabel',
              width: 80,
              render: (b: string | null) => b ?? '—',
            },
            {
              title: '统计区间',
              width: 210,
              render: (_, r) => (r.windowStart && r.windowEnd ? `${r.windowStart} 至 ${r.windowEnd}` : '—'),
            },
            { title: '评审对象', dataIndex: 'itemCount', width: 90 },
            {
              title: '状态',
              dataIndex: 'stateLabel',
              width: 100,
              render: (s: string) => <Tag color="blue">{s}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}
