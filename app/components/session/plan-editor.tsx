// The 答辩安排 editor of one panel: its sessions, each editable while scheduled (name, Beijing date and
// time, venue, the order of the panel's items by drag and drop or 上移/下移, timings, breaks) with
// the planned timetable shown live (plannedSlots from session-clock.ts, the formula the printout and
// the xlsx use too), and a form to create one. Posts JSON to the planning route's action.
import type { PlanningReply } from '#app/routes/_app.rounds.$roundId.sessions';
import { formatHourMinute } from '#app/components/format';
import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Input from '#antd/input';
import InputNumber from '#antd/input-number';
import Popconfirm from '#antd/popconfirm';
import Space from '#antd/space';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { formatDateTime } from '#app/components/format';
import type { listRoundSessions } from '#app/models/session.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { plannedSlots, type PlannedBreak, type SlotTimings } from '#app/utils/session-clock';
import { SESSION_STATE_COLORS, SESSION_STATE_LABELS } from './labels';
import { fromBeijingInput, moveEntry, toBeijingInput } from './plan-time';

type Panels = Extract<Awaited<ReturnType<typeof listRoundSessions>>, { ok: true }>['panels'];
export type PanelPlan = Panels[number];
type PanelItem = PanelPlan['items'][number];

/** What the 答辩安排 page's action answers (the route owns the type). */
type Reply = PlanningReply;

const CSS = `
.sp-row{display:grid;grid-template-columns:32px 40px minmax(0,1fr) 88px auto;gap:8px;align-items:center;padding:6px 8px;border:1px solid #e5e7eb;border-radius:6px;background:#fff;margin-bottom:6px}
.sp-row[data-dragging="true"]{opacity:.5}
.sp-row[data-over="true"]{border-color:#1677ff;box-shadow:0 0 0 2px rgba(22,119,255,.2)}
.sp-handle{cursor:grab;color:#9ca3af;font-size:18px;text-align:center;user-select:none}
.sp-break{margin:-2px 0 8px 80px;padding:4px 10px;background:#fef3c7;border-radius:4px;color:#92400e;font-size:13px}
.sp-time{font-variant-numeric:tabular-nums;color:#1d4ed8;font-weight:600}
.sp-error{color:#dc2626;font-size:13px;margin-top:2px}
.sp-row .ant-btn{min-height:36px}
`;

const MINUTE = 60;

const hm = (d: Date) => formatHourMinute(d);

type Draft = {
  name: string;
  venue: string;
  when: string; // Beijing 'YYYY-MM-DDTHH:mm'
  order: string[];
  presentationMin: number | null;
  qaMin: number | null;
  scoringMin: number | null;
  /** itemId → minutes of 休息 after that applicant (breaks follow the applicant when reordered). */
  breaks: Record<string, number>;
};

/** sessionId → its planned breaks (the loader reads them from the stored plan). */
export type BreaksBySession = Record<string, PlannedBreak[]>;

function draftOf(session: SessionSnapshot | null, panel: PanelPlan, breaksBySession: BreaksBySession): Draft {
  const timings = session?.timings ?? panel.defaultTimings;
  const order = session ? [...session.order] : panel.items.map((i) => i.id);
  const breaks: Record<string, number> = {};
  if (session)
    for (const b of breaksBySession[session.id] ?? []) {
      const id = order[b.afterIndex];
      if (id) breaks[id] = (breaks[id] ?? 0) + Math.round(b.seconds / MINUTE);
    }
  return {
    name: session?.name ?? '',
    venue: session?.venue ?? '',
    when: toBeijingInput(session?.scheduledAt ?? null),
    order,
    presentationMin: Math.round(timings.presentationSeconds / MINUTE),
    qaMin: Math.round(timings.qaSeconds / MINUTE),
    scoringMin: Math.round(timings.scoringSeconds / MINUTE),
    breaks,
  };
}

function timingsOf(d: Draft): SlotTimings {
  return {
    presentationSeconds: Math.max(0, d.presentationMin ?? 0) * MINUTE,
    qaSeconds: Math.max(0, d.qaMin ?? 0) * MINUTE,
    scoringSeconds: Math.max(0, d.scoringMin ?? 0) * MINUTE,
  };
}

function plannedBreaks(d: Draft): PlannedBreak[] {
  return d.order.flatMap((id, afterIndex) =>
    d.breaks[id] && d.breaks[id] > 0 ? [{ afterIndex, seconds: d.breaks[id] * MINUTE }] : [],
  );
}

