import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Field, useFail, useOk } from '../../../../kit/ui.tsx';
import { money, parseAmount } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { localInput } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { setParams, useAdminRoute } from '../../kit/route.ts';
import { useServerTable } from '../../kit/useServerTable.ts';
import { EditionsView, MarketView, MintsView } from './MarketViews.tsx';
import { NewCollection } from './NewCollection.tsx';
import { CollectionPicker, collectionParam, FORM_GRID, titleIn, useCollectionNames, useView, VIEWS, when } from './shared.tsx';

type In = inferRouterInputs<AppRouter>['admin']['collectibles'];
type Out = inferRouterOutputs<AppRouter>['admin']['collectibles'];
type Collection = Out['collections']['items'][number];
type Drop = Out['drops']['items'][number];
type DropStatus = Drop['status'];
const DROP_STATUSES: DropStatus[] = ['SCHEDULED', 'OPEN', 'SOLD_OUT', 'ENDED'];

const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Collections, drops (schedule, commit–reveal), editions, the marketplace and mints to TON. */
export function CollectiblesSection() {
  const { t } = useTranslation('admin');
  const [view, setView] = useView();
  return (
    <>
      <div className="chips" style={{ marginBottom: 10 }}>
        {VIEWS.map((v) => (
          <button key={v} className={view === v ? 'active' : ''} onClick={() => setView(v)} data-testid={`coll-view-${v}`}>
            {t(`coll.views.${v}`)}
          </button>
        ))}
      </div>
      {view === 'collections' && <CollectionsView />}
      {view === 'drops' && <DropsView />}
      {view === 'editions' && <EditionsView />}
      {view === 'market' && <MarketView />}
      {view === 'mints' && <MintsView />}
    </>
  );
}

const volumeText = (c: Collection, lang: string) => c.volume.map((v) => money(v.currency, v.volume, lang)).join(' · ') || '—';
/** A row opens (and its link is) #/collectibles/<id>, in whichever tab it is. */
const useOpenRow = () => {
  const route = useAdminRoute();
  return { open: route.record, toggle: (id: number) => setParams({}, { replace: false, record: route.record === String(id) ? null : String(id) }) };
};

function CollectionsView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const row = useOpenRow();
  const table = useServerTable({
    testId: 'coll-collections',
    filters: { chain: '' },
    sort: { by: 'id', dir: 'asc' },
    limit: 20,
    exportLimit: 200,
    query: (q) =>
      trpc.admin.collectibles.collections.queryOptions({
        chain: (q.filters.chain || undefined) as Exclude<In['collections'], void | undefined>['chain'],
        search: q.search,
        sort: q.sort as Exclude<In['collections'], void | undefined>['sort'],
        page: q.page,
        limit: q.limit,
      }),
  });
  const lang = i18n.language;
  const columns: DataColumn<Collection>[] = [
    { id: 'title', header: t('coll.col.collection'), cell: (c) => <span className="strong">{titleIn(lang, c.title)}</span>, csv: (c) => c.title.en },
    { id: 'slug', header: t('coll.col.slug'), sortable: true, cell: (c) => <span className="mono small">{c.slug}</span>, csv: (c) => c.slug },
    { id: 'minted', header: t('coll.col.minted'), sortable: true, align: 'right', cell: (c) => c.minted, csv: (c) => String(c.minted) },
    { id: 'supplyCap', header: t('coll.col.cap'), sortable: true, align: 'right', cell: (c) => c.supplyCap, csv: (c) => String(c.supplyCap) },
    { id: 'held', header: t('coll.col.held'), align: 'right', cell: (c) => c.held, csv: (c) => String(c.held) },
    { id: 'onChain', header: t('coll.col.onChain'), align: 'right', cell: (c) => c.onChain, csv: (c) => String(c.onChain) },
    { id: 'holders', header: t('coll.col.holders'), align: 'right', cell: (c) => c.holders, csv: (c) => String(c.holders) },
    { id: 'listed', header: t('coll.col.listed'), align: 'right', cell: (c) => c.listed, csv: (c) => String(c.listed) },
    { id: 'volume', header: t('coll.col.volume'), align: 'right', cell: (c) => volumeText(c, lang), csv: (c) => c.volume.map((v) => `${v.volume} ${v.currency}`).join('; ') },
    { id: 'royalty', header: t('coll.col.royalty'), sortable: true, align: 'right', cell: (c) => `${c.royaltyBps / 100} %`, csv: (c) => String(c.royaltyBps) },
  ];
  return (
    <>
      <NewCollection />
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(c) => String(c.id)}
          searchPlaceholder={t('coll.collectionSearch')}
          filters={
            <select value={table.filters.chain} onChange={(e) => table.setFilter('chain', e.target.value)} data-testid="coll-collections-chain" aria-label={t('coll.chain.label')}>
              <option value="">{t('coll.chain.any')}</option>
              <option value="deployed">{t('coll.chain.deployed')}</option>
              <option value="notDeployed">{t('coll.chain.notDeployed')}</option>
            </select>
          }
          onRowClick={(c) => row.toggle(c.id)}
          expandedKey={row.open}
          expanded={(c) => <CollectionForm c={c} onDone={() => row.toggle(c.id)} />}
        />
      </Card>
    </>
  );
}

