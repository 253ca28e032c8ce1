import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, Section, useFail, useOk } from '../../../../kit/ui.tsx';
import { CURRENCIES, formatAmount, money, type Currency } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { FilterText } from '../../kit/FilterText.tsx';
import { setParams, useAdminRoute } from '../../kit/route.ts';
import { useServerTable } from '../../kit/useServerTable.ts';
import { CollectionPicker, collectionParam, titleIn, useCollectionNames, when } from './shared.tsx';

type In = inferRouterInputs<AppRouter>['admin']['collectibles'];
type Out = inferRouterOutputs<AppRouter>['admin']['collectibles'];
type Edition = Out['editions']['items'][number];
type Sale = Out['sales']['items'][number];
type Mint = Out['mintRequests']['items'][number];
type Person = { telegramId: string; name: string; username: string | null } | null;
const LIMIT = 25;

const person = (p: Person) => (p ? <>{p.name} {p.username ? <span className="hint">@{p.username}</span> : null}</> : '—');
const personCsv = (p: Person) => (p ? `${p.name} (${p.telegramId})` : '');
/** Rarity is the combination's chance in parts per billion; shown as a percentage. */
const chance = (ppb: string) => `${(Number(ppb) / 1e7).toLocaleString(undefined, { maximumSignificantDigits: 3 })} %`;
const EDITION_STATES = ['app', 'listed', 'ton'] as const;

export function EditionsView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const collections = useCollectionNames();
  const first = collections.data?.items[0]?.id;
  const table = useServerTable({
    testId: 'coll-editions',
    // The first collection unless another is picked: editions are numbered per collection.
    filters: { collection: '', state: '', owner: '' },
    sort: { by: 'number', dir: 'asc' },
    limit: LIMIT,
    exportLimit: 200,
    query: (q) => {
      const collectionId = collectionParam(q.filters.collection) ?? first;
      return trpc.admin.collectibles.editions.queryOptions(
        {
          collectionId: collectionId ?? 0,
          state: (q.filters.state || undefined) as Exclude<In['editions'], void | undefined>['state'],
          owner: q.filters.owner || undefined,
          search: q.search,
          sort: q.sort as Exclude<In['editions'], void | undefined>['sort'],
          page: q.page,
          limit: q.limit,
        },
        { enabled: collectionId != null },
      );
    },
  });
  const f = table.filters;
  const lang = i18n.language;
  const columns: DataColumn<Edition>[] = [
    { id: 'number', header: t('coll.col.number'), sortable: true, cell: (e) => <span className="strong">#{e.number}</span>, csv: (e) => String(e.number) },
    { id: 'attributes', header: t('coll.col.attributes'), cell: (e) => `${e.model} · ${e.backdrop} · ${e.symbol}`, csv: (e) => `${e.model} / ${e.backdrop} / ${e.symbol}` },
    { id: 'rarity', header: t('coll.col.chance'), sortable: true, align: 'right', cell: (e) => chance(e.rarity), csv: (e) => e.rarity },
    { id: 'owner', header: t('coll.col.owner'), cell: (e) => person(e.owner), csv: (e) => personCsv(e.owner) },
    {
      id: 'state',
      header: t('coll.col.state'),
      cell: (e) =>
        e.nftAddress ? <span className="pill ok">{t('coll.onTon')}</span> : e.listing ? <span className="pill warn">{t('coll.listedFor', { price: money(e.listing.currency, e.listing.price, lang) })}</span> : <span className="pill">{t('coll.inApp')}</span>,
      csv: (e) => (e.nftAddress ? `TON ${e.nftAddress}` : e.listing ? `LISTED ${e.listing.price} ${e.listing.currency}` : 'APP'),
    },
    { id: 'createdAt', header: t('coll.col.date'), sortable: true, cell: (e) => when(e.createdAt, lang), csv: (e) => e.createdAt },
  ];
  if (collections.data?.items.length === 0) return <Empty text={t('coll.noCollections')} icon="🖼️" />;
  return (
    <Card>
      <DataTable
        {...table.props}
        rows={first != null || f.collection ? table.props.rows : undefined}
        columns={columns}
        rowKey={(e) => String(e.id)}
        searchPlaceholder={t('coll.editionSearch')}
        filters={
          <>
            <CollectionPicker value={f.collection || (first ? String(first) : '')} onChange={(v) => table.setFilter('collection', v)} />
            <select value={f.state} onChange={(e) => table.setFilter('state', e.target.value)} data-testid="coll-editions-state" aria-label={t('coll.col.state')}>
              <option value="">{t('coll.anyPlace')}</option>
              {EDITION_STATES.map((s) => <option key={s} value={s}>{t(`coll.editionState.${s}`)}</option>)}
            </select>
            <FilterText value={f.owner} onChange={(v) => table.setFilter('owner', v)} placeholder={t('coll.ownerSearch')} testId="coll-editions-owner" />
          </>
        }
      />
    </Card>
  );
}

