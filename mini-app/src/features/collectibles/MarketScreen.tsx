import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { money } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useActionKeys } from '../../lib/action-key.ts';

export function MarketScreen() {
  const { t, i18n } = useTranslation('collect');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const { push } = useUi();
  const q = useQuery(trpc.market.listings.queryOptions({}));
  const keyFor = useActionKeys<string>();
  const buy = useMutation(trpc.market.buy.mutationOptions({ onSuccess: (r) => (ok(t('bought')), void qc.invalidateQueries(), push({ name: 'edition', id: r.editionId })), onError: fail }));
  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const lang = i18n.language;
  return (
    <div>
      <h1>{t('market')}</h1>
      <div className="hint small">{t('fee', { fee: (q.data.feeBps / 100).toLocaleString(lang) })}</div>
      {q.data.floors.length > 0 && (
        <div className="chips" style={{ marginTop: 10 }}>
          {q.data.floors.map((f) => (
            <span key={`${f.collectionId}-${f.currency}`} className="pill">{t('floor')}: {money(f.currency, f.floor, lang)}</span>
          ))}
        </div>
      )}
      <Section>
        {q.data.listings.length === 0 && <Empty text={t('noListings')} icon="🏷️" />}
        {q.data.listings.map((l) => (
          <Card key={l.id} testId="listing">
            <div className="row">
              <div className="grow" onClick={() => push({ name: 'edition', id: l.edition.id })} style={{ cursor: 'pointer' }}>
                <div className="strong">{l.edition.collection} #{l.edition.number}</div>
                <div className="hint small">{l.edition.model} · {l.edition.backdrop} · {l.edition.symbol}</div>
                <div className="hint small">{l.mine ? t('yourListing') : t('seller', { name: l.seller })}</div>
              </div>
              <Button small disabled={l.mine} busy={buy.isPending && buy.variables?.listingId === l.id} onClick={() => buy.mutate({ listingId: l.id, idempotencyKey: keyFor(String(l.id)) })}>
                {t('buyFor', { price: money(l.currency, l.price, lang) })}
              </Button>
            </div>
          </Card>
        ))}
      </Section>
      {q.data.recentSales.length > 0 && (
        <Section title={t('recent')}>
          <Card className="list">
            {q.data.recentSales.map((s) => (
              <div className="item" key={s.id}>
                <div className="grow strong small">{s.collection} #{s.number}</div>
                <div className="strong small">{money(s.currency, s.price, lang)}</div>
              </div>
            ))}
          </Card>
        </Section>
      )}
    </div>
  );
}
