// 形式审查: the round's items with the engine's eligibility pre-check per rule (pass / fail /
// missing), risk flags (removed < 3 years, branch of a recognised platform), filters, and the
// agency's decision per item: admit, or exclude with a reason. Every decision is audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Input from '#antd/input';
import Select from '#antd/select';
import Space from '#antd/space';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Tooltip from '#antd/tooltip';
import Typography from '#antd/typography';
import { useState } from 'react';
import { z } from 'zod';
import { PageHeader } from '#app/components/page-header';

import {
  decideEligibility,
  decisionSchema,
  itemFilterSchema,
  listRoundItems,
  type RoundItem,
} from '#app/models/item.server';
import { roundAllows } from '#scoring/round-states';
import { parseSchemeDefinition } from '#app/models/scheme.server';
import { requirePermission } from '#app/utils/auth.server';
import { DECISION_LABELS, FLAG_LABELS, OVERALL_LABELS } from '#app/utils/round-labels';
import { prisma } from '#app/utils/db.server';
import { badRequest, jsonError, notFound, parseParams, safeParseForm } from '#app/utils/http.server';
import { hasPermission } from '#app/utils/permissions';

export const meta: MetaFunction = () => [{ title: '形式审查 · 评审工作台' }];

const params = z.object({ roundId: z.string().min(1).max(64) });

export async function loader({ request, params: p }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const { roundId } = parseParams(p, params);
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: { id: true, name: true, state: true, scheme: { select: { definition: true } } },
  });
  if (!round) throw notFound('评审工作不存在');
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const filter = itemFilterSchema.safeParse(query);
  const rules = parseSchemeDefinition(round.scheme.definition).eligibility.map((r) => ({
    id: r.id,
    label: r.label,
  }));
  return {
    round: { id: round.id, name: round.name, state: round.state },
    rules,
    items: await listRoundItems(roundId, filter.success ? filter.data : {}),
    filterInvalid: !filter.success,
    canDecide: hasPermission(user.roles, 'item:decide') && roundAllows(round.state, 'decideEligibility'),
  };
}

const actionSchema = z.object({
  itemId: z.string().min(1).max(64),
  decision: z.string(),
  reason: z.string().optional(),
});

export async function action({ request, params: p }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'item:decide');
  const { roundId } = parseParams(p, params);
  const parsed = await safeParseForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  const input = decisionSchema.safeParse({ decision: parsed.data.decision, reason: parsed.data.reason });
  if (!input.success) return badRequest({ reason: input.error.issues[0].message });
  const outcome = await decideEligibility(roundId, parsed.data.itemId, input.data, user.id, new Date());
  if (outcome.ok) return { ok: true as const, message: `已记录：${DECISION_LABELS[outcome.decision]}` };
  if (outcome.status === 400) return badRequest({ [outcome.field ?? 'decision']: outcome.message });
  return jsonError(outcome.status, outcome.message);
}

const OUTCOME = {
  pass: <Tag color="green">✓ 符合</Tag>,
  fail: <Tag color="red">✗ 不符合</Tag>,
  missing: <Tag color="orange">? 缺数据</Tag>,
} as const;
const OVERALL_COLOR = { eligible: 'green', ineligible: 'red', incomplete: 'orange' } as const;
const DECISION_COLOR = { pending: 'default', admitted: 'green', excluded: 'red' } as const;

function DecisionCell({ item }: { item: RoundItem }) {
  const fetcher = useFetcher<typeof action>();
  const [reason, setReason] = useState('');
  const data = fetcher.data as
    { ok: true; message: string } | { error: string; fieldErrors?: Record<string, string> } | undefined;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="itemId" value={item.id} />
      <Space direction="vertical" size={4}>
        <Tag color={DECISION_COLOR[item.decision]}>当前：{DECISION_LABELS[item.decision]}</Tag>
        <Input.TextArea
          name="reason"
          size="small"
          autoSize
          placeholder="理由（不予受理或破格准予时必填）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 220 }}
          aria-label={`${item.name} 理由`}
        />
        <Space size={4}>
          <Button
            size="small"
            htmlType="submit"
            name="decision"
            value="admitted"
            loading={fetcher.state !== 'idle'}
          >
            准予
          </Button>
          <Button
            size="small"
            danger
            htmlType="submit"
            name="decision"
            value="excluded"
            loading={fetcher.state !== 'idle'}
          >
            不予受理
          </Button>
        </Space>
        {data ? (
          <Typography.Text type={'ok' in data ? 'success' : 'danger'}>
            {'ok' in data ? data.message : Object.values(data.fieldErrors ?? {}).join('；') || data.error}
          </Typography.Text>
        ) : null}
      </Space>
    </fetcher.Form>
  );
}

