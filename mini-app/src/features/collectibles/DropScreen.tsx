import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorBox, Progress, Section, Skeleton, useOk } from '../../kit/ui.tsx';
import { BottomActions } from '../../kit/bottom-buttons.tsx';
import { useUi } from '../../kit/store.ts';
import { money } from '../../lib/format.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { PurchaseSheet } from '../shop/purchase.tsx';
import { Countdown, rarityPercent } from './parts.tsx';

export function DropScreen({ id }: { id: number }) {
  const { t, i18n } = useTranslation('collect');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const ok = useOk();
  const { push } = useUi();
  const q = useQuery({ ...trpc.collectibles.drops.queryOptions(), refetchInterval: 10_000 });
  const [buying, setBuying] = useState(false);
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data.find((x) => x.id === id);
  if (!d) return <ErrorBox error={new Error('not found')} />;
  const lang = i18n.language as 'en' | 'ru';
  const sold = d.supply - d.left;
  return (
    <div>
      <h1>{d.title}</h1>
      <div className="hint">{d.collection.title}</div>
      <Card className="hero" testId="drop-hero">
        <div className="row between">
          <span className="strong">{d.status === 'upcoming' ? <Countdown to={d.startsAt} prefix={t('upcoming')} /> : t(d.status)}</span>
          <span data-testid="drop-left">{t('left', { left: d.left, supply: d.supply })}</span>
        </div>
        <div style={{ marginTop: 10 }}><Progress value={(sold / d.supply) * 100} /></div>
        {!buying && (
          <div style={{ marginTop: 14 }}>
            <BottomActions
              main={{
                text: `${t('buy')} · ${d.prices.map((p) => money(p.currency, p.amount, lang)).join(' / ')}`,
                enabled: d.status === 'open' && d.prices.length > 0,
                onClick: () => setBuying(true),
                testId: 'drop-buy',
              }}
            />
          </div>
        )}
      </Card>
      <Section title={t('attributes')}>
        <Card>
          {(['model', 'backdrop', 'symbol'] as const).map((trait) => (
            <div key={trait} style={{ marginBottom: 8 }}>
              <div className="strong small">{t(trait)}</div>
              <div className="hint small">{d.attributes[trait].map((a) => `${a.value} ${rarityPercent(a.permille, lang)}`).join(' · ')}</div>
            </div>
          ))}
        </Card>
      </Section>
      <Section title={t('fairTitle')}>
        <Card>
          <p className="small" data-testid="drop-fair">{d.revealed ? t('fairRevealed') : t('fairSealed')}</p>
          <details className="verify-details">
            <summary>{t('details')}</summary>
            <div className="hint small">{t('seedHash')}</div>
            <div className="mono" data-testid="drop-seed-hash">{d.seedHash}</div>
          </details>
          <div style={{ marginTop: 10 }}>
            <Button variant="ghost" onClick={() => push({ name: 'verify', dropId: d.id })} testId="open-verify">{t('verify')}</Button>
          </div>
        </Card>
      </Section>
      {buying && (
        <PurchaseSheet
          testPrefix="drop-pay"
          announce={false}
          item={{ title: d.title, prices: d.prices }}
          onClose={() => setBuying(false)}
          onBuy={async (currency, idempotencyKey) => {
            const r = await client.collectibles.buy.mutate({ dropId: d.id, currency, idempotencyKey });
            if (r.editionId) {
              const e = await client.collectibles.edition.query({ id: r.editionId });
              ok(t('got', { name: e.collection.title, number: e.number }));
              void qc.invalidateQueries();
              setBuying(false);
              push({ name: 'edition', id: r.editionId });
            }
            return r.invoice;
          }}
        />
      )}
    </div>
  );
}
