// 评审工作详情: the round's facts, links to import / 形式审查 / panels, and the rubric editor
// (评分细则: add, remove, reorder criteria; points, weights, steps, guidance, veto items). The engine
// validates every save; once expert scoring starts the scheme is frozen and the editor read-only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Checkbox from '#antd/checkbox';
import Descriptions from '#antd/descriptions';
import Flex from '#antd/flex';
import Input from '#antd/input';
import InputNumber from '#antd/input-number';
import Popconfirm from '#antd/popconfirm';
import Space from '#antd/space';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { PageHeader } from '#app/components/page-header';
import { RoundFactsFields } from '#app/components/round-facts-fields';
import {
  getRound,
  lockedRoundFacts,
  roundFormInput,
  scoringReadiness,
  startScoring,
  updateRound,
  updateRoundSchema,
} from '#app/models/round.server';
import {
  rubricFieldErrors,
  rubricInputSchema,
  updateRoundRubric,
  type RubricInput,
} from '#app/models/scheme.server';
import { requirePermission } from '#app/utils/auth.server';
import { DEADLINE_LABELS, JURISDICTION_LABELS, KIND_LABELS, STATE_LABELS } from '#app/utils/round-labels';
import { badRequest, fieldErrorsOf, notFound, parseParams, safeParseForm } from '#app/utils/http.server';
import { hasPermission } from '#app/utils/permissions';

export const meta: MetaFunction = () => [{ title: '评审工作详情 · 评审工作台' }];

const params = z.object({ roundId: z.string().min(1).max(64) });

export async function loader({ request, params: p }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const { roundId } = parseParams(p, params);
  const round = await getRound(roundId);
  if (!round) throw notFound('评审工作不存在');
  return {
    round,
    labels: {
      jurisdiction: JURISDICTION_LABELS[round.jurisdiction],
      kind: KIND_LABELS[round.kind],
      state: STATE_LABELS[round.state],
    },
    lockedFacts: lockedRoundFacts(round.state),
    readiness: round.scheme.frozenAt ? null : await scoringReadiness(roundId),
    canManage: hasPermission(user.roles, 'round:manage'),
    canImport: hasPermission(user.roles, 'item:import'),
  };
}

const actionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('rubric'),
      version: z.coerce.number().int().positive(),
      rubric: z.string().transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: '评分细则内容无法解析' });
          return z.NEVER;
        }
      }),
    }),
    z.object({ intent: z.literal('start-scoring') }),
    // The round's facts, read by roundFormInput and checked by the same schema as the API.
    z.looseObject({ intent: z.literal('facts') }),
  ],
  { error: '未知操作' },
);

export async function action({ request, params: p }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'round:manage');
  const { roundId } = parseParams(p, params);
  const parsed = await safeParseForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  if (parsed.data.intent === 'facts') {
    const facts = updateRoundSchema.safeParse(roundFormInput(parsed.data as Record<string, string>));
    if (!facts.success) return badRequest(fieldErrorsOf(facts.error));
    try {
      if (!(await updateRound(roundId, facts.data, user.id))) throw notFound('评审工作不存在');
    } catch (error) {
      // 400 a name another round has, 409 a fact locked since scoring started: the form shows them.
      if (error instanceof Response && error.status !== 404) return error;
      throw error;
    }
    return { ok: true as const, message: '基本信息已保存' };
  }
  if (parsed.data.intent === 'start-scoring') {
    const started = await startScoring(roundId, user.id, new Date());
    if (!started.ok && started.status === 404) throw notFound(started.message);
    if (!started.ok)
      return Response.json(
        {
          error: started.message,
          fieldErrors: Object.fromEntries(started.problems.map((m, i) => [`problem${i}`, m])),
        },
        { status: started.status },
      );
    return { ok: true as const, message: '已进入专家评审，评审方案已锁定' };
  }
  const rubric = rubricInputSchema.safeParse(parsed.data.rubric);
  if (!rubric.success) return badRequest(rubricFieldErrors(rubric.error, parsed.data.rubric));
  const result = await updateRoundRubric(roundId, rubric.data, parsed.data.version, user.id);
  if (!result.ok)
    return badRequest(
      Object.fromEntries(result.problems.map((pr, i) => [pr.criterionId ?? `problem${i}`, pr.message])),
    );
  return {
    ok: true as const,
    message: `评分细则已保存（第${result.version}版）`,
    warnings: result.warnings ?? [],
  };
}

