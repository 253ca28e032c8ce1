import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, freePort, launchChromium, openInTelegram, widgetSignedFor, WIDGET } from './browser-harness.ts';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { auditLedger, isBalanced } from '../../server/src/modules/ledger/queries.ts';
import { appRouter } from '../../server/src/router.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { createCallerFactory } from '../../server/src/trpc.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// A rating season seen by a participant on a phone (banner with countdown and prizes, the season's board,
// then past winners) and ended by an admin at the console, who sees its prizes paid.
const SHOTS = process.env.RATINGS_SCREENSHOTS;
const createCaller = createCallerFactory(appRouter);
const OWNER = { telegramId: 8999, firstName: 'Olga' };
const PEOPLE = ['Ann', 'Bob', 'Cid', 'Dan', 'Eve', 'Fay'].map((firstName, i) => ({ telegramId: 8901 + i, firstName }));

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let telegram: FakeBotApi;
let base = '';
let seasonId = 0;

const as = (u: { telegramId: number; firstName: string }) =>
  createCaller({ deps: running.deps, authorization: `tma ${signInitData(running.deps.config.botToken, u, new Date())}` });
const shot = async (page: Page, name: string) => SHOTS && (await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }));

async function signIn(page: Page) {
  await page.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
  await page.route(WIDGET, (r) =>
    r.fulfill({ contentType: 'application/javascript', body: widgetSignedFor(running.deps.config.botToken, OWNER) }),
  );
  await page.goto(`${base}/admin`);
  await page.getByTestId('telegram-login-button').click();
  await expect.poll(() => page.getByTestId('admin-role').textContent()).toBe('Owner');
}

