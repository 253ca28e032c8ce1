import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, ErrorBox, Field, Section, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { formatAmount, parseAmount } from '../../../../lib/format.ts';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { localInput, localized } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { back, canGoBack, go, setParams, useAdminRoute } from '../../kit/route.ts';

type Season = inferRouterOutputs<AppRouter>['admin']['ratings']['seasons']['items'][number];
type SeasonsInput = Exclude<inferRouterInputs<AppRouter>['admin']['ratings']['seasons'], void>;
const STATES = ['upcoming', 'running', 'ended'] as const;
type PrizeView = Season['prizes'][number];
type PrizeInput = inferRouterInputs<AppRouter>['admin']['ratings']['saveSeason']['prizes'][number];
type Kind = PrizeInput['kind'];
const KINDS: Kind[] = ['points', 'ton', 'collectible', 'telegram_gift'];
const LIMIT = 20;

/** A prize row as typed: the value is an amount (points, TON), a drop id or a gift id by kind. */
type PrizeRow = { from: string; to: string; kind: Kind; value: string };
type Form = { nameEn: string; nameRu: string; startsAt: string; endsAt: string; prizes: PrizeRow[] };

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const blank = (): Form => ({
  nameEn: '',
  nameRu: '',
  startsAt: localInput(inHours(1)),
  endsAt: localInput(inHours(24 * 7 + 1)),
  prizes: [{ from: '1', to: '1', kind: 'points', value: '' }],
});

function rowOf(p: PrizeView): PrizeRow {
  const value = p.kind === 'points' ? (p.amount ?? '') : p.kind === 'ton' ? formatAmount('TON', p.amount ?? '0').replace(/,/g, '') : p.kind === 'collectible' ? String(p.dropId ?? '') : (p.giftId ?? '');
  return { from: String(p.fromPlace), to: String(p.toPlace), kind: p.kind, value };
}
const formOf = (s: Pick<Season, 'nameI18n' | 'startsAt' | 'endsAt' | 'prizes'>): Form => ({ nameEn: s.nameI18n.en, nameRu: s.nameI18n.ru ?? '', startsAt: localInput(s.startsAt), endsAt: localInput(s.endsAt), prizes: s.prizes.map(rowOf) });

/** The API's prize, or null while a row is incomplete or wrong. */
function prizeOf(r: PrizeRow): PrizeInput | null {
  const fromPlace = Number(r.from);
  const toPlace = Number(r.to);
  if (!Number.isInteger(fromPlace) || !Number.isInteger(toPlace) || fromPlace < 1 || toPlace < fromPlace) return null;
  const v = r.value.trim();
  if (r.kind === 'points' || r.kind === 'ton') {
    const amount = parseAmount(r.kind === 'points' ? 'POINTS' : 'TON', v);
    return amount && amount !== '0' ? { fromPlace, toPlace, kind: r.kind, amount } : null;
  }
  if (r.kind === 'collectible') return /^\d{1,9}$/.test(v) && Number(v) > 0 ? { fromPlace, toPlace, kind: 'collectible', dropId: Number(v) } : null;
  return v ? { fromPlace, toPlace, kind: 'telegram_gift', giftId: v } : null;
}

/** Prize ranges as a short line: "#1–1 1,000 ✦ · #2–3 Critters". */
export function usePrizeText() {
  const { t, i18n } = useTranslation('admin');
  return (p: Pick<PrizeView, 'kind' | 'amount' | 'collection' | 'dropId'>) =>
    t(`rat.prizeOf.${p.kind}`, {
      amount: p.kind === 'ton' ? formatAmount('TON', p.amount ?? '0', i18n.language) : formatAmount('POINTS', p.amount ?? '0', i18n.language),
      collection: p.collection ?? `#${p.dropId}`,
    });
}

type Editable = Pick<Season, 'id' | 'nameI18n' | 'startsAt' | 'endsAt' | 'prizes'>;
type View = { name: 'list' } | { name: 'form'; season?: Editable };

/** Rating seasons in the back office: list (past ones too), create or edit with prizes, end and pay, see what was paid. */
export function RatingsSection() {
  const [view, setView] = useState<View>({ name: 'list' });
  if (view.name === 'form') return <SeasonForm season={view.season} onDone={() => setView({ name: 'list' })} />;
  // The form stands in place of the open season: back from it, the list shows none open.
  const toForm = (season?: Editable) => (setParams({}, { record: null }), setView({ name: 'form', season }));
  return <SeasonList onNew={() => toForm()} onEdit={toForm} />;
}

