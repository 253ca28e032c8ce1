import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { queueReminders } from './reminders.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '8100', PUBLIC_URL: 'https://app.example' });
const owner = { telegramId: 8100, firstName: 'Olga' };
const vera = { telegramId: 8101, firstName: 'Vera' };
const boris = { telegramId: 8102, firstName: 'Boris' };
const carl = { telegramId: 8103, firstName: 'Carl' };

// The harness's clock starts at 2026-11-24T12:00:00Z.
const meetup = (over: Record<string, unknown> = {}) => ({
  title: { en: 'Friday meet-up', ru: 'Встреча в пятницу' },
  description: { en: 'Tea and talks.', ru: 'Чай и разговоры.' },
  place: 'Loft, 5 Main St',
  startsAt: '2026-11-24T18:00:00.000Z',
  endsAt: '2026-11-24T20:00:00.000Z',
  ...over,
});

async function published(over: Record<string, unknown> = {}) {
  const e = await h.as(owner).admin.calendar.save(meetup(over));
  await h.as(owner).admin.calendar.publish({ eventId: e.id });
  return e;
}

const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;
const sentTo = (u: { telegramId: number }) => h.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === u.telegramId);

describe('community events: answering', () => {
  it('shows published events with my answer and the counts, in my language, and takes answers until the start', async () => {
    await h.as(vera).profile.update({ language: 'ru' });
    const draft = await h.as(owner).admin.calendar.save(meetup());
    expect(draft).toMatchObject({ status: 'DRAFT', going: 0, remindMinutesBefore: 60, rewardPoints: '0' });
    expect(await h.as(vera).calendar.upcoming()).toEqual([]);
    expect(await failure(h.as(vera).calendar.rsvp({ eventId: draft.id, answer: 'YES' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'CALENDAR_EVENT_NOT_FOUND' });

    await h.as(owner).admin.calendar.publish({ eventId: draft.id });
    const [seen] = await h.as(vera).calendar.upcoming();
    expect(seen).toMatchObject({ title: 'Встреча в пятницу', description: 'Чай и разговоры.', place: 'Loft, 5 Main St', going: 0, myAnswer: null, open: true, spotsLeft: null });

    expect(await h.as(vera).calendar.rsvp({ eventId: draft.id, answer: 'YES' })).toMatchObject({ myAnswer: 'YES', going: 1 });
    await h.as(boris).calendar.rsvp({ eventId: draft.id, answer: 'MAYBE' });
    expect((await h.as(boris).calendar.upcoming())[0]).toMatchObject({ title: 'Friday meet-up', myAnswer: 'MAYBE', going: 1, maybe: 1 });
    // Changing one's mind moves the count; the same answer again changes nothing.
    await h.as(vera).calendar.rsvp({ eventId: draft.id, answer: 'NO' });
    await h.as(vera).calendar.rsvp({ eventId: draft.id, answer: 'NO' });
    expect((await h.as(vera).calendar.upcoming())[0]).toMatchObject({ myAnswer: 'NO', going: 0, maybe: 1 });

    h.clock.set('2026-11-24T18:00:00Z');
    const started = (await h.as(vera).calendar.upcoming())[0];
    expect(started).toMatchObject({ started: true, open: false });
    expect(await failure(h.as(vera).calendar.rsvp({ eventId: draft.id, answer: 'YES' }))).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'RSVP_CLOSED',
      message: 'This event has already started; answers are closed.',
    });
    // Once it has ended it leaves the list.
    h.clock.set('2026-11-24T20:00:00Z');
    expect(await h.as(vera).calendar.upcoming()).toEqual([]);
  });

  it('refuses a yes when the event is full, and frees the spot when someone says no', async () => {
    const e = await published({ capacity: 1 });
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    expect((await h.as(boris).calendar.upcoming())[0]).toMatchObject({ spotsLeft: 0, going: 1 });
    expect(await failure(h.as(boris).calendar.rsvp({ eventId: e.id, answer: 'YES' }))).toMatchObject({ code: 'CONFLICT', appCode: 'EVENT_FULL', message: 'This event is full.' });
    // Maybe and no are always possible; yes again from who holds the spot is not a second spot.
    await h.as(boris).calendar.rsvp({ eventId: e.id, answer: 'MAYBE' });
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'NO' });
    expect(await h.as(boris).calendar.rsvp({ eventId: e.id, answer: 'YES' })).toMatchObject({ myAnswer: 'YES', going: 1, spotsLeft: 0 });
  });
});