function CollectionForm({ c, onDone }: { c: Collection; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [en, setEn] = useState(c.title.en);
  const [ru, setRu] = useState(c.title.ru);
  const [cover, setCover] = useState(c.coverUrl ?? '');
  const [cap, setCap] = useState(String(c.supplyCap));
  const [royalty, setRoyalty] = useState(String(c.royaltyBps));
  const save = useMutation(
    trpc.admin.collectibles.updateCollection.mutationOptions({
      onSuccess: () => (ok(t('coll.saved')), void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.collections.pathKey() }), onDone()),
      onError: fail,
    }),
  );
  return (
    <div onClick={(e) => e.stopPropagation()} data-testid={`coll-edit-${c.id}`}>
      <div style={FORM_GRID}>
        <Field label={t('titleEn')}><input value={en} onChange={(e) => setEn(e.target.value)} maxLength={200} /></Field>
        <Field label={t('titleRu')}><input value={ru} onChange={(e) => setRu(e.target.value)} maxLength={200} /></Field>
        <Field label={t('coll.supplyCap')}><input inputMode="numeric" value={cap} onChange={(e) => setCap(e.target.value.replace(/\D/g, ''))} /></Field>
        <Field label={t('coll.royaltyBps')}><input inputMode="numeric" value={royalty} onChange={(e) => setRoyalty(e.target.value.replace(/\D/g, ''))} /></Field>
      </div>
      <Field label={t('coll.coverUrl')}><input value={cover} onChange={(e) => setCover(e.target.value)} maxLength={500} /></Field>
      <p className="hint small">{t('coll.nftAddress')}: <span className="mono">{c.nftAddress ?? t('coll.notDeployed')}</span></p>
      <div className="row" style={{ marginTop: 8 }}>
        <Button
          busy={save.isPending}
          disabled={!en.trim() || !ru.trim() || !cap}
          onClick={() => save.mutate({ collectionId: c.id, title: { en: en.trim(), ru: ru.trim() }, coverUrl: cover.trim() || null, supplyCap: Number(cap), royaltyBps: Number(royalty || 0) })}
          testId={`coll-save-${c.id}`}
        >
          {t('coll.save')}
        </Button>
        <Button variant="ghost" onClick={onDone}>{t('coll.cancel')}</Button>
      </div>
    </div>
  );
}

const statusPill: Record<DropStatus, string> = { SCHEDULED: 'warn', OPEN: 'ok', SOLD_OUT: '', ENDED: '' };

function priceText(d: Drop, lang: string) {
  return d.prices.map((p) => money(p.currency, p.amount, lang)).join(' · ') || '—';
}

type DropsIn = Exclude<In['drops'], void | undefined>;

function DropsView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const row = useOpenRow();
  const table = useServerTable({
    testId: 'coll-drops',
    filters: { collection: '', status: '' },
    sort: { by: 'id', dir: 'desc' },
    limit: 20,
    exportLimit: 200,
    query: (q) =>
      trpc.admin.collectibles.drops.queryOptions({
        collectionId: collectionParam(q.filters.collection),
        status: (q.filters.status || undefined) as DropStatus | undefined,
        search: q.search,
        sort: q.sort as DropsIn['sort'],
        page: q.page,
        limit: q.limit,
      }),
  });
  const lang = i18n.language;
  const columns: DataColumn<Drop>[] = [
    { id: 'title', header: t('coll.col.drop'), cell: (d) => <><span className="strong">{titleIn(lang, d.title)}</span> <span className="hint small">{titleIn(lang, d.collection.title)}</span></>, csv: (d) => d.title.en },
    { id: 'status', header: t('coll.col.status'), cell: (d) => <span className={`pill ${statusPill[d.status]}`}>{t(`coll.status.${d.status}`)}</span>, csv: (d) => d.status },
    { id: 'startsAt', header: t('coll.col.starts'), sortable: true, cell: (d) => when(d.startsAt, lang), csv: (d) => d.startsAt },
    { id: 'endsAt', header: t('coll.col.ends'), sortable: true, cell: (d) => when(d.endsAt, lang), csv: (d) => d.endsAt ?? '' },
    { id: 'supply', header: t('coll.col.sold'), sortable: true, align: 'right', cell: (d) => `${d.supply - d.left} / ${d.supply}`, csv: (d) => `${d.supply - d.left}/${d.supply}` },
    { id: 'price', header: t('coll.col.price'), align: 'right', cell: (d) => priceText(d, lang), csv: (d) => d.prices.map((p) => `${p.amount} ${p.currency}`).join('; ') },
    {
      id: 'seed',
      header: t('coll.col.seed'),
      cell: (d) => <span className="small"><span className="mono" title={d.seedHash}>{d.seedHash.slice(0, 12)}…</span> · {d.revealed ? t('coll.revealed') : t('coll.sealed')}</span>,
      csv: (d) => d.seedHash,
    },
  ];
  return (
    <>
      <NewDrop />
      <Card>
        <p className="hint small" style={{ margin: '0 0 8px' }}>{t('coll.seedHint')}</p>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(d) => String(d.id)}
          searchPlaceholder={t('coll.dropSearch')}
          filters={
            <>
              <CollectionPicker value={table.filters.collection} onChange={(v) => table.setFilter('collection', v)} any />
              <select value={table.filters.status} onChange={(e) => table.setFilter('status', e.target.value)} data-testid="coll-drops-status" aria-label={t('coll.col.status')}>
                <option value="">{t('coll.anyStatus')}</option>
                {DROP_STATUSES.map((s) => <option key={s} value={s}>{t(`coll.status.${s}`)}</option>)}
              </select>
            </>
          }
          onRowClick={(d) => row.toggle(d.id)}
          expandedKey={row.open}
          expanded={(d) => <DropActions d={d} />}
        />
      </Card>
    </>
  );
}

