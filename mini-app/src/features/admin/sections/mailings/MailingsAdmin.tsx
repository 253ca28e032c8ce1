import { useEffect, useState } from 'react';
import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Field, Progress, Section, Skeleton, Switch, useFail, useOk } from '../../../../kit/ui.tsx';
import { formatAmount } from '../../../../lib/format.ts';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { badUrl, localized, useDebounced } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';

type Out = inferRouterOutputs<AppRouter>['admin']['mailings'];
type MailingInput = inferRouterInputs<AppRouter>['admin']['mailings']['create'];
type Mailing = Out['list']['items'][number];
type MailingDetail = Out['get'];
type Category = Mailing['category'];
type Status = Mailing['status'];
type Segment = NonNullable<MailingInput['segment']>;

const CATEGORIES: Category[] = ['NEWS', 'EVENTS', 'OFFERS'];
const STATUS_PILL: Record<Status, string> = { DRAFT: 'muted', SCHEDULED: 'warn', SENDING: '', PAUSED: 'warn', DONE: 'ok', CANCELLED: 'danger' };

/** What the form edits: every field as typed; turned into the API's input only when saved. */
const blank = {
  title: '',
  category: 'NEWS' as Category,
  aEn: '',
  aRu: '',
  ab: false,
  bEn: '',
  bRu: '',
  hasButton: false,
  labelEn: '',
  labelRu: '',
  url: '',
  language: '' as '' | 'en' | 'ru',
  days: '',
  minPoints: '',
  wallet: '' as '' | 'yes' | 'no',
  tag: '',
  /** A saved segment: its filter replaces the fields above (shown, not editable here). */
  segmentId: null as number | null,
};
type Form = typeof blank;

function segmentOf(f: Form): Segment {
  const s: Segment = {};
  if (f.language) s.language = f.language;
  if (f.days && Number(f.days) >= 1) s.activeWithinDays = Math.min(3650, Number(f.days));
  if (f.minPoints && BigInt(f.minPoints) > 0n) s.minPoints = BigInt(f.minPoints).toString();
  if (f.wallet) s.walletLinked = f.wallet === 'yes';
  if (f.tag) s.tag = f.tag;
  return s;
}

function inputOf(f: Form): MailingInput {
  return {
    title: f.title.trim(),
    category: f.category,
    variants: [{ text: localized(f.aEn, f.aRu) }, ...(f.ab ? [{ text: localized(f.bEn, f.bRu) }] : [])],
    button: f.hasButton ? { label: localized(f.labelEn, f.labelRu), url: f.url.trim() || null } : null,
    segment: segmentOf(f),
    segmentId: f.segmentId,
  };
}

function formOf(m: Mailing): Form {
  const [a, b] = m.variants;
  const s = m.segment;
  return {
    title: m.title,
    category: m.category,
    aEn: a?.text.en ?? '',
    aRu: a?.text.ru ?? '',
    ab: Boolean(b),
    bEn: b?.text.en ?? '',
    bRu: b?.text.ru ?? '',
    hasButton: Boolean(m.button),
    labelEn: m.button?.label.en ?? '',
    labelRu: m.button?.label.ru ?? '',
    url: m.button?.url ?? '',
    language: s.language ?? '',
    days: s.activeWithinDays ? String(s.activeWithinDays) : '',
    minPoints: s.minPoints ?? '',
    wallet: s.walletLinked === undefined ? '' : s.walletLinked ? 'yes' : 'no',
    tag: s.tag ?? '',
    segmentId: m.segmentId,
  };
}

/** The form's filter fields showing a segment's filter. */
const withFilter = (f: Form, s: Segment): Form => ({
  ...f,
  language: s.language ?? '',
  days: s.activeWithinDays ? String(s.activeWithinDays) : '',
  minPoints: s.minPoints ?? '',
  wallet: s.walletLinked === undefined ? '' : s.walletLinked ? 'yes' : 'no',
  tag: s.tag ?? '',
});

