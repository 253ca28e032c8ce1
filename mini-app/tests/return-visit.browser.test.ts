import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, freePort, grant, launchChromium, THEMES } from './browser-harness.ts';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';

// A returning participant: the app shell comes from the device (the service worker) and Home draws from
// the answers kept on the device, so the second launch does not wait for the network, even without one.

let running: Running | null = null;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let port = 0;
const ANN = 720_001;
const BOB = 720_002;

const serve = async () => {
  running = await startServer(testConfig({ PORT: String(port), HOST: '127.0.0.1', JOBS: 'off', PUBLIC_URL: `http://127.0.0.1:${port}` }), { db, logger: false });
};

/** Opens the Mini App as Telegram does, in a context that keeps the device's storage between launches. */
async function launch(context: BrowserContext, telegramId: number, firstName: string): Promise<Page> {
  const initData = signInitData(running?.deps.config.botToken ?? testConfig().botToken, { telegramId, firstName, language: 'en' });
  const page = await context.newPage();
  const hash = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'android', tgWebAppThemeParams: JSON.stringify(THEMES.light) });
  await page.goto(`http://127.0.0.1:${port}/#${hash}`);
  return page;
}

const balance = (page: Page) => page.getByTestId('balance-POINTS').textContent();

describe.runIf(canRunBrowser)('a returning participant in headless Chromium', () => {
  beforeAll(async () => {
    db = await openTestDatabase();
    port = await freePort();
    await serve();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
  });

  it('sees the last Home at once from the device, even with the server unreachable, and never another account’s', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());

    // First launch: Home comes from the network; the app then keeps its shell and Home's answers on the device.
    const first = await launch(phone, ANN, 'Ann');
    await expect.poll(() => balance(first), { timeout: 30_000 }).toBe('0');
    await grant(db, ANN, 'POINTS', 1_500n);
    await first.reload();
    await expect.poll(() => balance(first), { timeout: 20_000 }).toBe('1,500');
    await first.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
    await expect.poll(() => first.evaluate(() => localStorage.getItem('tl/home-cache/v1')?.includes('1500') ?? false), { timeout: 10_000 }).toBe(true);
    await first.close();

    // The server goes away (a tunnel, a plane). Ann opens the app again: the shell and her last Home are there.
    await running!.close();
    running = null;
    const offline = await launch(phone, ANN, 'Ann');
    await expect.poll(() => balance(offline), { timeout: 20_000 }).toBe('1,500');
    expect(await offline.getByTestId('splash').count()).toBe(0);
    if (process.env.SCREENSHOTS) await offline.screenshot({ path: `${process.env.SCREENSHOTS}/home-offline-return.png` });
    await offline.close();

    // Bob on the same phone: Ann's balance is not his to see; with no server he gets no balance at all.
    const bob = await launch(phone, BOB, 'Bob');
    await bob.waitForTimeout(3_000);
    expect(await bob.getByTestId('balance-POINTS').count()).toBe(0);
    await bob.close();

    // Back online, with more points since: the fresh answer replaces the kept one.
    await serve();
    await grant(db, ANN, 'POINTS', 250n);
    const back = await launch(phone, ANN, 'Ann');
    await expect.poll(() => balance(back), { timeout: 20_000 }).toBe('1,750');
    await phone.close();
  }, 120_000);
});
