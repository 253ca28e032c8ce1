import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { signInitData } from '../modules/auth/init-data.ts';
import { startServer, type Running } from '../server.ts';
import { drainOutbox } from '../jobs/outbox.ts';
import { TestClock } from '../test/clock.ts';
import { openTestDatabase, resetDatabase } from '../test/db.ts';
import { BotApiError, FakeBotApi } from '../test/fake-bot-api.ts';
import { testConfig } from '../test/harness.ts';
import { trpcHttp } from '../test/http.ts';

const PUBLIC_URL = 'https://loyalty.example';
const SECRET = 'bot-test-secret';
const clock = new TestClock();
let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await openTestDatabase();
}, 120_000);
afterAll(() => db?.drop());
beforeEach(async () => {
  await resetDatabase(db);
  clock.set('2026-11-24T12:00:00Z');
});

interface Server {
  telegram: FakeBotApi;
  running: Running;
  /** A tRPC call over HTTP signed in as this Telegram user. */
  call(path: string, user: { telegramId: number; firstName?: string }, input?: unknown): ReturnType<ReturnType<typeof trpcHttp>>;
  stop(): Promise<void>;
}

/** The whole process as `pnpm start` runs it, with the Bot API on a loopback fake. */
const fakes = new Set<FakeBotApi>();
// A wrong Bot API call, or a failed assertion in a scripted answer, fails the test that made it.
afterEach(() => fakes.forEach((t) => t.verify()));

async function boot(env: Record<string, string>, opts: { telegramDown?: boolean } = {}): Promise<Server> {
  const telegram = new FakeBotApi();
  fakes.add(telegram);
  telegram.down = !!opts.telegramDown;
  const config = testConfig({ TELEGRAM_API_ROOT: await telegram.start(), PUBLIC_URL, JOBS: 'off', ...env });
  const running = await startServer(config, { db, clock, logger: false, listen: false, ton: null });
  const http = trpcHttp(running.app);
  return {
    telegram,
    running,
    call: (path, user, input) => http(path, { initData: signInitData(config.botToken, user, clock.now()), input }),
    async stop() {
      await running.close();
      await telegram.stop();
      fakes.delete(telegram);
      telegram.verify();
    },
  };
}

