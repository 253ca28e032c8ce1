import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RACE } from '../../test/db.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { BotApiError } from '../../test/fake-bot-api.ts';
import { createMailingClient, type MailingClient } from '../../bot/index.ts';
import { sendMailings } from './sender.ts';
import { startMailing } from './service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7000' });
const owner = { telegramId: 7000, firstName: 'Owner' };
const ann = { telegramId: 7001, firstName: 'Ann' };
const boris = { telegramId: 7002, firstName: 'Борис' };
const carl = { telegramId: 7003, firstName: 'Carl' };
const dan = { telegramId: 7004, firstName: 'Dan' };
const people = [ann, boris, carl, dan];

/** Chat id → what Telegram does with a message to it; anything else is delivered. */
const refuse = new Map<number, () => never>();
let mail: MailingClient;
const deliver = (p: Record<string, any>) => {
  const chat = Number(p.chat_id);
  const r = refuse.get(chat);
  if (r) {
    refuse.delete(chat);
    r();
  }
  return h.telegram.message(p);
};
beforeAll(() => {
  mail = createMailingClient(h.config.botToken, h.config.telegramApiRoot, h.config.telegramSendRatePerSecond);
  h.telegram.on('sendMessage', deliver);
});
beforeEach(() => {
  h.telegram.accepted.length = 0;
});
afterAll(() => refuse.clear());

// The worker's client: no retries inside a call; the sender waits out 429s and outages itself.
const send = (opts?: Parameters<typeof sendMailings>[2]) => sendMailings(h.deps, mail, opts);
const sentTo = () => h.telegram.callsOf('sendMessage').map((c) => ({ chat: Number(c.params.chat_id), text: c.params.text as string }));

/** Sets one participant's copy of a mailing as a sender would have left it. */
async function copy(mailingId: number, u: { telegramId: number; firstName: string }, data: object) {
  const participantId = (await h.as(u).profile.me()).id;
  await h.deps.prisma.mailingDelivery.update({ where: { mailingId_participantId: { mailingId, participantId } }, data });
}

async function everyone() {
  await h.as(owner).profile.me();
  for (const p of people) await h.as(p).profile.me();
  await h.as(boris).profile.update({ language: 'ru' });
}

const news = {
  title: 'Season two',
  category: 'NEWS' as const,
  variants: [{ text: { en: 'Season two starts today!', ru: 'Второй сезон начинается сегодня!' } }],
  button: { label: { en: 'Open', ru: 'Открыть' } },
};

