import { useEffect, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, Section, useFail, useOk } from '../../../../kit/ui.tsx';
import { CURRENCIES, formatAmount, money, type Currency } from '../../../../lib/format.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { useDebounced } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { CollectionPicker, titleIn, when } from './CollectiblesSection.tsx';
import { allByCursor, useCursorPages } from './cursor.ts';

type Out = inferRouterOutputs<AppRouter>['admin']['collectibles'];
type Edition = Out['editions']['items'][number];
type Sale = Out['marketActivity']['sales']['items'][number];
type Mint = Out['mintRequests']['items'][number];
type Person = { telegramId: string; name: string; username: string | null } | null;
const LIMIT = 25;

const person = (p: Person) => (p ? <>{p.name} {p.username ? <span className="hint">@{p.username}</span> : null}</> : '—');
const personCsv = (p: Person) => (p ? `${p.name} (${p.telegramId})` : '');

export function EditionsView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const collections = useQuery(trpc.admin.collectibles.collections.queryOptions());
  const [picked, setPicked] = useState<number | undefined>();
  const collectionId = picked ?? collections.data?.[0]?.id;
  const [search, setSearch] = useState('');
  const [owner, setOwner] = useState('');
  const pages = useCursorPages();
  const s = useDebounced(search.trim(), 300);
  const o = useDebounced(owner.trim(), 300);
  useEffect(() => pages.reset(), [collectionId, s, o]); // eslint-disable-line react-hooks/exhaustive-deps
  const filter = { collectionId: collectionId ?? 0, search: s || undefined, owner: o || undefined };
  const q = useQuery({ ...trpc.admin.collectibles.editions.queryOptions({ ...filter, cursor: pages.cursor, limit: LIMIT }, { enabled: collectionId != null }), placeholderData: keepPreviousData });
  const lang = i18n.language;
  const columns: DataColumn<Edition>[] = [
    { id: 'number', header: t('coll.col.number'), cell: (e) => <span className="strong">#{e.number}</span>, csv: (e) => String(e.number) },
    { id: 'attributes', header: t('coll.col.attributes'), cell: (e) => `${e.model} · ${e.backdrop} · ${e.symbol}`, csv: (e) => `${e.model} / ${e.backdrop} / ${e.symbol}` },
    { id: 'owner', header: t('coll.col.owner'), cell: (e) => person(e.owner), csv: (e) => personCsv(e.owner) },
    {
      id: 'state',
      header: t('coll.col.state'),
      cell: (e) =>
        e.nftAddress ? <span className="pill ok">{t('coll.onTon')}</span> : e.listing ? <span className="pill warn">{t('coll.listedFor', { price: money(e.listing.currency, e.listing.price, lang) })}</span> : <span className="pill">{t('coll.inApp')}</span>,
      csv: (e) => (e.nftAddress ? `TON ${e.nftAddress}` : e.listing ? `LISTED ${e.listing.price} ${e.listing.currency}` : 'APP'),
    },
    { id: 'date', header: t('coll.col.date'), cell: (e) => when(e.createdAt, lang), csv: (e) => e.createdAt },
  ];
  if (collections.data?.length === 0) return <Empty text={t('coll.noCollections')} icon="🖼️" />;
  return (
    <Card>
      <DataTable
        testId="coll-editions"
        columns={columns}
        rows={collectionId != null ? q.data?.items : undefined}
        rowKey={(e) => String(e.id)}
        total={q.data?.total ?? 0}
        page={pages.page}
        limit={LIMIT}
        onPage={(p) => pages.go(p, q.data?.nextCursor)}
        search={search}
        onSearch={setSearch}
        searchPlaceholder={t('coll.editionSearch')}
        filters={
          <>
            <CollectionPicker value={collectionId} onChange={setPicked} />
            <input type="search" value={owner} onChange={(e) => setOwner(e.target.value)} placeholder={t('coll.ownerSearch')} aria-label={t('coll.col.owner')} data-testid="coll-editions-owner" />
          </>
        }
        fetchAll={() => allByCursor((cursor) => qc.fetchQuery(trpc.admin.collectibles.editions.queryOptions({ ...filter, cursor, limit: 200 })))}
        csvName="editions"
        loading={q.isPending}
        error={q.error}
        onRetry={() => q.refetch()}
      />
    </Card>
  );
}

