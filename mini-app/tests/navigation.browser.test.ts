import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, launchChromium, openInTelegram } from './browser-harness.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';

// The built Mini App in headless Chromium: navigating records screen views the server stores.
// Screenshots of the Analytics section go here when SCREENSHOTS names a folder.
const SHOTS = process.env.SCREENSHOTS;

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let base = '';
const OWNER = 710_001;

const open = (telegramId: number, firstName: string, opts: { language?: 'en' | 'ru'; dark?: boolean; width?: number } = {}) =>
  openInTelegram(browser, base, running.deps.config.botToken, telegramId, firstName, opts);

const stored = async (telegramId: number) => {
  const p = await db.prisma.participant.findUnique({ where: { telegramId: BigInt(telegramId) } });
  if (!p) return [];
  const rows = await db.prisma.screenView.findMany({ where: { participantId: p.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => `${r.from ?? '·'}>${r.screen}`);
};

/** The page as the app is hidden (Telegram minimised): the app sends what it holds at once. */
const hide = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });

describe.runIf(canRunBrowser)('navigation analytics in headless Chromium', () => {
  beforeAll(async () => {
    db = await openTestDatabase();
    running = await startServer(testConfig({ DEMO_DATA: 'on', PORT: '0', HOST: '127.0.0.1', ADMIN_TELEGRAM_IDS: String(OWNER), JOBS: 'off' }), { db, logger: false });
    base = running.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
  });

  it('records the first screen and each change with the screen before it, sent when hidden and every few seconds', async () => {
    const page = await open(710_101, 'Nina');
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('tab-shop').click();
    await page.getByTestId('tab-shop').click(); // the same screen again is not a new view
    await page.getByTestId('tab-profile').click();
    await hide(page);
    await expect.poll(() => stored(710_101), { timeout: 10_000 }).toEqual(['·>home', 'home>tasks', 'tasks>shop', 'shop>profile']);
    // Without hiding, the batch goes out on the next tick of the timer.
    await page.getByTestId('tab-leaderboard').click();
    await expect.poll(() => stored(710_101), { timeout: 15_000 }).toEqual(['·>home', 'home>tasks', 'tasks>shop', 'shop>profile', 'profile>top']);
    await page.close();
  }, 60_000);

  it('shows the owner the paths taken in the Analytics section', async () => {
    const page = await open(OWNER, 'Olga');
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-analytics').click();
    // Nina's screens (and the owner's own) are in the table once sent.
    await hide(page);
    await page.getByTestId('admin-overview').click();
    await page.getByTestId('admin-analytics').click();
    await expect.poll(() => page.getByTestId('top-screens').textContent(), { timeout: 10_000 }).toContain('profile');
    expect(await page.getByTestId('path').allTextContents()).toContain('tasks → shop1');
    await page.close();
  }, 60_000);

  it.runIf(!!SHOTS)('screenshots of the section: phone and desktop, light and dark, English and Russian', async () => {
    mkdirSync(SHOTS!, { recursive: true });
    for (const language of ['en', 'ru'] as const) {
      // The app speaks the language kept on the profile.
      await db.prisma.participant.update({ where: { telegramId: BigInt(OWNER) }, data: { language } });
      for (const isDark of [false, true]) {
        for (const width of [390, 1280]) {
          const page = await open(OWNER, 'Olga', { language, dark: isDark, width });
          await page.getByTestId('tab-profile').click();
          await page.getByTestId('open-admin').click();
          await page.getByTestId('admin-analytics').click();
          for (const view of ['navigation', 'participants', 'finance', 'products']) {
            await page.getByTestId(`stats-${view}`).click();
            await page.getByTestId('analytics').locator('.skeleton-wrap').first().waitFor({ state: 'detached' }).catch(() => {});
            await page.waitForTimeout(600); // charts animate in
            await page.screenshot({ path: join(SHOTS!, `${view}-${language}-${isDark ? 'dark' : 'light'}-${width}.png`), fullPage: true });
          }
          await page.close();
        }
      }
    }
  }, 300_000);
});
