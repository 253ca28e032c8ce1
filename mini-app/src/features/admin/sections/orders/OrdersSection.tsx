import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card, Tabs } from '../../../../kit/ui.tsx';
import { money } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { useDebounced } from '../../kit/index.ts';
import { DataTable, allPages, type DataColumn } from '../../kit/DataTable.tsx';

type Order = inferRouterOutputs<AppRouter>['admin']['orders']['list']['items'][number];
type Held = inferRouterOutputs<AppRouter>['admin']['orders']['purchased']['items'][number];
type Status = NonNullable<inferRouterInputs<AppRouter>['admin']['orders']['list']['status']>;
const STATUSES: Status[] = ['PENDING', 'FULFILLED', 'REFUNDED', 'CANCELLED'];
const LIMIT = 20;

/** Orders with their invoice and delivery; what participants hold now (items, running boosts). */
export function Orders() {
  const { t } = useTranslation('admin');
  const [view, setView] = useState<'orders' | 'purchased'>('orders');
  return (
    <>
      <div style={{ marginBottom: 10 }}>
        <Tabs value={view} onChange={setView} options={[{ value: 'orders', label: t('ord.orders'), testId: 'orders-view' }, { value: 'purchased', label: t('ord.purchased'), testId: 'purchased-view' }]} />
      </div>
      {view === 'orders' ? <OrderTable /> : <PurchasedTable />}
    </>
  );
}

const titleIn = (lang: string, title: { en: string; ru: string } | undefined) => (title ? (lang.startsWith('ru') ? title.ru : title.en) : '—');

function ProductFilter({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const products = useQuery(trpc.admin.catalog.products.queryOptions());
  return (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)} data-testid="orders-product" aria-label={t('ord.col.product')}>
      <option value="">{t('ord.anyProduct')}</option>
      {products.data?.map((p) => <option key={p.id} value={p.id}>{titleIn(i18n.language, p.title as { en: string; ru: string })}</option>)}
    </select>
  );
}

function OrderTable() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [participant, setParticipant] = useState('');
  const [product, setProduct] = useState<number | undefined>();
  const [status, setStatus] = useState<Status | ''>('');
  const [page, setPage] = useState(1);
  const who = useDebounced(participant.trim(), 300);
  const filter = { participant: who || undefined, product, status: status || undefined };
  const q = useQuery({ ...trpc.admin.orders.list.queryOptions({ ...filter, page, limit: LIMIT }), placeholderData: keepPreviousData });
  const lang = i18n.language;
  const columns: DataColumn<Order>[] = [
    { id: 'id', header: '#', cell: (o) => o.id, csv: (o) => String(o.id) },
    { id: 'createdAt', header: t('inv.col.date'), cell: (o) => new Date(o.createdAt).toLocaleString(lang), csv: (o) => o.createdAt },
    { id: 'participant', header: t('inv.col.participant'), cell: (o) => <>{o.participant.name} {o.participant.username ? <span className="hint">@{o.participant.username}</span> : null}</>, csv: (o) => `${o.participant.name} (${o.participant.telegramId})` },
    { id: 'product', header: t('ord.col.product'), cell: (o) => titleIn(lang, o.product.title), csv: (o) => o.product.title.en },
    { id: 'price', header: t('inv.col.amount'), align: 'right', cell: (o) => money(o.currency, o.price, lang), csv: (o) => `${o.price} ${o.currency}` },
    { id: 'status', header: t('inv.col.status'), cell: (o) => <span className="pill">{t(`ord.status.${o.status}`)}</span>, csv: (o) => o.status },
    { id: 'invoice', header: t('inv.col.id'), cell: (o) => (o.invoice ? <span className="small"><span className="mono">{o.invoice.id}</span> · {t(`inv.status.${o.invoice.status}`)}</span> : '—'), csv: (o) => (o.invoice ? `${o.invoice.id} ${o.invoice.status}` : '') },
    { id: 'delivery', header: t('ord.col.delivery'), cell: (o) => <span className={`pill ${o.delivery === 'DELIVERED' || o.delivery === 'ACTIVE' ? 'ok' : o.delivery === 'REVOKED' ? 'danger' : ''}`}>{t(`ord.delivery.${o.delivery}`)}</span>, csv: (o) => o.delivery },
  ];
  return (
    <Card>
      <DataTable
        testId="orders"
        columns={columns}
        rows={q.data?.items}
        rowKey={(o) => String(o.id)}
        total={q.data?.total ?? 0}
        page={page}
        limit={LIMIT}
        onPage={setPage}
        search={participant}
        onSearch={(s) => (setParticipant(s), setPage(1))}
        searchPlaceholder={t('inv.searchPlaceholder')}
        filters={
          <>
            <ProductFilter value={product} onChange={(v) => (setProduct(v), setPage(1))} />
            <select value={status} onChange={(e) => (setStatus(e.target.value as Status | ''), setPage(1))} data-testid="orders-status" aria-label={t('inv.col.status')}>
              <option value="">{t('inv.anyStatus')}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`ord.status.${s}`)}</option>)}
            </select>
          </>
        }
        fetchAll={() => allPages((p) => qc.fetchQuery(trpc.admin.orders.list.queryOptions({ ...filter, page: p, limit: 100 })))}
        csvName="orders"
        loading={q.isPending}
        error={q.error}
        onRetry={() => q.refetch()}
      />
    </Card>
  );
}

