// 新建评审工作: pick a policy preset (its scheme is copied into the round), name, year, batch,
// statistics window and deadlines. Impossible dates are refused with the engine's message.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import Alert from '#antd/alert';
import Button from '#antd/button';
import Card from '#antd/card';
import AntForm from '#antd/form';
import Select from '#antd/select';
import { useState } from 'react';
import { PageHeader } from '#app/components/page-header';
import { RoundFactsFields } from '#app/components/round-facts-fields';
import { createRound, createRoundSchema, roundFormInput } from '#app/models/round.server';
import { requirePermission } from '#app/utils/auth.server';
import { JURISDICTION_LABELS, KIND_LABELS } from '#app/utils/round-labels';
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
  const parsed = createRoundSchema.safeParse(roundFormInput(form));
  if (!parsed.success) return badRequest(fieldErrorsOf(parsed.error));
  try {
    const round = await createRound(parsed.data, user.id);
    return redirect(`/rounds/${round.id}`);
  } catch (error) {
    if (error instanceof Response) return error; // e.g. 400: a round with that name exists
    throw error;
  }
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
            <AntForm.Item
              label="政策预设"
              validateStatus={errors.presetId ? 'error' : undefined}
              help={errors.presetId}
              style={{ marginBottom: 12 }}
            >
              <Select
                placeholder="选择评审方案预设"
                options={options.map((p) => ({ value: p.id, label: p.label }))}
                value={presetId}
                onChange={setPresetId}
                aria-label="政策预设"
              />
              <input type="hidden" name="presetId" value={presetId ?? ''} />
            </AntForm.Item>
          </AntForm>
          <RoundFactsFields errors={errors} />
          <Button type="primary" htmlType="submit" loading={busy}>
            创建
          </Button>
        </Form>
      </Card>
    </>
  );
}
