import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, useFail, useOk } from '../../../../kit/ui.tsx';
import { money } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { RouteLink } from '../../kit/RouteLink.tsx';
import { setParams, useAdminRoute } from '../../kit/route.ts';

type In = Exclude<inferRouterInputs<AppRouter>['admin']['withdrawals']['list'], void | undefined>;
type Withdrawal = inferRouterOutputs<AppRouter>['admin']['withdrawals']['list']['items'][number];
type Status = NonNullable<In['status']>;
type Sort = NonNullable<In['sort']>;
const STATUSES: Status[] = ['REQUESTED', 'APPROVED', 'SENDING', 'COMPLETED', 'REJECTED', 'CANCELLED', 'FAILED'];

/** The withdrawal queue with risk flags; large amounts need two different approvers. */
export function Withdrawals() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const route = useAdminRoute();
  // #/withdrawals/45 shows that request, open.
  const only = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : undefined;
  const [rejecting, setRejecting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const table = useServerTable({
    testId: 'withdrawals',
    // The queue first: what waits for a decision.
    filters: { status: 'REQUESTED', flagged: '' },
    sort: { by: 'id', dir: 'desc' },
    limit: 20,
    exportLimit: 200,
    query: (q) =>
      trpc.admin.withdrawals.list.queryOptions({
        id: only,
        status: only ? undefined : ((q.filters.status || undefined) as Status | undefined),
        flagged: q.filters.flagged === 'yes' ? true : undefined,
        participant: q.search,
        sort: q.sort as Sort,
        page: q.page,
        limit: q.limit,
      }),
  });
  const approve = useMutation(trpc.admin.withdrawals.approve.mutationOptions({ onSuccess: (w) => (ok(w.status === 'APPROVED' ? t('approved') : t('approvedByYou')), void qc.invalidateQueries()), onError: fail }));
  const reject = useMutation(trpc.admin.withdrawals.reject.mutationOptions({ onSuccess: () => (ok(t('rejected')), setRejecting(null), setReason(''), void qc.invalidateQueries()), onError: fail }));
  const lang = i18n.language;
  const f = table.filters;
  const columns: DataColumn<Withdrawal>[] = [
    { id: 'id', header: '#', sortable: true, cell: (w) => w.id, csv: (w) => String(w.id) },
    { id: 'createdAt', header: t('inv.col.date'), cell: (w) => new Date(w.createdAt).toLocaleString(lang), csv: (w) => w.createdAt },
    {
      id: 'participant',
      header: t('inv.col.participant'),
      // Plain text: a click anywhere on the row opens it; the detail links to the person.
      cell: (w) => <>{w.participant.name} {w.participant.username ? <span className="hint">@{w.participant.username}</span> : null}</>,
      csv: (w) => `${w.participant.name} (${w.participant.telegramId})`,
    },
    { id: 'amount', header: t('inv.col.amount'), sortable: true, align: 'right', cell: (w) => <span className="strong">{money('TON', w.amount, lang)}</span>, csv: (w) => `${w.amount} TON` },
    { id: 'address', header: t('wd.address'), cell: (w) => <span className="mono small" title={w.address}>{short(w.address)}</span>, csv: (w) => w.address },
    { id: 'status', header: t('inv.col.status'), sortable: true, cell: (w) => <span className="pill" data-testid={`withdrawal-status-${w.id}`}>{t(`status.${w.status}`)}</span>, csv: (w) => w.status },
    {
      id: 'risk',
      header: t('risk'),
      cell: (w) => (
        <span className="row" style={{ gap: 4, flexWrap: 'wrap' }}>
          {w.riskFlags.length ? w.riskFlags.map((x) => <span key={x} className="pill danger">{x}</span>) : <span className="pill ok">{t('noRisk')}</span>}
          <span className="pill">{t('approvals', { n: w.approvals, need: w.approvalsNeeded })}</span>
        </span>
      ),
      csv: (w) => w.riskFlags.join(' '),
    },
    {
      id: 'actions',
      header: '',
      cell: (w) =>
        w.status === 'REQUESTED' ? (
          <span className="row" style={{ gap: 6 }} onClick={(e) => e.stopPropagation()}>
            <Button small variant="danger" onClick={() => (setRejecting(w.id), setParams({}, { replace: false, record: String(w.id) }))} testId={`reject-${w.id}`}>{t('reject')}</Button>
            <Button small disabled={w.approvedByMe} busy={approve.isPending && approve.variables?.id === w.id} onClick={() => approve.mutate({ id: w.id })} testId={`approve-${w.id}`}>{t('approve')}</Button>
          </span>
        ) : null,
    },
  ];
  const toggle = (w: Withdrawal) => setParams({}, { replace: false, record: route.record === String(w.id) ? null : String(w.id) });
  return (
    <Card>
      {only && (
        <div className="admin-deeplink">
          <span className="pill">{t('table.only', { id: only })}</span>
          <button className="btn btn-ghost btn-small" onClick={() => setParams({}, { replace: false, record: null })} data-testid="withdrawals-show-all">{t('table.showAll')}</button>
        </div>
      )}
      <DataTable
        {...table.props}
        columns={columns}
        rowKey={(w) => String(w.id)}
        rowTestId={(w) => `withdrawal-${w.id}`}
        searchPlaceholder={t('wd.search')}
        filters={
          <>
            <select value={f.status} onChange={(e) => table.setFilter('status', e.target.value)} data-testid="withdrawals-status" aria-label={t('inv.col.status')}>
              <option value="">{t('inv.anyStatus')}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
            </select>
            <select value={f.flagged} onChange={(e) => table.setFilter('flagged', e.target.value)} data-testid="withdrawals-flagged" aria-label={t('risk')}>
              <option value="">{t('wd.anyRisk')}</option>
              <option value="yes">{t('wd.flagged')}</option>
            </select>
          </>
        }
        onRowClick={toggle}
        expandedKey={route.record}
        expanded={(w) => (
          <div className="fin-adjust" data-testid={`withdrawal-detail-${w.id}`}>
            <RouteLink to={{ section: 'people', record: w.participant.telegramId }} testId={`withdrawal-person-${w.id}`}>
              {w.participant.name} · {w.participant.telegramId} ›
            </RouteLink>
            <div className="mono small">{w.address}</div>
            {rejecting === w.id && w.status === 'REQUESTED' && (
              <div>
                <input placeholder={t('reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
                <div className="grid2" style={{ marginTop: 8 }}>
                  <Button variant="secondary" onClick={() => setRejecting(null)}>{t('common:cancel')}</Button>
                  <Button variant="danger" disabled={reason.trim().length < 3} busy={reject.isPending} onClick={() => reject.mutate({ id: w.id, reason })} testId="reject-confirm">{t('reject')}</Button>
                </div>
              </div>
            )}
            <AuditTrail id={w.id} />
          </div>
        )}
      />
    </Card>
  );
}

const short = (a: string) => (a.length > 16 ? `${a.slice(0, 8)}…${a.slice(-6)}` : a);

/** The withdrawal's append-only audit trail, read when its row is opened. */
function AuditTrail({ id }: { id: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.withdrawals.history.queryOptions({ id }));
  return (
    <div data-testid={`audit-${id}`}>
      <div className="hint small">{t('auditTrail')}</div>
      {q.data && (
        <div className="list">
          {q.data.audit.map((a) => (
            <div className="item small" key={a.id}>
              <div className="grow">{t(`auditAction.${a.action.replace(/\./g, '_')}`, { defaultValue: a.action })}</div>
              <div className="hint small">{new Date(a.createdAt).toLocaleString(i18n.language)}</div>
            </div>
          ))}
          {q.data.previous.length > 0 && <div className="hint small">{t('previous', { count: q.data.previous.length })}</div>}
        </div>
      )}
    </div>
  );
}
