import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeUtf8, inexactNumbers, readJsonFile } from '#cli/read-json';
import { readCase } from '#cli/read-case';

const tmp = mkdtempSync(join(tmpdir(), 'pingshen-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('JSON numbers are read from the source text', () => {
  it('names the path of every number a double cannot hold exactly', async () => {
    const text =
      '{"items":[{"id":"P1"}],"sheets":[{"itemId":"P1","expertId":"E1","scores":{"a":8,"b":7.50000000000000001}},' +
      '{"itemId":"P1","expertId":"E2","scores":{"a":1e400,"b":-0.1000000000000000055511151231257827}}],' +
      '"note":"12345678901234567890 in a string is text","ok":[0.1,123456789012345,1.5e-7,100000000000000000000]}';
    expect(inexactNumbers(text)).toEqual([
      { path: 'sheets[0].scores.b', token: '7.50000000000000001' },
      { path: 'sheets[1].scores.a', token: '1e400' },
      { path: 'sheets[1].scores.b', token: '-0.1000000000000000055511151231257827' },
    ]);
  });

  it('leaves files without long digit runs to JSON.parse alone', async () => {
    expect(inexactNumbers('{"a":[1,2.5,{"b":-3}]}')).toEqual([]);
  });

  it('refuses a case file whose score would round, naming file and place', async () => {
    const file = join(tmp, 'case.json');
    writeFileSync(
      file,
      '{"items":[{"id":"P1"}],"sheets":[{"itemId":"P1","expertId":"E1","scores":{"total":59.99999999999999999}}]}',
    );
    const r = await readCase(file, [{ id: 'total', name: '总分', max: 100 }]);
    expect(r.ok ? null : r.problems).toEqual([
      {
        code: 'number_precision',
        path: 'sheets[0].scores.total',
        message: `文件 ${file}：sheets[0].scores.total：数值 59.99999999999999999 有效数字超过15位，无法精确读取（不会四舍五入）；请核对后重新填写`,
      },
    ]);
    expect(readJsonFile(join(tmp, 'missing.json')).ok).toBe(false);
  });
});

describe('decodeUtf8', () => {
  it('reads ASCII bytes through latin1 and anything else as UTF-8, byte for byte what readFileSync gives', () => {
    for (const text of ['{"a":1}', '', '{"名称":"检验检测"}', '\uFEFF{"a":"é"}', 'x\u0080y']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(decodeUtf8(bytes)).toBe(bytes.toString('utf8'));
    }
    const invalid = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(decodeUtf8(invalid)).toBe(invalid.toString('utf8'));
  });
});
