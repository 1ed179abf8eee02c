// 导入材料: upload the filled 申报书 / 年度运行情况表 → preview (every problem by sheet, row and column,
// and per unit the eligibility pre-check; nothing written) → confirm → all-or-nothing import.
import { createHash } from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Flex from '#antd/flex';
import Space from '#antd/space';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { z } from 'zod';
import { formatDateTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import {
  commitItemsImport,
  previewItemsImport,
  templateKindOf,
  type ItemsImportPreview,
  type PlannedUnit,
} from '#app/models/import.server';

import { requirePermission } from '#app/utils/auth.server';
import { FLAG_LABELS, OVERALL_LABELS } from '#app/utils/round-labels';
import { prisma } from '#app/utils/db.server';
import { notFound, parseParams } from '#app/utils/http.server';
import { outcomeResponse } from '#app/utils/outcome';
import type { Problem } from '#scoring/types';
import { readWorkbookUpload } from '#app/utils/upload.server';

export const meta: MetaFunction = () => [{ title: '导入材料 · 评审工作台' }];

const params = z.object({ roundId: z.string().min(1).max(64) });

export async function loader({ request, params: p }: LoaderFunctionArgs) {
  await requirePermission(request, 'item:import');
  const { roundId } = parseParams(p, params);
  const round = await prisma.round.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      name: true,
      kind: true,
      importBatches: {
        orderBy: { createdAt: 'desc' },
        take: 10,
        select: { id: true, fileName: true, created: true, updated: true, rowCount: true, createdAt: true },
      },
    },
  });
  if (!round) throw notFound('评审工作不存在');
  const form = templateKindOf(round.kind) === 'application' ? '申报书' : '年度运行情况表';
  return { round, form };
}

type ActionData =
  | { kind: 'preview'; preview: ItemsImportPreview }
  | { kind: 'committed'; created: number; updated: number; preview: ItemsImportPreview }
  | { kind: 'error'; message: string };

export async function action({ request, params: p }: ActionFunctionArgs): Promise<ActionData> {
  const user = await requirePermission(request, 'item:import');
  const { roundId } = parseParams(p, params);
  const upload = await readWorkbookUpload(request);
  if (!upload.ok) return { kind: 'error', message: upload.message };
  if (upload.fields.get('intent') !== 'commit') {
    const preview = await previewItemsImport(roundId, upload.bytes, upload.fileName);
    if (!preview) throw notFound('评审工作不存在');
    return { kind: 'preview', preview };
  }
  // Commit only the file that was previewed: a different file must be previewed first.
  const previewed = upload.fields.get('previewSha');
  if (previewed !== createHash('sha256').update(upload.bytes).digest('hex')) {
    return { kind: 'error', message: '所选文件与预检时的文件不同，请先重新预检' };
  }
  const outcome = await commitItemsImport(roundId, upload.bytes, upload.fileName, user.id);
  if (!outcome.ok) {
    if (outcome.preview) return { kind: 'preview', preview: outcome.preview };
    throw outcomeResponse(outcome);
  }
  return { kind: 'committed', created: outcome.created, updated: outcome.updated, preview: outcome.preview };
}

const OVERALL_COLOR = { eligible: 'green', ineligible: 'red', incomplete: 'orange' } as const;

function ProblemTable({ problems, title }: { problems: Problem[]; title: string }) {
  return (
    <Table<Problem & { key: number }>
      title={() => title}
      rowKey="key"
      size="small"
      dataSource={problems.map((pr, key) => ({ ...pr, key }))}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      columns={[
        { title: '工作表', dataIndex: 'sheet', width: 120, render: (s?: string) => s ?? '文件' },
        { title: '行', dataIndex: 'row', width: 70, render: (r?: number) => r ?? '—' },
        { title: '列', dataIndex: 'column', width: 70, render: (c?: string) => c ?? '—' },
        { title: '问题', dataIndex: 'message' },
      ]}
    />
  );
}

