import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Field, Section, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { badUrl, localInput, localized } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useLocalTable, useServerTable } from '../../kit/useServerTable.ts';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';

type Outputs = inferRouterOutputs<AppRouter>['admin']['calendar'];
type Event = Outputs['list']['items'][number];
type Attendee = Outputs['attendees']['items'][number];
type EventInput = inferRouterInputs<AppRouter>['admin']['calendar']['save'];
type Status = Event['status'];
const STATUSES: Status[] = ['DRAFT', 'PUBLISHED', 'CANCELLED'];

const titleIn = (lang: string, l: { en: string; ru?: string }) => (lang.startsWith('ru') && l.ru) || l.en;
const when = (iso: string, lang: string) => new Date(iso).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function StatusPill({ status }: { status: Status }) {
  const { t } = useTranslation('admin');
  return <span className={`pill ${status === 'PUBLISHED' ? 'ok' : status === 'CANCELLED' ? 'danger' : 'muted'}`} data-testid="calendar-status">{t(`cal.status.${status}`)}</span>;
}

type View = { name: 'list' } | { name: 'form'; event?: Event };

/** Community events in the back office: the list, an event's form, its answers and attendance. */
export function CalendarSection() {
  const [view, setView] = useState<View>({ name: 'list' });
  const route = useAdminRoute();
  const open = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : null;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [view.name, open]);
  const toList = () => (canGoBack() ? back() : go({ section: 'calendar' }));
  if (view.name === 'form') return <EventForm event={view.event} onBack={() => setView({ name: 'list' })} />;
  // An event is #/calendar/<id>: a link or a reload opens it again.
  if (open != null) return <OpenEvent key={open} id={open} onBack={toList} />;
  return <EventList onNew={() => setView({ name: 'form' })} onOpen={(event) => go({ section: 'calendar', record: String(event.id) })} />;
}

/** An event opened by its link: fetched by its id, past or cancelled alike. */
function OpenEvent({ id, onBack }: { id: number; onBack: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.calendar.list.queryOptions({ id, limit: 1 }));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError || !q.data.items[0])
    return (
      <>
        <Button variant="ghost" small onClick={onBack} testId="calendar-back">‹ {t('cal.back')}</Button>
        {q.isError ? <ErrorBox error={q.error} onRetry={() => q.refetch()} /> : <Empty text={t('cal.noSuchEvent')} icon="📅" />}
      </>
    );
  return <EventForm event={q.data.items[0]} onBack={onBack} />;
}

type ListIn = Exclude<inferRouterInputs<AppRouter>['admin']['calendar']['list'], void | undefined>;

function EventList({ onNew, onOpen }: { onNew: () => void; onOpen: (e: Event) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const table = useServerTable({
    testId: 'calendar-events',
    filters: { when: '', status: '' },
    sort: { by: 'startsAt', dir: 'desc' },
    limit: 20,
    exportLimit: 100,
    query: (q) =>
      trpc.admin.calendar.list.queryOptions({
        when: (q.filters.when || undefined) as ListIn['when'],
        status: (q.filters.status || undefined) as Status | undefined,
        search: q.search,
        sort: q.sort as ListIn['sort'],
        page: q.page,
        limit: q.limit,
      }),
  });
  const f = table.filters;
  const lang = i18n.language;
  const columns: DataColumn<Event>[] = [
    { id: 'startsAt', header: t('cal.col.startsAt'), sortable: true, cell: (e) => when(e.startsAt, lang), csv: (e) => e.startsAt },
    { id: 'title', header: t('cal.col.title'), cell: (e) => <span className="strong">{titleIn(lang, e.title)}</span>, csv: (e) => e.title.en },
    { id: 'place', header: t('cal.col.place'), cell: (e) => e.place ?? (e.url ? <span className="hint small">{t('cal.online')}</span> : '—'), csv: (e) => e.place ?? e.url ?? '' },
    { id: 'status', header: t('cal.col.status'), sortable: true, cell: (e) => <StatusPill status={e.status} />, csv: (e) => e.status },
    { id: 'going', header: t('cal.col.going'), align: 'right', cell: (e) => e.going, csv: (e) => String(e.going) },
    { id: 'maybe', header: t('cal.col.maybe'), align: 'right', cell: (e) => e.maybe, csv: (e) => String(e.maybe) },
    { id: 'notGoing', header: t('cal.col.notGoing'), align: 'right', cell: (e) => e.notGoing, csv: (e) => String(e.notGoing) },
    { id: 'capacity', header: t('cal.col.capacity'), sortable: true, align: 'right', cell: (e) => e.capacity ?? '∞', csv: (e) => (e.capacity == null ? '' : String(e.capacity)) },
    { id: 'reward', header: t('cal.col.reward'), sortable: true, align: 'right', cell: (e) => (e.rewardPoints === '0' ? '—' : `${e.rewardPoints} ✦`), csv: (e) => e.rewardPoints },
    { id: 'attended', header: t('cal.col.attended'), align: 'right', cell: (e) => e.attended, csv: (e) => String(e.attended) },
  ];
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('cal.hint')}</p>
      <div style={{ marginBottom: 10 }}>
        <Button onClick={onNew} testId="calendar-new">{t('cal.new')}</Button>
      </div>
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(e) => String(e.id)}
          onRowClick={onOpen}
          searchPlaceholder={t('cal.search')}
          filters={
            <>
              <select value={f.when} onChange={(e) => table.setFilter('when', e.target.value)} data-testid="calendar-when" aria-label={t('cal.when.label')}>
                <option value="">{t('cal.when.any')}</option>
                <option value="upcoming">{t('cal.when.upcoming')}</option>
                <option value="past">{t('cal.when.past')}</option>
              </select>
              <select value={f.status} onChange={(e) => table.setFilter('status', e.target.value)} data-testid="calendar-filter" aria-label={t('cal.col.status')}>
                <option value="">{t('cal.anyStatus')}</option>
                {STATUSES.map((s) => <option key={s} value={s}>{t(`cal.status.${s}`)}</option>)}
              </select>
            </>
          }
        />
      </Card>
    </>
  );
}

