// 评审工作: every round with its kind, window and state.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Button, Card, Table, Tag } from 'antd';
import { PageHeader } from '#app/components/page-header';
import { listRounds } from '#app/models/round.server';
import { requirePermission } from '#app/utils/auth.server';
import { JURISDICTION_LABELS, KIND_LABELS, STATE_LABELS } from '#app/utils/round-labels';
import { hasPermission } from '#app/utils/permissions';

export const meta: MetaFunction = () => [{ title: '评审工作 · 评审工作台' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const rounds = await listRounds();
  return {
    canManage: hasPermission(user.roles, 'round:manage'),
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
  const { rounds, canManage } = useLoaderData<typeof loader>();
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
        <Table<Row>
          rowKey="id"
          size="middle"
          dataSource={rounds}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无评审工作' }}
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
              dataIndex: 'batch',
              width: 80,
              render: (b: number | null) => (b ? `第${b}批` : '—'),
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
