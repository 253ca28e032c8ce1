import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Avatar, Card, Empty, ErrorBox, Skeleton, Tabs } from '../../kit/ui.tsx';
import { formatAmount } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { SeasonBanner, SeasonBoard } from './SeasonParts.tsx';

type Board = 'all' | 'weekly' | 'friends' | 'season';
const MEDAL = ['🥇', '🥈', '🥉'];

export function LeaderboardScreen() {
  const { t, i18n } = useTranslation('leaderboard');
  const trpc = useTRPC();
  const [board, setBoard] = useState<Board>('all');
  const q = useQuery({ ...trpc.ratings.leaderboard.queryOptions({ board: board === 'season' ? 'all' : board }), enabled: board !== 'season' });
  const seasons = useQuery(trpc.ratings.seasons.queryOptions());
  const hasSeasons = !!seasons.data && (!!seasons.data.current || seasons.data.past.length > 0);
  const lang = i18n.language;
  return (
    <div>
      <h1>{t('title')}</h1>
      {seasons.data && board !== 'season' && <SeasonBanner seasons={seasons.data} onOpen={() => setBoard('season')} />}
      <div style={{ margin: '12px 0' }}>
        <Tabs
          value={board}
          onChange={setBoard}
          options={[
            { value: 'all', label: t('all'), testId: 'board-all' },
            { value: 'weekly', label: t('weekly'), testId: 'board-weekly' },
            { value: 'friends', label: t('friends'), testId: 'board-friends' },
            ...(hasSeasons ? [{ value: 'season' as const, label: t('seasonTab'), testId: 'board-season' }] : []),
          ]}
        />
      </div>
      {board === 'season' && seasons.isPending && <Skeleton lines={8} />}
      {board === 'season' && seasons.isError && <ErrorBox error={seasons.error} onRetry={() => seasons.refetch()} />}
      {board === 'season' && seasons.data && <SeasonBoard seasons={seasons.data} />}
      {board === 'season' && seasons.data?.current && (
        <Card className="me-row" testId="season-me">
          <div className="row">
            <div className="rank">{seasons.data.current.me.rank ?? '—'}</div>
            <div className="grow strong">{t('you')}</div>
            <div className="strong">{seasons.data.current.me.rank ? formatAmount('POINTS', seasons.data.current.me.points, lang) : <span className="hint small">{t('notRanked')}</span>}</div>
          </div>
        </Card>
      )}
      {board !== 'season' && q.isPending && <Skeleton lines={8} />}
      {board !== 'season' && q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {board !== 'season' && q.data && (
        <>
          <Card className="list">
            {q.data.entries.length === 0 && <Empty text={t('empty')} icon="🏆" />}
            {q.data.entries.map((e) => (
              <div className="item" key={e.participantId} style={e.isMe ? { color: 'var(--accent)' } : undefined}>
                <div className="rank">{e.rank <= 3 ? MEDAL[e.rank - 1] : e.rank}</div>
                <Avatar name={e.name} url={e.photoUrl} size={36} />
                <div className="grow ellipsis strong">{e.isMe ? `${e.name} · ${t('you')}` : e.name}</div>
                <div className="strong">{formatAmount('POINTS', e.points, lang)}</div>
              </div>
            ))}
          </Card>
          <Card className="me-row" testId="leaderboard-me">
            <div className="row">
              <div className="rank">{q.data.me.rank ?? '—'}</div>
              <div className="grow strong">{t('you')}</div>
              <div className="strong">{q.data.me.rank ? formatAmount('POINTS', q.data.me.points, lang) : <span className="hint small">{t('notRanked')}</span>}</div>
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
