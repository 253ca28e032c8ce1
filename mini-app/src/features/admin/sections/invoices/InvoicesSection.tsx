import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, useFail, useOk } from '../../../../kit/ui.tsx';
import { CURRENCIES, money, type Currency } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { RouteLink } from '../../kit/RouteLink.tsx';
import { setParams, useAdminRoute } from '../../kit/route.ts';

type Invoice = inferRouterOutputs<AppRouter>['admin']['payments']['invoices']['items'][number];
type TonRow = inferRouterOutputs<AppRouter>['admin']['payments']['tonTransfers'][number];
type Status = NonNullable<inferRouterInputs<AppRouter>['admin']['payments']['invoices']['status']>;
type InvoiceSort = NonNullable<inferRouterInputs<AppRouter>['admin']['payments']['invoices']['sort']>;
const STATUSES: Status[] = ['PENDING', 'PAID', 'UNDERPAID', 'EXPIRED', 'REFUNDED', 'CANCELLED'];
const LIMIT = 20;

/** A day typed in a date input → the instant it starts (the admin's own clock). */
const dayStart = (d: string, plus = 0) => (d ? new Date(new Date(`${d}T00:00:00`).getTime() + plus * 86_400_000).toISOString() : undefined);

/** Invoices with filters and Stars refunds; incoming TON that matched nothing, resolved by hand. */
export function Invoices() {
  return (
    <>
      <InvoiceTable />
      <UnmatchedTon />
      <TonReturns />
    </>
  );
}

function InvoiceTable() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const route = useAdminRoute();
  // A deep link to one invoice (#/invoices/<id>) shows that one, open.
  const only = route.record ?? undefined;
  const table = useServerTable({
    testId: 'invoices',
    filters: { status: '', currency: '', from: '', to: '' },
    sort: { by: 'createdAt', dir: 'desc' },
    limit: LIMIT,
    exportLimit: 200,
    query: (q) =>
      trpc.admin.payments.invoices.queryOptions({
        participant: q.search,
        id: only,
        status: (q.filters.status || undefined) as Status | undefined,
        currency: (q.filters.currency || undefined) as Currency | undefined,
        from: dayStart(q.filters.from),
        to: dayStart(q.filters.to, 1),
        sort: q.sort as InvoiceSort,
        page: q.page,
        limit: q.limit,
      }),
  });
  const f = table.filters;
  const lang = i18n.language;
  const columns: DataColumn<Invoice>[] = [
    { id: 'createdAt', header: t('inv.col.date'), sortable: true, cell: (i) => new Date(i.createdAt).toLocaleString(lang), csv: (i) => i.createdAt },
    { id: 'id', header: t('inv.col.id'), cell: (i) => <span className="mono small">{i.id}</span>, csv: (i) => i.id },
    {
      id: 'participant',
      header: t('inv.col.participant'),
      // Plain text: a click anywhere on the row opens it; the detail links to the person.
      cell: (i) => <>{i.participant.name} {i.participant.username ? <span className="hint">@{i.participant.username}</span> : null}</>,
      csv: (i) => `${i.participant.name} (${i.participant.telegramId})`,
    },
    { id: 'product', header: t('inv.col.product'), cell: (i) => (i.order ? (lang.startsWith('ru') ? i.order.productTitle.ru : i.order.productTitle.en) : i.purpose), csv: (i) => i.order?.productTitle.en ?? i.purpose },
    { id: 'amount', header: t('inv.col.amount'), sortable: true, align: 'right', cell: (i) => money(i.currency, i.amount, lang), csv: (i) => `${i.amount} ${i.currency}` },
    { id: 'status', header: t('inv.col.status'), sortable: true, cell: (i) => <span className={`pill ${i.status === 'PAID' ? 'ok' : i.status === 'REFUNDED' ? 'warn' : ''}`} data-testid={`invoice-status-${i.id}`}>{t(`inv.status.${i.status}`)}</span>, csv: (i) => i.status },
  ];
  // Opening a row is a route of its own, so it can be linked to and the back button closes it.
  const toggle = (i: Invoice) => setParams({}, { replace: false, record: route.record === i.id ? null : i.id });
  return (
    <Card>
      <h3>{t('inv.title')}</h3>
      {only && (
        <div className="admin-deeplink">
          <span className="pill">{t('table.only', { id: only })}</span>
          <button className="btn btn-ghost btn-small" onClick={() => setParams({}, { replace: false, record: null })} data-testid="invoices-show-all">{t('table.showAll')}</button>
        </div>
      )}
      <DataTable
        {...table.props}
        columns={columns}
        rowKey={(i) => i.id}
        searchPlaceholder={t('inv.searchPlaceholder')}
        filters={
          <>
            <select value={f.status} onChange={(e) => table.setFilter('status', e.target.value)} data-testid="invoices-status" aria-label={t('inv.col.status')}>
              <option value="">{t('inv.anyStatus')}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`inv.status.${s}`)}</option>)}
            </select>
            <select value={f.currency} onChange={(e) => table.setFilter('currency', e.target.value)} data-testid="invoices-currency" aria-label={t('fin.col.currency')}>
              <option value="">{t('inv.anyCurrency')}</option>
              {CURRENCIES.map((c) => <option key={c} value={c}>{t(`fin.currency.${c}`)}</option>)}
            </select>
            <input type="date" value={f.from} onChange={(e) => table.setFilter('from', e.target.value)} aria-label={t('inv.from')} data-testid="invoices-from" />
            <input type="date" value={f.to} onChange={(e) => table.setFilter('to', e.target.value)} aria-label={t('inv.to')} data-testid="invoices-to" />
          </>
        }
        onRowClick={toggle}
        expandedKey={route.record}
        expanded={(i) => <InvoiceDetail invoice={i} />}
      />
    </Card>
  );
}

