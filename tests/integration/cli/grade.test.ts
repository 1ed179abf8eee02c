// `pingshen grade` as a child process on every input form, the xlsx 汇总表 output, and invalid
// input: exit code 2, one located message per problem, no output file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeInput } from '#scoring/types';
import { getPreset } from '#seeds/presets/index';
import {
  type CaseFiles,
  LONG_HEADERS_ZH,
  longRows,
  wideRows,
  writeCaseFiles,
  writeCsv,
  writeJson,
  writeXlsx,
} from '#tests/fixtures/cli/case-files';
import { runCli } from '#tests/fixtures/cli/run-cli';
import { caseForScheme, generateDemoCase } from '#tests/golden/demo-case';

const PRESET = 'miit-2025-triennial';
const scheme = getPreset(PRESET)!.scheme;
const criteria = scheme.rubric.criteria;
const tmp = mkdtempSync(join(tmpdir(), 'pingshen-grade-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Eight items of the demo dataset: a vetoed one (T03), a recused sheet (T02), a tie (T05 = T06).
const demo = caseForScheme(generateDemoCase(), scheme);
const keep = new Set(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08']);
const input: GradeInput = {
  items: demo.items.filter((i) => keep.has(i.id)),
  sheets: demo.sheets.filter((s) => keep.has(s.itemId)),
};

let files: CaseFiles;
let expected: unknown;
beforeAll(async () => {
  files = writeCaseFiles(tmp, input, criteria);
  const run = await runCli(['grade', '--scheme', PRESET, '--in', files.json]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expected = JSON.parse(run.stdout);
});

describe('pingshen grade', () => {
  it('prints the JSON contract to stdout', async () => {
    const out = expected as { scheme: string; results: Record<string, unknown>[] };
    expect(out.scheme).toBe(PRESET);
    expect(out.results).toHaveLength(8);
    for (const r of out.results) {
      expect(Object.keys(r)).toEqual([
        'itemId',
        'group',
        'score',
        'grade',
        'rank',
        'status',
        'experts',
        'flags',
      ]);
    }
    const t03 = out.results.find((r) => r.itemId === 'T03');
    expect(t03).toMatchObject({ grade: '不合格', rank: 8, flags: ['vetoed'] });
    expect(out.results.find((r) => r.itemId === 'T02')?.experts).toBe(6);
  });

  it.each([
    ['long-form xlsx, English headers', 'longXlsx'],
    ['wide-form xlsx, Chinese headers', 'wideXlsx'],
    ['long-form CSV, Chinese headers', 'longCsvZh'],
    ['wide-form xlsx with criterion names as headers', 'wideByNameXlsx'],
  ] as const)('reads %s to the same results as JSON', async (_label, key) => {
    const run = await runCli(['grade', '--scheme', PRESET, '--in', files[key]]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it('keeps leading zeros of ids in CSV and accepts --flag=value', async () => {
    const rows = longRows({
      items: [{ id: '007' }],
      sheets: input.sheets.filter((s) => s.itemId === 'T01').map((s) => ({ ...s, itemId: '007' })),
    });
    const csv = writeCsv(join(tmp, 'zeros.csv'), rows);
    const run = await runCli(['grade', `--scheme=${PRESET}`, `--in=${csv}`]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).results[0].itemId).toBe('007');
  });

  it('writes --out .json identical to stdout, relative to the working directory', async () => {
    const run = await runCli(['grade', '--scheme', PRESET, '--in', 'case.json', '--out', 'out.json'], tmp);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('已写入 out.json');
    expect(JSON.parse(readFileSync(join(tmp, 'out.json'), 'utf8'))).toEqual(expected);
  });

  it('writes a readable 汇总表 with --out .xlsx', async () => {
    const out = join(tmp, 'summary.xlsx');
    const run = await runCli(['grade', '--scheme', PRESET, '--in', files.wideXlsx, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const workbook = XLSX.read(readFileSync(out), { type: 'buffer' });
    expect(workbook.SheetNames).toEqual(['汇总表', '方案']);
    const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(workbook.Sheets['汇总表'], {
      header: 1,
      defval: null,
    });
    const experts = ['TE1', 'TE2', 'TE3', 'TE4', 'TE5', 'TE6', 'TE7'].map((e) => `专家 ${e}`);
    expect(rows[0]).toEqual([
      '评审对象编号',
      '名称',
      '分组',
      ...experts,
      '得分',
      '等级',
      '排名',
      '标记',
      '有效评分数',
      '状态',
    ]);
    expect(rows).toHaveLength(9);
    const results = (
      expected as { results: { itemId: string; score: number; grade: string; rank: number }[] }
    ).results;
    for (const [i, r] of results.entries()) {
      const row = rows[i + 1];
      expect(row[0]).toBe(r.itemId);
      expect(row.slice(3 + experts.length)).toEqual([
        r.score,
        r.grade,
        r.rank,
        r.itemId === 'T03' ? '一票否决' : null,
        7 - (r.itemId === 'T02' ? 1 : 0),
        '已评定',
      ]);
    }
    const t02 = rows.find((r) => r[0] === 'T02')!;
    expect(t02[3 + 2]).toBe('回避'); // TE3 recused
    const t01Totals = rows.find((r) => r[0] === 'T01')!.slice(3, 10);
    const t01Sheets = input.sheets.filter((s) => s.itemId === 'T01');
    expect(t01Totals).toEqual(t01Sheets.map((s) => Object.values(s.scores).reduce((a, b) => a + b, 0)));
    const about = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets['方案'], { header: 1 });
    expect(about[0]).toEqual(['方案编号', PRESET]);
  });

  it('accepts a scheme file with the same rules as a preset', async () => {
    const file = writeJson(join(tmp, 'scheme.json'), { ...scheme, id: 'agency-copy' });
    const run = await runCli(['grade', '--scheme', file, '--in', files.json]);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.scheme).toBe('agency-copy');
    expect(out.results).toEqual((expected as { results: unknown[] }).results);
  });
});

describe('pingshen grade with the Shanghai quota preset (worked by hand from rules 4a–4c)', () => {
  it('bands two groups with ties at every boundary, a veto counted in n and ranked last', async () => {
    const shanghai = getPreset('shanghai-2022-performance')!.scheme;
    const split = (total: number) => {
      let left = total;
      return shanghai.rubric.criteria.map((c) => {
        const v = Math.min(c.max, left);
        left -= v;
        return String(v); // numbers stored as text
      });
    };
    // 材料 (n = 10): 优秀 cap floor(1) = 1, 良好 cap floor(3) = 3, fail k = round(1) = 1, taken by
    // the veto, so the tied 50s stay 一般. 信息 (n = 20): caps 2 and 6, k = 2: 60 fails, the tied
    // 61s would make 3 and are spared.
    const groups: [string, [string, number, boolean?][]][] = [
      [
        '材料',
        [
          ['AV', 100, true],
          ['A1', 99],
          ['A2', 98],
          ['A3', 98],
          ['A4', 97],
          ['A5', 96],
          ['A6', 95],
          ['A7', 94],
          ['A8', 50],
          ['A9', 50],
        ],
      ],
      [
        '信息',
        [95, 95, 90, 89, 88, 88, 87, 80, 79, 78, 77, 76, 75, 74, 73, 72, 70, 61, 61, 60].map(
          (s, i) => [`B${String(i + 1).padStart(2, '0')}`, s] as [string, number],
        ),
      ],
    ];
    const rows: (string | number | null)[][] = [
      [
        '评审对象编号',
        '名称',
        '分组',
        '专家编号',
        '回避',
        '一票否决',
        ...shanghai.rubric.criteria.map((c) => c.name),
      ],
    ];
    for (const [group, list] of groups) {
      for (const [id, total, vetoed] of list) {
        for (const expert of ['E1', 'E2', 'E3', 'E4']) {
          const recused = expert === 'E4';
          rows.push([
            id,
            `平台${id}`,
            group,
            expert,
            recused ? '是' : '否',
            vetoed ? '是' : '否',
            ...(recused ? shanghai.rubric.criteria.map(() => null) : split(total)),
          ]);
        }
      }
    }
    const run = await runCli([
      'grade',
      '--scheme',
      'shanghai-2022-performance',
      '--in',
      writeXlsx(join(tmp, 'shanghai.xlsx'), rows),
    ]);
    expect(run.stderr).toBe('');
    const results = (
      JSON.parse(run.stdout) as {
        results: { itemId: string; grade: string; rank: number; experts: number }[];
      }
    ).results;
    const grades = Object.fromEntries(results.map((r) => [r.itemId, `${r.grade}/${r.rank}`]));
    expect(grades).toEqual({
      AV: '不合格/10',
      A1: '优秀/1',
      A2: '良好/2',
      A3: '良好/2',
      A4: '一般/4',
      A5: '一般/5',
      A6: '一般/6',
      A7: '一般/7',
      A8: '一般/8',
      A9: '一般/8',
      B01: '优秀/1',
      B02: '优秀/1',
      B03: '良好/3',
      B04: '良好/4',
      B05: '良好/5',
      B06: '良好/5',
      B07: '一般/7',
      B08: '一般/8',
      B09: '一般/9',
      B10: '一般/10',
      B11: '一般/11',
      B12: '一般/12',
      B13: '一般/13',
      B14: '一般/14',
      B15: '一般/15',
      B16: '一般/16',
      B17: '一般/17',
      B18: '一般/18',
      B19: '一般/18',
      B20: '不合格/20',
    });
    expect(new Set(results.map((r) => r.experts))).toEqual(new Set([3]));
  });
});

describe('pingshen grade on invalid input', () => {
  function badWorkbook(): string {
    const rows = longRows(input, LONG_HEADERS_ZH);
    // Row numbers as the spreadsheet shows them: the header is row 1.
    rows[1][5] = 99; // row 2: score above the criterion's max
    rows[2][5] = '八分'; // row 3: not a number
    rows[3][4] = 'no-such-criterion'; // row 4
    rows[4][6] = '也许'; // row 5: recused is not a yes/no value
    return writeXlsx(join(tmp, 'bad.xlsx'), rows);
  }

  it('exits 2 with one located message per problem and writes no output file', async () => {
    const out = join(tmp, 'never.xlsx');
    const run = await runCli(['grade', '--scheme', PRESET, '--in', badWorkbook(), '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    const first = input.sheets[0];
    expect(lines.find((l) => l.includes('第2行'))).toMatch(
      new RegExp(`${first.itemId}.*${first.expertId}.*${criteria[0].id}.*超出范围`),
    );
    expect(lines.find((l) => l.includes('第3行'))).toMatch(
      new RegExp(`${first.itemId}.*${first.expertId}.*${criteria[1].id}.*不是数字`),
    );
    expect(lines.find((l) => l.includes('第4行'))).toContain('no-such-criterion');
    expect(lines.find((l) => l.includes('第5行'))).toContain('也许');
    expect(existsSync(out)).toBe(false);
  });

  it('reports engine problems (score out of range) with the spreadsheet row and column', async () => {
    const rows = wideRows(input, criteria);
    rows[4][6] = 11; // row 5, first criterion column: above max 10
    const run = await runCli(['grade', '--scheme', PRESET, '--in', writeXlsx(join(tmp, 'range.xlsx'), rows)]);
    expect(run.status).toBe(2);
    const sheet = input.sheets[3];
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('第5行');
    expect(run.stderr).toContain(`列“${criteria[0].id}”`);
    expect(run.stderr).toContain(sheet.itemId);
    expect(run.stderr).toContain(sheet.expertId);
    expect(run.stderr).toContain(criteria[0].id);
  });

  it('reports reading and scoring problems in one run, without internal JSON paths', async () => {
    const rows = longRows(input, LONG_HEADERS_ZH);
    rows[1][5] = 99; // row 2: above max (found by the engine)
    rows[2][5] = '八分'; // row 3: not a number (found by the reader), same sheet
    rows[rows.length - 1][6] = '也许'; // last row: recused not yes/no (reader), another sheet
    const run = await runCli(['grade', '--scheme', PRESET, '--in', writeXlsx(join(tmp, 'both.xlsx'), rows)]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/第2行.*超出范围/);
    expect(lines[1]).toMatch(/第3行.*不是数字/);
    expect(lines[2]).toContain('也许');
    expect(run.stderr).not.toMatch(/sheets\[\d+\]/);
  });

  it('reports an unknown JSON score key and an out-of-range score together, each once', async () => {
    const bad = structuredClone(input);
    bad.sheets[0].scores['no-such'] = 1;
    bad.sheets[1].scores[criteria[0].id] = 11;
    const run = await runCli(['grade', '--scheme', PRESET, '--in', writeJson(join(tmp, 'both.json'), bad)]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => l.includes('no-such'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('超出范围'))).toHaveLength(1);
  });

  it('leaves an existing output file untouched when the input is invalid', async () => {
    const out = join(tmp, 'keep.json');
    writeFileSync(out, 'previous');
    const run = await runCli(['grade', '--scheme', PRESET, '--in', badWorkbook(), '--out', out]);
    expect(run.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous');
  });

  it('rejects a __proto__ or constructor header as an unknown column', async () => {
    const rows = wideRows(input, criteria);
    rows[0].push('__proto__', 'constructor');
    for (const row of rows.slice(1)) row.push(1, 2);
    const run = await runCli(['grade', '--scheme', PRESET, '--in', writeXlsx(join(tmp, 'proto.xlsx'), rows)]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('未知的表头“__proto__”');
    expect(run.stderr).toContain('未知的表头“constructor”');
  });

  it('treats ids such as __proto__ and constructor as plain data', async () => {
    const ids = new Map([
      ['T01', '__proto__'],
      ['T02', 'constructor'],
      ['T04', 'hasOwnProperty'],
    ]);
    const renamed: GradeInput = {
      items: input.items.filter((i) => ids.has(i.id)).map((i) => ({ ...i, id: ids.get(i.id)! })),
      sheets: input.sheets
        .filter((s) => ids.has(s.itemId))
        .map((s) => ({
          ...s,
          itemId: ids.get(s.itemId)!,
          expertId: s.expertId === 'TE1' ? 'toString' : s.expertId,
        })),
    };
    const out = join(tmp, 'proto-ids.xlsx');
    const run = await runCli([
      'grade',
      '--scheme',
      PRESET,
      '--in',
      writeXlsx(join(tmp, 'proto-ids-in.xlsx'), wideRows(renamed, criteria)),
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(
      XLSX.read(readFileSync(out), { type: 'buffer' }).Sheets['汇总表'],
      { header: 1 },
    );
    expect(rows.slice(1).map((r) => r[0])).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    expect(rows[0][3]).toBe('专家 toString');
    expect(typeof rows[1][3]).toBe('number');
  });

  it('rejects a __proto__ score key in a JSON case file', async () => {
    const raw = JSON.stringify(input).replace('"scores":{', '"scores":{"__proto__":{"polluted":true},');
    const file = join(tmp, 'proto.json');
    writeFileSync(file, raw);
    const run = await runCli(['grade', '--scheme', PRESET, '--in', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('评分细则中没有指标“__proto__”');
  });

  it('names the JSON entry, item and expert for shape errors', async () => {
    const bad = structuredClone(input) as unknown as { sheets: { scores: Record<string, unknown> }[] };
    bad.sheets[2].scores[criteria[0].id] = 'high';
    const run = await runCli(['grade', '--scheme', PRESET, '--in', writeJson(join(tmp, 'shape.json'), bad)]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`sheets[2].scores.${criteria[0].id}`);
    expect(run.stderr).toContain(input.sheets[2].expertId);
  });

  it.each([
    [['grade', '--scheme', 'no-such-preset', '--in', 'x.json'], '未知的评审方案“no-such-preset”'],
    [['grade', '--scheme', PRESET, '--in', 'missing.json'], '无法读取文件'],
    [['grade', '--scheme', PRESET], '缺少必需选项 --in'],
    [['grade', '--in', 'x.json'], '缺少必需选项 --scheme'],
    [['grade', '--scheme', PRESET, '--in', 'x.json', '--verbose'], '未知选项 --verbose'],
    [['grade', '--scheme', PRESET, '--in', 'x.json', '--out', 'x.pdf'], '应为 .json 或 .xlsx'],
    [['grade', '--scheme', PRESET, '--in', 'case.txt'], '不支持的输入文件类型'],
    [['grade', '--scheme', '--in', 'x.json'], '选项 --scheme 缺少值'],
  ])('exits 2 on %j', async (args, message) => {
    const run = await runCli(args, tmp);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('lists the available presets when the id is unknown', async () => {
    const run = await runCli(['grade', '--scheme', 'miit-2024', '--in', files.json]);
    expect(run.stderr).toContain('shanghai-2022-performance');
  });

  it('reports an invalid scheme file with its problems', async () => {
    const broken = { ...scheme, rubric: { criteria: [{ ...criteria[0], max: -5 }] } };
    const run = await runCli([
      'grade',
      '--scheme',
      writeJson(join(tmp, 'broken.json'), broken),
      '--in',
      files.json,
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('方案文件');
    expect(run.stderr).toContain(criteria[0].id);
  });
});
