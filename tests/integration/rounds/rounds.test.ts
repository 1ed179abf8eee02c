import '#tests/support/use-test-db';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '#app/models/audit.server';
import {
  createRound,
  createRoundSchema,
  editRound,
  getRound,
  listRounds,
  lockedRoundFacts,
  startScoring,
  updateRound,
  updateRoundSchema,
} from '#app/models/round.server';
import {
  rubricFieldErrors,
  rubricInputSchema,
  updateRoundRubric,
  type RubricInput,
} from '#app/models/scheme.server';
import { prisma } from '#app/utils/db.server';
import { makeItem, makeOrganisation } from '#tests/integration/panels/fixtures';
import { getPreset } from '#seeds/presets/index';

async function agency(): Promise<string> {
  const user = await prisma.user.create({
    data: {
      username: `agency-${Math.random().toString(36).slice(2)}`,
      displayName: '评价机构',
      passwordHash: 'x',
    },
  });
  return user.id;
}

/** One admitted item, so the round may move to expert scoring. */
async function admitOne(roundId: string) {
  const unit = await makeOrganisation(`单位${++serial}`);
  await makeItem(roundId, unit.id, `平台${serial}`, '检测', 'admitted');
}

let serial = 0;
const input = (over: Record<string, unknown> = {}) =>
  createRoundSchema.parse({
    presetId: 'sichuan-2025-annual',
    name: `2026年度四川省产业技术基础公共服务平台年度评价（${++serial}）`,
    year: '2026',
    batch: '2',
    window: '2025年1月1日至2025年12月31日',
    deadlines: { applicationsClose: '2026-04-30', reviewEnd: '' },
    ...over,
  });

describe('round creation', () => {
  it('copies the preset scheme into the round and audits both writes', async () => {
    const actor = await agency();
    const round = await createRound(input(), actor);
    const detail = await getRound(round.id);
    expect(detail).toMatchObject({
      jurisdiction: 'sichuan',
      kind: 'annual',
      year: 2026,
      batch: 2,
      windowStart: '2025-01-01',
      windowEnd: '2025-12-31',
      deadlines: { applicationsClose: '2026-04-30' },
      state: 'draft',
    });
    expect(detail?.scheme.presetId).toBe('sichuan-2025-annual');
    expect(detail?.scheme.definition.scheme).toEqual(getPreset('sichuan-2025-annual')?.scheme);
    expect((await listRounds()).map((r) => r.id)).toContain(round.id);
    const events = await prisma.auditEvent.findMany({ where: { actorId: actor }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['scheme.copy', 'round.create']);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('rejects impossible dates with a message, never rolling them over', () => {
    const window = createRoundSchema.safeParse({ ...rawInput(), window: '2021年7月1日至2022年6月31日' });
    expect(window.success).toBe(false);
    expect(window.error?.issues[0]).toMatchObject({
      path: ['window'],
      message: '统计区间：结束日期2022年6月31日不是有效日期：6月只有30天',
    });
    const deadline = createRoundSchema.safeParse({
      ...rawInput(),
      deadlines: { applicationsClose: '2026-02-30' },
    });
    expect(deadline.error?.issues[0]).toMatchObject({
      path: ['deadlines', 'applicationsClose'],
      message: '申报截止：2026-02-30不是有效日期：2026年2月只有28天',
    });
    const preset = createRoundSchema.safeParse({ ...rawInput(), presetId: 'nope' });
    expect(preset.error?.issues[0].message).toBe('请选择评审方案预设');
  });

  it('refuses a second round with the same name (also a double-submitted form), writing nothing', async () => {
    const actor = await agency();
    const name = '2026年度上海市专业技术服务平台绩效评估（重名检查）';
    await createRound(input({ name, presetId: 'shanghai-2022-performance' }), actor);
    const before = await prisma.round.count();
    const schemes = await prisma.scheme.count();
    const again = await createRound(input({ name: `  ${name} ` }), actor).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Response);
    const response = again as Response;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: '输入有误',
      fieldErrors: { name: `已有名为“${name}”的评审工作，请换一个名称` },
    });
    expect(await prisma.round.count()).toBe(before);
    expect(await prisma.scheme.count()).toBe(schemes);
  });

  it('says what is wrong with a name that is too short instead of asking to fill it in', () => {
    const short = createRoundSchema.safeParse({ ...rawInput(), name: 'a' });
    expect(short.error?.issues[0].message).toBe('评审工作名称至少2个字');
    const blank = createRoundSchema.safeParse({ ...rawInput(), name: '  ' });
    expect(blank.error?.issues[0].message).toBe('请填写评审工作名称');
  });

  it('updates the window and deadlines, audited with before and after', async () => {
    const actor = await agency();
    const round = await createRound(input(), actor);
    const updated = await updateRound(round.id, { window: { from: '2025-07-01', to: '2026-06-30' } }, actor);
    expect(updated).toMatchObject({ windowStart: '2025-07-01', windowEnd: '2026-06-30' });
    const event = await prisma.auditEvent.findFirst({
      where: { entityId: round.id, action: 'round.update' },
    });
    expect(JSON.parse(event?.before ?? '{}')).toMatchObject({ windowStart: '2025-01-01' });
  });
});