export default function ImportPage() {
  const { round, form } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const data = fetcher.data;
  const preview = data && data.kind !== 'error' ? data.preview : null;
  const busy = fetcher.state !== 'idle';
  return (
    <>
      <PageHeader
        round={{ id: round.id, name: round.name, page: '导入材料' }}
        title={`导入材料：${round.name}`}
        subTitle={`上传按本轮模板填写的${form}（xlsx，不超过10MB）。先预检，确认无误后再导入；同一统一社会信用代码重复导入时更新原记录。`}
        extra={
          <>
            <a href={`/api/v1/rounds/${round.id}/template`} download>
              <Button>下载{form}模板</Button>
            </a>
            <Link to={`/rounds/${round.id}/items`}>
              <Button>形式审查</Button>
            </Link>
          </>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <fetcher.Form method="post" encType="multipart/form-data">
            <Flex gap={12} align="center" wrap>
              <input
                type="file"
                name="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-label="选择文件"
                required
              />
              <input type="hidden" name="previewSha" value={preview?.sha256 ?? ''} />
              <Button htmlType="submit" name="intent" value="preview" loading={busy}>
                预检
              </Button>
              <Button
                type="primary"
                htmlType="submit"
                name="intent"
                value="commit"
                disabled={!preview?.canCommit || data?.kind === 'committed'}
                loading={busy}
              >
                确认导入
              </Button>
            </Flex>
          </fetcher.Form>
        </Card>
        {data?.kind === 'error' ? <Alert type="error" showIcon message={data.message} /> : null}
        {data?.kind === 'committed' ? (
          <Alert
            type="success"
            showIcon
            message={`导入完成：新增 ${data.created} 个，更新 ${data.updated} 个评审对象`}
            action={<Link to={`/rounds/${round.id}/items`}>去形式审查</Link>}
          />
        ) : null}
        {preview && data?.kind === 'preview' ? (
          preview.canCommit ? (
            <Alert
              type="success"
              showIcon
              message={`预检通过：${preview.units.length} 个单位，可以导入（尚未写入）`}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              message={`发现 ${preview.problems.length} 个问题，请修改文件后重新预检；未写入任何数据`}
            />
          )
        ) : null}
        {preview && preview.problems.length > 0 ? (
          <Card>
            <ProblemTable problems={preview.problems} title="问题清单" />
          </Card>
        ) : null}
        {preview && preview.warnings.length > 0 ? (
          <Card>
            <ProblemTable problems={preview.warnings} title="提示（不影响导入）" />
          </Card>
        ) : null}
        {preview && preview.units.length > 0 ? (
          <Card title={`单位（${preview.units.length}）`}>
            <Table<PlannedUnit>
              rowKey="uscc"
              size="small"
              dataSource={preview.units}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: '行', dataIndex: 'row', width: 60 },
                { title: '单位', dataIndex: 'name' },
                { title: '平台名称', dataIndex: 'platformName' },
                { title: '统一社会信用代码', dataIndex: 'uscc', width: 190 },
                {
                  title: '操作',
                  dataIndex: 'action',
                  width: 80,
                  render: (a: string) => (a === 'create' ? <Tag>新增</Tag> : <Tag color="blue">更新</Tag>),
                },
                {
                  title: '基本条件',
                  width: 110,
                  render: (_, u) => (
                    <Tag color={OVERALL_COLOR[u.eligibility.overall]}>
                      {OVERALL_LABELS[u.eligibility.overall]}
                    </Tag>
                  ),
                },
                {
                  title: '风险标记',
                  render: (_, u) =>
                    u.flags.map((f) => (
                      <Tag color="volcano" key={f}>
                        {FLAG_LABELS[f]}
                      </Tag>
                    )),
                },
              ]}
            />
          </Card>
        ) : null}
        <Card title="导入记录">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={round.importBatches}
            locale={{ emptyText: '尚未导入' }}
            columns={[
              { title: '文件', dataIndex: 'fileName' },
              { title: '单位数', dataIndex: 'rowCount', width: 80 },
              { title: '新增', dataIndex: 'created', width: 80 },
              { title: '更新', dataIndex: 'updated', width: 80 },
              {
                title: '时间',
                dataIndex: 'createdAt',
                width: 200,
                render: (d: string | Date) => formatDateTime(d),
              },
            ]}
          />
          <Typography.Text type="secondary">所有导入与形式审查结论均记入审计日志。</Typography.Text>
        </Card>
      </Space>
    </>
  );
}
