// The chair's console (组长控制台) of a defence session, for a tablet at 1024 × 768 (large buttons):
// the current applicant with the phase and a large countdown, every command of issue 10 §5, who has
// submitted (names, never scores while scoring is open), the matrix once scoring is closed, 复议,
// 锁定, 叫号 and the summary at the end. Commands go through the route's action (the same model
// function as the JSON API); the snapshot shown is the newest of the loader's, the answers' and the
// live room's (useSessionLive), and a 409 shows 会话状态已更新… with the server's snapshot adopted.
import { Link } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Checkbox from '#antd/checkbox';
import Descriptions from '#antd/descriptions';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Modal from '#antd/modal';
import Popconfirm from '#antd/popconfirm';
import Select from '#antd/select';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { formatDateTime } from '#app/components/format';
import { LiveStatus } from '#app/components/live-status';
import { PageHeader } from '#app/components/page-header';
import { flagLabel } from '#app/components/results/labels';
import { useLive } from '#app/components/use-live';
import type { sessionConsole, sessionSummary } from '#app/models/session.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { Countdown } from './countdown';
import {
  ITEM_STATUS_LABELS,
  SESSION_STATE_COLORS,
  SESSION_STATE_LABELS,
  STALE_MESSAGE,
  phaseLabel,
  quorumWarning,
} from './labels';
import { nextPendingItem } from './plan-time';
import { ScreenLinksSlot } from './screen-links-slot';
import { useSessionLive } from './use-session';

type ConsoleOutcome = Extract<Awaited<ReturnType<typeof sessionConsole>>, { ok: true }>;
type Summary = Extract<Awaited<ReturnType<typeof sessionSummary>>, { ok: true }>['summary'];
export type ConsoleData = Omit<ConsoleOutcome, 'ok'> & { summary: Summary | null };
type Expert = ConsoleData['experts'][number];

export type CommandReply =
  | { ok: true; status: number; session: SessionSnapshot }
  | {
      ok: false;
      status: number;
      error: string;
      fieldErrors?: Record<string, string>;
      session: SessionSnapshot | null;
    };

const CSS = `
.sc-console .ant-btn{min-height:48px;font-size:16px;padding-inline:18px}
.sc-console .ant-btn.ant-btn-sm{min-height:36px;font-size:14px}
.sc-console .sc-now{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:16px;align-items:center}
.sc-console .sc-applicant{font-size:28px;font-weight:700;line-height:1.25}
.sc-console .sc-phase{font-size:20px;color:#374151}
.sc-console .sc-grid{display:grid;grid-template-columns:minmax(0,1fr);gap:16px}
@media (min-width:1000px){.sc-console .sc-grid{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.sc-console .sc-expert{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 0;border-bottom:1px solid #f0f0f0}
.sc-console .sc-tick{color:#16a34a;font-weight:700}
`;

const EXTENSIONS = [
  { seconds: 60, label: '+1 分钟' },
  { seconds: 180, label: '+3 分钟' },
  { seconds: 300, label: '+5 分钟' },
];

const RELOAD_MS = 300;

