import { useState, type CSSProperties } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { Avatar, Button, Card, Empty, ErrorBox, Section, Skeleton, Tabs, useFail, useOk } from '../../app/ui.tsx';
import { money } from '../../lib/format.ts';
import { appCodeOf, useTRPC } from '../../lib/trpc.ts';
import { TasksAdmin } from './TasksAdmin.tsx';
import { ProductsAdmin } from './ProductsAdmin.tsx';
import { MailingsAdmin } from './MailingsAdmin.tsx';
import { NewsAdmin } from './NewsAdmin.tsx';
import { InboxAdmin } from './InboxAdmin.tsx';
import { PeopleAdmin } from './PeopleAdmin.tsx';
import { Funnel, Retention } from './Analytics.tsx';

type View = 'overview' | 'inbox' | 'withdrawals' | 'people' | 'tasks' | 'shop' | 'mailings' | 'news' | 'gifts';

export function AdminScreen() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const [view, setView] = useState<View>('withdrawals');
  // Unread messages in open conversations, for the badge on the Inbox tab (roles without the inbox get no tab).
  const inbox = useQuery({ ...trpc.admin.dialogs.list.queryOptions({ status: 'OPEN', limit: 1 }), refetchInterval: 10_000 });
  const unread = inbox.data?.unread ?? 0;
  const hasInbox = appCodeOf(inbox.error) !== 'FORBIDDEN';
  // The tab's label is text: the badge is drawn by CSS from this variable.
  const badge = (unread > 0 ? { '--inbox-badge': `"${unread > 99 ? '99+' : unread}"` } : {}) as CSSProperties;
  return (
    <div>
      <h1>{t('title')}</h1>
      <div className="admin-tabs" style={{ margin: '12px 0', ...badge }}>
        <Tabs
          value={view}
          onChange={setView}
          options={[
            { value: 'overview', label: t('overview'), testId: 'admin-overview' },
            ...(hasInbox ? [{ value: 'inbox' as const, label: t('inboxTab'), testId: 'admin-inbox' }] : []),
            { value: 'withdrawals', label: t('withdrawals'), testId: 'admin-withdrawals' },
            { value: 'people', label: t('people'), testId: 'admin-people' },
            { value: 'tasks', label: t('tasks'), testId: 'admin-tasks' },
            { value: 'shop', label: t('shop'), testId: 'admin-shop' },
            { value: 'mailings', label: t('mailingsTab'), testId: 'admin-mailings' },
            { value: 'news', label: t('newsTab'), testId: 'admin-news' },
            { value: 'gifts', label: t('gifts'), testId: 'admin-gifts' },
          ]}
        />
      </div>
      {view === 'overview' && <Overview />}
      {view === 'inbox' && <InboxAdmin />}
      {view === 'withdrawals' && <Withdrawals />}
      {view === 'people' && <PeopleAdmin />}
      {view === 'tasks' && <TasksAdmin />}
      {view === 'shop' && <ProductsAdmin />}
      {view === 'mailings' && <MailingsAdmin />}
      {view === 'news' && <NewsAdmin />}
      {view === 'gifts' && <Gifts />}
    </div>
  );
}

