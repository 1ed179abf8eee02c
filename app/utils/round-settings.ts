// A round's options (Round.settings JSON): what experts and the big screen may see. One schema and
// one reader for every model that consults them (results, sheets, sessions) and for the round's edit.
import { z } from 'zod';

/** Absent keys stay as stored; both default to false (blind scoring, no scores on the projector). */
export const roundSettingsSchema = z.strictObject({
  /** 专家提交后可查看本组该项目的汇总分 (issue 9 §1). */
  revealScoresAfterSubmit: z.boolean({ error: 'revealScoresAfterSubmit 应为 true 或 false' }).optional(),
  /** 答辩大屏在项目锁定后显示得分和暂定等级 (issue 10 §3). */
  screenShowsScores: z.boolean({ error: 'screenShowsScores 应为 true 或 false' }).optional(),
});
export type RoundSettings = z.infer<typeof roundSettingsSchema>;

/** The stored options; unknown keys dropped, a broken value read as none set. */
export function readRoundSettings(json: string): RoundSettings {
  try {
    const parsed = roundSettingsSchema.strip().safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
