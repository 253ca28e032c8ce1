import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Card, Empty, ErrorBox, Section, Skeleton, Tabs } from '../../../../kit/ui.tsx';
import { money, type Currency } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { Funnel, Retention } from './Analytics.tsx';
import { Trend, type TrendPoint } from './Trend.tsx';
import { RouteLink } from '../../kit/RouteLink.tsx';
import { go, useAdminRoute, type AdminRoute } from '../../kit/route.ts';

type Trends = inferRouterOutputs<AppRouter>['admin']['overview']['trends'];
type Series = 'new' | 'active' | 'claims' | 'withdrawals' | 'dialogs';
type Figure = { key: string; label: string; value: number; to: Partial<AdminRoute>; trend?: TrendPoint[] | null };

const WINDOWS = [7, 30, 90] as const;

/** People, activity, money and queues at a glance, each figure a link to its section with its days drawn under it. */
export function Overview() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  // The charts' window is the route's (#/overview?days=90), so it can be linked to; the first screen's route may name no section yet.
  const route = useAdminRoute();
  const days = WINDOWS.includes(Number(route.params.days) as (typeof WINDOWS)[number]) ? Number(route.params.days) : 30;
  const q = useQuery(trpc.admin.overview.get.queryOptions());
  const trends = useQuery(trpc.admin.overview.trends.queryOptions({ days }));
  const access = useQuery(trpc.admin.sections.queryOptions());
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  const lang = i18n.language;
  const daily: Trends['daily'] | null = trends.data?.daily ?? null;
  const series = (k: Series) => daily?.map((d) => ({ day: d.day, value: d[k] })) ?? null;
  // The participants at each day's end: today's total less those who joined after that day.
  let later = 0;
  const grown = daily && daily.map((d) => ({ day: d.day, value: 0, joined: d.new })).reverse().map((d) => ((d.value = o.participants - later), (later += d.joined), d)).reverse();
  // A figure links to its section only when the role may open it.
  const may = (section: string | null | undefined) => !!section && (access.data?.sections as string[] | undefined)?.includes(section);
  const active = { section: 'analytics', params: { view: 'participants' } };
  const trended: Figure[] = [
    { key: 'new', label: t('newToday'), value: o.newToday, to: { section: 'people', params: { sort: 'createdAt.desc' } }, trend: series('new') },
    { key: 'dau', label: t('dau'), value: o.active.dau, to: active, trend: series('active') },
    { key: 'claims', label: t('claimsToday'), value: o.claimsToday, to: { section: 'tasks' }, trend: series('claims') },
    { key: 'participants', label: t('participants'), value: o.participants, to: { section: 'people' }, trend: grown },
    { key: 'pending', label: t('pending'), value: o.pendingWithdrawals, to: { section: 'withdrawals', params: { status: 'REQUESTED' } }, trend: series('withdrawals') },
    { key: 'dialogs', label: t('openDialogs'), value: o.openDialogs, to: { section: 'inbox' }, trend: series('dialogs') },
  ];
  const plain: Figure[] = [
    { key: 'wau', label: t('wau'), value: o.active.wau, to: active },
    { key: 'mau', label: t('mau'), value: o.active.mau, to: active },
    { key: 'failed', label: t('failedEvents'), value: o.failedEvents, to: { section: 'events' } },
  ];
  const trendHint: Record<string, string> = { pending: t('trend.withdrawals'), dialogs: t('trend.dialogs'), participants: t('trend.participants'), dau: t('trend.active') };
  const figure = (f: Figure) => {
    const body = (
      <>
        <div className="hint small">{f.label}</div>
        <div className="v">{f.value.toLocaleString(lang)}</div>
        {f.trend !== undefined && (
          <>
            <Trend points={f.trend} testId={`trend-${f.key}`} lang={lang} />
            {trendHint[f.key] && <div className="trend">{trendHint[f.key]}</div>}
          </>
        )}
      </>
    );
    return may(f.to.section) ? (
      <RouteLink key={f.key} to={f.to} className="stat" testId={`figure-${f.key}`}>{body}</RouteLink>
    ) : (
      <div key={f.key} className="stat" data-testid={`figure-${f.key}`}>{body}</div>
    );
  };
  const revenueTrend = (c: string): TrendPoint[] | null =>
    daily?.map((d) => {
      const amount = d.revenue[c] ?? '0';
      return { day: d.day, value: Number(amount), label: money(c as Currency, amount, lang) };
    }) ?? null;
  return (
    <>
      <div className="row overview-window">
        <div className="grow hint small">{t('trend.window', { days })}</div>
        <Tabs value={String(days)} onChange={(d) => go({ section: 'overview', params: d === '30' ? {} : { days: d } }, { replace: true })} options={WINDOWS.map((d) => ({ value: String(d), label: t('stats.days', { days: d }), testId: `trend-days-${d}` }))} />
      </div>
      {trends.isError && <ErrorBox error={trends.error} onRetry={() => trends.refetch()} />}
      <div className="grid3 overview-figures overview-trends">{trended.map(figure)}</div>
      <div className="grid3 overview-figures" style={{ marginTop: 10 }}>{plain.map(figure)}</div>
      <Section title={t('revenue')}>
        <Card className="list">
          {o.revenue.length === 0 && <Empty text="—" icon="💰" />}
          {o.revenue.map((r) => {
            const body = (
              <>
                <div className="revenue-currency">{r.currency}</div>
                <div className="grow revenue-trend">
                  <Trend points={revenueTrend(r.currency)} testId={`trend-revenue-${r.currency}`} lang={lang} />
                </div>
                <div className="strong revenue-amount">{money(r.currency, r.amount, lang)} · {r.invoices}</div>
              </>
            );
            return may('invoices') ? (
              <RouteLink key={r.currency} to={{ section: 'invoices', params: { status: 'PAID', currency: r.currency } }} className="item" testId={`revenue-${r.currency}`}>{body}</RouteLink>
            ) : (
              <div className="item" key={r.currency} data-testid={`revenue-${r.currency}`}>{body}</div>
            );
          })}
        </Card>
        {o.revenue.length > 0 && <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('trend.revenue', { days })}</div>}
      </Section>
      <Retention />
      <Funnel />
    </>
  );
}
