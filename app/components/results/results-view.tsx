// The results page's body: filters (group, panel) in the query string, the live badge, the results
// table with flags and lock state, per item the expert × criterion matrix, and the exports.
import { useFetcher, useLocation, useSearchParams } from '@remix-run/react';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { PageHeader } from '#app/components/page-header';
import { ItemMatrix } from './item-matrix';
import { flagLabel, formatScore } from './labels';
import { ReasonDialog, type ActionReply } from './reason-dialog';
import type { ResultRow, ResultsPageData } from './types';
import { ResultsLive } from './results-live';

const FLAG_COLOR: Record<string, string> = {
  spread: 'orange',
  quorum: 'gold',
  vetoed: 'red',
  'veto-proposed': 'magenta',
};

function LockButton({ row, onMessage }: { row: ResultRow; onMessage: (m: string) => void }) {
  const fetcher = useFetcher<ActionReply>();
  const done = useRef(onMessage);
  done.current = onMessage;
  const reply = fetcher.data;
  useEffect(() => {
    if (reply?.ok) done.current(reply.message);
  }, [reply]);
  const complete = row.expected > 0 && row.submitted >= row.expected;
  return (
    <Space direction="vertical" size={2}>
      <Popconfirm
        title="锁定该评审对象的评分表？"
        description="锁定后评分表不能再修改，只有评审机构说明理由后才能解锁。"
        okText="确认锁定"
        cancelText="取消"
        disabled={!complete}
        onConfirm={() =>
          fetcher.submit(
            { intent: 'lock', panelId: row.panelId ?? '', itemId: row.itemId },
            { method: 'post' },
          )
        }
      >
        <Tooltip title={complete ? undefined : '应评专家全部提交后才能锁定'}>
          <Button
            size="small"
            disabled={!complete}
            loading={fetcher.state !== 'idle'}
            data-testid={`lock-${row.itemId}`}
          >
            锁定
          </Button>
        </Tooltip>
      </Popconfirm>
      {reply && !reply.ok ? <Alert type="error" message={reply.error} showIcon role="alert" /> : null}
    </Space>
  );
}

export function ResultsView({ data }: { data: ResultsPageData }) {
  if (!data.allowed)
    return (
      <>
        <PageHeader round={{ id: data.round.id, name: data.round.name, page: '评审结果' }} title="评审结果" />
        <Alert
          type="info"
          showIcon
          message="这里没有您可以查看的评审结果"
          description="评审结果只向评审机构、主管部门、系统管理员，以及担任本评审工作专家组组长的专家（仅本组）开放。"
        />
      </>
    );
  return <AllowedResultsView data={data} />;
}