/**
 * The model's input (createSessionSchema / updateSessionSchema without version). An emptied name,
 * venue or time clears it on update (null); on create it is left out.
 */
function inputOf(d: Draft, update: boolean) {
  const scheduledAt = fromBeijingInput(d.when);
  const cleared = update ? null : undefined;
  const name = d.name.trim() === '' ? cleared : d.name.trim();
  const venue = d.venue.trim() === '' ? cleared : d.venue.trim();
  const at = d.when === '' ? cleared : (scheduledAt ?? undefined);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(venue !== undefined ? { venue } : {}),
    ...(at !== undefined ? { scheduledAt: at } : {}),
    order: d.order,
    timings: {
      presentationSeconds: (d.presentationMin ?? 0) * MINUTE,
      qaSeconds: (d.qaMin ?? 0) * MINUTE,
      scoringSeconds: (d.scoringMin ?? 0) * MINUTE,
      breaks: plannedBreaks(d),
    },
  };
}

/** Field errors of the model's answer, by the prefix the field owns ('timings.qaSeconds', 'order.2'). */
function errorFor(fieldErrors: Record<string, string>, ...keys: string[]): string | null {
  for (const [k, v] of Object.entries(fieldErrors))
    if (keys.some((key) => k === key || k.startsWith(`${key}.`))) return v;
  return null;
}

export function PanelSessions({
  panel,
  breaks,
  canManage,
}: {
  panel: PanelPlan;
  breaks: BreaksBySession;
  canManage: boolean;
}) {
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={
        <Space>
          <span>{panel.panelName}</span>
          <Tag>{panel.items.length} 个评审对象</Tag>
        </Space>
      }
      extra={
        canManage && !creating ? (
          <Button
            type="primary"
            onClick={() => setCreating(true)}
            data-testid={`new-session-${panel.panelId}`}
          >
            新建答辩会
          </Button>
        ) : null
      }
      data-testid={`panel-${panel.panelId}`}
    >
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      <Flex vertical gap={16}>
        {creating ? (
          <SessionEditor panel={panel} session={null} breaks={breaks} onDone={() => setCreating(false)} />
        ) : null}
        {panel.sessions.length === 0 && !creating ? (
          <Typography.Text type="secondary">该专家组还没有安排答辩会</Typography.Text>
        ) : null}
        {panel.sessions.map((s) =>
          canManage && s.state === 'scheduled' ? (
            <SessionEditor key={s.id} panel={panel} session={s} breaks={breaks} />
          ) : (
            <SessionView key={s.id} panel={panel} session={s} breaks={breaks} />
          ),
        )}
      </Flex>
    </Card>
  );
}

function SessionLinks({ session }: { session: SessionSnapshot }) {
  const id = session.id;
  return (
    <Flex gap={12} wrap data-testid="session-links">
      <Link to={`/sessions/${id}`}>组长控制台</Link>
      <a href={`/print/sessions/${id}/schedule`} target="_blank" rel="noreferrer">
        打印答辩安排表
      </a>
      <a href={`/print/sessions/${id}/sign-in`} target="_blank" rel="noreferrer">
        打印签到表
      </a>
      <a href={`/print/sessions/${id}/summary`} target="_blank" rel="noreferrer">
        打印汇总表
      </a>
      <a href={`/print/sessions/${id}/sheets`} target="_blank" rel="noreferrer">
        打印专家评分表
      </a>
      <a href={`/api/v1/sessions/${id}/export?table=schedule&format=xlsx`} download>
        导出答辩安排表（xlsx）
      </a>
    </Flex>
  );
}

function SessionHead({ session }: { session: SessionSnapshot }) {
  return (
    <Space wrap>
      <Typography.Text strong style={{ fontSize: 16 }}>
        {session.name ?? '答辩会'}
      </Typography.Text>
      <Tag color={SESSION_STATE_COLORS[session.state]} data-testid="plan-state">
        {SESSION_STATE_LABELS[session.state]}
      </Tag>
      {session.scheduledAt ? <span>{formatDateTime(session.scheduledAt)}</span> : null}
      {session.venue ? <span>{session.venue}</span> : null}
    </Space>
  );
}

