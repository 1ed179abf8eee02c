// 我主持的答辩会: on the chair's home page, the sessions of the panels they chair with a link to the
// console (组长控制台), so a chair can start a scheduled session.
import { Link } from '@remix-run/react';
import Card from '#antd/card';
import Table from '#antd/table';
import Tag from '#antd/tag';
import { formatDateTime } from '#app/components/format';
import type { ChairSessionRow } from './follow.server';
import { SESSION_STATE_COLORS, SESSION_STATE_LABELS } from './labels';

export function ChairSessions({ rows }: { rows: ChairSessionRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Card title="我主持的答辩会" data-testid="chair-sessions">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '答辩会', dataIndex: 'name', render: (n: string | null) => n ?? '答辩会' },
          { title: '专家组', dataIndex: 'panelName' },
          {
            title: '时间',
            dataIndex: 'scheduledAt',
            render: (d: Date | null) => (d ? formatDateTime(d) : '—'),
          },
          { title: '地点', dataIndex: 'venue', render: (v: string | null) => v ?? '—' },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: ChairSessionRow['state']) => (
              <Tag color={SESSION_STATE_COLORS[s]}>{SESSION_STATE_LABELS[s]}</Tag>
            ),
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, r: ChairSessionRow) => <Link to={`/sessions/${r.id}`}>进入组长控制台</Link>,
          },
        ]}
      />
    </Card>
  );
}
