import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, freePort, grant, launchChromium, widgetSignedFor, WIDGET } from './browser-harness.ts';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { settleStarsPayment } from '../../server/src/modules/payments/stars.ts';
import { requestWithdrawal } from '../../server/src/modules/withdrawals/service.ts';
import { receive } from '../../server/src/modules/dialogs/service.ts';
import { auditLedger, isBalanced } from '../../server/src/modules/ledger/queries.ts';
import { appRouter } from '../../server/src/router.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { createCallerFactory } from '../../server/src/trpc.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// The back office as a console (/admin, the Login Widget stubbed as in console.test.ts): the sidebar on a
// desk and the wrapping picker on a phone, deep links in the URL's hash, and every table filtered, sorted
// and exported. SHOTS=<dir> also writes screenshots, light and dark.
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const OWNER = { telegramId: 7900, firstName: 'Olga' };
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

/** A participant who paid a Stars invoice and bought with points, asked to withdraw TON, and opened a few screens. */
async function scene(n: number, buyerName: string) {
  const buyer = { telegramId: 7700 + n, firstName: buyerName };
  await as(buyer).profile.me();
  const product = await db.prisma.product.create({
    data: { slug: `badge-${n}`, kind: 'ITEM', title: { en: `Badge ${n}`, ru: `Значок ${n}` }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 25n }, { currency: 'POINTS', amount: 10n }] } },
  });
  const inv = await as(buyer).shop.buy({ productId: product.id, currency: 'STARS' });
  await settleStarsPayment(running.deps, buyer.telegramId, { currency: 'XTR', total_amount: 25, invoice_payload: inv.id, telegram_payment_charge_id: `charge-${n}` });
  await grant(db, buyer.telegramId, 'POINTS', 40n);
  await as(buyer).shop.buy({ productId: product.id, currency: 'POINTS' });
  const p = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(buyer.telegramId) } });
  await db.prisma.wallet.create({ data: { participantId: p.id, address: `0:${String(n).repeat(64).slice(0, 64)}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
  await grant(db, buyer.telegramId, 'TON', 3_000_000_000n);
  const w = await requestWithdrawal(running.deps, p, 1_000_000_000n);
  const now = Date.now();
  await as(buyer).analytics.track({ events: [{ screen: 'home', at: new Date(now - 2000).toISOString() }, { screen: 'shop', from: 'home', at: new Date(now - 1000).toISOString() }] });
  return { buyer, invoiceId: inv.id, withdrawalId: w.id };
}

/** A month behind the screenshots, written straight into the tables the overview's days are read from. */
async function history(days: number) {
  const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  for (let k = days; k >= 1; k--) {
    const day = today - k * 86_400_000;
    const joined = 1 + ((k * 7) % 5);
    for (let j = 0; j < joined; j++) {
      const at = new Date(day + (9 + j) * 3_600_000);
      const p = await db.prisma.participant.create({ data: { telegramId: BigInt(900_000 + k * 10 + j), firstName: `Past ${k}.${j}`, referralCode: `past-${k}-${j}`, createdAt: at, lastSeenAt: at } });
      await db.prisma.screenView.create({ data: { participantId: p.id, screen: 'home', at } });
      if ((k + j) % 3 === 0) await db.prisma.invoice.create({ data: { id: `past-${k}-${j}`, participantId: p.id, purpose: 'product:1', currency: 'STARS', amount: BigInt(25 * (1 + j)), paidAmount: BigInt(25 * (1 + j)), status: 'PAID', expiresAt: at, paidAt: at, createdAt: at } });
      if ((k + j) % 4 === 0) {
        const d = await db.prisma.dialog.create({ data: { participantId: p.id, status: 'CLOSED', lastMessageAt: at, createdAt: at } });
        await db.prisma.dialogConversation.create({ data: { dialogId: d.id, openedAt: at, closedAt: new Date(at.getTime() + 3_600_000) } });
      }
    }
  }
}

async function signIn(context: BrowserContext, viewport: { width: number }) {
  const page = await context.newPage();
  await page.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
  await page.route(WIDGET, (r) =>
    r.fulfill({ contentType: 'application/javascript', body: widgetSignedFor(running.deps.config.botToken, OWNER) }),
  );
  await page.goto(`${base}/admin`);
  await page.getByTestId('telegram-login-button').click();
  await poll(() => page.getByTestId('admin-role').textContent()).toBe('Owner');
  expect(await page.getByTestId(viewport.width >= 900 ? 'admin-sidebar' : 'admin-picker').count()).toBe(1);
  return page;
}

const hash = (page: Page) => page.evaluate(() => location.hash);
const points = async (telegramId: number) =>
  (await db.prisma.account.findFirstOrThrow({ where: { participant: { telegramId: BigInt(telegramId) }, currency: 'POINTS' } })).balance;

/** Presses the table's CSV button and reads what was downloaded. */
async function exportCsv(page: Page, table: string): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${table}-csv`).click()]);
  const text = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
  return text.trim().split('\r\n').map((line) => line.split(','));
}