function SeasonList({ onNew, onEdit }: { onNew: () => void; onEdit: (s: Editable) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const route = useAdminRoute();
  // A season is #/ratings/<id>: its row opens under the list, and a link or a reload opens it again.
  const open = route.record && /^\d{1,9}$/.test(route.record) ? route.record : null;
  const table = useServerTable({
    testId: 'seasons',
    limit: LIMIT,
    filters: { state: '' },
    sort: { by: 'startsAt', dir: 'desc' },
    query: (q) =>
      trpc.admin.ratings.seasons.queryOptions({
        page: q.page,
        limit: q.limit,
        search: q.search,
        state: (STATES as readonly string[]).includes(q.filters.state) ? (q.filters.state as SeasonsInput['state']) : undefined,
        sort: q.sort as SeasonsInput['sort'],
      }),
  });
  const toggle = (s: Season) => {
    if (open !== String(s.id)) return go({ section: 'ratings', record: String(s.id), params: route.params });
    if (canGoBack()) back();
    else setParams({}, { record: null });
  };
  const prize = usePrizeText();
  const lang = i18n.language;
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const columns: DataColumn<Season>[] = [
    { id: 'name', header: t('rat.col.name'), sortable: true, cell: (s) => <span className="strong">{s.name}</span>, csv: (s) => s.name },
    { id: 'status', header: t('rat.col.status'), cell: (s) => <span className={`pill ${s.status === 'PAID' ? 'ok' : s.status === 'ACTIVE' ? 'accent' : ''}`} data-testid={`season-status-${s.id}`}>{t(`rat.status.${s.status}`)}</span>, csv: (s) => s.status },
    { id: 'startsAt', header: t('rat.col.starts'), sortable: true, cell: (s) => when(s.startsAt), csv: (s) => s.startsAt },
    { id: 'endsAt', header: t('rat.col.ends'), sortable: true, cell: (s) => when(s.endsAt), csv: (s) => s.endsAt },
    {
      id: 'prizes',
      header: t('rat.col.prizes'),
      cell: (s) => <span className="small">{s.prizes.map((p) => `${t('rat.places', { from: p.fromPlace, to: p.toPlace })} ${prize(p)}`).join(' · ')}</span>,
      csv: (s) => s.prizes.map((p) => `${p.fromPlace}-${p.toPlace} ${p.kind} ${p.amount ?? p.dropId ?? p.giftId}`).join('; '),
    },
    { id: 'paid', header: t('rat.col.paid'), align: 'right', cell: (s) => (s.winners ? `${s.paid}/${s.winners}` : '—'), csv: (s) => `${s.paid}/${s.winners}` },
  ];
  const rows = table.props.rows;
  // Opened by a link while the list shows other seasons (another page, a filter): shown above the list.
  const outside = open != null && rows !== undefined && !rows.some((s) => String(s.id) === open);
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('rat.hint')}</p>
      <Button onClick={onNew} testId="season-new">{t('rat.new')}</Button>
      {outside && (
        <Card>
          <SeasonDetail id={Number(open)} onEdit={onEdit} />
        </Card>
      )}
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(s) => String(s.id)}
          searchPlaceholder={t('rat.search')}
          filters={
            <select value={table.filters.state} onChange={(e) => table.setFilter('state', e.target.value)} aria-label={t('rat.col.status')} data-testid="seasons-state">
              <option value="">{t('rat.state.any')}</option>
              {STATES.map((s) => <option key={s} value={s}>{t(`rat.state.${s}`)}</option>)}
            </select>
          }
          onRowClick={toggle}
          expandedKey={open}
          expanded={(s) => <SeasonDetail id={s.id} onEdit={onEdit} />}
        />
      </Card>
    </>
  );
}