export function SessionConsole({ data: loaded }: { data: ConsoleData }) {
  // The experts, the matrix and the summary: the loader's, then refreshed from
  // GET /api/v1/sessions/:id/console after every change (never a loader revalidation: one failing
  // while the server restarts would put the error page in place of the console).
  const [data, setData] = useState<ConsoleData>(loaded);
  useEffect(() => setData(loaded), [loaded]);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sessionId = loaded.session.id;
  const reload = useCallback(() => {
    if (reloadTimer.current) return;
    reloadTimer.current = setTimeout(() => {
      reloadTimer.current = undefined;
      void fetch(`/api/v1/sessions/${encodeURIComponent(sessionId)}/console`, {
        headers: { accept: 'application/json' },
      })
        .then(async (response) => {
          if (!response.ok) return;
          setData((await response.json()) as ConsoleData);
        })
        .catch(() => undefined); // offline: keep what is shown; the reconnect reloads
    }, RELOAD_MS);
  }, [sessionId]);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const { snapshot, offsetMs, live, adopt } = useSessionLive(data.session, { onChange: reload });
  // Submissions, reopenings and locks in the panel, and every resynchronisation, reload the details.
  useLive({ rooms: [`panel:${data.panel.id}`], revalidate: false, onResult: reload, onSnapshot: reload });
  const [notice, setNotice] = useState<{ type: 'error' | 'warning'; text: string } | null>(null);
  // Only while a command is in flight.
  const [busy, setBusy] = useState(false);

  // Commands through the JSON API (POST /api/v1/sessions/:id/commands, the same model function as
  // the route's action); the answer is the new snapshot, a 409 carries the current one.
  const send = (command: string, extra: Record<string, unknown> = {}) => {
    setNotice(null);
    setBusy(true);
    const sentAt = Date.now();
    void fetch(`/api/v1/sessions/${encodeURIComponent(snapshot.id)}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ command, version: snapshot.version, ...extra }),
    })
      .then(async (response) => {
        const body = (await response.json().catch(() => ({}))) as {
          session?: SessionSnapshot;
          error?: string;
        };
        if (body.session) adopt(body.session, Date.now() - sentAt);
        if (response.status === 409)
          setNotice({ type: 'warning', text: `${STALE_MESSAGE}（已载入最新状态）` });
        else if (!response.ok)
          setNotice({ type: 'error', text: body.error ?? `指令未执行（${response.status}）` });
        reload();
      })
      .catch(() => setNotice({ type: 'error', text: '网络异常，指令可能未送达：请确认状态后重试' }))
      .finally(() => setBusy(false));
  };

  const running = snapshot.state === 'live' || snapshot.state === 'paused';
  const checkedIn = Object.keys(snapshot.checkIns).length;
  const warning =
    running || snapshot.state === 'scheduled' ? quorumWarning(checkedIn, snapshot.quorum) : null;
  const current = snapshot.currentItemId;
  const currentItem = snapshot.items.find((i) => i.id === current) ?? null;
  // The loader's matrix belongs to the item it was read for; a newer snapshot may have moved on.
  const matrix = data.current && data.current.itemId === current ? data.current.matrix : null;
  const flags = data.current && data.current.itemId === current ? data.current.flags : [];
  const spread = flags.includes('spread') || (matrix?.result?.flags.includes('spread') ?? false);

  return (
    <div className="sc-console">
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <PageHeader
        round={{ id: data.round.id, name: data.round.name, page: '组长控制台' }}
        title={snapshot.name ?? '答辩会'}
        subTitle={`${data.panel.name}${snapshot.venue ? ` · ${snapshot.venue}` : ''}${
          snapshot.scheduledAt ? ` · ${formatDateTime(snapshot.scheduledAt)}` : ''
        }`}
        extra={
          <>
            <Tag
              color={SESSION_STATE_COLORS[snapshot.state]}
              data-testid="session-state"
              data-state={snapshot.state}
              style={{ fontSize: 16, padding: '6px 12px' }}
            >
              {SESSION_STATE_LABELS[snapshot.state]}
            </Tag>
            <LiveStatus live={live} />
            {data.isAgency ? <Link to={`/rounds/${data.round.id}/sessions`}>答辩安排</Link> : null}
          </>
        }
      />
      {notice ? (
        <Alert
          type={notice.type}
          showIcon
          closable
          onClose={() => setNotice(null)}
          message={notice.text}
          style={{ marginBottom: 12 }}
          data-testid="console-notice"
        />
      ) : null}
      {warning ? (
        <Alert
          type="warning"
          showIcon
          message={warning}
          style={{ marginBottom: 12 }}
          data-testid="quorum-warning"
        />
      ) : null}

      {snapshot.state === 'scheduled' ? (
        <Card style={{ marginBottom: 16 }}>
          <Flex justify="space-between" align="center" gap={16} wrap>
            <Typography.Text style={{ fontSize: 18 }}>
              答辩会尚未开始：共 {snapshot.order.length} 个评审对象。开始后可签到、叫号和计时。
            </Typography.Text>
            <Button
              type="primary"
              size="large"
              loading={busy}
              onClick={() => send('start')}
              data-testid="cmd-start"
            >
              开始答辩会
            </Button>
          </Flex>
        </Card>
      ) : null}

      {snapshot.state === 'closed' ? <SummaryCard summary={data.summary} snapshot={snapshot} /> : null}

      <div className="sc-grid">
        <Flex vertical gap={16}>
          <Card title="当前评审对象" data-testid="current-card">
            <div className="sc-now">
              <div>
                <div className="sc-applicant" data-testid="current-item" data-item-id={current ?? ''}>
                  {snapshot.currentItemName ?? currentItem?.name ?? '尚未叫号'}
                </div>
                <div className="sc-phase">
                  <span data-testid="current-phase">{phaseLabel(snapshot)}</span>
                  {snapshot.state === 'paused' ? (
                    <Tag color="orange" style={{ marginLeft: 8 }}>
                      已暂停
                    </Tag>
                  ) : null}
                  {snapshot.scoringOpen ? (
                    <Tag color="green" style={{ marginLeft: 8 }} data-testid="scoring-open">
                      评分已开放
                    </Tag>
                  ) : null}
                </div>
              </div>
              <div style={{ textAlign: 'right' }}>
                <Countdown snapshot={snapshot} offsetMs={offsetMs} fontSize={88} />
                {snapshot.phaseSeconds ? (
                  <div style={{ color: '#6b7280' }}>
                    本阶段计划 {Math.round(snapshot.phaseSeconds / 60)} 分钟
                  </div>
                ) : null}
              </div>
            </div>
            {running ? (
              <Flex vertical gap={12} style={{ marginTop: 16 }}>
                <Flex gap={8} wrap>
                  <Button
                    type={snapshot.phase === null && !snapshot.scoringOpen ? 'primary' : 'default'}
                    disabled={!current || busy}
                    onClick={() => send('start-phase', { phase: 'presentation' })}
                    data-testid="cmd-presentation"
                  >
                    开始陈述
                  </Button>
                  <Button
                    type={snapshot.phase === 'presentation' ? 'primary' : 'default'}
                    disabled={!current || busy}
                    onClick={() => send('start-phase', { phase: 'qa' })}
                    data-testid="cmd-qa"
                  >
                    开始问答
                  </Button>
                  {snapshot.state === 'paused' ? (
                    <Button disabled={busy} onClick={() => send('resume')} data-testid="cmd-resume">
                      继续
                    </Button>
                  ) : (
                    <Button disabled={busy} onClick={() => send('pause')} data-testid="cmd-pause">
                      暂停
                    </Button>
                  )}
                  {EXTENSIONS.map((e) => (
                    <Button
                      key={e.seconds}
                      disabled={!snapshot.phase || busy}
                      onClick={() => send('extend', { seconds: e.seconds })}
                      data-testid={`cmd-extend-${e.seconds}`}
                    >
                      延长 {e.label}
                    </Button>
                  ))}
                </Flex>
                <Flex gap={8} wrap>
                  {snapshot.scoringOpen ? (
                    <Button
                      type="primary"
                      disabled={busy}
                      onClick={() => send('close-scoring')}
                      data-testid="cmd-close-scoring"
                    >
                      结束评分
                    </Button>
                  ) : (
                    <Button
                      type={snapshot.phase === 'qa' ? 'primary' : 'default'}
                      disabled={!current || busy || currentItem?.status === 'locked'}
                      onClick={() => send('open-scoring')}
                      data-testid="cmd-open-scoring"
                    >
                      开放评分
                    </Button>
                  )}
                  <RescoreButton
                    experts={data.experts}
                    highlight={spread}
                    disabled={!current || busy || currentItem?.status === 'locked'}
                    onSend={(expertIds, reason) => send('request-rescore', { expertIds, reason })}
                  />
                  <Popconfirm
                    title="锁定该评审对象的评分表？"
                    description="锁定后专家不能再修改，如需修改须由评审机构说明理由后解锁。"
                    okText="锁定"
                    cancelText="取消"
                    onConfirm={() => send('lock-item')}
                  >
                    <Button
                      danger
                      disabled={!current || busy || snapshot.scoringOpen || currentItem?.status === 'locked'}
                      data-testid="cmd-lock"
                    >
                      锁定
                    </Button>
                  </Popconfirm>
                </Flex>
              </Flex>
            ) : null}
          </Card>

          {current ? (
            <ScoringCard
              snapshot={snapshot}
              experts={data.experts}
              matrix={matrix}
              flags={flags}
              spread={spread}
            />
          ) : null}

          <QueueCard
            snapshot={snapshot}
            running={running}
            busy={busy}
            onCall={(itemId) => send('set-current', { itemId })}
          />
        </Flex>

        <Flex vertical gap={16}>
          <Card
            title={`签到（${checkedIn}/${snapshot.seated}，法定人数 ${snapshot.quorum}）`}
            data-testid="checkin-card"
          >
            {data.experts.map((e) => {
              const at = snapshot.checkIns[e.expertId];
              return (
                <div className="sc-expert" key={e.expertId} data-testid={`expert-${e.expertId}`}>
                  <span>
                    {e.name}
                    {e.role === 'chair' ? <Tag style={{ marginLeft: 6 }}>组长</Tag> : null}
                  </span>
                  {at ? (
                    <Tag color="green" data-testid="checked-in">
                      已签到 {formatDateTime(at).slice(11)}
                    </Tag>
                  ) : (
                    <Button
                      size="small"
                      disabled={snapshot.state === 'closed' || busy}
                      onClick={() => send('check-in', { expertId: e.expertId })}
                      data-testid={`cmd-checkin-${e.expertId}`}
                    >
                      签到
                    </Button>
                  )}
                </div>
              );
            })}
          </Card>

          <ScreenLinksSlot sessionId={snapshot.id} />

          {running ? (
            <Card>
              <Popconfirm
                title="结束答辩会？"
                description="结束后不能再叫号、计时或开放评分。"
                okText="结束"
                cancelText="取消"
                onConfirm={() => send('end')}
              >
                <Button danger block disabled={busy} data-testid="cmd-end">
                  结束答辩会
                </Button>
              </Popconfirm>
            </Card>
          ) : null}
        </Flex>
      </div>
    </div>
  );
}

function ScoringCard({
  snapshot,
  experts,
  matrix,
  flags,
  spread,
}: {
  snapshot: SessionSnapshot;
  experts: Expert[];
  matrix: NonNullable<ConsoleData['current']>['matrix'];
  flags: string[];
  spread: boolean;
}) {
  const submitted = new Set(snapshot.currentSubmittedBy);
  const counts = snapshot.currentItemId ? snapshot.submissions[snapshot.currentItemId] : undefined;
  return (
    <Card
      title={`评分情况${counts ? `（已提交 ${counts.submitted}/${counts.expected}）` : ''}`}
      data-testid="scoring-card"
    >
      <Flex gap={8} wrap data-testid="submitted-list">
        {experts.map((e) => (
          <Tag
            key={e.expertId}
            color={submitted.has(e.expertId) ? 'green' : 'default'}
            style={{ fontSize: 15, padding: '4px 10px' }}
            data-submitted={submitted.has(e.expertId) ? 'true' : 'false'}
          >
            {e.name}
            {submitted.has(e.expertId) ? <span className="sc-tick"> ✓</span> : null}
            {e.sheetStateCurrent === 'recused'
              ? '（回避）'
              : e.sheetStateCurrent === 'absent'
                ? '（缺席）'
                : ''}
          </Tag>
        ))}
      </Flex>
      {snapshot.scoringOpen ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          评分进行中：结束评分后显示各专家的分数。
        </Typography.Paragraph>
      ) : null}
      {spread ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="spread-flag"
          message="分差过大：可请相关专家复议"
        />
      ) : null}
      {!snapshot.scoringOpen && matrix ? (
        <div style={{ marginTop: 12 }} data-testid="current-matrix">
          <Table
            size="small"
            pagination={false}
            rowKey={(e) => e.sheetId ?? e.expertId ?? e.label}
            dataSource={matrix.experts}
            columns={[
              { title: '专家', dataIndex: 'label' },
              {
                title: '状态',
                key: 'state',
                render: (_: unknown, e: (typeof matrix.experts)[number]) =>
                  e.absent
                    ? '缺席'
                    : e.recused
                      ? '回避'
                      : e.state === 'draft'
                        ? '未提交'
                        : e.state === 'locked'
                          ? '已锁定'
                          : '已提交',
              },
              {
                title: '合计',
                key: 'total',
                align: 'right' as const,
                render: (_: unknown, e: (typeof matrix.experts)[number]) =>
                  e.total === null ? '—' : e.total,
              },
            ]}
          />
          <Descriptions size="small" column={3} style={{ marginTop: 8 }}>
            <Descriptions.Item label="汇总得分">
              <strong data-testid="aggregate">{matrix.result?.score ?? '—'}</strong>
            </Descriptions.Item>
            <Descriptions.Item label="等级">{matrix.result?.grade ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="提示">
              {[...new Set([...(matrix.result?.flags ?? []), ...flags])].map((f) => (
                <Tag key={f} color="orange">
                  {flagLabel(f)}
                </Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
        </div>
      ) : null}
    </Card>
  );
}

function RescoreButton({
  experts,
  highlight,
  disabled,
  onSend,
}: {
  experts: Expert[];
  highlight: boolean;
  disabled: boolean;
  onSend: (expertIds: string[], reason: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const candidates = experts.filter(
    (e) => e.sheetStateCurrent === 'submitted' || e.sheetStateCurrent === 'locked',
  );
  return (
    <>
      <Button
        type={highlight ? 'primary' : 'default'}
        danger={highlight}
        disabled={disabled}
        onClick={() => setOpen(true)}
        data-testid="cmd-rescore"
      >
        复议
      </Button>
      <Modal
        open={open}
        title="请专家复议"
        okText="退回复议"
        cancelText="取消"
        okButtonProps={{ disabled: chosen.length === 0 || reason.trim() === '' }}
        onCancel={() => setOpen(false)}
        onOk={() => {
          onSend(chosen, reason.trim());
          setOpen(false);
          setChosen([]);
          setReason('');
        }}
      >
        <p>所选专家的评分表将退回修改，并显示复议理由。</p>
        {candidates.length === 0 ? (
          <Alert type="info" message="当前还没有已提交的评分表" style={{ marginBottom: 8 }} />
        ) : null}
        <Checkbox.Group
          value={chosen}
          onChange={(v) => setChosen(v as string[])}
          options={candidates.map((e) => ({ label: e.name, value: e.expertId }))}
          data-testid="rescore-experts"
        />
        <Input.TextArea
          aria-label="复议理由"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={500}
          style={{ marginTop: 12 }}
          placeholder="请说明复议理由，如各专家评分差距过大"
        />
        {reason.trim() === '' ? <div style={{ color: '#dc2626', marginTop: 4 }}>请填写复议理由</div> : null}
      </Modal>
    </>
  );
}

function QueueCard({
  snapshot,
  running,
  busy,
  onCall,
}: {
  snapshot: SessionSnapshot;
  running: boolean;
  busy: boolean;
  onCall: (itemId: string) => void;
}) {
  const next = nextPendingItem(snapshot);
  const [picked, setPicked] = useState<string | null>(null);
  // The default follows the room: once the picked item is no longer pending, fall back to the next.
  const pending = useMemo(() => snapshot.items.filter((i) => i.status === 'pending'), [snapshot.items]);
  const target = picked && pending.some((i) => i.id === picked) ? picked : next;
  const byId = new Map(snapshot.items.map((i) => [i.id, i]));
  const currentLocked = snapshot.currentItemId ? byId.get(snapshot.currentItemId)?.status === 'locked' : true;
  return (
    <Card title="答辩顺序" data-testid="queue-card">
      {running ? (
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Select
            style={{ minWidth: 280 }}
            size="large"
            value={target ?? undefined}
            placeholder="没有待答辩的评审对象"
            onChange={(v: string) => setPicked(v)}
            options={pending.map((i) => ({
              value: i.id,
              label: `${snapshot.order.indexOf(i.id) + 1}. ${i.name}`,
            }))}
            data-testid="call-select"
          />
          <Button
            type={currentLocked ? 'primary' : 'default'}
            disabled={!target || busy}
            onClick={() => target && onCall(target)}
            data-testid="cmd-call"
          >
            {snapshot.currentItemId ? '下一位' : '叫号'}
          </Button>
        </Flex>
      ) : null}
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={snapshot.order.map((id, index) => ({
          id,
          index,
          name: byId.get(id)?.name ?? id,
          status: byId.get(id)?.status ?? 'pending',
          counts: snapshot.submissions[id],
        }))}
        columns={[
          { title: '序号', dataIndex: 'index', width: 64, render: (i: number) => i + 1 },
          { title: '评审对象', dataIndex: 'name' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: SessionSnapshot['items'][number]['status']) => (
              <Tag color={s === 'current' ? 'blue' : s === 'locked' ? 'purple' : 'default'}>
                {ITEM_STATUS_LABELS[s]}
              </Tag>
            ),
          },
          {
            title: '已提交',
            dataIndex: 'counts',
            render: (c?: { submitted: number; expected: number }) =>
              c ? `${c.submitted}/${c.expected}` : '—',
          },
        ]}
      />
    </Card>
  );
}

function SummaryCard({ summary, snapshot }: { summary: Summary | null; snapshot: SessionSnapshot }) {
  return (
    <Card title="答辩会小结" style={{ marginBottom: 16 }} data-testid="summary">
      {summary ? (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label="已完成评分">
              <span data-testid="summary-scored">
                {summary.itemsScored} / {summary.itemsTotal}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="缺席专家">
              {summary.absentExperts.length === 0
                ? '无'
                : summary.absentExperts.map((e) => e.name).join('、')}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Text strong>复议与退回</Typography.Text>
            {summary.reopenedSheets.length === 0 ? (
              <div>无</div>
            ) : (
              <ul style={{ margin: '4px 0' }}>
                {summary.reopenedSheets.map((r, i) => (
                  <li key={i}>
                    {r.itemName} · {r.expertName}：{r.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <Typography.Text strong>超时</Typography.Text>
            {summary.overruns.length === 0 ? (
              <div>无</div>
            ) : (
              <ul style={{ margin: '4px 0' }}>
                {summary.overruns.map((o, i) => (
                  <li key={i}>
                    {o.itemName} · {o.phase === 'presentation' ? '陈述' : '问答'}超时{' '}
                    {Math.ceil(o.overrunSeconds / 60)} 分钟 （{o.overrunSeconds} 秒）
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Flex>
      ) : (
        <Typography.Text>答辩会已结束（共 {snapshot.order.length} 个评审对象）。</Typography.Text>
      )}
    </Card>
  );
}
