type Lang = 'en' | 'ru';

/** "27 Nov, 18:00 UTC": the bot does not know the reader's time zone, so it says which one it uses. */
export function whenText(at: Date, lang: Lang): string {
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const date = at.toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  return `${date}, ${time} UTC`;
}

/** "1 hour", "45 minutes" / "1 ч", "45 мин": how soon, rounded to what a reminder needs. */
function soonText(minutes: number, lang: Lang): string {
  const hours = Math.round(minutes / 60);
  if (minutes >= 90) return lang === 'ru' ? `${hours} ч` : `${hours} hours`;
  if (minutes >= 55) return lang === 'ru' ? '1 ч' : '1 hour';
  const m = Math.max(1, Math.round(minutes));
  return lang === 'ru' ? `${m} мин` : `${m} minute${m === 1 ? '' : 's'}`;
}

/** What the bot tells participants about community events, in both languages. */
export const calendarText = {
  reminder: (o: { title: string; startsAt: Date; minutesLeft: number; place: string | null; url: string | null }) => (l: Lang) =>
    [
      l === 'ru'
        ? `⏰ «${o.title}» начнётся через ${soonText(o.minutesLeft, l)} — ${whenText(o.startsAt, l)}.`
        : `⏰ “${o.title}” starts in ${soonText(o.minutesLeft, l)}, at ${whenText(o.startsAt, l)}.`,
      o.place ? (l === 'ru' ? `Где: ${o.place}` : `Where: ${o.place}`) : null,
      o.url ? (l === 'ru' ? `Ссылка: ${o.url}` : `Link: ${o.url}`) : null,
      l === 'ru' ? 'Вы ответили «Приду». До встречи!' : 'You said you are going. See you there!',
    ]
      .filter(Boolean)
      .join('\n'),
  openButton: (l: Lang) => (l === 'ru' ? 'Открыть событие' : 'Open the event'),
  cancelled: (title: { en: string; ru: string }, startsAt: Date) => (l: Lang) =>
    l === 'ru'
      ? `❌ Событие «${title.ru}» (${whenText(startsAt, l)}) отменено. Спасибо, что собирались прийти.`
      : `❌ “${title.en}” (${whenText(startsAt, l)}) has been cancelled. Thank you for planning to come.`,
};