let messageId = 1;
type Person = { id: number; first_name: string; language_code?: string };
/** A private-chat message as Telegram delivers it, with the bot_command entity commands carry. */
function message(from: Person, text: string) {
  const command = /^\/\w+/.exec(text);
  return {
    message: {
      message_id: messageId++,
      date: Math.floor(clock.now().getTime() / 1000),
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from: { is_bot: false, ...from },
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** The bot's replies to one chat (Telegram throttles one chat to a message a second, so stories use one chat each). */
async function repliesTo(telegram: FakeBotApi, chatId: number, count = 1) {
  const start = Date.now();
  for (;;) {
    const replies = telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);
    if (replies.length >= count) return replies.map((c) => c.params);
    if (Date.now() - start > 5000) throw new Error(`no reply to chat ${chatId}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const appButton = (reply: Record<string, any>) => reply.reply_markup?.inline_keyboard?.flat().find((b: any) => b.web_app);

describe('the bot by long polling', () => {
  let s: Server;
  beforeAll(async () => {
    s = await boot({ BOT_MODE: 'polling' });
    await s.running.bot!.ready;
  });
  afterAll(() => s?.stop());

  it('answers /start with a welcome and a button that opens the Mini App', async () => {
    s.telegram.pushUpdate(message({ id: 9101, first_name: 'Ann', language_code: 'en' }, '/start'));
    const [reply] = await repliesTo(s.telegram, 9101);
    expect(reply.text).toMatch(/^Hi, Ann!/);
    expect(appButton(reply)).toEqual({ text: 'Open the app', web_app: { url: `${PUBLIC_URL}/` } });
    // The person behind the chat is a participant now, as if they had opened the app.
    expect((await s.call('profile.me', { telegramId: 9101, firstName: 'Ann' })).data).toMatchObject({ firstName: 'Ann', role: 'PARTICIPANT' });
  });

  it('records the inviter from /start ref_<code> for a new user', async () => {
    const alice = { telegramId: 9102, firstName: 'Alice' };
    const code = (await s.call('profile.me', alice)).data.referralCode;
    s.telegram.pushUpdate(message({ id: 9103, first_name: 'Bob' }, `/start ref_${code}`));
    const [reply] = await repliesTo(s.telegram, 9103);
    expect(reply.text).toContain('A friend invited you');
    expect((await s.call('referrals.summary', alice)).data).toMatchObject({ invited: 1, active: 0, friends: [{ name: 'Bob' }] });
  });

  it('answers /help with the commands and the app button', async () => {
    s.telegram.pushUpdate(message({ id: 9104, first_name: 'Cid' }, '/help'));
    const [reply] = await repliesTo(s.telegram, 9104);
    expect(reply.text).toContain('/start');
    expect(appButton(reply).web_app.url).toBe(`${PUBLIC_URL}/`);
  });

  it('speaks Russian to a user whose Telegram is in Russian', async () => {
    s.telegram.pushUpdate(message({ id: 9105, first_name: 'Дарья', language_code: 'ru' }, '/start'));
    s.telegram.pushUpdate(message({ id: 9106, first_name: 'Егор', language_code: 'ru' }, '/help'));
    const [welcome] = await repliesTo(s.telegram, 9105);
    const [help] = await repliesTo(s.telegram, 9106);
    expect(welcome.text).toMatch(/^Привет, Дарья!/);
    expect(appButton(welcome).text).toBe('Открыть приложение');
    expect(help.text).toMatch(/^Откройте приложение/);
  });
});

describe('the bot by webhook', () => {
  let s: Server;
  beforeAll(async () => {
    s = await boot({ BOT_MODE: 'webhook', WEBHOOK_SECRET: SECRET });
  });
  afterAll(() => s?.stop());
  const post = (update: unknown, secret?: string) =>
    s.running.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      payload: JSON.stringify({ update_id: messageId, ...(update as object) }),
    });

  it('registers <PUBLIC_URL>/telegram/webhook with the secret token at start', async () => {
    const [call] = await s.telegram.waitFor('setWebhook');
    expect(call.params).toMatchObject({ url: `${PUBLIC_URL}/telegram/webhook`, secret_token: SECRET });
    expect(s.telegram.callsOf('getUpdates')).toEqual([]);
  });

  it('refuses updates without the right secret header, and answers those with it', async () => {
    await s.running.bot!.ready;
    const ann = { id: 9201, first_name: 'Ann' };
    expect((await post(message(ann, '/start'))).statusCode).toBe(401);
    expect((await post(message(ann, '/start'), 'guessed-secret')).statusCode).toBe(401);
    expect(s.telegram.callsOf('sendMessage')).toEqual([]);
    expect(await db.prisma.participant.count()).toBe(0);

    expect((await post(message(ann, '/start'), SECRET)).statusCode).toBe(200);
    // The reply went out while Telegram's request was being answered.
    const replies = s.telegram.callsOf('sendMessage');
    expect(replies.map((c) => Number(c.params.chat_id))).toEqual([9201]);
    expect(appButton(replies[0].params).web_app.url).toBe(`${PUBLIC_URL}/`);
  });
});

describe('when the Bot API is unreachable at start', () => {
  let s: Server | null = null;
  afterEach(async () => {
    await s?.stop();
    s = null;
  });

  it('keeps serving the app, and the bot connects by itself once Telegram is back', async () => {
    s = await boot({ BOT_MODE: 'webhook', WEBHOOK_SECRET: SECRET }, { telegramDown: true });
    await s.telegram.waitFor('getMe');
    expect(s.running.bot!.bot.isInited()).toBe(false);

    const health = await s.running.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ ok: true });
    const ann = { telegramId: 9301, firstName: 'Ann' };
    expect(await s.call('profile.me', ann)).toMatchObject({ status: 200, data: { firstName: 'Ann' } });
    expect(await s.call('tasks.list', ann)).toMatchObject({ status: 200 });
    // Telegram is told to come back later, and will retry the update.
    const early = await s.running.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      payload: JSON.stringify({ update_id: 1, ...message({ id: 9302, first_name: 'Bob' }, '/start') }),
    });
    expect(early.statusCode).toBe(503);

    s.telegram.down = false;
    await s.running.bot!.ready;
    expect(s.running.bot!.bot.botInfo.username).toBe('loyalty_test_bot');
    expect((await s.telegram.waitFor('setWebhook'))[0].params).toMatchObject({ url: `${PUBLIC_URL}/telegram/webhook` });
    const retried = await s.running.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      payload: JSON.stringify({ update_id: 1, ...message({ id: 9302, first_name: 'Bob' }, '/start') }),
    });
    expect(retried.statusCode).toBe(200);
    expect(await repliesTo(s.telegram, 9302)).toHaveLength(1);
  }, 20_000);
});

describe('mailings in the running process', () => {
  let s: Server;
  beforeAll(async () => {
    s = await boot({ BOT_MODE: 'webhook', WEBHOOK_SECRET: SECRET, JOBS: 'on', ADMIN_TELEGRAM_IDS: '9500' });
    await s.running.bot!.ready;
  });
  afterAll(() => s?.stop());
  const post = (update: object) =>
    s.running.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      payload: JSON.stringify({ update_id: messageId++, ...update }),
    });
  /** Blocking or unblocking the bot, as Telegram reports it in the private chat. */
  const botStatus = (from: Person, status: 'kicked' | 'member') => ({
    my_chat_member: {
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from: { is_bot: false, ...from },
      date: Math.floor(clock.now().getTime() / 1000),
      old_chat_member: { user: s.telegram.botInfo, status: status === 'kicked' ? 'member' : 'kicked' },
      new_chat_member: { user: s.telegram.botInfo, status, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  });

  it('sends a started mailing from the jobs, and follows who blocks and unblocks the bot', async () => {
    const owner = { telegramId: 9500, firstName: 'Owner' };
    const eve = { id: 9501, first_name: 'Eve' };
    await s.call('profile.me', owner);
    await s.call('profile.me', { telegramId: eve.id, firstName: eve.first_name });
    const created = await s.call('admin.mailings.create', owner, {
      title: 'Hello',
      category: 'EVENTS',
      variants: [{ text: { en: 'Meet-up on Friday' } }],
      button: { label: { en: 'Details' } },
    });
    const id = created.data.id;
    expect((await s.call('admin.mailings.start', owner, { id })).data).toMatchObject({ status: 'SENDING', total: 2 });
    // The mailings job, not the request, sends it.
    const [toEve] = await repliesTo(s.telegram, eve.id);
    expect(toEve.text).toBe('Meet-up on Friday');
    expect(toEve.reply_markup.inline_keyboard[0][0]).toEqual({ text: 'Details', web_app: { url: `${PUBLIC_URL}/?mailing=${id}` } });
    for (let i = 0; (await s.call('admin.mailings.get', owner, { id })).data.status !== 'DONE'; i++) {
      if (i > 100) throw new Error('the mailing never finished');
      await new Promise((r) => setTimeout(r, 50));
    }

    const audience = async () => (await s.call('admin.mailings.audience', owner, { category: 'EVENTS' })).data.count;
    expect(await audience()).toBe(2);
    expect((await post(botStatus(eve, 'kicked'))).statusCode).toBe(200);
    expect(await audience()).toBe(1);
    expect((await post(botStatus(eve, 'member'))).statusCode).toBe(200);
    expect(await audience()).toBe(2);
    // A 403 to a mailing marks them too; writing /start makes them reachable again.
    await db.prisma.participant.update({ where: { telegramId: BigInt(eve.id) }, data: { botBlockedAt: clock.now() } });
    expect(await audience()).toBe(1);
    expect((await post(message(eve, '/start'))).statusCode).toBe(200);
    expect(await audience()).toBe(2);
  }, 20_000);
});

describe('the inbox in the running process', () => {
  let s: Server;
  beforeAll(async () => {
    s = await boot({ BOT_MODE: 'webhook', WEBHOOK_SECRET: SECRET, ADMIN_TELEGRAM_IDS: '9600' });
    await s.running.bot!.ready;
  });
  afterAll(() => s?.stop());
  const post = (update: object, updateId = messageId++) =>
    s.running.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      payload: JSON.stringify({ update_id: updateId, ...update }),
    });
  const owner = { telegramId: 9600, firstName: 'Owner' };
  const toChat = (chat: number) => s.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chat).map((c) => c.params.text);

  it('puts what participants write into the inbox, and sends the admins’ answers back', async () => {
    const gus = { id: 9601, first_name: 'Gus', language_code: 'ru' };
    await s.call('profile.me', owner);
    const first = message(gus, 'Где моя награда?');
    expect((await post(first)).statusCode).toBe(200);
    // Telegram sends an update again when it missed our answer: recorded once.
    expect((await post(first, messageId - 1)).statusCode).toBe(200);
    await post(message(gus, 'Вчера была серия 5 дней'));
    const photo = message(gus, '');
    const { text: _omit, ...withoutText } = photo.message;
    await post({ message: { ...withoutText, photo: [{ file_id: 'f1', file_unique_id: 'u1', width: 90, height: 90 }], caption: 'скриншот' } });
    await post(message(gus, '/help'));
    // One acknowledgement for the new conversation, in the participant's language, and the /help answer.
    expect(toChat(gus.id)).toEqual(['Спасибо, сообщение получено. Команда ответит здесь, в этом чате.', expect.stringContaining('/start')]);
    // The team hears of the new conversation once, not of every message in it (told by the outbox worker).
    await drainOutbox(s.running.deps);
    expect(toChat(owner.telegramId)).toEqual(['New conversation in the Inbox from Gus:\n\nГде моя награда?']);

    const inbox = (await s.call('admin.dialogs.list', owner, { status: 'OPEN' })).data;
    expect(inbox).toMatchObject({ open: 1, unread: 3, nextCursor: null });
    expect(inbox.items).toEqual([
      expect.objectContaining({ status: 'OPEN', unread: 3, participant: expect.objectContaining({ name: 'Gus' }), last: { direction: 'IN', text: '[photo] скриншот' } }),
    ]);
    const id = inbox.items[0].id;
    const thread = (await s.call('admin.dialogs.get', owner, { id })).data;
    expect(thread.messages.map((m: any) => [m.direction, m.text])).toEqual([
      ['IN', 'Где моя награда?'],
      ['IN', 'Вчера была серия 5 дней'],
      ['IN', '[photo] скриншот'],
    ]);
    expect(thread.participant).toMatchObject({ reachable: true, banned: false });
    await s.call('admin.dialogs.read', owner, { id });
    expect((await s.call('admin.dialogs.list', owner, {})).data.items[0].unread).toBe(0);

    const answered = await s.call('admin.dialogs.reply', owner, { id, text: 'Начислили, проверьте баланс.' });
    expect(answered.data).toMatchObject({ direction: 'OUT', text: 'Начислили, проверьте баланс.', author: 'Owner' });
    expect(toChat(gus.id).at(-1)).toBe('Начислили, проверьте баланс.');
    expect((await s.call('admin.dialogs.list', owner, {})).data.items[0]).toMatchObject({ status: 'ANSWERED', last: { direction: 'OUT' } });

    // The conversation goes on without another acknowledgement; after closing, a new one gets one.
    await post(message(gus, 'Спасибо!'));
    expect((await s.call('admin.dialogs.list', owner, {})).data.items[0]).toMatchObject({ status: 'OPEN', unread: 1 });
    expect(toChat(gus.id)).toHaveLength(3);
    await s.call('admin.dialogs.close', owner, { id });
    await post(message(gus, 'Ещё вопрос'));
    expect(toChat(gus.id)).toHaveLength(4);
    await drainOutbox(s.running.deps);
    expect(toChat(owner.telegramId)).toHaveLength(2);
    expect((await s.call('admin.overview.audit', owner)).data.map((a: any) => a.action)).toEqual(expect.arrayContaining(['dialog.replied', 'dialog.closed']));
  });

  it('refuses what cannot be done, with a clear code', async () => {
    const hal = { id: 9602, first_name: 'Hal' };
    await s.call('profile.me', owner);
    await post(message(hal, 'hello'));
    const id = (await s.call('admin.dialogs.list', owner, {})).data.items.find((d: any) => d.participant.telegramId === '9602').id;
    expect((await s.call('admin.dialogs.list', { telegramId: hal.id, firstName: 'Hal' }, {})).appCode).toBe('FORBIDDEN');
    expect((await s.call('admin.dialogs.reply', owner, { id, text: '   ' })).status).toBe(400);
    expect((await s.call('admin.dialogs.get', owner, { id: 99999 })).appCode).toBe('DIALOG_NOT_FOUND');
    expect((await s.call('admin.dialogs.list', owner, { cursor: 'yesterday' })).status).toBe(400);
    // Hal blocked the bot: the answer cannot be delivered, nothing is recorded, and mailings skip Hal.
    s.telegram.on('sendMessage', (p) => {
      if (Number(p.chat_id) === hal.id) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
      return s.telegram.message(p);
    });
    const refused = await s.call('admin.dialogs.reply', owner, { id, text: 'Hi Hal' });
    expect(refused).toMatchObject({ status: 412, appCode: 'MESSAGE_NOT_SENT' });
    expect((await s.call('admin.dialogs.get', owner, { id })).data).toMatchObject({ status: 'OPEN', participant: { reachable: false } });
    expect((await s.call('admin.dialogs.get', owner, { id })).data.messages).toHaveLength(1);
  });
});

describe('the inbox with an admins’ chat', () => {
  let s: Server;
  const ADMINS = -1009001;
  beforeAll(async () => {
    s = await boot({ BOT_MODE: 'webhook', WEBHOOK_SECRET: SECRET, ADMIN_TELEGRAM_IDS: '9700', ADMIN_CHAT_ID: String(ADMINS), ADMIN_CHAT_LANGUAGE: 'ru' });
    await s.running.bot!.ready;
  });
  afterAll(() => s?.stop());

  it('tells the admins’ chat of a new conversation in the language set for that chat', async () => {
    const res = await s.running.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      payload: JSON.stringify({ update_id: messageId++, ...message({ id: 9701, first_name: 'Hal', language_code: 'en' }, 'Where is my prize?') }),
    });
    expect(res.statusCode).toBe(200);
    await drainOutbox(s.running.deps);
    const toAdmins = s.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === ADMINS).map((c) => c.params.text);
    expect(toAdmins).toEqual(['Новый диалог во «Входящих» от Hal:\n\nWhere is my prize?']);
    // The participant is answered in their own language all the same.
    expect(s.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === 9701).map((c) => c.params.text)).toEqual([
      'Thanks, we got your message. The team will answer here in this chat.',
    ]);
  });
});
