import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';

// The built Mini App in headless Chromium: navigating records screen views the server stores.
const CHROMIUM = '/usr/bin/chromium';
const built = existsSync(join(import.meta.dirname, '..', 'dist', 'index.html'));
// Screenshots of the Analytics section go here when SCREENSHOTS names a folder.
const SHOTS = process.env.SCREENSHOTS;

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let base = '';
const OWNER = 710_001;

const light = { bg_color: '#ffffff', secondary_bg_color: '#f1f1f4', section_bg_color: '#ffffff', text_color: '#000000', hint_color: '#8e8e93', button_color: '#2481cc', button_text_color: '#ffffff' };
const dark = { bg_color: '#17212b', secondary_bg_color: '#0e1621', section_bg_color: '#17212b', text_color: '#f5f5f5', hint_color: '#708499', button_color: '#5288c1', button_text_color: '#ffffff' };

async function open(telegramId: number, firstName: string, opts: { language?: 'en' | 'ru'; dark?: boolean; width?: number } = {}): Promise<Page> {
  const initData = signInitData(running.deps.config.botToken, { telegramId, firstName, language: opts.language ?? 'en' });
  const page = await browser.newPage({ viewport: { width: opts.width ?? 390, height: 844 } });
  await page.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (r) => r.abort());
  const hash = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'tdesktop', tgWebAppThemeParams: JSON.stringify(opts.dark ? dark : light) });
  await page.goto(`${base}/${opts.language === 'ru' ? '?lang=ru' : ''}#${hash}`);
  await page.getByTestId('balance-POINTS').waitFor();
  return page;
}

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

describe.runIf(built && existsSync(CHROMIUM))('navigation analytics in headless Chromium', () => {
  beforeAll(async () => {
    db = await openTestDatabase();
    running = await startServer(testConfig({ DEMO_DATA: 'on', PORT: '0', HOST: '127.0.0.1', ADMIN_TELEGRAM_IDS: String(OWNER), JOBS: 'off' }), { db, logger: false });
    base = running.url.replace('localhost', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
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
