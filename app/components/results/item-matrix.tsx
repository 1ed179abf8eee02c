// One item's expert × criterion matrix (专家评分明细), loaded when its row is expanded, with the
// chair's and the agency's actions per sheet: 退回修改 a submitted sheet, 标记缺席 / 取消缺席.
import { useFetcher } from '@remix-run/react';
import { Alert, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { formatScore } from './labels';
import { ReasonDialog } from './reason-dialog';
import type { Matrix, MatrixExpert, ResultRow, ResultsPageData } from './types';

const STATE_TAG: Record<string, { color: string; text: string }> = {
  draft: { color: 'default', text: '未提交' },
  submitted: { color: 'blue', text: '已提交' },
  locked: { color: 'purple', text: '已锁定' },
};

export function SheetStateTag({ expert }: { expert: MatrixExpert }) {
  if (expert.absent) return <Tag color="orange">缺席</Tag>;
  if (expert.recused) return <Tag>回避</Tag>;
  const tag = STATE_TAG[expert.state] ?? { color: 'default', text: expert.state };
  return <Tag color={tag.color}>{tag.text}</Tag>;
}

type Props = {
  roundId: string;
  row: ResultRow;
  /** Query string of the page (filters), so the matrix is read with the same scope. */
  search: string;
  decimals: number;
  canManage: boolean;
  onMessage: (message: string) => void;
};

/** Loads the matrix through the page's own loader (`?item=`), so live revalidation refreshes it too. */
export function ItemMatrix({ roundId, row, search, decimals, canManage, onMessage }: Props) {
  const fetcher = useFetcher<ResultsPageData>({ key: `matrix-${row.itemId}` });
  const params = new URLSearchParams(search);
  params.set('item', row.itemId);
  const href = `/rounds/${roundId}/results?${params.toString()}`;
  useEffect(() => {
    fetcher.load(href);
    // Reload when the row's result changes (a new version arrives through the page's revalidation).
  }, [href, row.version, row.submitted, row.locked]);

  const matrix = fetcher.data?.matrix?.itemId === row.itemId ? fetcher.data.matrix.data : undefined;
  if (matrix === undefined) return <Spin size="small" tip="正在读取评分明细…" />;
  if (matrix === null) return <Empty description="没有这个评审对象的评分明细" />;
  return (
    <MatrixTable matrix={matrix} row={row} decimals={decimals} canManage={canManage} onMessage={onMessage} />
  );
}

function MatrixTable({
  matrix,
  row,
  decimals,
  canManage,
  onMessage,
}: {
  matrix: Matrix;
  row: ResultRow;
  decimals: number;
  canManage: boolean;
  onMessage: (message: string) => void;
}) {
  if (matrix.experts.length === 0) return <Empty description="该评审对象还没有评分表" />;
  const actions = canManage && !row.locked;
  // width 0 / min-width 100%: the matrix takes the row's width and scrolls inside it, instead of
  // widening the results table to the matrix's width.
  return (
    <Space direction="vertical" style={{ width: 0, minWidth: '100%' }} data-testid={`matrix-${row.itemId}`}>
      {row.locked ? (
        <Alert
          type="info"
          showIcon
          message="该评审对象的评分表已锁定；如需修改，须由评审机构说明理由后解锁"
        />
      ) : null}
      <Table<MatrixExpert>
        size="small"
        pagination={false}
        rowKey={(e) => e.sheetId ?? e.expertId ?? e.label}
        dataSource={matrix.experts}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '专家', dataIndex: 'label', fixed: 'left' },
          {
            title: '状态',
            key: 'state',
            render: (_: unknown, e: MatrixExpert) => (
              <Space size={4}>
                <SheetStateTag expert={e} />
                {e.reopenedReason && e.state === 'draft' ? (
                  <Typography.Text type="secondary">退回：{e.reopenedReason}</Typography.Text>
                ) : null}
              </Space>
            ),
          },
          ...matrix.criteria.map((c) => ({
            title: `${c.name}（${c.max}）`,
            key: c.id,
            align: 'right' as const,
            render: (_: unknown, e: MatrixExpert) =>
              Object.hasOwn(e.scores, c.id) ? (
                e.scores[c.id]
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          })),
          {
            title: '合计',
            key: 'total',
            align: 'right' as const,
            render: (_: unknown, e: MatrixExpert) =>
              e.total === null ? '—' : formatScore(e.total, decimals),
          },
          ...(actions
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, e: MatrixExpert) => (
                    <ExpertActions expert={e} row={row} onMessage={onMessage} />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

function ExpertActions({
  expert,
  row,
  onMessage,
}: {
  expert: MatrixExpert;
  row: ResultRow;
  onMessage: (message: string) => void;
}) {
  return (
    <Space size={4}>
      {expert.sheetId && expert.state === 'submitted' && !expert.absent && !expert.recused ? (
        <ReasonDialog
          trigger="退回修改"
          title={`退回修改：${expert.label}`}
          description={`退回后该评分表回到草稿状态，${expert.label}会立即看到退回理由，修改后重新提交。`}
          reasonLabel="退回修改的理由"
          okText="确认退回"
          fields={{ intent: 'reopen', sheetId: expert.sheetId }}
          onDone={onMessage}
          testId={`reopen-${expert.sheetId}`}
        />
      ) : null}
      {/* Only an unsubmitted sheet can be marked absent (a submitted one is sent back first). */}
      {expert.expertId && row.panelId && !expert.recused && (expert.state === 'draft' || expert.absent) ? (
        <ReasonDialog
          trigger={expert.absent ? '取消缺席' : '标记缺席'}
          title={`${expert.absent ? '取消缺席' : '标记缺席'}：${expert.label}`}
          description={
            expert.absent
              ? '取消后该专家的评分表重新计入应评人数。'
              : '标记缺席后，该专家对本评审对象的评分表不计入得分，也不计入应评人数。'
          }
          reasonLabel={expert.absent ? '取消缺席的理由' : '缺席的理由'}
          okText={expert.absent ? '确认取消缺席' : '确认缺席'}
          danger={!expert.absent}
          fields={{
            intent: 'absent',
            panelId: row.panelId,
            itemId: row.itemId,
            expertId: expert.expertId,
            absent: expert.absent ? '0' : '1',
          }}
          onDone={onMessage}
          testId={`absent-${expert.expertId}`}
        />
      ) : null}
    </Space>
  );
}
