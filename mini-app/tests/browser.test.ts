import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, grant as grantThrough, launchChromium, openInTelegram } from './browser-harness.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

// The built Mini App, opened in headless Chromium exactly as Telegram opens it: initData in the URL hash.

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
// The Bot API the server talks to: what the bot sends (answers from the inbox) is recorded here.
let telegram: FakeBotApi;
let base = '';
const OWNER = 700_001;

const open = (telegramId: number, firstName: string, startParam?: string) =>
  openInTelegram(browser, base, running.deps.config.botToken, telegramId, firstName, { startParam });
const grant = (telegramId: number, currency: 'POINTS' | 'TON', amount: bigint) => grantThrough(db, telegramId, currency, amount);

describe.runIf(canRunBrowser)('the Mini App in headless Chromium', () => {
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

  it('a participant checks in for the day and watches the points arrive', async () => {
    const page = await open(700_101, 'Irina');
    await expect.poll(() => page.getByTestId('balance-POINTS').textContent()).toBe('0');
    await page.getByTestId('checkin').click();
    await expect.poll(() => page.getByTestId('toast').first().textContent()).toContain('+50 points');
    await expect.poll(() => page.getByTestId('balance-POINTS').textContent()).toBe('50');
    await expect.poll(() => page.getByTestId('streak').textContent()).toContain('1 day in a row');
    await expect.poll(() => page.getByTestId('checkin').isDisabled()).toBe(true);
    await page.getByTestId('tab-leaderboard').click();
    await expect.poll(() => page.getByTestId('leaderboard-me').textContent()).toContain('50');
    await page.close();
  });

  it('a participant buys a points pack with points and sees the balance and the order', async () => {
    await db.prisma.product.create({
      data: { slug: 'pack-for-points', kind: 'POINTS_PACK', title: { en: 'Mega pack', ru: 'Мега-пакет' }, description: { en: '1000 points', ru: '1000 баллов' }, prices: { create: [{ currency: 'POINTS', amount: 300n }] }, pointsAmount: 1000n, sortOrder: -1 },
    });
    const page = await open(700_102, 'Pavel');
    await grant(700_102, 'POINTS', 500n);
    await page.getByTestId('tab-shop').click();
    await page.getByTestId('buy-pack-for-points').click();
    await page.getByTestId('pay-POINTS').click();
    await expect.poll(() => page.getByTestId('toast').first().textContent()).toContain('Mega pack');
    await expect.poll(() => page.getByTestId('shop-balance-POINTS').textContent()).toContain('1,200');
    await page.getByTestId('open-orders').click();
    await expect.poll(() => page.getByTestId('order-row').first().textContent()).toContain('Mega pack');
    await expect.poll(() => page.getByTestId('order-row').first().textContent()).toContain('Delivered');
    await page.close();
  });

  it('an admin approves a pending withdrawal in the back office', async () => {
    const page0 = await open(700_103, 'Wanda');
    await page0.close();
    const wanda = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 700_103n } });
    await db.prisma.wallet.create({ data: { participantId: wanda.id, address: `0:${'d'.repeat(64)}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
    await grant(700_103, 'TON', 3_000_000_000n);
    const { requestWithdrawal } = await import('../../server/src/modules/withdrawals/service.ts');
    const w = await requestWithdrawal(running.deps, wanda, 1_000_000_000n);

    const page = await open(OWNER, 'Owner');
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-withdrawals').click();
    await expect.poll(() => page.getByTestId(`withdrawal-${w.id}`).textContent()).toContain('Wanda');
    await page.getByTestId(`approve-${w.id}`).click();
    await expect.poll(() => page.getByTestId('toast').first().textContent()).toContain('Approved');
    await expect.poll(async () => (await db.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } })).status).toBe('APPROVED');
    await page.close();
  });

  it('an admin adds a quiz in the back office, participants see it, and switching it off takes it away', async () => {
    const admin = await open(OWNER, 'Owner');
    await admin.getByTestId('tab-profile').click();
    await admin.getByTestId('open-admin').click();
    await admin.getByTestId('admin-tasks').click();
    await admin.getByTestId('task-new').click();
    await admin.getByTestId('task-type').selectOption('QUIZ');
    await admin.getByTestId('task-slug').fill('ton-quiz');
    await admin.getByTestId('task-title-en').fill('What powers TON?');
    await admin.getByTestId('task-reward').fill('75');
    await admin.getByTestId('task-question-en').fill('Name the coin');
    await admin.getByTestId('task-answers').fill('Toncoin, TON');
    await admin.getByTestId('task-save').click();
    await expect.poll(() => admin.getByTestId('toast').first().textContent()).toContain('Task created');
    await expect.poll(() => admin.getByTestId('admin-task-ton-quiz').textContent()).toContain('What powers TON?');
    const created = await db.prisma.task.findUniqueOrThrow({ where: { slug: 'ton-quiz' } });
    expect(created).toMatchObject({ type: 'QUIZ', reward: 75n, active: true, config: { answers: ['Toncoin', 'TON'] } });

    const player = await open(700_105, 'Quinn');
    await player.getByTestId('tab-tasks').click();
    await expect.poll(() => player.getByTestId('task-ton-quiz').textContent()).toContain('What powers TON?');

    await admin.getByTestId('toggle-ton-quiz').click();
    await expect.poll(() => admin.getByTestId('toggle-ton-quiz').textContent()).toBe('Switch on');
    await player.reload();
    await player.getByTestId('balance-POINTS').waitFor();
    await player.getByTestId('tab-tasks').click();
    await player.getByTestId('task-action-daily-checkin').waitFor();
    expect(await player.getByTestId('task-ton-quiz').count()).toBe(0);
    await admin.close();
    await player.close();
  });

  it('an admin restocks a product and switches another off; the shop follows', async () => {
    const admin = await open(OWNER, 'Owner');
    await admin.getByTestId('tab-profile').click();
    await admin.getByTestId('open-admin').click();
    await admin.getByTestId('admin-shop').click();
    await admin.getByTestId('restock-sticker-pack').click();
    await admin.getByTestId('restock-input').fill('7');
    await admin.getByTestId('restock-save').click();
    await expect.poll(() => admin.getByTestId('admin-product-sticker-pack').textContent()).toContain('7 left');
    await admin.getByTestId('toggle-product-vip-badge').click();
    await expect.poll(() => admin.getByTestId('toggle-product-vip-badge').textContent()).toBe('Switch on');
    expect(await db.prisma.product.findUniqueOrThrow({ where: { slug: 'sticker-pack' } })).toMatchObject({ stock: 7, active: true });
    expect(await db.prisma.product.findUniqueOrThrow({ where: { slug: 'vip-badge' } })).toMatchObject({ active: false });

    const buyer = await open(700_106, 'Rita');
    await buyer.getByTestId('tab-shop').click();
    await buyer.getByTestId('product-sticker-pack').waitFor();
    expect(await buyer.getByTestId('product-vip-badge').count()).toBe(0);
    await admin.close();
    await buyer.close();
  });

  it('a participant switches offers on in the profile, and after a reload the switches show what the server keeps', async () => {
    const page = await open(700_107, 'Olga');
    await page.getByTestId('tab-profile').click();
    // The defaults: news and events on, offers off.
    await expect.poll(() => page.getByTestId('consent-OFFERS').isChecked()).toBe(false);
    expect(await page.getByTestId('consent-NEWS').isChecked()).toBe(true);
    expect(await page.getByTestId('consent-EVENTS').isChecked()).toBe(true);
    await page.getByTestId('consent-OFFERS').click();
    await expect.poll(() => page.getByTestId('consent-OFFERS').isChecked()).toBe(true);
    const olga = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 700_107n } });
    await expect
      .poll(async () => (await db.prisma.mailingConsent.findUnique({ where: { participantId_category: { participantId: olga.id, category: 'OFFERS' } } }))?.granted)
      .toBe(true);

    // Meanwhile events are switched off elsewhere: after the reload the page shows the server's state, not its own memory.
    await db.prisma.mailingConsent.create({ data: { participantId: olga.id, category: 'EVENTS', granted: false, updatedAt: new Date() } });
    await page.reload();
    await page.getByTestId('balance-POINTS').waitFor();
    await page.getByTestId('tab-profile').click();
    await expect.poll(() => page.getByTestId('consent-OFFERS').isChecked()).toBe(true);
    expect(await page.getByTestId('consent-EVENTS').isChecked()).toBe(false);
    expect(await page.getByTestId('consent-NEWS').isChecked()).toBe(true);
    await page.close();
  });

  it('an admin reads what a participant wrote to the bot in the Inbox and answers; the bot delivers the answer', async () => {
    const page0 = await open(700_108, 'Tanya');
    await page0.close();
    const tanya = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 700_108n } });
    // What the bot does with a private message nobody else handles.
    const { receive } = await import('../../server/src/modules/dialogs/service.ts');
    await receive(running.deps, tanya.id, { telegramMessageId: 41, text: 'Hi! My streak was reset although I checked in yesterday.' });

    const page = await open(OWNER, 'Owner');
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-inbox').click();
    const row = page.getByTestId('dialog-item').filter({ hasText: 'Tanya' });
    await expect.poll(() => row.textContent()).toContain('My streak was reset');
    expect(await row.getByTestId('dialog-unread').textContent()).toBe('1');
    await row.click();
    await expect.poll(() => page.getByTestId('dialog-message-in').last().textContent()).toContain('My streak was reset although I checked in yesterday.');
    // Opening it marks it read.
    await expect.poll(async () => (await db.prisma.dialog.findUniqueOrThrow({ where: { participantId: tanya.id } })).unread).toBe(0);

    expect(await page.getByTestId('dialog-send').isDisabled()).toBe(true);
    await page.getByTestId('dialog-reply').fill('Sorry about that! Your streak is restored.');
    await page.getByTestId('dialog-send').click();
    await expect.poll(() => page.getByTestId('dialog-message-out').last().textContent()).toContain('Sorry about that! Your streak is restored.');
    await expect.poll(() => page.getByTestId('dialog-status').textContent()).toBe('Answered');
    expect(await page.getByTestId('dialog-reply').inputValue()).toBe('');
    const sent = telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === 700_108);
    expect(sent.map((c) => c.params.text)).toEqual(['Sorry about that! Your streak is restored.']);
    expect(await db.prisma.dialog.findUniqueOrThrow({ where: { participantId: tanya.id } })).toMatchObject({ status: 'ANSWERED', unread: 0 });
    await page.close();
  });

  it('an admin opens a participant\'s card from People, tags them and writes a note; both are there when the card is opened again', async () => {
    const page0 = await open(700_109, 'Nadia');
    await page0.close();
    const nadia = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 700_109n } });

    const page = await open(OWNER, 'Owner');
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-people').click();
    await page.getByTestId('people-search').fill('Nadia');
    const row = page.getByTestId('person-row').filter({ hasText: 'Nadia' });
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    await expect.poll(() => page.getByTestId('person-card').textContent()).toContain('700109');

    // Typed as a person would; the server keeps it in lower case with dashes.
    expect(await page.getByTestId('tag-add').isDisabled()).toBe(true);
    await page.getByTestId('tag-input').fill('VIP Club');
    await page.getByTestId('tag-add').click();
    await expect.poll(() => page.getByTestId('person-tag').allTextContents()).toEqual(['vip-club×']);
    expect(await page.getByTestId('tag-input').inputValue()).toBe('');
    await page.getByTestId('note-input').fill('Asked about the TON drop on Saturday; answered in the inbox.');
    await page.getByTestId('note-add').click();
    await expect.poll(() => page.getByTestId('person-note').first().textContent()).toContain('Asked about the TON drop on Saturday');
    expect(await page.getByTestId('person-note').first().textContent()).toContain('Owner');
    expect(await page.getByTestId('note-input').inputValue()).toBe('');

    // Back in the list the row shows the tag; opened again, the card shows what the server keeps.
    await page.getByTestId('person-back').click();
    await expect.poll(() => row.textContent()).toContain('vip-club');
    await row.click();
    await expect.poll(() => page.getByTestId('person-tag').allTextContents()).toEqual(['vip-club×']);
    expect(await page.getByTestId('person-note').allTextContents()).toEqual([expect.stringContaining('Asked about the TON drop on Saturday; answered in the inbox.')]);
    await expect.poll(() => page.getByTestId('person-audit').first().textContent()).toContain('Tags changed');

    expect((await db.prisma.participant.findUniqueOrThrow({ where: { id: nadia.id } })).tags).toEqual(['vip-club']);
    const notes = await db.prisma.participantNote.findMany({ where: { participantId: nadia.id } });
    expect(notes.map((n) => n.text)).toEqual(['Asked about the TON drop on Saturday; answered in the inbox.']);
    await page.close();
  });

  it('a participant sends their data to the chat, then deletes the account and is told it is gone', async () => {
    const page = await open(700_120, 'Olga');
    await grant(700_120, 'POINTS', 300n);
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('send-export').click();
    await expect.poll(() => page.getByTestId('toast').first().textContent()).toContain('sent you a file');
    const sent = telegram.callsOf('sendDocument').find((c) => Number(c.params.chat_id) === 700_120)!;
    expect(JSON.parse(telegram.fileOf(sent, 'document').content.toString('utf8')).profile.firstName).toBe('Olga');

    await page.getByTestId('delete-account').click();
    await expect.poll(() => page.getByTestId('delete-confirm').isDisabled()).toBe(true);
    await page.getByTestId('delete-understood').check();
    await page.getByTestId('delete-confirm').click();
    await page.getByTestId('account-deleted').waitFor();
    const gone = await db.prisma.participant.findFirstOrThrow({ where: { referralCode: { startsWith: 'deleted-' }, deletedAt: { not: null } } });
    expect(gone).toMatchObject({ firstName: '', telegramId: BigInt(-gone.id) });
    expect(await db.prisma.participant.count({ where: { telegramId: 700_120n } })).toBe(0);
    await page.close();
  });

  it('an admin writes and publishes a post in the News tab; a participant sees it on Home and reads it in full', async () => {
    const admin = await open(OWNER, 'Owner');
    await admin.getByTestId('tab-profile').click();
    await admin.getByTestId('open-admin').click();
    await admin.getByTestId('admin-news').click();
    await admin.getByTestId('news-new').click();
    expect(await admin.getByTestId('news-save').isDisabled()).toBe(true);
    await admin.getByTestId('news-title-en').fill('Double points weekend');
    await admin.getByTestId('news-body-en').fill('Every task pays double until Sunday.\nKeep your streak going!');
    await admin.getByTestId('news-url').fill('https://example.org/weekend');
    await admin.getByTestId('news-save').click();
    await expect.poll(() => admin.getByTestId('toast').first().textContent()).toContain('Draft saved');
    await expect.poll(() => admin.getByTestId('news-status').textContent()).toBe('Draft');
    const draft = await db.prisma.post.findFirstOrThrow({ where: { title: { equals: { en: 'Double points weekend' } } } });
    expect(draft).toMatchObject({ kind: 'NEWS', publishedAt: null, url: 'https://example.org/weekend' });

    // A draft is not news yet: Home shows the demo posts, not this one.
    const reader = await open(700_121, 'Vera');
    await reader.getByTestId('news-section').getByTestId('news-item').first().waitFor();
    expect(await reader.getByTestId('news-section').textContent()).toContain('Welcome to the community app');
    expect(await reader.getByTestId('news-item').filter({ hasText: 'Double points weekend' }).count()).toBe(0);

    await admin.getByTestId('news-publish').click();
    await expect.poll(() => admin.getByTestId('news-status').textContent()).toBe('Published');
    expect((await db.prisma.post.findUniqueOrThrow({ where: { id: draft.id } })).publishedAt).not.toBeNull();
    await admin.getByTestId('news-back').click();
    await expect.poll(() => admin.getByTestId(`news-post-${draft.id}`).textContent()).toContain('Published');

    await reader.reload();
    await reader.getByTestId('balance-POINTS').waitFor();
    const item = reader.getByTestId('news-section').getByTestId('news-item').filter({ hasText: 'Double points weekend' });
    await expect.poll(() => item.textContent()).toContain('Every task pays double until Sunday.');
    await item.click();
    await expect.poll(() => reader.getByTestId('news-post-title').textContent()).toBe('Double points weekend');
    // The text as written, line break and all, and a button for the link.
    expect(await reader.getByTestId('news-post-body').innerText()).toBe('Every task pays double until Sunday.\nKeep your streak going!');
    expect(await reader.getByTestId('news-open-link').isVisible()).toBe(true);
    await admin.close();
    await reader.close();
  });

  it('an admin schedules a mailing for later and takes it back to a draft', async () => {
    const admin = await open(OWNER, 'Owner');
    await admin.getByTestId('tab-profile').click();
    await admin.getByTestId('open-admin').click();
    await admin.getByTestId('admin-mailings').click();
    await admin.getByTestId('mailing-new').click();
    await admin.getByTestId('mailing-title').fill('Weekend reminder');
    await admin.getByTestId('mailing-text-en').fill('Double points this weekend!');
    await admin.getByTestId('mailing-save').click();
    await expect.poll(() => admin.getByTestId('mailing-status').textContent()).toBe('Draft');
    // Two hours from now in the browser's own time zone, as the field takes it.
    const at = new Date(Date.now() + 2 * 3_600_000);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await admin.getByTestId('mailing-when').fill(local);
    await admin.getByTestId('mailing-schedule').click();
    await expect.poll(() => admin.getByTestId('mailing-status').textContent()).toBe('Scheduled');
    await expect.poll(() => admin.getByTestId('mailing-scheduled-at').textContent()).toContain('Starts by itself');
    const m = await db.prisma.mailing.findFirstOrThrow({ where: { title: 'Weekend reminder' } });
    expect(m.status).toBe('SCHEDULED');
    expect(Math.abs(m.scheduledAt!.getTime() - Math.floor(at.getTime() / 60_000) * 60_000)).toBeLessThan(60_000);
    if (process.env.SHOT) await admin.screenshot({ path: process.env.SHOT });
    await admin.getByTestId('mailing-unschedule').click();
    await expect.poll(() => admin.getByTestId('mailing-status').textContent()).toBe('Draft');
    expect((await db.prisma.mailing.findUniqueOrThrow({ where: { id: m.id } })).scheduledAt).toBeNull();
    await admin.close();
  });

  it('a collector opens a drop, buys with points and finds the new edition in the collection', async () => {
    const page = await open(700_104, 'Cora');
    await grant(700_104, 'POINTS', 1000n);
    const drop = await db.prisma.drop.findFirstOrThrow();
    await page.getByTestId('tab-collect').click();
    await page.getByTestId('collect-drops').click();
    await page.getByTestId(`drop-${drop.id}`).click();
    await expect.poll(() => page.getByTestId('drop-left').textContent()).toMatch(/300 of 300/);
    await page.getByTestId('drop-buy').click();
    await page.getByTestId('drop-pay-POINTS').click();
    await expect.poll(() => page.getByTestId('edition-title').textContent()).toBe('TON Critters #1');
    await page.getByTestId('tab-collect').click();
    await expect.poll(() => page.getByTestId('edition-card').count()).toBe(1);
    await expect.poll(() => page.getByTestId('edition-card').first().textContent()).toContain('TON Critters #1');
    await page.close();
  });

  it('a newcomer who came by invite is welcomed, checks in, and the shop shows what is missing before paying', async () => {
    const host = await open(700_130, 'Marta');
    await host.close();
    const { referralCode } = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: 700_130n } });
    const page = await open(700_131, 'Nils', `ref_${referralCode}`);
    await expect.poll(() => page.getByTestId('welcome').textContent()).toContain('Welcome!');
    expect(await page.getByTestId('welcome-invited-by').textContent()).toBe('Marta invited you.');

    // One check-in, one message; the welcome steps aside once a first task is done.
    await page.getByTestId('checkin').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual(['+50 points! Streak: 1']);
    await expect.poll(() => page.getByTestId('balance-POINTS').textContent()).toBe('50');
    await expect.poll(() => page.getByTestId('welcome').count()).toBe(0);
    // The message does not follow onto the next screen.
    await page.getByTestId('tab-shop').click();
    await page.getByTestId('product-sticker-pack').waitFor();
    expect(await page.getByTestId('toast').count()).toBe(0);

    // 600 points asked, 50 held: paying is off, the shortfall is said, and the way to earn is one tap.
    await page.getByTestId('buy-sticker-pack').click();
    expect(await page.getByTestId('shortfall').textContent()).toContain('You have 50 ✦: 550 ✦ more needed.');
    expect(await page.getByTestId('pay-POINTS').isDisabled()).toBe(true);
    expect(await page.getByTestId('pay-STARS').isDisabled()).toBe(false);
    await page.getByTestId('earn-more').click();
    await page.getByTestId('task-action-quiz-ton').waitFor();
    expect(await page.getByTestId('purchase-sheet').count()).toBe(0);

    // The quiz brings the first day to 150: enough for the starter boost, which says what it gives.
    await page.getByRole('button', { name: 'Toncoin' }).click();
    await page.getByTestId('task-action-quiz-ton').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual(['+100 points!']);
    await page.getByTestId('tab-shop').click();
    await page.getByTestId('buy-starter-boost').click();
    expect(await page.getByTestId('purchase-gives').textContent()).toContain('×1.5 rewards for 3 h');
    await expect.poll(() => page.getByTestId('pay-POINTS').isEnabled()).toBe(true);
    expect(await page.getByTestId('shortfall').count()).toBe(0);
    await page.getByTestId('pay-POINTS').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual(['Paid! Starter boost ×1.5 for 3 h is yours.']);
    // Above the tab bar, not over the balances that change.
    const toast = (await page.getByTestId('toast').boundingBox())!;
    const balance = (await page.getByTestId('shop-balance-POINTS').boundingBox())!;
    expect(toast.y).toBeGreaterThan(balance.y + balance.height);
    await expect.poll(() => page.getByTestId('shop-balance-POINTS').textContent()).toBe('0 ✦');

    // History names what each movement was for.
    await page.getByTestId('tab-home').click();
    await page.getByTestId('open-history').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(3);
    const rows = await page.getByTestId('history-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.split('\n').slice(0, 2).join(' | ')));
    expect(rows.map((r) => r.replace(/ · .*$/, ''))).toEqual([
      'Starter boost ×1.5 for 3 h | Purchase',
      'Quiz: TON basics | Task reward',
      'Daily check-in | Task reward',
    ]);
    await page.getByTestId('tab-profile').click();
    expect(await page.getByTestId('invited-by').textContent()).toBe('Invited by Marta');
    await page.close();
  });

  it('"Bring three friends" shows how many are active and offers to invite until it can be claimed', async () => {
    const page = await open(700_132, 'Oskar');
    await page.getByTestId('tab-tasks').click();
    await expect.poll(() => page.getByTestId('task-progress-invite-3-friends').textContent()).toBe('0/3 friends');
    expect(await page.getByTestId('task-action-invite-3-friends').textContent()).toBe('Invite');
    await page.getByTestId('task-action-invite-3-friends').click();
    await expect.poll(() => page.getByTestId('invite-link').textContent()).toContain('ref_');
    expect(await page.getByTestId('toast').count()).toBe(0);
    await page.close();
  });

  it('offline and our server being away read differently, and the failed check-in can be tried again', async () => {
    const page = await open(700_133, 'Pia');
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('task-action-daily-checkin').waitFor();

    await page.context().setOffline(true);
    await page.getByTestId('task-action-daily-checkin').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual([expect.stringContaining('No internet connection.')]);
    await page.context().setOffline(false);

    // Online, but our server does not answer.
    await page.route('**/trpc/tasks.complete**', (r) => r.abort('connectionrefused'));
    await page.getByTestId('task-action-daily-checkin').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual([expect.stringContaining('Our server is not answering right now.')]);
    await page.unroute('**/trpc/tasks.complete**');
    await page.getByTestId('toast-action').click();
    await expect.poll(() => page.getByTestId('toast').allTextContents()).toEqual(['+50 points!']);
    await expect.poll(() => page.getByTestId('task-action-daily-checkin').count()).toBe(0);
    await page.close();
  });
});
