import { describe, expect, it } from 'vitest';
import {
  fail,
  failureBody,
  outcomeAck,
  outcomeResponse,
  refuse,
  succeed,
  type Outcome,
} from '#app/utils/outcome';

describe('outcomes', () => {
  it('a success keeps its values beside ok; a response sends them with the given status', async () => {
    const done: Outcome<{ batchId: string }> = succeed({ batchId: 'b1' });
    expect(done).toEqual({ ok: true, batchId: 'b1' });
    const response = outcomeResponse(done, { status: 201 });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ batchId: 'b1' });
    const shaped = outcomeResponse(done, { body: (v) => ({ batch: v.batchId }) });
    expect(await shaped.json()).toEqual({ batch: 'b1' });
  });

  it('a refusal answers with its status and { error, fieldErrors, problems }', async () => {
    const refused = refuse(409, [
      { code: 'version_conflict', message: '评审方案已被他人修改' },
      { code: 'x', column: 'B', message: '第一条' },
      { code: 'y', column: 'B', message: '第二条' },
    ]);
    const response = outcomeResponse(refused);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: '评审方案已被他人修改',
      fieldErrors: { _form: '评审方案已被他人修改', B: '第一条；第二条' },
      problems: refused.problems,
    });
    expect(outcomeResponse(fail(404, '评审工作不存在')).status).toBe(404);
  });

  it('field errors have no prototype, so a column named __proto__ is an ordinary key', () => {
    const refused = refuse(400, [{ code: 'x', column: '__proto__', message: '不对' }]);
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an acknowledgement is plain data with ok, and the body drops ok and status', () => {
    const refused = { ...fail(422, '文件处理超时或过大，已拒绝'), preview: { units: 0 } };
    expect(outcomeAck(refused)).toEqual({
      ok: false,
      status: 422,
      error: '文件处理超时或过大，已拒绝',
      preview: { units: 0 },
    });
    expect(failureBody(refused)).toEqual({ error: '文件处理超时或过大，已拒绝', preview: { units: 0 } });
    expect(outcomeAck(succeed({ version: 3 }))).toEqual({ ok: true, version: 3 });
  });
});
