import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Avatar, Card, Empty, ErrorBox, Skeleton, Tabs } from '../../kit/ui.tsx';
import { formatAmount } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

type Board = 'all' | 'weekly' | 'friends';
const MEDAL = ['🥇', '🥈', '🥉'];

export function LeaderboardScreen() {
  const { t, i18n } = useTranslation('leaderboard');
  const trpc = useTRPC();
  const [board, setBoard] = useState<Board>('all');
  const q = useQuery(trpc.ratings.leaderboard.queryOptions({ board }));
  const lang = i18n.language;
  return (
    <div>
      <h1>{t('title')}</h1>
      <div style={{ margin: '12px 0' }}>
        <Tabs
          value={board}
          onChange={setBoard}
          options={[
            { value: 'all', label: t('all'), testId: 'board-all' },
            { value: 'weekly', label: t('weekly'), testId: 'board-weekly' },
            { value: 'friends', label: t('friends'), testId: 'board-friends' },
          ]}
        />
      </div>
      {q.isPending && <Skeleton lines={8} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
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
