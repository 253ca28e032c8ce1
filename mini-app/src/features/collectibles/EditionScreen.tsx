import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorBox, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { CURRENCIES, currencySymbol, hasDecimals, money, parseAmount, type Currency } from '../../lib/format.ts';
import { BottomActions } from '../../kit/bottom-buttons.tsx';
import { useActionKey } from '../../lib/action-key.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { canShareStory, shareToStory } from '../../lib/telegram.ts';
import { EditionArt, rarityPercent } from './parts.tsx';
import { GiftSheet } from './GiftSheet.tsx';

export function EditionScreen({ id }: { id: number }) {
  const { t, i18n } = useTranslation('collect');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.collectibles.edition.queryOptions({ id }));
  const mine = useQuery(trpc.collectibles.mine.queryOptions());
  const [sheet, setSheet] = useState<'sell' | 'gift' | null>(null);
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState<Currency>('POINTS');
  const done = (text: string) => () => {
    ok(text);
    setSheet(null);
    void qc.invalidateQueries();
  };
  // One key per confirmed action: a retried tap lists once; a new sheet or new input is a new action.
  const listKey = useActionKey({ sheet, currency, price });
  const list = useMutation(trpc.market.list.mutationOptions({ onSuccess: () => (listKey.done(), done(t('listed'))()), onError: fail }));
  const delist = useMutation(trpc.market.delist.mutationOptions({ onSuccess: done(t('delist')), onError: fail }));
  const mint = useMutation(trpc.collectibles.mint.mutationOptions({ onSuccess: done(t('minted')), onError: fail }));
  const back = useMutation(trpc.collectibles.bringBack.mutationOptions({ onSuccess: done(t('broughtBack')), onError: fail }));
  const showcase = useMutation(trpc.collectibles.setShowcase.mutationOptions({ onSuccess: done(t('showcased')), onError: fail }));
  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const e = q.data;
  const lang = i18n.language;
  const isMine = e.owner?.isMe ?? false;
  const showcased = mine.data?.filter((x) => x.showcased).map((x) => x.id) ?? [];
  const minor = parseAmount(currency, price);

  return (
    <div>
      <EditionArt slug={e.collection.slug} number={e.number} model={e.model} backdrop={e.backdrop} symbol={e.symbol} />
      <div className="row between" style={{ marginTop: 12 }}>
        <h1 data-testid="edition-title">{e.collection.title} #{e.number}</h1>
        <span className="pill">{t('rank', { rank: e.rank, total: e.total })}</span>
      </div>
      <Section>
        <Card>
          {e.attributes.map((a) => (
            <div className="kv" key={a.trait}>
              <span className="hint">{t(a.trait)}</span>
              <span className="strong">{a.value} <span className="pill" data-testid={`rarity-${a.trait}`}>{rarityPercent(a.permille, lang)}</span></span>
            </div>
          ))}
          <div className="kv"><span className="hint">{t('owner')}</span><span className="strong">{e.owner ? (isMine ? `${e.owner.name} (${t('you')})` : e.owner.name) : '—'}</span></div>
          <div className="kv"><span className="hint">{e.onChain ? t('onChain') : t('inApp')}</span><span className="mono">{e.onChain?.address ?? '✓'}</span></div>
          {e.listing && <div className="kv"><span className="hint">{t('listed')}</span><span className="strong">{money(e.listing.currency, e.listing.price, lang)}</span></div>}
        </Card>
      </Section>
      {isMine && !e.onChain && (
        <div className="grid2">
          {e.listing ? (
            <Button variant="secondary" busy={delist.isPending} onClick={() => delist.mutate({ listingId: e.listing!.id })}>{t('delist')}</Button>
          ) : (
            <Button variant="secondary" onClick={() => setSheet('sell')} testId="edition-sell">{t('sell')}</Button>
          )}
          <Button variant="secondary" disabled={Boolean(e.listing)} onClick={() => setSheet('gift')} testId="edition-gift">{t('gift')}</Button>
        </div>
      )}
      {isMine && !e.onChain && !e.listing && (
        <div style={{ marginTop: 10 }}>
          <Button variant="secondary" busy={mint.isPending} onClick={() => mint.mutate({ editionId: e.id })} testId="edition-mint">{t('mint')}</Button>
        </div>
      )}
      {isMine && e.onChain && (
        <Card>
          <p className="hint small">{t('bringBackHint')}</p>
          <div style={{ marginTop: 8 }}>
            <Button variant="secondary" busy={back.isPending} onClick={() => back.mutate({ editionId: e.id })}>{t('bringBack')}</Button>
          </div>
        </Card>
      )}
      {isMine && (
        <div style={{ marginTop: 10 }}>
          <Button variant="ghost" disabled={showcased.includes(e.id)} busy={showcase.isPending} onClick={() => showcase.mutate({ editionIds: [...showcased, e.id].slice(-12) })}>
            {showcased.includes(e.id) ? t('showcased') : t('showcase')}
          </Button>
        </div>
      )}
      {isMine && canShareStory() && (
        <div style={{ marginTop: 10 }}>
          <Button variant="ghost" onClick={() => shareToStory(`${location.origin}/nft/${e.collection.slug}/${e.number}.png`, t('storyText', { name: `${e.collection.title} #${e.number}` }))}>
            {t('shareStory')}
          </Button>
        </div>
      )}
      <Section title={t('history')}>
        <Card className="list">
          {e.history.map((h, i) => (
            <div className="item" key={i}>
              <div className="grow">
                <div className="strong small">{t(`kinds.${h.kind}`, { defaultValue: h.kind })} {h.to ?? ''}</div>
                <div className="hint small">{new Date(h.at).toLocaleString(lang)}{h.message ? ` · “${h.message}”` : ''}</div>
              </div>
              {h.price && h.currency && <div className="strong small">{money(h.currency, h.price, lang)}</div>}
            </div>
          ))}
        </Card>
      </Section>
      {sheet === 'gift' && <GiftSheet edition={e} onClose={() => setSheet(null)} />}
      {sheet === 'sell' && (
        <div className="sheet-backdrop" onClick={() => setSheet(null)}>
          <div className="sheet" onClick={(x) => x.stopPropagation()}>
            <h3>{t('sell')}</h3>
            <div className="chips" style={{ margin: '12px 0' }}>
              {CURRENCIES.map((c) => (
                <button key={c} className={currency === c ? 'active' : ''} onClick={() => setCurrency(c)} data-testid={`sell-currency-${c}`}>
                  {currencySymbol[c]} {t(`currencies.${c}`)}
                </button>
              ))}
            </div>
            <input placeholder={t('price')} inputMode={hasDecimals(currency) ? 'decimal' : 'numeric'} value={price} onChange={(x) => setPrice(x.target.value)} data-testid="sell-price" />
            <div style={{ marginTop: 12 }}>
              <BottomActions
                main={{
                  text: minor && minor !== '0' ? t('listFor', { price: money(currency, minor, lang) }) : t('list'),
                  enabled: Boolean(minor && minor !== '0'),
                  busy: list.isPending,
                  onClick: () => minor && minor !== '0' && list.mutate({ editionId: e.id, currency, price: minor, idempotencyKey: listKey.key }),
                  testId: 'sell-confirm',
                }}
              />
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
