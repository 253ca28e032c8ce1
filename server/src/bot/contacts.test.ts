import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { signInitData } from '../modules/auth/init-data.ts';
import { startServer, type Running } from '../server.ts';
import { TestClock } from '../test/clock.ts';
import { openTestDatabase, resetDatabase } from '../test/db.ts';
import { FakeBotApi } from '../test/fake-bot-api.ts';
import { testConfig } from '../test/harness.ts';
import { trpcHttp } from '../test/http.ts';

const SECRET = 'contacts-test-secret';
const clock = new TestClock();
let db: Database & { drop(): Promise<void> };
let telegram: FakeBotApi;
let running: Running;
let call: (path: string, user: { telegramId: number; firstName?: string }, input?: unknown) => ReturnType<ReturnType<typeof trpcHttp>>;

beforeAll(async () => {
  db = await openTestDatabase();
  telegram = new FakeBotApi();
  const config = testConfig({ TELEGRAM_API_ROOT: await telegram.start(), BOT_MODE: 'webhook', WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://loyalty.example', JOBS: 'off', ADMIN_TELEGRAM_IDS: '9700' });
  running = await startServer(config, { db, clock, logger: false, listen: false, ton: null });
  await running.bot!.ready;
  const http = trpcHttp(running.app);
  call = (path, user, input) => http(path, { initData: signInitData(config.botToken, user, clock.now()), input });
}, 120_000);
afterAll(async () => {
  await running?.close();
  await telegram?.stop();
  await db?.drop();
});
beforeEach(async () => {
  await resetDatabase(db);
  clock.set('2026-12-22T10:00:00Z');
});

let updateId = 1;
type Person = { id: number; first_name: string; language_code?: string };
const post = (message: Record<string, unknown>, from: Person) =>
  running.app.inject({
    method: 'POST',
    url: '/telegram/webhook',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    payload: JSON.stringify({
      update_id: updateId++,
      message: {
        message_id: updateId,
        date: Math.floor(clock.now().getTime() / 1000),
        chat: { id: from.id, type: 'private', first_name: from.first_name },
        from: { is_bot: false, ...from },
        ...message,
      },
    }),
  });
const command = (text: string) => ({ text, entities: [{ type: 'bot_command', offset: 0, length: text.length }] });
const contact = (userId: number | undefined, phone: string) => ({ contact: { phone_number: phone, first_name: 'Card', ...(userId ? { user_id: userId } : {}) } });
const toChat = (chat: number) => telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chat).map((c) => c.params);
const markup = (p: Record<string, any>) => (typeof p.reply_markup === 'string' ? JSON.parse(p.reply_markup) : p.reply_markup);
const owner = { telegramId: 9700, firstName: 'Olga' };

describe('sharing a phone number with the bot', () => {
  it('asks with the consent line and a contact button, keeps the sender’s own number, and forgets it on /forget_phone', async () => {
    const kim = { id: 9701, first_name: 'Kim', language_code: 'en' };
    expect((await post(command('/phone'), kim)).statusCode).toBe(200);
    const [ask] = toChat(kim.id);
    expect(ask.text).toContain('share your phone number with the community team');
    expect(ask.text).toContain('owners and admins may see your number');
    expect(markup(ask)).toMatchObject({ keyboard: [[{ text: '📱 Share my phone number', request_contact: true }]], one_time_keyboard: true });

    expect((await post(contact(kim.id, '447700900123'), kim)).statusCode).toBe(200);
    const saved = toChat(kim.id).at(-1)!;
    expect(saved.text).toBe('Thank you! Your number is saved. Withdraw it any time with /forget_phone.');
    expect(markup(saved)).toEqual({ remove_keyboard: true });
    expect((await call('profile.phone', { telegramId: kim.id, firstName: 'Kim' })).data).toMatchObject({ phone: '+447700900123', sharedAt: '2026-12-22T10:00:00.000Z' });
    await call('profile.me', owner);
    expect((await call('admin.contacts.list', owner, {})).data.items).toEqual([expect.objectContaining({ name: 'Kim', phone: '+447700900123' })]);
    // A contact is not a message for the inbox.
    expect((await call('admin.dialogs.list', owner, {})).data.items).toEqual([]);

    expect((await post(command('/forget_phone'), kim)).statusCode).toBe(200);
    expect(toChat(kim.id).at(-1)!.text).toBe('Your phone number is deleted.');
    expect((await call('profile.phone', { telegramId: kim.id, firstName: 'Kim' })).data).toBeNull();
    await post(command('/forget_phone'), kim);
    expect(toChat(kim.id).at(-1)!.text).toBe('We do not keep a phone number of yours.');
  });

  it('refuses a contact card that is not the sender’s own, in their language', async () => {
    const lev = { id: 9702, first_name: 'Лев', language_code: 'ru' };
    expect((await post(contact(9999, '+79001234567'), lev)).statusCode).toBe(200);
    expect((await post(contact(undefined, '+79001234567'), lev)).statusCode).toBe(200);
    expect(toChat(lev.id).map((m) => m.text)).toEqual([
      'Поделиться можно только своим номером, кнопкой. Этот контакт не сохранён.',
      'Поделиться можно только своим номером, кнопкой. Этот контакт не сохранён.',
    ]);
    expect(await db.prisma.participantContact.count()).toBe(0);
    await call('profile.me', owner);
    expect((await call('admin.contacts.list', owner, {})).data).toMatchObject({ items: [], total: 0 });
    expect(await db.prisma.dialogMessage.count()).toBe(0);
  });
});