const WINDOWS = [7, 30, 90] as const;
const pct = (bps: number) => `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;

export function MarketView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const route = useAdminRoute();
  // The window is the route's too (#/collectibles?view=market&days=7), the table's filters beside it.
  const days = WINDOWS.find((n) => String(n) === route.params.days) ?? 30;
  const setDays = (n: number) => setParams({ days: n === 30 ? null : String(n), page: null });
  const q = useQuery(trpc.admin.collectibles.marketActivity.queryOptions({ days, limit: 1 }));
  const table = useServerTable({
    testId: 'coll-sales',
    filters: { currency: '', collection: '' },
    sort: { by: 'date', dir: 'desc' },
    limit: LIMIT,
    exportLimit: 200,
    query: (s) =>
      trpc.admin.collectibles.sales.queryOptions({
        days,
        currency: (s.filters.currency || undefined) as Currency | undefined,
        collectionId: collectionParam(s.filters.collection),
        search: s.search,
        sort: s.sort as Exclude<In['sales'], void | undefined>['sort'],
        page: s.page,
        limit: s.limit,
      }),
  });
  const lang = i18n.language;
  const d = q.data;
  const currencies = CURRENCIES.filter((c) => d?.totals.some((x) => x.currency === c));
  const [shown, setShown] = useState<Currency | null>(null);
  const currency = shown && currencies.includes(shown) ? shown : currencies[0];
  // One bar per day of the window (quiet days show as gaps), in the chosen currency's whole units.
  const chart = d && currency ? dailySeries(d, currency) : [];
  const columns: DataColumn<Sale>[] = [
    { id: 'date', header: t('coll.col.date'), sortable: true, cell: (s) => when(s.closedAt, lang), csv: (s) => s.closedAt },
    { id: 'edition', header: t('coll.col.edition'), cell: (s) => `${titleIn(lang, s.edition.collection.title)} #${s.edition.number}`, csv: (s) => `${s.edition.collection.slug} #${s.edition.number}` },
    { id: 'seller', header: t('coll.col.seller'), cell: (s) => person(s.seller), csv: (s) => personCsv(s.seller) },
    { id: 'buyer', header: t('coll.col.buyer'), cell: (s) => person(s.buyer), csv: (s) => personCsv(s.buyer) },
    { id: 'price', header: t('coll.col.price'), sortable: true, align: 'right', cell: (s) => money(s.currency, s.price, lang), csv: (s) => `${s.price} ${s.currency}` },
    { id: 'fee', header: t('coll.col.fee'), sortable: true, align: 'right', cell: (s) => money(s.currency, s.fee, lang), csv: (s) => `${s.fee} ${s.currency}` },
  ];
  return (
    <>
      {d && <FeeEditor feeBps={d.feeBps} defaultBps={d.defaultFeeBps} />}
      <div className="chips" style={{ margin: '10px 0' }}>
        {WINDOWS.map((n) => (
          <button key={n} className={days === n ? 'active' : ''} onClick={() => setDays(n)} data-testid={`coll-days-${n}`}>{t('coll.days', { n })}</button>
        ))}
      </div>
      <div className="grid3" data-testid="coll-market-totals">
        {(d?.totals.length ? d.totals : []).map((x) => (
          <div className="stat" key={x.currency}>
            <div className="hint small">{t('coll.volume')} · {x.currency}</div>
            <div className="v">{money(x.currency, x.volume, lang)}</div>
            <div className="hint small">{t('coll.sales')}: {x.sales} · {t('coll.fees')}: {money(x.currency, x.fees, lang)}</div>
          </div>
        ))}
      </div>
      {d && d.totals.length === 0 && <Empty text={t('coll.noSales')} icon="🛒" />}
      {currency && (
        <Section>
          {currencies.length > 1 && (
            <div className="chips" style={{ marginBottom: 6 }}>
              {currencies.map((c) => <button key={c} className={c === currency ? 'active' : ''} onClick={() => setShown(c)}>{c}</button>)}
            </div>
          )}
          <Card>
            <div style={{ height: 180 }} data-testid="coll-market-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart}>
                  <XAxis dataKey="day" tickFormatter={(x: string) => x.slice(5)} fontSize={11} stroke="var(--hint)" />
                  <Tooltip formatter={(v) => `${v} ${currency}`} />
                  <Legend />
                  <Bar dataKey="volume" name={t('coll.volume')} fill="var(--accent)" radius={[3, 3, 0, 0]} />
                  <Bar dataKey="fees" name={t('coll.fees')} fill="var(--hint)" radius={[3, 3, 0, 0]} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </Section>
      )}
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(s) => String(s.id)}
          searchPlaceholder={t('coll.saleSearch')}
          filters={
            <>
              <CollectionPicker value={table.filters.collection} onChange={(v) => table.setFilter('collection', v)} any />
              <select value={table.filters.currency} onChange={(e) => table.setFilter('currency', e.target.value)} data-testid="coll-sales-currency" aria-label={t('coll.currency')}>
                <option value="">{t('coll.anyCurrency')}</option>
                {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </>
          }
        />
      </Card>
    </>
  );
}