/** What the form edits, as typed; turned into the API's input when saved. */
const blank = { titleEn: '', titleRu: '', descriptionEn: '', descriptionRu: '', place: '', url: '', startsAt: '', endsAt: '', capacity: '', remind: '60', reward: '0' };
type Form = typeof blank;

const formOf = (e: Event): Form => ({
  titleEn: e.title.en,
  titleRu: e.title.ru ?? '',
  descriptionEn: e.description.en,
  descriptionRu: e.description.ru ?? '',
  place: e.place ?? '',
  url: e.url ?? '',
  startsAt: localInput(e.startsAt),
  endsAt: localInput(e.endsAt),
  capacity: e.capacity == null ? '' : String(e.capacity),
  remind: String(e.remindMinutesBefore),
  reward: e.rewardPoints,
});

const inputOf = (f: Form, id?: number): EventInput => ({
  ...(id ? { id } : {}),
  title: localized(f.titleEn, f.titleRu),
  description: localized(f.descriptionEn, f.descriptionRu),
  place: f.place.trim() || null,
  url: f.url.trim() || null,
  startsAt: new Date(f.startsAt).toISOString(),
  endsAt: new Date(f.endsAt).toISOString(),
  capacity: f.capacity.trim() ? Number(f.capacity) : null,
  remindMinutesBefore: Number(f.remind),
  rewardPoints: f.reward.trim() || '0',
});

const wholeIn = (v: string, min: number, max: number) => /^\d{1,10}$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;

