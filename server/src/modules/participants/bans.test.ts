import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { liftEndedBans } from './bans.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9600' });
const owner = { telegramId: 9600, firstName: 'Olga' };
const mod = { telegramId: 9601, firstName: 'Moder' };
const kate = { telegramId: 9611, firstName: 'Kate', username: 'kate_k' };
const leo = { telegramId: 9612, firstName: 'Leo' };
const nora = { telegramId: 9613, firstName: 'Nora' };
const tid = (u: { telegramId: number }) => String(u.telegramId);
const inDays = (days: number) => new Date(h.clock.now().getTime() + days * 86_400_000).toISOString();

async function team() {
  await h.as(owner).profile.me();
  await h.as(mod).profile.me();
  await h.as(owner).admin.participants.setRole({ telegramId: tid(mod), role: 'MODERATOR' });
  await h.as(kate).profile.me();
  await h.as(leo).profile.me();
}

describe('ban list', () => {
  it('a ban with an end blocks until then and lets the participant in after it, and the list says so', async () => {
    await team();
    const until = inDays(7);
    expect(await h.as(mod).admin.participants.ban({ telegramId: tid(kate), reason: 'spam in chat', until })).toEqual({ ok: true, until });
    expect(await failure(h.as(kate).profile.me())).toMatchObject({ code: 'FORBIDDEN', appCode: 'BANNED' });
    expect(await failure(h.as(kate).tasks.list())).toMatchObject({ code: 'FORBIDDEN', appCode: 'BANNED' });

    const list = await h.as(mod).admin.participants.bans({ active: true });
    expect(list.items).toEqual([
      expect.objectContaining({ telegramId: tid(kate), name: 'Kate', reason: 'spam in chat', until, bannedBy: 'Moder', bannedAt: h.clock.now().toISOString(), status: 'active', liftedAt: null }),
    ]);
    expect((await h.as(mod).admin.participants.list({ banned: true })).items.map((p) => [p.name, p.bannedUntil])).toEqual([['Kate', until]]);

    // A minute before the end: still out. A minute after: in, before any job has tidied up.
    h.clock.advance({ days: 6, hours: 23, minutes: 59 });
    expect(await failure(h.as(kate).profile.me())).toMatchObject({ appCode: 'BANNED' });
    h.clock.advance({ minutes: 2 });
    expect((await h.as(kate).profile.me()).firstName).toBe('Kate');
    expect((await h.as(mod).admin.participants.bans({ active: true })).items).toEqual([]);
    expect((await h.as(mod).admin.participants.bans({ active: false })).items.map((b) => [b.name, b.status])).toEqual([['Kate', 'ended']]);
    expect((await h.as(mod).admin.participants.list({ banned: true })).items).toEqual([]);

    // The worker lifts it on the participant (back on the boards and in mailings), audited with no actor.
    expect(await liftEndedBans(h.deps)).toBe(1);
    expect(await liftEndedBans(h.deps)).toBe(0);
    const row = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(kate.telegramId) } });
    expect(row).toMatchObject({ bannedAt: null, banReason: null, bannedUntil: null });
    const [ended] = (await h.as(mod).admin.participants.bans()).items;
    expect(ended).toMatchObject({ status: 'ended', liftedAt: until, liftedBy: null });
    const profile = await h.as(owner).admin.participants.get({ telegramId: tid(kate) });
    expect(profile.audit.map((a) => [a.action, a.actor])).toEqual([
      ['participant.unbanned', null],
      ['participant.banned', 'Moder'],
    ]);
  });

  it('a permanent ban holds until an admin lifts it from the list, audited; a new ban replaces the one in force', async () => {
    await team();
    await h.as(mod).admin.participants.ban({ telegramId: tid(leo), reason: 'first warning', until: inDays(1) });
    h.clock.advance({ hours: 1 });
    await h.as(owner).admin.participants.ban({ telegramId: tid(leo), reason: 'scam links' });
    h.clock.advance({ days: 400 });
    expect(await failure(h.as(leo).profile.me())).toMatchObject({ code: 'FORBIDDEN', appCode: 'BANNED' });
    expect(await liftEndedBans(h.deps)).toBe(0);

    const list = await h.as(mod).admin.participants.bans({ search: String(leo.telegramId) });
    expect(list.items.map((b) => [b.reason, b.until, b.bannedBy, b.status, b.liftedBy])).toEqual([
      ['scam links', null, 'Olga', 'active', null],
      ['first warning', expect.any(String), 'Moder', 'lifted', 'Olga'],
    ]);
    expect((await h.as(mod).admin.participants.bans({ search: 'nobody-like-this' })).items).toEqual([]);
    // The console's table pages through it; a cursor does the same.
    const second = await h.as(mod).admin.participants.bans({ page: 2, limit: 1 });
    expect([second.total, second.items.map((b) => b.reason)]).toEqual([2, ['first warning']]);
    const first = await h.as(mod).admin.participants.bans({ limit: 1 });
    expect((await h.as(mod).admin.participants.bans({ limit: 1, cursor: first.nextCursor! })).items.map((b) => b.reason)).toEqual(['first warning']);

    expect(await h.as(mod).admin.participants.unban({ telegramId: tid(leo) })).toEqual({ ok: true, lifted: true });
    expect((await h.as(leo).profile.me()).firstName).toBe('Leo');
    // Twice is harmless: nothing more is lifted or recorded.
    expect(await h.as(mod).admin.participants.unban({ telegramId: tid(leo) })).toEqual({ ok: true, lifted: false });
    const [latest] = (await h.as(mod).admin.participants.bans()).items;
    expect(latest).toMatchObject({ reason: 'scam links', status: 'lifted', liftedBy: 'Moder' });
    const audit = (await h.as(owner).admin.participants.get({ telegramId: tid(leo) })).audit;
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['participant.unbanned', 'Moder'],
      ['participant.banned', 'Olga'],
      ['participant.banned', 'Moder'],
    ]);
    expect(audit[1].data).toEqual({ reason: 'scam links', until: null });
  });

  it('refuses bad bans and the ban list to who may not ban', async () => {
    await team();
    const ban = (input: Record<string, unknown>) => h.as(mod).admin.participants.ban({ telegramId: tid(kate), reason: 'spam', ...input } as never);
    expect(await failure(ban({ until: new Date(h.clock.now().getTime() - 1000).toISOString() }))).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION',
      message: 'The end of a ban must be in the future.',
    });
    expect(await failure(ban({ until: inDays(5000) }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION' });
    // Refused by the input's schema (the wire shape says VALIDATION), naming the field.
    expect(await failure(ban({ until: 'next tuesday' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('until') });
    expect(await failure(ban({ reason: 'no' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('reason') });
    expect(await failure(h.as(mod).admin.participants.ban({ telegramId: tid(owner), reason: 'coup attempt' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'FORBIDDEN',
      message: 'An owner cannot be banned.',
    });
    expect(await failure(h.as(mod).admin.participants.ban({ telegramId: '123456', reason: 'who is this' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'PARTICIPANT_NOT_FOUND' });
    expect((await h.as(mod).admin.participants.bans({ page: 1, limit: 10 })).total).toBe(0);
    expect(await failure(h.as(mod).admin.participants.bans({ limit: 1000 }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('limit') });
    expect(await failure(h.as(kate).admin.participants.bans())).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    expect((await h.as(mod).admin.participants.bans()).items).toEqual([]);
  });

  it("the console's table: in force, ran out or lifted, by reason and person, sorted and paged", async () => {
    await team();
    await h.as(nora).profile.me();
    await h.as(mod).admin.participants.ban({ telegramId: tid(kate), reason: 'spam in chat', until: inDays(2) });
    await h.as(owner).admin.participants.ban({ telegramId: tid(leo), reason: 'scam links' });
    await h.as(mod).admin.participants.ban({ telegramId: tid(nora), reason: 'Spam bot', until: inDays(1) });
    h.clock.advance({ hours: 36 });
    // Nora's ran out: the list says so before the worker lifts it and after.
    const reasons = async (input: Parameters<ReturnType<typeof h.as>['admin']['participants']['bans']>[0]) => (await h.as(mod).admin.participants.bans(input)).items.map((b) => b.reason);
    expect(await reasons({ status: 'ended' })).toEqual(['Spam bot']);
    expect(await liftEndedBans(h.deps)).toBe(1);
    expect(await reasons({ status: 'ended' })).toEqual(['Spam bot']);
    await h.as(mod).admin.participants.unban({ telegramId: tid(leo) });
    await h.as(owner).admin.participants.ban({ telegramId: tid(leo), reason: 'scam again' });

    expect(await reasons({ status: 'active' })).toEqual(['scam again', 'spam in chat']);
    expect(await reasons({ status: 'lifted' })).toEqual(['scam links']);
    expect(await reasons({ status: 'past' })).toEqual(['Spam bot', 'scam links']);
    expect(await reasons({ active: false })).toEqual(['Spam bot', 'scam links']);
    // The reason, in any case; with the state, both must hold.
    expect(await reasons({ reason: 'SPAM' })).toEqual(['Spam bot', 'spam in chat']);
    expect(await reasons({ reason: 'spam', status: 'active' })).toEqual(['spam in chat']);
    expect(await reasons({ reason: 'scam', search: 'leo' })).toEqual(['scam again', 'scam links']);

    // Sorted by the end (no end lasts longest), by person, by when; a page of a sorted list.
    expect(await reasons({ sort: { by: 'until', dir: 'asc' } })).toEqual(['Spam bot', 'spam in chat', 'scam links', 'scam again']);
    expect(await reasons({ sort: { by: 'until', dir: 'desc' } })).toEqual(['scam again', 'scam links', 'spam in chat', 'Spam bot']);
    expect(await reasons({ sort: { by: 'person', dir: 'asc' } })).toEqual(['spam in chat', 'scam links', 'scam again', 'Spam bot']);
    expect(await reasons({ sort: { by: 'bannedAt', dir: 'asc' } })).toEqual(['spam in chat', 'scam links', 'Spam bot', 'scam again']);
    const page = await h.as(mod).admin.participants.bans({ sort: { by: 'person', dir: 'asc' }, page: 2, limit: 2 });
    expect([page.total, page.items.map((b) => [b.name, b.reason, b.status])]).toEqual([4, [['Leo', 'scam again', 'active'], ['Nora', 'Spam bot', 'ended']]]);

    // Bad input is refused naming the field, before any query.
    for (const [bad, field] of [
      [{ sort: { by: 'telegramId', dir: 'asc' } }, 'sort'],
      [{ status: 'gone' }, 'status'],
      [{ cursor: 2 ** 31 }, 'cursor'],
      [{ page: 0 }, 'page'],
      [{ reason: 'a\u0000b' }, 'reason'],
      [{ reason: 'x'.repeat(101) }, 'reason'],
    ] as const) {
      expect(await failure(h.as(mod).admin.participants.bans(bad as never)), field).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(field) });
    }
  });
});
