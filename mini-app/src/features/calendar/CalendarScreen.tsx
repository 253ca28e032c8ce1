import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Skeleton, useFail } from '../../kit/ui.tsx';
import { haptic, openExternal } from '../../lib/telegram.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { DateTile, fromNow, newsIcons } from '../home/News.tsx';

type CalendarEvent = inferRouterOutputs<AppRouter>['calendar']['upcoming'][number];
type Answer = NonNullable<CalendarEvent['myAnswer']>;
const ANSWERS: Answer[] = ['YES', 'MAYBE', 'NO'];

const pin = (
  <svg width={13} height={13} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" aria-hidden className="inline-icon">
    <path d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21z" />
    <circle cx="12" cy="9.5" r="2.5" />
  </svg>
);

/** "Monday, 7 December": the day, the hours follow apart. */
const dayOf = (iso: string, lang: string) => new Date(iso).toLocaleDateString(lang, { weekday: 'long', day: 'numeric', month: 'long' });

/** "18:00–20:00", or with the end's date when it ends on another day. */
function timeRange(start: string, end: string, lang: string) {
  const a = new Date(start);
  const b = new Date(end);
  const time = (d: Date) => d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  return a.toDateString() === b.toDateString() ? `${time(a)}–${time(b)}` : `${time(a)} – ${b.toLocaleDateString(lang, { day: 'numeric', month: 'short' })} ${time(b)}`;
}

/** Where the event's status leaves the participant: a pill for what matters most now. */
function StatusPill({ e }: { e: CalendarEvent }) {
  const { t } = useTranslation('calendar');
  if (e.status === 'CANCELLED') return <span className="pill danger" data-testid="calendar-cancelled">{t('cancelled')}</span>;
  if (e.started) return <span className="pill ok">{t('now')}</span>;
  if (e.spotsLeft === 0 && e.myAnswer !== 'YES') return <span className="pill warn">{t('full')}</span>;
  return null;
}

function EventItem({ e, focused }: { e: CalendarEvent; focused: boolean }) {
  const { t, i18n } = useTranslation('calendar');
  const lang = i18n.language;
  const trpc = useTRPC();
  const qc = useQueryClient();
  const fail = useFail();
  const answer = useMutation(
    trpc.calendar.rsvp.mutationOptions({
      onSuccess: (updated) => {
        haptic.success();
        qc.setQueryData(trpc.calendar.upcoming.queryKey(), (old) => old?.map((x) => (x.id === updated.id ? updated : x)));
      },
      onError: (err) => {
        fail(err);
        void qc.invalidateQueries({ queryKey: trpc.calendar.upcoming.queryKey() });
      },
    }),
  );
  const full = e.spotsLeft === 0 && e.myAnswer !== 'YES';
  return (
    <Card className={`calendar-event ${focused ? 'event-card' : ''}`} testId={`calendar-event-${e.id}`}>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <DateTile iso={e.startsAt} lang={lang} />
        <div className="grow" style={{ minWidth: 0 }}>
          <div className="row between" style={{ gap: 6 }}>
            <div className="eyebrow">{e.started ? t('happening') : fromNow(e.startsAt, lang)}</div>
            <StatusPill e={e} />
          </div>
          <div className="strong calendar-title" data-testid="calendar-title">{e.title}</div>
          <div className="hint small">{newsIcons.calendar} {dayOf(e.startsAt, lang)} · {timeRange(e.startsAt, e.endsAt, lang)}</div>
          {e.place && <div className="hint small">{pin} {e.place}</div>}
        </div>
      </div>
      {e.description && <div className="calendar-description small">{e.description}</div>}
      <div className="calendar-meta small">
        <span data-testid="calendar-going">{t('going', { count: e.going })}</span>
        {e.maybe > 0 && <span>{t('maybeCount', { count: e.maybe })}</span>}
        {e.spotsLeft != null && e.status !== 'CANCELLED' && <span className={e.spotsLeft === 0 ? 'danger' : ''}>{t('spotsLeft', { count: e.spotsLeft })}</span>}
        {e.rewardPoints !== '0' && <span className="accent">{t('reward', { points: Number(e.rewardPoints).toLocaleString(lang) })}</span>}
      </div>
      {e.open ? (
        <>
          <div className="segmented calendar-answers" role="group" aria-label={t('yourAnswer')}>
            {ANSWERS.map((a) => (
              <button
                key={a}
                className={e.myAnswer === a ? 'active' : ''}
                aria-pressed={e.myAnswer === a}
                disabled={answer.isPending || (a === 'YES' && full)}
                onClick={() => answer.mutate({ eventId: e.id, answer: a })}
                data-testid={`calendar-answer-${a}`}
              >
                {t(`answer.${a}`)}
              </button>
            ))}
          </div>
          <div className="hint small calendar-note" data-testid="calendar-note">
            {e.myAnswer === 'YES' ? t('remindNote') : full ? t('fullNote') : t('answerNote')}
          </div>
        </>
      ) : (
        <div className="hint small calendar-note">
          {e.status === 'CANCELLED' ? t('cancelledNote') : e.attended ? t('attendedNote') : e.myAnswer ? t('closedWith', { answer: t(`answer.${e.myAnswer}`) }) : t('closedNote')}
        </div>
      )}
      {e.url && e.status !== 'CANCELLED' && (
        <div style={{ marginTop: 8 }}>
          <Button variant="secondary" small onClick={() => openExternal(e.url!)} testId={`calendar-link-${e.id}`}>
            {t('openLink')} ↗
          </Button>
        </div>
      )}
    </Card>
  );
}

/** Community events to come: answer going, maybe or not; the bot reminds who is going before the start. */
export function CalendarScreen({ focus }: { focus?: number }) {
  const { t } = useTranslation('calendar');
  const trpc = useTRPC();
  const q = useQuery(trpc.calendar.upcoming.queryOptions());
  // Opened from the bot's reminder: the event it was about, in view.
  useEffect(() => {
    if (focus && q.data) document.querySelector(`[data-testid="calendar-event-${focus}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, !!q.data]);
  return (
    <div data-testid="calendar">
      <h1>{t('title')}</h1>
      <p className="hint small" style={{ margin: '-4px 2px 12px' }}>{t('intro')}</p>
      {q.isPending && <Skeleton lines={8} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && q.data.length === 0 && <Empty text={t('empty')} icon="📅" />}
      {q.data?.map((e) => <EventItem key={e.id} e={e} focused={e.id === focus} />)}
    </div>
  );
}