function SeasonDetail({ id, onEdit }: { id: number; onEdit: (s: Editable) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.admin.ratings.season.queryOptions({ id }));
  const end = useMutation(
    trpc.admin.ratings.endSeason.mutationOptions({
      onSuccess: () => (ok(t('rat.ended')), void qc.invalidateQueries({ queryKey: trpc.admin.ratings.pathKey() })),
      onError: fail,
    }),
  );
  const prize = usePrizeText();
  const lang = i18n.language;
  if (q.isPending) return <Skeleton lines={4} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const started = new Date(s.startsAt).getTime() <= Date.now();
  const onEnd = async () => {
    if (await confirmAction(t('rat.endConfirm', { name: s.name }), t('rat.end'))) end.mutate({ id: s.id });
  };
  const prizeOfKind = (r: (typeof s.results)[number]) => prize({ kind: r.kind, amount: r.amount, collection: s.prizes.find((p) => p.fromPlace <= r.place && r.place <= p.toPlace)?.collection ?? null, dropId: r.dropId });
  return (
    <div data-testid={`season-detail-${s.id}`} style={{ padding: '8px 0' }}>
      <div className="row" style={{ gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        {s.status === 'SCHEDULED' && !started && <Button variant="secondary" small onClick={() => onEdit(s)} testId="season-edit">{t('rat.edit')}</Button>}
        {(s.status === 'ACTIVE' || (s.status === 'SCHEDULED' && started)) && (
          <Button small busy={end.isPending} onClick={() => void onEnd()} testId="season-end">{t('rat.end')}</Button>
        )}
        {s.status === 'ENDED' && <Button small busy={end.isPending} onClick={() => end.mutate({ id: s.id })} testId="season-pay">{t('rat.payRest')}</Button>}
      </div>
      {(s.status === 'SCHEDULED' || s.status === 'ACTIVE') && (
        <>
          <div className="strong">{t('rat.standings')}</div>
          <div className="hint small" style={{ marginBottom: 6 }}>{t('rat.standingsHint')}</div>
          {s.standings.length === 0 && <div className="hint small">{t('rat.noStandings')}</div>}
          {s.standings.map((r) => (
            <div className="row small" key={r.participantId} style={{ padding: '3px 0' }}>
              <span className="mono" style={{ width: 44 }}>{t('rat.place', { n: r.place })}</span>
              <span className="grow ellipsis">{r.name}</span>
              <span className="strong">{formatAmount('POINTS', r.points, lang)} ✦</span>
            </div>
          ))}
        </>
      )}
      {(s.status === 'ENDED' || s.status === 'PAID') && (
        <>
          <div className="strong" style={{ marginBottom: 6 }}>{t('rat.results')}</div>
          {s.results.length === 0 && <div className="hint small">{t('rat.noWinners')}</div>}
          {s.results.map((r) => (
            <div className="row small" key={r.place} style={{ padding: '3px 0', gap: 8, flexWrap: 'wrap' }} data-testid={`season-result-${r.place}`}>
              <span className="mono" style={{ width: 44 }}>{t('rat.place', { n: r.place })}</span>
              <span className="grow ellipsis">{r.name} · {formatAmount('POINTS', r.points, lang)} ✦</span>
              <span>{prizeOfKind(r)}</span>
              <span className={`pill ${r.paidAt ? 'ok' : 'danger'}`}>
                {!r.paidAt
                  ? t('rat.unpaid')
                  : r.transferId
                    ? t('rat.transfer', { id: r.transferId })
                    : r.editionId
                      ? t('rat.edition', { id: r.editionId })
                      : t(`rat.giftStatus.${r.giftStatus ?? 'PENDING'}`)}
              </span>
              {r.lastError && <div className="mono hint small" style={{ width: '100%' }}>{r.lastError}</div>}
            </div>
          ))}
        </>
      )}
    </div>
  );
}

function SeasonForm({ season, onDone }: { season?: Editable; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [form, setForm] = useState<Form>(() => (season ? formOf(season) : blank()));
  const gifts = useQuery({ ...trpc.admin.gifts.catalogue.queryOptions(), enabled: form.prizes.some((p) => p.kind === 'telegram_gift'), retry: false });
  const save = useMutation(
    trpc.admin.ratings.saveSeason.mutationOptions({
      onSuccess: () => (ok(t('rat.saved')), void qc.invalidateQueries({ queryKey: trpc.admin.ratings.pathKey() }), onDone()),
      onError: fail,
    }),
  );
  const setRow = (i: number, patch: Partial<PrizeRow>) => setForm((f) => ({ ...f, prizes: f.prizes.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const prizes = form.prizes.map(prizeOf);
  const ordered = prizes.every((p, i) => !p || i === 0 || !prizes[i - 1] || p.fromPlace > prizes[i - 1]!.toPlace);
  const ready = form.nameEn.trim() && form.startsAt && form.endsAt && prizes.length > 0 && prizes.every(Boolean) && ordered;
  const submit = () =>
    save.mutate({
      ...(season ? { id: season.id } : {}),
      name: localized(form.nameEn, form.nameRu),
      startsAt: new Date(form.startsAt).toISOString(),
      endsAt: new Date(form.endsAt).toISOString(),
      prizes: prizes as PrizeInput[],
    });
  const addRow = () => {
    const last = prizes[prizes.length - 1];
    const next = String((last?.toPlace ?? 0) + 1);
    setForm((f) => ({ ...f, prizes: [...f.prizes, { from: next, to: next, kind: 'points', value: '' }] }));
  };
  return (
    <div data-testid="season-form">
      <Button variant="ghost" small onClick={onDone} testId="season-back">‹ {t('rat.back')}</Button>
      <h3 style={{ margin: '6px 4px 10px' }}>{season ? t('rat.edit') : t('rat.new')}</h3>
      <Card>
        <Field label={t('rat.nameEn')}>
          <input value={form.nameEn} maxLength={100} onChange={(e) => setForm({ ...form, nameEn: e.target.value })} data-testid="season-name-en" />
        </Field>
        <Field label={t('rat.nameRu')}>
          <input value={form.nameRu} maxLength={100} onChange={(e) => setForm({ ...form, nameRu: e.target.value })} data-testid="season-name-ru" />
        </Field>
        <Field label={t('rat.startsAt')}>
          <input type="datetime-local" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} data-testid="season-starts" />
        </Field>
        <Field label={t('rat.endsAt')}>
          <input type="datetime-local" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} data-testid="season-ends" />
        </Field>
        <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('rat.datesHint')}</div>
      </Card>
      <Section title={t('rat.prizes')}>
        {form.prizes.map((r, i) => (
          <Card key={i} testId={`season-prize-${i}`}>
            <div className="row" style={{ gap: 8 }}>
              <Field label={t('rat.from')}>
                <input inputMode="numeric" value={r.from} onChange={(e) => setRow(i, { from: e.target.value })} data-testid={`prize-from-${i}`} style={{ width: 70 }} />
              </Field>
              <Field label={t('rat.to')}>
                <input inputMode="numeric" value={r.to} onChange={(e) => setRow(i, { to: e.target.value })} data-testid={`prize-to-${i}`} style={{ width: 70 }} />
              </Field>
              <Field label={t('rat.prize')}>
                <select value={r.kind} onChange={(e) => setRow(i, { kind: e.target.value as Kind, value: '' })} data-testid={`prize-kind-${i}`}>
                  {KINDS.map((k) => <option key={k} value={k}>{t(`rat.kind.${k}`)}</option>)}
                </select>
              </Field>
            </div>
            <div className="row" style={{ gap: 8, alignItems: 'flex-end' }}>
              <div className="grow">
                <Field label={r.kind === 'collectible' ? t('rat.drop') : r.kind === 'telegram_gift' ? t('rat.gift') : t('rat.amount')}>
                  {r.kind === 'telegram_gift' && gifts.data ? (
                    <select value={r.value} onChange={(e) => setRow(i, { value: e.target.value })} data-testid={`prize-value-${i}`}>
                      <option value="" />
                      {gifts.data.map((g) => <option key={g.id} value={g.id}>{g.emoji} {g.starCount} ⭐</option>)}
                    </select>
                  ) : (
                    <input
                      value={r.value}
                      inputMode={r.kind === 'telegram_gift' ? 'text' : r.kind === 'ton' ? 'decimal' : 'numeric'}
                      onChange={(e) => setRow(i, { value: e.target.value })}
                      data-testid={`prize-value-${i}`}
                      className={r.value && !prizes[i] ? 'invalid' : undefined}
                    />
                  )}
                </Field>
              </div>
              {form.prizes.length > 1 && (
                <Button variant="ghost" small onClick={() => setForm({ ...form, prizes: form.prizes.filter((_, j) => j !== i) })} testId={`prize-remove-${i}`}>
                  {t('rat.remove')}
                </Button>
              )}
            </div>
          </Card>
        ))}
        <div className={`small ${ordered ? 'hint' : 'danger'}`} style={{ margin: '0 4px 8px' }}>{t('rat.prizeHint')}</div>
        <div style={{ marginBottom: 12 }}>
          <Button variant="secondary" small onClick={addRow} testId="prize-add">{t('rat.addPrize')}</Button>
        </div>
      </Section>
      <Button disabled={!ready} busy={save.isPending} onClick={submit} testId="season-save">{t('rat.save')}</Button>
    </div>
  );
}
