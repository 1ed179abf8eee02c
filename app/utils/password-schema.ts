// The password rule for every password a person chooses (账号管理, 修改初始密码). Length alone lets
// 12345678 or aaaaaaaa1 through: ask for letters plus digits or symbols, and some variety.
import { z } from 'zod';

export const passwordSchema = z
  .string({ error: '请输入密码' })
  .min(8, { error: '密码至少 8 个字符' })
  .max(128, { error: '密码不超过 128 个字符' })
  .refine((p) => /\p{L}/u.test(p) && /[^\p{L}\s]/u.test(p), { error: '密码须同时包含字母和数字（或符号）' })
  .refine((p) => new Set(p).size >= 5, { error: '密码过于简单，请至少使用 5 个不同的字符' });