function AllowedResultsView({ data }: { data: ResultsPageData }) {
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const [expanded, setExpanded] = useState<string[]>([]);
  const panelName = new Map(data.panels.map((p) => [p.id, p.name]));
  const manage = new Set(data.panels.filter((p) => p.manage).map((p) => p.id));
  const notify = (text: string) => void message.success(text);

  // Filters live in the query string (shareable, and the loader reads them); `item` never stays.
  const search = (() => {
    const params = new URLSearchParams(location.search);
    params.delete('item');
    return params.toString();
  })();
  const setFilter = (key: 'group' | 'panelId', value: string | undefined) => {
    const next = new URLSearchParams(searchParams);
    next.delete('item');
    if (value) next.set(key, value);
    else next.delete(key);
    setSearchParams(next, { replace: true, preventScrollReset: true });
  };

  const exportQuery = data.filter.panelId ? `&panelId=${encodeURIComponent(data.filter.panelId)}` : '';
  const exportBase = `/api/v1/rounds/${data.round.id}/sheets?format=`;
  const room = data.wholeRound
    ? (`round:${data.round.id}` as const)
    : (`panel:${data.filter.panelId}` as const);

  return (
    <>
      <PageHeader
        round={{ id: data.round.id, name: data.round.name, page: '评审结果' }}
        title={
          <Space>
            评审结果
            <ResultsLive room={room} version={data.version} />
          </Space>
        }
        subTitle={data.round.name}
        extra={
          <>
            <Button href={`${exportBase}xlsx${exportQuery}`} download data-testid="export-xlsx">
              导出汇总表
            </Button>
            <Tooltip title="pingshen grade 的输入格式；评审方案另行下载">
              <Button href={`${exportBase}case${exportQuery}`} download>
                导出评分数据
              </Button>
            </Tooltip>
            <Button href={`${exportBase}scheme${exportQuery}`} download>
              下载评审方案
            </Button>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card size="small">
          <Flex gap={16} wrap align="center">
            <Space>
              <span>分组</span>
              <Select
                aria-label="按分组筛选"
                allowClear
                placeholder="全部分组"
                style={{ minWidth: 180 }}
                value={data.filter.group ?? undefined}
                onChange={(value?: string) => setFilter('group', value)}
                options={data.groups.map((g) => ({ value: g, label: g || '（未分组）' }))}
              />
            </Space>
            <Space>
              <span>专家组</span>
              <Select
                aria-label="按专家组筛选"
                allowClear={data.wholeRound}
                placeholder="全部专家组"
                style={{ minWidth: 220 }}
                value={data.filter.panelId ?? undefined}
                onChange={(value?: string) => setFilter('panelId', value)}
                options={data.panels.map((p) => ({ value: p.id, label: p.name }))}
              />
            </Space>
            {!data.wholeRound ? <Tag color="gold">仅显示本人担任组长的专家组</Tag> : null}
          </Flex>
        </Card>
        {!data.visible ? <Alert type="info" showIcon message="评分尚在进行，暂不显示得分与等级" /> : null}
        <Table<ResultRow>
          size="middle"
          rowKey="itemId"
          dataSource={data.results}
          pagination={data.results.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: <Empty description="还没有评审结果" /> }}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: (keys) => setExpanded(keys as string[]),
            expandedRowRender: (row) => (
              <ItemMatrix
                roundId={data.round.id}
                row={row}
                search={search}
                decimals={data.decimals}
                canManage={row.panelId !== null && manage.has(row.panelId)}
                onMessage={notify}
              />
            ),
          }}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 64, render: (rank: number | null) => rank ?? '—' },
            { title: '评审对象', dataIndex: 'itemName' },
            { title: '分组', dataIndex: 'group', render: (g: string) => g || '—' },
            {
              title: '专家组',
              dataIndex: 'panelId',
              render: (id: string | null) => (id ? (panelName.get(id) ?? '—') : '—'),
            },
            {
              title: '得分',
              dataIndex: 'score',
              align: 'right',
              render: (score: number | null) => formatScore(score, data.decimals),
            },
            {
              title: '等级',
              key: 'grade',
              render: (_: unknown, r: ResultRow) =>
                r.grade ? (
                  <Space size={4}>
                    {r.grade}
                    {r.provisional ? <Tag color="default">暂定</Tag> : null}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '有效 / 应评',
              key: 'experts',
              render: (_: unknown, r: ResultRow) => (
                <Tooltip title={`计入得分 ${r.experts} 份；已提交 ${r.submitted} 份，应评 ${r.expected} 份`}>
                  <span>
                    {r.experts} / {r.expected}
                    <span style={{ color: '#999' }}>（已交 {r.submitted}）</span>
                  </span>
                </Tooltip>
              ),
            },
            {
              title: '标记',
              dataIndex: 'flags',
              render: (flags: string[]) =>
                flags.length === 0
                  ? '—'
                  : flags.map((f) => (
                      <Tag key={f} color={FLAG_COLOR[f] ?? 'volcano'}>
                        {flagLabel(f)}
                      </Tag>
                    )),
            },
            {
              title: '锁定',
              key: 'locked',
              render: (_: unknown, r: ResultRow) => {
                const canManage = r.panelId !== null && manage.has(r.panelId);
                if (r.locked)
                  return (
                    <Space size={4}>
                      <Tag color="purple">已锁定</Tag>
                      {canManage && data.isAgency && r.panelId ? (
                        <ReasonDialog
                          trigger="解锁"
                          title={`解锁：${r.itemName}`}
                          description="解锁后该评审对象的评分表可以再次退回修改；解锁及理由记入审计日志。"
                          reasonLabel="解锁的理由"
                          okText="确认解锁"
                          danger
                          fields={{ intent: 'unlock', panelId: r.panelId, itemId: r.itemId }}
                          onDone={notify}
                          testId={`unlock-${r.itemId}`}
                        />
                      ) : null}
                    </Space>
                  );
                return canManage ? <LockButton row={r} onMessage={notify} /> : <Tag>未锁定</Tag>;
              },
            },
          ]}
        />
      </Flex>
    </>
  );
}