describe('community events: the bot', () => {
  it('reminds who said yes once, in their language, with a button that opens the Mini App, however often the job runs', async () => {
    await h.as(vera).profile.update({ language: 'ru' });
    const e = await published({ remindMinutesBefore: 60 });
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    await h.as(boris).calendar.rsvp({ eventId: e.id, answer: 'MAYBE' });
    await h.as(carl).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    await h.as(carl).calendar.rsvp({ eventId: e.id, answer: 'NO' });

    // Too early: nothing is due.
    expect(await queueReminders(h.deps)).toBe(0);
    h.clock.set('2026-11-24T17:00:00Z');
    // The job twice, and two runs side by side: one reminder for the one yes.
    expect(await queueReminders(h.deps)).toBe(1);
    expect(await queueReminders(h.deps)).toBe(0);
    expect(await Promise.all([queueReminders(h.deps), queueReminders(h.deps)])).toEqual([0, 0]);
    await h.drain();
    await h.drain();
    expect(h.telegram.callsOf('sendMessage')).toHaveLength(1);
    const [msg] = sentTo(vera);
    expect(msg.params.text).toBe(['⏰ «Встреча в пятницу» начнётся через 1 ч — 24 нояб., 18:00 UTC.', 'Где: Loft, 5 Main St', 'Вы ответили «Приду». До встречи!'].join('\n'));
    expect(msg.params.reply_markup.inline_keyboard[0][0]).toEqual({ text: 'Открыть событие', web_app: { url: `https://app.example/?event=${e.id}` } });
    expect((await h.as(owner).admin.calendar.attendees({ eventId: e.id })).items.find((a) => a.name === 'Vera')!.remindedAt).toBe('2026-11-24T17:00:00.000Z');

    // Whoever says yes inside the window is reminded on the next run, in English if that is their language.
    h.clock.set('2026-11-24T17:30:00Z');
    await h.as(boris).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    expect(await queueReminders(h.deps)).toBe(1);
    await h.drain();
    expect(sentTo(boris).map((c) => c.params.text.split('\n')[0])).toEqual(['⏰ “Friday meet-up” starts in 30 minutes, at 24 Nov, 18:00 UTC.']);
    expect(h.telegram.callsOf('sendMessage')).toHaveLength(2);
  });

  it('says nothing when the answer changed after the reminder was written, and reminds again for a new start time', async () => {
    const e = await published();
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    h.clock.set('2026-11-24T17:10:00Z');
    expect(await queueReminders(h.deps)).toBe(1);
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'NO' });
    await h.drain();
    expect(h.telegram.callsOf('sendMessage')).toEqual([]);

    // Moved to tomorrow: she says yes again and is reminded before the new start.
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    await h.as(owner).admin.calendar.save({ id: e.id, ...meetup({ startsAt: '2026-11-25T18:00:00.000Z', endsAt: '2026-11-25T20:00:00.000Z' }) });
    expect(await queueReminders(h.deps)).toBe(0);
    h.clock.set('2026-11-25T17:20:00Z');
    expect(await queueReminders(h.deps)).toBe(1);
    await h.drain();
    expect(sentTo(vera).map((c) => c.params.text.split('\n')[0])).toEqual(['⏰ “Friday meet-up” starts in 40 minutes, at 25 Nov, 18:00 UTC.']);
  });

  it('tells those who said yes when a published event is cancelled, once, and closes answers', async () => {
    await h.as(boris).profile.update({ language: 'ru' });
    const e = await published();
    await h.as(vera).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    await h.as(boris).calendar.rsvp({ eventId: e.id, answer: 'YES' });
    await h.as(carl).calendar.rsvp({ eventId: e.id, answer: 'MAYBE' });
    expect(await h.as(owner).admin.calendar.cancel({ eventId: e.id })).toMatchObject({ status: 'CANCELLED', going: 2 });
    await h.as(owner).admin.calendar.cancel({ eventId: e.id });
    await h.drain();
    await h.drain();
    expect(sentTo(vera).map((c) => c.params.text)).toEqual(['❌ “Friday meet-up” (24 Nov, 18:00 UTC) has been cancelled. Thank you for planning to come.']);
    expect(sentTo(boris).map((c) => c.params.text)).toEqual(['❌ Событие «Встреча в пятницу» (24 нояб., 18:00 UTC) отменено. Спасибо, что собирались прийти.']);
    expect(sentTo(carl)).toEqual([]);

    // Who meant to come still sees it, marked cancelled; nobody can answer any more, and no reminder goes out.
    expect((await h.as(vera).calendar.upcoming())[0]).toMatchObject({ status: 'CANCELLED', open: false });
    expect(await h.as(owner).calendar.upcoming()).toEqual([]);
    expect(await failure(h.as(carl).calendar.rsvp({ eventId: e.id, answer: 'YES' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'RSVP_CLOSED', message: 'This event was cancelled.' });
    h.clock.set('2026-11-24T17:30:00Z');
    expect(await queueReminders(h.deps)).toBe(0);
    // A draft called off tells nobody.
    const draft = await h.as(owner).admin.calendar.save(meetup());
    await h.as(owner).admin.calendar.cancel({ eventId: draft.id });
    expect(await h.deps.prisma.outboxEvent.count({ where: { type: 'calendar.cancelled' } })).toBe(1);
    expect((await h.as(owner).admin.overview.audit()).map((a) => a.action)).toEqual(expect.arrayContaining(['calendar.created', 'calendar.published', 'calendar.cancelled']));
  });
});

