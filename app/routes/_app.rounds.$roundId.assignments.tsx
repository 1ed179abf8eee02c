// 分配评审对象: items to panels by hand, in bulk (select many), or automatically balanced. Every
// assignment runs the conflict check; recused experts are listed per item with their reasons.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Select from '#antd/select';
import Space from '#antd/space';
import Statistic from '#antd/statistic';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Tooltip from '#antd/tooltip';
import Typography from '#antd/typography';
import { useEffect, useState } from 'react';
import type { Problem } from '#scoring/types';
import { PageHeader } from '#app/components/page-header';
import {
  assignItems,
  autoAssign,
  listRoundAssignments,
  unassignItem,
  type RoundAssignmentsView,
} from '#app/models/assignment.server';
import { roundHeader } from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound, safeParseForm } from '#app/utils/http.server';
import { assignmentFormSchema } from '#app/utils/panel-schema';
import { hasPermission } from '#app/utils/permissions';
import { problemsBody, roundParams, type ProblemBody } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '分配评审对象 · 评审工作台' }];

const DECISION_TAGS = {
  pending: <Tag>待定</Tag>,
  admitted: <Tag color="green">准予评审</Tag>,
  excluded: <Tag color="red">不予受理</Tag>,
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const [round, view] = await Promise.all([roundHeader(roundId), listRoundAssignments(roundId)]);
  if (!round || !view) throw notFound('评审工作不存在');
  return { round, ...view, canManage: hasPermission(user.roles, 'assignment:manage') };
}

type ActionResult = { ok: true; message: string } | ProblemBody;

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult | Response> {
  const user = await requirePermission(request, 'assignment:manage');
  const { roundId } = roundParams(params);
  const parsed = await safeParseForm(request, assignmentFormSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  const fail = (problems: Problem[]) => Response.json(problemsBody(problems), { status: 400 });
  if (input.intent === 'unassign') {
    const result = await unassignItem(user.id, input.panelId, input.itemId, roundId);
    if (!result) throw notFound('该分配不存在');
    return result.ok ? { ok: true, message: '已取消分配' } : fail(result.problems);
  }
  const result =
    input.intent === 'manual'
      ? await assignItems(user.id, input.panelId, input.itemIds, roundId)
      : await autoAssign(user.id, roundId, input.itemIds.length > 0 ? input.itemIds : undefined);
  if (!result) throw notFound('评审工作或专家组不存在');
  if (!result.ok) return fail(result.problems);
  const recusals = result.value.recusals > 0 ? `，${result.value.recusals} 人次回避` : '';
  return { ok: true, message: `已分配 ${result.value.assignments.length} 个评审对象${recusals}` };
}

function Feedback({ data }: { data: ActionResult | undefined }) {
  if (!data) return null;
  if ('ok' in data) return <Alert type="success" showIcon message={data.message} />;
  return (
    <Alert
      type="error"
      showIcon
      message="分配未执行"
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="assignment-problems">
          {data.problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      }
    />
  );
}

type ItemRow = RoundAssignmentsView['items'][number];

function UnassignButton({ item }: { item: ItemRow }) {
  const fetcher = useFetcher<ActionResult>();
  if (!item.panel) return null;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="unassign" />
      <input type="hidden" name="panelId" value={item.panel.id} />
      <input type="hidden" name="itemId" value={item.id} />
      <Space>
        <Button size="small" htmlType="submit" loading={fetcher.state !== 'idle'}>
          取消分配
        </Button>
        {fetcher.data && !('ok' in fetcher.data) ? (
          <Typography.Text type="danger">{fetcher.data.error}</Typography.Text>
        ) : null}
      </Space>
    </fetcher.Form>
  );
}

