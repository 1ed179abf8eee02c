// 专家组: panels of a round per field group — create, draw with a recorded seed, replay the draw,
// replace a drawn expert by the next backup with a reason, and name the chair (组长).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import Alert from '#antd/alert';
import AutoComplete from '#antd/auto-complete';
import Button from '#antd/button';
import Card from '#antd/card';
import Checkbox from '#antd/checkbox';
import Descriptions from '#antd/descriptions';
import Empty from '#antd/empty';
import Flex from '#antd/flex';
import Input from '#antd/input';
import InputNumber from '#antd/input-number';
import Select from '#antd/select';
import Space from '#antd/space';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { panelSizeWarning } from '#scoring/panel-size';
import type { Problem } from '#scoring/types';
import { IssuedAccounts, type IssuedAccountRow } from '#app/components/issued-accounts';
import { PageHeader } from '#app/components/page-header';
import { createPanelAccounts } from '#app/models/expert.server';
import {
  createPanel,
  drawPanelExperts,
  listPanels,
  replacePanelExpert,
  roundFieldGroups,
  roundHeader,
  setPanelChair,
  updatePanelSize,
  type PanelMemberView,
  type PanelView,
} from '#app/models/panel.server';
import { requirePermission } from '#app/utils/auth.server';
import { notFound, safeParseForm } from '#app/utils/http.server';
import {
  CHAIR_RULE_LABELS,
  chairInputSchema,
  drawInputSchema,
  panelInputSchema,
  replaceInputSchema,
} from '#app/utils/panel-schema';
import { hasPermission } from '#app/utils/permissions';
import { problemsBody, roundParams, type ProblemBody } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '专家组 · 评审工作台' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'round:read');
  const { roundId } = roundParams(params);
  const round = await roundHeader(roundId);
  if (!round) throw notFound('评审工作不存在');
  const [panels, groups] = await Promise.all([listPanels(roundId), roundFieldGroups(roundId)]);
  return { round, panels, groups, canManage: hasPermission(user.roles, 'panel:manage') };
}

const panelId = z.string().min(1, '缺少专家组');
const actionSchema = z.discriminatedUnion(
  'intent',
  [
    panelInputSchema.safeExtend({ intent: z.literal('create') }),
    drawInputSchema.extend({ intent: z.literal('draw'), panelId }),
    replaceInputSchema.extend({ intent: z.literal('replace'), panelId }),
    chairInputSchema.extend({ intent: z.literal('chair'), panelId }),
    z.object({ intent: z.literal('resize'), panelId, size: panelInputSchema.shape.size }),
    z.object({ intent: z.literal('accounts'), panelId }),
  ],
  { error: '未知操作' },
);

type ActionResult =
  | { ok: true; message: string; warnings?: Problem[]; accounts?: IssuedAccountRow[] }
  | (ProblemBody & { ok?: false });

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult | Response> {
  const user = await requirePermission(request, 'panel:manage');
  const { roundId } = roundParams(params);
  const parsed = await safeParseForm(request, actionSchema);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  const fail = (problems: Problem[]) => Response.json(problemsBody(problems), { status: 400 });
  switch (input.intent) {
    case 'create': {
      const result = await createPanel(user.id, roundId, input);
      if (!result) throw notFound('评审工作不存在');
      if (!result.ok) return fail(result.problems);
      const warning = panelSizeWarning(result.value.size);
      return { ok: true, message: `已创建专家组“${input.name}”`, warnings: warning ? [warning] : [] };
    }
    case 'resize': {
      const result = await updatePanelSize(user.id, input.panelId, input.size);
      if (!result) throw notFound('专家组不存在');
      if (!result.ok) return fail(result.problems);
      return {
        ok: true,
        message: `人数已改为${input.size}人，${result.value.drawCleared ? '原抽取结果已作废，请重新抽取' : '请抽取专家'}`,
        warnings: result.value.warnings,
      };
    }
    case 'draw': {
      const result = await drawPanelExperts(user.id, input.panelId, {
        ...input,
        chair: { kind: input.chair },
      });
      if (!result) throw notFound('专家组不存在');
      if (!result.ok) return fail(result.problems);
      return {
        ok: true,
        message: `抽取完成，种子 ${result.value.panel.drawSeed}`,
        warnings: result.value.warnings,
      };
    }
    case 'replace': {
      const result = await replacePanelExpert(user.id, input.panelId, {
        expertId: input.expertId,
        reason: input.reason,
        chair: input.chair ? { kind: input.chair } : undefined,
      });
      if (!result) throw notFound('专家组不存在');
      return result.ok ? { ok: true, message: '已由候补专家递补' } : fail(result.problems);
    }
    case 'accounts': {
      // Accounts are people, not panel seats: creating them needs the expert pool permission too.
      if (!hasPermission(user.roles, 'expert:manage'))
        throw Response.json({ error: '无权访问', permission: 'expert:manage' }, { status: 403 });
      const result = await createPanelAccounts(user.id, input.panelId);
      if (!result) throw notFound('专家组不存在');
      if (!result.ok) return fail(result.problems);
      const created = result.value.filter((a) => a.created).length;
      return { ok: true, message: `已为本组创建${created}个登录账号`, accounts: result.value };
    }
    case 'chair': {
      const result = await setPanelChair(user.id, input.panelId, input.expertId);
      if (!result) throw notFound('专家组不存在');
      return result.ok ? { ok: true, message: '已设置组长' } : fail(result.problems);
    }
  }
}

