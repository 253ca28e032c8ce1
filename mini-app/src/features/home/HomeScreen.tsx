import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Card, ErrorBox, Progress, Section, Skeleton, useFail, useOk } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { formatAmount, money } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { NewsSection } from './News.tsx';

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
        ok(t('checkinDone', { reward: r.reward, streak: r.streak ?? 1 }));
        if (r.levelUp) ok(t('leveledUp', { level: r.level }));
        void qc.invalidateQueries();
      },
      onError: fail,
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

      <NewsSection />
    </div>
  );
}
