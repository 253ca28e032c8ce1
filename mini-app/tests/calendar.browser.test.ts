import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowser, launchChromium, openInTelegram } from './browser-harness.ts';
import { startServer, type Running } from '../../server/src/server.ts';
import { openTestDatabase } from '../../server/src/test/db.ts';
import { testConfig } from '../../server/src/test/harness.ts';

// Community events in the built Mini App: answering from the Events screen, a full event, the reminder's link.
let running: Running;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let browser: Browser;
let base = '';

const open = (telegramId: number, firstName: string, opts: Parameters<typeof openInTelegram>[5] = {}) =>
  openInTelegram(browser, base, running.deps.config.botToken, telegramId, firstName, opts);

const HOUR = 3_600_000;
const OWNER = 720_001;
// Screenshots of the admin section with attendance go here when SCREENSHOTS names a folder.
const SHOTS = process.env.SCREENSHOTS;
async function event(title: string, startsInHours: number, capacity: number | null, rewardPoints = 0n) {
  const start = new Date(Date.now() + startsInHours * HOUR);
  return db.prisma.communityEvent.create({
    data: {
      title: { en: title, ru: `${title} (ру)` },
      description: { en: 'Tea and talks.', ru: 'Чай и разговоры.' },
      place: 'Loft Hall',
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * HOUR),
      capacity,
      rewardPoints,
      status: 'PUBLISHED',
      publishedAt: new Date(),
      createdById: 0,
    },
  });
}
const answerOf = async (telegramId: number, eventId: number) => {
  const p = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } });
  return (await db.prisma.eventRsvp.findUnique({ where: { eventId_participantId: { eventId, participantId: p.id } } }))?.answer ?? null;
};

describe.runIf(canRunBrowser)('community events in headless Chromium', () => {
  beforeAll(async () => {
    db = await openTestDatabase();
    running = await startServer(testConfig({ DEMO_DATA: 'off', PORT: '0', HOST: '127.0.0.1', JOBS: 'off', ADMIN_TELEGRAM_IDS: String(OWNER) }), { db, logger: false });
    base = running.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await db?.drop();
  });

  it('a participant finds Events from Home, says they are going, and the last spot is then taken for the next one', async () => {
    const meetup = await event('Meet-up', 48, 1);
    await event('Stream', 24, null);

    const boris = await open(720_101, 'Boris', { language: 'ru' });
    await boris.getByTestId('open-calendar').click();
    const card = boris.getByTestId(`calendar-event-${meetup.id}`);
    await card.waitFor();
    // Soonest first, in the reader's language.
    expect(await boris.getByTestId('calendar-title').allTextContents()).toEqual(['Stream (ру)', 'Meet-up (ру)']);
    await expect.poll(() => card.textContent()).toContain('осталось 1 место');
    await card.getByTestId('calendar-answer-YES').click();
    await expect.poll(() => card.getByTestId('calendar-note').textContent()).toBe('Вы придёте. Бот напомнит перед началом.');
    expect(await card.getByTestId('calendar-going').textContent()).toBe('1 идёт');
    expect(await answerOf(720_101, meetup.id)).toBe('YES');

    // The next person finds it full: no "Going", but "Maybe" still works.
    const carl = await open(720_102, 'Carl');
    await carl.getByTestId('open-calendar').click();
    const full = carl.getByTestId(`calendar-event-${meetup.id}`);
    await full.waitFor();
    expect(await full.getByTestId('calendar-answer-YES').isDisabled()).toBe(true);
    expect(await full.getByTestId('calendar-note').textContent()).toBe('All spots are taken. If someone cancels, a spot opens again.');
    await full.getByTestId('calendar-answer-MAYBE').click();
    await expect.poll(() => answerOf(720_102, meetup.id)).toBe('MAYBE');
  }, 90_000);

  it('the reminder’s button opens the app on the Events screen, on that event', async () => {
    const stream = await event('Late stream', 3, null);
    const vera = await open(720_103, 'Vera', { query: { event: String(stream.id) }, ready: 'calendar' });
    const card = vera.getByTestId(`calendar-event-${stream.id}`);
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('event-card');
    await card.getByTestId('calendar-answer-YES').click();
    await expect.poll(() => answerOf(720_103, stream.id)).toBe('YES');
  }, 90_000);

  it('an admin marks who came from the back office, and the reward is paid once', async () => {
    const past = await event('Workshop', -1, null, 30n);
    const people = [720_201, 720_202, 720_203];
    for (const [i, tid] of people.entries()) {
      const page = await open(tid, `Guest${i}`);
      await page.close();
      const p = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(tid) } });
      await db.prisma.eventRsvp.create({ data: { eventId: past.id, participantId: p.id, answer: i === 2 ? 'MAYBE' : 'YES', answeredAt: new Date() } });
    }
    for (const dark of [false, true]) {
      const admin = await open(OWNER, 'Olga', { dark, width: 1000 });
      await admin.getByTestId('tab-profile').click();
      await admin.getByTestId('open-admin').click();
      await admin.getByTestId('admin-calendar').click();
      await admin.getByTestId(`calendar-events-row-${past.id}`).click();
      await admin.getByTestId('calendar-attendees').waitFor();
      if (!dark) {
        await admin.getByTestId('calendar-mark-going').click();
        await expect.poll(() => db.prisma.eventRsvp.count({ where: { eventId: past.id, attended: true } })).toBe(2);
        const guest2 = await db.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(720_203) } });
        await admin.getByTestId(`calendar-mark-${guest2.id}`).click();
        await expect.poll(() => db.prisma.eventRsvp.count({ where: { eventId: past.id, attended: true } })).toBe(3);
        // Taking a mark back and giving it again pays nothing more.
        await admin.getByTestId(`calendar-mark-${guest2.id}`).click();
        await expect.poll(() => db.prisma.eventRsvp.count({ where: { eventId: past.id, attended: true } })).toBe(2);
        await admin.getByTestId(`calendar-mark-${guest2.id}`).click();
        await expect.poll(() => db.prisma.eventRsvp.count({ where: { eventId: past.id, attended: true } })).toBe(3);
        expect((await db.prisma.transfer.findMany({ where: { kind: 'EVENT_ATTENDANCE' } })).map((t) => t.amount)).toEqual([30n, 30n, 30n]);
      }
      await admin.waitForTimeout(300);
      if (SHOTS) await admin.screenshot({ path: join(SHOTS, `calendar-attendance-${dark ? 'dark' : 'light'}.png`), fullPage: true });
      await admin.close();
    }
  }, 120_000);
});