export default function ItemsPage() {
  const { round, rules, items, canDecide, filterInvalid } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const [filters, setFilters] = useState<Record<string, string | undefined>>(Object.fromEntries(search));
  const select = (name: string, placeholder: string, options: { value: string; label: string }[]) => (
    <>
      <Select
        allowClear
        placeholder={placeholder}
        style={{ width: 170 }}
        value={filters[name]}
        onChange={(v?: string) => setFilters((f) => ({ ...f, [name]: v }))}
        options={options}
        aria-label={placeholder}
      />
      <input type="hidden" name={name} value={filters[name] ?? ''} disabled={!filters[name]} />
    </>
  );
  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name, page: '形式审查' }}
        title={`形式审查：${round.name}`}
        subTitle="基本条件由评分引擎逐条核查；准予进入评审或不予受理由评价机构决定并说明理由"
        extra={
          <Link to={`/rounds/${round.id}`}>
            <Button>返回评审工作</Button>
          </Link>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Form method="get">
            <Flex gap={8} wrap>
              {select(
                'overall',
                '核查结论',
                Object.entries(OVERALL_LABELS).map(([value, label]) => ({ value, label })),
              )}
              {select(
                'decision',
                '审查决定',
                Object.entries(DECISION_LABELS).map(([value, label]) => ({ value, label })),
              )}
              {select(
                'flag',
                '风险标记',
                Object.entries(FLAG_LABELS).map(([value, label]) => ({ value, label })),
              )}
              {select(
                'rule',
                '按条件',
                rules.map((r) => ({ value: r.id, label: r.label })),
              )}
              {select('outcome', '条件结果', [
                { value: 'pass', label: '符合' },
                { value: 'fail', label: '不符合' },
                { value: 'missing', label: '缺数据' },
              ])}
              <Input
                name="q"
                placeholder="单位、平台或信用代码"
                defaultValue={search.get('q') ?? ''}
                style={{ width: 200 }}
                aria-label="搜索"
              />
              <Button htmlType="submit" type="primary">
                筛选
              </Button>
              <Link to={`/rounds/${round.id}/items`}>
                <Button>清除</Button>
              </Link>
            </Flex>
          </Form>
          {filterInvalid ? (
            <Alert type="warning" showIcon message="筛选条件无效，已显示全部" style={{ marginTop: 12 }} />
          ) : null}
        </Card>
        <Card title={`评审对象（${items.length}）`}>
          <Table<RoundItem>
            rowKey="id"
            size="small"
            dataSource={items}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: '没有符合条件的评审对象' }}
            columns={[
              {
                title: '平台 / 单位',
                fixed: 'left',
                width: 240,
                render: (_, i) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{i.name}</Typography.Text>
                    <Typography.Text type="secondary">{i.unitName}</Typography.Text>
                    <Typography.Text type="secondary" copyable>
                      {i.uscc}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: '分组', dataIndex: 'group', width: 100 },
              {
                title: '核查结论',
                width: 100,
                render: (_, i) =>
                  i.eligibility ? (
                    <Tag color={OVERALL_COLOR[i.eligibility.overall]}>
                      {OVERALL_LABELS[i.eligibility.overall]}
                    </Tag>
                  ) : (
                    '—'
                  ),
              },
              ...rules.map((rule) => ({
                title: (
                  <Tooltip title={rule.label}>
                    {rule.label.length > 10 ? `${rule.label.slice(0, 10)}…` : rule.label}
                  </Tooltip>
                ),
                key: rule.id,
                width: 120,
                render: (_: unknown, i: RoundItem) => {
                  const r = i.eligibility?.rules.find((x) => x.id === rule.id);
                  if (!r) return '—';
                  const detail = r.conditions
                    .map((c) => `${c.label}：${c.value === null ? '未填' : String(c.value)}${c.unit ?? ''}`)
                    .join('；');
                  return <Tooltip title={detail}>{OUTCOME[r.outcome]}</Tooltip>;
                },
              })),
              {
                title: '风险标记',
                width: 160,
                render: (_, i) =>
                  i.flags.map((f) => (
                    <Tag color="volcano" key={f}>
                      {FLAG_LABELS[f]}
                    </Tag>
                  )),
              },
              {
                title: '审查决定',
                width: 200,
                render: (_, i) => (
                  <Space direction="vertical" size={0}>
                    <Tag color={DECISION_COLOR[i.decision]}>{DECISION_LABELS[i.decision]}</Tag>
                    {i.reason ? <Typography.Text type="secondary">{i.reason}</Typography.Text> : null}
                  </Space>
                ),
              },
              ...(canDecide
                ? [
                    {
                      title: '操作',
                      key: 'decide',
                      width: 250,
                      // Always in view at 1280px: the rule columns scroll underneath.
                      fixed: 'right' as const,
                      render: (_: unknown, i: RoundItem) => <DecisionCell item={i} />,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