describe('deadline order', () => {
  const deadlines = (d: Record<string, string>) => ({ ...rawInput(), deadlines: d });

  it('refuses a deadline that falls before an earlier step, naming both, on create and edit', () => {
    const order = { applicationsClose: '2026-04-30', noticeStart: '2026-03-01' };
    for (const notice of [
      createRoundSchema.safeParse(deadlines(order)),
      updateRoundSchema.safeParse({ deadlines: order }),
    ]) {
      expect(notice.success).toBe(false);
      expect(notice.error?.issues).toEqual([
        expect.objectContaining({
          path: ['deadlines', 'noticeStart'],
          message: '公示开始（2026-03-01）不能早于申报截止（2026-04-30）',
        }),
      ]);
    }
    // A step left empty is skipped: the next one is compared with the step before it.
    const defence = createRoundSchema.safeParse(
      deadlines({ applicationsClose: '2026年4月30日', reviewEnd: '', defenceStart: '2026-04-20' }),
    );
    expect(defence.error?.issues[0]).toMatchObject({
      path: ['deadlines', 'defenceStart'],
      message: '集中答辩（2026-04-20）不能早于申报截止（2026-04-30）',
    });
    const review = createRoundSchema.safeParse(
      deadlines({ applicationsClose: '2026-04-30', reviewEnd: '2026-05-20', defenceStart: '2026-05-10' }),
    );
    expect(review.error?.issues[0]).toMatchObject({
      path: ['deadlines', 'defenceStart'],
      message: '集中答辩（2026-05-10）不能早于形式审查截止（2026-05-20）',
    });
  });

  it('accepts deadlines in order, the same day included', () => {
    const ok = createRoundSchema.safeParse(
      deadlines({
        applicationsClose: '2026-04-30',
        reviewEnd: '2026-04-30',
        defenceStart: '2026-05-20',
        noticeStart: '2026-06-01',
      }),
    );
    expect(ok.success).toBe(true);
  });

  it('refuses an out-of-order edit before anything is written', async () => {
    const actor = await agency();
    const round = await createRound(input(), actor);
    const parsed = updateRoundSchema.safeParse({
      deadlines: { applicationsClose: '2026-04-30', noticeStart: '2026-01-01' },
    });
    expect(parsed.success).toBe(false);
    expect((await getRound(round.id))?.deadlines).toEqual({ applicationsClose: '2026-04-30' });
  });
});

