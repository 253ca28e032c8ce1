import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { Card, Empty, ErrorBox, Section, Skeleton, Tabs } from '../../../../kit/ui.tsx';
import { money, type Currency } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useLocalTable } from '../../kit/useServerTable.ts';
import { go, setParams, useAdminRoute } from '../../kit/route.ts';
import { DialogStats } from './DialogStats.tsx';

type View = 'navigation' | 'products' | 'participants' | 'finance' | 'dialogs';
const VIEWS: View[] = ['navigation', 'products', 'participants', 'finance', 'dialogs'];
const WINDOWS = [7, 30, 90] as const;

/** Analytics in five views over a chosen window: navigation, products, participants, money, the inbox. */
export function AnalyticsSection() {
  const { t } = useTranslation('admin');
  // The view and the window are the route's (#/analytics?view=products&days=7), so they can be linked to.
  const route = useAdminRoute();
  const view: View = VIEWS.includes(route.params.view as View) ? (route.params.view as View) : 'navigation';
  const days = WINDOWS.includes(Number(route.params.days) as (typeof WINDOWS)[number]) ? Number(route.params.days) : 30;
  const setView = (v: View) => go({ section: route.section, params: { ...(v === 'navigation' ? {} : { view: v }), ...(days === 30 ? {} : { days: String(days) }) } });
  const setDays = (d: number) => setParams({ days: d === 30 ? null : String(d) });
  return (
    <div data-testid="analytics">
      <Tabs value={view} onChange={setView} options={VIEWS.map((v) => ({ value: v, label: t(`stats.view.${v}`), testId: `stats-${v}` }))} />
      <div style={{ margin: '10px 0' }}>
        <Tabs value={String(days)} onChange={(d) => setDays(Number(d))} options={WINDOWS.map((d) => ({ value: String(d), label: t('stats.days', { days: d }) }))} />
      </div>
      {view === 'navigation' && <Navigation days={days} />}
      {view === 'products' && <Products days={days} />}
      {view === 'participants' && <Participants days={days} />}
      {view === 'finance' && <Finance days={days} />}
      {view === 'dialogs' && <DialogStats days={days} />}
    </div>
  );
}

function usePct() {
  const { i18n } = useTranslation();
  return new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
}

function Navigation({ days }: { days: number }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.analytics.navigation.queryOptions({ days }));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data.screens.length) return <Empty text={t('stats.noViews')} icon="🧭" />;
  const top = q.data.screens[0].views;
  return (
    <>
      <Section title={t('stats.topScreens')}>
        <Card>
          <ScreensTable screens={q.data.screens} top={top} />
        </Card>
      </Section>
      <Section title={t('stats.paths')}>
        <Card className="list">
          {q.data.transitions.slice(0, 30).map((p) => (
            <div className="item" key={`${p.from}>${p.to}`} data-testid="path">
              <div className="grow">{p.from} → {p.to}</div>
              <div className="strong">{p.count}</div>
            </div>
          ))}
        </Card>
      </Section>
    </>
  );
}

function Products({ days }: { days: number }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const pct = usePct();
  const q = useQuery(trpc.admin.analytics.products.queryOptions({ days }));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const { shop, products } = q.data;
  return (
    <>
      <div className="hint small" style={{ margin: '6px 0' }} data-testid="shop-conversion">
        {t('stats.shopConversion', { buyers: shop.buyers, viewers: shop.viewers, pct: shop.conversion == null ? '—' : pct.format(shop.conversion) })}
      </div>
      {!products.length ? (
        <Empty text={t('stats.noSales')} icon="🛍️" />
      ) : (
        <Card>
          <ProductsTable products={products} />
        </Card>
      )}
    </>
  );
}