export default function AssignmentsPage() {
  const { round, panels, items, canManage } = useLoaderData<typeof loader>();
  const [picked, setPicked] = useState<string[]>([]);
  const [panelId, setPanelId] = useState<string>();
  const fetcher = useFetcher<ActionResult>();
  // Only items that can still be assigned stay selected: once a batch is assigned (or an item taken
  // by someone else) its rows leave the selection, so the next 自动分配 does not target them.
  const assignable = new Set(items.filter((i) => !i.panel && i.decision === 'admitted').map((i) => i.id));
  const selected = picked.filter((id) => assignable.has(id));
  const setSelected = setPicked;
  const done = fetcher.state === 'idle' && fetcher.data && 'ok' in fetcher.data ? fetcher.data : null;
  useEffect(() => {
    if (done) setPicked([]);
  }, [done]);
  const unassigned = items.filter((i) => !i.panel && i.decision === 'admitted').length;

  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name, page: '分配评审对象' }}
        title="分配评审对象"
        subTitle={round.name}
        extra={
          <>
            <Link to={`/rounds/${round.id}`}>评审工作</Link>
            <Link to={`/rounds/${round.id}/panels`}>专家组</Link>
            <Link to={`/rounds/${round.id}/progress`}>评审进度</Link>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Flex gap={16} wrap>
          <Card size="small">
            <Statistic title="待分配" value={unassigned} suffix={`/ ${items.length}`} />
          </Card>
          {panels.map((p) => (
            <Card size="small" key={p.id}>
              <Statistic
                title={`${p.name}（${p.fieldGroup}）`}
                value={p.load}
                suffix={`项 · ${p.members}人 · 法定${p.quorum}人`}
              />
            </Card>
          ))}
        </Flex>
        {canManage ? (
          <Card size="small">
            <fetcher.Form method="post">
              {selected.map((itemId) => (
                <input key={itemId} type="hidden" name="itemIds" value={itemId} />
              ))}
              <input type="hidden" name="panelId" value={panelId ?? ''} />
              <Flex vertical gap={8}>
                <Space wrap>
                  <Typography.Text>已选 {selected.length} 项</Typography.Text>
                  <Select
                    placeholder="选择专家组"
                    aria-label="目标专家组"
                    style={{ width: 240 }}
                    value={panelId}
                    onChange={setPanelId}
                    options={panels.map((p) => ({ value: p.id, label: `${p.name}（${p.fieldGroup}）` }))}
                  />
                  <Button
                    type="primary"
                    htmlType="submit"
                    name="intent"
                    value="manual"
                    disabled={selected.length === 0 || !panelId}
                    loading={fetcher.state !== 'idle'}
                  >
                    分配到所选专家组
                  </Button>
                  <Button htmlType="submit" name="intent" value="auto" loading={fetcher.state !== 'idle'}>
                    {selected.length > 0 ? '自动均衡分配所选项' : '自动均衡分配全部待分配项'}
                  </Button>
                </Space>
                <Feedback data={fetcher.data} />
              </Flex>
            </fetcher.Form>
          </Card>
        ) : null}
        <Table
          rowKey="id"
          dataSource={items}
          pagination={{ pageSize: 50 }}
          rowSelection={
            canManage
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  getCheckboxProps: (item: ItemRow) => ({
                    disabled: !!item.panel || item.decision !== 'admitted',
                    name: item.name,
                  }),
                }
              : undefined
          }
          columns={[
            { title: '评审对象', dataIndex: 'name' },
            { title: '申报单位', dataIndex: 'unitName' },
            {
              title: '领域分组',
              dataIndex: 'group',
              render: (g: string) => (g ? <Tag color="purple">{g}</Tag> : '—'),
            },
            {
              title: '形式审查',
              dataIndex: 'decision',
              render: (d: ItemRow['decision']) => DECISION_TAGS[d],
            },
            {
              title: '专家组',
              dataIndex: 'panel',
              render: (p: ItemRow['panel']) =>
                p ? p.name : <Typography.Text type="secondary">未分配</Typography.Text>,
            },
            {
              title: '回避',
              dataIndex: 'recusals',
              render: (recusals: ItemRow['recusals']) =>
                recusals.length === 0
                  ? '—'
                  : recusals.map((r) => (
                      <Tooltip key={r.expertId} title={r.reason}>
                        <Tag color="orange">{r.name} 回避</Tag>
                      </Tooltip>
                    )),
            },
            ...(canManage
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, item: ItemRow) => <UnassignButton item={item} />,
                  },
                ]
              : []),
          ]}
        />
      </Flex>
    </>
  );
}