describe('mailings', () => {
  it('reaches the segment that accepts the category, in each one’s language, exactly once', async () => {
    await everyone();
    await h.as(carl).mailings.setConsent({ category: 'NEWS', granted: false });
    await h.as(owner).admin.participants.ban({ telegramId: String(dan.telegramId), reason: 'spam in chat' });
    // The owner, Ann and Boris: Carl said no to news, Dan is banned.
    expect(await h.as(owner).admin.mailings.audience({ category: 'NEWS' })).toEqual({ count: 3 });
    const m = await h.as(owner).admin.mailings.create(news);
    expect(m).toMatchObject({ status: 'DRAFT', total: 0 });
    const started = await h.as(owner).admin.mailings.start({ id: m.id });
    expect(started).toMatchObject({ status: 'SENDING', total: 3, pending: 3 });

    expect(await send()).toEqual({ sent: 3, failed: 0, blocked: 0 });
    const got = sentTo();
    expect(got.map((s) => s.chat).sort()).toEqual([owner.telegramId, ann.telegramId, boris.telegramId]);
    expect(got.find((s) => s.chat === boris.telegramId)?.text).toBe('Второй сезон начинается сегодня!');
    expect(got.find((s) => s.chat === ann.telegramId)?.text).toBe('Season two starts today!');
    const button = h.telegram.callsOf('sendMessage').find((c) => Number(c.params.chat_id) === boris.telegramId)!.params.reply_markup.inline_keyboard[0][0];
    expect(button.text).toBe('Открыть');
    expect(button.url ?? button.web_app.url).toMatch(new RegExp(`/\\?mailing=${m.id}$`));

    // Running again sends nothing more; the mailing is done.
    expect(await send()).toEqual({ sent: 0, failed: 0, blocked: 0 });
    expect(sentTo()).toHaveLength(3);
    const done = await h.as(owner).admin.mailings.get({ id: m.id });
    expect(done).toMatchObject({ status: 'DONE', sent: 3, failed: 0, blocked: 0, pending: 0, createdBy: 'Owner' });

    // Opening the app from the button counts once; someone the mailing did not reach counts nothing.
    expect(await h.as(ann).mailings.opened({ mailingId: m.id })).toEqual({ counted: true });
    expect(await h.as(ann).mailings.opened({ mailingId: m.id })).toEqual({ counted: false });
    expect(await h.as(carl).mailings.opened({ mailingId: m.id })).toEqual({ counted: false });
    expect((await h.as(owner).admin.mailings.get({ id: m.id })).stats).toEqual([{ variant: 0, total: 3, sent: 3, failed: 0, blocked: 0, opened: 1 }]);
    const log = await h.as(owner).admin.overview.audit();
    expect(log.map((a) => a.action)).toEqual(expect.arrayContaining(['mailing.created', 'mailing.started', 'consent.revoked']));
  });

  it('offers reach only those who asked for them', async () => {
    await everyone();
    expect(await h.as(ann).mailings.consents()).toEqual([
      { category: 'NEWS', granted: true },
      { category: 'EVENTS', granted: true },
      { category: 'OFFERS', granted: false },
    ]);
    await h.as(ann).mailings.setConsent({ category: 'OFFERS', granted: true });
    const m = await h.as(owner).admin.mailings.create({ ...news, title: 'Sale', category: 'OFFERS' });
    await h.as(owner).admin.mailings.start({ id: m.id });
    await send();
    expect(sentTo().map((s) => s.chat)).toEqual([ann.telegramId]);
  });

  it('narrows the segment by language, activity, points and wallet', async () => {
    await everyone();
    h.clock.advance({ days: 40 });
    await h.as(ann).profile.me();
    const size = async (segment: object) => (await h.as(owner).admin.mailings.audience({ category: 'NEWS', segment })).count;
    expect(await size({})).toBe(5);
    expect(await size({ language: 'ru' })).toBe(1);
    // The owner's own calls count as activity too.
    expect(await size({ activeWithinDays: 30 })).toBe(2);
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 100n });
    await h.as(ann).tasks.complete({ taskId: checkin.id });
    expect(await size({ minPoints: '100' })).toBe(1);
    expect(await size({ minPoints: '101' })).toBe(0);
    await h.deps.prisma.wallet.create({ data: { participantId: (await h.as(carl).profile.me()).id, address: 'EQ-carl', chain: '-239', publicKey: 'ab' } });
    expect(await size({ walletLinked: true })).toBe(1);
    expect(await size({ walletLinked: false, language: 'en' })).toBe(3);
  });

  it('deals two variants half and half and counts opens per variant', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create({
      ...news,
      variants: [{ text: { en: 'Short' } }, { text: { en: 'A longer, friendlier hello', ru: 'Подлиннее и теплее' } }],
    });
    await h.as(owner).admin.mailings.start({ id: m.id });
    await send();
    const texts = sentTo().map((s) => s.text);
    expect(texts.filter((t) => t === 'Short')).toHaveLength(3);
    // Dealt alternately by id: A to the owner, Boris and Dan; B to Ann and Carl. Boris reads Russian, but
    // variant A has no Russian text, so English stands in.
    expect(sentTo().filter((s) => s.text !== 'Short').map((s) => s.chat).sort()).toEqual([ann.telegramId, carl.telegramId]);
    expect(sentTo().find((s) => s.chat === boris.telegramId)?.text).toBe('Short');
    const aReader = sentTo().find((s) => s.text === 'Short' && s.chat !== owner.telegramId)!;
    const reader = people.find((p) => p.telegramId === aReader.chat)!;
    await h.as(reader).mailings.opened({ mailingId: m.id });
    const stats = (await h.as(owner).admin.mailings.get({ id: m.id })).stats;
    expect(stats.map((s) => [s.variant, s.sent, s.opened])).toEqual([
      [0, 3, 1],
      [1, 2, 0],
    ]);
  });

  it('marks who blocked the bot, leaves them out of later mailings until they write /start', async () => {
    await everyone();
    refuse.set(ann.telegramId, () => {
      throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    });
    const first = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: first.id });
    expect(await send()).toEqual({ sent: 4, failed: 0, blocked: 1 });
    const m = await h.as(owner).admin.mailings.get({ id: first.id });
    expect(m).toMatchObject({ status: 'DONE', sent: 4, blocked: 1 });
    expect(m.failures).toEqual([
      { participantId: expect.any(Number), telegramId: String(ann.telegramId), name: 'Ann', status: 'BLOCKED', error: 'Forbidden: bot was blocked by the user' },
    ]);
    expect(await h.as(owner).admin.mailings.audience({ category: 'NEWS' })).toEqual({ count: 4 });
    const annRow = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ann.telegramId) } });
    expect(annRow.botBlockedAt).not.toBeNull();
  });

  it('waits out a 429, tries a Telegram outage again later, and fails what Telegram refuses for good', async () => {
    await everyone();
    refuse.set(ann.telegramId, () => {
      throw new BotApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    });
    refuse.set(carl.telegramId, () => {
      throw new BotApiError(400, 'Bad Request: chat not found');
    });
    refuse.set(dan.telegramId, () => {
      throw new BotApiError(502, 'Bad Gateway');
    });
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    expect(await send()).toEqual({ sent: 3, failed: 1, blocked: 0 });
    // Dan's copy waits half a minute (Telegram was down for it), and then arrives.
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'SENDING', sent: 3, failed: 1, pending: 1 });
    expect(await send()).toEqual({ sent: 0, failed: 0, blocked: 0 });
    h.clock.advance({ seconds: 31 });
    expect(await send()).toEqual({ sent: 1, failed: 0, blocked: 0 });
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'DONE', sent: 4, failed: 1, pending: 0 });
    const toAnn = sentTo().filter((s) => s.chat === ann.telegramId);
    expect(toAnn).toHaveLength(2); // the refused attempt and the one after retry_after
  });

  it(`never sends one copy twice, with senders running side by side (${RACE})`, async () => {
    await everyone();
    for (let i = 0; i < 20; i++) await h.as({ telegramId: 7100 + i, firstName: `P${i}` }).profile.me();
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    const results = await Promise.all([send({ chunk: 3 }), send({ chunk: 3 }), send({ chunk: 3 })]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(25);
    const chats = sentTo().map((s) => s.chat);
    expect(new Set(chats).size).toBe(25);
    expect(chats).toHaveLength(25);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'DONE', total: 25, sent: 25 });
  });

  it('counts a copy left in flight by a stopped process as failed instead of sending it again', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    const annId = (await h.as(ann).profile.me()).id;
    const claimed = new Date(h.clock.now().getTime() - 11 * 60_000);
    await h.deps.prisma.mailingDelivery.update({
      where: { mailingId_participantId: { mailingId: m.id, participantId: annId } },
      data: { status: 'SENDING', attempts: 1, attemptAt: claimed, claimedBy: 'a-stopped-run' },
    });
    expect(await send()).toEqual({ sent: 4, failed: 0, blocked: 0 });
    expect(sentTo().map((s) => s.chat)).not.toContain(ann.telegramId);
    const after = await h.as(owner).admin.mailings.get({ id: m.id });
    expect(after).toMatchObject({ status: 'DONE', sent: 4, failed: 1, pending: 0 });
    expect(after.failures[0].error).toMatch(/interrupted/);
  });

  it('keeps to Telegram’s limit and waits out its 429s: every copy arrives once', async () => {
    await everyone();
    for (let i = 0; i < 40; i++) await h.as({ telegramId: 7100 + i, firstName: `P${i}` }).profile.me();
    // Telegram enforces the configured rate over a sliding second, and refuses some sends at random.
    h.telegram.sendLimit = h.config.telegramSendRatePerSecond;
    h.telegram.random429 = 0.1;
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    const totals = await send();
    // Shown with what was left, should anything be.
    const left = await h.deps.prisma.mailingDelivery.findMany({ where: { mailingId: m.id, status: { not: 'SENT' } }, select: { participantId: true, status: true, attempts: true, error: true } });
    expect({ totals, left }).toEqual({ totals: { sent: 45, failed: 0, blocked: 0 }, left: [] });
    const chats = h.telegram.acceptedOf('sendMessage').map((c) => Number(c.params.chat_id));
    expect(chats).toHaveLength(45);
    expect(new Set(chats).size).toBe(45);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'DONE', sent: 45, failed: 0, pending: 0 });
  });

  it('does not count a 429 as an attempt: a copy refused more times than it may fail is still sent, once', async () => {
    await everyone();
    let refusals = 0;
    const wait = () => {
      if (++refusals < 4) refuse.set(ann.telegramId, wait);
      throw new BotApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    };
    refuse.set(ann.telegramId, wait);
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    expect(await send()).toEqual({ sent: 5, failed: 0, blocked: 0 });
    expect(sentTo().filter((s) => s.chat === ann.telegramId)).toHaveLength(5);
    expect(h.telegram.acceptedOf('sendMessage').filter((c) => Number(c.params.chat_id) === ann.telegramId)).toHaveLength(1);
    const annId = (await h.as(ann).profile.me()).id;
    expect(await h.deps.prisma.mailingDelivery.findUniqueOrThrow({ where: { mailingId_participantId: { mailingId: m.id, participantId: annId } } })).toMatchObject({
      status: 'SENT',
      attempts: 1,
    });
  });

  it('after a sender stops, sends what it had taken ahead once its lease ends, and never what it had in flight', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    // As a killed sender leaves them: Ann and Boris taken ahead (leased, still PENDING), Carl in flight.
    await copy(m.id, ann, { leaseUntil: new Date(h.clock.now().getTime() + 60_000), claimedBy: 'stopped-run' });
    await copy(m.id, boris, { leaseUntil: new Date(h.clock.now().getTime() + 60_000), claimedBy: 'stopped-run' });
    await copy(m.id, carl, { status: 'SENDING', attempts: 1, attemptAt: h.clock.now(), claimedBy: 'stopped-run' });
    // Without the job lease this sender cannot tell the other one is gone: it waits for what it left.
    expect(await send()).toEqual({ sent: 2, failed: 0, blocked: 0 });
    expect(sentTo().map((s) => s.chat).sort()).toEqual([owner.telegramId, dan.telegramId]);
    h.clock.advance({ seconds: 61 });
    expect(await send()).toEqual({ sent: 2, failed: 0, blocked: 0 });
    expect(sentTo().map((s) => s.chat).sort()).toEqual([owner.telegramId, ann.telegramId, boris.telegramId, dan.telegramId]);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'SENDING', sent: 4, pending: 1 });
    // Carl's copy may have arrived: after two minutes it is counted failed, not sent again.
    h.clock.advance({ minutes: 2 });
    await send();
    expect(sentTo().map((s) => s.chat)).not.toContain(carl.telegramId);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'DONE', sent: 4, failed: 1, pending: 0 });
  });

  it('holding the job lease, takes over at once what a stopped sender left: sends what it had taken ahead, never what it had in flight', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    // A sender that died a moment ago: Ann's and Boris's copies taken ahead, Carl's call had left for Telegram.
    await copy(m.id, ann, { leaseUntil: new Date(h.clock.now().getTime() + 60_000), claimedBy: 'dead-run' });
    await copy(m.id, boris, { leaseUntil: new Date(h.clock.now().getTime() + 60_000), claimedBy: 'dead-run' });
    await copy(m.id, carl, { status: 'SENDING', attempts: 1, attemptAt: h.clock.now(), claimedBy: 'dead-run' });
    // The mailings lease has passed to this worker (the dead one's lapsed), so no other sender is running.
    await h.deps.prisma.jobState.create({ data: { name: 'lease:mailings', leaseOwner: 'this-worker', leaseUntil: new Date(Date.now() + 60_000) } });
    expect(await send({ lease: { name: 'mailings', owner: 'this-worker' } })).toEqual({ sent: 4, failed: 0, blocked: 0 });
    const chats = sentTo().map((s) => s.chat);
    expect(chats.sort()).toEqual([owner.telegramId, ann.telegramId, boris.telegramId, dan.telegramId]);
    const after = await h.as(owner).admin.mailings.get({ id: m.id });
    expect(after).toMatchObject({ status: 'DONE', sent: 4, failed: 1, pending: 0 });
    expect(after.failures).toEqual([expect.objectContaining({ telegramId: String(carl.telegramId), status: 'FAILED', error: expect.stringMatching(/interrupted/) })]);
  });

  it('takes over nothing under a job lease it does not hold', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    await copy(m.id, ann, { leaseUntil: new Date(h.clock.now().getTime() + 60_000), claimedBy: 'live-run' });
    await copy(m.id, carl, { status: 'SENDING', attempts: 1, attemptAt: h.clock.now(), claimedBy: 'live-run' });
    // Another worker holds the lease: its run may still be sending these.
    await h.deps.prisma.jobState.create({ data: { name: 'lease:mailings', leaseOwner: 'other-worker', leaseUntil: new Date(Date.now() + 60_000) } });
    expect(await send({ lease: { name: 'mailings', owner: 'this-worker' } })).toEqual({ sent: 3, failed: 0, blocked: 0 });
    expect(sentTo().map((s) => s.chat)).not.toContain(ann.telegramId);
    expect(sentTo().map((s) => s.chat)).not.toContain(carl.telegramId);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'SENDING', sent: 3, failed: 0, pending: 2 });
  });

  it('when stopped mid-run, gives back what it had taken ahead, and the next run sends each copy once', async () => {
    await everyone();
    for (let i = 0; i < 20; i++) await h.as({ telegramId: 7100 + i, firstName: `P${i}` }).profile.me();
    const m = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: m.id });
    const stop = new AbortController();
    h.telegram.on('sendMessage', (p) => {
      if (h.telegram.acceptedOf('sendMessage').length === 2) stop.abort();
      return h.telegram.message(p);
    });
    try {
      const first = await send({ signal: stop.signal });
      expect(first.sent).toBeGreaterThanOrEqual(3);
      expect(first.sent).toBeLessThan(25);
      const held = await h.deps.prisma.mailingDelivery.count({ where: { mailingId: m.id, OR: [{ status: 'SENDING' }, { leaseUntil: { not: null }, status: 'PENDING' }] } });
      expect(held).toBe(0);
      expect(await send()).toEqual({ sent: 25 - first.sent, failed: 0, blocked: 0 });
    } finally {
      h.telegram.on('sendMessage', deliver);
    }
    const chats = h.telegram.acceptedOf('sendMessage').map((c) => Number(c.params.chat_id));
    expect(new Set(chats).size).toBe(25);
    expect(chats).toHaveLength(25);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'DONE', sent: 25 });
  });

  it('pauses, resumes and cancels; edits drafts only; refuses bad input with a clear message', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    const edited = await h.as(owner).admin.mailings.update({ id: m.id, ...news, title: 'Season two, day one', button: null });
    expect(edited).toMatchObject({ title: 'Season two, day one', button: null });
    await h.as(owner).admin.mailings.start({ id: m.id });
    expect(await failure(h.as(owner).admin.mailings.start({ id: m.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'MAILING_STATE' });
    expect(await failure(h.as(owner).admin.mailings.update({ id: m.id, ...news }))).toMatchObject({ code: 'CONFLICT', appCode: 'MAILING_STATE' });

    await h.as(owner).admin.mailings.pause({ id: m.id });
    expect(await send()).toEqual({ sent: 0, failed: 0, blocked: 0 });
    expect(await failure(h.as(owner).admin.mailings.pause({ id: m.id }))).toMatchObject({ appCode: 'MAILING_STATE' });
    await h.as(owner).admin.mailings.resume({ id: m.id });
    expect(await send({ chunk: 2 })).toEqual({ sent: 5, failed: 0, blocked: 0 });
    // The edit took the button away.
    expect(h.telegram.callsOf('sendMessage').map((c) => c.params.reply_markup)).toEqual(new Array(5).fill(undefined));

    const later = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.start({ id: later.id });
    const cancelled = await h.as(owner).admin.mailings.cancel({ id: later.id });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', total: 5, pending: 5 });
    const before = sentTo().length;
    await send();
    expect(sentTo()).toHaveLength(before);

    const blank = await failure(h.as(owner).admin.mailings.create({ ...news, variants: [{ text: { en: '   ' } }] }));
    expect(blank).toMatchObject({ code: 'BAD_REQUEST' });
    expect(blank.message).toMatch(/must not be empty/);
    expect(await failure(h.as(owner).admin.mailings.create({ ...news, variants: [news.variants[0], news.variants[0], news.variants[0]] }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.mailings.create({ ...news, segment: { country: 'NL' } } as never))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.mailings.create({ ...news, button: { label: { en: 'Go' }, url: 'javascript:alert(1)' } }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.mailings.get({ id: 999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'MAILING_NOT_FOUND' });
    const nobody = await h.as(owner).admin.mailings.create({ ...news, segment: { minPoints: '1000000' } });
    expect(await failure(h.as(owner).admin.mailings.start({ id: nobody.id }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'MAILING_EMPTY_AUDIENCE' });
    expect((await h.as(owner).admin.mailings.get({ id: nobody.id })).status).toBe('DRAFT');
  });

  it('starts a scheduled mailing by itself when its time comes, with the audience of that moment', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    const at = new Date(h.clock.now().getTime() + 2 * 3_600_000).toISOString();
    expect(await failure(h.as(owner).admin.mailings.schedule({ id: m.id, at: h.clock.now().toISOString() }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.as(owner).admin.mailings.schedule({ id: m.id, at })).toMatchObject({ status: 'SCHEDULED', scheduledAt: at, total: 0 });
    expect(await failure(h.as(owner).admin.mailings.update({ id: m.id, ...news }))).toMatchObject({ appCode: 'MAILING_STATE' });

    // Not before its time.
    expect(await send()).toEqual({ sent: 0, failed: 0, blocked: 0 });
    // Someone who joins meanwhile is in the audience frozen at the scheduled time.
    await h.as({ telegramId: 7050, firstName: 'Late' }).profile.me();
    h.clock.advance({ hours: 2 });
    expect(await send()).toEqual({ sent: 6, failed: 0, blocked: 0 });
    expect(sentTo().map((x) => x.chat)).toContain(7050);
    expect(await h.as(owner).admin.mailings.get({ id: m.id })).toMatchObject({ status: 'DONE', total: 6, sent: 6 });

    // Unscheduling takes it back to a draft; a segment that is empty at the hour cancels it.
    const other = await h.as(owner).admin.mailings.create({ ...news, segment: { minPoints: '50' } });
    expect(await failure(h.as(owner).admin.mailings.schedule({ id: other.id, at: new Date(h.clock.now().getTime() + 3_600_000).toISOString() }))).toMatchObject({ appCode: 'MAILING_EMPTY_AUDIENCE' });
    await h.as(owner).admin.participants.setTags({ telegramId: String(ann.telegramId), tags: ['beta'] });
    const beta = await h.as(owner).admin.mailings.create({ ...news, segment: { tag: 'beta' } });
    await h.as(owner).admin.mailings.schedule({ id: beta.id, at: new Date(h.clock.now().getTime() + 3_600_000).toISOString() });
    await h.as(owner).admin.participants.setTags({ telegramId: String(ann.telegramId), tags: [] });
    h.clock.advance({ hours: 1 });
    const before = sentTo().length;
    await send();
    expect(sentTo()).toHaveLength(before);
    expect((await h.as(owner).admin.mailings.get({ id: beta.id })).status).toBe('CANCELLED');
    const third = await h.as(owner).admin.mailings.create(news);
    await h.as(owner).admin.mailings.schedule({ id: third.id, at: new Date(h.clock.now().getTime() + 3_600_000).toISOString() });
    expect(await h.as(owner).admin.mailings.unschedule({ id: third.id })).toMatchObject({ status: 'DRAFT', scheduledAt: null });
    const log = await h.as(owner).admin.overview.audit();
    expect(log.map((a) => a.action)).toEqual(expect.arrayContaining(['mailing.scheduled', 'mailing.unscheduled']));
  });

  it('will not start without a real bot to send with', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create(news);
    const admin = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } });
    const dev = { ...h.deps, config: { ...h.deps.config, botTokenIsDev: true } };
    await expect(startMailing(dev, admin, m.id)).rejects.toMatchObject({ trpcCode: 'PRECONDITION_FAILED', appCode: 'BOT_NOT_CONFIGURED' });
    expect((await h.as(owner).admin.mailings.get({ id: m.id })).status).toBe('DRAFT');
  });

  it('lets only admins send; moderators may look', async () => {
    await everyone();
    await h.as(owner).admin.participants.setRole({ telegramId: String(ann.telegramId), role: 'MODERATOR' });
    const m = await h.as(owner).admin.mailings.create(news);
    expect((await h.as(ann).admin.mailings.list()).items.map((x) => x.id)).toEqual([m.id]);
    expect(await failure(h.as(ann).admin.mailings.start({ id: m.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(h.as(boris).admin.mailings.list())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(h.as(boris).admin.mailings.create(news))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('sends a test of every variant to the admin before the real thing', async () => {
    await everyone();
    const m = await h.as(owner).admin.mailings.create({ ...news, variants: [{ text: { en: 'One' } }, { text: { en: 'Two' } }] });
    expect(await h.as(owner).admin.mailings.test({ id: m.id })).toEqual({ sent: 2 });
    expect(sentTo()).toEqual([
      { chat: owner.telegramId, text: '[A] One' },
      { chat: owner.telegramId, text: '[B] Two' },
    ]);
    expect((await h.as(owner).admin.mailings.get({ id: m.id })).status).toBe('DRAFT');
    refuse.set(owner.telegramId, () => {
      throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    });
    expect(await failure(h.as(owner).admin.mailings.test({ id: m.id }))).toMatchObject({ code: 'BAD_GATEWAY', appCode: 'MESSAGE_NOT_SENT' });
  });
});