function EventForm({ event: initial, onBack }: { event?: Event; onBack: () => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [event, setEvent] = useState<Event | undefined>(initial);
  const [form, setForm] = useState<Form>(() => (initial ? formOf(initial) : blank));
  const text = (k: keyof Form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value })) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.admin.calendar.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.calendar.pathKey() });
  };
  const settle = (e: Event) => {
    setEvent(e);
    setForm(formOf(e));
    refresh();
  };
  const save = useMutation(trpc.admin.calendar.save.mutationOptions({ onError: fail }));
  const publish = useMutation(trpc.admin.calendar.publish.mutationOptions({ onError: fail }));
  const cancel = useMutation(trpc.admin.calendar.cancel.mutationOptions({ onError: fail }));

  const timesBad = !form.startsAt || !form.endsAt || new Date(form.endsAt) <= new Date(form.startsAt);
  const urlBad = badUrl(form.url);
  const numbersBad = (form.capacity.trim() !== '' && !wholeIn(form.capacity, 1, 1_000_000)) || !wholeIn(form.remind, 1, 10_080) || !wholeIn(form.reward || '0', 0, 1_000_000_000);
  const incomplete = !form.titleEn.trim() || !form.descriptionEn.trim() || timesBad || urlBad || numbersBad;
  const dirty = !event || JSON.stringify(formOf(event)) !== JSON.stringify(form);
  const busy = save.isPending || publish.isPending || cancel.isPending;
  const cancelled = event?.status === 'CANCELLED';

  const onSave = async () => {
    const e = await save.mutateAsync(inputOf(form, event?.id));
    settle(e);
    ok(t('cal.saved'));
    return e;
  };
  const onPublish = async () => {
    const saved = dirty ? await onSave() : event!;
    settle(await publish.mutateAsync({ eventId: saved.id }));
    ok(t('cal.published'));
  };
  const onCancel = async () => {
    if (!(await confirmAction(t('cal.cancelConfirm'), t('cal.cancel')))) return;
    settle(await cancel.mutateAsync({ eventId: event!.id }));
    ok(t('cal.cancelled'));
  };
  const quiet = (f: () => Promise<unknown>) => () => void f().catch(() => {});

  return (
    <div data-testid="calendar-form">
      <Button variant="ghost" small onClick={onBack} testId="calendar-back">‹ {t('cal.back')}</Button>
      <div className="row" style={{ margin: '6px 4px 10px' }}>
        <h3 className="grow">{event ? t('cal.editTitle') : t('cal.newTitle')}</h3>
        {event && <StatusPill status={event.status} />}
      </div>
      {cancelled && <div className="hint small" style={{ margin: '-4px 4px 10px' }}>{t('cal.cancelledHint')}</div>}
      <fieldset disabled={cancelled} style={{ border: 0, padding: 0, margin: 0 }}>
        <Card>
          <Field label={t('cal.titleEn')}><input {...text('titleEn')} maxLength={200} data-testid="calendar-title-en" /></Field>
          <Field label={t('cal.titleRu')}><input {...text('titleRu')} maxLength={200} data-testid="calendar-title-ru" /></Field>
          <div className="calendar-grid dates">
            <Field label={t('cal.startsAt')}><input type="datetime-local" {...text('startsAt')} data-testid="calendar-starts" /></Field>
            <Field label={t('cal.endsAt')}><input type="datetime-local" {...text('endsAt')} data-testid="calendar-ends" /></Field>
          </div>
          <div className={`small ${timesBad && form.startsAt && form.endsAt ? 'danger' : 'hint'}`} style={{ margin: '6px 4px 0' }}>{t('cal.timesHint')}</div>
          <Field label={t('cal.place')}><input {...text('place')} maxLength={300} data-testid="calendar-place" /></Field>
          <Field label={t('cal.url')}><input {...text('url')} type="url" inputMode="url" placeholder="https://" maxLength={1000} data-testid="calendar-url" /></Field>
          {urlBad && <div className="small danger" style={{ margin: '6px 4px 0' }}>{t('cal.urlInvalid')}</div>}
        </Card>
        <Section>
          <Card>
            <Field label={t('cal.descriptionEn')}><textarea {...text('descriptionEn')} rows={4} maxLength={4000} data-testid="calendar-description-en" /></Field>
            <Field label={t('cal.descriptionRu')}><textarea {...text('descriptionRu')} rows={3} maxLength={4000} data-testid="calendar-description-ru" /></Field>
          </Card>
        </Section>
        <Section>
          <Card>
            <div className="calendar-grid">
              <Field label={t('cal.capacity')}><input {...text('capacity')} inputMode="numeric" data-testid="calendar-capacity" /></Field>
              <Field label={t('cal.remind')}><input {...text('remind')} inputMode="numeric" data-testid="calendar-remind" /></Field>
              <Field label={t('cal.reward')}><input {...text('reward')} inputMode="numeric" data-testid="calendar-reward" /></Field>
            </div>
            <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('cal.rewardHint')}</div>
          </Card>
        </Section>
      </fieldset>
      {!cancelled && (
        <div style={{ display: 'grid', gap: 8, marginTop: 14 }}>
          <div className="grid2" style={{ gridTemplateColumns: '2fr 3fr' }}>
            <Button variant="secondary" onClick={onBack}>{t('common:cancel')}</Button>
            <Button variant={event?.status === 'PUBLISHED' ? 'primary' : 'secondary'} disabled={incomplete || !dirty} busy={save.isPending} onClick={quiet(onSave)} testId="calendar-save">
              {event ? t('cal.saveChanges') : t('cal.save')}
            </Button>
          </div>
          {event?.status !== 'PUBLISHED' && (
            <Button disabled={incomplete || busy} busy={publish.isPending} onClick={quiet(onPublish)} testId="calendar-publish">
              {dirty ? t('cal.saveAndPublish') : t('cal.publish')}
            </Button>
          )}
          {event && (
            <Button variant="danger" disabled={busy} busy={cancel.isPending} onClick={quiet(onCancel)} testId="calendar-cancel">
              {t('cal.cancel')}
            </Button>
          )}
          {event?.status !== 'PUBLISHED' && <div className="hint small" style={{ margin: '0 4px' }}>{t('cal.publishHint')}</div>}
        </div>
      )}
      {event && event.status !== 'DRAFT' && <Attendees eventId={event.id} />}
    </div>
  );
}

