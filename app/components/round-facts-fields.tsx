// The facts of a round as plain named form inputs (name, year, 第X批, 统计区间, deadlines), shared by
// 新建评审工作 and the edit form on the round page; the action reads them with roundFormInput
// (app/models/round.server.ts). A locked fact is shown read-only and not sent.
import Flex from '#antd/flex';
import AntForm from '#antd/form';
import Input from '#antd/input';
import InputNumber from '#antd/input-number';
import type { ReactNode } from 'react';
import { formatBatch } from '#app/utils/batch';
import { currentYear } from './format';
import { DEADLINE_LABELS } from '#app/utils/round-labels';

export type RoundFactsValues = {
  name?: string;
  year?: number;
  batch?: number | null;
  window?: string;
  deadlines?: Record<string, string | undefined>;
};

function Field({
  label,
  name,
  errors,
  extra,
  children,
}: {
  label: string;
  name: string;
  errors: Record<string, string>;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <AntForm.Item
      label={label}
      validateStatus={errors[name] ? 'error' : undefined}
      help={errors[name]}
      extra={extra}
      style={{ marginBottom: 12 }}
    >
      {children}
    </AntForm.Item>
  );
}

export function RoundFactsFields({
  values = {},
  errors,
  locked = [],
  lockedNote,
}: {
  values?: RoundFactsValues;
  errors: Record<string, string>;
  locked?: readonly ('year' | 'window')[];
  lockedNote?: string;
}) {
  const isLocked = (f: 'year' | 'window') => locked.includes(f);
  return (
    <AntForm layout="vertical" component={false}>
      <Field label="评审工作名称" name="name" errors={errors}>
        <Input
          name="name"
          defaultValue={values.name}
          placeholder="如 2026年度四川省产业技术基础公共服务平台年度评价"
          aria-label="评审工作名称"
        />
      </Field>
      <Flex gap={16} wrap>
        <Field label="评审年度" name="year" errors={errors} extra={isLocked('year') ? lockedNote : undefined}>
          <InputNumber
            name={isLocked('year') ? undefined : 'year'}
            disabled={isLocked('year')}
            defaultValue={values.year ?? currentYear()}
            aria-label="评审年度"
          />
        </Field>
        <Field label="批次（如 第一批、1 或 一，可空）" name="batch" errors={errors}>
          <Input
            name="batch"
            defaultValue={values.batch ? formatBatch(values.batch) : undefined}
            placeholder="第一批"
            style={{ width: 120 }}
            aria-label="批次"
          />
        </Field>
      </Flex>
      <Field
        label="统计区间"
        name="window"
        errors={errors}
        extra={isLocked('window') ? lockedNote : undefined}
      >
        <Input
          name={isLocked('window') ? undefined : 'window'}
          disabled={isLocked('window')}
          defaultValue={values.window}
          placeholder="如 2025年1月1日至2025年12月31日"
          aria-label="统计区间"
        />
      </Field>
      <Flex gap={16} wrap>
        {Object.entries(DEADLINE_LABELS).map(([key, label]) => (
          <Field key={key} label={label} name={`deadlines.${key}`} errors={errors}>
            <Input
              name={`deadlines.${key}`}
              defaultValue={values.deadlines?.[key]}
              placeholder="如 2026-04-30"
              style={{ width: 160 }}
              aria-label={label}
            />
          </Field>
        ))}
      </Flex>
    </AntForm>
  );
}
