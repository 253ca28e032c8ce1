import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Button, Card, Empty, ErrorBox, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { openExternal, openTg } from '../../lib/telegram.ts';
import { formatAmount, timeLeft } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

type TaskView = inferRouterOutputs<AppRouter>['tasks']['list'][number];

const ICON: Record<TaskView['type'], string> = {
  DAILY_CHECKIN: '📅',
  JOIN_CHAT: '📣',
  INVITE_FRIENDS: '👥',
  QUIZ: '🧠',
  VISIT_LINK: '🔗',
  CONNECT_WALLET: '👛',
  PURCHASE: '🛍️',
  PARTNER: '🤝',
};

function useNow(active: boolean) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

function TaskCard({ task }: { task: TaskView }) {
  const { t, i18n } = useTranslation('tasks');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const { setTab, push } = useUi();
  const [answer, setAnswer] = useState('');
  const [opened, setOpened] = useState(false);
  const refresh = () => qc.invalidateQueries();
  const complete = useMutation(
    trpc.tasks.complete.mutationOptions({
      onSuccess: (r) => {
        ok(t('earned', { reward: formatAmount('POINTS', r.reward, i18n.language) }));
        void refresh();
      },
      onError: fail,
    }),
  );
  const start = useMutation(trpc.tasks.start.mutationOptions({ onSuccess: () => refresh(), onError: fail }));
  const readyAt = task.readyAt ? new Date(task.readyAt).getTime() : null;
  const now = useNow(Boolean(readyAt && readyAt > Date.now()) || task.state === 'cooldown');
  const wait = readyAt ? Math.max(0, Math.ceil((readyAt - now) / 1000)) : 0;
  const done = task.state === 'claimed';
  const go = (a?: string) => complete.mutate({ taskId: task.id, answer: a });

  let action: React.ReactNode = null;
  if (done) action = <span className="pill ok">✓ {t('doneLabel')}</span>;
  else if (task.state === 'cooldown' && task.availableAt) {
    const l = timeLeft(task.availableAt, now);
    action = <span className="pill warn">{t('availableIn', { time: `${l.h}:${String(l.m).padStart(2, '0')}:${String(l.s).padStart(2, '0')}` })}</span>;
  } else if (task.type === 'DAILY_CHECKIN' || (task.type === 'INVITE_FRIENDS' && !task.config.perFriend)) {
    action = <Button small busy={complete.isPending} onClick={() => go()} testId={`task-action-${task.slug}`}>{task.type === 'DAILY_CHECKIN' ? t('checkin') : t('claim')}</Button>;
  } else if (task.type === 'JOIN_CHAT') {
    action = opened ? (
      <Button small busy={complete.isPending} onClick={() => go()} testId={`task-action-${task.slug}`}>{t('check')}</Button>
    ) : (
      <Button small variant="secondary" onClick={() => (task.config.chatUrl && openTg(task.config.chatUrl), setOpened(true))} testId={`task-action-${task.slug}`}>{t('open')}</Button>
    );
  } else if (task.type === 'VISIT_LINK') {
    if (task.state !== 'started') {
      action = (
        <Button small variant="secondary" busy={start.isPending} testId={`task-action-${task.slug}`}
          onClick={() => start.mutate({ taskId: task.id }, { onSuccess: () => task.config.url && openExternal(task.config.url) })}>
          {t('open')}
        </Button>
      );
    } else {
      action = (
        <Button small disabled={wait > 0} busy={complete.isPending} onClick={() => go()} testId={`task-action-${task.slug}`}>
          {wait > 0 ? t('waitFor', { s: wait }) : t('claim')}
        </Button>
      );
    }
  } else if (task.type === 'INVITE_FRIENDS') {
    action = <Button small variant="secondary" onClick={() => setTab('profile')} testId={`task-action-${task.slug}`}>{t('invite')}</Button>;
  } else if (task.type === 'CONNECT_WALLET') {
    action = <Button small variant="secondary" onClick={() => push({ name: 'wallet' })} testId={`task-action-${task.slug}`}>{t('connect')}</Button>;
  } else if (task.type === 'PURCHASE') {
    action = <Button small variant="secondary" onClick={() => setTab('shop')} testId={`task-action-${task.slug}`}>{t('toShop')}</Button>;
  }

  return (
    <Card testId={`task-${task.slug}`}>
      <div className="row">
        <div className="task-icon">{ICON[task.type]}</div>
        <div className="grow">
          <div className="strong">{task.title}</div>
          <div className="hint small">{task.description}</div>
          <div className="row" style={{ gap: 6, marginTop: 6 }}>
            <span className="pill">✦ {t('reward', { reward: formatAmount('POINTS', task.reward, i18n.language) })}</span>
            <span className="hint small">{t(`types.${task.type}`)}</span>
          </div>
        </div>
        {task.type !== 'QUIZ' && <div>{action}</div>}
      </div>
      {task.type === 'INVITE_FRIENDS' && task.config.perFriend && <div className="hint small" style={{ marginTop: 8 }}>{t('perFriend')}</div>}
      {task.type === 'QUIZ' && !done && (
        <div style={{ marginTop: 10 }}>
          <div className="strong small">{task.config.question}</div>
          {task.config.options?.length ? (
            <div className="options">
              {task.config.options.map((o) => (
                <button key={o} className={`option ${answer === o ? 'selected' : ''}`} onClick={() => setAnswer(o)}>{o}</button>
              ))}
            </div>
          ) : (
            <input style={{ marginTop: 8 }} placeholder={t('yourAnswer')} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          )}
          <div style={{ marginTop: 10 }}>
            <Button disabled={!answer.trim()} busy={complete.isPending} onClick={() => go(answer)} testId={`task-action-${task.slug}`}>{t('answer')}</Button>
          </div>
        </div>
      )}
      {task.type === 'QUIZ' && done && <div style={{ marginTop: 8 }}>{action}</div>}
    </Card>
  );
}

export function TasksScreen() {
  const { t } = useTranslation('tasks');
  const trpc = useTRPC();
  const q = useQuery(trpc.tasks.list.queryOptions());
  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const open = q.data.filter((x) => x.state !== 'claimed');
  const done = q.data.filter((x) => x.state === 'claimed');
  return (
    <div>
      <h1>{t('title')}</h1>
      {q.data.length === 0 && <Empty text={t('empty')} />}
      {open.length > 0 && (
        <Section title={t('available')}>
          {open.map((x) => <TaskCard key={x.id} task={x} />)}
        </Section>
      )}
      {done.length > 0 && (
        <Section title={t('done')}>
          {done.map((x) => <TaskCard key={x.id} task={x} />)}
        </Section>
      )}
    </div>
  );
}
