// 专家库: the expert pool, filtered; xlsx template download, export, and import with preview.
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
import Typography from '#antd/typography';
import { useState } from 'react';
import { PageHeader } from '#app/components/page-header';
import {
  importExperts,
  listExperts,
  type ExpertFilter,
  type ExpertImportPreview,
} from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { expertFilterSchema } from '#app/utils/expert-schema';
import { readWorkbookUpload } from '#app/utils/upload.server';
import { problemsBody, type ProblemBody } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '专家库 · 评审工作台' }];

const PAGE_SIZE = 50;

type ListFilter = Omit<ExpertFilter, 'pageSize'>;

/**
 * The list filter from the search form's query. Empty fields (the form sends them all, active="" for
 * 全部状态) mean "any"; a field that does not parse is dropped on its own, never the whole filter.
 */
export function expertListFilter(params: URLSearchParams): { filter: ListFilter; invalid: boolean } {
  const shape = expertFilterSchema.shape;
  const filter: Record<string, unknown> = {};
  let invalid = false;
  for (const key of ['q', 'field', 'region', 'active', 'page'] as const) {
    const raw = params.get(key)?.trim();
    if (!raw) continue;
    const parsed = shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) filter[key] = parsed.data;
    else invalid = true;
  }
  return { filter: filter as ListFilter, invalid };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  const { filter, invalid } = expertListFilter(new URL(request.url).searchParams);
  const { total, experts } = await listExperts({ ...filter, pageSize: PAGE_SIZE });
  return {
    filterInvalid: invalid,
    total,
    page: filter.page ?? 1,
    experts: experts.map((e) => ({
      id: e.id,
      code: e.code,
      name: e.name,
      organisationName: e.organisationName,
      title: e.title,
      fields: e.fields,
      region: e.region,
      active: e.active,
      conflicts: e.conflicts.length,
    })),
  };
}

type ImportResult =
  { ok: true; committed: boolean; preview: ExpertImportPreview } | (ProblemBody & { ok: false });

export async function action({ request }: ActionFunctionArgs): Promise<ImportResult> {
  const user = await requirePermission(request, 'expert:manage');
  const upload = await readWorkbookUpload(request);
  if (!upload.ok) return { ok: false, ...problemsBody([{ code: 'expert_file', message: upload.message }]) };
  const commit = upload.fields.get('intent') === 'commit';
  const result = await importExperts(user.id, upload.bytes, upload.fileName, { commit });
  if (!result.ok) return { ok: false, ...problemsBody(result.problems) };
  return { ok: true, committed: commit, preview: result.value };
}