describe('community events: attendance', () => {
  it('pays the attendance reward through the ledger once, however often attendance is marked', async () => {
    const e = await published({ rewardPoints: '50' });
    const ids: Record<string, number> = {};
    for (const [u, answer] of [[vera, 'YES'], [boris, 'NO']] as const) {
      ids[u.firstName] = (await h.as(u).profile.me()).id;
      await h.as(u).calendar.rsvp({ eventId: e.id, answer });
    }
    const carlId = (await h.as(carl).profile.me()).id;
    expect(await failure(h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: [ids.Vera], attended: true }))).toMatchObject({
      code: 'CONFLICT',
      appCode: 'CALENDAR_EVENT_STATE',
      message: 'Attendance can be marked once the event has started.',
    });

    h.clock.set('2026-11-24T18:30:00Z');
    expect(await h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: [ids.Vera, ids.Vera], attended: true })).toEqual({ marked: 1, paid: 1 });
    expect(await h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: [ids.Vera], attended: true })).toEqual({ marked: 1, paid: 0 });
    await h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: [ids.Vera], attended: false });
    expect(await h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: [ids.Vera, ids.Boris], attended: true })).toEqual({ marked: 2, paid: 1 });
    expect(await points(vera)).toBe('50');
    expect(await points(boris)).toBe('50');
    // Someone who never answered is not on the list: the whole call is refused, nothing marked.
    expect(await failure(h.as(owner).admin.calendar.markAttendance({ eventId: e.id, participantIds: [ids.Vera, carlId], attended: true }))).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'RSVP_NOT_FOUND',
      details: { participantIds: [carlId] },
    });
    const list = await h.as(owner).admin.calendar.attendees({ eventId: e.id });
    expect(list.items.map((a) => [a.name, a.answer, a.attended, a.rewarded])).toEqual([
      ['Vera', 'YES', true, true],
      ['Boris', 'NO', true, true],
    ]);
    expect(list.event).toMatchObject({ going: 1, notGoing: 1, attended: 2 });
    expect((await h.as(vera).calendar.upcoming())[0]).toMatchObject({ attended: true });
    expect((await h.as(vera).ledger.history()).items[0]).toMatchObject({ kind: 'EVENT_ATTENDANCE', amount: '50' });
    // Her answer is part of what the app keeps about her, and of her data export.
    expect((await h.as(vera).profile.export()).eventAnswers).toEqual([
      { event: 'Friday meet-up', startsAt: '2026-11-24T18:00:00.000Z', answer: 'YES', answeredAt: '2026-11-24T12:00:00.000Z', attended: true, remindedAt: null },
    ]);
    await h.expectLedgerBalanced();
  });
});

