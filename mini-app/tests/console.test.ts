import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, freePort, launchChromium, widgetStub, WIDGET } from './browser-harness.ts';
import { signLoginWidget } from '../../server/src/modules/auth/login-widget.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// The back office in a desktop browser at /admin: Telegram's Login Widget is stubbed (nothing reaches
// telegram.org) by a script that hands data-onauth a payload signed as Telegram signs it.
const OWNER = { id: 710_001, first_name: 'Olga', username: 'olga_owner' };

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let telegram: FakeBotApi;
let base = '';


describe.runIf(canRunBrowser)('the back office in a desktop browser', () => {
  beforeAll(async () => {
    telegram = new FakeBotApi();
    const apiRoot = await telegram.start();
    db = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await startServer(
      testConfig({ DEMO_DATA: 'on', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, BOT_USERNAME: 'loyalty_test_bot', ADMIN_TELEGRAM_IDS: String(OWNER.id), JOBS: 'off', TELEGRAM_API_ROOT: apiRoot }),
      { db, logger: false },
    );
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await telegram?.stop();
    telegram?.verify();
  });

  it('an owner signs in with the Telegram Login Widget, sees the back office and signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const outside: string[] = [];
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (r) => {
        outside.push(r.request().url());
        return r.abort();
      },
    );
    let widgetLoads = 0;
    await page.route(WIDGET, (r) => {
      widgetLoads++;
      // Signed when the widget loads, as Telegram signs it when the person confirms.
      const payload = signLoginWidget(running.deps.config.botToken, OWNER, new Date());
      return r.fulfill({ contentType: 'application/javascript', body: widgetStub(payload) });
    });

    await page.goto(`${base}/admin`);
    await expect.poll(() => page.getByRole('heading', { name: 'Back office' }).count()).toBe(1);
    const button = page.getByTestId('telegram-login-button');
    await button.waitFor();
    expect(await button.getAttribute('data-bot')).toBe('loyalty_test_bot');
    expect(await page.locator('script[data-telegram-login]').getAttribute('data-onauth')).toBe('onTelegramAuth(user)');

    await button.click();
    await expect.poll(() => page.getByTestId('admin-role').textContent()).toBe('Owner');
    await expect.poll(() => page.getByTestId('console-me').textContent()).toBe('Olga');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'admin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    // The page's script cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('admin_session');

    // The back office works with the cookie alone: this browser's session is listed as the current one.
    await page.getByTestId('admin-sessions').click();
    await expect.poll(() => page.getByTestId('session-current').count()).toBe(1);
    if (process.env.CONSOLE_SCREENSHOTS) await page.screenshot({ path: join(process.env.CONSOLE_SCREENSHOTS, 'console-sessions.png') });
    await page.getByTestId('admin-roles').click();
    await expect.poll(async () => (await page.getByTestId(`team-${OWNER.id}`).textContent()) ?? '').toContain('Olga');

    await page.getByTestId('console-signout').click();
    await page.getByTestId('telegram-login-button').waitFor();
    expect((await context.cookies()).filter((c) => c.name === 'admin_session')).toEqual([]);
    const sessions = await db.prisma.adminSession.findMany();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].revokedAt).not.toBeNull();
    // After a reload the sign-in stays: nothing in the page brought the session back.
    await page.reload();
    await page.getByTestId('telegram-login-button').waitFor();
    expect(await page.getByTestId('admin-role').count()).toBe(0);

    expect(widgetLoads).toBeGreaterThanOrEqual(2);
    expect(outside.filter((u) => u.startsWith('https://telegram.org/'))).toEqual([]);
    await context.close();
  });
});
