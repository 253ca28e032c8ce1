import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Skeleton } from '../../kit/ui.tsx';
import { money } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

export function HistoryScreen() {
  const { t, i18n } = useTranslation('history');
  const trpc = useTRPC();
  const q = useInfiniteQuery(trpc.ledger.history.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <h1>{t('title')}</h1>
      {q.isPending && <Skeleton lines={8} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && items.length === 0 && <Empty text={t('empty')} icon="🧾" />}
      {items.length > 0 && (
        <Card className="list" testId="history">
          {items.map((i) => (
            <div className="item" key={i.id} data-testid="history-row">
              <div className="grow" style={{ minWidth: 0 }}>
                <div className="strong ellipsis" data-testid="history-subject">{i.subject ?? t(`kinds.${i.kind}`, { defaultValue: i.kind })}</div>
                <div className="hint small">
                  {i.subject ? `${t(`kinds.${i.kind}`, { defaultValue: i.kind })} · ` : ''}
                  {new Date(i.createdAt).toLocaleString(i18n.language)}
                </div>
              </div>
              <div className={`strong ${i.direction === 'in' ? 'ok' : ''}`}>
                {i.direction === 'in' ? '+' : '−'}
                {money(i.currency, i.amount, i18n.language)}
              </div>
            </div>
          ))}
        </Card>
      )}
      {q.hasNextPage && (
        <Button variant="secondary" busy={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
          {t('more')}
        </Button>
      )}
    </div>
  );
}
