// 新建评审工作: pick a policy preset (its scheme is copied into the round), name, year, batch,
// statistics window and deadlines. Impossible dates are refused with the engine's message.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Alert, Button, Card, Flex, Form as AntForm, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { PageHeader } from '#app/components/page-header';
import { createRound, createRoundSchema } from '#app/models/round.server';
import { requirePermission } from '#app/utils/auth.server';
import { DEADLINE_LABELS, JURISDICTION_LABELS, KIND_LABELS } from '#app/utils/round-labels';
import { badRequest, fieldErrorsOf, formDataToObject, type FieldErrors } from '#app/utils/http.server';
import { presets } from '#seeds/presets/index';

export const meta: MetaFunction = () => [{ title: '新建评审工作 · 评审工作台' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'round:manage');
  return {
    presets: presets.map((p) => ({
      id: p.id,
      name: p.name,
      label: `${JURISDICTION_LABELS[p.jurisdiction]} · ${KIND_LABELS[p.kind]} · ${p.name}`,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'round:manage');
  let form: Record<string, string | string[]>;
  try {
    form = formDataToObject(await request.formData());
  } catch {
    return badRequest({ _form: '表单内容无法解析' });
  }
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : undefined);
  const parsed = createRoundSchema.safeParse({
    presetId: text('presetId'),
    name: text('name'),
    year: text('year'),
    batch: text('batch'),
    window: text('window'),
    deadlines: Object.fromEntries(Object.keys(DEADLINE_LABELS).map((k) => [k, text(`deadlines.${k}`)])),
  });
  if (!parsed.success) return badRequest(fieldErrorsOf(parsed.error));
  try {
    const round = await createRound(parsed.data, user.id);
    return redirect(`/rounds/${round.id}`);
  } catch (error) {
    if (error instanceof Response) return error; // e.g. 400: a round with that name exists
    throw error;
  }
}

function Field({
  label,
  name,
  errors,
  children,
}: {
  label: string;
  name: string;
  errors: FieldErrors;
  children: React.ReactNode;
}) {
  return (
    <AntForm.Item
      label={label}
      validateStatus={errors[name] ? 'error' : undefined}
      help={errors[name]}
      style={{ marginBottom: 12 }}
    >
      {children}
    </AntForm.Item>
  );
}

export default function NewRoundPage() {
  const { presets: options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error: string; fieldErrors: FieldErrors } | undefined;
  const errors = result?.fieldErrors ?? {};
  const busy = useNavigation().state !== 'idle';
  const [presetId, setPresetId] = useState<string>();
  return (
    <>
      <PageHeader title="新建评审工作" subTitle="评审方案从所选政策预设复制，创建后可在详情页调整评分细则" />
      <Card style={{ maxWidth: 760 }}>
        <Form method="post">
          {result ? (
            <Alert
              type="error"
              showIcon
              message={result.error}
              description={Object.values(errors).join('；')}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <AntForm layout="vertical" component={false}>
            <Field label="政策预设" name="presetId" errors={errors}>
              <Select
                placeholder="选择评审方案预设"
                options={options.map((p) => ({ value: p.id, label: p.label }))}
                value={presetId}
                onChange={setPresetId}
                aria-label="政策预设"
              />
              <input type="hidden" name="presetId" value={presetId ?? ''} />
            </Field>
            <Field label="评审工作名称" name="name" errors={errors}>
              <Input
                name="name"
                placeholder="如 2026年度四川省产业技术基础公共服务平台年度评价"
                aria-label="评审工作名称"
              />
            </Field>
            <Flex gap={16}>
              <Field label="评审年度" name="year" errors={errors}>
                <InputNumber
                  name="year"
                  defaultValue={new Date().getFullYear()}
                  aria-label="评审年度"
                />
              </Field>
              <Field label="批次（第X批，可空）" name="batch" errors={errors}>
                <InputNumber name="batch" aria-label="批次" />
              </Field>
            </Flex>
            <Field label="统计区间" name="window" errors={errors}>
              <Input name="window" placeholder="如 2025年1月1日至2025年12月31日" aria-label="统计区间" />
            </Field>
            <Flex gap={16} wrap>
              {Object.entries(DEADLINE_LABELS).map(([key, label]) => (
                <Field key={key} label={label} name={`deadlines.${key}`} errors={errors}>
                  <Input
                    name={`deadlines.${key}`}
                    placeholder="如 2026-04-30"
                    style={{ width: 160 }}
                    aria-label={label}
                  />
                </Field>
              ))}
            </Flex>
          </AntForm>
          <Button type="primary" htmlType="submit" loading={busy}>
            创建
          </Button>
        </Form>
      </Card>
    </>
  );
}
