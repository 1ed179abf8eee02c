// The paper and the big screen of a defence session in Chromium (issue 10 §3, §4, §6):
// - print to PDF (A4) of one expert's signed 专家评分表 and of the 汇总表: the page count is what the
//   layout promises (one page per item for the sheets), no table is wider than its page in print
//   media, and the PDF's text holds every table's last column header and the audit chain head;
// - the 大屏 at 1920 × 1080 and 1280 × 720 without scrollbars and with readable contrast, opened
//   from a link without signing in, updated live after the chair's commands without a reload.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#seeds/load.server';
import type { SessionSnapshot } from '#app/realtime/events';
import { launchBrowser, screenshot, waitForHydration, watchErrors, type Browser } from './support/browser';
import { pdfPageTexts } from './support/pdf-text';
import { startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let browser: Browser;
let screenBrowser: Browser;
const tokens: Record<string, string> = {};
let panel: { id: string; members: { expertId: string; name: string; role: string; status: string }[] };
let session: SessionSnapshot;

async function api<T>(path: string, who: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} → ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function command(body: Record<string, unknown>): Promise<SessionSnapshot> {
  const current = await api<SessionSnapshot>(`/api/v1/sessions/${session.id}`, 'chair');
  // The answer is the new snapshot itself (its fields at the top level).
  return api<SessionSnapshot>(`/api/v1/sessions/${session.id}/commands`, 'chair', {
    json: { ...body, version: current.version },
  });
}

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  screenBrowser = await launchBrowser();
  for (const username of ['agency', 'chair']) {
    const response = await fetch(`${server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(201);
    tokens[username] = ((await response.json()) as { token: string }).token;
  }
  const { rounds } = await api<{ rounds: { id: string }[] }>('/api/v1/rounds', 'agency');
  for (const round of rounds) {
    const { panels } = await api<{ panels: (typeof panel & { name: string })[] }>(
      `/api/v1/rounds/${round.id}/panels`,
      'agency',
    );
    const found = panels.find((p) => p.name === '第一组（检验检测）');
    if (found) panel = found;
  }
  expect(panel, 'the demo chair’s panel').toBeDefined();
  ({ session } = await api<{ session: SessionSnapshot }>(`/api/v1/panels/${panel.id}/sessions`, 'agency', {
    json: { name: '集中答辩（第一组）', venue: '第一会议室', scheduledAt: '2026-12-10T01:00:00.000Z' },
  }));
  expect(session.order.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await screenBrowser?.close();
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${server.url}/login`);
  await waitForHydration(page);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${server.url}/`);
}

/** In print media: every table fits its container (nothing clipped or hidden past the edge). */
async function tablesFit(page: Page): Promise<{ tables: number; overflowing: string[] }> {
  await page.emulateMedia({ media: 'print' });
  return page.evaluate(() => {
    const tables = [...document.querySelectorAll('.paper table')] as HTMLTableElement[];
    const overflowing: string[] = [];
    for (const table of tables) {
      const container = table.parentElement!;
      if (table.scrollWidth > container.clientWidth + 1 || table.offsetWidth > container.clientWidth + 1)
        overflowing.push(`${table.scrollWidth} > ${container.clientWidth}`);
      for (const cell of table.querySelectorAll('th, td'))
        if ((cell as HTMLElement).scrollWidth > (cell as HTMLElement).clientWidth + 1)
          overflowing.push(`cell ${(cell.textContent ?? '').slice(0, 20)}`);
    }
    return { tables: tables.length, overflowing };
  });
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('print to PDF', () => {
  it('one expert’s signed 专家评分表: one A4 page per item, nothing clipped, chain head printed', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'chair');
    const member = panel.members.find((m) => m.role === 'member' && m.status === 'drawn')!;
    await page.goto(`${server.url}/print/sessions/${session.id}/sheets?expertId=${member.expertId}`);
    await waitForHydration(page);
    const hash = (await page.locator('.paper-chain').first().innerText()).match(/[0-9a-f]{64}/)?.[0];
    expect(hash).toBeDefined();
    const fit = await tablesFit(page);
    expect(fit.tables).toBeGreaterThan(0);
    expect(fit.overflowing).toEqual([]);
    await screenshot(page, 'paper-sheets');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    const pages = pdfPageTexts(pdf);
    expect(pages).toHaveLength(session.order.length);
    const names = session.items.map((i) => i.name);
    pages.forEach((text, i) => {
      const t = squash(text);
      expect(t).toContain(squash(names[i]));
      expect(t).toContain('专家评分表');
      expect(t).toContain('得分'); // the last column's header
      expect(t).toContain(hash);
      expect(t).toContain(squash(member.name));
      expect(t).toContain('评审专家（签名）');
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the 汇总表 in landscape: every item and expert present, headers on every page, chain head', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/print/sessions/${session.id}/summary`);
    await waitForHydration(page);
    const hash = (await page.locator('.paper-chain').first().innerText()).match(/[0-9a-f]{64}/)?.[0];
    expect(hash).toBeDefined();
    const blocks = await page.locator('[data-testid="paper-block"]').count();
    expect(blocks).toBe(session.order.length);
    const fit = await tablesFit(page);
    expect(fit.tables).toBe(blocks);
    expect(fit.overflowing).toEqual([]);
    await screenshot(page, 'paper-summary');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    const pages = pdfPageTexts(pdf);
    // Blocks never split and each fits a page: at least one page, at most one per item (+ the
    // signature, which may fall on a page of its own).
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(blocks + 1);
    const all = squash(pages.join(''));
    expect(squash(pages[0])).toContain(hash);
    expect(squash(pages[0])).toContain('评审汇总表');
    for (const item of session.items) expect(all).toContain(squash(item.name));
    const seated = panel.members.filter((m) => m.status === 'drawn' && m.role !== 'backup');
    for (const m of seated) expect(all).toContain(squash(m.name));
    // The table's last column header (合计) on every page that holds a table row.
    for (const text of pages.filter((p) => p.includes('对象得分'))) expect(squash(text)).toContain('合计');
    expect(squash(pages.at(-1)!)).toContain('专家组组长');
    // The page is A4 landscape: the MediaBox is 842 × 595 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the big screen', () => {
  it('fits 1920 × 1080 and 1280 × 720 without scrollbars and follows the chair live', async () => {
    const { link } = await api<{ link: { url: string } }>(
      `/api/v1/sessions/${session.id}/screen-links`,
      'chair',
      { json: { label: '主会场' } },
    );
    // The projector: its own browser, nobody signed in.
    const page = await screenBrowser.context.newPage();
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}${link.url}`);
    await waitForHydration(page);
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    const started = await command({ command: 'start' });
    await command({ command: 'set-current', itemId: started.order[0] });
    const timed = await command({ command: 'start-phase', phase: 'presentation' });
    const first = timed.items.find((i) => i.id === timed.order[0])!.name;
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="screen-item"]')?.textContent === name,
      first,
      { timeout: 10_000 },
    );
    expect(await page.locator('[data-testid="screen-phase"]').innerText()).toBe('陈述');
    const clock = await page.locator('[data-testid="screen-clock"]').innerText();
    expect(clock).toMatch(/^\d{2}:\d{2}$/);
    const [mm, ss] = clock.split(':').map(Number);
    const left = mm * 60 + ss;
    expect(left).toBeLessThanOrEqual(timed.timings.presentationSeconds);
    expect(left).toBeGreaterThan(timed.timings.presentationSeconds - 30);

    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ]) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(200);
      const fit = await page.evaluate(() => {
        const doc = document.documentElement;
        const over = [...document.querySelectorAll('.scr *')].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1;
        });
        return {
          scrollX: doc.scrollWidth > doc.clientWidth,
          scrollY: doc.scrollHeight > doc.clientHeight,
          bodyX: document.body.scrollWidth > window.innerWidth,
          outside: over.map((el) => el.className || el.tagName),
        };
      });
      expect(fit, `${width}×${height}`).toEqual({
        scrollX: false,
        scrollY: false,
        bodyX: false,
        outside: [],
      });
      await screenshot(page, `screen-${width}x${height}`);
    }

    // Contrast of the countdown and the applicant against the background (WCAG AA: ≥ 4.5).
    const ratios = await page.evaluate(() => {
      const lum = (rgb: string) => {
        const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const bg = lum(getComputedStyle(document.querySelector('.scr')!).backgroundColor);
      return ['screen-clock', 'screen-item', 'screen-submitted'].map((id) => {
        const fg = lum(getComputedStyle(document.querySelector(`[data-testid="${id}"]`)!).color);
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      });
    });
    for (const r of ratios) expect(r).toBeGreaterThanOrEqual(4.5);

    // Pause: the screen says so and the clock stops.
    await command({ command: 'pause' });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="screen-phase"]')?.textContent === '暂停',
      undefined,
      { timeout: 10_000 },
    );
    const frozen = await page.locator('[data-testid="screen-clock"]').innerText();
    await page.waitForTimeout(1_500);
    expect(await page.locator('[data-testid="screen-clock"]').innerText()).toBe(frozen);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an unknown link shows the plain 404 page', async () => {
    const page = await screenBrowser.context.newPage();
    const response = await page.goto(`${server.url}/screen/${'x'.repeat(43)}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('body').innerText()).toContain('链接无效或已过期');
    await page.close();
  });
});
