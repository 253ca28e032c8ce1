import type { CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Card, Empty, ErrorBox, Section, Skeleton } from '../../../../kit/ui.tsx';
import { formatAmount } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';

const WEEKS = 8;
const FUNNEL_DAYS = 30;

/** A cell's shade: the theme's accent, stronger the larger the share; light text once it gets dark. */
function shade(share: number): CSSProperties {
  const strength = Math.round(8 + share * 82);
  return {
    background: `color-mix(in srgb, var(--accent) ${strength}%, transparent)`,
    color: strength >= 50 ? 'var(--accent-text)' : undefined,
  };
}

/** Weekly cohorts: who joined each week, and the share of them who did a task in each week after. */
export function Retention() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.overview.cohorts.queryOptions({ weeks: WEEKS }));
  const lang = i18n.language;
  const weekOf = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <Section title={t('analytics.retention')}>
      <Card>
        {q.isPending && <Skeleton lines={5} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.data && q.data.every((c) => c.size === 0) && <Empty text={t('analytics.noCohorts')} icon="📅" />}
        {q.data && q.data.some((c) => c.size > 0) && (
          <>
            <div className="cohorts-wrap">
              <table className="cohorts" data-testid="cohorts">
                <thead>
                  <tr>
                    <th colSpan={2} />
                    <th colSpan={WEEKS} className="cohorts-span">{t('analytics.weeksSince')}</th>
                  </tr>
                  <tr>
                    <th className="left">{t('analytics.cohort')}</th>
                    <th>{t('analytics.size')}</th>
                    {Array.from({ length: WEEKS }, (_, k) => <th key={k}>{k}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {q.data.map((c) => (
                    <tr key={c.week}>
                      <td className="left">{weekOf(c.week)}</td>
                      <td className={c.size ? 'strong' : 'hint'}>{formatAmount('POINTS', String(c.size), lang)}</td>
                      {Array.from({ length: WEEKS }, (_, k) => {
                        // Weeks the cohort has not reached yet stay empty.
                        if (k >= c.active.length) return <td key={k} className="cell" />;
                        if (!c.size) return <td key={k} className="cell hint">—</td>;
                        const share = c.active[k] / c.size;
                        return (
                          <td key={k} className="cell" style={shade(share)} title={`${c.active[k]} / ${c.size}`}>
                            {Math.round(share * 100)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="hint small" style={{ marginTop: 10 }}>{t('analytics.retentionHint')}</div>
          </>
        )}
      </Card>
    </Section>
  );
}

/** How far the people who joined lately got, step by step, against everyone who joined. */
export function Funnel() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.overview.funnel.queryOptions({ days: FUNNEL_DAYS }));
  const lang = i18n.language;
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const joined = q.data?.steps.find((s) => s.step === 'joined')?.count ?? 0;
  return (
    <Section title={t('analytics.funnel', { days: FUNNEL_DAYS })}>
      <Card>
        {q.isPending && <Skeleton lines={6} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.data && joined === 0 && <Empty text={t('analytics.noFunnel', { days: FUNNEL_DAYS })} icon="🫙" />}
        {q.data && joined > 0 && (
          <>
            <div className="funnel" data-testid="funnel">
              {q.data.steps.map((s) => {
                const share = s.count / joined;
                return (
                  <div className="funnel-step" key={s.step}>
                    <div className="row" style={{ gap: 8, alignItems: 'baseline' }}>
                      <span className="grow small">{t(`analytics.step.${s.step}`)}</span>
                      <span className="strong small">{formatAmount('POINTS', String(s.count), lang)}</span>
                      <span className="hint funnel-pct">{pct.format(share)}</span>
                    </div>
                    <div className="funnel-bar">
                      <div style={{ width: `${Math.max(share * 100, s.count ? 1.5 : 0)}%` }} />
                    </div>
                  </div>
                );
              })}
            </div>
            <div className="hint small" style={{ marginTop: 10 }}>{t('analytics.funnelHint', { days: FUNNEL_DAYS })}</div>
          </>
        )}
      </Card>
    </Section>
  );
}
