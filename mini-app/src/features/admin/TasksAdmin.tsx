import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, ErrorBox, Field, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { useTRPC } from '../../lib/trpc.ts';

type Localized = { en: string; ru: string };
/** A task as the back office lists it (bigints and dates already strings). */
interface AdminTask {
  id: number;
  slug: string;
  type: Kind | 'INVITE_FRIENDS' | 'CONNECT_WALLET' | 'PURCHASE' | 'PARTNER';
  title: Localized;
  description: Localized;
  reward: string;
  config: Record<string, unknown>;
  period: 'ONCE' | 'DAILY' | 'WEEKLY' | 'UNLIMITED';
  limitPerPeriod: number;
  cooldownSeconds: number;
  startsAt: string | null;
  endsAt: string | null;
  active: boolean;
  sortOrder: number;
  claims: number;
}

/** The kinds an admin creates here; the others come with the product (demo data, purchases, wallets). */
type Kind = 'DAILY_CHECKIN' | 'QUIZ' | 'VISIT_LINK' | 'JOIN_CHAT';
const KINDS: Kind[] = ['DAILY_CHECKIN', 'QUIZ', 'VISIT_LINK', 'JOIN_CHAT'];

const blank = {
  type: 'QUIZ' as Kind,
  slug: '',
  titleEn: '',
  titleRu: '',
  reward: '100',
  period: 'ONCE' as AdminTask['period'],
  questionEn: '',
  questionRu: '',
  answers: '',
  url: '',
  dwell: '10',
  chatId: '',
  chatUrl: '',
};

