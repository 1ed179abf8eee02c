// A scoring-ready round built only through the public HTTP API (issue 9 §5), as a script of the
// agency would: create a round from a preset, import 申报书 from an xlsx written by the app's own
// template writer, admit every item, create experts, one panel per field group, draw, assign, issue
// sign-in accounts, start scoring. Then every expert signs in with the one-time password, is sent to
// 修改初始密码 and chooses their own (as a real expert does), and lists their sheets.
//
// Works against any running server (tests/support/live-server.ts on SQLite or PostgreSQL, or the
// in-process test server): only `base`, the server's URL, is needed.
import { DEMO_PASSWORD } from '#seeds/demo/build';
import { PLATFORM_CATEGORIES } from '#app/utils/xlsx/options';
import { getPreset } from '#seeds/presets/index';
import { applicationRows, filledWorkbook } from '#tests/fixtures/xlsx/factory';

// ---------- HTTP ----------

export type CallOptions = {
  method?: string;
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: BodyInit;
  signal?: AbortSignal;
};

/** One real HTTP request; never follows redirects (tests look at the 302s). */
export function call(base: string, pathname: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set('cookie', options.cookie);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body = options.body;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers.set('content-type', 'application/x-www-form-urlencoded');
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  }
  return fetch(`${base}${pathname}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
    signal: options.signal,
  });
}

/** The JSON answer of a request that must succeed with `status`; throws with the body otherwise. */
export async function callJson<T>(
  base: string,
  pathname: string,
  options: CallOptions = {},
  status: number | number[] = [200, 201],
): Promise<T> {
  const response = await call(base, pathname, options);
  const ok = Array.isArray(status) ? status.includes(response.status) : response.status === status;
  const text = await response.text();
  if (!ok)
    throw new Error(`${options.method ?? 'GET'} ${pathname} → ${response.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}

let ipCounter = 0;
/** A distinct client address per sign-in (X-Forwarded-For from loopback), so throttling never trips. */
export function freshIp(): string {
  ipCounter += 1;
  return `10.${200 + (process.pid % 50)}.${Math.floor(ipCounter / 250) % 250}.${ipCounter % 250}`;
}

function cookieOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie');
  if (!setCookie) throw new Error(`no Set-Cookie in response ${response.status}`);
  return setCookie.split(';')[0];
}

/** Signs in on the login page; returns the session cookie and where the page sends the person. */
export async function signIn(
  base: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<{ cookie: string; location: string }> {
  const response = await call(base, '/login', {
    form: { username, password, redirectTo: '/' },
    headers: { 'x-forwarded-for': freshIp() },
  });
  if (response.status !== 302)
    throw new Error(
      `login as ${username} failed: ${response.status} ${(await response.text()).slice(0, 300)}`,
    );
  return { cookie: cookieOf(response), location: response.headers.get('location') ?? '' };
}

/**
 * An expert's first sign-in: the one-time password leads to 修改初始密码, where they choose their own;
 * the same session then works everywhere. Returns the session cookie and the new password.
 */
export async function firstSignIn(
  base: string,
  username: string,
  oneTimePassword: string,
): Promise<{ cookie: string; password: string }> {
  const { cookie, location } = await signIn(base, username, oneTimePassword);
  // Before the change every page sends them to 修改初始密码, and the API refuses them.
  const blocked = await call(base, location || '/', { cookie });
  if (blocked.status !== 302 || !blocked.headers.get('location')?.startsWith('/change-password'))
    throw new Error(`an account on its one-time password reached ${location} (${blocked.status})`);
  const api = await call(base, '/api/v1/me', { cookie });
  if (api.status !== 403) throw new Error(`the API answered ${api.status} to a one-time password`);
  const password = `Ps-${username}-${Math.random().toString(36).slice(2, 8)}9`;
  const changed = await call(base, '/change-password', {
    cookie,
    form: { current: oneTimePassword, password, confirm: password, redirectTo: '/' },
  });
  if (changed.status !== 302)
    throw new Error(
      `change-password for ${username}: ${changed.status} ${(await changed.text()).slice(0, 300)}`,
    );
  const setCookie = changed.headers.get('set-cookie');
  return { cookie: setCookie ? setCookie.split(';')[0] : cookie, password };
}

/** Runs `fn` over `xs` with at most `limit` at a time (scrypt sign-ins are slow on purpose). */
export async function mapLimit<T, R>(
  xs: T[],
  limit: number,
  fn: (x: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, xs.length) }, async () => {
      while (next < xs.length) {
        const i = next++;
        out[i] = await fn(xs[i], i);
      }
    }),
  );
  return out;
}

