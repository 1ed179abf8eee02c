// Home page (工作台): what each role needs first.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import Card from '#antd/card';
import Col from '#antd/col';
import Empty from '#antd/empty';
import Progress from '#antd/progress';
import Row from '#antd/row';
import Space from '#antd/space';
import Statistic from '#antd/statistic';
import Table from '#antd/table';
import Tag from '#antd/tag';
import { formatDateTime, progressPercent } from '#app/components/format';
import { auditActionLabel } from '#app/utils/audit-labels';
import { LiveStatus } from '#app/components/live-status';
import { PageHeader } from '#app/components/page-header';
import { useLive } from '#app/components/use-live';
import { ChairSessions } from '#app/components/session/chair-sessions';
import { chairSessionsFor, sessionFollowFor } from '#app/components/session/follow.server';
import { SessionBanner } from '#app/components/session/session-banner';
import { useSessionFollow } from '#app/components/session/use-session-follow';
import { allLiveVersions, homeLive } from '#app/realtime/version.server';
import { requireUser } from '#app/utils/auth.server';
import { STATE_LABELS } from '#app/utils/round-labels';
import { loadHome, type AssignmentRow, type PanelRow, type RoundRow } from './__home.server';

export const meta: MetaFunction = () => [{ title: '工作台 · 评审工作台' }];

const SHEET_STATUS: Record<AssignmentRow['status'], { label: string; color?: string }> = {
  not_started: { label: '未开始' },
  draft: { label: '草稿', color: 'gold' },
  submitted: { label: '已提交', color: 'green' },
  locked: { label: '已锁定', color: 'purple' },
  recused: { label: '已回避' },
  absent: { label: '缺席' },
};
const PANEL_STATE: Record<string, string> = {
  draft: '组建中',
  drawn: '已抽取',
  confirmed: '已确认',
  closed: '已结束',
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const versions = await allLiveVersions(); // before the data: see useLive's `since`
  const home = await loadHome(user);
  // An expert whose panel's defence session is live follows it from here (issue 10 §2).
  const session = home.assignments ? await sessionFollowFor(user.id) : null;
  const chairSessions = home.assignments || home.panels ? await chairSessionsFor(user.id) : [];
  return { displayName: user.displayName, home, live: homeLive(home, versions), session, chairSessions };
}

function RoundsTable({ rows, emptyText = '暂无评审工作' }: { rows: RoundRow[]; emptyText?: string }) {
  return (
    <Table<RoundRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty description={emptyText} /> }}
      columns={[
        {
          title: '评审工作',
          dataIndex: 'name',
          render: (name: string, r) => <Link to={`/rounds/${r.id}`}>{name}</Link>,
        },
        {
          title: '状态',
          dataIndex: 'state',
          width: 110,
          render: (s: string) => <Tag>{STATE_LABELS[s as keyof typeof STATE_LABELS] ?? s}</Tag>,
        },
        { title: '评审对象', dataIndex: 'items', width: 90 },
        {
          title: '评分进度',
          width: 220,
          render: (_: unknown, r) => (
            <Progress
              percent={progressPercent(r.submitted, r.expected)}
              format={() => `${r.submitted}/${r.expected}`}
              size="small"
            />
          ),
        },
      ]}
    />
  );
}

function AssignmentsTable({ rows }: { rows: AssignmentRow[] }) {
  return (
    <Table<AssignmentRow>
      rowKey={(r) => `${r.roundId}:${r.itemId}`}
      size="small"
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={rows}
      locale={{ emptyText: <Empty description="暂无分配给您的评审任务" /> }}
      columns={[
        {
          title: '评审对象',
          dataIndex: 'itemName',
          // The expert's scoring page (专家评分), once scoring has started and the sheet exists.
          render: (name: string, r) => (r.sheetId ? <Link to={`/sheets/${r.sheetId}`}>{name}</Link> : name),
        },
        { title: '评审工作', dataIndex: 'roundName' },
        { title: '专家组', dataIndex: 'panelName', width: 180 },
        {
          title: '评分表',
          dataIndex: 'status',
          width: 100,
          render: (s: AssignmentRow['status']) => (
            <Tag color={SHEET_STATUS[s].color}>{SHEET_STATUS[s].label}</Tag>
          ),
        },
      ]}
    />
  );
}

