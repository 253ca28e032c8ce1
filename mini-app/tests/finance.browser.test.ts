import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, freePort, launchChromium, widgetSignedFor, WIDGET } from './browser-harness.ts';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { settleStarsPayment } from '../../server/src/modules/payments/stars.ts';
import { settleTonTransfer } from '../../server/src/modules/payments/ton.ts';
import { runTonReturns } from '../../server/src/modules/payments/ton-return.ts';
import type { PayoutSender } from '../../server/src/modules/withdrawals/payout.ts';
import { expectLedgerSound } from '../../server/src/test/ledger-audit.ts';
import { appRouter } from '../../server/src/router.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { createCallerFactory } from '../../server/src/trpc.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// A finance admin at the console (/admin, signed in with the Login Widget, stubbed as in console.test.ts):
// finds a participant, adjusts their balance and refunds their Stars invoice, on a desk and on a phone.
const SHOTS = process.env.FINANCE_SCREENSHOTS;
const createCaller = createCallerFactory(appRouter);

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let telegram: FakeBotApi;
let base = '';


const as = (u: { telegramId: number; firstName: string }) =>
  createCaller({ deps: running.deps, authorization: `tma ${signInitData(running.deps.config.botToken, u, new Date())}` });

/** A participant who paid a Stars invoice, and a finance admin. */
async function scene(n: number, buyerName: string) {
  const buyer = { telegramId: 7700 + n, firstName: buyerName };
  const fay = { telegramId: 7800 + n, firstName: `Fay${n}` };
  await as(buyer).profile.me();
  await as(fay).profile.me();
  await db.prisma.participant.update({ where: { telegramId: BigInt(fay.telegramId) }, data: { role: 'FINANCE' } });
  const product = await db.prisma.product.create({
    data: { slug: `badge-${n}`, kind: 'ITEM', title: { en: `Badge ${n}`, ru: `Значок ${n}` }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'STARS', amount: 25n }] } },
  });
  const inv = await as(buyer).shop.buy({ productId: product.id, currency: 'STARS' });
  await settleStarsPayment(running.deps, buyer.telegramId, { currency: 'XTR', total_amount: 25, invoice_payload: inv.id, telegram_payment_charge_id: `charge-${n}` });
  return { buyer, fay, invoiceId: inv.id };
}

async function signIn(page: Page, fay: { telegramId: number; firstName: string }) {
  await page.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
  await page.route(WIDGET, (r) =>
    r.fulfill({ contentType: 'application/javascript', body: widgetSignedFor(running.deps.config.botToken, fay) }),
  );
  await page.goto(`${base}/admin`);
  await page.getByTestId('telegram-login-button').click();
  await poll(() => page.getByTestId('admin-role').textContent()).toBe('Finance');
}

/** Waits as a person would: the machine running the stories may be busy (a refund goes through the fake Bot API). */
const poll = <T,>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

const points = async (telegramId: number) =>
  (await db.prisma.account.findFirstOrThrow({ where: { participant: { telegramId: BigInt(telegramId) }, currency: 'POINTS' } })).balance;

