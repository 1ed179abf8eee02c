// The score sheet body (评分表) as the expert's page, the JSON API and the sockets send it. Shape only,
// strict (an unknown field is refused); the rubric checks (unknown criteria, range, step, required)
// come after, from the engine (scoring/sheet-total) in app/models/sheet.server.ts. Shared by the
// server and the browser, so it imports nothing server-side.
import { z } from 'zod';

export const SHEET_COMMENT_MAX = 2000;
export const VETO_REASON_MAX = 500;

const criterionId = z
  .string({ error: '指标编号应为文字' })
  .min(1, { error: '指标编号不能为空' })
  .max(64, { error: '指标编号不超过64个字符' });

export const vetoProposalSchema = z.strictObject(
  {
    vetoId: z
      .string({ error: '请选择否决项' })
      .min(1, { error: '请选择否决项' })
      .max(64, { error: '否决项编号不超过64个字符' }),
    reason: z
      .string({ error: '请填写否决理由' })
      .trim()
      .min(1, { error: '请填写否决理由' })
      .max(VETO_REASON_MAX, { error: `否决理由不超过${VETO_REASON_MAX}字` }),
  },
  { error: '否决项应为 { vetoId, reason }' },
);

export const sheetBodySchema = z.strictObject(
  {
    version: z.int({ error: '版本号（version）应为正整数' }).min(1, { error: '版本号（version）应为正整数' }),
    scores: z.record(
      criterionId,
      z
        .number({ error: '得分应为数字（不能是文字）' })
        .refine(Number.isFinite, { error: '得分应为有限数字' }),
      { error: '得分（scores）应为 { 指标编号: 分数 }' },
    ),
    comment: z
      .string({ error: '评语应为文字' })
      .max(SHEET_COMMENT_MAX, { error: `评语不超过${SHEET_COMMENT_MAX}字` })
      .nullable()
      .optional(),
    vetoProposals: z
      .array(vetoProposalSchema, { error: '否决项（vetoProposals）应为列表' })
      .max(20, { error: '否决项不超过20项' })
      .optional(),
  },
  { error: '评分表应为 { version, scores, comment?, vetoProposals? }' },
);
export type SheetBody = z.infer<typeof sheetBodySchema>;

export const reasonSchema = (label: string, max = 500) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不超过${max}字` });

export const IDEMPOTENCY_KEY_MAX = 200;
export const idempotencyKeySchema = z
  .string({ error: '缺少 Idempotency-Key 请求头' })
  .min(1, { error: '缺少 Idempotency-Key 请求头' })
  .max(IDEMPOTENCY_KEY_MAX, { error: `Idempotency-Key 不超过${IDEMPOTENCY_KEY_MAX}个字符` });