function ImportCard() {
  const fetcher = useFetcher<typeof action>();
  const data = fetcher.data;
  return (
    <Card title="从 Excel 导入专家" size="small">
      <fetcher.Form method="post" encType="multipart/form-data">
        <Flex gap={12} wrap align="center">
          <input type="file" name="file" accept=".xlsx" aria-label="专家库文件" required />
          <Button htmlType="submit" name="intent" value="preview" loading={fetcher.state !== 'idle'}>
            预检
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            name="intent"
            value="commit"
            disabled={!data?.ok || data.committed}
          >
            确认导入
          </Button>
          <Typography.Text type="secondary">
            先预检：有任何问题时不会写入；同一专家编号再次导入会更新该专家。
          </Typography.Text>
        </Flex>
      </fetcher.Form>
      {data && !data.ok ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={`文件有 ${data.problems.length} 处问题，未导入任何数据`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="import-problems">
              {data.problems.slice(0, 200).map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {data?.ok ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Alert
            type={data.committed ? 'success' : 'info'}
            showIcon
            message={
              data.committed
                ? `已导入：新增 ${data.preview.created} 人，更新 ${data.preview.updated} 人`
                : `预检通过：共 ${data.preview.rows} 人，将新增 ${data.preview.created} 人，更新 ${data.preview.updated} 人。确认无误后点击“确认导入”。`
            }
          />
          <Table
            size="small"
            rowKey="code"
            pagination={{ pageSize: 10 }}
            dataSource={data.preview.experts}
            columns={[
              { title: '行', dataIndex: 'row', width: 60 },
              { title: '专家编号', dataIndex: 'code' },
              { title: '姓名', dataIndex: 'name' },
              { title: '工作单位', dataIndex: 'organisationName' },
              { title: '专业领域', dataIndex: 'fields', render: (f: string[]) => f.join('、') },
              { title: '回避信息', dataIndex: 'conflicts', render: (n: number) => `${n} 条` },
              {
                title: '操作',
                dataIndex: 'action',
                render: (a: string) =>
                  a === 'create' ? <Tag color="green">新增</Tag> : <Tag color="blue">更新</Tag>,
              },
            ]}
          />
        </Flex>
      ) : null}
    </Card>
  );
}

// The status filter as an antd Select (a native <select> looked out of place); the value travels in a
// hidden input so the GET form still works before hydration.
function ActiveFilter({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <Select
        value={value}
        onChange={setValue}
        style={{ width: 140 }}
        aria-label="状态"
        options={[
          { value: '', label: '全部状态' },
          { value: 'true', label: '可参加评审' },
          { value: 'false', label: '暂不参加' },
        ]}
      />
      <input type="hidden" name="active" value={value} />
    </>
  );
}

export default function ExpertsPage() {
  const { total, page, experts, filterInvalid } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const saved = params.get('saved');
  return (
    <>
      <PageHeader
        title="专家库"
        subTitle={`共 ${total} 位专家`}
        extra={
          <>
            <Button href="/api/v1/experts/template">下载导入模板</Button>
            <Button href="/api/v1/experts/template?withData=1">导出专家库</Button>
            <Link to="/experts/new">
              <Button type="primary">新增专家</Button>
            </Link>
          </>
        }
      />
      <Flex vertical gap={16}>
        {filterInvalid ? <Alert type="warning" showIcon message="部分查询条件无效，已忽略" /> : null}
        {saved ? <Alert type="success" showIcon closable message={`已保存专家（编号 ${saved}）`} /> : null}
        <ImportCard />
        <Card size="small">
          <Form method="get">
            <Space wrap>
              <Input
                name="q"
                placeholder="姓名、编号或单位"
                defaultValue={params.get('q') ?? ''}
                allowClear
                aria-label="关键词"
              />
              <Input
                name="field"
                placeholder="专业领域"
                defaultValue={params.get('field') ?? ''}
                allowClear
                aria-label="专业领域"
              />
              <Input
                name="region"
                placeholder="地区"
                defaultValue={params.get('region') ?? ''}
                allowClear
                aria-label="地区"
              />
              <ActiveFilter initial={params.get('active') ?? ''} />
              <Button htmlType="submit">查询</Button>
            </Space>
          </Form>
        </Card>
        <Table
          rowKey="id"
          dataSource={experts}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total,
            showSizeChanger: false,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          columns={[
            { title: '专家编号', dataIndex: 'code' },
            {
              title: '姓名',
              dataIndex: 'name',
              render: (name: string, e) => <Link to={`/experts/${e.id}`}>{name}</Link>,
            },
            { title: '工作单位', dataIndex: 'organisationName' },
            { title: '职称', dataIndex: 'title' },
            {
              title: '专业领域',
              dataIndex: 'fields',
              render: (fields: string[]) => fields.map((f) => <Tag key={f}>{f}</Tag>),
            },
            { title: '地区', dataIndex: 'region' },
            {
              title: '状态',
              dataIndex: 'active',
              render: (active: boolean) => (active ? <Tag color="green">可参加</Tag> : <Tag>暂不参加</Tag>),
            },
            { title: '回避信息', dataIndex: 'conflicts', render: (n: number) => (n > 0 ? `${n} 条` : '—') },
          ]}
        />
      </Flex>
    </>
  );
}