describe.runIf(canRunBrowser)('a rating season', () => {
  beforeAll(async () => {
    telegram = new FakeBotApi();
    const apiRoot = await telegram.start();
    db = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await startServer(
      testConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, BOT_USERNAME: 'loyalty_test_bot', ADMIN_TELEGRAM_IDS: String(OWNER.telegramId), JOBS: 'off', TELEGRAM_API_ROOT: apiRoot }),
      { db, logger: false },
    );
    browser = await launchChromium();
    // A season running for two more days, and six participants who earned points in it.
    await as(OWNER).profile.me();
    const season = await as(OWNER).admin.ratings.saveSeason({
      name: { en: 'Winter cup', ru: 'Зимний кубок' },
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000 + 3 * 3_600_000).toISOString(),
      prizes: [
        { fromPlace: 1, toPlace: 1, kind: 'points', amount: '1000' },
        { fromPlace: 2, toPlace: 2, kind: 'ton', amount: '1500000000' },
        { fromPlace: 3, toPlace: 5, kind: 'points', amount: '100' },
      ],
    });
    seasonId = season.id;
    const quiz = await db.prisma.task.create({ data: { slug: 'season-quiz', type: 'QUIZ', title: { en: 'Quiz', ru: 'Викторина' }, description: { en: '', ru: '' }, reward: 50n, config: { answers: ['a'] }, period: 'UNLIMITED', limitPerPeriod: 100 } });
    for (const [i, u] of PEOPLE.entries()) for (let k = 0; k < 6 - i; k++) await as(u).tasks.complete({ taskId: quiz.id, answer: 'a' });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await telegram?.stop();
  });

  it('shows a participant the season banner with its countdown and prizes, and the season board', async () => {
    for (const dark of [false, true]) {
      const page = await openInTelegram(browser, base, running.deps.config.botToken, PEOPLE[2].telegramId, 'Cid', { dark });
      await page.getByTestId('tab-leaderboard').click();
      await page.getByTestId('season-banner').waitFor();
      expect(await page.getByTestId('season-banner').textContent()).toContain('Winter cup');
      expect(await page.getByTestId('season-countdown').textContent()).toMatch(/^2d \d\d:\d\d:\d\d$/);
      expect(await page.getByTestId('season-prizes').textContent()).toContain('1,000 ✦');
      expect(await page.getByTestId('season-my-place').textContent()).toBe('#3');
      await shot(page, `story-season-banner-${dark ? 'dark' : 'light'}`);
      await page.getByTestId('season-banner').click();
      await expect.poll(() => page.getByTestId('season-me').textContent(), { timeout: 10_000 }).toContain('200');
      await shot(page, `story-season-board-${dark ? 'dark' : 'light'}`);
      await page.close();
    }
  });

  it('lets an admin at the console end the season and see its prizes paid', async () => {
    for (const dark of [false, true]) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept());
      await signIn(page);
      if (dark) await page.goto(`${base}/admin?theme=dark`);
      await page.getByTestId('admin-ratings').click();
      await page.getByTestId(`season-status-${seasonId}`).waitFor();
      await page.getByTestId(`season-status-${seasonId}`).click();
      await page.getByTestId(`season-detail-${seasonId}`).waitFor();
      if (!dark) {
        // The prize editor, as an admin starts a new season (left unsaved).
        await page.getByTestId('season-new').click();
        await page.getByTestId('season-name-en').fill('Spring sprint');
        await page.getByTestId('prize-value-0').fill('5000');
        await page.getByTestId('prize-add').click();
        await page.getByTestId('prize-kind-1').selectOption('ton');
        await page.getByTestId('prize-to-1').fill('3');
        await page.getByTestId('prize-value-1').fill('0.5');
        expect(await page.getByTestId('season-save').isEnabled()).toBe(true);
        await shot(page, 'story-ratings-console-light-form');
        await page.getByTestId('season-back').click();
        await page.getByTestId(`season-status-${seasonId}`).click();
        await page.getByTestId(`season-detail-${seasonId}`).waitFor();
        expect(await page.getByTestId(`season-detail-${seasonId}`).textContent()).toContain('Standings now');
        await shot(page, 'story-ratings-console-light-running');
        await page.getByTestId('season-end').click();
      }
      await expect.poll(() => page.getByTestId(`season-status-${seasonId}`).textContent(), { timeout: 15_000 }).toBe('Paid');
      await page.getByTestId('season-result-5').waitFor();
      expect(await page.getByTestId('season-result-1').textContent()).toMatch(/Ann.*1,000 ✦.*transfer \d+/);
      expect(await page.getByTestId('season-result-2').textContent()).toMatch(/Bob.*1\.5 TON.*transfer \d+/);
      await shot(page, `story-ratings-console-${dark ? 'dark' : 'light'}`);
      await context.close();
    }
    const balance = (telegramId: number, currency: 'POINTS' | 'TON') =>
      db.prisma.account.findFirstOrThrow({ where: { participant: { telegramId: BigInt(telegramId) }, currency } }).then((a) => a.balance);
    expect(await balance(PEOPLE[0].telegramId, 'POINTS')).toBe(300n + 1000n);
    expect(await balance(PEOPLE[1].telegramId, 'TON')).toBe(1_500_000_000n);
    expect(await db.prisma.transfer.count({ where: { kind: 'SEASON_PRIZE' } })).toBe(5);
    expect(isBalanced(await auditLedger(db.prisma))).toBe(true);
  });

  it('shows the participant the past season with its winners, in Russian too', async () => {
    for (const [dark, language] of [[false, 'en'], [true, 'ru']] as const) {
      // Names from the server follow the language kept in the profile.
      await as(PEOPLE[0]).profile.update({ language });
      const page = await openInTelegram(browser, base, running.deps.config.botToken, PEOPLE[0].telegramId, 'Ann', { dark, language });
      await page.getByTestId('tab-leaderboard').click();
      await page.getByTestId('board-season').click();
      const past = page.getByTestId(`season-past-${seasonId}`);
      await past.waitFor();
      expect(await past.textContent()).toContain(language === 'ru' ? 'Зимний кубок' : 'Winter cup');
      expect(await page.getByTestId('season-past-me').textContent()).toBe(language === 'ru' ? 'Вы заняли 1-е место и получили приз.' : 'You placed #1 and won a prize.');
      await shot(page, `story-season-past-${dark ? 'dark' : 'light'}-${language}`);
      await page.close();
    }
  });

  it('lets an admin on a phone (390×844) end another season and see its prizes paid', async () => {
    // A second season, begun after the first was paid: Bob, Cid and Ann earn in it, in that order.
    const season = await as(OWNER).admin.ratings.saveSeason({
      name: { en: 'Spring sprint', ru: 'Весенний спринт' },
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      prizes: [
        { fromPlace: 1, toPlace: 1, kind: 'points', amount: '700' },
        { fromPlace: 2, toPlace: 2, kind: 'ton', amount: '250000000' },
        { fromPlace: 3, toPlace: 3, kind: 'points', amount: '50' },
      ],
    });
    const quiz = await db.prisma.task.findUniqueOrThrow({ where: { slug: 'season-quiz' } });
    for (const [u, times] of [[PEOPLE[1], 3], [PEOPLE[2], 2], [PEOPLE[0], 1]] as const) for (let k = 0; k < times; k++) await as(u).tasks.complete({ taskId: quiz.id, answer: 'a' });
    const balance = (telegramId: number, currency: 'POINTS' | 'TON') =>
      db.prisma.account.findFirstOrThrow({ where: { participant: { telegramId: BigInt(telegramId) }, currency } }).then((a) => a.balance);
    const before = { bob: await balance(PEOPLE[1].telegramId, 'POINTS'), cidTon: await balance(PEOPLE[2].telegramId, 'TON').catch(() => 0n), ann: await balance(PEOPLE[0].telegramId, 'POINTS') };

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page);
    await page.getByTestId('admin-picker').waitFor();
    await page.getByTestId('admin-ratings').click();
    await page.getByTestId(`season-status-${season.id}`).click();
    await page.getByTestId(`season-detail-${season.id}`).waitFor();
    await page.getByTestId('season-end').click();
    await expect.poll(() => page.getByTestId(`season-status-${season.id}`).textContent(), { timeout: 15_000 }).toBe('Paid');
    await page.getByTestId('season-result-3').waitFor();
    expect(await page.getByTestId('season-result-1').textContent()).toMatch(/Bob.*700 ✦.*transfer \d+/);
    expect(await page.getByTestId('season-result-2').textContent()).toMatch(/Cid.*0\.25 TON.*transfer \d+/);
    expect(await page.getByTestId('season-result-3').textContent()).toMatch(/Ann.*50 ✦.*transfer \d+/);
    // The detail fits the phone: nothing runs past the screen's right edge.
    const right = await page.getByTestId(`season-detail-${season.id}`).evaluate((el) => el.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(390);
    await shot(page, 'story-ratings-console-phone');
    await context.close();

    expect(await balance(PEOPLE[1].telegramId, 'POINTS')).toBe(before.bob + 700n);
    expect(await balance(PEOPLE[2].telegramId, 'TON')).toBe(before.cidTon + 250_000_000n);
    expect(await balance(PEOPLE[0].telegramId, 'POINTS')).toBe(before.ann + 50n);
    expect(await db.prisma.transfer.count({ where: { kind: 'SEASON_PRIZE' } })).toBe(5 + 3);
    expect(isBalanced(await auditLedger(db.prisma))).toBe(true);
  });
});
