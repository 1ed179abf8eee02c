// Field errors from zod issues: one Chinese message per dotted path, unknown fields named.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '#app/utils/http.server';

describe('fieldErrorsOf', () => {
  it('keeps fields named like Object.prototype members as ordinary keys', () => {
    const schema = z.object({
      constructor: z.string({ error: '请填写 constructor' }),
      toString: z.string({ error: '请填写 toString' }),
    });
    const result = schema.safeParse({});
    expect(result.success).toBe(false);
    const errors = fieldErrorsOf(result.error!);
    expect(JSON.parse(JSON.stringify(errors))).toEqual({
      constructor: '请填写 constructor',
      toString: '请填写 toString',
    });
  });

  it('names each unknown field of a strict object, nested ones by their dotted path', () => {
    const schema = z.strictObject({ a: z.strictObject({ b: z.number() }) });
    const result = schema.safeParse(JSON.parse('{"a":{"b":1,"c":2},"__proto__":{"x":1}}'));
    expect(result.success).toBe(false);
    // JSON.parse, not an object literal: a literal "__proto__" key would set the prototype.
    expect(JSON.parse(JSON.stringify(fieldErrorsOf(result.error!)))).toEqual(
      JSON.parse('{"a.c":"不支持的字段“c”","__proto__":"不支持的字段“__proto__”"}'),
    );
  });
});