function Overview() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.overview.get.queryOptions());
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  return (
    <>
      <div className="grid3">
        <div className="stat"><div className="hint small">{t('dau')}</div><div className="v">{o.active.dau}</div></div>
        <div className="stat"><div className="hint small">{t('wau')}</div><div className="v">{o.active.wau}</div></div>
        <div className="stat"><div className="hint small">{t('mau')}</div><div className="v">{o.active.mau}</div></div>
        <div className="stat"><div className="hint small">{t('participants')}</div><div className="v">{o.participants}</div></div>
        <div className="stat"><div className="hint small">{t('claimsToday')}</div><div className="v">{o.claimsToday}</div></div>
        <div className="stat"><div className="hint small">{t('pending')}</div><div className="v">{o.pendingWithdrawals}</div></div>
      </div>
      <Section title={t('claimsChart')}>
        <Card>
          <div style={{ height: 160 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={o.daily}>
                <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} stroke="var(--hint)" />
                <Tooltip />
                <Bar dataKey="claims" fill="var(--accent)" radius={[4, 4, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      </Section>
      <Section title={t('revenue')}>
        <Card className="list">
          {o.revenue.length === 0 && <Empty text="—" icon="💰" />}
          {o.revenue.map((r) => (
            <div className="item" key={r.currency}><div className="grow">{r.currency}</div><div className="strong">{money(r.currency, r.amount, i18n.language)} · {r.invoices}</div></div>
          ))}
        </Card>
      </Section>
      <Retention />
      <Funnel />
    </>
  );
}

function Withdrawals() {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [status, setStatus] = useState<'REQUESTED' | undefined>('REQUESTED');
  const [rejecting, setRejecting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const q = useQuery(trpc.admin.withdrawals.list.queryOptions({ status, limit: 50 }));
  const approve = useMutation(trpc.admin.withdrawals.approve.mutationOptions({ onSuccess: (w) => (ok(w.status === 'APPROVED' ? t('approved') : t('approvedByYou')), void qc.invalidateQueries()), onError: fail }));
  const reject = useMutation(trpc.admin.withdrawals.reject.mutationOptions({ onSuccess: () => (ok(t('rejected')), setRejecting(null), setReason(''), void qc.invalidateQueries()), onError: fail }));
  const lang = i18n.language;
  return (
    <>
      <div className="chips" style={{ marginBottom: 10 }}>
        <button className={status === 'REQUESTED' ? 'active' : ''} onClick={() => setStatus('REQUESTED')}>{t('queue')}</button>
        <button className={!status ? 'active' : ''} onClick={() => setStatus(undefined)}>{t('all')}</button>
      </div>
      {q.isPending && <Skeleton lines={6} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data?.length === 0 && <Empty text={t('empty')} icon="✅" />}
      {q.data?.map((w) => (
        <Card key={w.id} testId={`withdrawal-${w.id}`}>
          <div className="row">
            <Avatar name={w.participant.name} size={36} />
            <div className="grow">
              <div className="strong">{w.participant.name} {w.participant.username ? <span className="hint">@{w.participant.username}</span> : null}</div>
              <div className="hint small">#{w.id} · {new Date(w.createdAt).toLocaleString(lang)}</div>
            </div>
            <div style={{ textAlign: 'right' }}>
              <div className="strong">{money('TON', w.amount, lang)}</div>
              <span className="pill">{t(`status.${w.status}`)}</span>
            </div>
          </div>
          <div className="mono hint" style={{ marginTop: 8 }}>{w.address}</div>
          <div className="row" style={{ gap: 6, marginTop: 8, flexWrap: 'wrap' }}>
            {w.riskFlags.length ? w.riskFlags.map((f) => <span key={f} className="pill danger">{f}</span>) : <span className="pill ok">{t('noRisk')}</span>}
            <span className="pill">{t('approvals', { n: w.approvals, need: w.approvalsNeeded })}</span>
          </div>
          <AuditTrail id={w.id} />
          {w.status === 'REQUESTED' && rejecting !== w.id && (
            <div className="grid2" style={{ marginTop: 10 }}>
              <Button variant="danger" onClick={() => setRejecting(w.id)} testId={`reject-${w.id}`}>{t('reject')}</Button>
              <Button disabled={w.approvedByMe} busy={approve.isPending && approve.variables?.id === w.id} onClick={() => approve.mutate({ id: w.id })} testId={`approve-${w.id}`}>{t('approve')}</Button>
            </div>
          )}
          {rejecting === w.id && (
            <div style={{ marginTop: 10 }}>
              <input placeholder={t('reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
              <div className="grid2" style={{ marginTop: 8 }}>
                <Button variant="secondary" onClick={() => setRejecting(null)}>{t('common:cancel')}</Button>
                <Button variant="danger" disabled={reason.trim().length < 3} busy={reject.isPending} onClick={() => reject.mutate({ id: w.id, reason })} testId="reject-confirm">{t('reject')}</Button>
              </div>
            </div>
          )}
        </Card>
      ))}
    </>
  );
}

/** The withdrawal's append-only audit trail, on demand. */
function AuditTrail({ id }: { id: number }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const q = useQuery({ ...trpc.admin.withdrawals.history.queryOptions({ id }), enabled: open });
  return (
    <div style={{ marginTop: 8 }}>
      <button className="btn btn-ghost btn-small" onClick={() => setOpen(!open)} data-testid={`audit-${id}`}>{t('auditTrail')}</button>
      {open && q.data && (
        <div className="list">
          {q.data.audit.map((a) => (
            <div className="item small" key={a.id}>
              <div className="grow mono">{a.action}</div>
              <div className="hint small">{new Date(a.createdAt).toLocaleString(i18n.language)}</div>
            </div>
          ))}
          {q.data.previous.length > 0 && <div className="hint small">{t('previous', { count: q.data.previous.length })}</div>}
        </div>
      )}
    </div>
  );
}

/** Telegram's gift catalogue; a gift is sent as a reward and paid from the bot's Stars. */
function Gifts() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery(trpc.admin.gifts.catalogue.queryOptions());
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const send = useMutation(trpc.admin.gifts.send.mutationOptions({ onSuccess: (r) => ok(r.duplicate ? t('giftDuplicate') : t('giftSent')), onError: fail }));
  return (
    <>
      <Card>
        <input placeholder={t('giftTo')} inputMode="numeric" value={to} onChange={(e) => setTo(e.target.value.replace(/\D/g, ''))} />
        <input style={{ marginTop: 8 }} placeholder={t('giftReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Card>
      {q.isPending && <Skeleton lines={4} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <div className="grid3">
          {q.data.map((g) => (
            <Card key={g.id}>
              <div style={{ fontSize: 28, textAlign: 'center' }}>{g.emoji}</div>
              <div className="strong small" style={{ textAlign: 'center' }}>{g.starCount} ⭐</div>
              {g.remaining != null && <div className="hint small" style={{ textAlign: 'center' }}>{g.remaining}/{g.total}</div>}
              <div style={{ marginTop: 6 }}>
                <Button small disabled={!to || reason.trim().length < 3} busy={send.isPending && send.variables?.giftId === g.id}
                  onClick={() => send.mutate({ telegramId: to, giftId: g.id, reason, idempotencyKey: `${g.id}:${to}:${reason}`.slice(0, 100) })}>
                  {t('send')}
                </Button>
              </div>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
