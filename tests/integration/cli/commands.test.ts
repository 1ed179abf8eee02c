// `pingshen eligibility`, `workdays`, `presets` and the help, run as child processes.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presets } from '#seeds/presets/index';
import { writeCsv, writeJson, writeXlsx } from '#tests/fixtures/cli/case-files';
import { BIN, runCli } from '#tests/fixtures/cli/run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-commands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SHANGHAI = 'shanghai-2022-performance';
const header = [
  '编号',
  '名称',
  'registeredInShanghai',
  'clientUnits',
  'localIndustryShare',
  'serviceIncome',
  'instrumentValue',
  'floorArea',
  '固定人员数量',
  'titledStaffRatio',
  '联系人',
];
const applications = [
  header,
  ['SH-001', '上海某检测平台', '是', 62, null, null, 820, 300, 40, '45%', '张三'],
  ['SH-002', '上海某信息平台', '是', 12, 20, 300, 820, 300, 40, 45, '李四'],
  ['SH-003', '上海某材料平台', 'Y', null, null, 650, 520, 150, 14, 31, '王五'],
  ['SH-004', '上海某仪器平台', '是', 80, null, null, 900, null, 20, 35, '赵六'],
];

describe('pingshen eligibility', () => {
  it('prints a table per application from a spreadsheet (keys or Chinese labels as headers), ignoring other columns', async () => {
    const run = await runCli([
      'eligibility',
      '--scheme',
      SHANGHAI,
      '--in',
      writeXlsx(join(tmp, 'apps.xlsx'), applications),
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('SH-001 上海某检测平台：符合基本条件');
    expect(run.stdout).toContain('SH-002 上海某信息平台：不符合基本条件');
    expect(run.stdout).toContain('SH-003 上海某材料平台：不符合基本条件');
    expect(run.stdout).toContain('SH-004 上海某仪器平台：数据不全，无法判定');
    expect(run.stdout).toContain('共 4 个，符合 1 个，不符合 2 个，数据不全 1 个');
    expect(run.stdout).toContain('（满足其一即可）');
    expect(run.stderr).toContain('已忽略：联系人');
  });

  it('prints JSON with per-rule outcomes, value and threshold', async () => {
    const run = await runCli([
      'eligibility',
      '--scheme',
      SHANGHAI,
      '--in',
      writeCsv(join(tmp, 'apps.csv'), applications),
      '--json',
    ]);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as {
      scheme: string;
      results: {
        id: string;
        overall: string;
        rules: {
          id: string;
          outcome: string;
          conditions: { id: string; value: unknown; threshold: unknown }[];
        }[];
      }[];
    };
    expect(out.scheme).toBe(SHANGHAI);
    expect(out.results.map((r) => [r.id, r.overall])).toEqual([
      ['SH-001', 'eligible'],
      ['SH-002', 'ineligible'],
      ['SH-003', 'ineligible'],
      ['SH-004', 'incomplete'],
    ]);
    const staff = out.results[2].rules.find((r) => r.id === 'staff')!;
    expect(staff.outcome).toBe('fail');
    expect(staff.conditions[0]).toMatchObject({ value: 14, threshold: 15 });
  });

  it('reads applications from JSON', async () => {
    const file = writeJson(join(tmp, 'apps.json'), {
      applications: [
        {
          id: 'A1',
          data: {
            registeredInShanghai: true,
            clientUnits: 50,
            instrumentValue: 500,
            floorArea: 150,
            fixedStaff: 15,
            titledStaffRatio: 30,
          },
        },
      ],
    });
    const run = await runCli(['eligibility', '--scheme', SHANGHAI, '--in', file, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).results[0].overall).toBe('eligible');
  });

  it('accepts a rules file and rejects rules the engine cannot apply', async () => {
    const rule = {
      id: 'staff',
      label: '人员不少于10人',
      conditions: [{ id: 's', label: '人员', field: 'staff', op: '>=', value: 10 }],
    };
    const apps = writeJson(join(tmp, 'staff.json'), { applications: [{ id: 'A1', data: { staff: 9 } }] });
    const ok = await runCli([
      'eligibility',
      '--scheme',
      writeJson(join(tmp, 'rules.json'), { eligibility: [rule] }),
      '--in',
      apps,
      '--json',
    ]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).results[0].overall).toBe('ineligible');
    const broken = { eligibility: [{ ...rule, conditions: [{ ...rule.conditions[0], value: true }] }] };
    const bad = await runCli([
      'eligibility',
      '--scheme',
      writeJson(join(tmp, 'broken-rules.json'), broken),
      '--in',
      apps,
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('是/否阈值只能用 == 比较');
  });

  it('exits 2 on a missing id column or duplicate ids, naming the row', async () => {
    const noId = await runCli([
      'eligibility',
      '--scheme',
      SHANGHAI,
      '--in',
      writeXlsx(join(tmp, 'noid.xlsx'), [
        ['名称', 'fixedStaff'],
        ['x', 3],
      ]),
    ]);
    expect(noId.status).toBe(2);
    expect(noId.stderr).toContain('缺少“编号”（id）列');
    const dup = await runCli([
      'eligibility',
      '--scheme',
      SHANGHAI,
      '--in',
      writeXlsx(join(tmp, 'dup.xlsx'), [
        ['id', 'fixedStaff'],
        ['A', 3],
        ['A', 4],
      ]),
    ]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain('第3行');
    expect(dup.stderr).toContain('申报编号 A 重复');
  });

  it('exits 2 on a value the rules cannot read, naming row, column and application, instead of calling it missing', async () => {
    const table = await runCli([
      'eligibility',
      '--scheme',
      SHANGHAI,
      '--in',
      writeXlsx(join(tmp, 'unreadable.xlsx'), [
        ['编号', '固定人员数量', 'registeredInShanghai', 'floorArea'],
        ['A', '五十', '是', 200],
        ['B', 20, '也许', '约150'],
        ['C', 20, '否', ''],
      ]),
    ]);
    expect(table.status).toBe(2);
    expect(table.stdout).toBe('');
    const lines = table.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/第2行.*列“固定人员数量”.*A.*应为数字，实际为“五十”/);
    expect(lines[1]).toMatch(/第3行.*列“registeredInShanghai”.*B.*应填“是”或“否”，实际为“也许”/);
    expect(lines[2]).toMatch(/第3行.*列“floorArea”.*B.*应为数字，实际为“约150”/);
    const json = await runCli([
      'eligibility',
      '--scheme',
      SHANGHAI,
      '--in',
      writeJson(join(tmp, 'unreadable.json'), {
        applications: [{ id: 'J1', data: { fixedStaff: 'many', floorArea: '150%', other: 'x' } }],
      }),
    ]);
    expect(json.status).toBe(2);
    expect(json.stderr).toContain('applications[0].data.fixedStaff');
    expect(json.stderr).toContain('应为数字，实际为“many”');
    expect(json.stderr).toContain('单位应为平方米，实际为“150%”');
    expect(json.stderr).not.toContain('other');
  });
});

describe('pingshen workdays', () => {
  it.each([
    [['--from', '2026-09-28', '--days', '5'], '2026-10-09'],
    [['--from', '2026年9月28日', '--days', '5'], '2026-10-09'],
    [['--from', '2026-02-13', '--days', '1'], '2026-02-13'],
  ])('%j prints %s', async (args, date) => {
    const run = await runCli(['workdays', ...args]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${date}\n`);
  });

  it.each([
    [['--from', '2027-12-20', '--days', '5'], '2027年节假日安排未录入'],
    [['--from', '2022-06-31', '--days', '5'], '6月只有30天'],
    [['--from', '2026-09-28', '--days', '0'], '--days 应为正整数'],
    [['--from', '2026-09-28'], '缺少必需选项 --days'],
  ])('%j exits 2 with “%s”', async (args, message) => {
    const run = await runCli(['workdays', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('pingshen presets', () => {
  it('lists every preset', async () => {
    const run = await runCli(['presets']);
    expect(run.status).toBe(0);
    for (const p of presets) expect(run.stdout).toContain(p.id);
  });

  it('prints the presets as JSON, and one preset with --show', async () => {
    const all = await runCli(['presets', '--json']);
    expect(JSON.parse(all.stdout).map((p: { id: string }) => p.id)).toEqual(presets.map((p) => p.id));
    const one = await runCli(['presets', '--show', SHANGHAI, '--json']);
    expect(JSON.parse(one.stdout)).toEqual(presets.find((p) => p.id === SHANGHAI));
    const text = await runCli(['presets', '--show', SHANGHAI]);
    expect(text.stdout).toContain('优秀 累计不超过 10%');
    expect(text.stdout).toContain('良好 累计不超过 30%');
    expect(text.stdout).toContain('service-performance');
  });

  it('exits 2 for an unknown preset', async () => {
    const run = await runCli(['presets', '--show', 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('未知的预设方案“nope”');
  });
});

describe('pingshen help and dispatch', () => {
  it('stops quietly when its reader goes away (pingshen presets --json | head)', async () => {
    const child = spawn(process.execPath, [BIN, 'presets', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first write
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(Buffer.concat(stderr).toString('utf8')).toBe('');
    expect(status).toBe(0);
  });

  it('prints bilingual help with --help, and per command', async () => {
    const main = await runCli(['--help']);
    expect(main.status).toBe(0);
    expect(main.stdout).toContain('用法 Usage');
    expect(main.stdout).toContain('grade');
    const grade = await runCli(['grade', '--help']);
    expect(grade.status).toBe(0);
    expect(grade.stdout).toContain('评审对象编号, 名称, 分组, 专家编号, 指标编号, 得分, 回避, 一票否决');
  });

  it("runs from any working directory, ignoring that directory's tsconfig.json", async () => {
    const dir = join(tmp, 'elsewhere');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { paths: { '#scoring/*': ['./nowhere/*'] } } }),
    );
    const run = await runCli(['workdays', '--from', '2026-09-28', '--days', '5'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('2026-10-09\n');
  });

  it('exits 2 with the help when no command is given, and on an unknown command', async () => {
    const none = await runCli([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toContain('用法 Usage');
    const unknown = await runCli(['score']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('未知命令“score”');
  });
});
