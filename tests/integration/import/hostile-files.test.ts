// Hostile spreadsheets through real HTTP against the real app (and the real CLI binary): each is
// answered with a clear 4xx and a Chinese message, and afterwards Object.prototype is untouched,
// /healthz answers 200, sign-in works and the process did not balloon. The server runs in this
// process, so a polluted prototype or a blocked event loop would show here.
import '#tests/support/use-test-db';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSandbox } from '#app/utils/xlsx/sandbox';
import { runCli } from '#tests/fixtures/cli/run-cli';
import { applicationRows, filledWorkbook } from '#tests/fixtures/xlsx/factory';
import {
  otherFormat,
  prototypeCommentXlsx,
  unclosedSheetDataXlsx,
  withHugeMerges,
  zipBombXlsx,
} from '#tests/fixtures/xlsx/hostile';
import { login, request, startTestServer, type TestServer } from '#tests/integration/web/support/server';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let server: TestServer;
let cookie: string;
let roundId: string;
let dir: string;
const files = new Map<string, Buffer>();
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
let pristine: string;
let rssBefore: number;

beforeAll(async () => {
  pristine = prototypeKeys();
  server = await startTestServer();
  cookie = await login(server, 'agency');
  const created = await request(server, '/api/v1/rounds', {
    cookie,
    headers: { origin: server.url },
    json: { presetId: 'sichuan-2025-recognition', name: '恶意文件测试', year: 2026, batch: 1 },
  });
  expect(created.status).toBe(201);
  roundId = ((await created.json()) as { round: { id: string } }).round.id;
  files.set('prototype', prototypeCommentXlsx());
  files.set('unclosed', unclosedSheetDataXlsx());
  files.set('bomb', await zipBombXlsx(400, true));
  files.set('lying-bomb', await zipBombXlsx(400, false));
  files.set('xlsb', otherFormat('xlsb'));
  files.set('ods', otherFormat('ods'));
  files.set('merges', withHugeMerges(filledWorkbook('application', applicationRows(3)), '基本信息'));
  dir = mkdtempSync(path.join(tmpdir(), 'pingshen-hostile-'));
  for (const [name, bytes] of files) writeFileSync(path.join(dir, `${name}.xlsx`), bytes);
  rssBefore = process.memoryUsage().rss;
}, 600_000);

afterAll(async () => {
  await server?.close();
  await closeSandbox();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function post(pathname: string, body: BodyInit, extra: Record<string, string> = {}) {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { cookie, origin: server.url, 'content-type': XLSX_TYPE, ...extra },
    body,
    // A stream body is sent chunked.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

const roundImport = () => `/api/v1/rounds/${roundId}/import?fileName=hostile.xlsx`;
const expertImport = '/api/v1/experts/import?fileName=hostile.xlsx';

// What each file must get: status and a Chinese message, from the round import and the expert import.
const EXPECTED: [string, number, RegExp, number, RegExp][] = [
  ['prototype', 400, /缺少工作表/, 400, /没有“专家”工作表/],
  ['unclosed', 400, /缺少工作表/, 400, /没有“专家”工作表/],
  ['bomb', 422, /解压后超过150MB上限，已拒绝/, 422, /解压后超过150MB上限，已拒绝/],
  ['lying-bomb', 400, /缺少工作表/, 400, /没有“专家”工作表/],
  ['xlsb', 400, /文件不是 xlsx 格式/, 400, /文件不是 xlsx 格式/],
  ['ods', 400, /文件不是 xlsx 格式/, 400, /文件不是 xlsx 格式/],
];

async function stillHealthy() {
  expect(prototypeKeys()).toBe(pristine);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((await request(server, '/healthz')).status).toBe(200);
  expect(await login(server, 'agency')).toMatch(/=/);
  // The worker's heap is capped (768 MB) and it is gone after a refusal; this process stays small.
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(1024 * 1024 * 1024);
}

describe('hostile files through the round import and the expert import', () => {
  it.each(EXPECTED)(
    '%s: round import answers %d, the expert import likewise, server unharmed',
    async (name, roundStatus, roundMessage, expertStatus, expertMessage) => {
      const bytes = new Uint8Array(files.get(name) as Buffer);
      const round = await post(roundImport(), bytes);
      const roundBody = (await round.json()) as { error: string; problems: { message: string }[] };
      expect(round.status).toBe(roundStatus);
      expect(roundBody.problems.map((p) => p.message).join('\n')).toMatch(roundMessage);
      const expert = await post(expertImport, bytes);
      const expertBody = (await expert.json()) as { error: string };
      expect(expert.status).toBe(expertStatus);
      expect(expertBody.error).toMatch(expertMessage);
      await stillHealthy();
    },
    120_000,
  );

  it('reads 600 merged ranges of 10,000 × 200 cells without expanding them, and stays responsive meanwhile', async () => {
    const started = Date.now();
    let longestHealthz = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = Date.now();
        expect((await request(server, '/healthz')).status).toBe(200);
        longestHealthz = Math.max(longestHealthz, Date.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const response = await post(`${roundImport()}&dryRun=1`, new Uint8Array(files.get('merges') as Buffer));
    polling = false;
    await poller;
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(longestHealthz).toBeLessThan(2_000);
    await stillHealthy();
  }, 120_000);

  it.each([
    ['round', () => roundImport()],
    ['expert', () => expertImport],
  ])(
    '%s import: a chunked body over 10 MB is answered 413 as it streams, never buffered whole',
    async (_, url) => {
      const chunk = new Uint8Array(256 * 1024).fill(80);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 12 * 1024 * 1024) controller.close();
          else {
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          }
        },
      });
      const response = await post(url(), body);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: string }).error).toMatch(/10MB上限/);
      await stillHealthy();
    },
    120_000,
  );
});

describe('hostile files through the CLI', () => {
  it.each([
    ['bomb', /解压后超过150MB上限，已拒绝/],
    ['xlsb', /文件不是 xlsx 格式/],
    ['ods', /文件不是 xlsx 格式/],
  ])(
    'pingshen grade refuses %s with exit 2 and the message',
    async (name, message) => {
      const run = await runCli([
        'grade',
        '--scheme',
        'miit-2025-triennial',
        '--in',
        path.join(dir, `${name}.xlsx`),
      ]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
    },
    120_000,
  );

  it('pingshen eligibility refuses a zip bomb with exit 2, ', async () => {
    const bomb = await runCli([
      'eligibility',
      '--scheme',
      'miit-2025-triennial',
      '--in',
      path.join(dir, 'bomb.xlsx'),
    ]);
    expect(bomb.status).toBe(2);
    expect(bomb.stderr).toMatch(/解压后超过150MB上限，已拒绝/);
  }, 120_000);
});