/** Waits for what a person would wait for: the machine running the stories may be busy. */
const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const rows = (page: Page, table: string) => page.getByTestId(table).locator('tbody tr');

describe.runIf(canRunBrowser)('the back office as a console', () => {
  beforeAll(async () => {
    telegram = new FakeBotApi();
    telegram.on('createInvoiceLink', () => 'https://t.me/$invoice');
    telegram.on('refundStarPayment', () => true);
    const apiRoot = await telegram.start();
    db = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await startServer(
      testConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, BOT_USERNAME: 'loyalty_test_bot', ADMIN_TELEGRAM_IDS: String(OWNER.telegramId), JOBS: 'off', TELEGRAM_API_ROOT: apiRoot }),
      { db, logger: false },
    );
    await as(OWNER).profile.me();
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await telegram?.stop();
  });

  for (const [n, viewport, buyerName] of [[1, DESK, 'Vera'], [2, PHONE, 'Nina']] as const) {
    it(`finds a participant, opens their link, adjusts their balance and refunds their Stars invoice (${viewport.width}×${viewport.height})`, async () => {
      const { buyer, invoiceId } = await scene(n, buyerName);
      const context = await browser.newContext({ viewport, locale: 'en-US' });
      const page = await signIn(context, viewport);

      if (viewport.width >= 900) {
        // The sidebar: the overview, then the groups, each section only once.
        for (const g of ['people', 'money', 'content', 'analytics', 'system']) expect(await page.getByTestId(`admin-group-${g}`).count(), g).toBe(1);
        expect(await page.getByTestId('admin-group-money').textContent()).toContain('Invoices');
      } else {
        // The phone's picker wraps: no section is cut off at the screen's edge.
        const links = page.getByTestId('admin-picker').locator('a');
        expect(await links.count()).toBe((await as(OWNER).admin.sections()).sections.length);
        for (const box of await links.evaluateAll((as) => as.map((a) => a.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(viewport.width);
      }

      // The overview's Stars revenue opens the paid Stars invoices.
      await page.getByTestId('revenue-STARS').click();
      await poll(() => hash(page)).toBe('#/invoices?status=PAID&currency=STARS');
      await poll(() => page.getByTestId(`invoice-status-${invoiceId}`).textContent()).toBe('Paid');

      // Find the participant by search; their card is a link of its own, which survives a reload.
      await page.getByTestId('admin-people').click();
      await page.getByTestId('people-search').fill(buyerName);
      const row = page.getByTestId('person-row').filter({ hasText: buyerName });
      await poll(() => row.count()).toBe(1);
      await poll(() => hash(page)).toBe(`#/people?q=${buyerName}`);
      await row.click();
      await poll(() => hash(page)).toBe(`#/people/${buyer.telegramId}`);
      await page.reload();
      await poll(() => page.getByTestId('person-name').textContent()).toBe(buyerName);
      // Back returns to the list as it was left: the search kept.
      await page.goBack();
      await poll(() => hash(page)).toBe(`#/people?q=${buyerName}`);
      expect(await page.getByTestId('people-search').inputValue()).toBe(buyerName);

      // Adjust the balance in Finance: the ledger moves, and says so.
      await page.getByTestId('admin-finance').click();
      await page.getByTestId('accounts-search').fill(buyerName);
      await poll(() => rows(page, 'accounts').count()).toBe(1);
      const before = await points(buyer.telegramId);
      await page.getByTestId(`adjust-open-${buyer.telegramId}`).click();
      await page.getByTestId('adjust-amount').fill('250');
      await page.getByTestId('adjust-reason').fill('Prize for the meetup quiz');
      await page.getByTestId('adjust-submit').click();
      await poll(() => points(buyer.telegramId)).toBe(before + 250n);
      const participant = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(buyer.telegramId) } });
      expect(await db.prisma.auditLog.count({ where: { action: 'ledger.adjust', subjectId: String(participant.id) } })).toBe(1);

      // The invoice's own link opens it; refunding goes through Telegram's refundStarPayment.
      await page.goto(`${base}/admin#/invoices/${invoiceId}`);
      await page.getByTestId(`invoice-detail-${invoiceId}`).waitFor();
      await page.getByTestId('refund-reason').fill('Asked for a refund');
      await page.getByTestId(`refund-${invoiceId}`).click();
      await poll(() => page.getByTestId(`invoice-status-${invoiceId}`).textContent()).toBe('Refunded');
      expect(telegram.acceptedOf('refundStarPayment').map((c) => [Number(c.params.user_id), c.params.telegram_payment_charge_id])).toContainEqual([buyer.telegramId, `charge-${n}`]);
      expect(await db.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({ status: 'REFUNDED' });
      const audit = await auditLedger(db.prisma);
      expect(isBalanced(audit), JSON.stringify(audit.sums)).toBe(true);
      await context.close();
    }, 180_000);
  }

  it('filters, sorts and exports every table', async () => {
    const { buyer, invoiceId, withdrawalId } = await scene(3, 'Zoe');
    await scene(4, 'Adam');
    await as(OWNER).admin.mailings.create({ title: 'Spring news', category: 'NEWS', variants: [{ text: { en: 'Hello' } }] });
    await as(OWNER).admin.mailings.create({ title: 'Autumn offers', category: 'OFFERS', variants: [{ text: { en: 'Deals' } }] });
    const context = await browser.newContext({ viewport: DESK, locale: 'en-US' });
    const page = await signIn(context, DESK);
    const col = (csv: string[][], name: string) => csv.slice(1).map((r) => r[csv[0].indexOf(name)]);

    // People: by role, sorted by name, exported.
    await page.goto(`${base}/admin#/people`);
    await page.getByTestId('people-role').selectOption('OWNER');
    await poll(() => page.getByTestId('person-row').count()).toBe(1);
    await page.getByTestId('people-role').selectOption('');
    await poll(() => page.getByTestId('person-row').count()).toBe(5);
    await page.getByTestId('people-sort-name').click();
    await poll(() => hash(page)).toBe('#/people?sort=name.desc');
    await page.getByTestId('people-sort-name').click();
    await poll(() => hash(page)).toBe('#/people?sort=name.asc');
    await poll(async () => (await page.getByTestId('person-row').first().textContent()) ?? '').toContain('Adam');
    const people = await exportCsv(page, 'people');
    expect(people[0]).toEqual(['Name', 'Username', 'Telegram id', 'Role', 'Tags', 'Joined', 'Last seen']);
    expect(col(people, 'Name')).toEqual(['Adam', 'Nina', 'Olga', 'Vera', 'Zoe']);

    // Finance accounts: TON, sorted by balance, exported.
    await page.goto(`${base}/admin#/finance`);
    await page.getByTestId('accounts-currency').selectOption('TON');
    await page.getByTestId('accounts-search').fill('Zoe');
    await poll(() => rows(page, 'accounts').count()).toBe(1);
    await page.getByTestId('accounts-search').fill('');
    await poll(() => rows(page, 'accounts').count()).toBe(5);
    await page.getByTestId('accounts-sort-name').click();
    await poll(() => hash(page)).toContain('sort=name.desc');
    const accounts = await exportCsv(page, 'accounts');
    expect(col(accounts, 'Name')).toEqual(['Zoe', 'Vera', 'Olga', 'Nina', 'Adam']);
    expect(accounts.find((r) => r[0] === 'Zoe')![2]).toBe(String(buyer.telegramId));

    // Invoices: paid Stars ones, sorted by amount, exported.
    await page.goto(`${base}/admin#/invoices`);
    await page.getByTestId('invoices-status').selectOption('PAID');
    await page.getByTestId('invoices-currency').selectOption('STARS');
    await poll(() => rows(page, 'invoices').count()).toBe(2);
    await page.getByTestId('invoices-sort-amount').click();
    await poll(() => hash(page)).toBe('#/invoices?status=PAID&currency=STARS&sort=amount.desc');
    const invoices = await exportCsv(page, 'invoices');
    expect(invoices.length).toBe(3);
    expect(col(invoices, 'Status')).toEqual(['PAID', 'PAID']);
    expect(col(invoices, 'Invoice')).toContain(invoiceId);

    // Orders: paid with points, sorted by price, exported.
    await page.goto(`${base}/admin#/orders`);
    await page.getByTestId('orders-search').fill('Zoe');
    await poll(() => rows(page, 'orders').count()).toBe(2);
    await page.getByTestId('orders-sort-price').click();
    await poll(() => hash(page)).toBe('#/orders?q=Zoe&sort=price.desc');
    const orders = await exportCsv(page, 'orders');
    expect(col(orders, 'Amount')).toEqual(['25 STARS', '10 POINTS']);

    // Withdrawals: the queue, found by name, sorted by amount, exported; the request's own link.
    await page.goto(`${base}/admin#/withdrawals`);
    await poll(() => rows(page, 'withdrawals').count()).toBe(4);
    await page.getByTestId('withdrawals-search').fill('Zoe');
    await poll(() => rows(page, 'withdrawals').count()).toBe(1);
    await page.getByTestId('withdrawals-sort-amount').click();
    await poll(() => hash(page)).toBe('#/withdrawals?q=Zoe&sort=amount.desc');
    const withdrawals = await exportCsv(page, 'withdrawals');
    expect(withdrawals.slice(1).map((r) => r[0])).toEqual([String(withdrawalId)]);
    expect(col(withdrawals, 'Amount')).toEqual(['1000000000 TON']);
    await page.goto(`${base}/admin#/withdrawals/${withdrawalId}`);
    await page.getByTestId(`withdrawal-detail-${withdrawalId}`).waitFor();
    expect(await rows(page, 'withdrawals').first().textContent()).toContain('Zoe');

    // Mailings: by category, sorted by title, exported.
    await page.goto(`${base}/admin#/mailings`);
    await poll(() => rows(page, 'mailings').count()).toBe(2);
    await page.getByTestId('mailings-category').selectOption('OFFERS');
    await poll(() => rows(page, 'mailings').count()).toBe(1);
    await page.getByTestId('mailings-category').selectOption('');
    await page.getByTestId('mailings-sort-title').click();
    await poll(() => hash(page)).toBe('#/mailings?sort=title.desc');
    await page.getByTestId('mailings-sort-title').click();
    await poll(() => hash(page)).toBe('#/mailings?sort=title.asc');
    const mailings = await exportCsv(page, 'mailings');
    expect(col(mailings, 'Title')).toEqual(['Autumn offers', 'Spring news']);

    // Analytics: the screens table searched, sorted and exported in the browser.
    await page.goto(`${base}/admin#/analytics`);
    await poll(() => rows(page, 'top-screens').count()).toBe(2);
    await page.getByTestId('top-screens-search').fill('sho');
    await poll(() => rows(page, 'top-screens').count()).toBe(1);
    await page.getByTestId('top-screens-search').fill('');
    await poll(() => rows(page, 'top-screens').count()).toBe(2);
    await page.getByTestId('top-screens-sort-screen').click();
    await poll(() => hash(page)).toBe('#/analytics?sort=screen.desc');
    await page.getByTestId('top-screens-sort-screen').click();
    await poll(() => hash(page)).toBe('#/analytics?sort=screen.asc');
    const screens = await exportCsv(page, 'top-screens');
    expect(screens).toEqual([['Screen', 'Views', 'People'], ['home', '4', '4'], ['shop', '4', '4']]);
    // The products table: found by name, then sorted by it both ways.
    await page.goto(`${base}/admin#/analytics?view=products`);
    const names = () => page.getByTestId('products').locator('tbody tr td:first-child').allTextContents();
    await poll(() => rows(page, 'products').count()).toBe(4);
    await page.getByTestId('products-search').fill('badge 3');
    await poll(names).toEqual(['Badge 3']);
    await page.getByTestId('products-search').fill('');
    await page.getByTestId('products-sort-product').click();
    await poll(() => hash(page)).toBe('#/analytics?view=products&sort=product.desc');
    await poll(names).toEqual(['Badge 4', 'Badge 3', 'Badge 2', 'Badge 1']);
    await page.getByTestId('products-sort-product').click();
    await poll(names).toEqual(['Badge 1', 'Badge 2', 'Badge 3', 'Badge 4']);
    const products = await exportCsv(page, 'products');
    expect(products[0]).toEqual(['Product', 'Sales', 'Buyers', 'Conversion', 'Revenue']);
    expect(products.length).toBe(5);
    await context.close();
  }, 240_000);

  it('draws each figure\'s days on the overview, and opens a conversation, a task, a product, a post and an event by their links', async () => {
    const { buyer } = await scene(5, 'Lena');
    const lena = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(buyer.telegramId) } });
    await receive(running.deps, lena.id, { telegramMessageId: 1, text: 'Where is my badge?' });
    const dialog = await db.prisma.dialog.findUniqueOrThrow({ where: { participantId: lena.id } });
    const task = await db.prisma.task.create({ data: { slug: 'desk-checkin', type: 'DAILY_CHECKIN', period: 'DAILY', title: { en: 'Desk check-in', ru: 'Отметка' }, description: { en: '', ru: '' }, reward: 5n } });
    const product = await db.prisma.product.findUniqueOrThrow({ where: { slug: 'badge-5' } });
    const post = await as(OWNER).admin.news.save({ kind: 'NEWS', title: { en: 'Desk notes' }, body: { en: 'Written at the desk.' } });
    const event = await db.prisma.outboxEvent.findFirstOrThrow({ where: { type: 'withdrawal.requested' }, orderBy: { id: 'desc' } });
    const context = await browser.newContext({ viewport: DESK, locale: 'en-US' });
    const page = await signIn(context, DESK);

    // Each figure with its last 30 days drawn under it, today's activity in the last point.
    for (const key of ['new', 'dau', 'claims', 'participants', 'pending', 'dialogs', 'revenue-STARS']) {
      const chart = page.getByTestId(`trend-${key}`);
      await poll(() => chart.getAttribute('data-points')).toBe('30');
      await poll(() => chart.locator('.recharts-area-curve').count()).toBe(1);
    }
    const trends = await as(OWNER).admin.overview.trends({ days: 30 });
    expect(trends.daily.at(-1)).toMatchObject({ dialogs: 1, revenue: expect.objectContaining({ STARS: expect.any(String) }) });
    expect(Number(trends.daily.at(-1)!.withdrawals)).toBeGreaterThanOrEqual(1);
    // A week instead: the window is the route's, so it survives a reload.
    await page.getByTestId('trend-days-7').click();
    await poll(() => hash(page)).toBe('#/overview?days=7');
    await page.reload();
    await poll(() => page.getByTestId('trend-new').getAttribute('data-points')).toBe('7');
    // The figure is still the link to its section.
    await page.getByTestId('figure-pending').click();
    await poll(() => hash(page)).toBe('#/withdrawals?status=REQUESTED');
    await poll(() => rows(page, 'withdrawals').filter({ hasText: 'Lena' }).count()).toBe(1);

    // The inbox: a conversation opened from the list is its own link; back returns to the list.
    await page.getByTestId('admin-inbox').click();
    await page.getByTestId('dialog-item').filter({ hasText: 'Lena' }).click();
    await poll(() => hash(page)).toBe(`#/inbox/${dialog.id}`);
    await poll(() => page.getByTestId('dialog-thread').textContent()).toContain('Where is my badge?');
    await page.goBack();
    await poll(() => hash(page)).toBe('#/inbox');
    await poll(() => page.getByTestId('dialog-item').filter({ hasText: 'Lena' }).count()).toBe(1);
    // Opened straight from its address, it survives a reload; its back button lands on the list.
    await page.goto(`${base}/admin#/inbox/${dialog.id}`);
    await page.reload();
    await poll(() => page.getByTestId('dialog-thread').textContent()).toContain('Where is my badge?');
    await page.getByTestId('dialog-back').click();
    await poll(() => hash(page)).toBe('#/inbox');

    // A task's editor by its address; back to the list; the list's Schedule button opens it again.
    await page.goto(`${base}/admin#/tasks/${task.id}`);
    await page.reload();
    await page.getByTestId('task-edit-desk-checkin').waitFor();
    expect(await page.getByTestId('task-new').count()).toBe(0);
    await page.getByTestId('task-back').click();
    await poll(() => hash(page)).toBe('#/tasks');
    await page.getByTestId('task-edit-open-desk-checkin').click();
    await poll(() => hash(page)).toBe(`#/tasks/${task.id}`);
    await page.getByTestId('task-starts').fill('2030-01-01T10:00');
    await page.getByTestId('task-schedule-save-desk-checkin').click();
    await poll(() => hash(page)).toBe('#/tasks');
    expect((await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).startsAt).not.toBeNull();

    // A product, a post and an outbox event, each by its address and after a reload.
    await page.goto(`${base}/admin#/shop/${product.id}`);
    await page.reload();
    await poll(() => page.getByTestId('product-title').textContent()).toBe('Badge 5');
    expect(await page.locator('[data-testid^="admin-product-"]').count()).toBe(1);
    await page.getByTestId('product-back').click();
    await poll(() => hash(page)).toBe('#/shop');
    await page.getByTestId('product-new').waitFor();
    await page.getByTestId('product-open-badge-5').click();
    await poll(() => hash(page)).toBe(`#/shop/${product.id}`);
    await page.goBack();
    await poll(() => hash(page)).toBe('#/shop');

    await page.goto(`${base}/admin#/news/${post.id}`);
    await page.reload();
    await poll(() => page.getByTestId('news-title-en').inputValue()).toBe('Desk notes');
    await page.getByTestId('news-back').click();
    await poll(() => hash(page)).toBe('#/news');
    await page.getByTestId(`news-post-${post.id}`).click();
    await poll(() => hash(page)).toBe(`#/news/${post.id}`);

    await page.goto(`${base}/admin#/events/${event.id}`);
    await page.reload();
    await page.getByTestId(`event-${event.id}`).waitFor();
    expect(await page.locator('.card[data-testid^="event-"]').count()).toBe(1);
    await page.getByTestId('events-show-all').click();
    await poll(() => hash(page)).toBe('#/events');

    // Sessions are a list: its address opens it, and a reload keeps it.
    await page.goto(`${base}/admin#/sessions`);
    await page.reload();
    await poll(() => page.getByTestId('session-current').count()).toBe(1);
    await context.close();
  }, 240_000);

  it.runIf(!!SHOTS)('screenshots: desk and phone, light and dark', async () => {
    mkdirSync(SHOTS!, { recursive: true });
    await scene(9, 'Mila');
    await scene(10, 'Ilya');
    await history(30);
    for (const viewport of [DESK, PHONE]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, colorScheme, locale: 'en-US' });
        const page = await signIn(context, viewport);
        for (const route of ['overview', 'people', 'invoices', 'withdrawals']) {
          await page.goto(`${base}/admin#/${route}`);
          await page.waitForTimeout(1200);
          await page.screenshot({ path: join(SHOTS!, `console-${route}-${viewport.width}-${colorScheme}.png`), fullPage: viewport.width < 900 });
        }
        await context.close();
      }
    }
  }, 300_000);
});
