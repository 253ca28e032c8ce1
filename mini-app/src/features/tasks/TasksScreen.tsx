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
type Action = TaskView['action'];

// Tasks are drawn by what they ask (their action), so a new kind of task needs no change here unless
// it asks something new.
const ICON: Record<Action['kind'], string> = {
  check_in: '📅',
  join_chat: '📣',
  invite: '👥',
  answer: '🧠',
  open_link: '🔗',
  connect_wallet: '👛',
  buy: '🛍️',
  partner: '🤝',
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
      onError: (e, v) => fail.retrying(() => complete.mutate(v))(e),
    }),
  );
  const start = useMutation(trpc.tasks.start.mutationOptions({ onSuccess: () => refresh(), onError: fail }));
  const readyAt = task.readyAt ? new Date(task.readyAt).getTime() : null;
  const now = useNow(Boolean(readyAt && readyAt > Date.now()) || task.state === 'cooldown');
  const wait = readyAt ? Math.max(0, Math.ceil((readyAt - now) / 1000)) : 0;
  const done = task.state === 'claimed';
  const a = task.action;
  const testId = `task-action-${task.slug}`;
  const go = (answer?: string) => complete.mutate({ taskId: task.id, answer });
  const claimButton = (label: string) => <Button small busy={complete.isPending} onClick={() => go()} testId={testId}>{label}</Button>;
  const secondary = (label: string, onClick: () => void, busy = false) => (
    <Button small variant="secondary" busy={busy} onClick={onClick} testId={testId}>{label}</Button>
  );
  // Open first (tasks.start records it), then claim once the dwell has passed.
  const openThenClaim = (url: string | null) =>
    task.state !== 'started'
      ? secondary(t('open'), () => start.mutate({ taskId: task.id }, { onSuccess: () => url && openExternal(url) }), start.isPending)
      : <Button small disabled={wait > 0} busy={complete.isPending} onClick={() => go()} testId={testId}>{wait > 0 ? t('waitFor', { s: wait }) : t('claim')}</Button>;

  let action: React.ReactNode = null;
  if (done) action = <span className="pill ok">✓ {t('doneLabel')}</span>;
  else if (task.state === 'cooldown' && task.availableAt) {
    const l = timeLeft(task.availableAt, now);
    action = <span className="pill warn">{t('availableIn', { time: `${l.h}:${String(l.m).padStart(2, '0')}:${String(l.s).padStart(2, '0')}` })}</span>;
  } else if (a.kind === 'check_in') action = claimButton(t('checkin'));
  else if (a.kind === 'join_chat') {
    action = opened ? claimButton(t('check')) : secondary(t('open'), () => (a.chatUrl && openTg(a.chatUrl), setOpened(true)));
  } else if (a.kind === 'open_link' || a.kind === 'partner') action = openThenClaim(a.url);
  else if (a.kind === 'invite') {
    action = !a.perFriend && a.progress >= a.required ? claimButton(t('claim')) : secondary(t('invite'), () => setTab('profile'));
  } else if (a.kind === 'connect_wallet') action = secondary(t('connect'), () => push({ name: 'wallet' }));
  else if (a.kind === 'buy') action = secondary(t('toShop'), () => setTab('shop'));

  return (
    <Card testId={`task-${task.slug}`}>
      <div className="row">
        <div className="task-icon">{ICON[a.kind] ?? '⭐'}</div>
        <div className="grow">
          <div className="strong">{task.title}</div>
          <div className="hint small">{task.description}</div>
          <div className="row" style={{ gap: 6, marginTop: 6 }}>
            <span className="pill">✦ {t('reward', { reward: formatAmount('POINTS', task.reward, i18n.language) })}</span>
            <span className="hint small">{t(`kinds.${a.kind}`)}</span>
            {a.kind === 'check_in' && a.streak > 0 && <span className="pill" data-testid={`task-streak-${task.slug}`}>🔥 {t('streak', { count: a.streak })}</span>}
            {a.kind === 'invite' && !a.perFriend && (
              <span className="pill" data-testid={`task-progress-${task.slug}`}>{t('friendsProgress', { progress: Math.min(a.progress, a.required), required: a.required })}</span>
            )}
          </div>
        </div>
        {a.kind !== 'answer' && <div>{action}</div>}
      </div>
      {a.kind === 'invite' && a.perFriend && <div className="hint small" style={{ marginTop: 8 }}>{t('perFriend')}</div>}
      {a.kind === 'answer' && !done && (
        <div style={{ marginTop: 10 }}>
          <div className="strong small">{a.question}</div>
          {a.options.length ? (
            <div className="options">
              {a.options.map((o) => (
                <button key={o} className={`option ${answer === o ? 'selected' : ''}`} onClick={() => setAnswer(o)}>{o}</button>
              ))}
            </div>
          ) : (
            <input style={{ marginTop: 8 }} placeholder={t('yourAnswer')} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          )}
          <div style={{ marginTop: 10 }}>
            <Button disabled={!answer.trim()} busy={complete.isPending} onClick={() => go(answer)} testId={testId}>{t('answer')}</Button>
          </div>
        </div>
      )}
      {a.kind === 'answer' && done && <div style={{ marginTop: 8 }}>{action}</div>}
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
