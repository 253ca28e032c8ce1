import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Avatar, Button, Card, Empty, ErrorBox, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { useAdminNav } from '../../nav.ts';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';
import { QuickRepliesManager, QuickReplyPicker } from './QuickReplies.tsx';

type Out = inferRouterOutputs<AppRouter>['admin']['dialogs'];
type DialogRow = Out['list']['items'][number];
type Thread = Out['get'];
type Message = Thread['messages'][number];
type Status = DialogRow['status'];
type Filter = Status | 'ALL';
/** Whose conversations: everyone's, the caller's, nobody's yet. */
type Whose = 'all' | 'mine' | 'unassigned';

const FILTERS: Filter[] = ['OPEN', 'ANSWERED', 'CLOSED', 'ALL'];
const WHOSE: Whose[] = ['all', 'mine', 'unassigned'];
const STATUS_PILL: Record<Status, string> = { OPEN: '', ANSWERED: 'ok', CLOSED: 'muted' };
/** The inbox and an open conversation look for news this often. */
const REFRESH_MS = 5000;

/** The back office inbox: what participants wrote to the bot, answered from here. A conversation is #/inbox/<id>. */
export function InboxAdmin() {
  const route = useAdminRoute();
  const open = route.record && /^\d{1,9}$/.test(route.record) ? Number(route.record) : null;
  const [managing, setManaging] = useState(false);
  const [filter, setFilter] = useState<Filter>('OPEN');
  const [whose, setWhose] = useState<Whose>('all');
  useEffect(() => {
    if (open == null) window.scrollTo(0, 0);
  }, [open, managing]);
  const toList = () => (canGoBack() ? back() : go({ section: 'inbox' }));
  if (managing) return <QuickRepliesManager onBack={() => setManaging(false)} />;
  if (open != null) return <DialogThread key={open} id={open} onBack={toList} onManageQuickReplies={() => (setManaging(true), go({ section: 'inbox' }))} />;
  return (
    <DialogList filter={filter} onFilter={setFilter} whose={whose} onWhose={setWhose} onOpen={(id) => go({ section: 'inbox', record: String(id) })} onManageQuickReplies={() => setManaging(true)} />
  );
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** Telegram's way: a time today, "Yesterday", a weekday within the week, a date before that. */
function shortWhen(iso: string, lang: string, t: TFunction, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return d.toLocaleTimeString(lang, { hour: 'numeric', minute: '2-digit' });
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) return t('inbox.yesterday');
  if (now.getTime() - d.getTime() < 6 * 86_400_000) return d.toLocaleDateString(lang, { weekday: 'short' });
  return d.toLocaleDateString(lang, d.getFullYear() === now.getFullYear() ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

function DialogList(p: {
  filter: Filter;
  onFilter: (f: Filter) => void;
  whose: Whose;
  onWhose: (w: Whose) => void;
  onOpen: (id: number) => void;
  onManageQuickReplies: () => void;
}) {
  const { filter, onFilter, onOpen, whose } = p;
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const nav = useAdminNav();
  const q = useInfiniteQuery(
    trpc.admin.dialogs.list.infiniteQueryOptions(
      { status: filter === 'ALL' ? undefined : filter, assignee: whose === 'all' ? undefined : whose, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor, refetchInterval: REFRESH_MS },
    ),
  );
  // Pages are cursor-based on the latest activity: a conversation that moved up between pages shows once.
  const items = useMemo(() => {
    const seen = new Set<number>();
    return (q.data?.pages.flatMap((p) => p.items) ?? []).filter((d) => !seen.has(d.id) && seen.add(d.id));
  }, [q.data]);
  const lang = i18n.language;
  return (
    <>
      <div className="hint small" style={{ margin: '0 4px 6px' }}>{t('inbox.intro')}</div>
      <div className="row inbox-tools">
        <Button variant="ghost" small onClick={p.onManageQuickReplies} testId="inbox-quick-replies">⚡ {t('inbox.qr.manage')}</Button>
        {nav.has('analytics') && (
          <Button variant="ghost" small onClick={() => nav.open('analytics', 'dialogs')} testId="inbox-stats">📈 {t('inbox.stats')}</Button>
        )}
      </div>
      <div className="chips" style={{ marginBottom: 6 }}>
        {WHOSE.map((w) => (
          <button key={w} className={whose === w ? 'active' : ''} onClick={() => p.onWhose(w)} data-testid={`inbox-whose-${w}`}>
            {t(`inbox.whose.${w}`)}
            {w === 'mine' && (q.data?.pages[0]?.mine ?? 0) > 0 ? ` · ${q.data!.pages[0].mine}` : ''}
          </button>
        ))}
      </div>
      <div className="chips" style={{ marginBottom: 10 }}>
        {FILTERS.map((f) => (
          <button key={f} className={filter === f ? 'active' : ''} onClick={() => onFilter(f)} data-testid={`inbox-filter-${f}`}>
            {t(`inbox.filter.${f}`)}
          </button>
        ))}
      </div>
      {q.isPending && <Skeleton lines={6} />}
      {q.isError && <ErrorBox error={q.error} onRetry={() => q.refetch()} />}
      {q.isSuccess && items.length === 0 && <Empty text={whose === 'all' ? t(`inbox.empty.${filter}`) : t(`inbox.emptyWhose.${whose}`)} icon="💬" />}
      {items.length > 0 && (
        <Card className="list inbox-list">
          {items.map((d) => (
            <button className="item inbox-row" key={d.id} onClick={() => onOpen(d.id)} data-testid="dialog-item">
              <Avatar name={d.participant.name} url={d.participant.photoUrl} size={44} />
              <div className="grow">
                <div className="row" style={{ gap: 8 }}>
                  <div className="grow ellipsis">
                    <span className="strong">{d.participant.name}</span>
                    {d.participant.username && <span className="hint"> @{d.participant.username}</span>}
                  </div>
                  <span className={`hint inbox-when ${d.unread > 0 ? 'accent' : ''}`}>{shortWhen(d.lastMessageAt, lang, t)}</span>
                </div>
                <div className="row" style={{ gap: 8, marginTop: 2 }}>
                  <div className="grow ellipsis hint small">
                    {d.last ? (
                      <>
                        {d.last.direction === 'OUT' && <span className="inbox-you">{t('inbox.you')} </span>}
                        {d.last.text.replace(/\s+/g, ' ')}
                      </>
                    ) : (
                      t('inbox.noMessages')
                    )}
                  </div>
                  {d.assignee && whose !== 'mine' && <span className="pill muted inbox-assignee" data-testid="dialog-assignee">→ {d.assignee.name}</span>}
                  {d.unread > 0 ? (
                    <span className="unread-badge" data-testid="dialog-unread">{d.unread > 99 ? '99+' : d.unread}</span>
                  ) : (
                    filter === 'ALL' && d.status !== 'OPEN' && <span className={`pill ${STATUS_PILL[d.status]}`}>{t(`inbox.status.${d.status}`)}</span>
                  )}
                </div>
              </div>
            </button>
          ))}
        </Card>
      )}
      {q.hasNextPage && <Button variant="ghost" busy={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>{t('inbox.more')}</Button>}
    </>
  );
}

const byId = (a: Message, b: Message) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
const nearBottom = () => window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;

function DialogThread({ id, onBack, onManageQuickReplies }: { id: number; onBack: () => void; onManageQuickReplies: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const q = useQuery({ ...trpc.admin.dialogs.get.queryOptions({ id }), refetchInterval: REFRESH_MS });
  const refreshInbox = () => void qc.invalidateQueries({ queryKey: trpc.admin.dialogs.list.pathKey() });

  // Every message seen since the conversation was opened: the latest page slides as new ones arrive,
  // and pages loaded above it stay.
  const [kept, setKept] = useState<Map<string, Message>>(() => new Map());
  const keep = (ms: Message[]) => setKept((m) => (ms.every((x) => m.has(x.id)) ? m : new Map([...m, ...ms.map((x) => [x.id, x] as const)])));
  const [olderCursor, setOlderCursor] = useState<string | null | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  useEffect(() => {
    if (!q.data) return;
    keep(q.data.messages);
    setOlderCursor((c) => (c === undefined ? q.data.olderCursor : c));
  }, [q.data]);
  const messages = useMemo(() => {
    const all = new Map(kept);
    for (const m of q.data?.messages ?? []) all.set(m.id, m);
    return [...all.values()].sort(byId);
  }, [kept, q.data]);

  // Read when opened, and again when something new came in while it is open.
  const read = useMutation(trpc.admin.dialogs.read.mutationOptions({ onSuccess: refreshInbox }));
  const unread = q.data?.unread ?? 0;
  const readOnce = useRef(false);
  useEffect(() => {
    if (!readOnce.current || unread > 0) read.mutate({ id });
    readOnce.current = true;
  }, [id, unread]);

  const [text, setText] = useState('');
  const stick = useRef(true);
  const reply = useMutation(
    trpc.admin.dialogs.reply.mutationOptions({
      onSuccess: (m) => {
        setText('');
        stick.current = true;
        keep([m]);
        ok(t('inbox.sent'));
        void qc.invalidateQueries({ queryKey: trpc.admin.dialogs.pathKey() });
      },
      onError: (e) => (fail(e), void q.refetch()),
    }),
  );
  const close = useMutation(
    trpc.admin.dialogs.close.mutationOptions({
      onSuccess: () => (ok(t('inbox.closed')), refreshInbox(), onBack()),
      onError: fail,
    }),
  );
  const reopen = useMutation(
    trpc.admin.dialogs.reopen.mutationOptions({
      onSuccess: () => (ok(t('inbox.reopened')), refreshInbox(), void q.refetch()),
      onError: fail,
    }),
  );
  const teamQ = useQuery(trpc.admin.dialogs.team.queryOptions());
  const assign = useMutation(
    trpc.admin.dialogs.assign.mutationOptions({
      onSuccess: (r) => (ok(r.assignee ? t('inbox.assigned', { name: r.assignee.name }) : t('inbox.unassigned')), refreshInbox(), void q.refetch()),
      onError: fail,
    }),
  );
  const [picking, setPicking] = useState(false);
  const canSend = text.trim().length > 0 && !reply.isPending;
  const send = () => canSend && reply.mutate({ id, text: text.trim() });

  // Scrolling: to the end when opened and when a message arrives while the end is in view; in place when
  // earlier messages are put above.
  const lastId = messages[messages.length - 1]?.id;
  const anchor = useRef<{ height: number; y: number } | null>(null);
  useEffect(() => {
    const onScroll = () => (stick.current = nearBottom());
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    if (anchor.current) {
      window.scrollTo(0, anchor.current.y + document.documentElement.scrollHeight - anchor.current.height);
      anchor.current = null;
    } else if (lastId && stick.current) {
      window.scrollTo(0, document.documentElement.scrollHeight);
    }
  }, [messages.length, lastId]);

  const loadOlder = async () => {
    if (!olderCursor) return;
    setLoadingOlder(true);
    try {
      const page = await qc.fetchQuery(trpc.admin.dialogs.get.queryOptions({ id, before: olderCursor }));
      anchor.current = { height: document.documentElement.scrollHeight, y: window.scrollY };
      keep(page.messages);
      setOlderCursor(page.olderCursor);
    } catch (e) {
      fail(e);
    } finally {
      setLoadingOlder(false);
    }
  };

  // The textarea grows with the answer, up to a few lines.
  const box = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 160)}px`;
  }, [text]);
  // The reply box stays above the tab bar; a spacer as tall as it keeps the last message clear of it.
  const composer = useRef<HTMLDivElement>(null);
  const [composerHeight, setComposerHeight] = useState(60);
  useLayoutEffect(() => {
    const el = composer.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setComposerHeight(el.offsetHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [q.isSuccess]);

  if (q.isPending) return <Skeleton lines={8} />;
  if (q.isError || !q.data) return (
    <>
      <Button variant="ghost" small onClick={onBack}>‹ {t('inbox.back')}</Button>
      <ErrorBox error={q.error} onRetry={() => q.refetch()} />
    </>
  );

  const d = q.data;
  const p = d.participant;
  const lang = i18n.language;
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang, { hour: 'numeric', minute: '2-digit' });
  const dayOf = (iso: string) => {
    const day = new Date(iso);
    const now = new Date();
    const yesterday = new Date(now);
    yesterday.setDate(now.getDate() - 1);
    if (sameDay(day, now)) return t('inbox.today');
    if (sameDay(day, yesterday)) return t('inbox.yesterday');
    return day.toLocaleDateString(lang, { day: 'numeric', month: 'long', ...(day.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
  };
  const askClose = async () => {
    if (await confirmAction(t('inbox.confirmClose', { name: p.name }), t('inbox.confirmCloseOk'))) close.mutate({ id });
  };

  return (
    <div data-testid="dialog-thread">
      <Button variant="ghost" small onClick={onBack} testId="dialog-back">‹ {t('inbox.back')}</Button>
      <Card>
        <div className="row">
          <Avatar name={p.name} url={p.photoUrl} size={44} />
          <div className="grow">
            <div className="strong ellipsis">{p.name}</div>
            <div className="hint small ellipsis">
              {p.username ? `@${p.username} · ` : ''}
              {p.telegramId}
              {p.language ? ` · ${t('inbox.language', { language: p.language })}` : ''}
            </div>
          </div>
          <span className={`pill ${STATUS_PILL[d.status]}`} data-testid="dialog-status">{t(`inbox.status.${d.status}`)}</span>
        </div>
        {!p.reachable && <div className="notice warn" data-testid="dialog-unreachable">{t('inbox.unreachable', { name: p.name })}</div>}
        {p.banned && <div className="notice danger">{t('inbox.banned', { name: p.name })}</div>}
        <label className="field inbox-assign">
          <span className="hint small">{t('inbox.assignee')}</span>
          <select
            value={d.assignee?.id ?? ''}
            disabled={assign.isPending || !teamQ.data}
            onChange={(e) => assign.mutate({ dialogId: id, adminId: e.target.value ? Number(e.target.value) : null })}
            data-testid="dialog-assign"
          >
            <option value="">{t('inbox.nobody')}</option>
            {d.assignee && !teamQ.data?.some((m) => m.id === d.assignee!.id) && <option value={d.assignee.id}>{d.assignee.name}</option>}
            {teamQ.data?.map((m) => (
              <option key={m.id} value={m.id}>{m.name}{m.open ? ` · ${t('inbox.openCount', { count: m.open })}` : ''}</option>
            ))}
          </select>
        </label>
        {d.status === 'CLOSED' ? (
          <>
            <div className="hint small" style={{ marginTop: 10 }}>{t('inbox.closedNote', { name: p.name })}</div>
            <div style={{ marginTop: 12 }}>
              <Button variant="secondary" small busy={reopen.isPending} onClick={() => reopen.mutate({ id })} testId="dialog-reopen">{t('inbox.reopen')}</Button>
            </div>
          </>
        ) : (
          <div style={{ marginTop: 12 }}>
            <Button variant="secondary" small busy={close.isPending} onClick={askClose} testId="dialog-close">{t('inbox.close')}</Button>
          </div>
        )}
      </Card>

      {olderCursor && (
        <div style={{ textAlign: 'center' }}>
          <Button variant="ghost" small busy={loadingOlder} onClick={loadOlder} testId="dialog-earlier">{t('inbox.earlier')}</Button>
        </div>
      )}
      <div className="chat" data-testid="dialog-messages">
        {messages.length === 0 && <Empty text={t('inbox.noMessages')} icon="💬" />}
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          const newDay = !prev || !sameDay(new Date(prev.createdAt), new Date(m.createdAt));
          const out = m.direction === 'OUT';
          // The author's name once per run of answers by the same person.
          const showAuthor = out && (newDay || prev.direction !== 'OUT' || prev.author !== m.author);
          return (
            <Fragment key={m.id}>
              {newDay && <div className="chat-day"><span>{dayOf(m.createdAt)}</span></div>}
              <div className={`bubble ${out ? 'out' : 'in'}`} data-testid={out ? 'dialog-message-out' : 'dialog-message-in'}>
                {showAuthor && <div className="bubble-author">{m.author ?? t('inbox.team')}</div>}
                <span className="bubble-text">{m.text}</span>
                <span className="bubble-time">{time(m.createdAt)}</span>
              </div>
            </Fragment>
          );
        })}
      </div>

      <div style={{ height: composerHeight }} />
      <div className="composer" ref={composer}>
        <button className="composer-quick" onClick={() => setPicking(true)} title={t('inbox.qr.pick')} aria-label={t('inbox.qr.pick')} data-testid="dialog-quick">⚡</button>
        <textarea
          ref={box}
          rows={1}
          value={text}
          maxLength={4096}
          placeholder={t('inbox.placeholder')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
          data-testid="dialog-reply"
        />
        <button className="composer-send" disabled={!canSend} onClick={send} title={t('inbox.sendHint')} aria-label={t('inbox.send')} data-testid="dialog-send">
          {reply.isPending ? <span className="spinner" /> : sendIcon}
        </button>
      </div>
      {picking && (
        <QuickReplyPicker
          name={p.name.split(' ')[0]}
          onClose={() => setPicking(false)}
          onManage={() => (setPicking(false), onManageQuickReplies())}
          onPick={(x) => {
            setPicking(false);
            // Put where the cursor is (replacing a selection), so a quick reply can go inside an answer.
            const el = box.current;
            const [a, b] = el ? [el.selectionStart, el.selectionEnd] : [text.length, text.length];
            setText((cur) => (cur.slice(0, a) + x + cur.slice(b)).slice(0, 4096));
            requestAnimationFrame(() => {
              el?.focus();
              el?.setSelectionRange(a + x.length, a + x.length);
            });
          }}
        />
      )}
    </div>
  );
}

const sendIcon = (
  <svg width="22" height="22" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
    <path d="M3.4 20.4 21.85 12.5a.55.55 0 0 0 0-1L3.4 3.6a.5.5 0 0 0-.7.6L5 11l9 1-9 1-2.3 6.8a.5.5 0 0 0 .7.6Z" />
  </svg>
);
