import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, freePort, grant, launchChromium, widgetSignedFor, WIDGET } from './browser-harness.ts';
import { DEMO_ATTRIBUTES } from '../../server/src/seed/demo.ts';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { appRouter } from '../../server/src/router.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { createCallerFactory } from '../../server/src/trpc.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// The ban list, community events and collectibles as console tables at a desk (1440×900): filtered,
// sorted, exported and paged through the URL's hash, and a new collection created from its form (a taken
// short name refused in the form). CONSOLE_SCREENSHOTS=<dir> also writes the three sections at desk and
// phone sizes, light and dark.
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const OWNER = { telegramId: 7950, firstName: 'Olga' };
const PEOPLE = [
  { telegramId: 7951, firstName: 'Kate', reason: 'spam in chat', days: 7 },
  { telegramId: 7952, firstName: 'Leo', reason: 'scam links', days: null },
  { telegramId: 7953, firstName: 'Nora', reason: 'Spam bot', days: 2 },
  { telegramId: 7954, firstName: 'Pavel', reason: 'rude to moderators', days: 30 },
];
const BUYER = { telegramId: 7960, firstName: 'Ann' };
const EDITIONS = 27;
const createCaller = createCallerFactory(appRouter);
const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let telegram: FakeBotApi;
let base = '';

const as = (u: { telegramId: number; firstName: string }) =>
  createCaller({ deps: running.deps, authorization: `tma ${signInitData(running.deps.config.botToken, u, new Date())}` });

/** Four bans (one lifted by hand), a collection whose drop sold 27 editions, and two community events. */
async function scene() {
  await as(OWNER).profile.me();
  for (const p of PEOPLE) {
    await as(p).profile.me();
    const until = p.days ? new Date(Date.now() + p.days * 86_400_000).toISOString() : null;
    await as(OWNER).admin.participants.ban({ telegramId: String(p.telegramId), reason: p.reason, until });
  }
  await as(OWNER).admin.participants.unban({ telegramId: String(PEOPLE[3].telegramId) });

  const c = await as(OWNER).admin.collectibles.createCollection({ slug: 'critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: '', ru: '' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES });
  const d = await as(OWNER).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'First litter', ru: 'Первый помёт' }, supply: 50, startsAt: new Date(Date.now() - 86_400_000).toISOString(), pricePoints: '10' });
  await as(BUYER).profile.me();
  await grant(db, BUYER.telegramId, 'POINTS', 1000n);
  for (let i = 0; i < EDITIONS; i++) await as(BUYER).collectibles.buy({ dropId: d.id, currency: 'POINTS' });

  const event = (en: string, ru: string, startsInDays: number, place: string) => {
    const startsAt = new Date(Date.now() + startsInDays * 86_400_000);
    return as(OWNER).admin.calendar.save({ title: { en, ru }, description: { en: 'Come along.', ru: 'Приходите.' }, place, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(), capacity: 30, rewardPoints: '20' });
  };
  const meetup = await event('Friday meet-up', 'Встреча в пятницу', 3, 'Loft, 5 Main St');
  await as(OWNER).admin.calendar.publish({ eventId: meetup.id });
  await event('Old workshop', 'Старая мастерская', -10, 'Library');
}

async function signIn(context: BrowserContext) {
  const page = await context.newPage();
  await page.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
  await page.route(WIDGET, (r) => r.fulfill({ contentType: 'application/javascript', body: widgetSignedFor(running.deps.config.botToken, OWNER) }));
  await page.goto(`${base}/admin`);
  await page.getByTestId('telegram-login-button').click();
  await poll(() => page.getByTestId('admin-role').textContent()).toBe('Owner');
  return page;
}

const hash = (page: Page) => page.evaluate(() => location.hash);
const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const rows = (page: Page, table: string) => page.getByTestId(table).locator('tbody tr');

