// 节假日安排: the statutory holidays and make-up working days (调休上班) per year, which 公示 periods
// are counted against. Administrators see which years are known, enter or replace a year by pasting
// its schedule, delete a year, and try a 公示 period. Writes go through app/models/holiday.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import Input from '#antd/input';
import Popconfirm from '#antd/popconfirm';
import Space from '#antd/space';
import Table from '#antd/table';
import Tag from '#antd/tag';
import Typography from '#antd/typography';
import { formatDateTime } from '#app/components/format';
import { PageHeader } from '#app/components/page-header';
import {
  deleteHolidayYear,
  holidayYear,
  type HolidayYearSummary,
  listHolidayYears,
  noticePeriod,
  replaceHolidayYear,
} from '#app/models/holiday.server';
import { requirePermission } from '#app/utils/auth.server';
import { safeParseForm } from '#app/utils/http.server';
import { holidayActionSchema, holidayQuerySchema } from './__holidays.server';

export const meta: MetaFunction = () => [{ title: '节假日安排 · 评审工作台' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'calendar:manage');
  const url = new URL(request.url);
  const query = holidayQuerySchema.parse(Object.fromEntries(url.searchParams));
  const years = await listHolidayYears();
  const editing = query.year === undefined ? null : { year: query.year, ...(await holidayYear(query.year)) };
  let trial: { start: string; days: number; result: Awaited<ReturnType<typeof noticePeriod>> } | null = null;
  if (query.start) {
    const days = query.days ?? 5;
    trial = { start: query.start, days, result: await noticePeriod(query.start, days) };
  }
  return { years, editing, trial };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, 'calendar:manage');
  const parsed = await safeParseForm(request, holidayActionSchema);
  if (!parsed.ok) return parsed.response;
  if (parsed.data.intent === 'delete') {
    const outcome = await deleteHolidayYear(actor.id, parsed.data.year);
    if (!outcome.ok)
      return Response.json(
        { error: outcome.error, fieldErrors: outcome.fieldErrors ?? {} },
        { status: outcome.status },
      );
    return { ok: true as const, message: `已删除 ${outcome.year} 年的节假日安排（${outcome.deleted} 条）` };
  }
  const outcome = await replaceHolidayYear(actor.id, { year: parsed.data.year, lines: parsed.data.lines });
  if (!outcome.ok) {
    return Response.json(
      {
        error: outcome.error,
        fieldErrors: outcome.fieldErrors ?? {},
        problems: (outcome.problems ?? []).map((p) => p.message),
      },
      { status: outcome.status },
    );
  }
  return {
    ok: true as const,
    message: `已${outcome.replaced ? '替换' : '录入'} ${outcome.year} 年的节假日安排：放假 ${outcome.holidays} 天，调休上班 ${outcome.workdays} 天`,
  };
}

type ActionResult =
  { ok: true; message: string } | { error: string; fieldErrors: Record<string, string>; problems?: string[] };

const EXAMPLE = `2027-01-01 holiday 元旦
2027-02-06 holiday 春节
2027-02-14 workday 春节`;

function DeleteYear({ year }: { year: number }) {
  const submit = useSubmit();
  return (
    <Popconfirm
      title={`删除后 ${year} 年的公示期将无法计算，直到重新录入。确定删除？`}
      onConfirm={() => submit({ intent: 'delete', year: String(year) }, { method: 'post' })}
    >
      <Button size="small" danger data-testid={`delete-${year}`}>
        删除
      </Button>
    </Popconfirm>
  );
}

