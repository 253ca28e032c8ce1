import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, useFail, useOk } from '../../../../kit/ui.tsx';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { FilterText } from '../../kit/FilterText.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';

type In = Exclude<inferRouterInputs<AppRouter>['admin']['participants']['bans'], void | undefined>;
type Ban = inferRouterOutputs<AppRouter>['admin']['participants']['bans']['items'][number];
type Show = NonNullable<In['status']>;
const SHOW: Show[] = ['active', 'ended', 'lifted', 'past'];
const PILL: Record<Ban['status'], string> = { active: 'danger', ended: 'muted', lifted: 'ok' };

/** The ban list: who is banned, by whom, why and until when; by state, person and reason; unban from here. */
export function Bans() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const table = useServerTable({
    testId: 'bans',
    // Those in force first: what a moderator acts on.
    filters: { show: 'active', reason: '' },
    sort: { by: 'bannedAt', dir: 'desc' },
    limit: 20,
    exportLimit: 100,
    query: (q) =>
      trpc.admin.participants.bans.queryOptions({
        status: (q.filters.show || undefined) as Show | undefined,
        reason: q.filters.reason || undefined,
        search: q.search,
        sort: q.sort as In['sort'],
        page: q.page,
        limit: q.limit,
      }),
  });
  const q = table.query;
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
      sortable: true,
      cell: (b) => <>{b.name} {b.username ? <span className="hint">@{b.username}</span> : null}</>,
      csv: (b) => `${b.name} (${b.telegramId})`,
    },
    { id: 'reason', header: t('bans.col.reason'), sortable: true, cell: (b) => b.reason || '—', csv: (b) => b.reason },
    { id: 'bannedAt', header: t('bans.col.bannedAt'), sortable: true, cell: (b) => when(b.bannedAt), csv: (b) => b.bannedAt },
    { id: 'by', header: t('bans.col.by'), cell: (b) => b.bannedBy ?? '—', csv: (b) => b.bannedBy ?? '' },
    { id: 'until', header: t('bans.col.until'), sortable: true, cell: (b) => (b.until ? when(b.until) : t('bans.permanent')), csv: (b) => b.until ?? 'permanent' },
    {
      id: 'status',
      header: t('bans.col.status'),
      // One block, so a phone's stacked row keeps the pill and who lifted it together.
      cell: (b) => (
        <div>
          <span className={`pill ${PILL[b.status]}`} data-testid={`ban-status-${b.id}`}>{t(`bans.status.${b.status}`)}</span>
          {b.liftedBy && <div className="hint small">{t('bans.liftedBy', { name: b.liftedBy })}</div>}
        </div>
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
          {...table.props}
          columns={columns}
          rowKey={(b) => String(b.id)}
          searchPlaceholder={t('bans.search')}
          filters={
            <>
              <FilterText value={table.filters.reason} onChange={(v) => table.setFilter('reason', v)} placeholder={t('bans.reasonFilter')} testId="bans-reason" />
              <select value={table.filters.show} onChange={(e) => table.setFilter('show', e.target.value)} data-testid="bans-show" aria-label={t('bans.col.status')}>
                {SHOW.map((s) => <option key={s} value={s}>{t(`bans.show.${s}`)}</option>)}
                <option value="">{t('bans.show.all')}</option>
              </select>
            </>
          }
        />
      </Card>
    </>
  );
}
