import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';
import { RouteLink } from '../../kit/RouteLink.tsx';
import { go, setParams, useAdminRoute } from '../../kit/route.ts';

type Status = 'FAILED' | 'PENDING' | 'DONE';
const TABS: { status: Status; key: string }[] = [
  { status: 'FAILED', key: 'eventsFailed' },
  { status: 'PENDING', key: 'eventsPending' },
  { status: 'DONE', key: 'eventsDone' },
];

/** The outbox: after-commit work, its attempts and last error, and a way to run a failed one again. An event is #/events/<id>. */
export function Events() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  // The tab is the route's (#/events?status=DONE); one event's link shows it whatever its status.
  const route = useAdminRoute();
  const only = route.record && /^\d{1,18}$/.test(route.record) ? route.record : undefined;
  const status: Status = TABS.some((tab) => tab.status === route.params.status) ? (route.params.status as Status) : 'FAILED';
  const setStatus = (s: Status) => go({ section: 'events', params: s === 'FAILED' ? {} : { status: s } }, { replace: !only });
  const q = useInfiniteQuery(
    trpc.admin.events.list.infiniteQueryOptions({ status, id: only, limit: 30 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const retry = useMutation(trpc.admin.events.retry.mutationOptions({ onSuccess: () => (ok(t('eventRetried')), void qc.invalidateQueries()), onError: fail }));
  const counts = q.data?.pages[0]?.counts;
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '');
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('eventsHint')}</p>
      <div className="chips" style={{ marginBottom: 10 }}>
        {TABS.map((tab) => (
          <button key={tab.status} className={status === tab.status ? 'active' : ''} onClick={() => setStatus(tab.status)} data-testid={`events-${tab.status}`}>
            {t(tab.key)}
            {counts ? ` · ${counts[tab.status] ?? 0}` : ''}
          </button>
        ))}
      </div>
      {only && (
        <div className="admin-deeplink">
          <span className="pill">{t('table.only', { id: only })}</span>
          <button className="btn btn-ghost btn-small" onClick={() => setParams({}, { replace: false, record: null })} data-testid="events-show-all">{t('table.showAll')}</button>
        </div>
      )}
      {q.isPending && <Skeleton lines={5} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.isSuccess && items.length === 0 && <Empty text={only ? t('eventNotFound') : t('eventsEmpty')} icon="✅" />}
      {items.map((e) => (
        <Card key={e.id} testId={`event-${e.id}`}>
          <div className="row">
            <div className="grow">
              <div className="strong mono">{e.type}</div>
              <div className="hint small">
                <RouteLink to={{ section: 'events', record: e.id, params: route.params }} className="plain-link" testId={`event-link-${e.id}`}>#{e.id}</RouteLink> · {when(e.createdAt)} · {t('eventAttempts', { n: e.attempts })}
                {only && <> · {t(TABS.find((tab) => tab.status === e.status)!.key)}</>}
              </div>
              {e.status === 'PENDING' && e.nextTryAt && <div className="hint small">{t('eventNextTry', { at: when(e.nextTryAt) })}</div>}
            </div>
            {e.status === 'FAILED' && (
              <Button variant="secondary" busy={retry.isPending && retry.variables?.id === e.id} onClick={() => retry.mutate({ id: e.id })} testId={`event-retry-${e.id}`}>
                {t('eventRetry')}
              </Button>
            )}
          </div>
          {e.lastError && <div className="mono hint small" style={{ marginTop: 6, wordBreak: 'break-word' }}>{e.lastError}</div>}
        </Card>
      ))}
      {q.hasNextPage && (
        <Button variant="secondary" busy={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
          {t('eventMore')}
        </Button>
      )}
    </>
  );
}
