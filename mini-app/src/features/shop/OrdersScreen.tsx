import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Card, Empty, ErrorBox, Section, Skeleton } from '../../kit/ui.tsx';
import { money } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

export function OrdersScreen() {
  const { t, i18n } = useTranslation('shop');
  const trpc = useTRPC();
  const q = useQuery(trpc.orders.list.queryOptions());
  const lang = i18n.language;
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div>
      <h1>{t('ordersTitle')}</h1>
      {q.data.purchased.length > 0 && (
        <Section title={t('purchased')}>
          <div className="grid2">
            {q.data.purchased.map((x) => (
              <div className="stat" key={x.orderId} data-testid="purchased-item">
                <div className="strong">{x.title}</div>
                {x.points && <div className="hint small">{t('pack', { points: x.points })}</div>}
                {x.boost && <div className="hint small">{t('boostActive', { until: new Date(x.boost.endsAt).toLocaleString(lang) })}</div>}
              </div>
            ))}
          </div>
        </Section>
      )}
      <Section title={t('orders')}>
        {q.data.orders.length === 0 && <Empty text={t('noOrders')} icon="📦" />}
        {q.data.orders.length > 0 && (
          <Card className="list">
            {q.data.orders.map((o) => (
              <div className="item" key={o.id} data-testid="order-row">
                <div className="grow">
                  <div className="strong">{o.product.title}</div>
                  <div className="hint small">#{o.id} · {new Date(o.createdAt).toLocaleString(lang)}</div>
                </div>
                <div style={{ textAlign: 'right' }}>
                  <div className="strong">{money(o.currency, o.price, lang)}</div>
                  <span className={`pill ${o.status === 'FULFILLED' ? 'ok' : o.status === 'PENDING' ? 'warn' : 'danger'}`}>{t(`status.${o.status}`)}</span>
                </div>
              </div>
            ))}
          </Card>
        )}
      </Section>
    </div>
  );
}
