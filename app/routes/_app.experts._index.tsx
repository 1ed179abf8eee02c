// 专家库: the expert pool, filtered; xlsx template download, export, and import with preview.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import { Alert, Button, Card, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import { PageHeader } from '#app/components/page-header';
import { importExperts, listExperts, type ExpertImportPreview } from '#app/models/expert.server';
import { requirePermission } from '#app/utils/auth.server';
import { expertFilterSchema } from '#app/utils/expert-schema';
import { readUpload } from './__expert-upload.server';
import { problemsBody, type ProblemBody } from './__review-api.server';

export const meta: MetaFunction = () => [{ title: '专家库 · 评审工作台' }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'expert:manage');
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = expertFilterSchema.safeParse(query);
  const filter = parsed.success ? parsed.data : {};
  const { total, experts } = await listExperts({ ...filter, pageSize: PAGE_SIZE });
  return {
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
  const upload = await readUpload(request);
  if (!upload.ok) return { ok: false, ...problemsBody([{ code: 'expert_file', message: upload.message }]) };
  const commit = upload.fields.get('intent') === 'commit';
  const result = await importExperts(user.id, upload.file, upload.fileName, { commit });
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

export default function ExpertsPage() {
  const { total, page, experts } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
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
              <select
                name="active"
                defaultValue={params.get('active') ?? ''}
                aria-label="状态"
                style={{ height: 32 }}
              >
                <option value="">全部状态</option>
                <option value="true">可参加评审</option>
                <option value="false">暂不参加</option>
              </select>
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
