import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, launchChromium, openInTelegram } from './browser-harness.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';
import { receive } from '../../server/src/modules/dialogs/service.ts';
import { shareContact } from '../../server/src/modules/contacts/service.ts';

// The inbox's assignment and quick replies, and the Contacts section, in the built Mini App.

let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let telegram: FakeBotApi;
let base = '';
const OWNER = 710_001;
const MOD = 710_002;

const open = (telegramId: number, firstName: string) => openInTelegram(browser, base, running.deps.config.botToken, telegramId, firstName);
const signIn = async (telegramId: number, firstName: string) => (await open(telegramId, firstName)).close();
const person = (telegramId: number) => db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } });

describe.runIf(canRunBrowser)('the inbox and contacts in headless Chromium', () => {
  beforeAll(async () => {
    telegram = new FakeBotApi();
    const apiRoot = await telegram.start();
    db = await openTestDatabase();
    running = await startServer(testConfig({ PORT: '0', HOST: '127.0.0.1', ADMIN_TELEGRAM_IDS: String(OWNER), JOBS: 'off', TELEGRAM_API_ROOT: apiRoot }), { db, logger: false });
    base = running.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
    await telegram?.stop();
  });

  it('an admin assigns a conversation to a moderator, answers with a quick reply, and sees shared phone numbers', async () => {
    await signIn(MOD, 'Max');
    await db.prisma.participant.update({ where: { telegramId: BigInt(MOD) }, data: { role: 'MODERATOR' } });
    await signIn(710_010, 'Tanya');
    const tanya = await person(710_010);
    await receive(running.deps, tanya.id, { telegramMessageId: 7, text: 'My streak was reset.' });
    await shareContact(running.deps, tanya, { userId: 710_010, phone: '+447700900123' });
    await db.prisma.quickReply.create({ data: { title: 'Streak reset', text: 'Hi {name}, we restored your streak.' } });

    const page = await open(OWNER, 'Olga');
    await page.getByTestId('tab-profile').click();
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-inbox').click();
    await page.getByTestId('dialog-item').filter({ hasText: 'Tanya' }).click();
    await page.getByTestId('dialog-messages').waitFor();

    // Assign to Max: the select lists the team, the row shows who looks after it.
    await expect.poll(() => page.getByTestId('dialog-assign').locator('option').allTextContents()).toEqual(['Nobody yet', 'Max', 'Olga']);
    await page.getByTestId('dialog-assign').selectOption({ label: 'Max' });
    const maxId = (await person(MOD)).id;
    await expect.poll(async () => (await db.prisma.dialog.findFirstOrThrow({ where: { participantId: tanya.id } })).assigneeId).toBe(maxId);

    // ⚡ puts the quick reply, with her name, into the reply box; sending it reaches her through the bot.
    await page.getByTestId('dialog-quick').click();
    await page.getByTestId('quick-reply-option').filter({ hasText: 'Streak reset' }).click();
    expect(await page.getByTestId('dialog-reply').inputValue()).toBe('Hi Tanya, we restored your streak.');
    await page.getByTestId('dialog-send').click();
    await expect.poll(() => page.getByTestId('dialog-message-out').last().textContent()).toContain('Hi Tanya, we restored your streak.');
    expect(telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === 710_010).map((c) => c.params.text)).toContain('Hi Tanya, we restored your streak.');

    await page.getByTestId('dialog-back').click();
    // Answered now: it has left the open ones.
    await page.getByTestId('inbox-filter-ALL').click();
    await page.getByTestId('inbox-whose-unassigned').click();
    await expect.poll(() => page.getByTestId('dialog-item').count()).toBe(0);
    await page.getByTestId('inbox-whose-all').click();
    await expect.poll(() => page.getByTestId('dialog-assignee').first().textContent()).toBe('→ Max');

    // Contacts: the owner sees the number; the moderator has no such section.
    await page.getByTestId('admin-contacts').click();
    await expect.poll(() => page.getByTestId('contacts-table').textContent()).toContain('+447700900123');
    const mod = await open(MOD, 'Max');
    await mod.getByTestId('tab-profile').click();
    await mod.getByTestId('open-admin').click();
    await mod.getByTestId('admin-inbox').waitFor();
    expect(await mod.getByTestId('admin-contacts').count()).toBe(0);
    await mod.close();
    await page.close();
  }, 90_000);
});