function Feedback({ data }: { data: ActionResult | undefined }) {
  if (!data) return null;
  if ('ok' in data && data.ok) {
    return (
      <Flex vertical gap={4}>
        <Alert type="success" showIcon message={data.message} />
        {data.warnings?.map((w) => (
          <Alert key={w.code} type="warning" showIcon message={w.message} />
        ))}
      </Flex>
    );
  }
  return <Alert type="error" showIcon message={failureText(data as ProblemBody)} />;
}

// One line per problem, never the same message twice (the first problem is also the summary).
function failureText(failure: ProblemBody): string {
  const messages = [...new Set(Object.values(failure.fieldErrors ?? {}).flatMap((m) => m.split('；')))];
  return messages.length > 0 ? messages.join('；') : failure.error;
}

function CreatePanelForm({ groups }: { groups: { group: string; items: number }[] }) {
  const fetcher = useFetcher<ActionResult>();
  const [fieldGroup, setFieldGroup] = useState('');
  const [size, setSize] = useState<number | null>(5);
  return (
    <Card title="新建专家组" size="small">
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="fieldGroup" value={fieldGroup} />
        <Flex vertical gap={8}>
          <Feedback data={fetcher.data} />
          <Space wrap>
            <Input
              name="name"
              placeholder="名称，如 第一组（装备）"
              style={{ width: 220 }}
              aria-label="专家组名称"
            />
            <AutoComplete
              style={{ width: 200 }}
              placeholder="领域分组"
              aria-label="领域分组"
              value={fieldGroup}
              onChange={setFieldGroup}
              options={groups
                .filter((g) => g.group)
                .map((g) => ({ value: g.group, label: `${g.group}（${g.items}项）` }))}
            />
            <PanelSizeInput value={size} onChange={setSize} label="专家组人数" />
            <InputNumber
              name="quorum"
              min={1}
              max={25}
              placeholder="默认"
              prefix="法定人数"
              style={{ width: 170 }}
              aria-label="法定人数"
            />
            <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
              创建
            </Button>
          </Space>
          <SizeHint size={size} />
        </Flex>
      </fetcher.Form>
    </Card>
  );
}

/** The engine's warning for an unusual size, live as the number is typed (allowed, not refused). */
function SizeHint({ size }: { size: number | null }) {
  const warning = size !== null && Number.isInteger(size) && size > 0 ? panelSizeWarning(size) : null;
  return warning ? (
    <Typography.Text type="warning" role="status">
      {warning.message}（可以使用，但请确认）
    </Typography.Text>
  ) : null;
}

/** The panel size box (1–25, the form field `size`) of the create and 修改人数 forms. */
function PanelSizeInput(props: {
  value: number | null;
  onChange: (v: number | null) => void;
  label: string;
}) {
  return (
    <InputNumber
      name="size"
      min={1}
      max={25}
      value={props.value}
      onChange={props.onChange}
      prefix="人数"
      style={{ width: 130 }}
      aria-label={props.label}
    />
  );
}

/** 修改人数: allowed while nothing is assigned; a drawn panel is drawn again at the new size. */
function ResizeForm({ panel }: { panel: PanelView }) {
  const fetcher = useFetcher<ActionResult>({ key: `resize-${panel.id}` });
  const [size, setSize] = useState<number | null>(panel.size);
  // The field follows a new size from the server in place: remounting the form (a key on the size)
  // raced the fetcher's cleanup, and the 人数已改为… message was sometimes dropped.
  useEffect(() => setSize(panel.size), [panel.size]);
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="resize" />
      <input type="hidden" name="panelId" value={panel.id} />
      <Flex vertical gap={4}>
        <Space wrap>
          <PanelSizeInput value={size} onChange={setSize} label="修改专家组人数" />
          <Button htmlType="submit" loading={fetcher.state !== 'idle'} disabled={size === panel.size}>
            修改人数
          </Button>
          {panel.drawSeed && size !== panel.size ? (
            <Typography.Text type="secondary">修改人数后需重新抽取专家</Typography.Text>
          ) : null}
        </Space>
        {size !== panel.size ? <SizeHint size={size} /> : null}
        <Feedback data={fetcher.data} />
      </Flex>
    </fetcher.Form>
  );
}

