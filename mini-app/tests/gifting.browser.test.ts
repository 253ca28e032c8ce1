import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, grant as grantThrough, launchChromium, openInTelegram } from './browser-harness.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// The built Mini App, opened in headless Chromium exactly as Telegram opens it: initData in the URL hash.
import { editionArtSvg } from '../../server/src/lib/edition-art.ts';

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
// The Bot API the server talks to: what the bot sends (answers from the inbox) is recorded here.
let telegram: FakeBotApi;
let base = '';
const OWNER = 700_001;

const open = (telegramId: number, firstName: string, username?: string) =>
  openInTelegram(browser, base, running.deps.config.botToken, telegramId, firstName, { username });
const grant = (telegramId: number, currency: 'POINTS' | 'TON', amount: bigint) => grantThrough(db, telegramId, currency, amount);

describe.runIf(canRunBrowser)('gifting a collectible in headless Chromium', () => {
  beforeAll(async () => {
    telegram = new FakeBotApi();
    const apiRoot = await telegram.start();
    db = await openTestDatabase();
    running = await startServer(
      testConfig({ DEMO_DATA: 'on', PORT: '0', HOST: '127.0.0.1', ADMIN_TELEGRAM_IDS: String(OWNER), JOBS: 'off', TELEGRAM_API_ROOT: apiRoot }),
      { db, logger: false },
    );
    base = running.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await telegram?.stop();
    telegram?.verify();
  });

  it('a collector gifts an edition to someone found by @username, after confirming; the picture is the NFT image', async () => {
    const dan = await open(700_202, 'Dan', 'dan_receives');
    await dan.close();
    const page = await open(700_201, 'Cora', 'cora_gives');
    await grant(700_201, 'POINTS', 1000n);
    const drop = await db.prisma.drop.findFirstOrThrow();
    await page.getByTestId('tab-collect').click();
    await page.getByTestId('collect-drops').click();
    await page.getByTestId(`drop-${drop.id}`).click();
    // The draw's fairness in words; the hash waits behind Details.
    await expect.poll(() => page.getByTestId('drop-fair').textContent()).toContain('secret number');
    expect(await page.getByTestId('drop-seed-hash').isVisible()).toBe(false);
    await page.getByTestId('drop-buy').click();
    await page.getByTestId('drop-pay-POINTS').click();
    await expect.poll(() => page.getByTestId('edition-title').textContent()).toBe('TON Critters #1');

    const e = await db.prisma.edition.findFirstOrThrow({ where: { number: 1 } });
    // Rarity reads as a percentage.
    await expect.poll(() => page.getByTestId('rarity-model').textContent()).toBe(`${e.modelPermille / 10}%`);
    // The picture on screen is the one the NFT metadata points to, byte for byte.
    const src = await page.getByTestId('edition-art').first().getAttribute('src');
    const served = await (await fetch(`${base}/nft/ton-critters/1.svg`)).text();
    expect(decodeURIComponent(src!.slice(src!.indexOf(',') + 1))).toBe(served);
    expect(served).toBe(editionArtSvg({ model: e.model, backdrop: e.backdrop, symbol: e.symbol }));

    await page.getByTestId('edition-gift').click();
    await page.getByTestId('gift-search').fill('@dan_r');
    await expect.poll(() => page.getByTestId('gift-recipient').count()).toBe(1);
    await expect.poll(() => page.getByTestId('gift-recipient').first().textContent()).toContain('@dan_receives');
    await page.getByTestId('gift-recipient').first().click();
    await expect.poll(() => page.getByTestId('gift-confirm-text').textContent()).toBe('TON Critters #1 to Dan (@dan_receives)');
    // Nothing has moved before the confirmation.
    expect((await db.prisma.edition.findUniqueOrThrow({ where: { id: e.id } })).ownerId).toBe(e.ownerId);
    await page.getByTestId('gift-message').fill('Enjoy!');
    await page.getByTestId('gift-confirm').click();
    await expect.poll(() => page.getByTestId('toast').first().textContent()).toContain('Sent to Dan');
    const dan2 = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 700_202n } });
    await expect.poll(async () => (await db.prisma.edition.findUniqueOrThrow({ where: { id: e.id } })).ownerId).toBe(dan2.id);
    await page.close();
  });
});