function InvoiceDetail({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [reason, setReason] = useState('');
  const refund = useMutation(trpc.admin.payments.refund.mutationOptions({ onSuccess: () => (ok(t('inv.refunded')), void qc.invalidateQueries()), onError: fail }));
  const lang = i18n.language;
  const refundable = invoice.status === 'PAID' && invoice.currency === 'STARS';
  return (
    <div className="fin-adjust" data-testid={`invoice-detail-${invoice.id}`}>
      <RouteLink to={{ section: 'people', record: invoice.participant.telegramId }} testId={`invoice-person-${invoice.id}`}>
        {invoice.participant.name} · {invoice.participant.telegramId} ›
      </RouteLink>
      <div className="small">
        {t('inv.paid')}: {money(invoice.currency, invoice.paidAmount, lang)}
        {invoice.paidAt ? ` · ${new Date(invoice.paidAt).toLocaleString(lang)}` : ''}
        {invoice.order ? ` · ${t('inv.order', { id: invoice.order.id })}: ${t(`ord.status.${invoice.order.status}`)}` : ''}
      </div>
      {refundable && (
        <>
          <input placeholder={t('inv.refundReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="refund-reason" />
          <Button variant="danger" small disabled={reason.trim().length < 3} busy={refund.isPending} onClick={() => refund.mutate({ invoiceId: invoice.id, reason: reason.trim() })} testId={`refund-${invoice.id}`}>
            {t('inv.refund')}
          </Button>
        </>
      )}
    </div>
  );
}

function UnmatchedTon() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [to, setTo] = useState<Record<string, string>>({});
  const q = useQuery(trpc.admin.payments.tonTransfers.queryOptions({ outcome: 'UNKNOWN_REFERENCE', limit: 100 }));
  const resolve = useMutation(trpc.admin.payments.resolveTon.mutationOptions({ onSuccess: (r) => (ok(t(`inv.ton.${r.outcome}`)), void qc.invalidateQueries()), onError: fail }));
  const lang = i18n.language;
  return (
    <Card testId="unmatched-ton">
      <h3>{t('inv.ton.title')}</h3>
      {q.data?.length === 0 && <Empty text={t('inv.ton.empty')} icon="✅" />}
      <div className="list">
        {q.data?.map((r) => (
          <div className="item" key={r.hash} data-testid={`ton-${r.hash.slice(0, 12)}`}>
            <div className="grow">
              <div className="strong">{money('TON', r.amount, lang)}</div>
              <div className="hint small mono">{r.source ?? '—'} · {new Date(r.txTime).toLocaleString(lang)}</div>
              {r.comment && <div className="hint small">“{r.comment}”</div>}
            </div>
            <input placeholder={t('fin.col.telegramId')} inputMode="numeric" value={to[r.hash] ?? ''} onChange={(e) => setTo({ ...to, [r.hash]: e.target.value })} style={{ maxWidth: 140 }} />
            <Button small disabled={!/^\d+$/.test(to[r.hash] ?? '')} onClick={() => resolve.mutate({ id: r.hash, action: 'credit', telegramId: to[r.hash] })} testId={`ton-credit-${r.hash.slice(0, 12)}`}>{t('inv.ton.credit')}</Button>
            <Button small variant="secondary" onClick={() => resolve.mutate({ id: r.hash, action: 'return' })} testId={`ton-send-back-${r.hash.slice(0, 12)}`}>{t('inv.ton.return')}</Button>
          </div>
        ))}
      </div>
    </Card>
  );
}

type ReturnState = NonNullable<TonRow['returnStatus']> | 'NOT_STARTED';
const returnPill: Record<ReturnState, string> = { PENDING: 'warn', SENDING: 'warn', RETURNED: 'ok', FAILED: 'danger', NOT_STARTED: 'muted' };
const REASONS = ['NOT_CONFIRMED', 'NO_SOURCE'];
const inFlight = (rows?: TonRow[]) => rows?.some((r) => r.returnStatus === 'PENDING' || r.returnStatus === 'SENDING') ?? false;

/** Incoming TON an admin chose to return: its way back to the sender, as the payout worker reports it. */
function TonReturns() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  // Followed while a return is on its way (the worker sends one every few seconds).
  const q = useQuery({
    ...trpc.admin.payments.tonTransfers.queryOptions({ outcome: 'TO_RETURN', limit: 100 }),
    refetchInterval: (query: { state: { data?: TonRow[] } }) => (inFlight(query.state.data) ? 5000 : false),
  });
  const retry = useMutation(trpc.admin.payments.retryTonReturn.mutationOptions({ onSuccess: () => (ok(t('inv.ret.retried')), void qc.invalidateQueries()), onError: fail }));
  const lang = i18n.language;
  if (!q.data?.length) return null;
  return (
    <Card testId="ton-returns">
      <h3>{t('inv.ret.title')}</h3>
      <div className="list">
        {q.data.map((r) => {
          const state: ReturnState = r.returnStatus ?? 'NOT_STARTED';
          const key = r.hash.slice(0, 12);
          return (
            <div className="item" key={r.hash} data-testid={`ton-return-${key}`}>
              <div className="grow">
                <div className="strong">
                  {money('TON', r.amount, lang)}{' '}
                  <span className={`pill ${returnPill[state]}`} data-testid={`ton-return-status-${key}`}>{t(`inv.ret.status.${state}`)}</span>
                </div>
                <div className="hint small mono">{t('inv.ret.to')}: {r.source ?? '—'}</div>
                {r.returnSentAt && state !== 'RETURNED' && (
                  <div className="hint small">{t('inv.ret.sentAt', { at: new Date(r.returnSentAt).toLocaleString(lang), n: r.returnAttempts })}</div>
                )}
                {r.returnTxHash && (
                  <div className="hint small">
                    {t('inv.ret.returnedAt', { at: r.returnedAt ? new Date(r.returnedAt).toLocaleString(lang) : '' })}{' '}
                    <span className="mono" style={{ wordBreak: 'break-all' }} data-testid={`ton-return-hash-${key}`}>{r.returnTxHash}</span>
                  </div>
                )}
                {state === 'FAILED' && (
                  <div className="small" style={{ color: 'var(--danger)' }} data-testid={`ton-return-reason-${key}`}>
                    {REASONS.includes(r.returnFailReason ?? '') ? t(`inv.ret.reason.${r.returnFailReason}`) : r.returnFailReason}
                  </div>
                )}
              </div>
              {(state === 'FAILED' || state === 'NOT_STARTED') && (
                <Button small variant="secondary" busy={retry.isPending && retry.variables?.id === r.hash} onClick={() => retry.mutate({ id: r.hash })} testId={`ton-return-retry-${key}`}>
                  {t(state === 'FAILED' ? 'inv.ret.retry' : 'inv.ret.start')}
                </Button>
              )}
            </div>
          );
        })}
      </div>
    </Card>
  );
}
