import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { Card, Empty, ErrorBox, Section, Skeleton } from '../../../../kit/ui.tsx';
import { money } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { Funnel, Retention } from './Analytics.tsx';

/** People, activity, money and queues at a glance, then retention cohorts and the funnel. */
export function Overview() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.overview.get.queryOptions());
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  return (
    <>
      <div className="grid3">
        <div className="stat"><div className="hint small">{t('dau')}</div><div className="v">{o.active.dau}</div></div>
        <div className="stat"><div className="hint small">{t('wau')}</div><div className="v">{o.active.wau}</div></div>
        <div className="stat"><div className="hint small">{t('mau')}</div><div className="v">{o.active.mau}</div></div>
        <div className="stat"><div className="hint small">{t('participants')}</div><div className="v">{o.participants}</div></div>
        <div className="stat"><div className="hint small">{t('claimsToday')}</div><div className="v">{o.claimsToday}</div></div>
        <div className="stat"><div className="hint small">{t('pending')}</div><div className="v">{o.pendingWithdrawals}</div></div>
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
          {o.revenue.map((r) => (
            <div className="item" key={r.currency}><div className="grow">{r.currency}</div><div className="strong">{money(r.currency, r.amount, i18n.language)} · {r.invoices}</div></div>
          ))}
        </Card>
      </Section>
      <Retention />
      <Funnel />
    </>
  );
}