function PurchasedTable() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [participant, setParticipant] = useState('');
  const [product, setProduct] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const who = useDebounced(participant.trim(), 300);
  const filter = { participant: who || undefined, product };
  const q = useQuery({ ...trpc.admin.orders.purchased.queryOptions({ ...filter, page, limit: LIMIT }), placeholderData: keepPreviousData });
  const lang = i18n.language;
  const columns: DataColumn<Held>[] = [
    { id: 'kind', header: t('ord.col.kind'), cell: (h) => t(`ord.kind.${h.kind}`), csv: (h) => h.kind },
    { id: 'participant', header: t('inv.col.participant'), cell: (h) => <>{h.participant.name} {h.participant.username ? <span className="hint">@{h.participant.username}</span> : null}</>, csv: (h) => `${h.participant.name} (${h.participant.telegramId})` },
    { id: 'product', header: t('ord.col.product'), cell: (h) => titleIn(lang, h.product?.title), csv: (h) => h.product?.title.en ?? '' },
    { id: 'since', header: t('ord.col.since'), cell: (h) => new Date(h.since).toLocaleString(lang), csv: (h) => h.since },
    { id: 'until', header: t('ord.col.until'), cell: (h) => (h.until ? `${new Date(h.until).toLocaleString(lang)} · ×${(h.multiplierBps ?? 10_000) / 10_000}` : '—'), csv: (h) => h.until ?? '' },
  ];
  return (
    <Card>
      {q.data && q.data.byProduct.length > 0 && (
        <div className="chips" style={{ marginBottom: 8 }} data-testid="purchased-by-product">
          {q.data.byProduct.map((b) => (
            <button key={b.productId} className={product === b.productId ? 'active' : ''} onClick={() => (setProduct(product === b.productId ? undefined : b.productId), setPage(1))}>
              {titleIn(lang, b.title)} · {b.count}
            </button>
          ))}
        </div>
      )}
      <DataTable
        testId="purchased"
        columns={columns}
        rows={q.data?.items}
        rowKey={(h) => h.key}
        total={q.data?.total ?? 0}
        page={page}
        limit={LIMIT}
        onPage={setPage}
        search={participant}
        onSearch={(s) => (setParticipant(s), setPage(1))}
        searchPlaceholder={t('inv.searchPlaceholder')}
        filters={<ProductFilter value={product} onChange={(v) => (setProduct(v), setPage(1))} />}
        fetchAll={() => allPages((p) => qc.fetchQuery(trpc.admin.orders.purchased.queryOptions({ ...filter, page: p, limit: 100 })))}
        csvName="purchased"
        loading={q.isPending}
        error={q.error}
        onRetry={() => q.refetch()}
      />
    </Card>
  );
}