function DrawForm({ panel }: { panel: PanelView }) {
  const fetcher = useFetcher<ActionResult>();
  const [chair, setChair] = useState<'first_drawn' | 'highest_title'>('first_drawn');
  const [excludeConflicted, setExcludeConflicted] = useState(true);
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="draw" />
      <input type="hidden" name="panelId" value={panel.id} />
      <input type="hidden" name="chair" value={chair} />
      <Flex vertical gap={8}>
        <Space wrap>
          <Input
            name="seed"
            placeholder="抽取种子（留空自动生成）"
            style={{ width: 220 }}
            aria-label="抽取种子"
          />
          <InputNumber
            name="backups"
            min={0}
            max={10}
            defaultValue={2}
            prefix="候补"
            style={{ width: 120 }}
            aria-label="候补人数"
          />
          <Input name="region" placeholder="限定地区（可选）" style={{ width: 160 }} aria-label="限定地区" />
          <Select
            value={chair}
            onChange={setChair}
            style={{ width: 190 }}
            aria-label="组长产生方式"
            options={Object.entries(CHAIR_RULE_LABELS).map(([value, label]) => ({
              value,
              label: `组长：${label}`,
            }))}
          />
          <input type="hidden" name="excludeConflicted" value={String(excludeConflicted)} />
          <Checkbox checked={excludeConflicted} onChange={(e) => setExcludeConflicted(e.target.checked)}>
            排除与本组评审对象需回避的专家
          </Checkbox>
          <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
            {panel.drawSeed ? '重新抽取' : '随机抽取'}
          </Button>
        </Space>
        <Feedback data={fetcher.data} />
      </Flex>
    </fetcher.Form>
  );
}

function ReplayButton({ panel }: { panel: PanelView }) {
  const fetcher = useFetcher<{ seed: string; matches: boolean } | { error: string }>();
  return (
    <Space>
      <Button
        onClick={() => fetcher.load(`/api/v1/panels/${panel.id}/draw`)}
        loading={fetcher.state !== 'idle'}
      >
        复核抽取
      </Button>
      {fetcher.data && 'matches' in fetcher.data ? (
        fetcher.data.matches ? (
          <Tag color="green">复核一致：按种子 {fetcher.data.seed} 重放结果与记录相同</Tag>
        ) : (
          <Tag color="red">复核不一致：抽取记录与重放结果不同</Tag>
        )
      ) : null}
      {fetcher.data && 'error' in fetcher.data ? <Tag color="red">{fetcher.data.error}</Tag> : null}
    </Space>
  );
}

function MemberActions({ panel, member }: { panel: PanelView; member: PanelMemberView }) {
  const replace = useFetcher<ActionResult>();
  const chair = useFetcher<ActionResult>();
  if (member.status !== 'drawn' || member.role === 'backup') return null;
  const failed =
    (replace.data && !('ok' in replace.data && replace.data.ok) ? (replace.data as ProblemBody) : null) ??
    (chair.data && !('ok' in chair.data && chair.data.ok) ? (chair.data as ProblemBody) : null);
  return (
    <Flex vertical gap={4}>
      <Space wrap>
        {member.role !== 'chair' ? (
          <chair.Form method="post">
            <input type="hidden" name="intent" value="chair" />
            <input type="hidden" name="panelId" value={panel.id} />
            <input type="hidden" name="expertId" value={member.expertId} />
            <Button size="small" htmlType="submit" loading={chair.state !== 'idle'}>
              设为组长
            </Button>
          </chair.Form>
        ) : null}
        <replace.Form method="post">
          <input type="hidden" name="intent" value="replace" />
          <input type="hidden" name="panelId" value={panel.id} />
          <input type="hidden" name="expertId" value={member.expertId} />
          <Space.Compact>
            <Input
              name="reason"
              size="small"
              placeholder="替换原因"
              style={{ width: 140 }}
              aria-label={`替换${member.name}的原因`}
            />
            <Button size="small" htmlType="submit" loading={replace.state !== 'idle'}>
              候补递补
            </Button>
          </Space.Compact>
        </replace.Form>
      </Space>
      {failed ? <Typography.Text type="danger">{failureText(failed)}</Typography.Text> : null}
    </Flex>
  );
}

const ROLE_TAGS: Record<PanelMemberView['role'], JSX.Element> = {
  chair: <Tag color="gold">组长</Tag>,
  member: <Tag color="blue">成员</Tag>,
  backup: <Tag>候补</Tag>,
};

