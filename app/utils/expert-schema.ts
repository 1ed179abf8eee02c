// The one shape of an expert (专家) and their recusal facts (回避信息), shared by the xlsx import, the
// edit page and the JSON API, so every way in applies the same rules and the same Chinese messages.
import { z } from 'zod';
import type { Conflict, ConflictCode } from '#scoring/types';
import { normaliseUscc, usccProblem } from './uscc';
import { normaliseName } from './normalise-name';

export const CONFLICT_KINDS = ['employer', 'formerEmployer', 'relative', 'declared'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const CONFLICT_KIND_LABELS: Record<ConflictKind, string> = {
  employer: '兼职单位',
  formerEmployer: '近三年曾工作单位',
  relative: '亲属所在单位',
  declared: '其他利益冲突',
};

export const EXPERT_LIMITS = { fields: 10, conflicts: 50, note: 500 } as const;

// Forms send '' for an empty input and null for a cleared number; both mean "not given".
const blankToUndefined = (v: unknown) =>
  v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v;

function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不能超过${max}个字符`);
}

function optionalText(label: string, max: number) {
  return z.preprocess(blankToUndefined, requiredText(label, max).optional());
}

const usccField = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((s) => normaliseUscc(s))
    .superRefine((s, ctx) => {
      const problem = usccProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
);

export const expertConflictInputSchema = z
  .object({
    kind: z.enum(CONFLICT_KINDS, {
      error: `回避类型只能是：${Object.values(CONFLICT_KIND_LABELS).join('、')}`,
    }),
    organisationName: optionalText('单位名称', 100),
    organisationUscc: usccField,
    untilYear: z.preprocess(
      blankToUndefined,
      z
        .number({ error: '离职年份必须是年份数字，如 2024' })
        .int('离职年份必须是整数年份')
        .min(1950, '离职年份不能早于1950年')
        .max(2100, '离职年份不能晚于2100年')
        .optional(),
    ),
    platformId: optionalText('平台', 40),
    itemId: optionalText('评审对象', 40),
    note: optionalText('说明', 200),
  })
  .superRefine((c, ctx) => {
    const namesOrganisation = c.organisationName !== undefined || c.organisationUscc !== undefined;
    if (c.kind !== 'declared' && !namesOrganisation) {
      ctx.addIssue({
        code: 'custom',
        path: ['organisationName'],
        message: '请填写单位名称或统一社会信用代码',
      });
    }
    if (c.kind === 'declared' && !namesOrganisation && !c.platformId && !c.itemId) {
      ctx.addIssue({
        code: 'custom',
        path: ['organisationName'],
        message: '其他利益冲突须写明单位、平台或评审对象',
      });
    }
    if (c.kind === 'formerEmployer' && c.untilYear === undefined) {
      ctx.addIssue({ code: 'custom', path: ['untilYear'], message: '近三年曾工作单位须填写离职年份' });
    }
  });

export type ExpertConflictInput = z.output<typeof expertConflictInputSchema>;

export const expertInputSchema = z.object({
  code: z
    .string({ error: '专家编号不能为空' })
    .overwrite(normaliseName)
    .trim()
    .min(1, '专家编号不能为空')
    .max(32, '专家编号不能超过32个字符')
    .regex(/^[^\s]+$/, '专家编号不能包含空格'),
  name: requiredText('姓名', 40),
  organisationName: requiredText('工作单位', 100),
  organisationUscc: usccField,
  title: requiredText('职称', 40),
  fields: z
    .array(requiredText('专业领域', 30), { error: '专业领域至少填写一项' })
    .min(1, '专业领域至少填写一项')
    .max(EXPERT_LIMITS.fields, `专业领域最多${EXPERT_LIMITS.fields}项`)
    .transform((fields) => [...new Set(fields)]),
  region: requiredText('所在地区', 40),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{5,20}$/, '联系电话只能包含数字、+、-、括号，5到20位')
      .optional(),
  ),
  email: z.preprocess(blankToUndefined, z.string().trim().email('电子邮箱格式不正确').optional()),
  active: z.boolean({ error: '是否可参加评审须为“是”或“否”' }).default(true),
  note: optionalText('备注', EXPERT_LIMITS.note),
  conflicts: z
    .array(expertConflictInputSchema)
    .max(EXPERT_LIMITS.conflicts, `回避信息最多${EXPERT_LIMITS.conflicts}条`)
    .default([]),
});

export type ExpertInput = z.output<typeof expertInputSchema>;

// Query of the pool list (page and API): everything optional, numbers arrive as text.
export const expertFilterSchema = z.object({
  q: z.string().max(50).optional(),
  field: z.string().max(30).optional(),
  region: z.string().max(40).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, '页码从1开始').optional(),
  pageSize: z.coerce
    .number({ error: '每页条数必须是数字' })
    .int()
    .min(1)
    .max(500, '每页最多500条')
    .optional(),
});

const CONFLICT_KIND_OF: Record<ConflictCode, ConflictKind> = {
  current_employer: 'employer',
  current_employer_parent: 'employer',
  past_employer: 'formerEmployer',
  relative: 'relative',
  declared_organisation: 'declared',
  declared_item: 'declared',
  declared_platform: 'declared',
};

/** The stored kind of a recusal: that of its first (most direct) conflict. */
export function recusalKind(conflicts: readonly Conflict[]): ConflictKind {
  return CONFLICT_KIND_OF[conflicts[0].code];
}