type SaveResult =
  { ok: true; message: string; warnings?: string[] } | { error: string; fieldErrors: Record<string, string> };

type EditableCriterion = RubricInput['criteria'][number] & { key: number };

function RubricEditor({
  initial,
  version,
  editable,
  fetcher,
}: {
  initial: RubricInput;
  version: number;
  editable: boolean;
  fetcher: ReturnType<typeof useFetcher<typeof action>>;
}) {
  const [nextKey, setNextKey] = useState(initial.criteria.length);
  const [criteria, setCriteria] = useState<EditableCriterion[]>(
    initial.criteria.map((c, key) => ({ ...c, key })),
  );
  const [vetoes, setVetoes] = useState(initial.vetoes ?? []);
  const total = criteria.reduce((sum, c) => sum + (c.max || 0) * (c.weight ?? 1), 0);
  const set = (key: number, patch: Partial<EditableCriterion>) =>
    setCriteria((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const move = (index: number, by: number) =>
    setCriteria((cs) => {
      const next = [...cs];
      const [c] = next.splice(index, 1);
      next.splice(index + by, 0, c);
      return next;
    });
  // Every veto row is sent, also a half-filled one: the server names what is missing instead of the
  // row silently disappearing on save.
  const payload: RubricInput = {
    criteria: criteria.map(({ key: _key, ...c }) => c),
    vetoes,
  };
  const data = fetcher.data as SaveResult | undefined;
  const shownTotal = Math.round(total * 100) / 100;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {data ? (
        'ok' in data ? (
          <>
            <Alert type="success" showIcon message={data.message} />
            {(data.warnings ?? []).map((w) => (
              <Alert key={w} type="warning" showIcon message={w} />
            ))}
          </>
        ) : (
          <Alert
            type="error"
            showIcon
            message={data.error}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {Object.values(data.fieldErrors).map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            }
          />
        )
      ) : null}
      <Typography.Text type={shownTotal === 100 ? 'secondary' : 'warning'}>
        满分合计（分值 × 权重）：{shownTotal}
        {shownTotal === 100 ? '' : '（不是100分，请核对分值与分档线）'}
      </Typography.Text>
      <Table<EditableCriterion>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={criteria}
        tableLayout="fixed"
        scroll={{ x: 960 }}
        // 评分要点 gets a full-width row under its criterion: readable at 1280 px, not a narrow cell.
        expandable={{
          expandedRowKeys: criteria.map((c) => c.key),
          showExpandColumn: false,
          expandedRowRender: (c) => (
            <Flex gap={8} align="flex-start">
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', paddingTop: 4 }}>
                评分要点
              </Typography.Text>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 8 }}
                value={c.guidance ?? ''}
                disabled={!editable}
                onChange={(e) => set(c.key, { guidance: e.target.value })}
                aria-label="评分要点"
                style={{ whiteSpace: 'pre-wrap' }}
              />
            </Flex>
          ),
        }}
        columns={[
          {
            title: '编号',
            width: 110,
            fixed: 'left',
            render: (_, c) => (
              <Input
                size="small"
                value={c.id}
                disabled={!editable}
                onChange={(e) => set(c.key, { id: e.target.value })}
                aria-label="指标编号"
              />
            ),
          },
          {
            title: '维度',
            width: 110,
            render: (_, c) => (
              <Input
                size="small"
                value={c.group ?? ''}
                disabled={!editable}
                onChange={(e) => set(c.key, { group: e.target.value })}
                aria-label="维度"
              />
            ),
          },
          {
            title: '指标名称',
            width: 160,
            render: (_, c) => (
              <Input
                size="small"
                value={c.name}
                disabled={!editable}
                onChange={(e) => set(c.key, { name: e.target.value })}
                aria-label="指标名称"
              />
            ),
          },
          {
            title: '分值',
            width: 80,
            render: (_, c) => (
              <InputNumber
                size="small"
                value={c.max}
                min={0}
                disabled={!editable}
                onChange={(v) => set(c.key, { max: v ?? 0 })}
                aria-label="分值"
              />
            ),
          },
          {
            title: '权重',
            width: 80,
            render: (_, c) => (
              <InputNumber
                size="small"
                value={c.weight ?? 1}
                min={0}
                disabled={!editable}
                onChange={(v) => set(c.key, { weight: v ?? 1 })}
                aria-label="权重"
              />
            ),
          },
          {
            title: '步长',
            width: 80,
            render: (_, c) => (
              <InputNumber
                size="small"
                value={c.step}
                min={0}
                disabled={!editable}
                onChange={(v) => set(c.key, { step: v ?? undefined })}
                aria-label="步长"
              />
            ),
          },
          {
            title: '必评',
            width: 60,
            render: (_, c) => (
              <Checkbox
                checked={c.required ?? true}
                disabled={!editable}
                onChange={(e) => set(c.key, { required: e.target.checked })}
                aria-label="必评"
              />
            ),
          },
          {
            title: '操作',
            width: 150,
            fixed: 'right',
            render: (_, c, i) =>
              editable ? (
                <Space size={4}>
                  <Button size="small" disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移">
                    ↑
                  </Button>
                  <Button
                    size="small"
                    disabled={i === criteria.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label="下移"
                  >
                    ↓
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setCriteria((cs) => cs.filter((x) => x.key !== c.key))}
                  >
                    删除
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {editable ? (
        <Button
          onClick={() => {
            setCriteria((cs) => [
              ...cs,
              { key: nextKey, id: `c${nextKey + 1}`, name: '', max: 10, step: 0.5 },
            ]);
            setNextKey((k) => k + 1);
          }}
        >
          添加指标
        </Button>
      ) : null}
      <Typography.Title level={5} style={{ margin: 0 }}>
        一票否决项
      </Typography.Title>
      {vetoes.map((v, i) => (
        <Space key={i}>
          <Input
            size="small"
            value={v.id}
            disabled={!editable}
            style={{ width: 120 }}
            onChange={(e) =>
              setVetoes((vs) => vs.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)))
            }
            aria-label="否决项编号"
          />
          <Input
            size="small"
            value={v.name}
            disabled={!editable}
            style={{ width: 260 }}
            onChange={(e) =>
              setVetoes((vs) => vs.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
            }
            aria-label="否决项名称"
          />
          {editable ? (
            <Button size="small" danger onClick={() => setVetoes((vs) => vs.filter((_, j) => j !== i))}>
              删除
            </Button>
          ) : null}
        </Space>
      ))}
      {editable ? (
        <Flex gap={8}>
          <Button
            size="small"
            onClick={() => setVetoes((vs) => [...vs, { id: `veto${vs.length + 1}`, name: '' }])}
          >
            添加否决项
          </Button>
        </Flex>
      ) : null}
      {editable ? (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="rubric" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="rubric" value={JSON.stringify(payload)} />
          <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
            保存评分细则
          </Button>
        </fetcher.Form>
      ) : null}
    </Space>
  );
}

const LOCKED_NOTE = '已进入专家评审，不能再修改（专家按该统计区间和年度的数据评分）';

/** The round's options (Round.settings) as checkboxes, each sent as 'true' / 'false'. */
function RoundOptionsFields({
  settings,
}: {
  settings: { revealScoresAfterSubmit: boolean; screenShowsScores: boolean };
}) {
  const [reveal, setReveal] = useState(settings.revealScoresAfterSubmit);
  const [screen, setScreen] = useState(settings.screenShowsScores);
  return (
    <Flex vertical gap={4} style={{ marginBottom: 12 }} data-testid="round-options">
      <input type="hidden" name="settings.revealScoresAfterSubmit" value={String(reveal)} />
      <input type="hidden" name="settings.screenShowsScores" value={String(screen)} />
      <Checkbox checked={reveal} onChange={(e) => setReveal(e.target.checked)}>
        专家提交自己的评分后，可查看本组该项目的汇总分（默认不可见，盲评）
      </Checkbox>
      <Checkbox checked={screen} onChange={(e) => setScreen(e.target.checked)}>
        答辩大屏在项目锁定后显示得分和暂定等级
      </Checkbox>
    </Flex>
  );
}

/** 修改基本信息: name, year, 第X批, 统计区间 and deadlines, through updateRound like the API. */
function RoundFactsEditor({
  round,
  locked,
}: {
  round: ReturnType<typeof useLoaderData<typeof loader>>['round'];
  locked: ReturnType<typeof lockedRoundFacts>;
}) {
  const fetcher = useFetcher<typeof action>({ key: `facts-${round.id}` });
  const [open, setOpen] = useState(false);
  const data = fetcher.data as SaveResult | undefined;
  const saved = fetcher.state === 'idle' && data !== undefined && 'ok' in data;
  useEffect(() => {
    if (saved) setOpen(false);
  }, [saved]);
  const errors = data && !('ok' in data) ? data.fieldErrors : {};
  return (
    <div style={{ marginTop: 12 }}>
      {saved && !open ? (
        <Alert type="success" showIcon message={data.message} style={{ marginBottom: 12 }} />
      ) : null}
      {open ? (
        <Card size="small" title="修改基本信息" style={{ maxWidth: 760 }}>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="facts" />
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={
                locked.length > 0
                  ? '已进入专家评审：评审年度、统计区间和评分细则已锁定；名称、批次和各时间节点仍可修改。'
                  : '进入专家评审后，评审年度、统计区间和评分细则将锁定；名称、批次和各时间节点仍可修改。'
              }
            />
            {data && !('ok' in data) ? (
              <Alert
                type="error"
                showIcon
                message={data.error}
                description={Object.values(errors).join('；')}
                style={{ marginBottom: 12 }}
              />
            ) : null}
            <RoundFactsFields
              values={{
                name: round.name,
                year: round.year,
                batch: round.batch,
                window:
                  round.windowStart && round.windowEnd ? `${round.windowStart}至${round.windowEnd}` : '',
                deadlines: round.deadlines,
              }}
              errors={errors}
              locked={locked}
              lockedNote={LOCKED_NOTE}
            />
            <RoundOptionsFields settings={round.settings} />
            <Space>
              <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
                保存基本信息
              </Button>
              <Button onClick={() => setOpen(false)}>取消</Button>
            </Space>
          </fetcher.Form>
        </Card>
      ) : (
        <Button onClick={() => setOpen(true)}>修改基本信息</Button>
      )}
    </div>
  );
}

export default function RoundPage() {
  const { round, labels, lockedFacts, canManage, canImport, readiness } = useLoaderData<typeof loader>();
  const start = useFetcher<typeof action>();
  const startResult = start.data as SaveResult | undefined;
  // Kept here, not in the editor: a successful save bumps the version, which remounts the editor.
  const rubricSave = useFetcher<typeof action>({ key: `rubric-${round.id}` });
  const frozen = Boolean(round.scheme.frozenAt);
  const definition = round.scheme.definition;
  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name }}
        title={round.name}
        subTitle={`${labels.jurisdiction} · ${labels.kind} · ${round.year}年度`}
        extra={
          <>
            <Button href={`/api/v1/rounds/${round.id}/template`} download>
              下载填报模板
            </Button>
            {canImport ? (
              <Link to={`/rounds/${round.id}/import`}>
                <Button>导入材料</Button>
              </Link>
            ) : null}
            <Link to={`/rounds/${round.id}/items`}>
              <Button type="primary">形式审查</Button>
            </Link>
            <Link to={`/rounds/${round.id}/panels`}>
              <Button>专家组</Button>
            </Link>
            <Link to={`/rounds/${round.id}/results`}>
              <Button>评审结果</Button>
            </Link>
            <Link to={`/rounds/${round.id}/sessions`}>
              <Button>答辩安排</Button>
            </Link>
          </>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Descriptions column={3} size="small">
            <Descriptions.Item label="状态">
              <Tag color="blue">{labels.state}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="批次">{round.batchLabel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="统计区间">
              {round.windowStart && round.windowEnd ? `${round.windowStart} 至 ${round.windowEnd}` : '—'}
            </Descriptions.Item>
            {Object.entries(DEADLINE_LABELS).map(([key, label]) => (
              <Descriptions.Item key={key} label={label}>
                {round.deadlines[key] ?? '—'}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="评审方案">{`${definition.name}（第${round.scheme.version}版${frozen ? '，已锁定' : ''}）`}</Descriptions.Item>
            <Descriptions.Item label="结果可见">
              {[
                round.settings.revealScoresAfterSubmit
                  ? '专家提交后可看本组汇总分'
                  : '盲评（专家不看他人评分）',
                round.settings.screenShowsScores ? '大屏显示锁定项目的得分' : '大屏不显示得分',
              ].join('；')}
            </Descriptions.Item>
            <Descriptions.Item label="评审对象">
              {`待定 ${round.itemCounts.pending ?? 0} · 准予 ${round.itemCounts.admitted ?? 0} · 不予受理 ${round.itemCounts.excluded ?? 0}`}
            </Descriptions.Item>
          </Descriptions>
          {canManage ? <RoundFactsEditor round={round} locked={lockedFacts} /> : null}
          {canManage && !frozen ? (
            <Flex vertical gap={8} style={{ marginTop: 12 }}>
              {/* The confirm button lives in a popover outside any form: submit through the fetcher. */}
              {readiness && readiness.problems.length > 0 ? (
                <Alert
                  type="warning"
                  showIcon
                  message="暂不能开始专家评审"
                  description={
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {readiness.problems.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
              {/* The confirm button lives in a popover outside any form: submit through the fetcher. */}
              <Popconfirm
                title="开始专家评审？以下内容将锁定，不能再修改："
                description={
                  readiness ? (
                    <ul style={{ margin: 0, paddingLeft: 20, maxWidth: 420 }}>
                      <li>{`评审方案与评分细则：${readiness.freezes.scheme}，${readiness.freezes.criteria}项指标，满分${readiness.freezes.fullMarks}分`}</li>
                      <li>{`评审年度：${readiness.freezes.year}年度`}</li>
                      <li>{`统计区间：${readiness.freezes.window ?? '未填写'}`}</li>
                      <li>{`形式审查结论：准予进入评审${readiness.freezes.admitted}个、不予受理${readiness.freezes.excluded}个，材料不能再导入`}</li>
                    </ul>
                  ) : null
                }
                okText="确定开始"
                cancelText="取消"
                onConfirm={() => start.submit({ intent: 'start-scoring' }, { method: 'post' })}
              >
                <Button loading={start.state !== 'idle'} style={{ alignSelf: 'flex-start' }}>
                  开始专家评审（锁定方案）
                </Button>
              </Popconfirm>
              {startResult && !('ok' in startResult) ? (
                <Alert type="error" showIcon message={Object.values(startResult.fieldErrors).join('；')} />
              ) : null}
            </Flex>
          ) : null}
          {startResult && 'ok' in startResult ? (
            <Alert type="success" showIcon message={startResult.message} style={{ marginTop: 12 }} />
          ) : null}
        </Card>
        <Card
          title="评分细则"
          extra={<Typography.Text type="secondary">{definition.weightsNote}</Typography.Text>}
        >
          <RubricEditor
            key={round.scheme.version}
            initial={definition.scheme.rubric}
            version={round.scheme.version}
            editable={canManage && !frozen}
            fetcher={rubricSave}
          />
        </Card>
        <Card title="基本条件（形式审查规则）">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={definition.eligibility}
            columns={[
              { title: '条件', dataIndex: 'label' },
              { title: '依据', dataIndex: 'source', width: 300 },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