const WINDOWS = [7, 30, 90] as const;
const pct = (bps: number) => `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;

export function MarketView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [days, setDays] = useState<number>(30);
  const pages = useCursorPages();
  useEffect(() => pages.reset(), [days]); // eslint-disable-line react-hooks/exhaustive-deps
  const q = useQuery({ ...trpc.admin.collectibles.marketActivity.queryOptions({ days, cursor: pages.cursor, limit: LIMIT }), placeholderData: keepPreviousData });
  const lang = i18n.language;
  const d = q.data;
  const currencies = CURRENCIES.filter((c) => d?.totals.some((x) => x.currency === c));
  const [shown, setShown] = useState<Currency | null>(null);
  const currency = shown && currencies.includes(shown) ? shown : currencies[0];
  // One bar per day of the window (quiet days show as gaps), in the chosen currency's whole units.
  const chart = d && currency ? dailySeries(d, currency) : [];
  const columns: DataColumn<Sale>[] = [
    { id: 'date', header: t('coll.col.date'), cell: (s) => when(s.closedAt, lang), csv: (s) => s.closedAt },
    { id: 'edition', header: t('coll.col.edition'), cell: (s) => `${titleIn(lang, s.edition.collection.title)} #${s.edition.number}`, csv: (s) => `${s.edition.collection.slug} #${s.edition.number}` },
    { id: 'seller', header: t('coll.col.seller'), cell: (s) => person(s.seller), csv: (s) => personCsv(s.seller) },
    { id: 'buyer', header: t('coll.col.buyer'), cell: (s) => person(s.buyer), csv: (s) => personCsv(s.buyer) },
    { id: 'price', header: t('coll.col.price'), align: 'right', cell: (s) => money(s.currency, s.price, lang), csv: (s) => `${s.price} ${s.currency}` },
    { id: 'fee', header: t('coll.col.fee'), align: 'right', cell: (s) => money(s.currency, s.fee, lang), csv: (s) => `${s.fee} ${s.currency}` },
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
          testId="coll-sales"
          columns={columns}
          rows={d?.sales.items}
          rowKey={(s) => String(s.id)}
          total={d?.sales.total ?? 0}
          page={pages.page}
          limit={LIMIT}
          onPage={(p) => pages.go(p, d?.sales.nextCursor)}
          fetchAll={() => allByCursor(async (cursor) => (await qc.fetchQuery(trpc.admin.collectibles.marketActivity.queryOptions({ days, cursor, limit: 200 }))).sales)}
          csvName="market-sales"
          loading={q.isPending}
          error={q.error}
          onRetry={() => q.refetch()}
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
      onSuccess: () => (ok(t('coll.feeSaved')), void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.marketActivity.queryKey() })),
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

export function MintsView() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [status, setStatus] = useState<MintStatus | undefined>();
  const pages = useCursorPages();
  useEffect(() => pages.reset(), [status]); // eslint-disable-line react-hooks/exhaustive-deps
  const q = useQuery({ ...trpc.admin.collectibles.mintRequests.queryOptions({ status, cursor: pages.cursor, limit: LIMIT }), placeholderData: keepPreviousData });
  const retry = useMutation(
    trpc.admin.collectibles.retryMint.mutationOptions({
      onSuccess: () => (ok(t('coll.retried')), void qc.invalidateQueries({ queryKey: trpc.admin.collectibles.mintRequests.queryKey() })),
      onError: fail,
    }),
  );
  const lang = i18n.language;
  const counts = q.data?.counts;
  const columns: DataColumn<Mint>[] = [
    { id: 'id', header: '#', cell: (m) => m.id, csv: (m) => String(m.id) },
    { id: 'requested', header: t('coll.col.requested'), cell: (m) => when(m.createdAt, lang), csv: (m) => m.createdAt },
    { id: 'edition', header: t('coll.col.edition'), cell: (m) => `${titleIn(lang, m.edition.collection.title)} #${m.edition.number}`, csv: (m) => `${m.edition.collection.slug} #${m.edition.number}` },
    { id: 'owner', header: t('coll.col.owner'), cell: (m) => person(m.participant), csv: (m) => `${personCsv(m.participant)} ${m.owner}` },
    { id: 'kind', header: t('coll.col.kind'), cell: (m) => t(`coll.mintKind.${m.kind}`), csv: (m) => m.kind },
    {
      id: 'status',
      header: t('coll.col.status'),
      cell: (m) => (
        <>
          <span className={`pill ${mintPill[m.status]}`}>{t(`coll.mintStatus.${m.status}`)}</span>
          {m.lastError && <div className="hint small mono">{m.lastError}</div>}
        </>
      ),
      csv: (m) => `${m.status}${m.lastError ? `: ${m.lastError}` : ''}`,
    },
    { id: 'sends', header: t('coll.col.sends'), align: 'right', cell: (m) => m.sends + (m.retries ? ` (+${m.retries})` : ''), csv: (m) => String(m.sends) },
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
        <button className={status === undefined ? 'active' : ''} onClick={() => setStatus(undefined)}>{t('all')}</button>
        {MINT_STATUSES.map((s) => (
          <button key={s} className={status === s ? 'active' : ''} onClick={() => setStatus(s)} data-testid={`coll-mints-${s}`}>
            {t(`coll.mintStatus.${s}`)}{counts ? ` · ${counts[s] ?? 0}` : ''}
          </button>
        ))}
      </div>
      <Card>
        <DataTable
          testId="coll-mints"
          columns={columns}
          rows={q.data?.items}
          rowKey={(m) => String(m.id)}
          total={q.data?.total ?? 0}
          page={pages.page}
          limit={LIMIT}
          onPage={(p) => pages.go(p, q.data?.nextCursor)}
          fetchAll={() => allByCursor((cursor) => qc.fetchQuery(trpc.admin.collectibles.mintRequests.queryOptions({ status, cursor, limit: 200 })))}
          csvName="mint-requests"
          loading={q.isPending}
          error={q.error}
          onRetry={() => q.refetch()}
        />
      </Card>
    </>
  );
}