function dailySeries(d: Out['marketActivity'], currency: Currency) {
  const byDay = new Map(d.daily.filter((x) => x.currency === currency).map((x) => [x.day, x]));
  const start = Date.parse(d.since);
  const whole = (v: string | undefined) => Number(formatAmount(currency, v ?? '0', 'en').replace(/,/g, ''));
  return Array.from({ length: d.days }, (_, i) => {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const x = byDay.get(day);
    return { day, volume: whole(x?.volume), fees: whole(x?.fees), sales: x?.sales ?? 0 };
  });
}

function FeeEditor({ feeBps, defaultBps }: { feeBps: number; defaultBps: number }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [text, setText] = useState((feeBps / 100).toString());
  useEffect(() => setText((feeBps / 100).toString()), [feeBps]);
  const value = Number(text.replace(',', '.'));
  const bps = Math.round(value * 100);
  const valid = text.trim() !== '' && Number.isFinite(value) && bps >= 0 && bps <= 2000;
  const save = useMutation(
    trpc.admin.collectibles.setMarketFee.mutationOptions({
      onSuccess: () => (ok(t('coll.feeSaved')), void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.marketActivity.pathKey() })),
      onError: fail,
    }),
  );
  return (
    <Card testId="coll-fee">
      <div className="row">
        <div className="grow">
          <div className="strong">{t('coll.fee')}: {pct(feeBps)}</div>
          <div className="hint small">{t('coll.feeHint', { pct: pct(defaultBps) })}</div>
        </div>
        <input style={{ width: 84 }} inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} aria-label={t('coll.fee')} aria-invalid={!valid} data-testid="coll-fee-input" />
        <span>%</span>
        <Button small busy={save.isPending} disabled={!valid || bps === feeBps} onClick={() => save.mutate({ bps })} testId="coll-fee-save">{t('coll.save')}</Button>
      </div>
      {!valid && <div className="small" style={{ color: 'var(--danger)', marginTop: 4 }}>{t('coll.feeBad')}</div>}
    </Card>
  );
}

const MINT_STATUSES = ['FAILED', 'REQUESTED', 'SENT', 'CONFIRMED', 'CANCELLED'] as const;
type MintStatus = (typeof MINT_STATUSES)[number];
const mintPill: Record<MintStatus, string> = { FAILED: 'danger', REQUESTED: 'warn', SENT: 'warn', CONFIRMED: 'ok', CANCELLED: '' };

