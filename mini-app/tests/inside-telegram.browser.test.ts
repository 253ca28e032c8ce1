import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, launchChromium, THEMES } from './browser-harness.ts';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';

// The app as a Telegram client hosts it: the client's side is a page script in place of Android's
// `TelegramWebviewProxy`, recording what the app posts and answering as the client does. Every other
// story runs outside Telegram (the SDK's mock), where Telegram's own buttons are never drawn.

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;

type Posted = { type: string; data: Record<string, unknown> | null; at: number };

const CLIENT = `(() => {
  const posted = (window.__posted = []);
  const answer = (type, data) => setTimeout(() => window.Telegram?.WebView?.receiveEvent?.(type, data), 5);
  window.TelegramWebviewProxy = {
    postEvent(type, data) {
      posted.push({ type, data: data ? JSON.parse(data) : null, at: performance.now() });
      if (type === 'web_app_request_viewport') answer('viewport_changed', { height: 844, width: 390, is_expanded: true, is_state_stable: true });
      if (type === 'web_app_request_safe_area') answer('safe_area_changed', { top: 0, bottom: 0, left: 0, right: 0 });
      if (type === 'web_app_request_content_safe_area') answer('content_safe_area_changed', { top: 0, bottom: 0, left: 0, right: 0 });
      if (type === 'web_app_request_theme') answer('theme_changed', { theme_params: ${JSON.stringify(THEMES.light)} });
    },
  };
})()`;

async function openHosted(telegramId: number, firstName: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
  await page.addInitScript(CLIENT);
  const initData = signInitData(running.deps.config.botToken, { telegramId, firstName, language: 'en' });
  const hash = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'android', tgWebAppThemeParams: JSON.stringify(THEMES.light) });
  await page.goto(`${running.url.replace('localhost', '127.0.0.1')}/#${hash}`);
  return page;
}

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
const ofType = async (page: Page, type: string) => (await posted(page)).filter((e) => e.type === type);
const press = (page: Page, type: string) => page.evaluate((t) => (window as unknown as { Telegram: { WebView: { receiveEvent: (t: string, d?: unknown) => void } } }).Telegram.WebView.receiveEvent(t), type);

describe.runIf(canRunBrowser)('inside a Telegram client (headless Chromium)', () => {
  beforeAll(async () => {
    db = await openTestDatabase();
    running = await startServer(testConfig({ DEMO_DATA: 'on', PORT: '0', HOST: '127.0.0.1', JOBS: 'off' }), { db, logger: false });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
  });

  it('tells Telegram once that the first screen is up, then drives Telegram’s own buttons', async () => {
    const page = await openHosted(730_001, 'Tamara');
    await page.getByTestId('balance-POINTS').waitFor();

    // Ready as soon as the first screen draws: Telegram drops its placeholder. Said once, not again by the SDK.
    await expect.poll(async () => (await ofType(page, 'web_app_ready')).length).toBe(1);
    // Then Telegram's SDK starts: it asks the client for the viewport and expands the app.
    await expect.poll(async () => (await ofType(page, 'web_app_expand')).length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await ofType(page, 'web_app_ready')).length).toBe(1);

    // A drop's primary action is Telegram's main button, not a button in the page.
    const drop = await db.prisma.drop.findFirstOrThrow();
    await page.getByTestId('tab-collect').click();
    await page.getByTestId('collect-drops').click();
    await page.getByTestId(`drop-${drop.id}`).click();
    await expect.poll(() => page.getByTestId('drop-left').textContent()).toMatch(/300 of 300/);
    await expect
      .poll(async () => (await ofType(page, 'web_app_setup_main_button')).at(-1)?.data)
      .toMatchObject({ is_visible: true, is_active: true, text: expect.stringMatching(/^Get one · .*300 ✦$/) });
    expect(await page.getByTestId('drop-buy').count()).toBe(0);
    // Telegram's back button is up on a screen below the tabs.
    expect((await ofType(page, 'web_app_setup_back_button')).at(-1)?.data).toEqual({ is_visible: true });

    // Pressing Telegram's main button is pressing the action: a tap felt, the ways to pay offered.
    const taps = (await ofType(page, 'web_app_trigger_haptic_feedback')).length;
    await press(page, 'main_button_pressed');
    await page.getByTestId('drop-pay-POINTS').waitFor();
    expect((await ofType(page, 'web_app_trigger_haptic_feedback')).slice(taps)).toEqual([{ type: 'web_app_trigger_haptic_feedback', data: { type: 'impact', impact_style: 'light' }, at: expect.any(Number) }]);

    // Telegram's back button first puts the payment away, then goes back to the drops; the main button goes with the screen.
    await press(page, 'back_button_pressed');
    await expect.poll(() => page.getByTestId('drop-pay-POINTS').count()).toBe(0);
    await press(page, 'back_button_pressed');
    await expect.poll(() => page.getByTestId(`drop-${drop.id}`).isVisible()).toBe(true);
    await expect.poll(async () => (await ofType(page, 'web_app_setup_main_button')).at(-1)?.data).toMatchObject({ is_visible: false });
    await page.close();
  });
});
