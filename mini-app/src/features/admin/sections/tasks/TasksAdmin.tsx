import { Fragment, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Field, Section, Skeleton, Tabs, useFail, useOk } from '../../../../kit/ui.tsx';
import { localInput } from '../../kit/index.ts';
import { TaskFigures } from './TaskFigures.tsx';
import { useUi } from '../../../../kit/store.ts';
import { appCodeOf, useTRPC } from '../../../../lib/trpc.ts';
import { CsvButton } from '../../kit/CsvButton.tsx';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';

type Outputs = inferRouterOutputs<AppRouter>['admin']['catalog'];
type AdminTask = Outputs['tasks'][number];
type Kind = Outputs['taskKinds'][number];
type ConfigField = Kind['fields'][number];
type Period = AdminTask['period'];

const blank = { type: 'QUIZ' as AdminTask['type'], slug: '', titleEn: '', titleRu: '', reward: '100', period: 'ONCE' as Period, startsAt: '', endsAt: '', segmentId: '' };
type Values = Record<string, string | boolean>;

const list = (s: unknown) => String(s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const str = (s: unknown) => String(s ?? '').trim();

/**
 * The config the form's values make for a kind's fields: empty optional fields are left out, Russian
 * falls back to English. Returns the first required field left empty, if any.
 */
function configOf(fields: ConfigField[], v: Values): { config: Record<string, unknown>; missing: string | null } {
  const config: Record<string, unknown> = {};
  let missing: string | null = null;
  for (const f of fields) {
    let value: unknown;
    if (f.type === 'boolean') value = v[f.name] === true ? true : undefined;
    else if (f.type === 'integer') value = str(v[f.name]) ? Number(str(v[f.name])) : undefined;
    else if (f.type === 'list') value = list(v[f.name]).length ? list(v[f.name]) : undefined;
    else if (f.type === 'localized') {
      const en = str(v[`${f.name}.en`]);
      value = en ? { en, ru: str(v[`${f.name}.ru`]) || en } : undefined;
    } else if (f.type === 'localizedList') {
      const en = list(v[`${f.name}.en`]);
      value = en.length ? { en, ru: list(v[`${f.name}.ru`]).length ? list(v[`${f.name}.ru`]) : en } : undefined;
    } else value = str(v[f.name]) || undefined;
    if (value !== undefined) config[f.name] = value;
    else if (f.required && !missing) missing = f.name;
  }
  return { config, missing };
}

/** One config field, drawn by its type alone: the form knows no kind. */
function ConfigInput({ field: f, values, set }: { field: ConfigField; values: Values; set: (k: string, v: string | boolean) => void }) {
  const { t } = useTranslation('admin');
  const label = t(`taskForm.fields.${f.name}`, { defaultValue: f.name }) + (f.type === 'list' || f.type === 'localizedList' ? `, ${t('taskForm.comma')}` : '');
  const text = (key: string, l: string, numeric = false) => (
    <Field label={l} key={key}>
      <input
        inputMode={numeric ? 'numeric' : undefined}
        maxLength={f.type === 'list' || f.type === 'localizedList' ? undefined : f.maxLength}
        value={String(values[key] ?? '')}
        onChange={(e) => set(key, numeric ? e.target.value.replace(/[^\d-]/g, '') : e.target.value)}
        data-testid={`task-${key.replace('.', '-')}`}
      />
    </Field>
  );
  if (f.type === 'boolean') {
    return (
      <label className="row" style={{ gap: 8, marginTop: 8 }}>
        <input type="checkbox" checked={values[f.name] === true} onChange={(e) => set(f.name, e.target.checked)} data-testid={`task-${f.name}`} />
        <span className="small">{label}</span>
      </label>
    );
  }
  if (f.type === 'localized' || f.type === 'localizedList') {
    return (
      <div className="grid2">
        {text(`${f.name}.en`, t('taskForm.inEnglish', { label }))}
        {text(`${f.name}.ru`, t('taskForm.inRussian', { label }))}
      </div>
    );
  }
  return text(f.name, label, f.type === 'integer');
}

/** A `datetime-local` value as the API's instant (null when empty). */
const instantOf = (local: string) => (local ? new Date(local).toISOString() : null);

/** When a task runs and to whom it is offered: the same fields in the new-task form and a task's editor. */
function ScheduleFields({ startsAt, endsAt, segmentId, onChange }: { startsAt: string; endsAt: string; segmentId: string; onChange: (k: 'startsAt' | 'endsAt' | 'segmentId', v: string) => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const segments = useQuery(trpc.admin.segments.list.queryOptions());
  const backwards = startsAt && endsAt && new Date(endsAt) <= new Date(startsAt);
  return (
    <>
      <Field label={t('sched.startsAt')}><input type="datetime-local" value={startsAt} onChange={(e) => onChange('startsAt', e.target.value)} data-testid="task-starts" /></Field>
      <Field label={t('sched.endsAt')}><input type="datetime-local" value={endsAt} onChange={(e) => onChange('endsAt', e.target.value)} data-testid="task-ends" /></Field>
      {backwards && <div className="small danger" style={{ margin: '6px 4px 0' }}>{t('sched.backwards')}</div>}
      <Field label={t('sched.segment')}>
        <select value={segmentId} onChange={(e) => onChange('segmentId', e.target.value)} data-testid="task-segment">
          <option value="">{t('sched.everyone')}</option>
          {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </Field>
      <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('sched.segmentHint')}</div>
    </>
  );
}

/** Tasks and their figures (#/tasks?view=figures); a task's editor is #/tasks/<id>. */
export function TasksAdmin() {
  const { t } = useTranslation('admin');
  const route = useAdminRoute();
  const open = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : null;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [open]);
  if (open != null) return <TaskList key={open} only={open} />;
  const view = route.params.view === 'figures' ? 'figures' : 'tasks';
  const setView = (v: 'tasks' | 'figures') => go({ section: 'tasks', params: v === 'figures' ? { view: v } : {} }, { replace: true });
  return (
    <>
      <div style={{ marginBottom: 10 }}>
        <Tabs value={view} onChange={setView} options={[{ value: 'tasks', label: t('tasks'), testId: 'tasks-view' }, { value: 'figures', label: t('fig.tab'), testId: 'figures-view' }]} />
      </div>
      {view === 'tasks' ? <TaskList /> : <TaskFigures />}
    </>
  );
}

/**
 * Tasks in the back office: switch one on or off, set when it runs and to whom, add one of any kind the
 * server offers. With `only`, that task alone with its schedule open: its editor.
 */
function TaskList({ only }: { only?: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const toast = useUi((s) => s.toast);
  const [form, setForm] = useState(blank);
  const [values, setValues] = useState<Values>({});
  const [adding, setAdding] = useState(false);
  const editing = only ?? null;
  const [sched, setSched] = useState({ startsAt: '', endsAt: '', segmentId: '' });
  const q = useQuery(trpc.admin.catalog.tasks.queryOptions());
  const opened = q.data?.find((task) => task.id === only);
  // The editor starts from the task as stored, once it has loaded (a link may open it before).
  const filled = useRef(false);
  useEffect(() => {
    if (!opened || filled.current) return;
    filled.current = true;
    setSched({ startsAt: localInput(opened.startsAt), endsAt: localInput(opened.endsAt), segmentId: opened.segmentId ? String(opened.segmentId) : '' });
  }, [opened]);
  const toList = () => (canGoBack() ? back() : go({ section: 'tasks' }));
  const kinds = useQuery({ ...trpc.admin.catalog.taskKinds.queryOptions(), staleTime: Infinity });
  // A refused config names its field: say which, in the admin's words.
  const onError = (e: unknown) => {
    const issue = e instanceof TRPCClientError ? (e.data as { details?: { issues?: { field: string; message: string }[] } } | undefined)?.details?.issues?.[0] : undefined;
    if (appCodeOf(e) === 'TASK_CONFIG_INVALID' && issue) {
      toast('error', t('taskForm.badConfig', { field: t(`taskForm.fields.${issue.field}`, { defaultValue: issue.field || '—' }), message: issue.message }));
    } else fail(e);
  };
  const save = useMutation(trpc.admin.catalog.saveTask.mutationOptions({ onError, onSuccess: () => void qc.invalidateQueries() }));
  const lang = i18n.language.startsWith('ru') ? 'ru' : 'en';
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const kind = kinds.data?.find((k) => k.type === form.type);
  const periods = (kind?.periods ?? ['ONCE']) as Period[];
  const period = periods.includes(form.period) ? form.period : periods[0];

  // Everything as stored (the config stays), with the given changes.
  const saveAs = (task: AdminTask, change: { active?: boolean; startsAt?: string | null; endsAt?: string | null; segmentId?: number | null }) => ({
    id: task.id,
    slug: task.slug,
    type: task.type,
    title: task.title as { en: string; ru: string },
    description: task.description as { en: string; ru: string },
    reward: task.reward,
    period: task.period,
    limitPerPeriod: task.limitPerPeriod,
    cooldownSeconds: task.cooldownSeconds,
    startsAt: task.startsAt,
    endsAt: task.endsAt,
    sortOrder: task.sortOrder,
    active: task.active,
    ...change,
  });
  const edit = (task: AdminTask) => go({ section: 'tasks', record: String(task.id) });
  const saveSchedule = (task: AdminTask) =>
    save.mutate(saveAs(task, { startsAt: instantOf(sched.startsAt), endsAt: instantOf(sched.endsAt), segmentId: sched.segmentId ? Number(sched.segmentId) : null }), {
      onSuccess: () => (ok(t('sched.saved')), toList()),
    });
  const shown = only == null ? q.data : q.data?.filter((task) => task.id === only);
  const segmentsQ = useQuery(trpc.admin.segments.list.queryOptions());
  const segmentName = (id: number | null) => (id ? segmentsQ.data?.find((s) => s.id === id)?.name ?? `#${id}` : null);
  const dateOf = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : null);
  const whenText = (task: AdminTask) => {
    const from = dateOf(task.startsAt);
    const to = dateOf(task.endsAt);
    return from && to ? t('sched.fromTo', { from, to }) : from ? t('sched.from', { from }) : to ? t('sched.to', { to }) : null;
  };

  // The stored config stays as it is: only the switch changes.
  const toggle = (task: AdminTask) => save.mutate(saveAs(task, { active: !task.active }), { onSuccess: () => ok(task.active ? t('taskOff') : t('taskOn')) });

  const { config, missing } = configOf(kind?.fields ?? [], values);
  const create = () =>
    save.mutate(
      {
        slug: form.slug,
        type: form.type,
        title: { en: form.titleEn, ru: form.titleRu || form.titleEn },
        description: { en: '', ru: '' },
        reward: form.reward,
        period,
        config,
        startsAt: instantOf(form.startsAt),
        endsAt: instantOf(form.endsAt),
        segmentId: form.segmentId ? Number(form.segmentId) : null,
      },
      {
        onSuccess: () => {
          ok(t('taskCreated'));
          setForm(blank);
          setValues({});
          setAdding(false);
        },
      },
    );

  const incomplete = !kind || !form.slug || !form.titleEn.trim() || !/^\d+$/.test(form.reward) || missing !== null;

  return (
    <>
      {only != null && <Button variant="ghost" small onClick={toList} testId="task-back">‹ {t('tasks')}</Button>}
      {only == null && !adding && (
        <div className="row" style={{ gap: 8, alignItems: 'center' }}>
          <Button onClick={() => setAdding(true)} testId="task-new">{t('newTask')}</Button>
          {q.data && q.data.length > 0 && (
            <CsvButton
              name="tasks"
              testId="tasks-csv"
              rows={() => q.data}
              columns={[
                { header: t('taskCol.slug'), value: (x) => x.slug },
                { header: t('taskCol.title'), value: (x) => (x.title as Record<string, string>).en ?? '' },
                { header: t('taskCol.kind'), value: (x) => x.type },
                { header: t('taskCol.period'), value: (x) => x.period },
                { header: t('taskCol.reward'), value: (x) => String(x.reward) },
                { header: t('taskCol.active'), value: (x) => (x.active ? 'yes' : 'no') },
                { header: t('taskCol.claims'), value: (x) => String(x.claims) },
                { header: t('taskCol.starts'), value: (x) => x.startsAt ?? '' },
                { header: t('taskCol.ends'), value: (x) => x.endsAt ?? '' },
              ]}
            />
          )}
        </div>
      )}
      {adding && (
        <Card testId="task-form">
          {kinds.isError && <ErrorBox error={kinds.error} onRetry={() => kinds.refetch()} />}
          <div className="grid2">
            <select value={form.type} onChange={(e) => (setForm({ ...form, type: e.target.value as AdminTask['type'] }), setValues({}))} data-testid="task-type">
              {(kinds.data ?? []).map((k) => <option key={k.type} value={k.type}>{t(`kind.${k.type}`)}</option>)}
            </select>
            <select value={period} disabled={periods.length === 1} onChange={set('period')} data-testid="task-period">
              {periods.map((p) => <option key={p} value={p}>{t(`period.${p}`)}</option>)}
            </select>
          </div>
          {kind?.system && <div className="hint small" style={{ marginTop: 6 }}>{t('taskForm.system', { what: t(`kind.${kind.type}`) })}</div>}
          {kind?.needsStart && <div className="hint small" style={{ marginTop: 6 }}>{t('taskForm.needsStart')}</div>}
          <Field label={t('slug')}><input value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, '-') })} data-testid="task-slug" /></Field>
          <Field label={t('titleEn')}><input value={form.titleEn} onChange={set('titleEn')} data-testid="task-title-en" /></Field>
          <Field label={t('titleRu')}><input value={form.titleRu} onChange={set('titleRu')} data-testid="task-title-ru" /></Field>
          <Field label={t('reward')}><input inputMode="numeric" value={form.reward} onChange={(e) => setForm({ ...form, reward: e.target.value.replace(/\D/g, '') })} data-testid="task-reward" /></Field>
          {kind?.fields.map((f) => (
            <ConfigInput key={`${kind.type}-${f.name}`} field={f} values={values} set={(k, v) => setValues((old) => ({ ...old, [k]: v }))} />
          ))}
          <ScheduleFields startsAt={form.startsAt} endsAt={form.endsAt} segmentId={form.segmentId} onChange={(k, v) => setForm({ ...form, [k]: v })} />
          <div className="grid2" style={{ marginTop: 10 }}>
            <Button variant="secondary" onClick={() => setAdding(false)}>{t('common:cancel')}</Button>
            <Button disabled={incomplete} busy={save.isPending} onClick={create} testId="task-save">{t('common:save')}</Button>
          </div>
        </Card>
      )}
      <Section title={only == null ? t('tasks') : t('sched.editTitle')}>
        {q.isPending && <Skeleton lines={5} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {shown && shown.length === 0 && <Empty text={only == null ? t('noTasks') : t('sched.noSuchTask')} icon="📝" />}
        {shown && shown.length > 0 && (
          <Card className="list">
            {shown.map((task) => (
              <Fragment key={task.id}>
              <div className="item" data-testid={`admin-task-${task.slug}`}>
                <div className="grow">
                  <div className="strong ellipsis">
                    {(task.title as Record<string, string>)[lang] || (task.title as Record<string, string>).en} {!task.active && <span className="pill danger">{t('off')}</span>}
                  </div>
                  <div className="hint small">
                    {t(`kind.${task.type}`)} · {t(`period.${task.period}`)} · +{task.reward} · {t('claimsCount', { count: task.claims })}
                  </div>
                  {(whenText(task) || task.segmentId) && (
                    <div className="hint small" data-testid={`task-schedule-${task.slug}`}>
                      {[whenText(task), task.segmentId ? t('sched.only', { name: segmentName(task.segmentId) }) : null].filter(Boolean).join(' · ')}
                    </div>
                  )}
                </div>
                <div className="col" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                  <Button small variant={task.active ? 'secondary' : 'primary'} busy={save.isPending && save.variables?.id === task.id && editing !== task.id} onClick={() => toggle(task)} testId={`toggle-${task.slug}`}>
                    {task.active ? t('switchOff') : t('switchOn')}
                  </Button>
                  {editing !== task.id && <Button small variant="ghost" onClick={() => edit(task)} testId={`task-edit-open-${task.slug}`}>{t('sched.edit')}</Button>}
                </div>
              </div>
              {editing === task.id && (
                <div style={{ padding: '0 0 12px' }} data-testid={`task-edit-${task.slug}`}>
                  <ScheduleFields {...sched} onChange={(k, v) => setSched((old) => ({ ...old, [k]: v }))} />
                  <div className="grid2" style={{ marginTop: 10 }}>
                    <Button small variant="secondary" onClick={toList}>{t('common:cancel')}</Button>
                    <Button small busy={save.isPending && save.variables?.id === task.id} onClick={() => saveSchedule(task)} testId={`task-schedule-save-${task.slug}`}>{t('common:save')}</Button>
                  </div>
                </div>
              )}
              </Fragment>
            ))}
          </Card>
        )}
      </Section>
    </>
  );
}