function PanelsTable({ rows }: { rows: PanelRow[] }) {
  return (
    <Table<PanelRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty description="您暂未担任专家组组长" /> }}
      columns={[
        { title: '专家组', dataIndex: 'name' },
        { title: '评审工作', dataIndex: 'roundName' },
        {
          title: '状态',
          dataIndex: 'state',
          width: 100,
          render: (s: string) => <Tag>{PANEL_STATE[s] ?? s}</Tag>,
        },
        { title: '成员', dataIndex: 'members', width: 70 },
        { title: '评审对象', dataIndex: 'items', width: 90 },
        {
          title: '评审结果',
          key: 'results',
          width: 110,
          // The chair follows their own panel's results and acts on its sheets there (退回、锁定、缺席).
          render: (_: unknown, p: PanelRow) => (
            <Link to={`/rounds/${p.roundId}/results?panelId=${p.id}`}>查看结果</Link>
          ),
        },
      ]}
    />
  );
}

export default function HomePage() {
  const {
    displayName,
    home,
    live: follow,
    session: sessionFollow,
    chairSessions,
  } = useLoaderData<typeof loader>();
  const session = useSessionFollow(sessionFollow);
  const calledItem = session.snapshot?.currentItemId ?? null;
  const calledSheet = calledItem ? sessionFollow?.sheets[calledItem] : null;
  // Progress of the rounds shown, and the user's own sheets, without a reload.
  const live = useLive({
    rooms: follow.rooms,
    since: follow.since,
    onSheet: follow.sheets ? () => undefined : undefined,
  });
  return (
    <>
      <PageHeader
        title="工作台"
        subTitle={`您好，${displayName}`}
        extra={follow.rooms.length || follow.sheets ? <LiveStatus live={live} /> : null}
      />
      <SessionBanner
        snapshot={session.snapshot}
        offsetMs={session.offsetMs}
        expertId={sessionFollow?.expertId ?? null}
        sheetHref={calledSheet ? `/sheets/${calledSheet}` : null}
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {home.admin ? (
          <Card title="账号与审计" extra={<Link to="/admin/audit">校验审计链</Link>}>
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col span={8}>
                <Statistic title="账号总数" value={home.admin.users} />
              </Col>
              <Col span={8}>
                <Statistic title="已停用" value={home.admin.disabledUsers} />
              </Col>
              <Col span={8}>
                <Link to="/admin/users">管理账号</Link>
              </Col>
            </Row>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={home.admin.recentAudit}
              locale={{ emptyText: <Empty description="暂无审计记录" /> }}
              columns={[
                { title: '序号', dataIndex: 'seq', width: 70 },
                { title: '操作', dataIndex: 'action', render: (a: string) => auditActionLabel(a) },
                { title: '对象', dataIndex: 'entity' },
                { title: '操作人', dataIndex: 'actor', render: (a: string | null) => a ?? '系统' },
                { title: '时间', dataIndex: 'createdAt', render: (d: Date) => formatDateTime(d) },
              ]}
            />
          </Card>
        ) : null}
        {home.rounds ? (
          <Card title="评审工作与进度">
            <RoundsTable rows={home.rounds} />
          </Card>
        ) : null}
        {home.awaitingDecision ? (
          <Card title="待决定的评审工作">
            <RoundsTable
              rows={home.awaitingDecision}
              emptyText="暂无待决定的评审工作：专家评审结束、结果汇总后将在此列出"
            />
          </Card>
        ) : null}
        {home.inProgress ? (
          <Card title="进行中的评审工作">
            <RoundsTable rows={home.inProgress} emptyText="暂无进行中的评审工作" />
          </Card>
        ) : null}
        <ChairSessions rows={chairSessions} />
        {home.panels ? (
          <Card title="我担任组长的专家组">
            <PanelsTable rows={home.panels} />
          </Card>
        ) : null}
        {home.assignments ? (
          <Card title="我的评审任务">
            <AssignmentsTable rows={home.assignments} />
          </Card>
        ) : null}
      </Space>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