const ALIMIT = 25;

/** Who answered what; once the event has started, who came (paying the event's reward once each). */
function Attendees({ eventId }: { eventId: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.admin.calendar.attendees.queryOptions({ eventId }));
  const mark = useMutation(
    trpc.admin.calendar.markAttendance.mutationOptions({
      onSuccess: (r, v) => {
        ok(v.attended ? t('cal.marked', { count: r.marked, paid: r.paid }) : t('cal.unmarked'));
        void qc.invalidateQueries({ queryKey: trpc.admin.calendar.pathKey() });
      },
      onError: fail,
    }),
  );
  const lang = i18n.language;
  // Every answer comes at once: searched, sorted and paged here, the state in the event's link.
  const table = useLocalTable({
    testId: 'calendar-attendees',
    csvName: `event-${eventId}-attendees`,
    rows: q.data?.items,
    limit: ALIMIT,
    searchText: (a) => `${a.name} ${a.username ?? ''}`,
    sort: { by: 'answeredAt', dir: 'desc' },
    sortBy: { name: (a) => a.name.toLowerCase(), answer: (a) => a.answer, answeredAt: (a) => a.answeredAt, reminded: (a) => a.remindedAt ?? '', rewarded: (a) => (a.rewarded ? 1 : 0), attended: (a) => (a.attended ? 1 : 0) },
  });
  const started = q.data ? new Date(q.data.event.startsAt) <= new Date() && q.data.event.status === 'PUBLISHED' : false;
  const going = (q.data?.items ?? []).filter((a) => a.answer === 'YES' && !a.attended).map((a) => a.participantId);
  const columns: DataColumn<Attendee>[] = [
    { id: 'name', sortable: true, header: t('cal.acol.name'), cell: (a) => <>{a.name} {a.username ? <span className="hint">@{a.username}</span> : null}</>, csv: (a) => `${a.name} (${a.telegramId})` },
    { id: 'answer', sortable: true, header: t('cal.acol.answer'), cell: (a) => <span className={`pill ${a.answer === 'YES' ? 'ok' : a.answer === 'NO' ? 'muted' : ''}`}>{t(`cal.answer.${a.answer}`)}</span>, csv: (a) => a.answer },
    { id: 'answeredAt', sortable: true, header: t('cal.acol.answeredAt'), cell: (a) => when(a.answeredAt, lang), csv: (a) => a.answeredAt },
    { id: 'reminded', sortable: true, header: t('cal.acol.reminded'), cell: (a) => (a.remindedAt ? when(a.remindedAt, lang) : '—'), csv: (a) => a.remindedAt ?? '' },
    { id: 'rewarded', sortable: true, header: t('cal.acol.rewarded'), cell: (a) => (a.rewarded ? <span className="pill ok">{t('cal.paid')}</span> : '—'), csv: (a) => (a.rewarded ? 'paid' : '') },
    {
      id: 'attended',
      header: t('cal.acol.attended'),
      sortable: true,
      cell: (a) =>
        started ? (
          <Button
            small
            variant={a.attended ? 'secondary' : 'primary'}
            busy={mark.isPending && mark.variables?.participantIds.length === 1 && mark.variables.participantIds[0] === a.participantId}
            onClick={() => mark.mutate({ eventId, participantIds: [a.participantId], attended: !a.attended })}
            testId={`calendar-mark-${a.participantId}`}
          >
            {a.attended ? `✓ ${t('cal.unmark')}` : t('cal.mark')}
          </Button>
        ) : a.attended ? (
          '✓'
        ) : (
          '—'
        ),
      csv: (a) => (a.attended ? 'yes' : ''),
    },
  ];
  return (
    <Section title={t('cal.attendees')}>
      <Card>
        <div className="hint small" style={{ marginBottom: 8 }}>{t('cal.attendanceHint')}</div>
        {started && going.length > 0 && (
          <div style={{ marginBottom: 8 }}>
            <Button variant="secondary" small busy={mark.isPending && (mark.variables?.participantIds.length ?? 0) > 1} onClick={() => mark.mutate({ eventId, participantIds: going.slice(0, 500), attended: true })} testId="calendar-mark-going">
              {t('cal.markGoing')}
            </Button>
          </div>
        )}
        <DataTable {...table.props} columns={columns} rowKey={(a) => String(a.participantId)} error={q.error ?? table.props.error} onRetry={() => void q.refetch()} />
      </Card>
    </Section>
  );
}