/** A session no longer editable (started, closed), or for viewers without panel:manage. */
function SessionView({
  panel,
  session,
  breaks,
}: {
  panel: PanelPlan;
  session: SessionSnapshot;
  breaks: BreaksBySession;
}) {
  const draft = draftOf(session, panel, breaks);
  return (
    <Card
      size="small"
      type="inner"
      title={<SessionHead session={session} />}
      data-testid={`session-${session.id}`}
      data-session-id={session.id}
    >
      <Flex vertical gap={8}>
        <SessionLinks session={session} />
        <Timetable draft={draft} items={panel.items} />
      </Flex>
    </Card>
  );
}

function SessionEditor({
  panel,
  session,
  breaks,
  onDone,
}: {
  panel: PanelPlan;
  session: SessionSnapshot | null;
  breaks: BreaksBySession;
  onDone?: () => void;
}) {
  const fetcher = useFetcher<Reply>({ key: `plan-${session?.id ?? `new-${panel.panelId}`}` });
  const [draft, setDraft] = useState<Draft>(() => draftOf(session, panel, breaks));
  const [dirty, setDirty] = useState(false);
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const reply = fetcher.state === 'idle' ? fetcher.data : undefined;
  const fieldErrors = reply && !reply.ok ? reply.fieldErrors : {};

  // A newer version from the server (our save, someone else's, a 409's reload) replaces the form.
  const version = session?.version;
  useEffect(() => {
    if (session) {
      setDraft(draftOf(session, panel, breaks));
      setDirty(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the server's version moves
  }, [version]);

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    if (fetcher.data.ok) {
      setSaved(fetcher.data.message);
      if (fetcher.data.intent === 'create') onDone?.();
    } else setSaved(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on each answer
  }, [fetcher.state, fetcher.data]);

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setSaved(null);
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= draft.order.length || from === to) return;
    edit({ order: moveEntry(draft.order, from, to) });
  };
  const byId = useMemo(() => new Map(panel.items.map((i) => [i.id, i])), [panel.items]);
  const outside = panel.items.filter((i) => !draft.order.includes(i.id));

  const save = () => {
    const input = inputOf(draft, session !== null);
    if (session)
      fetcher.submit(
        { intent: 'update', sessionId: session.id, input: { version: session.version, ...input } },
        { method: 'post', encType: 'application/json' },
      );
    else
      fetcher.submit(
        { intent: 'create', panelId: panel.panelId, input },
        { method: 'post', encType: 'application/json' },
      );
  };
  const remove = () => {
    if (!session) return;
    fetcher.submit(
      { intent: 'delete', sessionId: session.id, version: session.version },
      { method: 'post', encType: 'application/json' },
    );
  };

  const onDragStart = (index: number) => (e: DragEvent) => {
    setDragging(index);
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', String(index));
  };
  const onDragOver = (index: number) => (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (over !== index) setOver(index);
  };
  const onDrop = (index: number) => (e: DragEvent) => {
    e.preventDefault();
    const from = dragging ?? Number(e.dataTransfer.getData('text/plain'));
    setDragging(null);
    setOver(null);
    if (Number.isInteger(from)) move(from, index);
  };
  const whenError =
    errorFor(fieldErrors, 'scheduledAt') ??
    (draft.when !== '' && !fromBeijingInput(draft.when) ? '请填写有效的日期和时间' : null);
  const testId = session ? `session-${session.id}` : `new-session-form-${panel.panelId}`;

  return (
    <Card
      size="small"
      type="inner"
      title={session ? <SessionHead session={session} /> : '新建答辩会'}
      data-testid={testId}
      data-session-id={session?.id}
      extra={
        session ? (
          <Popconfirm
            title="删除这场答辩会？"
            description="只有未开始的答辩会可以删除。"
            okText="删除"
            cancelText="取消"
            onConfirm={remove}
          >
            <Button danger size="small" data-testid="delete-session">
              删除
            </Button>
          </Popconfirm>
        ) : (
          <Button size="small" onClick={onDone}>
            取消
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        {reply && !reply.ok ? (
          <Alert
            type={reply.stale ? 'warning' : 'error'}
            showIcon
            message={reply.error}
            data-testid={reply.stale ? 'plan-stale' : 'plan-error'}
          />
        ) : null}
        {saved && !dirty ? <Alert type="success" showIcon message={saved} data-testid="plan-saved" /> : null}
        {session ? <SessionLinks session={session} /> : null}
        <Flex gap={16} wrap>
          <label style={{ minWidth: 220 }}>
            <div>名称</div>
            <Input
              value={draft.name}
              onChange={(e) => edit({ name: e.target.value })}
              placeholder="如：第一组集中答辩"
              maxLength={100}
              status={errorFor(fieldErrors, 'name') ? 'error' : undefined}
              data-testid="plan-name"
            />
            {errorFor(fieldErrors, 'name') ? (
              <div className="sp-error">{errorFor(fieldErrors, 'name')}</div>
            ) : null}
          </label>
          <label style={{ minWidth: 220 }}>
            <div>开始时间（北京时间）</div>
            <Input
              type="datetime-local"
              value={draft.when}
              onChange={(e) => edit({ when: e.target.value })}
              status={whenError ? 'error' : undefined}
              data-testid="plan-when"
            />
            {whenError ? <div className="sp-error">{whenError}</div> : null}
          </label>
          <label style={{ minWidth: 220 }}>
            <div>地点</div>
            <Input
              value={draft.venue}
              onChange={(e) => edit({ venue: e.target.value })}
              placeholder="如：会议室 301"
              maxLength={200}
              status={errorFor(fieldErrors, 'venue') ? 'error' : undefined}
              data-testid="plan-venue"
            />
            {errorFor(fieldErrors, 'venue') ? (
              <div className="sp-error">{errorFor(fieldErrors, 'venue')}</div>
            ) : null}
          </label>
        </Flex>
        <Flex gap={16} wrap>
          {(
            [
              ['presentationMin', '陈述（分钟）', 'timings.presentationSeconds'],
              ['qaMin', '问答（分钟）', 'timings.qaSeconds'],
              ['scoringMin', '评分（分钟）', 'timings.scoringSeconds'],
            ] as const
          ).map(([key, label, field]) => (
            <label key={key}>
              <div>{label}</div>
              <InputNumber
                min={1}
                max={240}
                precision={0}
                value={draft[key]}
                onChange={(v) => edit({ [key]: v === null ? null : Number(v) } as Partial<Draft>)}
                status={errorFor(fieldErrors, field) ? 'error' : undefined}
                data-testid={`plan-${key}`}
              />
              {errorFor(fieldErrors, field) ? (
                <div className="sp-error">{errorFor(fieldErrors, field)}</div>
              ) : null}
            </label>
          ))}
          <Typography.Text type="secondary" style={{ alignSelf: 'end' }}>
            方案默认：陈述 {Math.round(panel.defaultTimings.presentationSeconds / MINUTE)} 分钟、问答{' '}
            {Math.round(panel.defaultTimings.qaSeconds / MINUTE)} 分钟、评分{' '}
            {Math.round(panel.defaultTimings.scoringSeconds / MINUTE)} 分钟
          </Typography.Text>
        </Flex>
        <div>
          <Typography.Text strong>答辩顺序</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            拖动行或用“上移/下移”调整；可在某一位之后插入休息
          </Typography.Text>
          {errorFor(fieldErrors, 'order') ? (
            <div className="sp-error">{errorFor(fieldErrors, 'order')}</div>
          ) : null}
          {errorFor(fieldErrors, 'timings.breaks') ? (
            <div className="sp-error">{errorFor(fieldErrors, 'timings.breaks')}</div>
          ) : null}
          <div style={{ marginTop: 8 }} data-testid="plan-order">
            {draft.order.map((id, index) => (
              <div key={id}>
                <div
                  className="sp-row"
                  draggable
                  onDragStart={onDragStart(index)}
                  onDragOver={onDragOver(index)}
                  onDragLeave={() => setOver((o) => (o === index ? null : o))}
                  onDrop={onDrop(index)}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                  data-dragging={dragging === index ? 'true' : 'false'}
                  data-over={over === index && dragging !== index ? 'true' : 'false'}
                  data-item-id={id}
                  data-testid="plan-row"
                >
                  <span className="sp-handle" aria-hidden>
                    ⋮⋮
                  </span>
                  <span>{index + 1}.</span>
                  <span>
                    {byId.get(id)?.name ?? id}
                    {byId.get(id)?.applicant ? (
                      <Typography.Text type="secondary"> · {byId.get(id)?.applicant}</Typography.Text>
                    ) : null}
                  </span>
                  <InputNumber
                    size="small"
                    min={0}
                    max={240}
                    precision={0}
                    placeholder="休息"
                    value={draft.breaks[id] || null}
                    onChange={(v) => edit({ breaks: { ...draft.breaks, [id]: v === null ? 0 : Number(v) } })}
                    aria-label={`${byId.get(id)?.name ?? id} 之后休息（分钟）`}
                    data-testid="plan-break"
                  />
                  <Space size={4}>
                    <Button
                      size="small"
                      disabled={index === 0}
                      onClick={() => move(index, index - 1)}
                      data-testid="move-up"
                    >
                      上移
                    </Button>
                    <Button
                      size="small"
                      disabled={index === draft.order.length - 1}
                      onClick={() => move(index, index + 1)}
                      data-testid="move-down"
                    >
                      下移
                    </Button>
                    <Button
                      size="small"
                      onClick={() => {
                        const { [id]: _gone, ...breaks } = draft.breaks;
                        edit({ order: draft.order.filter((x) => x !== id), breaks });
                      }}
                    >
                      移出
                    </Button>
                  </Space>
                </div>
                {draft.breaks[id] > 0 && index < draft.order.length - 1 ? (
                  <div className="sp-break">休息 {draft.breaks[id]} 分钟</div>
                ) : null}
              </div>
            ))}
            {outside.length > 0 ? (
              <Flex gap={8} wrap align="center" style={{ marginTop: 6 }}>
                <Typography.Text type="secondary">未安排：</Typography.Text>
                {outside.map((i: PanelItem) => (
                  <Button key={i.id} size="small" onClick={() => edit({ order: [...draft.order, i.id] })}>
                    加入 {i.name}
                  </Button>
                ))}
              </Flex>
            ) : null}
          </div>
        </div>
        <Timetable draft={draft} items={panel.items} />
        <Flex gap={8}>
          <Button
            type="primary"
            size="large"
            loading={fetcher.state !== 'idle'}
            disabled={!!whenError || (!!session && !dirty)}
            onClick={save}
            data-testid="plan-save"
          >
            {session ? '保存' : '创建答辩会'}
          </Button>
          {session && dirty ? (
            <Button
              size="large"
              onClick={() => {
                setDraft(draftOf(session, panel, breaks));
                setDirty(false);
              }}
            >
              撤销修改
            </Button>
          ) : null}
        </Flex>
      </Flex>
    </Card>
  );
}

/** The planned timetable (答辩安排表) of the draft as it stands: each applicant's planned start. */
function Timetable({ draft, items }: { draft: Draft; items: PanelItem[] }) {
  const start = fromBeijingInput(draft.when);
  const names = new Map(items.map((i) => [i.id, i.name]));
  const slots = plannedSlots(
    start ? new Date(start) : new Date(0),
    draft.order,
    timingsOf(draft),
    plannedBreaks(draft),
  );
  if (slots.length === 0) return <Typography.Text type="secondary">还没有安排评审对象</Typography.Text>;
  return (
    <div data-testid="timetable">
      <Typography.Text strong>计划时间表</Typography.Text>
      {!start ? (
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          填写开始时间后显示各评审对象的计划开始时间
        </Typography.Text>
      ) : null}
      <table style={{ borderCollapse: 'collapse', width: '100%', marginTop: 6 }}>
        <thead>
          <tr style={{ textAlign: 'left', background: '#f9fafb' }}>
            <th style={{ padding: 4 }}>序号</th>
            <th style={{ padding: 4 }}>评审对象</th>
            <th style={{ padding: 4 }}>陈述</th>
            <th style={{ padding: 4 }}>问答</th>
            <th style={{ padding: 4 }}>评分</th>
            <th style={{ padding: 4 }}>结束</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((s) => (
            <tr
              key={s.itemId}
              data-testid="slot"
              data-item-id={s.itemId}
              style={{ borderTop: '1px solid #f0f0f0' }}
            >
              <td style={{ padding: 4 }}>{s.index + 1}</td>
              <td style={{ padding: 4 }}>
                {names.get(s.itemId) ?? s.itemId}
                {s.breakAfterSeconds > 0 && s.index < slots.length - 1 ? (
                  <Tag color="gold" style={{ marginLeft: 6 }}>
                    之后休息 {Math.round(s.breakAfterSeconds / MINUTE)} 分钟
                  </Tag>
                ) : null}
              </td>
              <td style={{ padding: 4 }} className="sp-time" data-testid="slot-start">
                {start ? hm(s.start) : '—'}
              </td>
              <td style={{ padding: 4 }} className="sp-time">
                {start ? hm(s.qaStart) : '—'}
              </td>
              <td style={{ padding: 4 }} className="sp-time">
                {start ? hm(s.scoringStart) : '—'}
              </td>
              <td style={{ padding: 4 }} className="sp-time">
                {start ? hm(s.end) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