/** What the price inputs say, as the server's fields: unset when empty, refused when not an amount. */
function prices(points: string, stars: string, ton: string) {
  const one = (c: 'POINTS' | 'STARS' | 'TON', s: string) => (s.trim() ? parseAmount(c, s) : undefined);
  const p = { pricePoints: one('POINTS', points), priceStars: one('STARS', stars), priceTon: one('TON', ton) };
  const bad = Object.values(p).some((v) => v === null);
  return { p: p as { pricePoints?: string; priceStars?: string; priceTon?: string }, bad, none: Object.values(p).every((v) => v === undefined) };
}

function NewDrop() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [shown, setShown] = useState(false);
  const [picked, setPicked] = useState('');
  const collections = useCollectionNames();
  const [en, setEn] = useState('');
  const [ru, setRu] = useState('');
  const [supply, setSupply] = useState('100');
  const [starts, setStarts] = useState(localInput(new Date(Date.now() + 86_400_000).toISOString()));
  const [ends, setEnds] = useState('');
  const [points, setPoints] = useState('');
  const [stars, setStars] = useState('');
  const [ton, setTon] = useState('');
  const create = useMutation(
    trpc.admin.collectibles.createDrop.mutationOptions({
      onSuccess: () => (ok(t('coll.created')), setShown(false), void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.drops.pathKey() })),
      onError: fail,
    }),
  );
  const cid = collectionParam(picked) ?? collections.data?.items[0]?.id;
  const pr = prices(points, stars, ton);
  if (!shown) {
    return (
      <div style={{ marginBottom: 10 }}>
        <Button variant="secondary" small onClick={() => setShown(true)} disabled={!collections.data?.items.length} testId="coll-new-drop">+ {t('coll.newDrop')}</Button>
        {collections.data?.items.length === 0 && <span className="hint small" style={{ marginLeft: 8 }}>{t('coll.noCollections')}</span>}
      </div>
    );
  }
  return (
    <Card testId="coll-drop-form">
      <div className="strong">{t('coll.newDrop')}</div>
      <Field label={t('coll.pickCollection')}><CollectionPicker value={cid ? String(cid) : ''} onChange={setPicked} /></Field>
      <div style={FORM_GRID}>
        <Field label={t('titleEn')}><input value={en} onChange={(e) => setEn(e.target.value)} maxLength={200} data-testid="coll-drop-en" /></Field>
        <Field label={t('titleRu')}><input value={ru} onChange={(e) => setRu(e.target.value)} maxLength={200} data-testid="coll-drop-ru" /></Field>
        <Field label={t('coll.startsAt')}><input type="datetime-local" value={starts} onChange={(e) => setStarts(e.target.value)} data-testid="coll-drop-starts" /></Field>
        <Field label={t('coll.endsAt')}><input type="datetime-local" value={ends} onChange={(e) => setEnds(e.target.value)} /></Field>
        <Field label={t('coll.supply')}><input inputMode="numeric" value={supply} onChange={(e) => setSupply(e.target.value.replace(/\D/g, ''))} data-testid="coll-drop-supply" /></Field>
        <Field label={t('coll.pricePoints')}><input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} data-testid="coll-drop-points" /></Field>
        <Field label={t('coll.priceStars')}><input inputMode="numeric" value={stars} onChange={(e) => setStars(e.target.value)} /></Field>
        <Field label={t('coll.priceTon')}><input inputMode="decimal" value={ton} onChange={(e) => setTon(e.target.value)} /></Field>
      </div>
      <div className="row" style={{ marginTop: 10 }}>
        <Button
          busy={create.isPending}
          disabled={!cid || !en.trim() || !ru.trim() || !Number(supply) || !starts || pr.bad || pr.none}
          onClick={() => create.mutate({ collectionId: cid!, title: { en: en.trim(), ru: ru.trim() }, supply: Number(supply), startsAt: iso(starts)!, endsAt: iso(ends) ?? null, ...pr.p })}
          testId="coll-drop-create"
        >
          {t('coll.create')}
        </Button>
        <Button variant="ghost" onClick={() => setShown(false)}>{t('coll.cancel')}</Button>
      </div>
    </Card>
  );
}