/** 为本组专家创建登录账号: one-time passwords for every seated expert without an account. */
function AccountsForm({ panel }: { panel: PanelView }) {
  const fetcher = useFetcher<ActionResult>({ key: `accounts-${panel.id}` });
  const data = fetcher.data;
  const missing = panel.members.some((m) => m.status === 'drawn' && m.username === null);
  // Stays mounted after the accounts exist, so the one-time passwords remain on screen.
  if (!missing && !data) return null;
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="accounts" />
      <input type="hidden" name="panelId" value={panel.id} />
      <Flex vertical gap={8}>
        {missing ? (
          <Flex gap={12} align="center" wrap>
            <Button htmlType="submit" loading={fetcher.state !== 'idle'}>
              为本组专家创建登录账号
            </Button>
            <Typography.Text type="secondary">
              为尚无账号的组长、成员和候补创建“评审专家”账号，初始密码只显示一次，首次登录须修改。
            </Typography.Text>
          </Flex>
        ) : null}
        {data && 'ok' in data && data.ok && data.accounts ? (
          <IssuedAccounts accounts={data.accounts} />
        ) : null}
        {data && !('ok' in data && data.ok) ? <Feedback data={data} /> : null}
      </Flex>
    </fetcher.Form>
  );
}

function PanelCard({ panel, canManage }: { panel: PanelView; canManage: boolean }) {
  return (
    <Card
      title={
        <Space>
          <span>{panel.name}</span>
          <Tag color="purple">{panel.fieldGroup}</Tag>
          {panel.drawSeed ? <Tag color="green">已抽取</Tag> : <Tag>待抽取</Tag>}
          {panel.sizeWarning ? <Tag color="orange">人数非常规</Tag> : null}
        </Space>
      }
      extra={panel.drawSeed ? <ReplayButton panel={panel} /> : null}
      data-testid={`panel-${panel.name}`}
    >
      <Flex vertical gap={12}>
        <Descriptions size="small" column={4}>
          <Descriptions.Item label="人数">{panel.size}</Descriptions.Item>
          <Descriptions.Item label="法定人数">
            {panel.quorum}
            {panel.quorumOverride === null ? '（评分方案）' : ''}
          </Descriptions.Item>
          <Descriptions.Item label="已分配">{panel.assignments} 项</Descriptions.Item>
          <Descriptions.Item label="抽取种子">
            <Typography.Text code copyable={!!panel.drawSeed}>
              {panel.drawSeed ?? '—'}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {panel.sizeWarning ? <Alert type="warning" showIcon message={panel.sizeWarning} /> : null}
        {canManage && panel.assignments === 0 ? <ResizeForm panel={panel} /> : null}
        {canManage && panel.assignments === 0 ? <DrawForm panel={panel} /> : null}
        {canManage && panel.members.length > 0 ? <AccountsForm panel={panel} /> : null}
        {panel.members.length > 0 ? (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={panel.members}
            columns={[
              { title: '抽取顺序', dataIndex: 'drawOrder', width: 90, render: (n: number) => n + 1 },
              { title: '姓名', dataIndex: 'name' },
              { title: '职称', dataIndex: 'title' },
              { title: '工作单位', dataIndex: 'organisationName' },
              {
                title: '登录账号',
                dataIndex: 'username',
                render: (u: string | null) => u ?? <Typography.Text type="secondary">未创建</Typography.Text>,
              },
              {
                title: '角色',
                dataIndex: 'role',
                render: (_: unknown, m: PanelMemberView) =>
                  m.status === 'replaced' ? (
                    <Tag color="red">
                      已替换：{m.replacedReason}
                      {m.replacedByName ? `（由${m.replacedByName}递补）` : ''}
                    </Tag>
                  ) : (
                    ROLE_TAGS[m.role]
                  ),
              },
              ...(canManage
                ? [
                    {
                      title: '操作',
                      key: 'actions',
                      render: (_: unknown, m: PanelMemberView) => <MemberActions panel={panel} member={m} />,
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          <Empty description="尚未抽取专家" image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Flex>
    </Card>
  );
}

export default function PanelsPage() {
  const { round, panels, groups, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name, page: '专家组' }}
        title="专家组"
        subTitle={round.name}
        extra={
          <>
            <Link to={`/rounds/${round.id}`}>评审工作</Link>
            <Link to={`/rounds/${round.id}/assignments`}>分配评审对象</Link>
            <Link to={`/rounds/${round.id}/progress`}>评审进度</Link>
            <Link to={`/rounds/${round.id}/sessions`}>答辩安排</Link>
          </>
        }
      />
      <Flex vertical gap={16}>
        {canManage ? <CreatePanelForm groups={groups} /> : null}
        {panels.length === 0 ? <Empty description="本轮还没有专家组" /> : null}
        {panels.map((panel) => (
          <PanelCard key={panel.id} panel={panel} canManage={canManage} />
        ))}
      </Flex>
    </>
  );
}
