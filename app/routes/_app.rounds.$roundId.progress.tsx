// 评审进度: per panel and per expert, items expected / drafted / submitted.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import Card from '#antd/card';
import Empty from '#antd/empty';
import Flex from '#antd/flex';
import Progress from '#antd/progress';
import Space from '#antd/space';
import Statistic from '#antd/statistic';
import Table from '#antd/table';
import Tag from '#antd/tag';
import { progressPercent } from '#app/components/format';
import { LiveStatus } from '#app/components/live-status';
import { PageHeader } from '#app/components/page-header';
import { useLive } from '#app/components/use-live';
import { roundHeader } from '#app/models/panel.server';
import { roundProgress, type ExpertProgress } from '#app/models/progress.server';
import { roundLiveVersion } from '#app/realtime/version.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound } from '#app/utils/http.server';
import { roundParams } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '评审进度 · 评审工作台' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'progress:read');
  const { roundId } = roundParams(params);
  // Read before the progress, so a change committed in between makes the first snapshot newer.
  const liveVersion = await roundLiveVersion(roundId);
  const [round, progress] = await Promise.all([roundHeader(roundId), roundProgress(roundId)]);
  if (!round || !progress) throw notFound('评审工作不存在');
  return { round, progress, liveVersion: liveVersion ?? 0 };
}

export default function ProgressPage() {
  const { round, progress, liveVersion } = useLoaderData<typeof loader>();
  // Every submit, reopen, lock, recusal or absence in the round reloads these numbers.
  const live = useLive({ rooms: [`round:${round.id}`], since: liveVersion });
  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name, page: '评审进度' }}
        title="评审进度"
        subTitle={round.name}
        extra={
          <>
            <LiveStatus live={live} />
            <Link to={`/rounds/${round.id}`}>评审工作</Link>
            <Link to={`/rounds/${round.id}/panels`}>专家组</Link>
            <Link to={`/rounds/${round.id}/assignments`}>分配评审对象</Link>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Flex gap={16} wrap>
          <Card size="small">
            <Statistic title="应评（份）" value={progress.expected} />
          </Card>
          <Card size="small">
            <Statistic title="草稿（份）" value={progress.drafted} />
          </Card>
          <Card size="small">
            <Statistic title="已提交（份）" value={progress.submitted} />
          </Card>
          <Card size="small">
            <Statistic title="评审完成的对象" value={progress.completeItems} suffix={`/ ${progress.items}`} />
          </Card>
        </Flex>
        {progress.panels.length === 0 ? <Empty description="本轮还没有专家组" /> : null}
        {progress.panels.map((panel) => (
          <Card
            key={panel.panelId}
            title={
              <Space>
                <span>{panel.name}</span>
                <Tag color="purple">{panel.fieldGroup}</Tag>
              </Space>
            }
            extra={
              <Progress
                percent={progressPercent(panel.submitted, panel.expected)}
                style={{ width: 200 }}
                size="small"
              />
            }
          >
            <Table
              size="small"
              rowKey="expertId"
              pagination={false}
              dataSource={panel.experts}
              columns={[
                {
                  title: '专家',
                  dataIndex: 'name',
                  render: (name: string, e: ExpertProgress) => (
                    <Space>
                      {name}
                      {e.role === 'chair' ? <Tag color="gold">组长</Tag> : null}
                    </Space>
                  ),
                },
                { title: '应评', dataIndex: 'expected' },
                { title: '草稿', dataIndex: 'drafted' },
                { title: '已提交', dataIndex: 'submitted' },
                { title: '回避', dataIndex: 'recused' },
                {
                  title: '完成度',
                  key: 'percent',
                  render: (_: unknown, e: ExpertProgress) => (
                    <Progress percent={progressPercent(e.submitted, e.expected)} size="small" />
                  ),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    合计（{panel.items} 项，完成 {panel.completeItems} 项）
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1}>{panel.expected}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>{panel.drafted}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{panel.submitted}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4} colSpan={2} />
                </Table.Summary.Row>
              )}
            />
          </Card>
        ))}
      </Flex>
    </>
  );
}
