// One expert (专家): create (/experts/new) or edit, with the recusal facts the conflict check uses.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Form from '#antd/form';
import Input from '#antd/input';
import InputNumber from '#antd/input-number';
import Select from '#antd/select';
import Switch from '#antd/switch';
import Typography from '#antd/typography';
import { z } from 'zod';
import { PageHeader } from '#app/components/page-header';
import { IssuedAccounts, type IssuedAccountRow } from '#app/components/issued-accounts';
import {
  conflictTargetOptions,
  createExpert,
  createExpertAccounts,
  getExpert,
  updateExpert,
} from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { CONFLICT_KIND_LABELS, CONFLICT_KINDS, expertInputSchema } from '#app/utils/expert-schema';
import { notFound, safeParseJson } from '#app/utils/http.server';
import { expertParams, problemsBody, type ProblemBody } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '专家信息 · 评审工作台' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  const { expertId } = expertParams(params);
  const targets = await conflictTargetOptions();
  if (expertId === 'new') return { expert: null, targets };
  const expert = await getExpert(expertId);
  if (!expert) throw notFound('专家不存在');
  // A target outside the offered lists (an item of a closed round) still shows by its name.
  const withCurrent = (
    options: { value: string; label: string }[],
    current: [string | null, string | null][],
  ) => {
    const known = new Set(options.map((o) => o.value));
    const extra = current.flatMap(([value, label]) =>
      value && !known.has(value) ? [{ value, label: label ?? `（已删除）${value}` }] : [],
    );
    return [...extra, ...options];
  };
  return {
    expert,
    targets: {
      platforms: withCurrent(
        targets.platforms,
        expert.conflicts.map((c) => [c.platformId, c.platformName]),
      ),
      items: withCurrent(
        targets.items,
        expert.conflicts.map((c) => [c.itemId, c.itemName]),
      ),
    },
  };
}

const accountIntent = z.strictObject({ intent: z.literal('account') });

type SaveResult = ProblemBody | { error: string; fieldErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'expert:manage');
  const { expertId } = expertParams(params);
  // 创建登录账号 posts {"intent":"account"}; everything else is the expert form.
  const intent = await request
    .clone()
    .json()
    .then((body: unknown) => accountIntent.safeParse(body).success)
    .catch(() => false);
  if (intent && expertId !== 'new') {
    const issued = await createExpertAccounts(user.id, [expertId]);
    if (!issued.ok) return Response.json(problemsBody(issued.problems), { status: 400 });
    return { accounts: issued.value };
  }
  const parsed = await safeParseJson(request, expertInputSchema);
  if (!parsed.ok) return parsed.response;
  const result =
    expertId === 'new'
      ? await createExpert(user.id, parsed.data)
      : await updateExpert(user.id, expertId, parsed.data);
  if (result === null) throw notFound('专家不存在');
  if (!result.ok) return Response.json(problemsBody(result.problems), { status: 400 });
  return redirect(`/experts?saved=${encodeURIComponent(result.value.code ?? '')}`);
}

type FormValues = {
  code: string;
  name: string;
  organisationName: string;
  organisationUscc?: string;
  title: string;
  fields: string[];
  region: string;
  phone?: string;
  email?: string;
  active: boolean;
  note?: string;
  conflicts: {
    kind: string;
    organisationName?: string;
    organisationUscc?: string;
    untilYear?: number;
    platformId?: string;
    itemId?: string;
    note?: string;
  }[];
};

