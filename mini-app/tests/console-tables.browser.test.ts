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
// short name refused in the form); then the tables no other story covers (drops, marketplace sales, mint
// requests, purchased products, task figures, contacts, seasons, an event's answers by its link). CONSOLE_SCREENSHOTS=<dir> also writes the three sections at desk and
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

  it('filters, sorts and exports the tables the other stories leave: drops, sales, mint requests, purchases, task figures, contacts, seasons, attendees', async () => {
    // More activity: a second drop starting later, two resales on the marketplace, two mint requests, a
    // purchased item, a task claimed, two shared phone numbers, two seasons and two answers to the meet-up.
    const MAX = { telegramId: 7961, firstName: 'Max' };
    await as(MAX).profile.me();
    await grant(db, MAX.telegramId, 'POINTS', 5000n);
    const c = await db.prisma.collection.findUniqueOrThrow({ where: { slug: 'critters' } });
    await as(OWNER).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Second litter', ru: 'Второй помёт' }, supply: 10, startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), pricePoints: '20' });
    const owned = await db.prisma.edition.findMany({ where: { owner: { telegramId: BigInt(BUYER.telegramId) } }, orderBy: { number: 'asc' }, take: 3 });
    for (const [e, price] of [[owned[0], '300'], [owned[1], '120']] as const) {
      const l = await as(BUYER).market.list({ editionId: e.id, currency: 'POINTS', price });
      await as(MAX).market.buy({ listingId: l.id });
    }
    const [ann, max] = await Promise.all([BUYER, MAX].map((u) => db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } })));
    const request = (editionId: number, participantId: number, over: Record<string, unknown>) =>
      db.prisma.mintRequest.create({ data: { editionId, participantId, collection: `0:${'c'.repeat(64)}`, item: `0:${String(editionId).padStart(64, 'd')}`, owner: `0:${'e'.repeat(64)}`, index: BigInt(editionId), content: 'x', eventKey: `mint:${editionId}`, ...over } });
    await request(owned[2].id, ann.id, { status: 'FAILED', sends: 3, lastError: 'no answer' });
    await request(owned[0].id, max.id, { again: true, sends: 1 });
    const sticker = await db.prisma.product.create({ data: { slug: 'sticker', kind: 'ITEM', title: { en: 'Sticker', ru: 'Наклейка' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'POINTS', amount: 5n }] } } });
    for (const u of [BUYER, MAX]) await as(u).shop.buy({ productId: sticker.id, currency: 'POINTS' });
    const quiz = await db.prisma.task.create({ data: { slug: 'tables-quiz', type: 'QUIZ', title: { en: 'Table quiz', ru: 'Викторина' }, description: { en: '', ru: '' }, reward: 15n, config: { answers: ['a'] }, period: 'UNLIMITED', limitPerPeriod: 10 } });
    for (const u of [BUYER, MAX, MAX]) await as(u).tasks.complete({ taskId: quiz.id, answer: 'a' });
    for (const [p, phone] of [[ann, '+15550001'], [max, '+15550002']] as const) await db.prisma.participantContact.create({ data: { participantId: p.id, phone, consent: 'I agree', sharedAt: new Date() } });
    for (const [en, days] of [['Autumn cup', 10], ['Winter cup', 40]] as const) {
      await as(OWNER).admin.ratings.saveSeason({ name: { en, ru: en }, startsAt: new Date(Date.now() + days * 86_400_000).toISOString(), endsAt: new Date(Date.now() + (days + 7) * 86_400_000).toISOString(), prizes: [{ fromPlace: 1, toPlace: 1, kind: 'points', amount: '100' }] });
    }
    const meetup = await db.prisma.communityEvent.findFirstOrThrow({ where: { place: 'Loft, 5 Main St' } });
    await as(BUYER).calendar.rsvp({ eventId: meetup.id, answer: 'YES' });
    await as(MAX).calendar.rsvp({ eventId: meetup.id, answer: 'NO' });

    const context = await browser.newContext({ viewport: DESK, locale: 'en-US' });
    const page = await signIn(context);
    const col = (csv: string[][], name: string) => csv.slice(1).map((r) => r[csv[0].indexOf(name)]);
    const first = async (table: string) => (await rows(page, table).first().textContent()) ?? '';
    /** A column's cells top to bottom, as the admin reads them. */
    const cells = (table: string, n: number) => page.getByTestId(table).locator(`tbody tr td:nth-child(${n})`).allTextContents().then((all) => all.map((c) => c.trim()));

    // Collections: none on chain yet; those off it, exported.
    await page.goto(`${base}/admin#/collectibles`);
    await page.getByTestId('coll-collections-chain').selectOption('deployed');
    await poll(() => page.getByTestId('coll-collections-count').textContent()).toBe('0 rows');
    await page.getByTestId('coll-collections-chain').selectOption('notDeployed');
    // (The story before may have added one; every collection here is off chain.)
    const slugs = (await db.prisma.collection.findMany({ select: { slug: true } })).map((x) => x.slug).sort();
    await poll(() => rows(page, 'coll-collections').count()).toBe(slugs.length);
    expect(col(await exportCsv(page, 'coll-collections'), 'Slug').sort()).toEqual(slugs);

    // Drops: the scheduled one by status; by start, the latest first then the earliest; exported.
    await page.goto(`${base}/admin#/collectibles?view=drops`);
    await poll(() => rows(page, 'coll-drops').count()).toBe(2);
    await page.getByTestId('coll-drops-status').selectOption('SCHEDULED');
    await poll(() => rows(page, 'coll-drops').count()).toBe(1);
    expect(await first('coll-drops')).toContain('Second litter');
    await page.getByTestId('coll-drops-status').selectOption('');
    await page.getByTestId('coll-drops-sort-startsAt').click();
    await poll(() => hash(page)).toBe('#/collectibles?view=drops&sort=startsAt.desc');
    await poll(() => first('coll-drops')).toContain('Second litter');
    await page.getByTestId('coll-drops-sort-startsAt').click();
    await poll(() => first('coll-drops')).toContain('First litter');
    expect(col(await exportCsv(page, 'coll-drops'), 'Drop')).toEqual(['First litter', 'Second litter']);

    // Marketplace sales: in points, the dearest first, exported.
    await page.goto(`${base}/admin#/collectibles?view=market`);
    await poll(() => rows(page, 'coll-sales').count()).toBe(2);
    await page.getByTestId('coll-sales-currency').selectOption('STARS');
    await poll(() => page.getByTestId('coll-sales-count').textContent()).toBe('0 rows');
    await page.getByTestId('coll-sales-currency').selectOption('POINTS');
    await page.getByTestId('coll-sales-sort-price').click();
    await poll(() => hash(page)).toContain('sort=price.desc');
    const sales = await exportCsv(page, 'coll-sales');
    expect(col(sales, 'Edition')).toEqual([`critters #${owned[0].number}`, `critters #${owned[1].number}`]);

    // Mint requests: the transfer by kind; the most sends first; exported.
    await page.goto(`${base}/admin#/collectibles?view=mints`);
    await poll(() => rows(page, 'coll-mints').count()).toBe(2);
    await page.getByTestId('coll-mints-kind').selectOption('TRANSFER');
    await poll(() => rows(page, 'coll-mints').count()).toBe(1);
    expect(await first('coll-mints')).toContain('Max');
    await page.getByTestId('coll-mints-kind').selectOption('');
    await page.getByTestId('coll-mints-sort-sends').click();
    await poll(() => hash(page)).toContain('sort=sends.desc');
    const mints = await exportCsv(page, 'coll-mints');
    expect(col(mints, 'Status')).toEqual(['FAILED: no answer', 'REQUESTED']);

    // Purchased products: sorted by person both ways, by product and by person, exported.
    await page.goto(`${base}/admin#/orders?view=purchased`);
    await poll(() => rows(page, 'purchased').count()).toBe(2);
    await page.getByTestId('purchased-sort-participant').click();
    await poll(() => hash(page)).toBe('#/orders?view=purchased&sort=participant.desc');
    await poll(() => cells('purchased', 2)).toEqual(['Max', 'Ann']);
    await page.getByTestId('purchased-sort-participant').click();
    await poll(() => cells('purchased', 2)).toEqual(['Ann', 'Max']);
    await page.goto(`${base}/admin#/orders?view=purchased`);
    await page.getByTestId('purchased-search').fill('Max');
    await poll(() => rows(page, 'purchased').count()).toBe(1);
    await page.getByTestId('purchased-search').fill('');
    await page.getByTestId('orders-product').selectOption(String(sticker.id));
    await poll(() => hash(page)).toBe(`#/orders?view=purchased&product=${sticker.id}`);
    await poll(() => rows(page, 'purchased').count()).toBe(2);
    const purchased = await exportCsv(page, 'purchased');
    expect(purchased.length).toBe(3);
    expect(col(purchased, 'Product')).toEqual(['Sticker', 'Sticker']);

    // Task figures: the quiz's claims, people and points, exported for all time.
    await page.goto(`${base}/admin#/tasks?view=figures`);
    await page.getByTestId('task-figures-window').selectOption('all');
    await poll(() => page.getByTestId('task-figures').textContent()).toContain('Table quiz');
    const figures = await exportCsv(page, 'task-figures');
    expect(figures.find((r) => r[0].startsWith('Table quiz'))?.slice(1, 4)).toEqual(['3', '2', '45']);
    // The most claimed first, then the fewest first (the quiz is the only task claimed).
    await poll(async () => (await cells('task-figures', 1))[0]).toContain('Table quiz');
    await page.getByTestId('task-figures-sort-claims').click();
    await poll(() => hash(page)).toBe('#/tasks?view=figures&sort=claims.asc');
    await poll(async () => (await cells('task-figures', 1)).at(-1)).toContain('Table quiz');

    // The task list (cards, not a table) exports too: its header and the quiz's row.
    await page.goto(`${base}/admin#/tasks`);
    const tasks = await exportCsv(page, 'tasks');
    expect(tasks[0]).toEqual(['Short name', 'Task', 'Kind', 'Period', 'Reward', 'On', 'Claims', 'Starts', 'Ends']);
    expect(tasks.find((r) => r[0] === 'tables-quiz')).toEqual(['tables-quiz', 'Table quiz', 'QUIZ', 'UNLIMITED', '15', 'yes', '3', '', '']);

    // Contacts: sorted by name both ways, found by name, exported.
    await page.goto(`${base}/admin#/contacts`);
    await poll(() => rows(page, 'contacts-table').count()).toBe(2);
    await page.getByTestId('contacts-table-sort-name').click();
    await poll(() => hash(page)).toBe('#/contacts?sort=name.desc');
    await poll(() => cells('contacts-table', 1)).toEqual(['Max', 'Ann']);
    await page.getByTestId('contacts-table-sort-name').click();
    await poll(() => cells('contacts-table', 1)).toEqual(['Ann', 'Max']);
    await page.getByTestId('contacts-table-search').fill('Max');
    await poll(() => rows(page, 'contacts-table').count()).toBe(1);
    // A leading + is quoted so a spreadsheet does not read the number as a formula.
    expect(col(await exportCsv(page, 'contacts-table'), 'Phone')).toEqual(["'+15550002"]);

    // Seasons: by state and name, sorted by name both ways, exported; one opened by its own link, which
    // survives a reload, and Back returns to the list as it was.
    await page.goto(`${base}/admin#/ratings`);
    await poll(() => rows(page, 'seasons').count()).toBe(2);
    await page.getByTestId('seasons-state').selectOption('ended');
    await poll(() => page.getByTestId('seasons-count').textContent()).toBe('0 rows');
    await page.getByTestId('seasons-state').selectOption('upcoming');
    await poll(() => rows(page, 'seasons').count()).toBe(2);
    await page.getByTestId('seasons-search').fill('wint');
    await poll(() => cells('seasons', 1)).toEqual(['Winter cup']);
    await page.getByTestId('seasons-search').fill('');
    await page.getByTestId('seasons-sort-name').click();
    await poll(() => cells('seasons', 1)).toEqual(['Winter cup', 'Autumn cup']);
    await page.getByTestId('seasons-sort-name').click();
    await poll(() => hash(page)).toBe('#/ratings?state=upcoming&sort=name.asc');
    await poll(() => cells('seasons', 1)).toEqual(['Autumn cup', 'Winter cup']);
    expect(col(await exportCsv(page, 'seasons'), 'Season')).toEqual(['Autumn cup', 'Winter cup']);
    const autumn = await db.prisma.season.findFirstOrThrow({ where: { name: { path: ['en'], equals: 'Autumn cup' } } });
    await rows(page, 'seasons').first().click();
    await poll(() => hash(page)).toBe(`#/ratings/${autumn.id}?state=upcoming&sort=name.asc`);
    await page.getByTestId(`season-detail-${autumn.id}`).waitFor();
    await page.reload();
    await page.getByTestId(`season-detail-${autumn.id}`).waitFor();
    await page.goBack();
    await poll(() => hash(page)).toBe('#/ratings?state=upcoming&sort=name.asc');
    await poll(() => page.getByTestId(`season-detail-${autumn.id}`).count()).toBe(0);
    await poll(() => cells('seasons', 1)).toEqual(['Autumn cup', 'Winter cup']);
    // A link to a season the list's filter leaves out still shows it.
    await page.goto(`${base}/admin#/ratings/${autumn.id}?state=ended`);
    await poll(() => page.getByTestId('seasons-count').textContent()).toBe('0 rows');
    await page.getByTestId(`season-detail-${autumn.id}`).waitFor();

    // Events: the latest start first, then the earliest; the meet-up's answers found by name and exported.
    await page.goto(`${base}/admin#/calendar`);
    await poll(() => first('calendar-events')).toContain('Friday meet-up');
    await page.getByTestId('calendar-events-sort-startsAt').click();
    await poll(() => hash(page)).toBe('#/calendar?sort=startsAt.asc');
    await poll(() => first('calendar-events')).toContain('Old workshop');
    await page.goto(`${base}/admin#/calendar/${meetup.id}`);
    await poll(() => rows(page, 'calendar-attendees').count()).toBe(2);
    // The latest answer first; by name, Z to A then A to Z.
    await poll(() => cells('calendar-attendees', 1)).toEqual(['Max', 'Ann']);
    await page.getByTestId('calendar-attendees-sort-name').click();
    await poll(() => hash(page)).toBe(`#/calendar/${meetup.id}?sort=name.desc`);
    await page.getByTestId('calendar-attendees-sort-name').click();
    await poll(() => cells('calendar-attendees', 1)).toEqual(['Ann', 'Max']);
    await page.getByTestId('calendar-attendees-sort-answer').click();
    await poll(() => cells('calendar-attendees', 2)).toEqual(['Going', 'Can’t go']);
    await page.getByTestId('calendar-attendees-search').fill('Ann');
    await poll(() => rows(page, 'calendar-attendees').count()).toBe(1);
    expect(col(await exportCsv(page, 'calendar-attendees'), 'Answer')).toEqual(['YES']);
    // The event's link, with its search, survives a reload.
    await page.reload();
    await poll(() => page.getByTestId('calendar-attendees-search').inputValue()).toBe('Ann');
    await poll(() => rows(page, 'calendar-attendees').count()).toBe(1);
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
