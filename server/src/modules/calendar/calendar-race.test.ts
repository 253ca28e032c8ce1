import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { queueReminders } from './reminders.ts';

// PGlite is one connection, so races need PostgreSQL: these run only when DATABASE_URL is set.
describe.runIf(!!process.env.DATABASE_URL)('community events racing on PostgreSQL', () => {
  const h = useHarness({ ADMIN_TELEGRAM_IDS: '8200' });
  const owner = { telegramId: 8200, firstName: 'Olga' };
  const people = Array.from({ length: 30 }, (_, i) => ({ telegramId: 8300 + i, firstName: `P${i}` }));
  const event = async (over: Record<string, unknown> = {}) => {
    const e = await h.as(owner).admin.calendar.save({
      title: { en: 'Workshop' },
      description: { en: 'Bring a laptop.' },
      startsAt: '2026-11-24T18:00:00.000Z',
      endsAt: '2026-11-24T20:00:00.000Z',
      ...over,
    });
    await h.as(owner).admin.calendar.publish({ eventId: e.id });
    return e;
  };

  it('30 people asking for the last 5 spots at once: 5 are going, 25 hear EVENT_FULL', async () => {
    const e = await event({ capacity: 5 });
    await Promise.all(people.map((p) => h.as(p).profile.me()));
    const results = await Promise.allSettled(people.map((p) => h.as(p).calendar.rsvp({ eventId: e.id, answer: 'YES' })));
    const refused = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(new Set(refused.map((f) => `${f.code}/${f.appCode}/${f.message}`))).toEqual(new Set(['CONFLICT/EVENT_FULL/This event is full.']));
    expect(refused).toHaveLength(25);
    expect(await h.deps.prisma.eventRsvp.count({ where: { eventId: e.id, answer: 'YES' } })).toBe(5);
    expect((await h.as(owner).calendar.upcoming())[0]).toMatchObject({ going: 5, spotsLeft: 0 });
  });

  it('reminder runs of two workers at once write one reminder per yes, and each is sent once', async () => {
    const e = await event();
    for (const p of people.slice(0, 12)) await h.as(p).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    h.clock.set('2026-11-24T17:15:00Z');
    const runs = await Promise.all([queueReminders(h.deps, 5), queueReminders(h.deps, 5), queueReminders(h.deps), queueReminders(h.deps)]);
    const more = await queueReminders(h.deps);
    expect(runs.reduce((a, b) => a + b, 0) + more).toBe(12);
    expect(await queueReminders(h.deps)).toBe(0);
    expect(await h.deps.prisma.outboxEvent.count({ where: { type: 'calendar.remind' } })).toBe(12);
    await Promise.all([h.drain(), h.drain()]);
    const chats = h.telegram.callsOf('sendMessage').map((c) => Number(c.params.chat_id));
    expect(chats.sort()).toEqual(people.slice(0, 12).map((p) => p.telegramId).sort());
  });

  it('two admins marking the same people at once pay each reward once', async () => {
    const e = await event({ rewardPoints: '40' });
    const ids = [];
    for (const p of people.slice(0, 6)) {
      ids.push((await h.as(p).profile.me()).id);
      await h.as(p).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    }
    h.clock.set('2026-11-24T19:00:00Z');
    const mark = (list: number[]) => h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: list, attended: true });
    const results = await Promise.all([mark(ids), mark([...ids].reverse()), mark(ids.slice(0, 3)), mark(ids.slice(3))]);
    expect(results.reduce((a, r) => a + r.paid, 0)).toBe(6);
    const transfers = await h.deps.prisma.transfer.findMany({ where: { kind: 'EVENT_ATTENDANCE' } });
    expect(transfers.map((t) => t.amount)).toEqual(new Array(6).fill(40n));
    await h.expectLedgerBalanced();
  });
});
