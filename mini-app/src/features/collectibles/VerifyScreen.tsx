import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Card, ErrorBox, Section, Skeleton } from '../../kit/ui.tsx';
import { useTRPC } from '../../lib/trpc.ts';

/** The verification page: the commitment, the revealed seed and every roll, recomputed by the server and recomputable by anyone. */
export function VerifyScreen({ dropId }: { dropId: number }) {
  const { t } = useTranslation('collect');
  const trpc = useTRPC();
  const q = useQuery(trpc.collectibles.verifyDrop.queryOptions({ dropId }));
  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const v = q.data;
  const mismatches = v.rolls.filter((r) => r.matches === false).length;
  const verdict = !v.revealed ? t('verdictSealed') : !v.seedMatchesHash ? t('verdictSeedBad') : mismatches ? t('verdictRollsBad', { count: mismatches }) : t('verdictOk', { count: v.rolls.length });
  const good = v.revealed && v.seedMatchesHash && mismatches === 0;
  return (
    <div>
      <h1>{t('verifyTitle')}</h1>
      <Card>
        <p className={v.revealed ? (good ? 'ok strong' : 'danger strong') : 'strong'} data-testid="verify-verdict">{verdict}</p>
        <p className="small" style={{ marginTop: 8 }}>{t('verifyPlain')}</p>
        <details className="verify-details" data-testid="verify-details">
          <summary>{t('details')}</summary>
          <p className="small">{t('verifyHow')}</p>
          <div className="hint small" style={{ marginTop: 8 }}>{t('seedHash')}</div>
          <div className="mono" data-testid="seed-hash">{v.seedHash}</div>
          <div className="hint small" style={{ marginTop: 8 }}>{t('seed')}</div>
          {v.seed ? (
            <>
              <div className="mono">{v.seed}</div>
              <p className={v.seedMatchesHash ? 'ok small' : 'danger small'} style={{ marginTop: 8 }}>{v.seedMatchesHash ? t('seedOk') : t('seedBad')}</p>
            </>
          ) : (
            <p className="hint small">{t('notRevealed')}</p>
          )}
        </details>
      </Card>
      <Section title={t('rolls')}>
        <Card className="list">
          {v.rolls.map((r) => (
            <div className="item" key={r.editionId}>
              <div className="grow">
                <div className="strong small">#{r.number} · {r.attributes.model} · {r.attributes.backdrop} · {r.attributes.symbol}</div>
                <div className="hint small mono">{r.input}</div>
              </div>
              {r.matches != null && <span className={`pill ${r.matches ? 'ok' : 'danger'}`}>{r.matches ? t('matches') : t('mismatch')}</span>}
            </div>
          ))}
        </Card>
      </Section>
    </div>
  );
}