function Participants({ days }: { days: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const pct = usePct();
  const q = useQuery(trpc.admin.analytics.participants.queryOptions({ days }));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const opened = d.funnel[0]?.count ?? 0;
  return (
    <>
      <Section title={t('stats.perDay')}>
        <Card>
          <div style={{ height: 170 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={d.daily}>
                <XAxis dataKey="day" tickFormatter={(x: string) => x.slice(5)} fontSize={11} stroke="var(--hint)" />
                <Tooltip />
                <Legend />
                <Bar dataKey="active" name={t('stats.active')} fill="var(--accent)" radius={[3, 3, 0, 0]} />
                <Bar dataKey="new" name={t('stats.new')} fill="var(--hint)" radius={[3, 3, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      </Section>
      <Section title={t('stats.retention')}>
        <div className="grid3" data-testid="retention">
          {d.retention.map((r) => (
            <div className="stat" key={r.day}>
              <div className="hint small">{t('stats.retentionDay', { n: r.day })}</div>
              <div className="v">{r.eligible ? pct.format(r.retained / r.eligible) : '—'}</div>
              <div className="hint small">{r.retained} / {r.eligible}</div>
            </div>
          ))}
        </div>
        <div className="hint small" style={{ marginTop: 6 }}>{t('stats.retentionHint')}</div>
      </Section>
      <Section title={t('stats.funnel')}>
        <Card>
          <div className="funnel" data-testid="stats-funnel">
            {d.funnel.map((s) => (
              <div className="funnel-step" key={s.step}>
                <div className="row" style={{ gap: 8, alignItems: 'baseline' }}>
                  <span className="grow small">{t(`stats.step.${s.step}`)}</span>
                  <span className="strong small">{s.count}</span>
                  <span className="hint funnel-pct">{opened ? pct.format(s.count / opened) : '—'}</span>
                </div>
                <div className="funnel-bar"><div style={{ width: `${opened ? (s.count / opened) * 100 : 0}%` }} /></div>
              </div>
            ))}
          </div>
        </Card>
      </Section>
      <Section title={t('stats.ltv')}>
        <Card className="list">
          {d.ltv.map((c) => (
            <div className="item" key={c.cohort}>
              <div className="grow">{new Date(`${c.cohort}T00:00:00Z`).toLocaleDateString(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' })} · {c.size}</div>
              <div className="small" style={{ textAlign: 'right' }}>
                {c.revenue.length === 0 ? '—' : c.revenue.map((r) => `${money(r.currency as Currency, r.perParticipant, i18n.language)} ${t('stats.perPerson')}`).join(' · ')}
              </div>
            </div>
          ))}
        </Card>
      </Section>
    </>
  );
}

// Minor units per whole unit, for the chart's axis (the table below shows exact amounts).
const UNIT: Record<string, number> = { TON: 1e9 };

function Finance({ days }: { days: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.analytics.finance.queryOptions({ days }));
  const [chosen, setChosen] = useState<string | null>(null);
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const currencies = [...new Set(q.data.rows.map((r) => r.currency))];
  if (!currencies.length) return <Empty text={t('stats.noMoney')} icon="💰" />;
  const currency = chosen && currencies.includes(chosen) ? chosen : currencies[0];
  const rows = q.data.rows.filter((r) => r.currency === currency);
  const unit = UNIT[currency] ?? 1;
  const KEYS = ['inflows', 'outflows', 'fees', 'held', 'released'] as const;
  const chart = rows.map((r) => ({ day: r.day, ...Object.fromEntries(KEYS.map((k) => [k, Number(r[k]) / unit])) }));
  const total = (k: (typeof KEYS)[number]) => rows.reduce((s, r) => s + BigInt(r[k]), 0n).toString();
  return (
    <>
      <Tabs value={currency} onChange={setChosen} options={currencies.map((c) => ({ value: c, label: c }))} />
      <Section>
        <Card>
          <div style={{ height: 200 }} data-testid="finance-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart}>
                <XAxis dataKey="day" tickFormatter={(x: string) => x.slice(5)} fontSize={11} stroke="var(--hint)" />
                <Tooltip />
                <Legend />
                <Bar dataKey="inflows" name={t('stats.inflows')} fill="var(--accent)" />
                <Bar dataKey="outflows" name={t('stats.outflows')} fill="#e5533d" />
                <Bar dataKey="fees" name={t('stats.fees')} fill="#2fa84f" />
                <Bar dataKey="held" name={t('stats.held')} fill="var(--hint)" />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      </Section>
      <Card className="list">
        {KEYS.map((k) => (
          <div className="item" key={k}>
            <div className="grow">{t(`stats.${k}`)}</div>
            <div className="strong">{money(currency as Currency, total(k), i18n.language)}</div>
          </div>
        ))}
      </Card>
    </>
  );
}

type Screens = inferRouterOutputs<AppRouter>['admin']['analytics']['navigation']['screens'];
type Products = inferRouterOutputs<AppRouter>['admin']['analytics']['products']['products'];

/** The most viewed screens: searched, sorted and exported here (the server sends the top 100 whole). */
function ScreensTable({ screens, top }: { screens: Screens; top: number }) {
  const { t } = useTranslation('admin');
  const table = useLocalTable({
    testId: 'top-screens',
    csvName: 'screens',
    rows: screens,
    searchText: (s) => s.screen,
    sort: { by: 'views', dir: 'desc' },
    sortBy: { screen: (s) => s.screen, views: (s) => s.views, participants: (s) => s.participants },
  });
  const columns: DataColumn<Screens[number]>[] = [
    {
      id: 'screen',
      header: t('stats.screen'),
      sortable: true,
      cell: (s) => (
        <div>
          <div>{s.screen}</div>
          <div className="funnel-bar"><div style={{ width: `${(s.views / top) * 100}%` }} /></div>
        </div>
      ),
      csv: (s) => s.screen,
    },
    { id: 'views', header: t('stats.views'), sortable: true, align: 'right', cell: (s) => <span className="strong">{s.views}</span>, csv: (s) => String(s.views) },
    { id: 'participants', header: t('stats.people'), sortable: true, align: 'right', cell: (s) => s.participants, csv: (s) => String(s.participants) },
  ];
  return <DataTable {...table.props} columns={columns} rowKey={(s) => s.screen} />;
}

function ProductsTable({ products }: { products: Products }) {
  const { t, i18n } = useTranslation('admin');
  const pct = usePct();
  const title = (x: unknown) => (x as Record<string, string>)[i18n.language] ?? (x as Record<string, string>).en ?? '';
  const name = (p: Products[number]) => title(p.title) || p.slug;
  const table = useLocalTable({
    testId: 'products',
    csvName: 'product-sales',
    rows: products,
    searchText: (p) => `${name(p)} ${p.slug}`,
    sort: { by: 'sales', dir: 'desc' },
    sortBy: { product: name, sales: (p) => p.sales, buyers: (p) => p.buyers, conversion: (p) => p.conversion ?? -1 },
  });
  const columns: DataColumn<Products[number]>[] = [
    { id: 'product', header: t('stats.product'), sortable: true, cell: name, csv: name },
    { id: 'sales', header: t('stats.sales'), sortable: true, align: 'right', cell: (p) => <span className="strong">{p.sales}</span>, csv: (p) => String(p.sales) },
    { id: 'buyers', header: t('stats.buyers'), sortable: true, align: 'right', cell: (p) => p.buyers, csv: (p) => String(p.buyers) },
    { id: 'conversion', header: t('stats.conversion'), sortable: true, align: 'right', cell: (p) => (p.conversion == null ? '—' : pct.format(p.conversion)), csv: (p) => (p.conversion == null ? '' : String(p.conversion)) },
    { id: 'revenue', header: t('stats.revenue'), cell: (p) => p.revenue.map((r) => money(r.currency as Currency, r.amount, i18n.language)).join(' · '), csv: (p) => p.revenue.map((r) => `${r.amount} ${r.currency}`).join(' ') },
  ];
  return <DataTable {...table.props} columns={columns} rowKey={(p) => String(p.productId)} />;
}
