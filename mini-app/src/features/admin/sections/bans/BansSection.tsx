import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, useFail, useOk } from '../../../../kit/ui.tsx';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { useDebounced } from '../../kit/index.ts';
import { DataTable, allPages, type DataColumn } from '../../kit/DataTable.tsx';

type Ban = inferRouterOutputs<AppRouter>['admin']['participants']['bans']['items'][number];
type Show = 'active' | 'past' | 'all';
const LIMIT = 20;
const PILL: Record<Ban['status'], string> = { active: 'danger', ended: 'muted', lifted: 'ok' };

/** The ban list: who is banned, by whom, why and until when; unban from here. */
export function Bans() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<Show>('active');
  const [page, setPage] = useState(1);
  const term = useDebounced(search.trim(), 300);
  const filter = { search: term || undefined, active: show === 'all' ? undefined : show === 'active' };
  const q = useQuery({ ...trpc.admin.participants.bans.queryOptions({ ...filter, page, limit: LIMIT }), placeholderData: keepPreviousData });
  const unban = useMutation(
    trpc.admin.participants.unban.mutationOptions({
      onSuccess: (_r, v) => {
        const who = q.data?.items.find((b) => b.telegramId === v.telegramId)?.name ?? '';
        ok(t('bans.unbanned', { name: who }));
        void qc.invalidateQueries({ queryKey: trpc.admin.participants.pathKey() });
      },
      onError: fail,
    }),
  );
  const askUnban = async (b: Ban) => {
    if (await confirmAction(t('bans.confirmUnban', { name: b.name }), t('bans.unban'))) unban.mutate({ telegramId: b.telegramId });
  };
  const lang = i18n.language;
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const columns: DataColumn<Ban>[] = [
    {
      id: 'person',
      header: t('bans.col.person'),
      cell: (b) => <>{b.name} {b.username ? <span className="hint">@{b.username}</span> : null}</>,
      csv: (b) => `${b.name} (${b.telegramId})`,
    },
    { id: 'reason', header: t('bans.col.reason'), cell: (b) => b.reason || '—', csv: (b) => b.reason },
    { id: 'bannedAt', header: t('bans.col.bannedAt'), cell: (b) => when(b.bannedAt), csv: (b) => b.bannedAt },
    { id: 'by', header: t('bans.col.by'), cell: (b) => b.bannedBy ?? '—', csv: (b) => b.bannedBy ?? '' },
    { id: 'until', header: t('bans.col.until'), cell: (b) => (b.until ? when(b.until) : t('bans.permanent')), csv: (b) => b.until ?? 'permanent' },
    {
      id: 'status',
      header: t('bans.col.status'),
      cell: (b) => (
        <>
          <span className={`pill ${PILL[b.status]}`} data-testid={`ban-status-${b.id}`}>{t(`bans.status.${b.status}`)}</span>
          {b.liftedBy && <div className="hint small">{t('bans.liftedBy', { name: b.liftedBy })}</div>}
        </>
      ),
      csv: (b) => b.status + (b.liftedAt ? ` ${b.liftedAt}` : '') + (b.liftedBy ? ` ${b.liftedBy}` : ''),
    },
    {
      id: 'action',
      header: t('bans.col.action'),
      cell: (b) =>
        b.status === 'active' ? (
          <Button small variant="secondary" busy={unban.isPending && unban.variables?.telegramId === b.telegramId} onClick={() => void askUnban(b)} testId={`ban-unban-${b.id}`}>
            {t('bans.unban')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('bans.hint')}</p>
      <Card>
        <DataTable
          testId="bans"
          columns={columns}
          rows={q.data?.items}
          rowKey={(b) => String(b.id)}
          total={q.data?.total ?? 0}
          page={page}
          limit={LIMIT}
          onPage={setPage}
          search={search}
          onSearch={(s) => (setSearch(s), setPage(1))}
          searchPlaceholder={t('bans.search')}
          filters={
            <select value={show} onChange={(e) => (setShow(e.target.value as Show), setPage(1))} data-testid="bans-show" aria-label={t('bans.col.status')}>
              {(['active', 'past', 'all'] as const).map((s) => <option key={s} value={s}>{t(`bans.show.${s}`)}</option>)}
            </select>
          }
          fetchAll={() => allPages((p) => qc.fetchQuery(trpc.admin.participants.bans.queryOptions({ ...filter, page: p, limit: 100 })))}
          csvName="bans"
          loading={q.isPending}
          error={q.error}
          onRetry={() => q.refetch()}
        />
      </Card>
    </>
  );
}
