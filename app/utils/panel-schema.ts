// Input shapes for panels (专家组) and assignments (分配), shared by the pages and the JSON API.
import { z } from 'zod';
import { normaliseName } from './normalise-name';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
// Forms send numbers as text; JSON must send a number. Only text is converted, so true, [7] or null
// stay what they are and are refused (z.coerce would turn them into 1, 7 and 0).
const textToNumber = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);
const flag = z.preprocess(
  (v) => (v === 'true' || v === 'on' ? true : v === 'false' ? false : v),
  z.boolean({ error: '须为是或否' }),
);
const id = (label: string) =>
  z
    .string({ error: `缺少${label}` })
    .trim()
    .min(1, `缺少${label}`)
    .max(64, `${label}无效`);

export const panelInputSchema = z
  .object({
    name: z
      .string({ error: '请填写专家组名称' })
      .overwrite(normaliseName)
      .trim()
      .min(1, '请填写专家组名称')
      .max(40, '专家组名称不超过40字'),
    fieldGroup: z
      .string({ error: '请填写领域分组' })
      .trim()
      .min(1, '请填写领域分组')
      .max(30, '领域分组不超过30字'),
    size: z.preprocess(
      textToNumber,
      z
        .number({ error: '专家组人数必须是数字' })
        .int('专家组人数必须是整数')
        .min(1, '专家组人数至少1人')
        .max(25, '专家组人数不超过25人'),
    ),
    quorum: z.preprocess(
      (v) => textToNumber(blankToUndefined(v)),
      z
        .number({ error: '法定人数必须是数字' })
        .int('法定人数必须是整数')
        .min(1, '法定人数至少1人')
        .optional(),
    ),
  })
  .refine((p) => p.quorum === undefined || p.quorum <= p.size, {
    path: ['quorum'],
    message: '法定人数不能大于专家组人数',
  });
export type PanelInputData = z.output<typeof panelInputSchema>;

/** PATCH /api/v1/panels/:panelId: a new size (修改人数), before anything is assigned. */
export const panelSizeInputSchema = z.strictObject({ size: panelInputSchema.shape.size });

export const CHAIR_RULE_LABELS = {
  first_drawn: '第一位抽中的专家',
  highest_title: '职称最高的专家',
} as const;

export const drawInputSchema = z.object({
  seed: z.preprocess(blankToUndefined, z.string().trim().max(64, '抽取种子不超过64个字符').optional()),
  backups: z
    .preprocess(
      textToNumber,
      z
        .number({ error: '候补人数必须是数字' })
        .int('候补人数必须是整数')
        .min(0, '候补人数不能为负')
        .max(10, '候补人数不超过10人'),
    )
    .default(2),
  region: z.preprocess(blankToUndefined, z.string().trim().max(40, '地区不超过40字').optional()),
  chair: z.enum(['first_drawn', 'highest_title'], { error: '组长产生方式无效' }).default('first_drawn'),
  excludeConflicted: flag.default(true),
});

export const replaceInputSchema = z.object({
  expertId: id('被替换的专家'),
  reason: z
    .string({ error: '请填写替换原因' })
    .trim()
    .min(1, '请填写替换原因')
    .max(200, '替换原因不超过200字'),
  chair: z.preprocess(
    blankToUndefined,
    z.enum(['first_drawn', 'highest_title'], { error: '组长产生方式无效' }).optional(),
  ),
});

export const chairInputSchema = z.object({ expertId: id('组长') });

const itemIds = z.array(id('评审对象'), { error: '请选择评审对象' }).max(2000, '一次最多分配2000个评审对象');

export const assignmentInputSchema = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({
      mode: z.literal('manual'),
      panelId: id('专家组'),
      itemIds: itemIds.min(1, '请至少选择一个评审对象'),
    }),
    z.strictObject({ mode: z.literal('auto'), itemIds: itemIds.optional() }),
  ],
  { error: '分配方式只能是 manual（手动）或 auto（自动）' },
);

export const unassignInputSchema = z.strictObject({ panelId: id('专家组'), itemId: id('评审对象') });

// Page form of the assignment screen: checkbox-style lists arrive as one value or many.
const formList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const formId = z.string().min(1);

export const assignmentFormSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('manual'),
      panelId: z.string({ error: '请选择专家组' }).min(1, '请选择专家组'),
      itemIds: formList(formId).pipe(z.array(formId).min(1, '请至少选择一个评审对象')),
    }),
    z.object({ intent: z.literal('auto'), itemIds: formList(formId) }),
    z.object({ intent: z.literal('unassign'), panelId: formId, itemId: formId }),
  ],
  { error: '未知操作' },
);

// What a draw records in Panel.drawFilter so it can be replayed: the options and the eligible pool
// (ids sorted, with titles for the chair rule) it drew from. Demo data and the app write this shape.
export const drawRecordSchema = z.object({
  field: z.string().nullable(), // null: drawn without a field filter
  region: z.string().nullable(),
  size: z.number().int(),
  backups: z.number().int(),
  chair: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('first_drawn') }),
    z.object({ kind: z.literal('highest_title') }),
    z.object({ kind: z.literal('chosen'), expertId: z.string() }),
  ]),
  excludeConflicted: z.boolean(),
  pool: z.array(z.object({ id: z.string(), title: z.string().nullable() })),
  excluded: z.array(z.object({ expertId: z.string(), reason: z.string() })),
});
export type DrawRecord = z.infer<typeof drawRecordSchema>;