type View = { name: 'list' } | { name: 'form'; mailing?: Mailing };

/** Mailings in the back office: compose (with an A/B test), try on yourself, send, follow and stop. A mailing is #/mailings/<id>. */
export function MailingsAdmin() {
  const [view, setView] = useState<View>({ name: 'list' });
  const route = useAdminRoute();
  const open = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : null;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [view, open]);
  const show = (id: number) => (setView({ name: 'list' }), go({ section: 'mailings', record: String(id) }));
  if (view.name === 'form')
    return <MailingForm mailing={view.mailing} onDone={(id) => (id ? show(id) : view.mailing ? show(view.mailing.id) : setView({ name: 'list' }))} />;
  if (open != null)
    return <MailingDetailView id={open} onBack={() => (canGoBack() ? back() : go({ section: 'mailings' }))} onEdit={(m) => setView({ name: 'form', mailing: m })} />;
  return <MailingList onNew={() => setView({ name: 'form' })} onOpen={show} />;
}

function StatusPill({ status, testId }: { status: Status; testId?: string }) {
  const { t } = useTranslation('admin');
  return (
    <span className={`pill ${STATUS_PILL[status]}`} data-testid={testId}>
      {t(`mail.status.${status}`)}
    </span>
  );
}

/** How far the sending got: a bar (everything handled, delivered or not) and the delivered count. */
function SendProgress({ m }: { m: Pick<Mailing, 'status' | 'total' | 'sent' | 'failed' | 'blocked'> }) {
  const { t, i18n } = useTranslation('admin');
  const n = (v: number) => formatAmount('POINTS', String(v), i18n.language);
  if (m.status === 'DRAFT') return <div className="hint small" style={{ marginTop: 6 }}>{t('mail.draftHint')}</div>;
  if (m.status === 'SCHEDULED') return <div className="hint small" style={{ marginTop: 6 }}>{t('mail.scheduledHint')}</div>;
  if (m.total === 0) return <div className="hint small" style={{ marginTop: 6 }}>{t('mail.neverSent')}</div>;
  const handled = m.sent + m.failed + m.blocked;
  const lost = m.failed + m.blocked;
  return (
    <div style={{ marginTop: 10 }}>
      <Progress value={m.total ? (handled * 100) / m.total : 0} />
      <div className="hint small" style={{ marginTop: 6 }}>
        {t('mail.sentOf', { sent: n(m.sent), total: n(m.total) })}
        {lost > 0 && <> · <span className="danger">{t('mail.undelivered', { count: lost })}</span></>}
      </div>
    </div>
  );
}

type ListSort = NonNullable<Exclude<inferRouterInputs<AppRouter>['admin']['mailings']['list'], void | undefined>['sort']>;
const STATUSES = Object.keys(STATUS_PILL) as Status[];

