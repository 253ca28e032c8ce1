import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card, Tabs } from '../../../../kit/ui.tsx';
import { money } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { RouteLink } from '../../kit/RouteLink.tsx';
import { go, useAdminRoute } from '../../kit/route.ts';

type Order = inferRouterOutputs<AppRouter>['admin']['orders']['list']['items'][number];
type Held = inferRouterOutputs<AppRouter>['admin']['orders']['purchased']['items'][number];
type Status = NonNullable<inferRouterInputs<AppRouter>['admin']['orders']['list']['status']>;
type OrderSort = NonNullable<inferRouterInputs<AppRouter>['admin']['orders']['list']['sort']>;
type HeldSort = NonNullable<inferRouterInputs<AppRouter>['admin']['orders']['purchased']['sort']>;
const STATUSES: Status[] = ['PENDING', 'FULFILLED', 'REFUNDED', 'CANCELLED'];
const LIMIT = 20;

/** Orders with their invoice and delivery; what participants hold now (items, running boosts). */
export function Orders() {
  const { t } = useTranslation('admin');
  const route = useAdminRoute();
  const view = route.params.view === 'purchased' ? 'purchased' : 'orders';
  return (
    <>
      <div style={{ marginBottom: 10 }}>
        <Tabs
          value={view}
          onChange={(v) => go({ section: route.section, params: v === 'orders' ? {} : { view: v } })}
          options={[{ value: 'orders', label: t('ord.orders'), testId: 'orders-view' }, { value: 'purchased', label: t('ord.purchased'), testId: 'purchased-view' }]}
        />
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
  const table = useServerTable({
    testId: 'orders',
    filters: { product: '', status: '' },
    sort: { by: 'id', dir: 'desc' },
    limit: LIMIT,
    query: (q) =>
      trpc.admin.orders.list.queryOptions({
        participant: q.search,
        product: q.filters.product ? Number(q.filters.product) : undefined,
        status: (q.filters.status || undefined) as Status | undefined,
        sort: q.sort as OrderSort,
        page: q.page,
        limit: q.limit,
      }),
  });
  const f = table.filters;
  const lang = i18n.language;
  const columns: DataColumn<Order>[] = [
    { id: 'id', header: '#', sortable: true, cell: (o) => o.id, csv: (o) => String(o.id) },
    { id: 'createdAt', header: t('inv.col.date'), sortable: true, cell: (o) => new Date(o.createdAt).toLocaleString(lang), csv: (o) => o.createdAt },
    { id: 'participant', header: t('inv.col.participant'), cell: (o) => <RouteLink to={{ section: 'people', record: o.participant.telegramId }}>{o.participant.name} {o.participant.username ? <span className="hint">@{o.participant.username}</span> : null}</RouteLink>, csv: (o) => `${o.participant.name} (${o.participant.telegramId})` },
    { id: 'product', header: t('ord.col.product'), cell: (o) => titleIn(lang, o.product.title), csv: (o) => o.product.title.en },
    { id: 'price', header: t('inv.col.amount'), sortable: true, align: 'right', cell: (o) => money(o.currency, o.price, lang), csv: (o) => `${o.price} ${o.currency}` },
    { id: 'status', header: t('inv.col.status'), cell: (o) => <span className="pill">{t(`ord.status.${o.status}`)}</span>, csv: (o) => o.status },
    { id: 'invoice', header: t('inv.col.id'), cell: (o) => (o.invoice ? <span className="small"><RouteLink to={{ section: 'invoices', record: o.invoice.id }} className="mono">{o.invoice.id}</RouteLink> · {t(`inv.status.${o.invoice.status}`)}</span> : '—'), csv: (o) => (o.invoice ? `${o.invoice.id} ${o.invoice.status}` : '') },
    { id: 'delivery', header: t('ord.col.delivery'), cell: (o) => <span className={`pill ${o.delivery === 'DELIVERED' || o.delivery === 'ACTIVE' ? 'ok' : o.delivery === 'REVOKED' ? 'danger' : ''}`}>{t(`ord.delivery.${o.delivery}`)}</span>, csv: (o) => o.delivery },
  ];
  return (
    <Card>
      <DataTable
        {...table.props}
        columns={columns}
        rowKey={(o) => String(o.id)}
        searchPlaceholder={t('inv.searchPlaceholder')}
        filters={
          <>
            <ProductFilter value={f.product ? Number(f.product) : undefined} onChange={(v) => table.setFilter('product', v ? String(v) : '')} />
            <select value={f.status} onChange={(e) => table.setFilter('status', e.target.value)} data-testid="orders-status" aria-label={t('inv.col.status')}>
              <option value="">{t('inv.anyStatus')}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`ord.status.${s}`)}</option>)}
            </select>
          </>
        }
      />
    </Card>
  );
}

function PurchasedTable() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const table = useServerTable({
    testId: 'purchased',
    filters: { product: '' },
    limit: LIMIT,
    sort: { by: 'since', dir: 'desc' },
    query: (q) =>
      trpc.admin.orders.purchased.queryOptions({ participant: q.search, product: q.filters.product ? Number(q.filters.product) : undefined, page: q.page, limit: q.limit, sort: q.sort as HeldSort }),
  });
  const product = table.filters.product ? Number(table.filters.product) : undefined;
  const byProduct = table.query.data?.byProduct ?? [];
  const lang = i18n.language;
  const columns: DataColumn<Held>[] = [
    { id: 'kind', sortable: true, header: t('ord.col.kind'), cell: (h) => t(`ord.kind.${h.kind}`), csv: (h) => h.kind },
    { id: 'participant', sortable: true, header: t('inv.col.participant'), cell: (h) => <RouteLink to={{ section: 'people', record: h.participant.telegramId }}>{h.participant.name} {h.participant.username ? <span className="hint">@{h.participant.username}</span> : null}</RouteLink>, csv: (h) => `${h.participant.name} (${h.participant.telegramId})` },
    { id: 'product', sortable: true, header: t('ord.col.product'), cell: (h) => titleIn(lang, h.product?.title), csv: (h) => h.product?.title.en ?? '' },
    { id: 'since', sortable: true, header: t('ord.col.since'), cell: (h) => new Date(h.since).toLocaleString(lang), csv: (h) => h.since },
    { id: 'until', sortable: true, header: t('ord.col.until'), cell: (h) => (h.until ? `${new Date(h.until).toLocaleString(lang)} · ×${(h.multiplierBps ?? 10_000) / 10_000}` : '—'), csv: (h) => h.until ?? '' },
  ];
  return (
    <Card>
      {byProduct.length > 0 && (
        <div className="chips" style={{ marginBottom: 8 }} data-testid="purchased-by-product">
          {byProduct.map((b) => (
            <button key={b.productId} className={product === b.productId ? 'active' : ''} onClick={() => table.setFilter('product', product === b.productId ? '' : String(b.productId))}>
              {titleIn(lang, b.title)} · {b.count}
            </button>
          ))}
        </div>
      )}
      <DataTable
        {...table.props}
        columns={columns}
        rowKey={(h) => h.key}
        searchPlaceholder={t('inv.searchPlaceholder')}
        filters={<ProductFilter value={product} onChange={(v) => table.setFilter('product', v ? String(v) : '')} />}
      />
    </Card>
  );
}