describe('community events: refusals', () => {
  it('refuses bad events, bad answers and callers without the role, each with its code', async () => {
    const bad = async (over: Record<string, unknown>) => failure(h.as(owner).admin.calendar.save(meetup(over) as never));
    expect(await bad({ endsAt: '2026-11-24T17:00:00.000Z' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await bad({ endsAt: '2026-11-24T17:00:00.000Z' })).message).toContain('must be after the start');
    expect(await bad({ capacity: 0 })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ remindMinutesBefore: 0 })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ rewardPoints: '-5' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ title: { en: '  ' } })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ url: 'javascript:alert(1)' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ startsAt: 'tomorrow' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ place: 'a\u0000b' })).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await bad({ id: 9999 })).toMatchObject({ code: 'NOT_FOUND', appCode: 'CALENDAR_EVENT_NOT_FOUND' });

    expect(await failure(h.as(vera).calendar.rsvp({ eventId: 2 ** 31, answer: 'YES' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(vera).calendar.rsvp({ eventId: 1, answer: 'PERHAPS' as never }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(vera).calendar.rsvp({ eventId: 424242, answer: 'YES' }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'CALENDAR_EVENT_NOT_FOUND' });
    expect(await failure(h.as(owner).admin.calendar.markAttendance({ eventId: 1, participantIds: [], attended: true }))).toMatchObject({ code: 'BAD_REQUEST' });

    // An event that has started cannot go live; a cancelled one cannot be edited or published.
    const late = await h.as(owner).admin.calendar.save(meetup({ startsAt: '2026-11-24T11:00:00.000Z' }));
    expect(await failure(h.as(owner).admin.calendar.publish({ eventId: late.id }))).toMatchObject({
      code: 'CONFLICT',
      appCode: 'CALENDAR_EVENT_STATE',
      message: 'An event that has already started cannot be published.',
    });
    await h.as(owner).admin.calendar.cancel({ eventId: late.id });
    expect(await failure(h.as(owner).admin.calendar.save({ id: late.id, ...meetup() }))).toMatchObject({ code: 'CONFLICT', appCode: 'CALENDAR_EVENT_STATE', message: 'A cancelled event cannot be edited.' });
    expect(await failure(h.as(owner).admin.calendar.publish({ eventId: late.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'CALENDAR_EVENT_STATE' });
    expect(await failure(h.as(owner).admin.calendar.cancel({ eventId: 9999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'CALENDAR_EVENT_NOT_FOUND' });

    // Participants see none of the back office.
    expect(await failure(h.as(vera).admin.calendar.save(meetup()))).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    expect(await failure(h.as(vera).admin.calendar.list())).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
  });

  it('lists events for the back office a page at a time, by status', async () => {
    await published();
    await h.as(owner).admin.calendar.save(meetup({ title: { en: 'Stream' }, startsAt: '2026-11-26T18:00:00.000Z', endsAt: '2026-11-26T19:00:00.000Z' }));
    const all = await h.as(owner).admin.calendar.list();
    expect(all.total).toBe(2);
    expect(all.items.map((e) => [e.title.en, e.status])).toEqual([['Stream', 'DRAFT'], ['Friday meet-up', 'PUBLISHED']]);
    expect((await h.as(owner).admin.calendar.list({ status: 'DRAFT', page: 1, limit: 1 })).items.map((e) => e.title.en)).toEqual(['Stream']);
  });

  it("the console's table: upcoming or past, by title or place, sorted by start, capacity or reward", async () => {
    // Yesterday's workshop is over; tonight's meet-up and next week's stream are not.
    await h.as(owner).admin.calendar.save(meetup({ title: { en: 'Workshop', ru: 'Мастерская' }, place: 'Library', startsAt: '2026-11-23T10:00:00.000Z', endsAt: '2026-11-23T12:00:00.000Z', capacity: 10, rewardPoints: '30' }));
    await published({ capacity: 40 });
    await h.as(owner).admin.calendar.save(meetup({ title: { en: 'Stream', ru: 'Трансляция' }, place: null, startsAt: '2026-12-01T18:00:00.000Z', endsAt: '2026-12-01T19:00:00.000Z', rewardPoints: '5' }));
    const titles = async (input: Record<string, unknown>) =>
      (await h.as(owner).admin.calendar.list(input as never)).items.map((e) => e.title.en);

    expect(await titles({ when: 'upcoming' })).toEqual(['Stream', 'Friday meet-up']);
    expect(await titles({ when: 'past' })).toEqual(['Workshop']);
    expect(await titles({ when: 'upcoming', sort: { by: 'startsAt', dir: 'asc' } })).toEqual(['Friday meet-up', 'Stream']);
    expect(await titles({ when: 'upcoming', status: 'PUBLISHED' })).toEqual(['Friday meet-up']);
    // The title in either language, or the place, in any case.
    expect(await titles({ search: 'трансл' })).toEqual(['Stream']);
    expect(await titles({ search: 'LOFT' })).toEqual(['Friday meet-up']);
    expect(await titles({ search: 'work' })).toEqual(['Workshop']);
    // No limit is the most room; the reward in points.
    expect(await titles({ sort: { by: 'capacity', dir: 'asc' } })).toEqual(['Workshop', 'Friday meet-up', 'Stream']);
    expect(await titles({ sort: { by: 'reward', dir: 'desc' } })).toEqual(['Workshop', 'Stream', 'Friday meet-up']);
    const page = await h.as(owner).admin.calendar.list({ sort: { by: 'startsAt', dir: 'asc' }, page: 2, limit: 2 });
    expect([page.total, page.items.map((e) => e.title.en)]).toEqual([3, ['Stream']]);

    for (const [bad, field] of [
      [{ when: 'soon' }, 'when'],
      [{ sort: { by: 'going', dir: 'asc' } }, 'sort'],
      [{ limit: 101 }, 'limit'],
      [{ page: 100_001 }, 'page'],
      [{ search: 'x'.repeat(65) }, 'search'],
    ] as const) {
      expect(await failure(h.as(owner).admin.calendar.list(bad as never)), field).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(field) });
    }
  });
});