/** Tasks in the back office: switch one on or off, add a new one. */
export function TasksAdmin() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [form, setForm] = useState(blank);
  const [adding, setAdding] = useState(false);
  const q = useQuery(trpc.admin.catalog.tasks.queryOptions());
  const save = useMutation(trpc.admin.catalog.saveTask.mutationOptions({ onError: fail, onSuccess: () => void qc.invalidateQueries() }));
  const lang = i18n.language.startsWith('ru') ? 'ru' : 'en';
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const toggle = (task: AdminTask) =>
    save.mutate(
      {
        id: task.id,
        slug: task.slug,
        type: task.type,
        title: task.title,
        description: task.description,
        reward: task.reward,
        config: task.config,
        period: task.period,
        limitPerPeriod: task.limitPerPeriod,
        cooldownSeconds: task.cooldownSeconds,
        startsAt: task.startsAt,
        endsAt: task.endsAt,
        sortOrder: task.sortOrder,
        active: !task.active,
      },
      { onSuccess: () => ok(task.active ? t('taskOff') : t('taskOn')) },
    );

  const create = () => {
    const config: Record<string, unknown> =
      form.type === 'QUIZ'
        ? { question: { en: form.questionEn, ru: form.questionRu || form.questionEn }, answers: form.answers.split(',').map((a) => a.trim()).filter(Boolean) }
        : form.type === 'VISIT_LINK'
          ? { url: form.url, dwellSeconds: Number(form.dwell) || 0 }
          : form.type === 'JOIN_CHAT'
            ? { chatId: form.chatId, chatUrl: form.chatUrl }
            : {};
    save.mutate(
      {
        slug: form.slug,
        type: form.type,
        title: { en: form.titleEn, ru: form.titleRu || form.titleEn },
        description: { en: '', ru: '' },
        reward: form.reward,
        period: form.type === 'DAILY_CHECKIN' ? 'DAILY' : form.period,
        config,
      },
      {
        onSuccess: () => {
          ok(t('taskCreated'));
          setForm(blank);
          setAdding(false);
        },
      },
    );
  };

  const incomplete =
    !form.slug || !form.titleEn.trim() || !/^\d+$/.test(form.reward) ||
    (form.type === 'QUIZ' && (!form.questionEn.trim() || !form.answers.trim())) ||
    (form.type === 'VISIT_LINK' && !form.url.trim()) ||
    (form.type === 'JOIN_CHAT' && !form.chatId.trim());

  return (
    <>
      {!adding && <Button onClick={() => setAdding(true)} testId="task-new">{t('newTask')}</Button>}
      {adding && (
        <Card testId="task-form">
          <div className="grid2">
            <select value={form.type} onChange={set('type')} data-testid="task-type">
              {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
            </select>
            <select value={form.type === 'DAILY_CHECKIN' ? 'DAILY' : form.period} disabled={form.type === 'DAILY_CHECKIN'} onChange={set('period')} data-testid="task-period">
              {(['ONCE', 'DAILY', 'WEEKLY'] as const).map((p) => <option key={p} value={p}>{t(`period.${p}`)}</option>)}
            </select>
          </div>
          <Field label={t('slug')}><input value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, '-') })} data-testid="task-slug" /></Field>
          <Field label={t('titleEn')}><input value={form.titleEn} onChange={set('titleEn')} data-testid="task-title-en" /></Field>
          <Field label={t('titleRu')}><input value={form.titleRu} onChange={set('titleRu')} data-testid="task-title-ru" /></Field>
          <Field label={t('reward')}><input inputMode="numeric" value={form.reward} onChange={(e) => setForm({ ...form, reward: e.target.value.replace(/\D/g, '') })} data-testid="task-reward" /></Field>
          {form.type === 'QUIZ' && (
            <>
              <Field label={t('questionEn')}><input value={form.questionEn} onChange={set('questionEn')} data-testid="task-question-en" /></Field>
              <Field label={t('questionRu')}><input value={form.questionRu} onChange={set('questionRu')} /></Field>
              <Field label={t('answers')}><input value={form.answers} onChange={set('answers')} data-testid="task-answers" /></Field>
            </>
          )}
          {form.type === 'VISIT_LINK' && (
            <div className="grid2">
              <Field label={t('url')}><input value={form.url} onChange={set('url')} /></Field>
              <Field label={t('dwell')}><input inputMode="numeric" value={form.dwell} onChange={(e) => setForm({ ...form, dwell: e.target.value.replace(/\D/g, '') })} /></Field>
            </div>
          )}
          {form.type === 'JOIN_CHAT' && (
            <div className="grid2">
              <Field label={t('chatId')}><input value={form.chatId} onChange={set('chatId')} /></Field>
              <Field label={t('chatUrl')}><input value={form.chatUrl} onChange={set('chatUrl')} /></Field>
            </div>
          )}
          <div className="grid2" style={{ marginTop: 10 }}>
            <Button variant="secondary" onClick={() => setAdding(false)}>{t('common:cancel')}</Button>
            <Button disabled={incomplete} busy={save.isPending} onClick={create} testId="task-save">{t('common:save')}</Button>
          </div>
        </Card>
      )}
      <Section title={t('tasks')}>
        {q.isPending && <Skeleton lines={5} />}
        {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
        {q.data && q.data.length === 0 && <Empty text={t('noTasks')} icon="📝" />}
        {q.data && q.data.length > 0 && (
          <Card className="list">
            {(q.data as unknown as AdminTask[]).map((task) => (
              <div className="item" key={task.id} data-testid={`admin-task-${task.slug}`}>
                <div className="grow">
                  <div className="strong ellipsis">
                    {task.title[lang] || task.title.en} {!task.active && <span className="pill danger">{t('off')}</span>}
                  </div>
                  <div className="hint small">
                    {t(`kind.${task.type}`)} · {t(`period.${task.period}`)} · +{task.reward} · {t('claimsCount', { count: task.claims })}
                  </div>
                </div>
                <Button small variant={task.active ? 'secondary' : 'primary'} busy={save.isPending && save.variables?.id === task.id} onClick={() => toggle(task)} testId={`toggle-${task.slug}`}>
                  {task.active ? t('switchOff') : t('switchOn')}
                </Button>
              </div>
            ))}
          </Card>
        )}
      </Section>
    </>
  );
}
