// A policy preset (政策预设): a scheme the engine grades with, the eligibility rules checked before
// experts see an item, and where both come from. Presets are data; this schema is how the app and
// the CLI accept one (and how the tests prove the shipped ones are well-formed).
import { z } from 'zod';
import { eligibilityRuleSchema, schemeSchema } from '#scoring/schemas';

const minutes = z.int().min(1).max(240);

export const sessionTimingsSchema = z.strictObject({
  presentationMinutes: minutes, // 陈述
  questionMinutes: minutes, // 问答
  scoringMinutes: minutes, // 评分
});

export const presetSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '预设编号只能包含小写字母、数字和连字符'),
    name: z.string().min(1),
    jurisdiction: z.enum(['miit', 'sichuan', 'shanghai']),
    kind: z.enum(['recognition', 'annual', 'triennial', 'performance']),
    sources: z.array(z.string().min(1)).min(1),
    weightsNote: z.string().min(1),
    scheme: schemeSchema,
    eligibility: z.array(eligibilityRuleSchema),
    sessionTimings: sessionTimingsSchema.optional(),
  })
  .refine((p) => p.scheme.id === p.id, {
    message: '方案编号必须与预设编号一致',
    path: ['scheme', 'id'],
  });

export type SessionTimings = z.infer<typeof sessionTimingsSchema>;
export type Preset = z.infer<typeof presetSchema>;
