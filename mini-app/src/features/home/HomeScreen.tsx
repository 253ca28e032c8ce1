import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Card, ErrorBox, Progress, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { formatAmount, money } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { NewsSection } from './News.tsx';

/** A first-time participant's three lines: what points are, how to earn them, where to spend them. */
function Welcome({ invitedBy }: { invitedBy: string | null }) {
  const { t } = useTranslation('home');
  const { setTab } = useUi();
  return (
    <Card className="welcome" testId="welcome">
      <div className="strong">{t('welcome.title')}</div>
      {invitedBy && <div className="hint small" data-testid="welcome-invited-by">{t('welcome.invitedBy', { name: invitedBy })}</div>}
      <ul className="welcome-steps">
        <li>{t('welcome.points')}</li>
        <li>
          {t('welcome.earn')} <button className="link-btn" onClick={() => setTab('tasks')}>{t('welcome.toTasks')}</button>
        </li>
        <li>
          {t('welcome.spend')} <button className="link-btn" onClick={() => setTab('shop')}>{t('welcome.toShop')}</button>
        </li>
      </ul>
    </Card>
  );
}

export function HomeScreen() {
  const { t, i18n } = useTranslation('home');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.profile.me.queryOptions());
  const tasks = useQuery(trpc.tasks.list.queryOptions());
  const { push, setTab } = useUi();
  const ok = useOk();
  const fail = useFail();
  const checkinTask = tasks.data?.find((x) => x.type === 'DAILY_CHECKIN');
  const checkin = useMutation(
    trpc.tasks.complete.mutationOptions({
      onSuccess: (r) => {
        // One message: a level reached says so in the same line.
        ok(r.levelUp ? t('checkinLevelUp', { reward: r.reward, level: r.level }) : t('checkinDone', { reward: r.reward, streak: r.streak ?? 1 }));
        void qc.invalidateQueries();
      },
      onError: (e) => fail.retrying(() => checkinTask && checkin.mutate({ taskId: checkinTask.id }))(e),
    }),
  );

  if (me.isPending) return <Skeleton lines={6} />;
  if (me.isError) return <ErrorBox error={me.error} onRetry={() => me.refetch()} />;
  const p = me.data;
  const lang = i18n.language;
  const bal = Object.fromEntries(p.balances.map((b) => [b.currency, b.amount]));
  const cur = BigInt(p.level.currentThreshold);
  const next = p.level.nextThreshold ? BigInt(p.level.nextThreshold) : null;
  const pts = BigInt(p.level.points);
  const pct = next ? Number(((pts - cur) * 100n) / (next - cur || 1n)) : 100;

  return (
    <div>
      <div className="header">
        <Avatar name={p.firstName} url={p.photoUrl} size={48} />
        <div className="grow">
          <h1 className="ellipsis">{t('hello', { name: p.firstName })}</h1>
          <div className="hint" data-testid="level">{t('level', { level: p.level.level, title: p.level.title[lang as 'en' | 'ru'] ?? p.level.title.en })}</div>
        </div>
      </div>

      {p.isNew && <Welcome invitedBy={p.invitedBy} />}

      <div className="hero">
        <div className="hint">{t('points')}</div>
        <div className="big" data-testid="balance-POINTS">{formatAmount('POINTS', bal.POINTS ?? '0', lang)}</div>
        <div style={{ marginTop: 12 }}>
          <Progress value={pct} />
          <div className="hint small" style={{ marginTop: 6 }}>
            {next ? t('toNext', { left: formatAmount('POINTS', (next - pts).toString(), lang), next: p.level.level + 1 }) : t('maxLevel')}
          </div>
        </div>
      </div>

      <div className="grid2" style={{ marginTop: 10 }}>
        <div className="stat">
          <div className="hint small">Telegram Stars</div>
          <div className="v" data-testid="balance-STARS">{money('STARS', bal.STARS ?? '0', lang)}</div>
        </div>
        <div className="stat clickable" onClick={() => push({ name: 'wallet' })}>
          <div className="hint small">Toncoin</div>
          <div className="v" data-testid="balance-TON">{money('TON', bal.TON ?? '0', lang)}</div>
        </div>
      </div>

      <Section title={t('streak')}>
        <Card>
          <div className="row between">
            <div>
              <div className="strong" data-testid="streak">🔥 {t('streak', { count: p.streak.current })}</div>
              <div className="hint small">{t('best', { best: p.streak.best })}</div>
            </div>
            {checkinTask && (
              <div style={{ minWidth: 150 }}>
                <Button
                  testId="checkin"
                  disabled={p.streak.checkedInToday || checkinTask.state === 'claimed'}
                  busy={checkin.isPending}
                  onClick={() => checkin.mutate({ taskId: checkinTask.id })}
                >
                  {p.streak.checkedInToday ? t('checkedIn') : t('checkin')}
                </Button>
              </div>
            )}
          </div>
        </Card>
      </Section>

      <div className="grid3" style={{ marginTop: 8 }}>
        <Card onClick={() => setTab('tasks')}>
          <div style={{ fontSize: 22 }}>✅</div>
          <div className="strong small">{t('tasks')}</div>
        </Card>
        <Card onClick={() => setTab('shop')}>
          <div style={{ fontSize: 22 }}>🛍️</div>
          <div className="strong small">{t('shop')}</div>
        </Card>
        <Card onClick={() => push({ name: 'history' })} testId="open-history">
          <div style={{ fontSize: 22 }}>🧾</div>
          <div className="strong small">{t('history')}</div>
        </Card>
      </div>

      <Card className="home-calendar" onClick={() => push({ name: 'calendar' })} testId="open-calendar">
        <div className="row">
          <span className="cal-icon" aria-hidden="true">📅</span>
          <div className="grow">
            <div className="strong small">{t('calendar.title')}</div>
            <div className="hint small">{t('calendar.hint')}</div>
          </div>
          <span className="hint" aria-hidden="true">›</span>
        </div>
      </Card>

      <NewsSection />
    </div>
  );
}