function DropActions({ d }: { d: Drop }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.drops.pathKey() });
  const [starts, setStarts] = useState(localInput(d.startsAt));
  const [ends, setEnds] = useState(localInput(d.endsAt));
  const [supply, setSupply] = useState(String(d.supply));
  const [points, setPoints] = useState(d.pricePoints ?? '');
  const [seed, setSeed] = useState<string | null>(null);
  const update = useMutation(trpc.admin.collectibles.updateDrop.mutationOptions({ onSuccess: () => (ok(t('coll.saved')), refresh()), onError: fail }));
  const recommit = useMutation(trpc.admin.collectibles.commitSeed.mutationOptions({ onSuccess: () => (ok(t('coll.recommitted')), refresh()), onError: fail }));
  const end = useMutation(trpc.admin.collectibles.endDrop.mutationOptions({ onSuccess: () => (ok(t('coll.ended')), refresh()), onError: fail }));
  const reveal = useMutation(
    trpc.admin.collectibles.revealSeed.mutationOptions({
      onSuccess: (v) => (setSeed(v.seed), ok(v.allMatch ? t('coll.revealedOk', { n: v.rolls.length }) : t('coll.revealedBad')), refresh()),
      onError: fail,
    }),
  );
  const pts = points.trim() ? parseAmount('POINTS', points) : undefined;
  return (
    <div onClick={(e) => e.stopPropagation()} data-testid={`coll-drop-${d.id}`}>
      <p className="small" style={{ margin: '0 0 6px' }}>
        {t('coll.col.seed')}: <span className="mono" data-testid={`coll-seed-hash-${d.id}`}>{d.seedHash}</span>
      </p>
      {seed && <p className="small" style={{ margin: '0 0 6px' }}>{t('coll.seed')}: <span className="mono">{seed}</span></p>}
      {d.editable ? (
        <>
          <div className="strong small">{t('coll.editSchedule')}</div>
          <div style={FORM_GRID}>
            <Field label={t('coll.startsAt')}><input type="datetime-local" value={starts} onChange={(e) => setStarts(e.target.value)} /></Field>
            <Field label={t('coll.endsAt')}><input type="datetime-local" value={ends} onChange={(e) => setEnds(e.target.value)} /></Field>
            <Field label={t('coll.supply')}><input inputMode="numeric" value={supply} onChange={(e) => setSupply(e.target.value.replace(/\D/g, ''))} /></Field>
            <Field label={t('coll.pricePoints')}><input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} /></Field>
          </div>
          <div className="row" style={{ marginTop: 8, flexWrap: 'wrap' }}>
            <Button
              busy={update.isPending}
              disabled={!starts || !Number(supply) || pts === null}
              onClick={() => update.mutate({ dropId: d.id, startsAt: iso(starts), endsAt: iso(ends) ?? null, supply: Number(supply), pricePoints: pts ?? null })}
              testId={`coll-drop-save-${d.id}`}
            >
              {t('coll.save')}
            </Button>
            <Button variant="secondary" busy={recommit.isPending} disabled={d.editions > 0} onClick={() => recommit.mutate({ dropId: d.id })} testId={`coll-recommit-${d.id}`}>
              {t('coll.recommit')}
            </Button>
          </div>
        </>
      ) : (
        <p className="hint small">{t('coll.onlyBefore')}</p>
      )}
      <div className="row" style={{ marginTop: 8, flexWrap: 'wrap' }}>
        {d.status === 'OPEN' && (
          <Button variant="danger" busy={end.isPending} onClick={() => end.mutate({ dropId: d.id })} testId={`coll-end-${d.id}`}>{t('coll.endNow')}</Button>
        )}
        {(d.status === 'ENDED' || d.status === 'SOLD_OUT') && (
          <Button variant="secondary" busy={reveal.isPending} onClick={() => reveal.mutate({ dropId: d.id })} testId={`coll-reveal-${d.id}`}>{t('coll.reveal')}</Button>
        )}
      </div>
    </div>
  );
}
