// 专家评分 (issue 9 §1): one expert's score sheet for one item. The item's imported data and its
// eligibility summary beside the rubric as a form; the total as the expert types, by the engine's
// sheetTotal; drafts saved within ~2 s and on leaving the page, queued in localStorage while the
// network is down; a 409 from another tab shown, never overwritten silently; 提交 validated,
// confirmed and idempotent; read-only after submit until the chair reopens it (退回修改).
// Writes go through the JSON API (PUT /api/v1/sheets/:id, POST …/submit); 申请回避 through this
// route's action. Only antd parts this page needs are imported (bundle goal: ≤ 350 KB gzipped).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useFetcher, useLoaderData, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Alert from '#antd/alert';
import App from '#antd/app';
import Button from '#antd/button';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Modal from '#antd/modal';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { formatDateTime, formatTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import { Autosaver, type AutosaveState } from '#app/components/scoring/autosave';
import {
  browserStorage,
  tabId,
  forgetSubmitKey,
  submitKey,
  type DraftContent,
} from '#app/components/scoring/draft-store';
import { ITEM_DATA_CSS, ItemData } from '#app/components/scoring/item-data';
import { liveTotal, scoringRubric } from '#app/components/scoring/live-total';
import { SCORE_FORM_CSS, ScoreForm, vetoErrors } from '#app/components/scoring/score-form';
import { saveSheet, submitSheet } from '#app/components/scoring/sheet-api';
import { sessionFollowFor } from '#app/components/session/follow.server';
import { SessionBanner } from '#app/components/session/session-banner';
import { useSessionFollow } from '#app/components/session/use-session-follow';
import { useLive } from '#app/components/use-live';
import { getSheetPage, recuseSelf, type SheetView } from '#app/models/sheet.server';
import type { ResultRow } from '#app/realtime/events';
import { requirePermission } from '#app/utils/auth.server';
import { parseParams, safeParseForm } from '#app/utils/http.server';
import { recuseFormSchema, sheetParamsSchema } from './__sheet-page.server';

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.sheet.itemName ?? '评分表'} · 专家评分 · 评审工作台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'score:sheet:own');
  const { sheetId } = parseParams(params, sheetParamsSchema);
  // Someone else's sheet, or none: 404 (the model scopes by the user's expert record).
  const page = await getSheetPage(user.id, sheetId);
  if (!page.ok) throw new Response(null, { status: page.status === 403 ? 404 : page.status });
  // A live defence session of the expert's panel: the tablet follows the chair's 叫号 (issue 10 §2).
  const follow = await sessionFollowFor(user.id);
  return {
    sheet: page.sheet,
    item: page.item,
    scheme: page.scheme,
    panelAggregate: page.panelAggregate,
    follow,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'score:sheet:own');
  const { sheetId } = parseParams(params, sheetParamsSchema);
  const parsed = await safeParseForm(request, recuseFormSchema);
  if (!parsed.ok) return parsed.response;
  const outcome = await recuseSelf(user.id, sheetId, parsed.data.reason);
  if (!outcome.ok) {
    return data(
      { ok: false as const, error: outcome.error, fieldErrors: outcome.fieldErrors ?? {} },
      { status: outcome.status },
    );
  }
  return { ok: true as const };
}

const PAGE_CSS = `
.sc-page{display:grid;grid-template-columns:minmax(0,1fr);gap:16px}
@media (min-width:1280px){.sc-page{grid-template-columns:minmax(0,1fr) minmax(420px,520px)}.sc-form-col{position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto}}
.sc-bar{position:sticky;bottom:0;z-index:5;background:#fff;border-top:1px solid #e5e7eb;box-shadow:0 -2px 8px rgba(0,0,0,.06);padding:10px 14px;margin-top:12px;border-radius:6px 6px 0 0}
.sc-total{font-size:22px;font-weight:700;color:#1d4ed8}
.sc-bar .ant-btn{min-height:44px;min-width:96px;font-size:16px}
.sc-save{color:#6b7280;font-size:13px}
.sc-conflict table{border-collapse:collapse;margin:8px 0}
.sc-conflict td,.sc-conflict th{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}
`;

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function contentOf(sheet: SheetView): DraftContent {
  return {
    scores: { ...sheet.scores },
    comment: sheet.comment ?? '',
    vetoProposals: [...sheet.vetoProposals],
  };
}