describe('editing round facts', () => {
  const edit = (raw: Record<string, unknown>) => updateRoundSchema.parse(raw);

  it('edits every fact before scoring, clearing the window and batch when sent empty, audited', async () => {
    const actor = await agency();
    const round = await createRound(input(), actor);
    const after = await updateRound(
      round.id,
      edit({
        name: '改名后的评审工作',
        year: '2027',
        batch: '',
        window: '',
        deadlines: { defenceStart: '2026-06-10' },
      }),
      actor,
    );
    expect(after).toMatchObject({
      name: '改名后的评审工作',
      year: 2027,
      batch: null,
      windowStart: null,
      windowEnd: null,
      deadlines: '{"defenceStart":"2026-06-10"}',
    });
    const event = await prisma.auditEvent.findFirst({
      where: { entityId: round.id, action: 'round.update' },
    });
    expect(JSON.parse(event?.after ?? '{}')).toMatchObject({ name: '改名后的评审工作', windowStart: null });
  });

  it('keeps name, batch and deadlines editable once scoring has started, but not year or window', async () => {
    const actor = await agency();
    const round = await createRound(input(), actor);
    await admitOne(round.id);
    expect(await startScoring(round.id, actor, new Date('2026-05-01T00:00:00Z'))).toMatchObject({ ok: true });
    // The unchanged window and year may be sent back, as the edit form does.
    const ok = await updateRound(
      round.id,
      edit({
        name: '开评后改名',
        year: '2026',
        batch: '3',
        window: '2025-01-01至2025-12-31',
        deadlines: { noticeStart: '2026-07-01' },
      }),
      actor,
    );
    expect(ok).toMatchObject({ name: '开评后改名', batch: 3, deadlines: '{"noticeStart":"2026-07-01"}' });

    for (const [raw, field, message] of [
      [
        { window: '2025年7月1日至2026年6月30日' },
        'window',
        '已进入专家评审，统计区间不能再修改（专家按该区间的数据评分）',
      ],
      [{ window: '' }, 'window', '已进入专家评审，统计区间不能再修改（专家按该区间的数据评分）'],
      [{ year: 2027, name: '不应写入' }, 'year', '已进入专家评审，评审年度不能再修改'],
    ] as const) {
      const refused = await updateRound(round.id, edit(raw), actor).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Response);
      const response = refused as Response;
      expect(response.status).toBe(409);
      expect((await response.json()).fieldErrors).toEqual({ [field]: message });
    }
    expect(await getRound(round.id)).toMatchObject({
      name: '开评后改名',
      year: 2026,
      windowStart: '2025-01-01',
      windowEnd: '2025-12-31',
    });
    expect(lockedRoundFacts('scoring')).toEqual(['year', 'window']);
    expect(lockedRoundFacts('reviewing')).toEqual([]);
  });
});

