import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { Card, Empty, ErrorBox, Section, Skeleton } from '../../../../kit/ui.tsx';
import { money } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { Funnel, Retention } from './Analytics.tsx';
import { RouteLink } from '../../kit/RouteLink.tsx';
import type { AdminRoute } from '../../kit/route.ts';

type Figure = { key: string; label: string; value: number; to: Partial<AdminRoute> };

/** People, activity, money and queues at a glance, each figure a link to its section; then the trends. */
export function Overview() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.overview.get.queryOptions());
  const access = useQuery(trpc.admin.sections.queryOptions());
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  const lang = i18n.language;
  // A figure links to its section only when the role may open it.
  const may = (section: string | null | undefined) => !!section && (access.data?.sections as string[] | undefined)?.includes(section);
  const active = { section: 'analytics', params: { view: 'participants' } };
  const figures: Figure[] = [
    { key: 'new', label: t('newToday'), value: o.newToday, to: { section: 'people', params: { sort: 'createdAt.desc' } } },
    { key: 'dau', label: t('dau'), value: o.active.dau, to: active },
    { key: 'wau', label: t('wau'), value: o.active.wau, to: active },
    { key: 'mau', label: t('mau'), value: o.active.mau, to: active },
    { key: 'participants', label: t('participants'), value: o.participants, to: { section: 'people' } },
    { key: 'claims', label: t('claimsToday'), value: o.claimsToday, to: { section: 'tasks' } },
    { key: 'pending', label: t('pending'), value: o.pendingWithdrawals, to: { section: 'withdrawals', params: { status: 'REQUESTED' } } },
    { key: 'dialogs', label: t('openDialogs'), value: o.openDialogs, to: { section: 'inbox' } },
    { key: 'failed', label: t('failedEvents'), value: o.failedEvents, to: { section: 'events' } },
  ];
  return (
    <>
      <div className="grid3 overview-figures">
        {figures.map((f) => {
          const body = (
            <>
              <div className="hint small">{f.label}</div>
              <div className="v">{f.value.toLocaleString(lang)}</div>
            </>
          );
          return may(f.to.section) ? (
            <RouteLink key={f.key} to={f.to} className="stat" testId={`figure-${f.key}`}>{body}</RouteLink>
          ) : (
            <div key={f.key} className="stat" data-testid={`figure-${f.key}`}>{body}</div>
          );
        })}
      </div>
      <Section title={t('claimsChart')}>
        <Card>
          <div style={{ height: 160 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={o.daily}>
                <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} stroke="var(--hint)" />
                <Tooltip />
                <Bar dataKey="claims" fill="var(--accent)" radius={[4, 4, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      </Section>
      <Section title={t('revenue')}>
        <Card className="list">
          {o.revenue.length === 0 && <Empty text="—" icon="💰" />}
          {o.revenue.map((r) => {
            const body = (
              <>
                <div className="grow">{r.currency}</div>
                <div className="strong">{money(r.currency, r.amount, lang)} · {r.invoices}</div>
              </>
            );
            return may('invoices') ? (
              <RouteLink key={r.currency} to={{ section: 'invoices', params: { status: 'PAID', currency: r.currency } }} className="item" testId={`revenue-${r.currency}`}>{body}</RouteLink>
            ) : (
              <div className="item" key={r.currency} data-testid={`revenue-${r.currency}`}>{body}</div>
            );
          })}
        </Card>
      </Section>
      <Retention />
      <Funnel />
    </>
  );
}