const STATE_TAG: Record<string, { label: string; color: string }> = {
  draft: { label: '草稿', color: 'gold' },
  submitted: { label: '已提交', color: 'green' },
  locked: { label: '已锁定', color: 'purple' },
};

function SaveStatus({ state, editable }: { state: AutosaveState<SheetView>; editable: boolean }) {
  if (!editable) return null;
  const text =
    state.status === 'saving'
      ? '正在保存…'
      : state.status === 'pending'
        ? '有未保存的修改'
        : state.status === 'offline'
          ? '网络已断开：修改已暂存在本机，恢复后自动上传'
          : state.status === 'conflict'
            ? '未保存：版本冲突'
            : state.status === 'refused'
              ? `未保存：${state.error ?? ''}`
              : state.savedAt
                ? `已保存 ${formatTime(state.savedAt)}`
                : '尚未保存';
  return (
    <span className="sc-save" data-testid="save-status" data-status={state.status} role="status">
      {text}
    </span>
  );
}

// The defence-session banner and follower sit outside the sheet's own component, which is keyed by
// the sheet: moving to another sheet (the chair called the next applicant) mounts a fresh page, and
// the old one's autosaver flushes its draft as it unmounts.
export default function SheetRoute() {
  const { sheet, follow } = useLoaderData<typeof loader>();
  const session = useSessionFollow(follow, { itemId: sheet.itemId });
  const currentItem = session.snapshot?.currentItemId ?? null;
  const currentSheet = currentItem && currentItem !== sheet.itemId ? follow?.sheets[currentItem] : null;
  return (
    <>
      <SessionBanner
        snapshot={session.snapshot}
        offsetMs={session.offsetMs}
        expertId={follow?.expertId ?? null}
        sheetHref={currentSheet ? `/sheets/${currentSheet}` : null}
      />
      <SheetPage key={sheet.id} />
    </>
  );
}