describe.runIf(canRunBrowser)('a finance admin at the console', () => {
  beforeAll(async () => {
    telegram = new FakeBotApi();
    telegram.on('createInvoiceLink', () => 'https://t.me/$invoice');
    telegram.on('refundStarPayment', () => true);
    telegram.starBalance = { amount: 4321 };
    const apiRoot = await telegram.start();
    db = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await startServer(
      testConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, BOT_USERNAME: 'loyalty_test_bot', ADMIN_TELEGRAM_IDS: '7999', JOBS: 'off', TELEGRAM_API_ROOT: apiRoot }),
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

  for (const [n, viewport, buyerName] of [[1, { width: 1440, height: 900 }, 'Vera'], [2, { width: 390, height: 844 }, 'Nina']] as const) {
    it(`finds a participant, adjusts their balance and refunds their Stars invoice (${viewport.width}×${viewport.height})`, async () => {
      const { buyer, fay, invoiceId } = await scene(n, buyerName);
      const context = await browser.newContext({ viewport, locale: 'en-US' });
      const page = await context.newPage();
      await signIn(page, fay);

      await page.getByTestId('admin-finance').click();
      await poll(() => page.getByTestId('bot-stars').textContent()).toBe('4,321 ⭐');
      await page.getByTestId('accounts-search').fill(buyerName);
      const row = page.getByTestId('accounts').locator('tbody tr');
      await poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain(String(buyer.telegramId));

      // Credit 250 points with a reason.
      await page.getByTestId(`adjust-open-${buyer.telegramId}`).click();
      await page.getByTestId('adjust-amount').fill('250');
      await page.getByTestId('adjust-reason').fill('Prize for the meetup quiz');
      await page.getByTestId('adjust-submit').click();
      await poll(async () => (await row.first().textContent()) ?? '').toContain('250 ✦');
      expect(await points(buyer.telegramId)).toBe(250n);

      // A debit past the balance is refused and said so; nothing changes.
      await page.getByTestId(`adjust-open-${buyer.telegramId}`).click();
      await page.getByTestId('adjust-debit').click();
      await page.getByTestId('adjust-amount').fill('300');
      await page.getByTestId('adjust-reason').fill('Too much on purpose');
      await page.getByTestId('adjust-submit').click();
      await poll(() => page.getByTestId('adjust-error').textContent()).toBe('The balance is too low for this debit.');
      expect(await points(buyer.telegramId)).toBe(250n);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `story-finance-${viewport.width}.png`), fullPage: true });

      // Refund the Stars invoice from the Invoices table.
      await page.getByTestId('admin-invoices').click();
      await page.getByTestId('invoices-search').fill(buyerName);
      await page.getByTestId(`invoices-row-${invoiceId}`).click();
      await page.getByTestId('refund-reason').fill('Asked for a refund');
      await page.getByTestId(`refund-${invoiceId}`).click();
      await poll(() => page.getByTestId(`invoice-status-${invoiceId}`).textContent()).toBe('Refunded');
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `story-invoices-${viewport.width}.png`), fullPage: true });

      expect(telegram.acceptedOf('refundStarPayment').map((c) => [Number(c.params.user_id), c.params.telegram_payment_charge_id])).toContainEqual([buyer.telegramId, `charge-${n}`]);
      expect(await db.prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).toMatchObject({ status: 'REFUNDED' });
      expect(await db.prisma.auditLog.count({ where: { action: 'ledger.adjust', subjectId: String((await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(buyer.telegramId) } })).id) } })).toBe(1);
      await expectLedgerSound(db.prisma);
      await context.close();
    }, 120_000);
  }

  it('sends unmatched TON back to its sender and follows the return to the outgoing hash, or to why it failed (English and Russian)', async () => {
    const { fay } = await scene(4, 'Rita');
    const hashA = 'a1'.repeat(32);
    const hashB = 'b2'.repeat(32);
    for (const [hash, amount, lt] of [[hashA, 2_000_000_000n, 9001n], [hashB, 1_000_000_000n, 9002n]] as const) {
      await settleTonTransfer(running.deps, { hash, lt, time: new Date(), source: `0:${'5'.repeat(64)}`, amount, comment: 'no invoice', bounced: false, aborted: false });
    }
    // The payout worker's sender, as far as the console can tell: it sends, and finds what it sent.
    const sent: bigint[] = [];
    const wallet: PayoutSender = { seqno: async () => sent.length, send: async (p) => void sent.push(p.queryId), find: async (q) => (sent.includes(q) ? { hash: 'e7'.repeat(32) } : null) };
    const down: PayoutSender = { ...wallet, send: async () => { throw new Error('502 Bad Gateway'); } };
    // The worker running later than now (a send waits out its valid_until before it is tried again).
    const later = (s: number) => ({ ...running.deps, clock: { now: () => new Date(Date.now() + s * 1000) } });

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, fay);
    await page.getByTestId('admin-invoices').click();
    const a = hashA.slice(0, 12);
    await page.getByTestId(`ton-send-back-${a}`).click();
    await poll(() => page.getByTestId(`ton-return-status-${a}`).textContent()).toBe('To return');
    expect(await page.getByTestId(`ton-${a}`).count()).toBe(0);
    await runTonReturns(running.deps, wallet);
    await poll(() => page.getByTestId(`ton-return-status-${a}`).textContent()).toBe('Sending');
    await runTonReturns(running.deps, wallet);
    await poll(() => page.getByTestId(`ton-return-status-${a}`).textContent()).toBe('Returned');
    await poll(() => page.getByTestId(`ton-return-hash-${a}`).textContent()).toBe('e7'.repeat(32));

    // The other one never reaches the chain: after three sends the worker gives up and the console says why.
    const b = hashB.slice(0, 12);
    await page.getByTestId(`ton-send-back-${b}`).click();
    await poll(() => page.getByTestId(`ton-return-status-${b}`).textContent()).toBe('To return');
    for (const s of [0, 200, 400, 600]) await runTonReturns(later(s), down);
    await page.reload();
    await poll(() => page.getByTestId(`ton-return-status-${b}`).textContent()).toBe('Failed');
    expect(await page.getByTestId(`ton-return-reason-${b}`).textContent()).toContain('Not seen on chain after several sends');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'story-ton-returns-1440.png'), fullPage: true });

    const ru = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ru-RU' });
    const phone = await ru.newPage();
    await phone.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
    await phone.route(WIDGET, (r) => r.fulfill({ contentType: 'application/javascript', body: widgetSignedFor(running.deps.config.botToken, fay) }));
    await phone.goto(`${base}/admin`);
    await phone.getByTestId('telegram-login-button').click();
    await phone.getByTestId('admin-invoices').click();
    await poll(() => phone.getByTestId(`ton-return-status-${b}`).textContent()).toBe('Сбой');
    expect(await phone.getByTestId(`ton-return-reason-${b}`).textContent()).toContain('не видно в сети');
    expect(await phone.getByTestId(`ton-return-status-${a}`).textContent()).toBe('Возвращено');
    await ru.close();

    // Sent again from the console: this time it goes out and is confirmed.
    await page.getByTestId(`ton-return-retry-${b}`).click();
    await poll(() => page.getByTestId(`ton-return-status-${b}`).textContent()).toBe('To return');
    await runTonReturns(later(800), wallet);
    await runTonReturns(later(800), wallet);
    await poll(() => page.getByTestId(`ton-return-status-${b}`).textContent()).toBe('Returned');
    expect(sent).toHaveLength(2);
    expect((await db.prisma.tonTransfer.findMany({ where: { hash: { in: [hashA, hashB] } }, orderBy: { lt: 'asc' } })).map((r) => r.returnStatus)).toEqual(['RETURNED', 'RETURNED']);
    await expectLedgerSound(db.prisma);
    await context.close();
  }, 120_000);

  it.runIf(!!SHOTS)('screenshots of the three sections: desk and phone, light and dark, English and Russian', async () => {
    mkdirSync(SHOTS!, { recursive: true });
    const { fay } = await scene(3, 'Olga');
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const locale of ['en-US', 'ru-RU']) {
          const context = await browser.newContext({ viewport, colorScheme, locale });
          const page = await context.newPage();
          await page.route((url) => url.hostname !== '127.0.0.1', (r) => r.abort());
          await page.route(WIDGET, (r) =>
            r.fulfill({ contentType: 'application/javascript', body: widgetSignedFor(running.deps.config.botToken, fay) }),
          );
          await page.goto(`${base}/admin`);
          await page.getByTestId('telegram-login-button').click();
          await page.getByTestId('admin-role').waitFor();
          for (const section of ['finance', 'invoices', 'orders']) {
            await page.getByTestId(`admin-${section}`).click();
            const table = section === 'finance' ? 'accounts' : section;
            await page.getByTestId(table).locator('tbody tr').first().waitFor();
            await page.screenshot({ path: join(SHOTS!, `${section}-${viewport.width}-${colorScheme}-${locale.slice(0, 2)}.png`), fullPage: true });
          }
          await context.close();
        }
      }
    }
  }, 300_000);
});