async function exportCsv(page: Page, table: string): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${table}-csv`).click()]);
  const text = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
  return text.trim().split('\r\n').map((line) => line.split(','));
}

describe.runIf(canRunBrowser)('ban list, events and collectibles as console tables', () => {
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
    await scene();
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await telegram?.stop();
  });

  it('filters, sorts and exports the ban list, creates a collection (a taken short name refused), pages the editions and finds an event', async () => {
    const context = await browser.newContext({ viewport: DESK, locale: 'en-US' });
    const page = await signIn(context);
    const col = (csv: string[][], name: string) => csv.slice(1).map((r) => r[csv[0].indexOf(name)]);

    // Bans: those in force open first; the reason narrows them; all of them, sorted by the end, exported.
    await page.goto(`${base}/admin#/bans`);
    await poll(() => rows(page, 'bans').count()).toBe(3);
    await page.getByTestId('bans-reason').fill('SPAM');
    await poll(() => hash(page)).toBe('#/bans?reason=SPAM');
    await poll(() => rows(page, 'bans').count()).toBe(2);
    await page.getByTestId('bans-reason').fill('');
    await page.getByTestId('bans-show').selectOption('');
    await poll(() => hash(page)).toBe('#/bans?show=*');
    await poll(() => rows(page, 'bans').count()).toBe(4);
    await page.getByTestId('bans-show').selectOption('lifted');
    await poll(() => page.getByTestId('bans-count').textContent()).toBe('1 row');
    expect(await rows(page, 'bans').first().textContent()).toContain('Pavel');
    await page.getByTestId('bans-show').selectOption('');
    await page.getByTestId('bans-sort-until').click();
    await poll(() => hash(page)).toBe('#/bans?show=*&sort=until.desc');
    await page.getByTestId('bans-sort-until').click();
    await poll(() => hash(page)).toBe('#/bans?show=*&sort=until.asc');
    await poll(async () => (await rows(page, 'bans').first().textContent()) ?? '').toContain('Nora');
    const bans = await exportCsv(page, 'bans');
    expect(bans[0]).toEqual(['Person', 'Reason', 'Banned', 'By', 'Until', 'Status']);
    // The soonest end first, a permanent ban last.
    expect(col(bans, 'Reason')).toEqual(['Spam bot', 'spam in chat', 'rude to moderators', 'scam links']);
    expect(col(bans, 'Until').at(-1)).toBe('permanent');
    // The same view comes back from its link.
    await page.reload();
    await poll(() => rows(page, 'bans').count()).toBe(4);
    expect(await page.getByTestId('bans-show').inputValue()).toBe('');

    // Collectibles: a new collection; the short name taken is refused in the form, another is created.
    await page.goto(`${base}/admin#/collectibles`);
    await poll(() => rows(page, 'coll-collections').count()).toBe(1);
    await page.getByTestId('coll-new-collection').click();
    await page.getByTestId('coll-new-slug').fill('critters');
    await page.getByTestId('coll-new-en').fill('Space cats');
    await page.getByTestId('coll-new-ru').fill('Космокоты');
    await page.getByTestId('coll-new-model').fill('Tabby: 700\nSphynx: 300');
    await page.getByTestId('coll-new-backdrop').fill('Nebula: 1000');
    await page.getByTestId('coll-new-symbol').fill('Star: 600\nMoon: 300');
    expect(await page.getByTestId('coll-new-symbol-sum').textContent()).toBe('Adds up to 900 ‰ of 1000 ‰');
    expect(await page.getByTestId('coll-new-create').isDisabled()).toBe(true);
    await page.getByTestId('coll-new-symbol').fill('Star: 600\nMoon: 400');
    await page.getByTestId('coll-new-create').click();
    await poll(() => page.getByTestId('coll-new-taken').textContent()).toBe('A collection named “critters” already exists. Choose another short name.');
    expect(await db.prisma.collection.count()).toBe(1);
    await page.getByTestId('coll-new-slug').fill('space-cats');
    expect(await page.getByTestId('coll-new-taken').count()).toBe(0);
    await page.getByTestId('coll-new-create').click();
    await poll(() => rows(page, 'coll-collections').count()).toBeGreaterThanOrEqual(2);
    const created = await db.prisma.collection.findUniqueOrThrow({ where: { slug: 'space-cats' } });
    expect(created).toMatchObject({ title: { en: 'Space cats', ru: 'Космокоты' }, royaltyBps: 500, supplyCap: 1000 });
    expect(created.attributes).toEqual({ model: [{ value: 'Tabby', permille: 700 }, { value: 'Sphynx', permille: 300 }], backdrop: [{ value: 'Nebula', permille: 1000 }], symbol: [{ value: 'Star', permille: 600 }, { value: 'Moon', permille: 400 }] });
    // It opens where it was made, with its own link.
    await poll(() => hash(page)).toBe(`#/collectibles/${created.id}`);
    await page.getByTestId(`coll-edit-${created.id}`).waitFor();
    await page.getByTestId('coll-collections-sort-slug').click();
    await poll(async () => (await rows(page, 'coll-collections').first().textContent()) ?? '').toContain('space-cats');

    // Editions: 27 in the first collection, 25 a page; the second page, then the highest numbers first.
    await page.getByTestId('coll-view-editions').click();
    await poll(() => hash(page)).toBe('#/collectibles?view=editions');
    await poll(() => page.getByTestId('coll-editions-count').textContent()).toBe('27 rows');
    expect(await rows(page, 'coll-editions').count()).toBe(25);
    await page.getByTestId('coll-editions-next').click();
    await poll(() => hash(page)).toBe('#/collectibles?view=editions&page=2');
    await poll(() => rows(page, 'coll-editions').count()).toBe(2);
    expect(await rows(page, 'coll-editions').first().textContent()).toContain('#26');
    await page.getByTestId('coll-editions-sort-number').click();
    await poll(() => hash(page)).toBe('#/collectibles?view=editions&sort=number.desc');
    await poll(async () => (await rows(page, 'coll-editions').first().textContent()) ?? '').toContain('#27');
    await page.getByTestId('coll-editions-search').fill('#3');
    await poll(() => rows(page, 'coll-editions').count()).toBe(1);
    const editions = await exportCsv(page, 'coll-editions');
    expect(col(editions, '#')).toEqual(['3']);

    // Events: the upcoming one, found by its place, and the past one.
    await page.goto(`${base}/admin#/calendar`);
    await poll(() => rows(page, 'calendar-events').count()).toBe(2);
    await page.getByTestId('calendar-when').selectOption('upcoming');
    await poll(() => rows(page, 'calendar-events').count()).toBe(1);
    expect(await rows(page, 'calendar-events').first().textContent()).toContain('Friday meet-up');
    await page.getByTestId('calendar-when').selectOption('past');
    await page.getByTestId('calendar-events-search').fill('libr');
    await poll(() => hash(page)).toBe('#/calendar?when=past&q=libr');
    await poll(async () => (await rows(page, 'calendar-events').first().textContent()) ?? '').toContain('Old workshop');
    const events = await exportCsv(page, 'calendar-events');
    expect(col(events, 'Event')).toEqual(['Old workshop']);
    await context.close();
  }, 240_000);

  it.runIf(!!SHOTS)('screenshots: the three sections at desk and phone, light and dark', async () => {
    mkdirSync(SHOTS!, { recursive: true });
    for (const viewport of [DESK, PHONE]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, colorScheme, locale: 'en-US' });
        const page = await signIn(context);
        for (const [name, route] of [['bans', 'bans?show=*'], ['calendar', 'calendar'], ['collectibles', 'collectibles'], ['collectibles-drops', 'collectibles?view=drops'], ['collectibles-editions', 'collectibles?view=editions'], ['collectibles-market', 'collectibles?view=market'], ['collectibles-mints', 'collectibles?view=mints']]) {
          await page.goto(`${base}/admin#/${route}`);
          await page.waitForTimeout(1200);
          await page.screenshot({ path: join(SHOTS!, `tables-${name}-${viewport.width}-${colorScheme}.png`), fullPage: viewport.width < 900 });
        }
        if (colorScheme === 'light') {
          await page.goto(`${base}/admin#/collectibles`);
          await page.getByTestId('coll-new-collection').click();
          await page.getByTestId('coll-new-slug').fill('critters');
          await page.getByTestId('coll-new-en').fill('Critters again');
          await page.getByTestId('coll-new-ru').fill('Снова зверята');
          for (const k of ['model', 'backdrop', 'symbol']) await page.getByTestId(`coll-new-${k}`).fill('One: 1000');
          await page.getByTestId('coll-new-create').click();
          await page.getByTestId('coll-new-taken').waitFor();
          await page.screenshot({ path: join(SHOTS!, `tables-collection-form-${viewport.width}-${colorScheme}.png`), fullPage: true });
        }
        await context.close();
      }
    }
  }, 300_000);
});
