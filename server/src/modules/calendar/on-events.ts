import { InlineKeyboard } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { handler } from '../events/handlers.ts';
import { inLanguage, type Localized } from '../mailings/schemas.ts';
import { notifyLater, refusedByTelegram } from '../notifications/service.ts';
import { calendarText } from './messages.ts';

type Lang = 'en' | 'ru';

/** The Mini App, opened on the calendar (Telegram opens Mini Apps only from https; a link otherwise). */
function appButton(deps: AppDeps, lang: Lang, eventId: number) {
  const url = `${deps.config.publicUrl}/?event=${eventId}`;
  const label = calendarText.openButton(lang);
  return url.startsWith('https://') ? new InlineKeyboard().webApp(label, url) : new InlineKeyboard().url(label, url);
}

/**
 * The calendar's after-commit work. A reminder is written once per answer (see reminders.ts); here it is
 * sent unless it no longer applies (the answer changed, the event was cancelled or has started), so a
 * late retry says nothing wrong. As with every bot message, a worker stopping between Telegram's answer
 * and the event being marked done is the one way it could arrive twice.
 */
export const calendarEventHandlers = [
  handler('calendar.remind', async (deps, { eventId, participantId }) => {
    const r = await deps.prisma.eventRsvp.findUnique({
      where: { eventId_participantId: { eventId, participantId } },
      include: { event: true, participant: { select: { telegramId: true, language: true } } },
    });
    const now = deps.clock.now();
    if (!r || r.answer !== 'YES' || r.event.status !== 'PUBLISHED' || r.event.startsAt <= now) return;
    // Deleted accounts keep a negative Telegram id: nobody to tell.
    if (r.participant.telegramId <= 0n) return;
    const lang: Lang = r.participant.language === 'ru' ? 'ru' : 'en';
    const e = r.event;
    const text = calendarText.reminder({
      title: inLanguage(e.title as Localized, lang),
      startsAt: e.startsAt,
      minutesLeft: (e.startsAt.getTime() - now.getTime()) / 60_000,
      place: e.place,
      url: e.url,
    })(lang);
    try {
      await deps.telegram.sendMessage(Number(r.participant.telegramId), text, { reply_markup: appButton(deps, lang, eventId) });
    } catch (err) {
      // Blocked or chat gone: sending again would change nothing.
      if (!refusedByTelegram(err)) throw err;
    }
  }),
  // One message to each who said yes, each its own event (keyed per participant, so a rerun adds none).
  handler('calendar.cancelled', async (deps, { eventId }) => {
    const e = await deps.prisma.communityEvent.findUnique({ where: { id: eventId } });
    if (!e) return;
    const going = await deps.prisma.eventRsvp.findMany({ where: { eventId, answer: 'YES' }, select: { participantId: true } });
    const t = e.title as Localized;
    const text = calendarText.cancelled({ en: t.en, ru: inLanguage(t, 'ru') }, e.startsAt);
    for (const g of going) await notifyLater(deps.prisma, g.participantId, text, `calendar.cancelled:${eventId}:${g.participantId}`);
  }),
];