// ---------- The contract's shapes (issue 9 §5) ----------

export type Criterion = { id: string; name: string; max: number; step: number | null; weight: number };
export type SheetJson = {
  id: string;
  roundId: string;
  panelId: string | null;
  itemId: string;
  itemName: string;
  state: 'draft' | 'submitted' | 'locked';
  version: number;
  scores: Record<string, number>;
  total: number | null;
  recused: boolean;
  submittedAt?: string | null;
  criteria: Criterion[];
  vetoes: { id: string; name: string }[];
};
export type ResultJson = {
  itemId: string;
  group: string;
  panelId?: string | null;
  score: number | null;
  grade: string | null;
  rank: number | null;
  status: string;
  experts: number;
  submitted?: number;
  expected?: number;
  flags: string[];
  provisional: boolean;
};

// ---------- The round ----------

export type LiveExpert = {
  expertId: string;
  username: string;
  password: string;
  cookie: string;
  panelId: string;
  sheets: SheetJson[];
};

export type LiveRound = {
  base: string;
  roundId: string;
  roundName: string;
  agencyCookie: string;
  panels: { id: string; fieldGroup: string; itemIds: string[]; expertIds: string[] }[];
  items: { id: string; name: string; panelId: string }[];
  experts: LiveExpert[];
};

export type LiveRoundOptions = {
  experts: number;
  items: number;
  /** Panels, experts and items shared out evenly; at most 25 experts a panel. Default: as few as fit. */
  panels?: number;
  label?: string;
  /** Grading groups (platform categories, 1 to 3) the items are spread over; default 1. */
  groups?: 1 | 2 | 3;
  /** Sign-ins at a time (each is two or three scrypt hashes on the server). */
  concurrency?: number;
};

let roundSerial = 0;

const debug = process.env.LIVE_FIXTURE_DEBUG === '1';
let lastStep = performance.now();
function step(label: string): void {
  if (!debug) return;
  const now = performance.now();
  console.info(`[live-fixture] ${label}: ${(now - lastStep).toFixed(0)} ms`);
  lastStep = now;
}

