import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Section, Skeleton } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { formatAmount, money } from '../../lib/format.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { PurchaseSheet } from './purchase.tsx';

type Product = inferRouterOutputs<AppRouter>['shop']['products']['products'][number];

const KIND_ICON = { POINTS_PACK: '✦', BOOST: '🚀', ITEM: '🎁', COLLECTIBLE: '💎' } as const;

export function ShopScreen() {
  const { t, i18n } = useTranslation('shop');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const q = useQuery(trpc.shop.products.queryOptions());
  const me = useQuery(trpc.profile.me.queryOptions());
  const { push } = useUi();
  const [selected, setSelected] = useState<number | null>(null);
  const lang = i18n.language;
  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const product = q.data.products.find((p) => p.id === selected);
  const gives = (p: Product) => [
    ...(p.delivers.points ? [t('pack', { points: formatAmount('POINTS', p.delivers.points, lang) })] : []),
    ...(p.delivers.boostMultiplierBps
      ? [t('boost', { mult: (p.delivers.boostMultiplierBps / 10000).toLocaleString(lang), hours: Math.round((p.delivers.boostSeconds ?? 0) / 3600) })]
      : []),
  ];
  return (
    <div>
      <div className="row between">
        <h1>{t('title')}</h1>
        <Button small variant="secondary" onClick={() => push({ name: 'orders' })} testId="open-orders">{t('orders')}</Button>
      </div>
      {me.data && (
        <div className="chips" style={{ marginTop: 8 }}>
          {me.data.balances.map((b) => (
            <span key={b.currency} className="pill" data-testid={`shop-balance-${b.currency}`}>{money(b.currency, b.amount, lang)}</span>
          ))}
        </div>
      )}
      {!q.data.tonAvailable && <div className="hint small" style={{ marginTop: 8 }}>{t('tonNotice')}</div>}
      <Section>
        {q.data.products.length === 0 && <Empty text={t('empty')} icon="🛍️" />}
        {q.data.products.map((p) => (
          <Card key={p.id} testId={`product-${p.slug}`}>
            <div className="row">
              <div className="task-icon">{KIND_ICON[p.kind]}</div>
              <div className="grow">
                <div className="strong">{p.title}</div>
                <div className="hint small">{p.description}</div>
                <div className="row" style={{ gap: 6, marginTop: 6, flexWrap: 'wrap' }}>
                  {gives(p).map((g) => <span key={g} className="pill ok">{g}</span>)}
                  {p.stockLeft != null && p.stockLeft > 0 && <span className="pill warn">{t('left', { count: p.stockLeft })}</span>}
                </div>
                <div className="hint small" style={{ marginTop: 6 }}>{p.prices.map((x) => money(x.currency, x.amount, lang)).join(' · ')}</div>
              </div>
              <div>
                <Button small disabled={p.soldOut || p.limitReached || p.prices.length === 0} onClick={() => setSelected(p.id)} testId={`buy-${p.slug}`}>
                  {p.soldOut ? t('soldOut') : p.limitReached ? t('limit') : t('buy')}
                </Button>
              </div>
            </div>
          </Card>
        ))}
      </Section>
      {product && (
        <PurchaseSheet
          item={{ ...product, gives: gives(product) }}
          onClose={() => setSelected(null)}
          onBuy={(currency, idempotencyKey) => client.shop.buy.mutate({ productId: product.id, currency, idempotencyKey })}
        />
      )}
    </div>
  );
}
