import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Section, Skeleton, Tabs } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { money } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Countdown, EditionArt, rarityPercent } from './parts.tsx';

type View = 'mine' | 'drops';

export function CollectScreen() {
  const { t } = useTranslation('collect');
  const { push } = useUi();
  // Back from a drop lands on the drops, not on "mine"; the tab bar starts afresh.
  const view = useUi((s) => (s.views.collect as View | undefined) ?? 'mine');
  const setView = (v: View) => useUi.getState().setView('collect', v);
  return (
    <div>
      <div className="row between">
        <h1>{t('title')}</h1>
        <button className="btn btn-secondary btn-small" onClick={() => push({ name: 'market' })} data-testid="open-market">{t('market')}</button>
      </div>
      <div style={{ margin: '12px 0' }}>
        <Tabs value={view} onChange={setView} options={[{ value: 'mine', label: t('mine'), testId: 'collect-mine' }, { value: 'drops', label: t('drops'), testId: 'collect-drops' }]} />
      </div>
      {view === 'mine' ? <Mine /> : <Drops />}
    </div>
  );
}

function Mine() {
  const { t, i18n } = useTranslation('collect');
  const trpc = useTRPC();
  const q = useQuery(trpc.collectibles.mine.queryOptions());
  const gifts = useQuery(trpc.gifts.mine.queryOptions());
  const { push } = useUi();
  const [collection, setCollection] = useState<string>('all');
  const [sort, setSort] = useState<'rare' | 'new'>('rare');
  const [attr, setAttr] = useState('');
  const collections = useMemo(() => [...new Set((q.data ?? []).map((e) => e.collection.slug))], [q.data]);
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const shown = q.data
    .filter((e) => collection === 'all' || e.collection.slug === collection)
    .filter((e) => !attr || [e.model, e.backdrop, e.symbol].some((v) => v.toLowerCase().includes(attr.toLowerCase())))
    .sort((a, b) => (sort === 'rare' ? (BigInt(a.rarity) < BigInt(b.rarity) ? -1 : 1) : b.id - a.id));
  return (
    <>
      {q.data.length > 0 && (
        <div className="chips" style={{ marginBottom: 10 }}>
          <button className={collection === 'all' ? 'active' : ''} onClick={() => setCollection('all')}>{t('all')}</button>
          {collections.map((c) => (
            <button key={c} className={collection === c ? 'active' : ''} onClick={() => setCollection(c)}>{q.data.find((e) => e.collection.slug === c)?.collection.title}</button>
          ))}
          <button className={sort === 'rare' ? 'active' : ''} onClick={() => setSort('rare')}>{t('rare')}</button>
          <button className={sort === 'new' ? 'active' : ''} onClick={() => setSort('new')}>{t('newest')}</button>
        </div>
      )}
      {q.data.length > 0 && (
        <input style={{ marginBottom: 10 }} placeholder={t('attrFilter')} value={attr} onChange={(e) => setAttr(e.target.value)} data-testid="attr-filter" />
      )}
      {q.data.length === 0 && <Empty text={t('empty')} icon="💎" />}
      <div className="gallery">
        {shown.map((e) => (
          <Card key={e.id} onClick={() => push({ name: 'edition', id: e.id })} testId="edition-card">
            <EditionArt slug={e.collection.slug} number={e.number} model={e.model} backdrop={e.backdrop} symbol={e.symbol} />
            <div className="strong small ellipsis" style={{ marginTop: 6 }}>{e.collection.title} #{e.number}</div>
            <div className="hint small ellipsis">{e.model} · {e.symbol}</div>
            {e.rank != null && <span className="pill" style={{ marginTop: 4 }}>{t('rankShort', { rank: e.rank })}</span>}
          </Card>
        ))}
      </div>
      <Section title={t('gifts')}>
        {gifts.data && gifts.data.source !== 'fresh' && (
          <div className="row between" data-testid="gifts-note">
            <div className="hint small grow">{t(`giftsSource.${gifts.data.source}`)}</div>
            {gifts.data.source !== 'no-bot' && <Button small variant="ghost" busy={gifts.isFetching} onClick={() => gifts.refetch()}>{t('common:retry')}</Button>}
          </div>
        )}
        {gifts.data?.source === 'fresh' && gifts.data.gifts.length === 0 && <Empty text={t('noGifts')} icon="🎁" />}
        {gifts.data && gifts.data.gifts.length > 0 && (
          <Card className="list">
            {gifts.data.gifts.map((g) => (
              <div className="item" key={g.id}>
                <div className="task-icon">🎁</div>
                <div className="grow">
                  <div className="strong">{g.name ?? g.giftId}</div>
                  <div className="hint small">{g.unique ? g.attributes.map((a) => (a.permille != null ? `${a.value} ${rarityPercent(a.permille, i18n.language)}` : a.value)).join(' · ') : g.starCount != null ? `${g.starCount} ⭐` : ''}</div>
                </div>
              </div>
            ))}
          </Card>
        )}
      </Section>
    </>
  );
}

function Drops() {
  const { t, i18n } = useTranslation('collect');
  const trpc = useTRPC();
  const q = useQuery(trpc.collectibles.drops.queryOptions());
  const { push } = useUi();
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  if (q.data.length === 0) return <Empty text={t('noListings')} icon="🪂" />;
  return (
    <>
      {q.data.map((d) => (
        <Card key={d.id} onClick={() => push({ name: 'drop', id: d.id })} testId={`drop-${d.id}`}>
          <div className="row">
            <div className="task-icon">🪂</div>
            <div className="grow">
              <div className="strong">{d.title}</div>
              <div className="hint small">{d.collection.title}</div>
              <div className="row" style={{ gap: 6, marginTop: 6 }}>
                <span className={`pill ${d.status === 'open' ? 'ok' : d.status === 'upcoming' ? 'warn' : 'danger'}`}>
                  {d.status === 'upcoming' ? <Countdown to={d.startsAt} prefix={t('upcoming')} /> : t(d.status)}
                </span>
                <span className="hint small">{t('left', { left: d.left, supply: d.supply })}</span>
              </div>
            </div>
            <div className="strong small">{d.prices[0] ? money(d.prices[0].currency, d.prices[0].amount, i18n.language) : ''}</div>
          </div>
        </Card>
      ))}
    </>
  );
}