export async function buildLiveRound(base: string, options: LiveRoundOptions): Promise<LiveRound> {
  roundSerial += 1;
  step('start');
  const tag = `${options.label ?? '实时'}${process.pid % 10000}-${roundSerial}-${Date.now() % 100000}`;
  const panelCount = options.panels ?? Math.max(1, Math.ceil(options.experts / 25));
  if (options.experts / panelCount > 25) throw new Error('at most 25 experts a panel');
  if (options.items < panelCount) throw new Error('at least one item a panel');
  const agencyCookie = (await signIn(base, 'agency')).cookie;
  const agency = { cookie: agencyCookie };

  const presetId = 'sichuan-2025-recognition';
  const roundName = `2026年可靠性测试评审（${tag}）`;
  const { round } = await callJson<{ round: { id: string } }>(base, '/api/v1/rounds', {
    ...agency,
    json: { presetId, name: roundName, year: 2026, batch: 1 },
  });

  // 申报书: units numbered far from the demo's and from other rounds' of this process.
  const first = 100_000 + ((process.pid * 37 + roundSerial * 1000) % 800_000);
  const preset = getPreset(presetId);
  const rows = applicationRows(options.items, 11, first);
  // Items are graded within their group (the platform category): spread them over `groups` of them.
  rows.基本信息 = rows.基本信息.map((row, i) => ({
    ...row,
    category: PLATFORM_CATEGORIES[i % (options.groups ?? 1)],
  }));
  const bytes = filledWorkbook('application', rows, preset?.eligibility);
  await callJson(base, `/api/v1/rounds/${round.id}/import?fileName=${encodeURIComponent('申报书.xlsx')}`, {
    ...agency,
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: new Uint8Array(bytes),
  });
  step('round + import');
  const { items } = await callJson<{ items: { id: string; name: string }[] }>(
    base,
    `/api/v1/rounds/${round.id}/items`,
    agency,
  );
  if (items.length !== options.items)
    throw new Error(`imported ${items.length} items, wanted ${options.items}`);
  for (const item of items)
    await callJson(base, `/api/v1/rounds/${round.id}/items/${item.id}/decision`, {
      ...agency,
      json: { decision: 'admitted' },
    });

  step('admit');
  // Experts: one field group per panel, named for this round only, so each draw's pool is exactly them.
  const perPanel = Math.ceil(options.experts / panelCount);
  const groups = Array.from({ length: panelCount }, (_, p) => `${tag}组${p + 1}`);
  const expertIds: string[][] = groups.map(() => []);
  for (let i = 0; i < options.experts; i++) {
    const p = Math.floor(i / perPanel);
    const created = await callJson<{ id: string }>(base, '/api/v1/experts', {
      ...agency,
      json: {
        code: `R${tag}-${i}`.slice(0, 32),
        name: `可靠性专家${i + 1}`,
        organisationName: `可靠性测试大学${i + 1}`,
        title: '高级工程师',
        fields: [groups[p]],
        region: '四川省成都市',
        active: true,
        conflicts: [],
      },
    });
    expertIds[p].push(created.id);
  }

  step('experts');
  const panels: LiveRound['panels'] = [];
  for (const [p, fieldGroup] of groups.entries()) {
    const size = expertIds[p].length;
    const panel = await callJson<{ id: string }>(base, `/api/v1/rounds/${round.id}/panels`, {
      ...agency,
      json: { name: `第${p + 1}组`, fieldGroup, size, quorum: 1 },
    });
    await callJson(base, `/api/v1/panels/${panel.id}/draw`, {
      ...agency,
      json: { seed: `${tag}-${p}`, backups: 0 },
    });
    panels.push({ id: panel.id, fieldGroup, itemIds: [], expertIds: expertIds[p] });
  }
  const placed: LiveRound['items'] = items.map((item, i) => {
    const panel = panels[i % panels.length];
    panel.itemIds.push(item.id);
    return { id: item.id, name: item.name, panelId: panel.id };
  });
  for (const panel of panels)
    await callJson(base, `/api/v1/rounds/${round.id}/assignments`, {
      ...agency,
      json: { mode: 'manual', panelId: panel.id, itemIds: panel.itemIds },
    });

  step('panels, draw, assign');
  const issued: { expertId: string; username: string; password: string; panelId: string }[] = [];
  for (const panel of panels) {
    const { accounts } = await callJson<{
      accounts: { expertId: string; username: string; password: string | null }[];
    }>(base, `/api/v1/panels/${panel.id}/accounts`, { ...agency, method: 'POST' }, 201);
    for (const account of accounts) {
      if (!account.password) throw new Error(`expert ${account.expertId} already had an account`);
      issued.push({ ...account, password: account.password, panelId: panel.id });
    }
  }
  if (issued.length !== options.experts)
    throw new Error(`${issued.length} accounts issued for ${options.experts} experts`);

  step('accounts');
  // Experts sign in as soon as they have their accounts (before scoring starts, as people do).
  const signedIn = await mapLimit(issued, options.concurrency ?? 4, async (account) => ({
    ...account,
    ...(await firstSignIn(base, account.username, account.password)),
  }));

  step('first sign-ins');
  await callJson(base, `/api/v1/rounds/${round.id}/start-scoring`, { ...agency, method: 'POST' });

  const experts = await mapLimit(signedIn, 8, async (account) => {
    const { sheets } = await callJson<{ sheets: SheetJson[] }>(base, '/api/v1/me/sheets', {
      cookie: account.cookie,
    });
    return {
      expertId: account.expertId,
      username: account.username,
      password: account.password,
      cookie: account.cookie,
      panelId: account.panelId,
      sheets: sheets.filter((s) => s.roundId === round.id),
    } satisfies LiveExpert;
  });
  step('start scoring + sheets');
  return { base, roundId: round.id, roundName, agencyCookie, panels, items: placed, experts };
}

// ---------- Scores ----------

/** A small deterministic generator (the same scores on every run for a seed). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Valid scores for every criterion of a sheet: in range and on the step (integers when no step). */
export function validScores(criteria: Criterion[], rnd: () => number): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const c of criteria) {
    const step = c.step ?? 1;
    const steps = Math.floor(c.max / step + 1e-9);
    // Mostly in the upper half, as real scores are, so grades spread over the bands.
    const k = Math.min(steps, Math.floor(steps * (0.45 + 0.55 * rnd())));
    scores[c.id] = Number((k * step).toFixed(6));
  }
  return scores;
}

/** A sheet body for PUT / submit. */
export function sheetBody(
  sheet: Pick<SheetJson, 'version' | 'criteria'>,
  rnd: () => number,
  comment?: string,
) {
  return {
    version: sheet.version,
    scores: validScores(sheet.criteria, rnd),
    ...(comment ? { comment } : {}),
  };
}
