// The rating season on the leaderboard: a banner with the countdown and prizes, the season's board and
// past seasons with their winners (ratings.seasons).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Avatar, Card, Empty } from '../../kit/ui.tsx';
import { formatAmount, timeLeft } from '../../lib/format.ts';

export type Seasons = inferRouterOutputs<AppRouter>['ratings']['seasons'];
type Prize = NonNullable<Seasons['current']>['prizes'][number];
const MEDAL = ['🥇', '🥈', '🥉'];

function useNow(everyMs = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "3d 04:12:09", or "04:12:09" within a day. */
function Countdown({ to }: { to: string }) {
  const { t } = useTranslation('leaderboard');
  const l = timeLeft(to, useNow());
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(l.h / 24);
  const clock = `${pad(l.h % 24)}:${pad(l.m)}:${pad(l.s)}`;
  return <span className="mono" data-testid="season-countdown">{days ? t('season.days', { n: days, clock }) : clock}</span>;
}

export function usePrize() {
  const { t, i18n } = useTranslation('leaderboard');
  const lang = i18n.language;
  return (p: Pick<Prize, 'kind' | 'amount' | 'collection'>) =>
    p.kind === 'points'
      ? `${formatAmount('POINTS', p.amount ?? '0', lang)} ✦`
      : p.kind === 'ton'
        ? `${formatAmount('TON', p.amount ?? '0', lang)} TON`
        : p.kind === 'collectible'
          ? `🖼 ${p.collection ?? t('season.collectible')}`
          : `🎁 ${t('season.gift')}`;
}

const placesOf = (p: Prize) => (p.fromPlace === p.toPlace ? `#${p.fromPlace}` : `#${p.fromPlace}–${p.toPlace}`);

export function PrizeChips({ prizes }: { prizes: Prize[] }) {
  const prize = usePrize();
  return (
    <div className="chips" style={{ marginTop: 8 }} data-testid="season-prizes">
      {prizes.map((p) => (
        <span key={p.fromPlace} className="pill">
          {p.fromPlace <= 3 && p.fromPlace === p.toPlace ? MEDAL[p.fromPlace - 1] : placesOf(p)} {prize(p)}
        </span>
      ))}
    </div>
  );
}

/** Above the boards: the season under way (ends in …, prizes, my place), or when the next one starts. */
export function SeasonBanner({ seasons, onOpen }: { seasons: Seasons; onOpen: () => void }) {
  const { t } = useTranslation('leaderboard');
  const c = seasons.current;
  if (c) {
    return (
      <Card className="season-banner" onClick={onOpen} testId="season-banner">
        <div className="row">
          <div style={{ fontSize: 28 }}>🏆</div>
          <div className="grow">
            <div className="strong">{c.name}</div>
            <div className="hint small">{t('season.endsIn')} <Countdown to={c.endsAt} /></div>
          </div>
          <div className="strong" data-testid="season-my-place">{c.me.rank ? `#${c.me.rank}` : '—'}</div>
        </div>
        <PrizeChips prizes={c.prizes} />
      </Card>
    );
  }
  if (seasons.next) {
    return (
      <Card className="season-banner" testId="season-next">
        <div className="row">
          <div style={{ fontSize: 28 }}>⏳</div>
          <div className="grow">
            <div className="strong">{seasons.next.name}</div>
            <div className="hint small">{t('season.startsIn')} <Countdown to={seasons.next.startsAt} /></div>
          </div>
        </div>
        <PrizeChips prizes={seasons.next.prizes} />
      </Card>
    );
  }
  return null;
}

/** The season tab: its board now and my place, then past seasons with their winners. */
export function SeasonBoard({ seasons }: { seasons: Seasons }) {
  const { t, i18n } = useTranslation('leaderboard');
  const prize = usePrize();
  const lang = i18n.language;
  const c = seasons.current;
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'short' });
  return (
    <>
      {c && (
        <>
          <Card className="list">
            {c.entries.length === 0 && <Empty text={t('season.nobody')} icon="🏆" />}
            {c.entries.map((e) => (
              <div className="item" key={e.participantId} style={e.isMe ? { color: 'var(--accent)' } : undefined}>
                <div className="rank">{e.rank <= 3 ? MEDAL[e.rank - 1] : e.rank}</div>
                <Avatar name={e.name} url={e.photoUrl} size={36} />
                <div className="grow ellipsis strong">{e.isMe ? `${e.name} · ${t('you')}` : e.name}</div>
                <div className="strong">{formatAmount('POINTS', e.points, lang)}</div>
              </div>
            ))}
          </Card>
          <div className="hint small" style={{ margin: '4px 6px 12px' }}>{t('season.ties')}</div>
        </>
      )}
      {seasons.past.length > 0 && <h3 style={{ margin: '16px 4px 8px' }}>{t('season.past')}</h3>}
      {seasons.past.map((s) => (
        <Card key={s.id} testId={`season-past-${s.id}`}>
          <div className="row">
            <div className="grow strong">{s.name}</div>
            <div className="hint small">{date(s.startsAt)} – {date(s.endsAt)}</div>
          </div>
          {s.winners.length === 0 && <div className="hint small" style={{ marginTop: 6 }}>{t('season.noWinners')}</div>}
          {s.winners.map((w) => (
            <div className="row small" key={w.place} style={{ padding: '5px 0', ...(w.isMe ? { color: 'var(--accent)' } : {}) }}>
              <div style={{ width: 28 }}>{w.place <= 3 ? MEDAL[w.place - 1] : `#${w.place}`}</div>
              <Avatar name={w.name} url={w.photoUrl} size={24} />
              <div className="grow ellipsis">{w.isMe ? `${w.name} · ${t('you')}` : w.name}</div>
              <div className="hint">{prize({ kind: w.kind, amount: w.amount, collection: s.prizes.find((p) => p.fromPlace <= w.place && w.place <= p.toPlace)?.collection ?? null })}</div>
            </div>
          ))}
          <div className="hint small" style={{ marginTop: 6 }} data-testid="season-past-me">
            {s.me.place ? t('season.youPlaced', { place: s.me.place }) : t('season.yourPoints', { points: formatAmount('POINTS', s.me.points, lang) })}
          </div>
        </Card>
      ))}
      {!c && seasons.past.length === 0 && <Empty text={t('season.none')} icon="🏆" />}
    </>
  );
}
