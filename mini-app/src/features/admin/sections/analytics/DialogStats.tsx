import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { Button, Card, Empty, ErrorBox, Section, Skeleton } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';
import { useAdminNav } from '../../nav.ts';

/** A time in seconds as people say it: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function duration(seconds: number | null, t: TFunction): string {
  if (seconds == null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return t('stats.dlg.s', { n: s });
  const m = Math.round(s / 60);
  if (m < 60) return t('stats.dlg.min', { n: m });
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? t('stats.dlg.hMin', { h, m: m % 60 }) : t('stats.dlg.h', { n: h });
  const d = Math.floor(h / 24);
  return h % 24 ? t('stats.dlg.dH', { d, h: h % 24 }) : t('stats.dlg.d', { n: d });
}

/** The inbox over the window: volume per day, how fast the team answers and closes, who answered. */
export function DialogStats({ days }: { days: number }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const nav = useAdminNav();
  const q = useQuery(trpc.admin.analytics.dialogs.queryOptions({ days }));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  return (
    <div data-testid="dialog-stats">
      {nav.has('inbox') && (
        <Button variant="ghost" small onClick={() => nav.open('inbox')} testId="stats-open-inbox">{t('stats.dlg.openInbox')} ›</Button>
      )}
      <div className="grid3" style={{ margin: '8px 0' }}>
        <div className="stat"><div className="hint small">{t('stats.dlg.conversations')}</div><div className="v" data-testid="dlg-conversations">{d.totals.conversations}</div></div>
        <div className="stat"><div className="hint small">{t('stats.dlg.in')}</div><div className="v">{d.totals.messagesIn}</div></div>
        <div className="stat"><div className="hint small">{t('stats.dlg.out')}</div><div className="v">{d.totals.messagesOut}</div></div>
      </div>
      <div className="grid3" style={{ marginBottom: 8 }} data-testid="dlg-times">
        <div className="stat"><div className="hint small">{t('stats.dlg.frMedian')}</div><div className="v">{duration(d.firstResponse.medianSeconds, t)}</div></div>
        <div className="stat"><div className="hint small">{t('stats.dlg.frP90')}</div><div className="v">{duration(d.firstResponse.p90Seconds, t)}</div></div>
        <div className="stat"><div className="hint small">{t('stats.dlg.resMedian')}</div><div className="v">{duration(d.resolution.medianSeconds, t)}</div></div>
      </div>
      <div className="hint small">{t('stats.dlg.timesHint', { answered: d.firstResponse.answered, resolved: d.resolution.resolved, total: d.totals.conversations })}</div>
      {d.totals.conversations === 0 && d.totals.messagesIn === 0 ? (
        <Empty text={t('stats.dlg.none')} icon="💬" />
      ) : (
        <>
          <Section title={t('stats.dlg.perDay')}>
            <Card>
              <div style={{ height: 180 }}>
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={d.daily}>
                    <XAxis dataKey="day" tickFormatter={(x: string) => x.slice(5)} fontSize={11} stroke="var(--hint)" />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="conversations" name={t('stats.dlg.conversations')} fill="var(--accent)" radius={[3, 3, 0, 0]} />
                    <Bar dataKey="messagesIn" name={t('stats.dlg.in')} fill="var(--hint)" radius={[3, 3, 0, 0]} />
                    <Bar dataKey="messagesOut" name={t('stats.dlg.out')} fill="#2fa84f" radius={[3, 3, 0, 0]} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </Card>
          </Section>
          <Section title={t('stats.dlg.team')}>
            {d.team.length === 0 ? (
              <Empty text={t('stats.dlg.noAnswers')} icon="🙊" />
            ) : (
              <Card>
                <table className="stats-table" data-testid="dlg-team">
                  <thead><tr><th className="left">{t('stats.dlg.member')}</th><th>{t('stats.dlg.replies')}</th><th>{t('stats.dlg.dialogs')}</th><th>{t('stats.dlg.first')}</th></tr></thead>
                  <tbody>
                    {d.team.map((m) => (
                      <tr key={m.adminId}>
                        <td className="left">{m.name}</td>
                        <td className="strong">{m.replies}</td>
                        <td>{m.dialogs}</td>
                        <td>{m.firstResponses}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
