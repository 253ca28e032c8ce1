import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { shareContact } from './service.ts';
import { BotApiError } from '../../test/fake-bot-api.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7200' });
const owner = { telegramId: 7200, firstName: 'Olga' };
const adam = { telegramId: 7201, firstName: 'Adam' };
const mod = { telegramId: 7202, firstName: 'Max' };
const fin = { telegramId: 7203, firstName: 'Fay' };
const people = Array.from({ length: 5 }, (_, i) => ({ telegramId: 7210 + i, firstName: ['Ann', 'Bob', 'Cat', 'Dan', 'Eve'][i], username: `user_${i}` }));

async function team() {
  await h.as(owner).profile.me();
  for (const [who, role] of [[adam, 'ADMIN'], [mod, 'MODERATOR'], [fin, 'FINANCE']] as const) {
    await h.as(who).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(who.telegramId), role });
  }
}

/** Each person shares their own number a minute after the previous one. */
async function everyoneShares() {
  for (const [i, who] of people.entries()) {
    const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { id: (await h.as(who).profile.me()).id } });
    h.clock.advance({ minutes: 1 });
    expect(await shareContact(h.deps, p, { userId: who.telegramId, phone: `7900123450${i}` })).toEqual({ saved: true });
  }
}

describe('contacts in the back office', () => {
  it('shows shared numbers to owners and admins only, newest first, searched and paged, and exports them with an audit record', async () => {
    await team();
    await everyoneShares();
    const page1 = await h.as(adam).admin.contacts.list({ limit: 2 });
    expect(page1.total).toBe(5);
    expect(page1.items.map((c) => [c.name, c.phone])).toEqual([['Eve', '+79001234504'], ['Dan', '+79001234503']]);
    const page2 = await h.as(adam).admin.contacts.list({ limit: 2, cursor: page1.nextCursor! });
    const page3 = await h.as(adam).admin.contacts.list({ limit: 2, cursor: page2.nextCursor! });
    expect([...page2.items, ...page3.items].map((c) => c.name)).toEqual(['Cat', 'Bob', 'Ann']);
    expect(page3.nextCursor).toBeNull();
    expect((await h.as(owner).admin.contacts.list({ search: '4502' })).items.map((c) => c.name)).toEqual(['Cat']);
    expect((await h.as(owner).admin.contacts.list({ search: '@user_1' })).items.map((c) => c.name)).toEqual(['Bob']);
    expect((await h.as(owner).admin.contacts.list({ search: 'ann' })).items[0]).toMatchObject({ telegramId: '7210', username: 'user_0', phone: '+79001234500' });

    const exported = await h.as(adam).admin.contacts.export({});
    expect(exported.items).toHaveLength(5);
    const audit = await h.as(owner).admin.overview.audit();
    expect(audit.find((a) => a.action === 'contacts.exported')).toMatchObject({ data: { rows: 5, search: null } });

    const refused = { code: 'FORBIDDEN', appCode: 'FORBIDDEN', message: 'Your role does not allow this action.' };
    expect(await failure(h.as(mod).admin.contacts.list({}))).toMatchObject(refused);
    expect(await failure(h.as(mod).admin.contacts.export({}))).toMatchObject(refused);
    expect(await failure(h.as(fin).admin.contacts.list({}))).toMatchObject(refused);
    expect(await failure(h.as(people[0]).admin.contacts.list({}))).toMatchObject(refused);
    // A moderator sees no Contacts section, and their inbox shows no phone numbers.
    expect((await h.as(mod).admin.sections()).sections).not.toContain('contacts');
    expect((await h.as(adam).admin.sections()).sections).toContain('contacts');
    expect(await failure(h.as(owner).admin.contacts.list({ cursor: 'yesterday' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION' });
  });

  it('pages by number in the order the console asks for, exports in it, and refuses a column it does not sort by', async () => {
    await team();
    await everyoneShares();
    const byName = await h.as(adam).admin.contacts.list({ page: 2, limit: 2, sort: { by: 'name', dir: 'asc' } });
    expect(byName).toMatchObject({ total: 5, nextCursor: null });
    expect(byName.items.map((c) => c.name)).toEqual(['Cat', 'Dan']);
    expect((await h.as(adam).admin.contacts.list({ page: 1, sort: { by: 'phone', dir: 'asc' } })).items.map((c) => c.name)).toEqual(['Ann', 'Bob', 'Cat', 'Dan', 'Eve']);
    expect((await h.as(adam).admin.contacts.export({ sort: { by: 'sharedAt', dir: 'asc' } })).items.map((c) => c.name)).toEqual(['Ann', 'Bob', 'Cat', 'Dan', 'Eve']);
    expect(await failure(h.as(adam).admin.contacts.list({ page: 1, sort: { by: 'consent' as 'name', dir: 'asc' } }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('a participant’s own number', () => {
  it('is kept only when it is their own, shown to them, and withdrawn when they ask', async () => {
    await team();
    const ann = people[0];
    const me = await h.deps.prisma.participant.findUniqueOrThrow({ where: { id: (await h.as(ann).profile.me()).id } });
    expect(await h.as(ann).profile.phone()).toBeNull();
    // Someone else's card, forwarded, is not kept; neither is a card without a Telegram user.
    expect(await shareContact(h.deps, me, { userId: people[1].telegramId, phone: '+79990000000' })).toEqual({ saved: false, reason: 'NOT_YOURS' });
    expect(await shareContact(h.deps, me, { userId: undefined, phone: '+79990000000' })).toEqual({ saved: false, reason: 'NOT_YOURS' });
    expect(await shareContact(h.deps, me, { userId: ann.telegramId, phone: 'call me' })).toEqual({ saved: false, reason: 'INVALID' });
    expect(await h.as(ann).profile.phone()).toBeNull();

    await shareContact(h.deps, me, { userId: ann.telegramId, phone: '+7 900 111-22-33' });
    expect(await h.as(ann).profile.phone()).toEqual({ phone: '+79001112233', sharedAt: '2026-11-24T12:00:00.000Z', consent: expect.stringContaining('owners and admins') });
    expect((await h.as(owner).admin.contacts.list({})).items.map((c) => c.phone)).toEqual(['+79001112233']);

    expect(await h.as(ann).profile.forgetPhone()).toEqual({ deleted: true });
    expect(await h.as(ann).profile.phone()).toBeNull();
    expect((await h.as(owner).admin.contacts.list({})).total).toBe(0);
    expect(await h.as(ann).profile.forgetPhone()).toEqual({ deleted: false });
  });

  it('is asked for by the bot when the Mini App’s button is pressed, with the consent line and the share button', async () => {
    const ru = { telegramId: 7220, firstName: 'Дарья', language: 'ru' };
    await h.as(ru).profile.me();
    await h.as(ru).profile.update({ language: 'ru' });
    expect(await h.as(ru).profile.requestPhone()).toEqual({ sent: true });
    const [call] = h.telegram.callsOf('sendMessage');
    expect(Number(call.params.chat_id)).toBe(ru.telegramId);
    expect(call.params.text).toContain('владельцы и администраторы сообщества увидят его');
    const markup = typeof call.params.reply_markup === 'string' ? JSON.parse(call.params.reply_markup) : call.params.reply_markup;
    expect(markup).toMatchObject({ keyboard: [[{ text: '📱 Отправить мой номер', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });

    // Who blocked the bot is told what to do about it.
    h.telegram.on('sendMessage', () => {
      throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    });
    try {
      expect(await failure(h.as(ru).profile.requestPhone())).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'MESSAGE_NOT_SENT' });
    } finally {
      h.telegram.on('sendMessage', (p) => h.telegram.message(p));
    }
  });

  it('is in the privacy export, and erased with the account', async () => {
    const ann = people[0];
    const me = await h.deps.prisma.participant.findUniqueOrThrow({ where: { id: (await h.as(ann).profile.me()).id } });
    await shareContact(h.deps, me, { userId: ann.telegramId, phone: '79001112233' });
    const data = await h.as(ann).profile.export();
    expect(data.phone).toEqual({ number: '+79001112233', sharedAt: '2026-11-24T12:00:00.000Z', consent: expect.any(String) });
    expect(await h.as(ann).profile.deleteAccount({ confirm: 'DELETE' })).toEqual({ deleted: true });
    expect(await h.deps.prisma.participantContact.count()).toBe(0);
  });
});