export default function ExpertPage() {
  const { expert, targets } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<SaveResult>();
  const errors = fetcher.data?.fieldErrors ?? {};
  const initial: Partial<FormValues> = expert
    ? {
        code: expert.code ?? '',
        name: expert.name,
        organisationName: expert.organisationName,
        organisationUscc: expert.organisationUscc ?? undefined,
        title: expert.title,
        fields: expert.fields,
        region: expert.region,
        phone: expert.phone ?? undefined,
        email: expert.email ?? undefined,
        active: expert.active,
        note: expert.note ?? undefined,
        conflicts: expert.conflicts.map((c) => ({
          kind: c.kind,
          organisationName: c.organisationName ?? undefined,
          organisationUscc: c.organisationUscc ?? undefined,
          untilYear: c.untilYear ?? undefined,
          platformId: c.platformId ?? undefined,
          itemId: c.itemId ?? undefined,
          note: c.note ?? undefined,
        })),
      }
    : { active: true, fields: [], conflicts: [] };
  const status = (key: string) => (errors[key] ? ('error' as const) : undefined);
  // Errors of a recusal row, shown beside its fields and, in the summary, with the row number.
  const rowField = (index: number, field: string) => {
    const key = `conflicts.${index}.${field}`;
    return errors[key] ? { validateStatus: 'error' as const, help: errors[key] } : {};
  };
  const summary = Object.entries(errors).map(([key, message]) => {
    const row = /^conflicts\.(\d+)\./.exec(key);
    return row ? `第${Number(row[1]) + 1}条回避信息：${message}` : message;
  });

  return (
    <>
      <PageHeader
        title={expert ? `专家：${expert.name}` : '新增专家'}
        extra={<Link to="/experts">返回专家库</Link>}
      />
      {expert ? <AccountCard expertId={expert.id} account={expert.account} active={expert.active} /> : null}
      <Form<FormValues>
        layout="vertical"
        initialValues={initial}
        onFinish={(values) =>
          fetcher.submit(
            { ...values, conflicts: values.conflicts ?? [] },
            { method: 'post', encType: 'application/json' },
          )
        }
      >
        <Flex vertical gap={16}>
          {fetcher.data ? (
            <Alert
              type="error"
              showIcon
              message={fetcher.data.error}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {summary.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Card title="基本信息" size="small">
            <Flex gap={16} wrap>
              <Form.Item
                label="专家编号"
                name="code"
                required
                validateStatus={status('code')}
                help={errors.code}
              >
                <Input style={{ width: 160 }} />
              </Form.Item>
              <Form.Item label="姓名" name="name" required validateStatus={status('name')} help={errors.name}>
                <Input style={{ width: 160 }} />
              </Form.Item>
              <Form.Item
                label="职称"
                name="title"
                required
                validateStatus={status('title')}
                help={errors.title}
              >
                <Input style={{ width: 180 }} placeholder="如 正高级工程师" />
              </Form.Item>
              <Form.Item
                label="所在地区"
                name="region"
                required
                validateStatus={status('region')}
                help={errors.region}
              >
                <Input style={{ width: 180 }} placeholder="如 四川省成都市" />
              </Form.Item>
            </Flex>
            <Flex gap={16} wrap>
              <Form.Item
                label="工作单位"
                name="organisationName"
                required
                validateStatus={status('organisationName')}
                help={errors.organisationName}
              >
                <Input style={{ width: 320 }} />
              </Form.Item>
              <Form.Item
                label="工作单位统一社会信用代码"
                name="organisationUscc"
                validateStatus={status('organisationUscc')}
                help={errors.organisationUscc}
              >
                <Input style={{ width: 240 }} />
              </Form.Item>
            </Flex>
            <Form.Item
              label="专业领域"
              name="fields"
              required
              validateStatus={status('fields')}
              help={errors.fields ?? '输入后回车，可填多项'}
            >
              <Select
                mode="tags"
                style={{ maxWidth: 520 }}
                tokenSeparators={['、', ',', '，']}
                aria-label="专业领域"
              />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item label="联系电话" name="phone" validateStatus={status('phone')} help={errors.phone}>
                <Input style={{ width: 180 }} />
              </Form.Item>
              <Form.Item label="电子邮箱" name="email" validateStatus={status('email')} help={errors.email}>
                <Input style={{ width: 240 }} />
              </Form.Item>
              <Form.Item label="可参加评审" name="active" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Flex>
            <Form.Item label="备注" name="note">
              <Input.TextArea rows={2} style={{ maxWidth: 640 }} />
            </Form.Item>
          </Card>
          <Card
            title="回避信息"
            size="small"
            extra={
              <Typography.Text type="secondary">选择“其他利益冲突”可指定具体平台或评审对象</Typography.Text>
            }
          >
            <Form.List name="conflicts">
              {(rows, { add, remove }) => (
                <Flex vertical gap={8}>
                  {rows.map((row) => (
                    <Flex key={row.key} wrap gap={8} align="start">
                      <Form.Item
                        name={[row.name, 'kind']}
                        rules={[{ required: true, message: '请选择回避类型' }]}
                        {...rowField(row.name, 'kind')}
                      >
                        <Select
                          style={{ width: 170 }}
                          placeholder="回避类型"
                          options={CONFLICT_KINDS.map((k) => ({ value: k, label: CONFLICT_KIND_LABELS[k] }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'organisationName']}
                        {...rowField(row.name, 'organisationName')}
                      >
                        <Input placeholder="单位名称" style={{ width: 240 }} />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'organisationUscc']}
                        {...rowField(row.name, 'organisationUscc')}
                      >
                        <Input placeholder="统一社会信用代码" style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'untilYear']} {...rowField(row.name, 'untilYear')}>
                        <InputNumber placeholder="离职年份" min={1950} max={2100} style={{ width: 110 }} />
                      </Form.Item>
                      {/* 其他利益冲突 may name a specific platform or 评审对象 instead of a unit. */}
                      <Form.Item noStyle dependencies={[['conflicts', row.name, 'kind']]}>
                        {({ getFieldValue }) =>
                          getFieldValue(['conflicts', row.name, 'kind']) === 'declared' ? (
                            <>
                              <Form.Item
                                name={[row.name, 'platformId']}
                                {...rowField(row.name, 'platformId')}
                              >
                                <Select
                                  showSearch
                                  allowClear
                                  optionFilterProp="label"
                                  placeholder="平台（可选）"
                                  aria-label="回避平台"
                                  style={{ width: 260 }}
                                  options={targets.platforms}
                                />
                              </Form.Item>
                              <Form.Item name={[row.name, 'itemId']} {...rowField(row.name, 'itemId')}>
                                <Select
                                  showSearch
                                  allowClear
                                  optionFilterProp="label"
                                  placeholder="评审对象（可选）"
                                  aria-label="回避评审对象"
                                  style={{ width: 320 }}
                                  options={targets.items}
                                />
                              </Form.Item>
                            </>
                          ) : null
                        }
                      </Form.Item>
                      <Form.Item name={[row.name, 'note']} {...rowField(row.name, 'note')}>
                        <Input placeholder="说明" style={{ width: 180 }} />
                      </Form.Item>
                      <Button onClick={() => remove(row.name)}>删除</Button>
                    </Flex>
                  ))}
                  <div>
                    <Button onClick={() => add({ kind: 'formerEmployer' })}>添加回避事项</Button>
                  </div>
                </Flex>
              )}
            </Form.List>
          </Card>
          <div>
            <Button type="primary" htmlType="submit" loading={fetcher.state !== 'idle'}>
              保存
            </Button>
          </div>
        </Flex>
      </Form>
    </>
  );
}