type MintsIn = Exclude<In['mintRequests'], void | undefined>;

export function MintsView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const table = useServerTable({
    testId: 'coll-mints',
    filters: { status: '', kind: '', collection: '' },
    sort: { by: 'id', dir: 'desc' },
    limit: LIMIT,
    exportLimit: 200,
    query: (q) =>
      trpc.admin.collectibles.mintRequests.queryOptions({
        status: (q.filters.status || undefined) as MintStatus | undefined,
        kind: (q.filters.kind || undefined) as MintsIn['kind'],
        collectionId: collectionParam(q.filters.collection),
        search: q.search,
        sort: q.sort as MintsIn['sort'],
        page: q.page,
        limit: q.limit,
      }),
  });
  const retry = useMutation(
    trpc.admin.collectibles.retryMint.mutationOptions({
      onSuccess: () => (ok(t('coll.retried')), void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.mintRequests.pathKey() })),
      onError: fail,
    }),
  );
  const lang = i18n.language;
  const counts = table.query.data?.counts;
  const status = table.filters.status;
  const columns: DataColumn<Mint>[] = [
    { id: 'id', header: '#', sortable: true, cell: (m) => m.id, csv: (m) => String(m.id) },
    { id: 'requested', header: t('coll.col.requested'), cell: (m) => when(m.createdAt, lang), csv: (m) => m.createdAt },
    { id: 'edition', header: t('coll.col.edition'), cell: (m) => `${titleIn(lang, m.edition.collection.title)} #${m.edition.number}`, csv: (m) => `${m.edition.collection.slug} #${m.edition.number}` },
    { id: 'owner', header: t('coll.col.owner'), cell: (m) => person(m.participant), csv: (m) => `${personCsv(m.participant)} ${m.owner}` },
    { id: 'kind', header: t('coll.col.kind'), cell: (m) => t(`coll.mintKind.${m.kind}`), csv: (m) => m.kind },
    {
      id: 'status',
      header: t('coll.col.status'),
      sortable: true,
      cell: (m) => (
        <>
          <span className={`pill ${mintPill[m.status]}`}>{t(`coll.mintStatus.${m.status}`)}</span>
          {m.lastError && <div className="hint small mono">{m.lastError}</div>}
        </>
      ),
      csv: (m) => `${m.status}${m.lastError ? `: ${m.lastError}` : ''}`,
    },
    { id: 'sends', header: t('coll.col.sends'), sortable: true, align: 'right', cell: (m) => m.sends + (m.retries ? ` (+${m.retries})` : ''), csv: (m) => String(m.sends) },
    {
      id: 'action',
      header: '',
      cell: (m) =>
        m.retryable ? (
          <Button small variant="secondary" busy={retry.isPending && retry.variables?.requestId === m.id} onClick={() => retry.mutate({ requestId: m.id })} testId={`coll-mint-retry-${m.id}`}>
            {t('coll.retry')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('coll.mintHint')}</p>
      <div className="chips" style={{ marginBottom: 10 }}>
        <button className={status === '' ? 'active' : ''} onClick={() => table.setFilter('status', '')}>{t('all')}</button>
        {MINT_STATUSES.map((s) => (
          <button key={s} className={status === s ? 'active' : ''} onClick={() => table.setFilter('status', s)} data-testid={`coll-mints-${s}`}>
            {t(`coll.mintStatus.${s}`)}{counts ? ` · ${counts[s] ?? 0}` : ''}
          </button>
        ))}
      </div>
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(m) => String(m.id)}
          searchPlaceholder={t('coll.mintSearch')}
          filters={
            <>
              <CollectionPicker value={table.filters.collection} onChange={(v) => table.setFilter('collection', v)} any />
              <select value={table.filters.kind} onChange={(e) => table.setFilter('kind', e.target.value)} data-testid="coll-mints-kind" aria-label={t('coll.col.kind')}>
                <option value="">{t('coll.anyKind')}</option>
                <option value="MINT">{t('coll.mintKind.MINT')}</option>
                <option value="TRANSFER">{t('coll.mintKind.TRANSFER')}</option>
              </select>
            </>
          }
        />
      </Card>
    </>
  );
}