describe('one edit of facts and rubric together (PATCH /api/v1/rounds/:id)', () => {
  it('writes neither when the facts are refused after a valid rubric, nor when the rubric is refused', async () => {
    const actor = await agency();
    const taken = await createRound(input(), actor);
    const round = await createRound(input(), actor);
    const detail = (await getRound(round.id))!;
    const rubric = rubricInputSchema.parse(detail.scheme.definition.scheme.rubric);
    const reordered = { ...rubric, criteria: [...rubric.criteria].reverse() };

    const refused = await editRound(
      round.id,
      { settings: updateRoundSchema.parse({ name: taken.name }), rubric: reordered, schemeVersion: 1 },
      actor,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    expect((await getRound(round.id))?.scheme.version).toBe(1);

    const badRubric = { ...rubric, criteria: [{ ...rubric.criteria[0], max: -1 }] };
    const rubricRefused = await editRound(
      round.id,
      { settings: updateRoundSchema.parse({ name: '不应写入的名称' }), rubric: badRubric, schemeVersion: 1 },
      actor,
    );
    expect(rubricRefused).toMatchObject({ ok: false });
    expect((await getRound(round.id))?.name).toBe(round.name);

    const both = await editRound(
      round.id,
      { settings: updateRoundSchema.parse({ name: '一次保存两项' }), rubric: reordered, schemeVersion: 1 },
      actor,
    );
    expect(both).toMatchObject({ ok: true, version: 2 });
    expect(await getRound(round.id)).toMatchObject({ name: '一次保存两项', scheme: { version: 2 } });
  });
});

describe('rubric editing', () => {
  it('adds, removes and reorders criteria, validated by the engine, until scoring starts', async () => {
    const actor = await agency();
    const round = await createRound(input(), actor);
    const detail = await getRound(round.id);
    if (!detail) throw new Error('round missing');
    const criteria = detail.scheme.definition.scheme.rubric.criteria;
    const rubric: RubricInput = {
      criteria: [
        {
          id: 'extra',
          name: '新增指标：数字化服务能力',
          max: 10,
          step: 0.5,
          guidance: '线上服务平台建设与使用情况',
        },
        ...criteria.slice(1).reverse(),
      ],
      vetoes: [{ id: 'fraud', name: '弄虚作假' }],
    };
    const result = await updateRoundRubric(round.id, rubric, detail.scheme.version, actor);
    expect(result).toEqual({ ok: true, version: detail.scheme.version + 1 });
    const after = await getRound(round.id);
    expect(after?.scheme.definition.scheme.rubric.criteria.map((c) => c.id)).toEqual(
      rubric.criteria.map((c) => c.id),
    );

    // A stale version is refused.
    const stale = await updateRoundRubric(round.id, rubric, detail.scheme.version, actor);
    expect(stale).toMatchObject({ ok: false, problems: [{ code: 'version_conflict' }] });

    // The engine's semantic checks apply: a step that does not divide the points.
    const bad = await updateRoundRubric(
      round.id,
      { criteria: [{ id: 'a', name: '指标', max: 10, step: 3 }] },
      detail.scheme.version + 1,
      actor,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0].message).toMatch(/步长|step/);

    // Scoring starts only with the full marks at 100 and every item decided (start-scoring.test.ts).
    const restored = await updateRoundRubric(round.id, { criteria }, detail.scheme.version + 1, actor);
    expect(restored).toEqual({ ok: true, version: detail.scheme.version + 2 });
    await admitOne(round.id);
    expect(await startScoring(round.id, actor, new Date('2026-05-10T08:00:00Z'))).toMatchObject({ ok: true });
    const frozen = await updateRoundRubric(round.id, rubric, detail.scheme.version + 2, actor);
    expect(frozen).toMatchObject({ ok: false, problems: [{ code: 'scheme_frozen' }] });
    expect((await getRound(round.id))?.state).toBe('scoring');
  });
});

describe('rubric editor messages', () => {
  it('name the criterion row and the veto row of a shape error', () => {
    const raw = {
      criteria: [
        { id: 'a', name: '甲', max: 10 },
        { id: 'b', name: '乙', max: 10 },
        { id: 'c', name: ' ', max: 10 },
      ],
      vetoes: [{ id: 'fraud', name: '' }],
    };
    const parsed = rubricInputSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(rubricFieldErrors(parsed.error, raw)).toEqual({
      'criteria.2.name': '第3项指标：请填写指标名称',
      'vetoes.0.name': '第1个否决项（fraud）：请填写否决项名称',
    });
  });

  it('warns, without refusing, when the full marks do not add up to 100', async () => {
    const actor = await agency();
    const round = await createRound(input({ name: '满分合计检查' }), actor);
    const detail = await getRound(round.id);
    if (!detail) throw new Error('round missing');
    const criteria = detail.scheme.definition.scheme.rubric.criteria;
    const off = await updateRoundRubric(
      round.id,
      { criteria: [...criteria, { id: 'extra', name: '成果转化', max: 7.5, step: 0.5 }] },
      detail.scheme.version,
      actor,
    );
    expect(off).toEqual({
      ok: true,
      version: detail.scheme.version + 1,
      warnings: ['满分合计为107.5分，不是100分；请核对各项分值与分档线是否一致'],
    });
    const back = await updateRoundRubric(round.id, { criteria }, detail.scheme.version + 1, actor);
    expect(back).toEqual({ ok: true, version: detail.scheme.version + 2 });
  });
});

function rawInput() {
  return { presetId: 'sichuan-2025-annual', name: '2026年度年度评价', year: 2026 };
}