function MailingList({ onNew, onOpen }: { onNew: () => void; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const table = useServerTable({
    testId: 'mailings',
    filters: { status: '', category: '' },
    sort: { by: 'id', dir: 'desc' },
    limit: 20,
    query: (q) => ({
      ...trpc.admin.mailings.list.queryOptions({
        search: q.search,
        status: (q.filters.status || undefined) as Status | undefined,
        category: (q.filters.category || undefined) as Category | undefined,
        sort: q.sort as ListSort,
        page: q.page,
        limit: q.limit,
      }),
      // Progress moves on its own while something is being sent.
      refetchInterval: (query: { state: { data?: { items: Mailing[] } } }) => (query.state.data?.items.some((m) => m.status === 'SENDING') ? 2000 : false),
    }),
  });
  const n = (v: number) => formatAmount('POINTS', String(v), i18n.language);
  const columns: DataColumn<Mailing>[] = [
    { id: 'id', header: '#', sortable: true, cell: (m) => m.id, csv: (m) => String(m.id) },
    { id: 'title', header: t('mail.col.title'), sortable: true, cell: (m) => <span className="strong">{m.title}</span>, csv: (m) => m.title },
    { id: 'category', header: t('mail.col.category'), cell: (m) => `${t(`mail.category.${m.category}`)}${m.variants.length > 1 ? ' · A/B' : ''}`, csv: (m) => m.category },
    { id: 'date', header: t('inv.col.date'), cell: (m) => new Date(m.startedAt ?? m.createdAt).toLocaleDateString(i18n.language, { day: 'numeric', month: 'short' }), csv: (m) => m.startedAt ?? m.createdAt },
    { id: 'status', header: t('inv.col.status'), cell: (m) => <StatusPill status={m.status} />, csv: (m) => m.status },
    { id: 'sent', header: t('mail.col.sent'), sortable: true, align: 'right', cell: (m) => (m.total ? `${n(m.sent)} / ${n(m.total)}` : '—'), csv: (m) => `${m.sent}/${m.total}` },
  ];
  return (
    <>
      <Button onClick={onNew} testId="mailing-new">{t('mail.new')}</Button>
      <Section title={t('mail.list')}>
        <Card>
          <DataTable
            {...table.props}
            columns={columns}
            rowKey={(m) => String(m.id)}
            rowTestId={(m) => `mailing-${m.id}`}
            searchPlaceholder={t('mail.searchPlaceholder')}
            filters={
              <>
                <select value={table.filters.status} onChange={(e) => table.setFilter('status', e.target.value)} data-testid="mailings-status" aria-label={t('inv.col.status')}>
                  <option value="">{t('inv.anyStatus')}</option>
                  {STATUSES.map((s) => <option key={s} value={s}>{t(`mail.status.${s}`)}</option>)}
                </select>
                <select value={table.filters.category} onChange={(e) => table.setFilter('category', e.target.value)} data-testid="mailings-category" aria-label={t('mail.col.category')}>
                  <option value="">{t('mail.anyCategory')}</option>
                  {CATEGORIES.map((c) => <option key={c} value={c}>{t(`mail.category.${c}`)}</option>)}
                </select>
              </>
            }
            onRowClick={(m) => onOpen(m.id)}
          />
        </Card>
      </Section>
    </>
  );
}

function MailingForm({ mailing, onDone }: { mailing?: Mailing; onDone: (id?: number) => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [form, setForm] = useState<Form>(() => (mailing ? formOf(mailing) : blank));
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const text = (k: keyof Form, f: (v: string) => string = (v) => v) => ({
    value: form[k] as string,
    onChange: (e: { target: { value: string } }) => set(k, f(e.target.value) as never),
  });
  const digits = (v: string) => v.replace(/\D/g, '');

  const target = { category: form.category, segment: segmentOf(form), segmentId: form.segmentId };
  const audienceInput = useDebounced(target, 400);
  const audience = useQuery({ ...trpc.admin.mailings.audience.queryOptions(audienceInput), placeholderData: keepPreviousData });
  const settled = JSON.stringify(audienceInput) === JSON.stringify(target);
  const segments = useQuery(trpc.admin.segments.list.queryOptions());
  const saved = segments.data?.find((s) => s.id === form.segmentId);
  // The fields show the saved segment's filter as it is now.
  useEffect(() => {
    if (saved) setForm((f) => withFilter(f, saved.filter));
  }, [saved]);
  const [segName, setSegName] = useState<string | null>(null);
  const saveSegment = useMutation(
    trpc.admin.segments.save.mutationOptions({
      onSuccess: (s) => {
        ok(t('mail.segSaved', { name: s.name }));
        setSegName(null);
        set('segmentId', s.id);
        void qc.invalidateQueries({ queryKey: trpc.admin.segments.pathKey() });
      },
      onError: fail,
    }),
  );
  const locked = form.segmentId != null;

  const done = (id: number) => {
    ok(t('mail.saved'));
    void qc.invalidateQueries({ queryKey: trpc.admin.mailings.pathKey() });
    onDone(id);
  };
  const create = useMutation(trpc.admin.mailings.create.mutationOptions({ onSuccess: (m) => done(m.id), onError: fail }));
  const update = useMutation(trpc.admin.mailings.update.mutationOptions({ onSuccess: (m) => done(m.id), onError: fail }));
  const urlBad = form.hasButton && badUrl(form.url);
  const incomplete =
    !form.title.trim() || !form.aEn.trim() || (form.ab && !form.bEn.trim()) || (form.hasButton && !form.labelEn.trim()) || urlBad;
  const save = () => (mailing ? update.mutate({ id: mailing.id, ...inputOf(form) }) : create.mutate(inputOf(form)));
  const reaches = useReaches();
  // Tags in use, most used first; a draft's tag stays offered even when nobody carries it any more.
  const tagsQ = useQuery(trpc.admin.participants.tags.queryOptions());
  const tagOptions = (tagsQ.data ?? []).map((x) => x.tag);
  if (form.tag && !tagOptions.includes(form.tag)) tagOptions.unshift(form.tag);

  return (
    <div data-testid="mailing-form">
      <Button variant="ghost" small onClick={() => onDone()} testId="mailing-back">‹ {mailing ? t('common:back') : t('mail.back')}</Button>
      <h3 style={{ margin: '6px 4px 10px' }}>{mailing ? t('mail.editTitle') : t('mail.newTitle')}</h3>
      <Card>
        <Field label={t('mail.title')}>
          <input {...text('title')} maxLength={200} data-testid="mailing-title" />
        </Field>
        <Field label={t('mail.kind')}>
          <select value={form.category} onChange={(e) => set('category', e.target.value as Category)} data-testid="mailing-category">
            {CATEGORIES.map((c) => <option key={c} value={c}>{t(`mail.category.${c}`)}</option>)}
          </select>
        </Field>
        <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('mail.kindHint')}</div>
      </Card>

      <Section title={t('mail.message')}>
        <Card>
          <Switch checked={form.ab} onChange={(v) => set('ab', v)} label={t('mail.ab')} hint={t('mail.abHint')} testId="mailing-ab" />
          {form.ab && <div className="subhead">{t('mail.variant', { v: 'A' })}</div>}
          <Field label={t('mail.textEn')}>
            <textarea {...text('aEn')} rows={3} maxLength={4096} data-testid="mailing-text-en" />
          </Field>
          <Field label={t('mail.textRu')}>
            <textarea {...text('aRu')} rows={2} maxLength={4096} data-testid="mailing-text-ru" />
          </Field>
          {form.ab && (
            <>
              <div className="subhead">{t('mail.variant', { v: 'B' })}</div>
              <Field label={t('mail.textEn')}>
                <textarea {...text('bEn')} rows={3} maxLength={4096} data-testid="mailing-text-en-b" />
              </Field>
              <Field label={t('mail.textRu')}>
                <textarea {...text('bRu')} rows={2} maxLength={4096} data-testid="mailing-text-ru-b" />
              </Field>
            </>
          )}
        </Card>
        <Card>
          <Switch checked={form.hasButton} onChange={(v) => set('hasButton', v)} label={t('mail.button')} hint={t('mail.buttonHint')} testId="mailing-button" />
          {form.hasButton && (
            <>
              <Field label={t('mail.labelEn')}><input {...text('labelEn')} maxLength={64} data-testid="mailing-label-en" /></Field>
              <Field label={t('mail.labelRu')}><input {...text('labelRu')} maxLength={64} /></Field>
              <Field label={t('mail.url')}>
                <input {...text('url')} type="url" inputMode="url" placeholder="https://" maxLength={1000} data-testid="mailing-url" />
              </Field>
              <div className={`small ${urlBad ? 'danger' : 'hint'}`} style={{ margin: '6px 4px 0' }}>{urlBad ? t('mail.urlInvalid') : t('mail.urlHint')}</div>
            </>
          )}
        </Card>
      </Section>

      <Section title={t('mail.who')}>
        <Card>
          <Field label={t('mail.savedSegment')}>
            <select
              value={form.segmentId ?? ''}
              onChange={(e) => set('segmentId', e.target.value ? Number(e.target.value) : null)}
              data-testid="mailing-segment"
            >
              <option value="">{t('mail.segCustom')}</option>
              {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </Field>
          <div className="hint small" style={{ margin: '6px 4px 0' }}>{t(locked ? 'mail.segLockedHint' : 'mail.segHint')}</div>
          <div className="grid2 fields">
            <Field label={t('mail.language')}>
              <select value={form.language} onChange={(e) => set('language', e.target.value as Form['language'])} disabled={locked} data-testid="mailing-language">
                <option value="">{t('mail.langAny')}</option>
                <option value="en">{cap(t('mail.lang.en'))}</option>
                <option value="ru">{cap(t('mail.lang.ru'))}</option>
              </select>
            </Field>
            <Field label={t('mail.wallet')}>
              <select value={form.wallet} onChange={(e) => set('wallet', e.target.value as Form['wallet'])} disabled={locked} data-testid="mailing-wallet">
                <option value="">{t('mail.walletAny')}</option>
                <option value="yes">{t('mail.walletYes')}</option>
                <option value="no">{t('mail.walletNo')}</option>
              </select>
            </Field>
            <Field label={t('mail.activeDays')}>
              <input {...text('days', (v) => digits(v).slice(0, 4))} inputMode="numeric" placeholder={t('mail.any')} disabled={locked} data-testid="mailing-days" />
            </Field>
            <Field label={t('mail.minPoints')}>
              <input {...text('minPoints', (v) => digits(v).slice(0, 18))} inputMode="numeric" placeholder={t('mail.any')} disabled={locked} data-testid="mailing-min-points" />
            </Field>
          </div>
          <Field label={t('mail.tag')}>
            <select value={form.tag} onChange={(e) => set('tag', e.target.value)} disabled={locked || tagOptions.length === 0} data-testid="mailing-tag">
              <option value="">{tagOptions.length === 0 && tagsQ.isSuccess ? t('mail.tagNone') : t('mail.tagAny')}</option>
              {tagOptions.map((x) => <option key={x} value={x}>{x}</option>)}
            </select>
          </Field>
          {!locked &&
            (segName === null ? (
              <Button small variant="ghost" onClick={() => setSegName('')} testId="segment-save-as">{t('mail.segSaveAs')}</Button>
            ) : (
              <div className="row" style={{ gap: 8, marginTop: 8 }}>
                <input className="grow" autoFocus maxLength={80} placeholder={t('mail.segName')} value={segName} onChange={(e) => setSegName(e.target.value)} data-testid="segment-name" />
                <Button small disabled={!segName.trim()} busy={saveSegment.isPending} onClick={() => saveSegment.mutate({ name: segName.trim(), filter: segmentOf(form) })} testId="segment-save">
                  {t('common:save')}
                </Button>
              </div>
            ))}
          <div className={`audience ${audience.data?.count === 0 ? 'none' : ''}`} data-testid="mailing-audience" aria-live="polite">
            {peopleIcon}
            <span className="grow">{reaches(audience.data?.count)}</span>
            {(!settled || audience.isFetching) && <span className="spinner" style={{ width: 14, height: 14 }} />}
          </div>
        </Card>
      </Section>

      <div className="grid2" style={{ marginTop: 14, gridTemplateColumns: '2fr 3fr' }}>
        <Button variant="secondary" onClick={() => onDone()}>{t('common:cancel')}</Button>
        <Button disabled={incomplete} busy={create.isPending || update.isPending} onClick={save} testId="mailing-save">{t('mail.save')}</Button>
      </div>
    </div>
  );
}

/** "Reaches N participants", or a warning when nobody would get it. */
function useReaches() {
  const { t } = useTranslation('admin');
  return (count: number | undefined) => (count === undefined ? t('mail.counting') : count === 0 ? t('mail.nobody') : t('mail.reaches', { count }));
}

const peopleIcon = (
  <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" style={{ flex: 'none' }}>
    <path d="M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2" /><circle cx="9" cy="7" r="4" /><path d="M23 21v-2a4 4 0 0 0-3-3.87" /><path d="M16 3.13a4 4 0 0 1 0 7.75" />
  </svg>
);

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function MailingDetailView({ id, onBack, onEdit }: { id: number; onBack: () => void; onEdit: (m: Mailing) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery({
    ...trpc.admin.mailings.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data?.status === 'SENDING' ? 2000 : false),
  });
  const m = q.data;
  const audienceInput = m && m.status === 'DRAFT' ? { category: m.category, segment: m.segment, segmentId: m.segmentId } : skipToken;
  const audience = useQuery(trpc.admin.mailings.audience.queryOptions(audienceInput));
  const reaches = useReaches();

  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.admin.mailings.pathKey() });
  const after = (text: string) => ({
    onSuccess: (d: MailingDetail) => {
      qc.setQueryData(trpc.admin.mailings.get.queryKey({ id }), d);
      refresh();
      ok(text);
    },
    onError: (e: unknown) => (fail(e), refresh()),
  });
  const test = useMutation(trpc.admin.mailings.test.mutationOptions({ onSuccess: () => ok(t('mail.testSent')), onError: fail }));
  const start = useMutation(trpc.admin.mailings.start.mutationOptions(after(t('mail.started'))));
  const pause = useMutation(trpc.admin.mailings.pause.mutationOptions(after(t('mail.paused'))));
  const resume = useMutation(trpc.admin.mailings.resume.mutationOptions(after(t('mail.resumed'))));
  const cancel = useMutation(trpc.admin.mailings.cancel.mutationOptions(after(t('mail.cancelled'))));
  const schedule = useMutation(trpc.admin.mailings.schedule.mutationOptions(after(t('mail.scheduled'))));
  const unschedule = useMutation(trpc.admin.mailings.unschedule.mutationOptions(after(t('mail.unscheduled'))));
  // datetime-local speaks the admin's own time zone; the server keeps the instant.
  const [when, setWhen] = useState('');

  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError || !m) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;

  const lang = i18n.language;
  const n = (v: number) => formatAmount('POINTS', String(v), lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const ab = m.stats.length > 1;
  const opensCounted = !m.button || !m.button.url;

  const askStart = async () => {
    let count = audience.data?.count;
    try {
      count = (await qc.fetchQuery({ ...trpc.admin.mailings.audience.queryOptions({ category: m.category, segment: m.segment, segmentId: m.segmentId }), staleTime: 0 })).count;
    } catch {
      // The server counts again when it starts; an empty audience comes back as an error.
    }
    // Nobody to send to: the server says so in words.
    if (count === 0) return start.mutate({ id });
    if (await confirmAction(t('mail.confirmStart', { count: count ?? 0, title: m.title }), t('mail.confirmStartOk'))) start.mutate({ id });
  };
  const askCancel = async () => {
    const question = t(m.status === 'DRAFT' ? 'mail.confirmCancelDraft' : 'mail.confirmCancel', { title: m.title });
    if (await confirmAction(question, t('mail.confirmCancelOk'))) cancel.mutate({ id });
  };

  const s = m.segment;
  const segmentWords = [
    t('mail.seg.accepts', { category: t(`mail.categoryLower.${m.category}`) }),
    s.language && t('mail.seg.language', { language: t(`mail.lang.${s.language}`) }),
    s.activeWithinDays && t('mail.seg.active', { count: s.activeWithinDays }),
    s.minPoints && t('mail.seg.points', { points: formatAmount('POINTS', s.minPoints, lang) }),
    s.walletLinked !== undefined && t(s.walletLinked ? 'mail.seg.walletYes' : 'mail.seg.walletNo'),
    s.tag && t('mail.seg.tag', { tag: s.tag }),
  ].filter(Boolean) as string[];

  const rows: { label: string; value: (v: MailingDetail['stats'][number]) => string; strong?: boolean; show?: boolean }[] = [
    { label: t('mail.recipients'), value: (v) => n(v.total) },
    { label: t('mail.sent'), value: (v) => n(v.sent), strong: true },
    { label: t('mail.waiting'), value: (v) => n(v.total - v.sent - v.failed - v.blocked), show: m.status === 'SENDING' || m.status === 'PAUSED' },
    { label: t('mail.failed'), value: (v) => n(v.failed) },
    { label: t('mail.blocked'), value: (v) => n(v.blocked) },
    { label: t('mail.opened'), value: (v) => (opensCounted ? n(v.opened) : '—'), show: Boolean(m.button) },
    { label: t('mail.openRate'), value: (v) => (opensCounted && v.sent ? pct.format(v.opened / v.sent) : '—'), strong: true, show: Boolean(m.button) },
  ];
  const date = (iso: string) => new Date(iso).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

  return (
    <div data-testid="mailing-detail">
      <Button variant="ghost" small onClick={onBack} testId="mailing-back">‹ {t('mail.back')}</Button>
      <Card>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className="grow">
            <h3>{m.title}</h3>
            <div className="hint small">
              {t(`mail.category.${m.category}`)}
              {m.createdBy && <> · {t('mail.by', { name: m.createdBy, date: date(m.createdAt) })}</>}
            </div>
          </div>
          <StatusPill status={m.status} testId="mailing-status" />
        </div>
        {m.status !== 'DRAFT' && <SendProgress m={m} />}
        {m.status === 'SCHEDULED' && m.scheduledAt && (
          <div className="hint small" style={{ marginTop: 4 }} data-testid="mailing-scheduled-at">{t('mail.scheduledFor', { date: date(m.scheduledAt) })}</div>
        )}
        {(m.startedAt || m.finishedAt) && (
          <div className="hint small" style={{ marginTop: 4 }}>
            {m.startedAt && t('mail.startedAt', { date: date(m.startedAt) })}
            {m.finishedAt && <> · {t('mail.finishedAt', { date: date(m.finishedAt) })}</>}
          </div>
        )}
        {m.status === 'DRAFT' && (
          <div className={`audience ${audience.data?.count === 0 ? 'none' : ''}`} data-testid="mailing-audience">
            {peopleIcon}
            <span className="grow">{reaches(audience.data?.count)}</span>
          </div>
        )}
        <div style={{ display: 'grid', gap: 8, marginTop: 12 }}>
          {m.status === 'DRAFT' && (
            <>
              <div className="grid2">
                <Button variant="secondary" onClick={() => onEdit(m)} testId="mailing-edit">{t('mail.edit')}</Button>
                <Button variant="secondary" busy={test.isPending} onClick={() => test.mutate({ id })} testId="mailing-test">{t('mail.test')}</Button>
              </div>
              <Button busy={start.isPending} onClick={askStart} testId="mailing-start">{t('mail.start')}</Button>
              <div className="grid2" style={{ alignItems: 'end' }}>
                <label className="field" style={{ margin: 0 }}>
                  <span className="hint small">{t('mail.scheduleAt')}</span>
                  <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} data-testid="mailing-when" />
                </label>
                <Button
                  variant="secondary"
                  disabled={!when || Number.isNaN(new Date(when).getTime())}
                  busy={schedule.isPending}
                  onClick={() => schedule.mutate({ id, at: new Date(when).toISOString() })}
                  testId="mailing-schedule"
                >
                  {t('mail.schedule')}
                </Button>
              </div>
            </>
          )}
          {m.status === 'SCHEDULED' && (
            <Button variant="secondary" busy={unschedule.isPending} onClick={() => unschedule.mutate({ id })} testId="mailing-unschedule">{t('mail.unschedule')}</Button>
          )}
          {m.status === 'SENDING' && <Button variant="secondary" busy={pause.isPending} onClick={() => pause.mutate({ id })} testId="mailing-pause">{t('mail.pause')}</Button>}
          {m.status === 'PAUSED' && <Button busy={resume.isPending} onClick={() => resume.mutate({ id })} testId="mailing-resume">{t('mail.resume')}</Button>}
          {(m.status === 'DRAFT' || m.status === 'SCHEDULED' || m.status === 'SENDING' || m.status === 'PAUSED') && (
            <Button variant="danger" busy={cancel.isPending} onClick={askCancel} testId="mailing-cancel">{t('mail.cancel')}</Button>
          )}
        </div>
      </Card>

      {m.status !== 'DRAFT' && m.status !== 'SCHEDULED' && (
        <Section title={t('mail.results')}>
          <Card>
            <table className="stats-table" data-testid="mailing-stats">
              {ab && (
                <thead>
                  <tr><th /><th>A</th><th>B</th></tr>
                </thead>
              )}
              <tbody>
                {rows.filter((r) => r.show !== false).map((r) => (
                  <tr key={r.label}>
                    <td>{r.label}</td>
                    {m.stats.map((v) => <td key={v.variant} className={r.strong ? 'strong' : ''}>{r.value(v)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
            {m.button && !opensCounted && <div className="hint small" style={{ marginTop: 8 }}>{t('mail.opensNotCounted')}</div>}
            {m.status === 'SENDING' && <div className="hint small" style={{ marginTop: 8 }}>{t('mail.live')}</div>}
          </Card>
        </Section>
      )}

      <Section title={t('mail.content')}>
        <Card>
          {m.variants.map((v, i) => (
            <div key={i} style={{ marginTop: i ? 12 : 0 }}>
              {ab && <div className="subhead" style={{ marginTop: 0 }}>{t('mail.variant', { v: 'AB'[i] })}</div>}
              <div className="message-preview">{(lang.startsWith('ru') && v.text.ru) || v.text.en}</div>
            </div>
          ))}
          <div className="hint small" style={{ marginTop: 10 }}>
            {m.button
              ? m.button.url
                ? t('mail.buttonUrl', { label: m.button.label[lang.startsWith('ru') ? 'ru' : 'en'] || m.button.label.en, url: m.button.url })
                : t('mail.buttonApp', { label: m.button.label[lang.startsWith('ru') ? 'ru' : 'en'] || m.button.label.en })
              : t('mail.noButton')}
          </div>
        </Card>
      </Section>

      <Section title={t('mail.audience')}>
        <Card className="list">
          {segmentWords.map((w) => <div className="item small" key={w}>{w}</div>)}
        </Card>
      </Section>

      {m.failures.length > 0 && (
        <Section title={t('mail.failures')}>
          <Card className="list">
            {m.failures.map((f) => (
              <div className="item" key={f.participantId}>
                <div className="grow">
                  <div className="row" style={{ gap: 6, alignItems: 'baseline' }}>
                    <span className="strong small ellipsis">{f.name}</span>
                    <span className="hint" style={{ fontSize: 12, flex: 'none' }}>{t('mail.tgId', { id: f.telegramId })}</span>
                  </div>
                  {f.error && <div className="hint small" style={{ wordBreak: 'break-word' }}>{f.error}</div>}
                </div>
                <span className={`pill ${f.status === 'BLOCKED' ? 'warn' : 'danger'}`}>{t(`mail.failure.${f.status === 'BLOCKED' ? 'BLOCKED' : 'FAILED'}`)}</span>
              </div>
            ))}
          </Card>
        </Section>
      )}
    </div>
  );
}
