// Live events after real HTTP changes (issue 9 §4/§5): a submit reaches the round's agency socket
// with `result` and the panel's expert and another panel's chair without it, exactly once each;
// versions increase; a reconnect with `since` gets a snapshot equal to the results API; a reopened
// sheet sends `sheet.updated` to that expert only.
import '#tests/support/use-test-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultUpdatedSchema, sheetUpdatedSchema, type ResultUpdated } from '#app/realtime/events';
import { startTestServer, type TestServer } from '#tests/integration/web/support/server';
import {
  api,
  closeAll,
  demoFixture,
  draftSheets as draftSheetsOf,
  mySheets,
  openClient,
  pause,
  submitOverHttp,
  subscribe,
  tokenFor,
  until,
  type ApiSheet,
  type Client,
} from './support';

type Sheet = ApiSheet;

let server: TestServer;
let fx: Awaited<ReturnType<typeof demoFixture>>;
const tokens: Record<string, string> = {};
let agency: Client;
let expert: Client;
let chair: Client;

const draftSheets = () => draftSheetsOf(server, tokens.expert, fx.roundId);
const submit = (sheet: Sheet) => submitOverHttp(server, tokens.expert, sheet);

beforeAll(async () => {
  server = await startTestServer();
  fx = await demoFixture();
  for (const name of ['agency', 'chair', 'expert']) tokens[name] = await tokenFor(server, name);
  agency = await openClient(server.url, tokens.agency);
  expert = await openClient(server.url, tokens.expert);
  chair = await openClient(server.url, tokens.chair);
  const round = `round:${fx.roundId}`;
  expect(await subscribe(agency, { room: round })).toMatchObject({ ok: true });
  expect(await subscribe(expert, { room: round })).toMatchObject({ ok: true });
  expect(await subscribe(expert, { room: `panel:${fx.p2}` })).toMatchObject({ ok: true });
  expect(await subscribe(chair, { room: round })).toMatchObject({ ok: true });
  expect(await subscribe(chair, { room: `panel:${fx.p1}` })).toMatchObject({ ok: true });
}, 180_000);

afterAll(async () => {
  closeAll();
  await server?.close();
});

describe('result.updated after a submit over HTTP', () => {
  let first: ResultUpdated;

  it('reaches the agency with the result, the expert and another panel’s chair without it, once each', async () => {
    const [sheet] = await draftSheets();
    expect(sheet, 'the demo expert has a draft sheet').toBeDefined();
    expect(sheet.panelId).toBe(fx.p2);
    const response = await submit(sheet);
    expect(response.status).toBe(200);
    const hasItem = (c: Client) => c.results.some((e) => e.itemId === sheet.itemId);
    await until(() => hasItem(agency) && hasItem(expert) && hasItem(chair));
    await pause(300); // a second copy would have arrived by now
    first = resultUpdatedSchema.parse(agency.results.find((e) => e.itemId === sheet.itemId));
    expect(first).toMatchObject({ roundId: fx.roundId, panelId: fx.p2, itemId: sheet.itemId });
    expect(first.result).toMatchObject({ itemId: sheet.itemId, panelId: fx.p2 });
    expect(first.submitted).toBeGreaterThanOrEqual(1);
    // The submit may also move other items of the group (ranks, grades): one event each, same version.
    const key = (e: ResultUpdated) => `${e.itemId}@${e.version}`;
    const keys = agency.results.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(agency.results.every((e) => e.version === first.version && e.result)).toBe(true);
    for (const other of [expert, chair]) {
      // Exactly the same events, once each, none with scores.
      expect(other.results.map(key)).toEqual(keys);
      expect(other.results.every((e) => !('result' in e))).toBe(true);
      const { result: _r, ...withoutResult } = first;
      expect(other.results.find((e) => e.itemId === sheet.itemId)).toEqual(withoutResult);
    }
    const body = (await response.json()) as { result: unknown };
    if (body.result) expect(first.result).toEqual(body.result);
  });

  it('carries a version that increases with every change', async () => {
    const before = agency.results.length;
    const [sheet] = await draftSheets();
    expect(sheet).toBeDefined();
    expect((await submit(sheet)).status).toBe(200);
    await until(() => agency.results.slice(before).some((e) => e.itemId === sheet.itemId));
    const versions = agency.results.map((e) => e.version);
    expect(versions.at(-1)).toBeGreaterThan(versions[0]);
    for (let i = 1; i < versions.length; i += 1) expect(versions[i]).toBeGreaterThanOrEqual(versions[i - 1]);
    await until(() => expert.results.length === agency.results.length);
    expect(expert.results.map((e) => e.version)).toEqual(versions);
  });

  it('a reconnect with `since` gets a snapshot equal to GET /api/v1/rounds/:id/results', async () => {
    const since = agency.results[0].version;
    const again = await openClient(server.url, tokens.agency);
    const ack = await subscribe(again, { room: `round:${fx.roundId}`, since });
    if (!ack.ok) throw new Error(ack.error);
    const response = await api(server, `/api/v1/rounds/${fx.roundId}/results`, tokens.agency);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { version: number; results: unknown[] };
    expect(ack.version).toBe(body.version);
    expect(ack.version).toBe(agency.results.at(-1)?.version);
    expect(ack.results).toEqual(body.results);
    expect(ack.results.length).toBeGreaterThan(0);
    // Every row equals the last event about its item.
    for (const event of agency.results) {
      const latest = agency.results.filter((e) => e.itemId === event.itemId).at(-1)?.result;
      expect(ack.results.find((r) => r.itemId === event.itemId)).toEqual(latest);
    }
  });
});

describe('sheet.updated', () => {
  it('a reopened sheet notifies that expert only', async () => {
    const sheets = await mySheets(server, tokens.expert, fx.roundId);
    const submitted = sheets.find((s) => s.state === 'submitted');
    expect(submitted).toBeDefined();
    if (!submitted) return;
    const before = agency.results.length;
    const reopen = await api(server, `/api/v1/sheets/${submitted.id}/reopen`, tokens.agency, {
      json: { reason: '第二项评分依据不足，请补充' },
    });
    expect(reopen.status).toBe(200);
    await until(() => expert.sheets.length >= 1);
    const event = sheetUpdatedSchema.parse(expert.sheets[0]);
    expect(event).toMatchObject({
      sheetId: submitted.id,
      roundId: fx.roundId,
      itemId: submitted.itemId,
      state: 'draft',
      action: 'reopened',
      reason: '第二项评分依据不足，请补充',
    });
    expect(event.version).toBeGreaterThan(submitted.version);
    // The item's result changed too (one fewer sheet in): the round hears it, with a newer version.
    await until(() => agency.results.slice(before).some((e) => e.itemId === submitted.itemId));
    expect(agency.results.at(-1)?.version).toBe(event.roundVersion);
    await pause(200);
    expect(agency.sheets).toEqual([]);
    expect(chair.sheets).toEqual([]);
  });
});