export default function AdminHolidaysPage() {
  const { years, editing, trial } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const known = [...years].map((y) => y.year).sort((a, b) => a - b);
  return (
    <>
      <PageHeader
        title="节假日安排"
        subTitle="公示期按工作日计算：周末和法定节假日不计，调休上班日计入；未录入安排的年份无法计算公示期"
      />
      {result ? (
        'ok' in result ? (
          <Alert
            type="success"
            showIcon
            message={result.message}
            style={{ marginBottom: 16 }}
            data-testid="holiday-result"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            message={result.error}
            data-testid="holiday-result"
            description={
              result.problems && result.problems.length > 1 ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {result.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : undefined
            }
            style={{ marginBottom: 16 }}
          />
        )
      ) : null}
      <Card
        title={`已录入的年份（${years.length}）`}
        style={{ marginBottom: 16 }}
        extra={
          known.length > 0 ? (
            <Typography.Text type="secondary">{`${known[0]}—${known.at(-1)} 年`}</Typography.Text>
          ) : null
        }
      >
        <Table<HolidayYearSummary>
          rowKey="year"
          size="small"
          dataSource={years}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未录入任何年份的节假日安排' }}
          columns={[
            { title: '年份', dataIndex: 'year', width: 90 },
            { title: '放假', dataIndex: 'holidays', width: 80, render: (n: number) => `${n} 天` },
            { title: '调休上班', dataIndex: 'workdays', width: 100, render: (n: number) => `${n} 天` },
            {
              title: '节日',
              dataIndex: 'names',
              render: (names: string[]) => names.map((n) => <Tag key={n}>{n}</Tag>),
            },
            { title: '更新时间', dataIndex: 'updatedAt', width: 170, render: (d: Date) => formatDateTime(d) },
            {
              title: '操作',
              width: 150,
              render: (_: unknown, y) => (
                <Space>
                  <Link to={`?year=${y.year}`} data-testid={`edit-${y.year}`}>
                    编辑
                  </Link>
                  <DeleteYear year={y.year} />
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title={editing && editing.rows.length > 0 ? `替换 ${editing.year} 年的安排` : '录入一年的安排'}
        style={{ marginBottom: 16 }}
      >
        <Form method="post" key={editing?.year ?? 'new'} data-testid="holiday-form">
          <input type="hidden" name="intent" value="replace" />
          <Space direction="vertical" style={{ width: '100%' }}>
            <label>
              年份{' '}
              <Input
                name="year"
                type="number"
                defaultValue={editing?.year ?? ''}
                style={{ width: 120 }}
                aria-label="年份"
                status={result && !('ok' in result) && result.fieldErrors.year ? 'error' : undefined}
              />
            </label>
            <Typography.Text type="secondary">
              每行一天：日期、类型（holiday 放假 / workday
              调休上班）、节日名称，以空格分隔。保存时替换该年的全部安排。
            </Typography.Text>
            <Input.TextArea
              name="lines"
              aria-label="节假日安排"
              rows={12}
              defaultValue={editing?.lines ?? ''}
              placeholder={EXAMPLE}
              style={{ fontFamily: 'monospace' }}
              status={result && !('ok' in result) && result.fieldErrors.lines ? 'error' : undefined}
            />
            <Button type="primary" htmlType="submit" loading={busy} data-testid="holiday-save">
              保存（替换该年全部安排）
            </Button>
          </Space>
        </Form>
      </Card>
      <Card title="试算公示期">
        <Form method="get" data-testid="notice-form">
          <Space wrap>
            <label>
              公示开始日期{' '}
              <Input
                name="start"
                type="date"
                defaultValue={trial?.start ?? ''}
                style={{ width: 170 }}
                aria-label="公示开始日期"
              />
            </label>
            <label>
              工作日数{' '}
              <Input
                name="days"
                type="number"
                min={1}
                max={60}
                defaultValue={trial?.days ?? 5}
                style={{ width: 90 }}
                aria-label="工作日数"
              />
            </label>
            <Button htmlType="submit">计算</Button>
          </Space>
        </Form>
        {trial ? (
          trial.result.ok ? (
            <Alert
              style={{ marginTop: 16 }}
              type="info"
              data-testid="notice-result"
              message={`公示期 ${trial.result.start} 至 ${trial.result.end}（${trial.days} 个工作日）`}
              description={`计入的工作日：${trial.result.days.join('、')}`}
            />
          ) : (
            <Alert
              style={{ marginTop: 16 }}
              type="warning"
              data-testid="notice-result"
              message={trial.result.error}
            />
          )
        ) : null}
      </Card>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/route-error-boundary';
