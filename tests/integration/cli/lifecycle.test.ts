// `pingshen lifecycle`, run as the real binary (the bundle when fresh), over histories that put each
// rule of 261号 / 川经信规〔2025〕9号 第十七—二十条 and 沪科规〔2022〕2号 第二十二—二十三条 at its boundary.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_GROUNDS } from '#scoring/platform-lifecycle';
import { runCli } from '#tests/fixtures/cli/run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-lifecycle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Ev = { year: number; type: string; result?: string; ground?: string; withCause?: boolean };
type H = { id: string; recognisedYear: number; asOf: number | string; events: Ev[]; applyProbes?: number[] };
type Verdict = {
  id: string;
  status: string;
  removedYear: number | null;
  ground: string | null;
  bannedUntil: number | null;
  mayApply: Record<string, boolean>;
};

let n = 0;
function file(content: unknown): string {
  const path = join(tmp, `h${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function verdicts(jurisdiction: string, histories: H[]): Promise<Record<string, Verdict>> {
  const run = await runCli(['lifecycle', '--jurisdiction', jurisdiction, '--in', file({ histories })]);
  expect(run.stderr.replace(/^提示：.*\n/gm, '')).toBe('');
  expect(run.status).toBe(0);
  const out = JSON.parse(run.stdout) as { jurisdiction: string; histories: Verdict[] };
  expect(out.jurisdiction).toBe(jurisdiction);
  expect(out.histories.map((v) => v.id)).toEqual(histories.map((h) => h.id));
  for (const v of out.histories) {
    expect(Object.keys(v)).toEqual(['id', 'status', 'removedYear', 'ground', 'bannedUntil', 'mayApply']);
  }
  return Object.fromEntries(out.histories.map((v) => [v.id, v]));
}

async function one(jurisdiction: string, h: Omit<H, 'id'>): Promise<Verdict> {
  return (await verdicts(jurisdiction, [{ id: 'P', ...h }])).P;
}

async function refused(jurisdiction: string, content: unknown) {
  const out = join(tmp, `refused${n++}.json`);
  const run = await runCli([
    'lifecycle',
    '--jurisdiction',
    jurisdiction,
    '--in',
    file(content),
    '--out',
    out,
  ]);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(existsSync(out)).toBe(false);
  return run.stderr;
}

const annual = (year: number, result = '合格'): Ev => ({ year, type: 'annual', result });
const triennial = (year: number, result = '合格'): Ev => ({ year, type: 'triennial', result });
const perf = (year: number, result: string): Ev => ({ year, type: 'performance', result });

describe('pingshen lifecycle — 工信部科〔2025〕261号 and 川经信规〔2025〕9号', () => {
  it('passing annual and triennial reviews keep the platform listed; a listed platform may not apply', async () => {
    const v = await one('miit', {
      recognisedYear: 2025,
      asOf: 2029,
      events: [annual(2026), annual(2027, '不合格'), triennial(2028, '优秀'), annual(2029)],
      applyProbes: [2024, 2025, 2029, 2031],
    });
    expect(v).toEqual({
      id: 'P',
      status: 'listed',
      removedYear: null,
      ground: null,
      bannedUntil: null,
      mayApply: { '2024': true, '2025': false, '2029': false, '2031': false },
    });
  });

  it('triennial 不合格 → rectifying (第十八条（二）) until the next year passes', async () => {
    const base = { recognisedYear: 2025, events: [annual(2026), annual(2027), triennial(2028, '不合格')] };
    const rectifying = await one('sichuan', { ...base, asOf: 2029, applyProbes: [2028, 2029] });
    expect(rectifying).toMatchObject({ status: 'rectifying', removedYear: null, bannedUntil: null });
    expect(rectifying.ground).toBe(
      '川经信规〔2025〕9号第十八条（二）综合评审不合格，整改1年并于次年度参加综合评审',
    );
    expect(rectifying.mayApply).toEqual({ '2028': false, '2029': false });

    // 2030 reached with no 2029 re-review: 不参加次年度综合评审 → removed in 2029.
    const missed = await one('miit', { ...base, asOf: 2030 });
    expect(missed).toMatchObject({ status: 'removed', removedYear: 2029, bannedUntil: 2032 });
    expect(missed.ground).toBe('工信部科〔2025〕261号第十八条（二）不参加整改后次年度综合评审');

    const restored = await one('miit', { ...base, events: [...base.events, triennial(2029)], asOf: 2031 });
    expect(restored).toMatchObject({ status: 'listed', ground: null });
  });

  it('不合格 again after rectification → removed, banned 3 years (mayApply false through bannedUntil)', async () => {
    const v = await one('miit', {
      recognisedYear: 2025,
      asOf: 2029,
      events: [annual(2026), annual(2027), triennial(2028, '不合格'), triennial(2029, '不合格')],
      applyProbes: [2028, 2029, 2030, 2032, 2033],
    });
    expect(v).toEqual({
      id: 'P',
      status: 'removed',
      removedYear: 2029,
      ground: '工信部科〔2025〕261号第十八条（二）整改后综合评审仍不合格',
      bannedUntil: 2032,
      mayApply: { '2028': false, '2029': false, '2030': false, '2032': false, '2033': true },
    });
    const sichuan = await one('sichuan', {
      recognisedYear: 2025,
      asOf: 2029,
      events: [triennial(2028, '不合格'), triennial(2029, '不合格')],
    });
    expect(sichuan.ground).toBe('川经信规〔2025〕9号第十八条（二）整改后综合评审仍不合格');
  });

  it('absence: without cause removes (第十九条（一）); with a justified cause it does not, and a re-review moves one year', async () => {
    const noShow = await one('miit', {
      recognisedYear: 2025,
      asOf: 2026,
      events: [{ year: 2026, type: 'annual', result: 'absent' }],
      applyProbes: [2029, 2030],
    });
    expect(noShow).toMatchObject({ status: 'removed', removedYear: 2026, bannedUntil: 2029 });
    expect(noShow.ground).toBe('工信部科〔2025〕261号第十九条（一）无故不参加评审');
    expect(noShow.mayApply).toEqual({ '2029': false, '2030': true });

    const excused = await one('miit', {
      recognisedYear: 2025,
      asOf: 2026,
      events: [{ year: 2026, type: 'annual', result: 'absent', withCause: true }],
    });
    expect(excused).toMatchObject({ status: 'listed', ground: null });

    const reReviewNoShow = await one('sichuan', {
      recognisedYear: 2025,
      asOf: 2029,
      events: [triennial(2028, '不合格'), { year: 2029, type: 'triennial', result: 'absent' }],
    });
    expect(reReviewNoShow.ground).toBe('川经信规〔2025〕9号第十八条（二）不参加整改后次年度综合评审');

    const deferred = [
      triennial(2028, '不合格'),
      { year: 2029, type: 'triennial', result: 'absent', withCause: true },
    ];
    expect(await one('sichuan', { recognisedYear: 2025, asOf: 2030, events: deferred })).toMatchObject({
      status: 'rectifying',
    });
    expect(await one('sichuan', { recognisedYear: 2025, asOf: 2031, events: deferred })).toMatchObject({
      status: 'removed',
      removedYear: 2030,
      bannedUntil: 2033,
    });
    expect(
      await one('sichuan', { recognisedYear: 2025, asOf: 2031, events: [...deferred, triennial(2030)] }),
    ).toMatchObject({ status: 'listed' });
  });

  it('a triennial year passed without the review: the cycle lapsed, re-recognition required', async () => {
    const events = [annual(2026), annual(2027), annual(2028)];
    expect(await one('miit', { recognisedYear: 2025, asOf: 2028, events })).toMatchObject({
      status: 'listed',
    });
    const lapsed = await one('miit', {
      recognisedYear: 2025,
      asOf: 2029,
      events,
      applyProbes: [2027, 2028, 2029],
    });
    expect(lapsed).toMatchObject({ status: 're-recognition-required', removedYear: null, bannedUntil: null });
    expect(lapsed.ground).toContain('工信部科〔2025〕261号第十八条（二）服务平台每3年开展一次综合评审');
    expect(lapsed.ground).toContain('2028年未参加综合评审');
    expect(lapsed.mayApply).toEqual({ '2027': false, '2028': true, '2029': true });
  });

  it('第十七条 法人主体重大变更 → re-recognition required, no ban', async () => {
    const v = await one('sichuan', {
      recognisedYear: 2025,
      asOf: 2027,
      events: [annual(2026), { year: 2027, type: 'ground', ground: 'major_change' }],
      applyProbes: [2026, 2027],
    });
    expect(v).toEqual({
      id: 'P',
      status: 're-recognition-required',
      removedYear: null,
      ground: '川经信规〔2025〕9号第十七条 依托单位出现合并拆分等法人主体重大变更，须重新认定',
      bannedUntil: null,
      mayApply: { '2026': false, '2027': true },
    });
  });

  it('第二十条: a recognised branch is removed (MIIT) without the 3-year ban, and may not apply again', async () => {
    const v = await one('miit', {
      recognisedYear: 2025,
      asOf: 2027,
      events: [annual(2026), { year: 2027, type: 'ground', ground: 'branch' }],
      applyProbes: [2026, 2027, 2031, 2040],
    });
    expect(v).toEqual({
      id: 'P',
      status: 'removed',
      removedYear: 2027,
      ground:
        '工信部科〔2025〕261号第二十条 被认定为服务平台的单位，其已认定为服务平台的分支机构原则上将移出名录',
      bannedUntil: null,
      mayApply: { '2026': false, '2027': false, '2031': false, '2040': false },
    });
    // Sichuan's 第二十条 only refuses new grants (an eligibility rule): no such ground there.
    expect(
      await refused('sichuan', {
        histories: [
          {
            id: 'B',
            recognisedYear: 2025,
            asOf: 2027,
            events: [{ year: 2027, type: 'ground', ground: 'branch' }],
          },
        ],
      }),
    ).toContain('未知情形“branch”');
  });

  for (const jurisdiction of ['miit', 'sichuan'] as const) {
    it(`every ${jurisdiction} 第十九条 ground removes at once and cites its article`, async () => {
      const grounds = LIFECYCLE_GROUNDS[jurisdiction].filter(
        (g) => g.id !== 'major_change' && g.id !== 'branch',
      );
      expect(grounds.length).toBe(jurisdiction === 'miit' ? 4 : 7);
      const out = await verdicts(
        jurisdiction,
        grounds.map((g) => ({
          id: g.id,
          recognisedYear: 2025,
          asOf: 2030,
          events: [annual(2026), { year: 2027, type: 'ground', ground: g.id }, annual(2028)],
          applyProbes: [2030, 2031],
        })),
      );
      const doc = jurisdiction === 'miit' ? '工信部科〔2025〕261号' : '川经信规〔2025〕9号';
      grounds.forEach((g, i) => {
        expect(out[g.id]).toEqual({
          id: g.id,
          status: 'removed',
          removedYear: 2027,
          ground: g.article,
          bannedUntil: 2030,
          mayApply: { '2030': false, '2031': true },
        });
        expect(g.article).toMatch(new RegExp(`^${doc}第十九条（${'一二三四五六七'[i]}）`));
      });
    });
  }
});

describe('pingshen lifecycle — 沪科规〔2022〕2号', () => {
  it('one 不合格 → rectifying (第二十二条); two consecutive → removed (第二十三条（一）) with no ban', async () => {
    const once = await one('shanghai', {
      recognisedYear: 2022,
      asOf: 2024,
      events: [perf(2023, '良好'), perf(2024, '不合格')],
    });
    expect(once).toMatchObject({ status: 'rectifying', removedYear: null, bannedUntil: null });
    expect(once.ground).toContain('沪科规〔2022〕2号第二十二条');

    const twice = await one('shanghai', {
      recognisedYear: 2022,
      asOf: 2025,
      events: [perf(2023, '不合格'), perf(2024, '不合格'), perf(2025, '优秀')],
      applyProbes: [2023, 2024, 2025],
    });
    expect(twice).toEqual({
      id: 'P',
      status: 'removed',
      removedYear: 2024,
      ground: '沪科规〔2022〕2号第二十三条（一）连续两次绩效评估为“不合格”',
      bannedUntil: null,
      mayApply: { '2023': false, '2024': true, '2025': true },
    });
  });

  it('not consecutive when a better grade lies between; a passed rectification does not break the run', async () => {
    const between = await one('shanghai', {
      recognisedYear: 2022,
      asOf: 2025,
      events: [perf(2023, '不合格'), perf(2024, '一般'), perf(2025, '不合格')],
    });
    expect(between.status).toBe('rectifying');

    const rectified = [perf(2023, '不合格'), { year: 2023, type: 'rectification', result: '合格' }];
    expect(await one('shanghai', { recognisedYear: 2022, asOf: 2023, events: rectified })).toMatchObject({
      status: 'listed',
    });
    expect(
      await one('shanghai', {
        recognisedYear: 2022,
        asOf: 2024,
        events: [...rectified, perf(2024, '不合格')],
      }),
    ).toMatchObject({ status: 'removed', removedYear: 2024 });
  });

  it('整改不合格, refusing the evaluation and each ground remove the platform (第二十三条)', async () => {
    const failedRectification = await one('shanghai', {
      recognisedYear: 2022,
      asOf: 2024,
      events: [perf(2023, '不合格'), { year: 2024, type: 'rectification', result: '不合格' }],
    });
    expect(failedRectification).toMatchObject({ status: 'removed', removedYear: 2024, bannedUntil: null });
    expect(failedRectification.ground).toBe('沪科规〔2022〕2号第二十三条（二）整改不合格');

    const refusedEval = await one('shanghai', {
      recognisedYear: 2022,
      asOf: 2023,
      events: [perf(2023, 'absent')],
    });
    expect(refusedEval.ground).toContain('第二十三条（二）不接受市科委检查、监督和评估');
    const excused = await one('shanghai', {
      recognisedYear: 2022,
      asOf: 2023,
      events: [{ ...perf(2023, 'absent'), withCause: true }],
    });
    expect(excused.status).toBe('listed');

    const grounds = LIFECYCLE_GROUNDS.shanghai;
    const out = await verdicts(
      'shanghai',
      grounds.map((g) => ({
        id: g.id,
        recognisedYear: 2022,
        asOf: 2026,
        events: [{ year: 2024, type: 'ground', ground: g.id }],
        applyProbes: [2024],
      })),
    );
    for (const g of grounds) {
      expect(out[g.id]).toMatchObject({
        status: 'removed',
        removedYear: 2024,
        ground: g.article,
        bannedUntil: null,
      });
      expect(out[g.id].mayApply).toEqual({ '2024': true });
      expect(g.article).toMatch(/^沪科规〔2022〕2号第二十三条（[二三四]）/);
    }
  });
});

describe('pingshen lifecycle — asOf, output and help', () => {
  it('does not apply events after asOf (a note on stderr); asOf may be a date', async () => {
    const input = file({
      histories: [
        {
          id: 'P',
          recognisedYear: 2025,
          asOf: '2028-06-30',
          events: [triennial(2028, '不合格'), triennial(2029, '不合格')],
        },
      ],
    });
    const run = await runCli(['lifecycle', '--jurisdiction', 'miit', '--in', input]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('提示：历史“P”有 1 条记录晚于 asOf（2028年），未计入\n');
    expect(JSON.parse(run.stdout).histories[0].status).toBe('rectifying');
  });

  it('--out writes the same JSON to a file', async () => {
    const histories = [{ id: 'A', recognisedYear: 2025, asOf: 2026, events: [annual(2026)] }];
    const out = join(tmp, 'verdicts.json');
    const run = await runCli([
      'lifecycle',
      '--jurisdiction',
      'miit',
      '--in',
      file({ histories }),
      '--out',
      out,
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('已写入 ' + out + '：1 个平台（miit）\n');
    const stdout = await runCli(['lifecycle', '--jurisdiction', 'miit', '--in', file({ histories })]);
    expect(readFileSync(out, 'utf8')).toBe(stdout.stdout);
  });

  it('--help lists every ground id of every jurisdiction with its article', async () => {
    const run = await runCli(['lifecycle', '--help']);
    expect(run.status).toBe(0);
    for (const [j, grounds] of Object.entries(LIFECYCLE_GROUNDS)) {
      const section = run.stdout.slice(run.stdout.indexOf(`  ${j} `));
      for (const g of grounds) {
        const article = g.article.replace(/^.*?号/, '').replace('出现合并拆分等', '');
        expect(section).toMatch(new RegExp(`${g.id}\\s+${article.slice(0, 8).replace(/[()（）]/g, '.')}`));
      }
    }
    expect((await runCli(['--help'])).stdout).toContain('lifecycle');
  });
});

describe('pingshen lifecycle — invalid histories exit 2 naming the history and the event', () => {
  const h = (events: Ev[], extra: Partial<H> = {}) => ({
    histories: [
      { id: 'OK-1', recognisedYear: 2025, asOf: 2026, events: [] },
      { id: 'BAD-7', recognisedYear: 2025, asOf: 2030, events, ...extra },
    ],
  });

  it('a result before recognition', async () => {
    expect(await refused('miit', h([annual(2024)]))).toBe(
      '错误：历史“BAD-7”第1条记录（2024年年度评价）：早于认定年份 2025 年，认定前不可能有评价结果或情形\n',
    );
  });

  it('two results in one year (also an annual beside the triennial)', async () => {
    const err = await refused('sichuan', h([annual(2026), annual(2027), triennial(2027)]));
    expect(err).toContain('历史“BAD-7”第3条记录（2027年综合评审）：与第2条记录同为 2027 年的评价结果');
    expect(await refused('shanghai', h([perf(2026, '一般'), perf(2026, '优秀')]))).toContain(
      '历史“BAD-7”第2条记录',
    );
  });

  it('an unknown ground, or one the jurisdiction does not have', async () => {
    expect(await refused('miit', h([{ year: 2027, type: 'ground', ground: 'bankrupt' }]))).toContain(
      '历史“BAD-7”第1条记录（2027年情形）：未知情形“bankrupt”，工信部科〔2025〕261号的情形编号为 absent、fraud、unable_to_operate、serious_incident、major_change、branch',
    );
    expect(
      await refused('miit', h([{ year: 2027, type: 'ground', ground: 'voluntary_withdrawal' }])),
    ).toContain('未知情形“voluntary_withdrawal”');
    expect(await refused('shanghai', h([{ year: 2027, type: 'ground', ground: 'major_change' }]))).toContain(
      '未知情形“major_change”',
    );
    expect(await refused('miit', h([{ year: 2027, type: 'ground' }]))).toContain('缺少 ground');
  });

  it('a result missing on annual, triennial or performance; a result the type does not have', async () => {
    const err = await refused(
      'miit',
      h([
        { year: 2026, type: 'annual' },
        { year: 2028, type: 'triennial' },
      ]),
    );
    expect(err.trim().split('\n')).toEqual([
      '错误：历史“BAD-7”第1条记录（2026年年度评价）：缺少 result（评价结果）',
      '错误：历史“BAD-7”第2条记录（2028年综合评审）：缺少 result（评价结果）',
    ]);
    expect(await refused('shanghai', h([{ year: 2026, type: 'performance' }]))).toContain('缺少 result');
    expect(await refused('miit', h([annual(2026, '优秀')]))).toContain(
      '结果“优秀”无效，年度评价的结果应为 合格、不合格、absent',
    );
    expect(await refused('miit', h([perf(2026, '良好')]))).toContain('没有“performance”类评价');
    expect(await refused('shanghai', h([annual(2026)]))).toContain('没有“annual”类评价');
    expect(await refused('miit', h([{ ...annual(2026), withCause: true }]))).toContain(
      'withCause 只用于 result 为 absent',
    );
  });

  it('malformed JSON, a wrong shape (naming the history), asOf before recognition, duplicate ids', async () => {
    expect(await refused('miit', '{"histories": [')).toMatch(/^错误：文件 .*h\d+\.json 不是有效的 JSON/);
    const shape = await refused('miit', h([{ year: 2026, type: 'yearly', result: '合格' }]));
    expect(shape).toMatch(/^错误：历史“BAD-7”：events\[0\]\.type：/);
    expect(await refused('miit', { histories: [{ id: 'X', recognisedYear: 2025, events: [] }] })).toContain(
      '历史“X”：asOf',
    );
    expect(await refused('miit', h([], { asOf: 2024 }))).toContain(
      '历史“BAD-7”：asOf（2024年）早于认定年份 2025 年',
    );
    expect(await refused('miit', h([], { asOf: '2026-02-30' }))).toContain('历史“BAD-7”：asOf');
    expect(await refused('miit', h([], { id: 'OK-1' }))).toContain('历史“OK-1”：编号重复');
    expect(await refused('miit', { platforms: [] })).toContain('platforms');
  });

  it('usage errors: jurisdiction, missing --in, output type', async () => {
    const input = file(h([]));
    const bad = await runCli(['lifecycle', '--jurisdiction', 'beijing', '--in', input]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      '错误：lifecycle：--jurisdiction 应为 miit、sichuan 或 shanghai，收到“beijing”\n',
    );
    const missing = await runCli(['lifecycle', '--jurisdiction', 'miit']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('缺少必需选项 --in');
    const xlsx = await runCli([
      'lifecycle',
      '--jurisdiction',
      'miit',
      '--in',
      input,
      '--out',
      join(tmp, 'x.xlsx'),
    ]);
    expect(xlsx.status).toBe(2);
    expect(xlsx.stderr).toContain('应为 .json');
  });
});