function SheetPage() {
  const loaded = useLoaderData<typeof loader>();
  const { item, scheme, panelAggregate } = loaded;
  const { message, modal } = App.useApp();
  const revalidator = useRevalidator();
  const recuseFetcher = useFetcher<typeof action>();

  const [sheet, setSheet] = useState<SheetView>(loaded.sheet);
  const [content, setContent] = useState<DraftContent>(() => contentOf(loaded.sheet));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [showMissing, setShowMissing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [recuseOpen, setRecuseOpen] = useState(false);
  const [recuseReason, setRecuseReason] = useState('');

  const editable = sheet.state === 'draft' && !sheet.recused && !sheet.absent;
  const rubric = useMemo(() => scoringRubric(scheme.rubric), [scheme.rubric]);
  const total = useMemo(
    () => liveTotal(rubric, content.scores, showMissing),
    [rubric, content.scores, showMissing],
  );
  const errors = { ...serverErrors, ...total.errors, ...(showMissing ? vetoErrors(content) : {}) };

  const [saveState, setSaveState] = useState<AutosaveState<SheetView>>({
    status: 'idle',
    version: loaded.sheet.version,
    savedAt: loaded.sheet.draftSavedAt,
    conflict: null,
    error: null,
    fieldErrors: {},
  });
  const saver = useRef<Autosaver<SheetView> | null>(null);
  const latestRubric = useRef(rubric);
  latestRubric.current = rubric;

  // One autosaver per sheet, created in the browser; restores what a reload or a lost network left.
  useEffect(() => {
    const s = new Autosaver<SheetView>({
      sheetId: loaded.sheet.id,
      version: loaded.sheet.version,
      savedAt: loaded.sheet.draftSavedAt,
      storage: browserStorage(),
      tab: tabId(),
      send: (body, options) => saveSheet<SheetView>(loaded.sheet.id, body, options),
      onState: setSaveState,
      contentOf,
      // Values the engine already refuses stay on the page (and in localStorage), not in the PUT.
      sendable: (c) => {
        const bad = liveTotal(latestRubric.current, c.scores).errors;
        const scores = Object.fromEntries(Object.entries(c.scores).filter(([id]) => !bad[id]));
        return { ...c, scores, vetoProposals: c.vetoProposals.filter((p) => p.reason.trim() !== '') };
      },
    });
    saver.current = s;
    const restored = s.restore(
      contentOf(loaded.sheet),
      loaded.sheet.state === 'draft' && !loaded.sheet.recused && !loaded.sheet.absent,
      loaded.sheet,
    );
    setContent(restored);
    const onOnline = () => s.retry();
    const onHide = () => {
      if (document.visibilityState === 'hidden') s.flushOnLeave();
    };
    const onPageHide = () => s.flushOnLeave();
    const retryTimer = setInterval(() => {
      if (s.snapshot.status === 'offline') s.retry();
    }, 5000);
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      clearInterval(retryTimer);
      s.flushOnLeave();
      saver.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one autosaver per sheet id
  }, [loaded.sheet.id]);

  // The loader ran again (focus, reopen, recusal): adopt the server's sheet when nothing is queued.
  useEffect(() => {
    const s = saver.current;
    const next = loaded.sheet;
    if (next.state !== sheet.state || next.recused !== sheet.recused || next.absent !== sheet.absent) {
      setSheet(next);
      setContent(contentOf(next));
      if (next.state === 'draft' && !next.recused && !next.absent) s?.restart(next.version);
      else s?.stop();
      return;
    }
    if (next.version > sheet.version && s && !s.hasUnsaved && s.snapshot.status !== 'conflict') {
      setSheet(next);
      setContent(contentOf(next));
      s.adopt(next.version, next.draftSavedAt);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reacts to the loader's sheet only
  }, [loaded.sheet]);

  // A chair's 退回修改 or a lock reaches an open page on return to it (and live, through sheet.updated).
  useEffect(() => {
    const onFocus = () => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') revalidator.revalidate();
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [revalidator]);

  // Live: the chair reopened or locked this sheet (sheet.updated → the loader runs again, and the
  // effect above adopts the new state); a socket that reconnects means the network is back.
  const live = useLive({ rooms: [], onSheet: () => undefined });
  useEffect(() => {
    if (live.connected) saver.current?.retry();
  }, [live.connected]);

  const change = useCallback((next: DraftContent) => {
    setContent(next);
    setServerErrors({});
    saver.current?.edit(next);
  }, []);

  const resolveConflict = (choice: 'theirs' | 'mine') => {
    const s = saver.current;
    const server = saveState.conflict?.sheet ?? null;
    const version = saveState.conflict?.version ?? server?.version ?? sheet.version;
    if (!s) return;
    if (choice === 'theirs' && server) {
      setSheet(server);
      setContent(contentOf(server));
    }
    s.resolveConflict(choice, version);
    if (choice === 'theirs' && !server) revalidator.revalidate();
  };

  const submit = async () => {
    const check = liveTotal(rubric, content.scores, true);
    const vetoes = vetoErrors(content);
    setShowMissing(true);
    if (check.total === null || Object.keys(vetoes).length > 0) {
      void message.error('评分表还有未填或不符合要求的项，请按提示修改后再提交');
      return;
    }
    const confirmed = await modal.confirm({
      title: '确认提交评分表？',
      content: (
        <div data-testid="submit-confirm">
          <p>
            评审对象：{sheet.itemName}
            <br />
            加权总分：<strong className="sc-total">{check.total}</strong>
          </p>
          {content.vetoProposals.length > 0 ? <p>提议一票否决：{content.vetoProposals.length} 项</p> : null}
          <p>提交后不能再修改；如需修改，须由专家组组长退回。</p>
        </div>
      ),
      okText: '提交',
      cancelText: '再检查一下',
    });
    if (!confirmed) return;
    const s = saver.current;
    if (!s) return;
    setSubmitting(true);
    try {
      await s.settle();
      const storage = browserStorage();
      const key = submitKey(storage, sheet.id);
      const answer = await submitSheet<SheetView, ResultRow>(
        sheet.id,
        { version: s.version, ...content },
        key,
      );
      if (answer.kind === 'offline') {
        // The key stays: a retry (or a reload and retry) is applied once by the server.
        void message.error('网络异常，提交结果未知；请稍后再点“提交”，重复提交只会计一次');
        return;
      }
      forgetSubmitKey(storage, sheet.id);
      if (answer.kind === 'submitted') {
        s.stop();
        setSheet(answer.sheet);
        setContent(contentOf(answer.sheet));
        setServerErrors({});
        void message.success('评分表已提交');
        revalidator.revalidate();
      } else if (answer.kind === 'refused') {
        setServerErrors(answer.fieldErrors);
        void message.error(answer.error);
      } else {
        void message.error(answer.error);
        revalidator.revalidate();
      }
    } finally {
      setSubmitting(false);
    }
  };

  useEffect(() => {
    const d = recuseFetcher.data;
    if (recuseFetcher.state !== 'idle' || !d) return;
    if (d.ok) {
      setRecuseOpen(false);
      void message.success('已申请回避');
    }
  }, [recuseFetcher.state, recuseFetcher.data, message]);
  const recuseError = recuseFetcher.data && !recuseFetcher.data.ok ? recuseFetcher.data.error : null;

  const state = sheet.recused
    ? { label: '已回避', color: 'default' }
    : sheet.absent
      ? { label: '缺席', color: 'default' }
      : (STATE_TAG[sheet.state] ?? { label: sheet.state, color: 'default' });

  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: PAGE_CSS + ITEM_DATA_CSS + SCORE_FORM_CSS }} />
      <PageHeader
        title={sheet.itemName}
        subTitle={`${scheme.name} · 专家评分`}
        extra={
          <>
            <Tag color={state.color} data-testid="sheet-state" style={{ fontSize: 14, padding: '4px 10px' }}>
              {state.label}
            </Tag>
            <Link to="/">返回工作台</Link>
          </>
        }
      />
      {sheet.state === 'draft' && sheet.reopenedReason && !sheet.recused ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="reopened"
          message={`退回修改：${sheet.reopenedReason}`}
          description="组长已将评分表退回，请修改后重新提交。"
        />
      ) : null}
      {sheet.recused ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`您已申请回避：${sheet.recusalReason ?? ''}`}
        />
      ) : null}
      {sheet.absent ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`已标记缺席：${sheet.absentReason ?? ''}`}
        />
      ) : null}
      {sheet.state !== 'draft' && !sheet.recused ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="read-only"
          message={sheet.state === 'locked' ? '评分表已锁定，不能修改' : '评分表已提交，不能修改'}
          description={sheet.submittedAt ? `提交时间 ${formatDateTime(sheet.submittedAt)}` : undefined}
        />
      ) : null}
      {panelAggregate ? <PanelAggregate row={panelAggregate} /> : null}
      {saveState.status === 'conflict' && editable ? (
        <Conflict
          state={saveState}
          content={content}
          criteria={scheme.criteria}
          onResolve={resolveConflict}
        />
      ) : null}
      <div className="sc-page">
        <div>
          <ItemData item={item} />
        </div>
        <div className="sc-form-col">
          <ScoreForm
            criteria={scheme.criteria}
            vetoes={scheme.vetoes}
            content={content}
            errors={errors}
            readOnly={!editable}
            onChange={change}
          />
          <div className="sc-bar">
            <Flex justify="space-between" align="center" gap={12} wrap>
              <div>
                <div>
                  加权总分{' '}
                  <span className="sc-total" data-testid="total">
                    {total.total ?? total.partial ?? '—'}
                  </span>
                  {total.total === null ? (
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }} data-testid="filled">
                      已评 {total.filled}/{total.count} 项
                    </Typography.Text>
                  ) : null}
                </div>
                <SaveStatus state={saveState} editable={editable} />
              </div>
              {editable ? (
                <Flex gap={8}>
                  <Button size="large" onClick={() => setRecuseOpen(true)} data-testid="recuse">
                    申请回避
                  </Button>
                  <Button
                    size="large"
                    type="primary"
                    loading={submitting}
                    onClick={() => void submit()}
                    data-testid="submit"
                    disabled={saveState.status === 'conflict'}
                  >
                    提交
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </div>
        </div>
      </div>
      <Modal
        open={recuseOpen}
        title="申请回避"
        okText="确认回避"
        cancelText="取消"
        okButtonProps={{
          danger: true,
          loading: recuseFetcher.state !== 'idle',
          disabled: recuseReason.trim() === '',
        }}
        onCancel={() => setRecuseOpen(false)}
        onOk={() => recuseFetcher.submit({ intent: 'recuse', reason: recuseReason }, { method: 'post' })}
      >
        <p>回避后您将不再评审该对象，您的评分不计入结果。此操作会记入审计日志。</p>
        <Input.TextArea
          aria-label="回避理由"
          value={recuseReason}
          onChange={(e) => setRecuseReason(e.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={500}
          placeholder="请说明回避理由，如与申报单位存在利害关系"
        />
        {recuseError ? <div className="sc-error">{recuseError}</div> : null}
      </Modal>
    </>
  );
}

const FLAG_LABELS: Record<string, string> = {
  spread: '分差过大',
  quorum: '未达法定人数',
  vetoed: '一票否决',
};

function PanelAggregate({ row }: { row: ResultRow }) {
  return (
    <Alert
      type="info"
      style={{ marginBottom: 12 }}
      data-testid="panel-aggregate"
      message={
        <span>
          专家组汇总：得分 <strong>{row.score ?? '—'}</strong>
          {row.grade ? <> · 等级 {row.grade}</> : null}
          {row.rank ? <> · 排名 {row.rank}</> : null} · 已计 {row.experts} 位专家（{row.submitted}/
          {row.expected} 已提交）
          {row.provisional ? ' · 暂定' : ''}
          {row.flags.map((f) => (
            <Tag key={f} color="orange" style={{ marginLeft: 6 }}>
              {FLAG_LABELS[f] ?? f}
            </Tag>
          ))}
        </span>
      }
    />
  );
}

function Conflict({
  state,
  content,
  criteria,
  onResolve,
}: {
  state: AutosaveState<SheetView>;
  content: DraftContent;
  criteria: LoaderData['scheme']['criteria'];
  onResolve: (choice: 'theirs' | 'mine') => void;
}) {
  const server = state.conflict?.sheet ?? null;
  return (
    <Alert
      type="error"
      showIcon
      className="sc-conflict"
      style={{ marginBottom: 12 }}
      data-testid="conflict"
      message="此评分表已在其他窗口或设备上保存，您在本页的修改尚未保存"
      description={
        <div>
          <div>
            服务器上的版本：第 {state.conflict?.version ?? server?.version ?? '?'} 版
            {server?.draftSavedAt ? `，保存于 ${formatTime(server.draftSavedAt)}` : ''}。请选择保留哪一份：
          </div>
          {server ? (
            <table>
              <thead>
                <tr>
                  <th>指标</th>
                  <th>服务器上的</th>
                  <th>本页的</th>
                </tr>
              </thead>
              <tbody>
                {criteria.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{server.scores[c.id] ?? '—'}</td>
                    <td>{content.scores[c.id] ?? '—'}</td>
                  </tr>
                ))}
                <tr>
                  <td>评语</td>
                  <td>{server.comment || '—'}</td>
                  <td>{content.comment || '—'}</td>
                </tr>
              </tbody>
            </table>
          ) : null}
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            <Button size="large" type="primary" onClick={() => onResolve('theirs')} data-testid="load-server">
              载入服务器上的版本
            </Button>
            <Button size="large" danger onClick={() => onResolve('mine')} data-testid="keep-mine">
              保留本页的修改并覆盖
            </Button>
          </Flex>
        </div>
      }
    />
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
