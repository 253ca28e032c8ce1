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
  return (
    <div>
      <h1>{t('verifyTitle')}</h1>
      <Card><p className="small">{t('verifyHow')}</p></Card>
      <Section title={t('seedHash')}>
        <Card><div className="mono" data-testid="seed-hash">{v.seedHash}</div></Card>
      </Section>
      <Section title={t('seed')}>
        <Card>
          {v.seed ? (
            <>
              <div className="mono">{v.seed}</div>
              <p className={v.seedMatchesHash ? 'ok small' : 'danger small'} style={{ marginTop: 8 }}>{v.seedMatchesHash ? t('seedOk') : t('seedBad')}</p>
            </>
          ) : (
            <p className="hint small">{t('notRevealed')}</p>
          )}
        </Card>
      </Section>
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