/** 登录账号: the linked sign-in account, or a button creating one with a one-time password. */
function AccountCard({
  expertId,
  account,
  active,
}: {
  expertId: string;
  account: { username: string; mustChangePassword: boolean } | null;
  active: boolean;
}) {
  const fetcher = useFetcher<{ accounts: IssuedAccountRow[] } | ProblemBody>({ key: `account-${expertId}` });
  const data = fetcher.data;
  return (
    <Card title="登录账号" size="small" style={{ marginBottom: 16 }}>
      <Flex vertical gap={12}>
        {data && 'accounts' in data ? <IssuedAccounts accounts={data.accounts} /> : null}
        {data && 'error' in data ? <Alert type="error" showIcon message={data.error} /> : null}
        {account ? (
          <Typography.Text>
            {`用户名：${account.username}（评审专家）`}
            {account.mustChangePassword ? '，尚未修改初始密码' : ''}
          </Typography.Text>
        ) : (
          <Flex gap={12} align="center" wrap>
            <Typography.Text type="secondary">
              该专家还没有登录账号。创建后系统生成一次性初始密码，专家首次登录须修改。
            </Typography.Text>
            <Button
              disabled={!active}
              loading={fetcher.state !== 'idle'}
              onClick={() =>
                fetcher.submit({ intent: 'account' }, { method: 'post', encType: 'application/json' })
              }
            >
              创建登录账号
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
