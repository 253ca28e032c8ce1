import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';
import { Avatar, Button, Card, Empty, ErrorBox, Section, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { money, type Currency } from '../../../../lib/format.ts';
import { confirmAction } from '../../../../lib/telegram.ts';
import { useTRPC } from '../../../../lib/trpc.ts';
import { normalizeTag, TAG_RE } from '../../kit/index.ts';
import { DataTable, type DataColumn } from '../../kit/DataTable.tsx';
import { useServerTable } from '../../kit/useServerTable.ts';
import { back, canGoBack, go, useAdminRoute } from '../../kit/route.ts';

type Out = inferRouterOutputs<AppRouter>['admin']['participants'];
type Profile = Out['get'];
type AuditEntry = Profile['audit'][number];

/** How many of the most used tags the list offers as filters. */
const FILTER_TAGS = 12;
const MAX_TAGS = 20;

/** The CRM: find people (by name or tag), open a person's card (#/people/<Telegram id>), tag them, keep notes, ban and unban. */
export function PeopleAdmin() {
  const route = useAdminRoute();
  const open = route.record && /^\d{1,19}$/.test(route.record) ? route.record : null;
  // Back from a card lands where the list was left (the browser's back, or Telegram's BackButton).
  const listY = useRef(0);
  useEffect(() => {
    if (open == null) window.scrollTo(0, listY.current);
  }, [open]);
  if (open != null)
    return (
      <PersonCard
        key={open}
        telegramId={open}
        onBack={() => (canGoBack() ? back() : go({ section: 'people' }))}
        onTag={(tag) => ((listY.current = 0), go({ section: 'people', params: { tag } }))}
      />
    );
  return <PeopleList onOpen={() => (listY.current = window.scrollY)} />;
}

const roleKey = (role: string) => `crm.role.${role}`;

/** "English", "Русский", or the code itself for a language the app does not speak. */
function languageName(code: string | null, t: TFunction) {
  if (!code) return '—';
  return t(`crm.lang.${code}`, { defaultValue: code });
}

type Person = Out['list']['items'][number];
type PeopleSort = NonNullable<Exclude<inferRouterInputs<AppRouter>['admin']['participants']['list'], void | undefined>['sort']>;
const ROLES = ['PARTICIPANT', 'MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'] as const;

function PeopleList({ onOpen }: { onOpen: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const tags = useQuery(trpc.admin.participants.tags.queryOptions());
  const table = useServerTable({
    testId: 'people',
    filters: { tag: '', role: '', banned: '', segment: '' },
    sort: { by: 'createdAt', dir: 'desc' },
    limit: 25,
    query: (q) =>
      trpc.admin.participants.list.queryOptions({
        search: q.search,
        tag: q.filters.tag || undefined,
        role: (q.filters.role || undefined) as (typeof ROLES)[number] | undefined,
        banned: q.filters.banned === 'yes' ? true : q.filters.banned === 'no' ? false : undefined,
        segmentId: /^\d{1,9}$/.test(q.filters.segment) ? Number(q.filters.segment) : undefined,
        sort: q.sort as PeopleSort,
        page: q.page,
        limit: q.limit,
      }),
  });
  const tag = table.filters.tag || null;
  const lang = i18n.language;
  const day = (iso: string) => new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' });
  // The chosen tag stays offered even when it is not among the most used.
  const offered = (tags.data ?? []).slice(0, FILTER_TAGS).map((x) => x.tag);
  if (tag && !offered.includes(tag)) offered.unshift(tag);
  const columns: DataColumn<Person>[] = [
    { id: 'name', header: t('fin.col.name'), sortable: true, cell: (p) => <PersonCell p={p} />, csv: (p) => (p.deleted ? '' : p.name) },
    { id: 'username', header: t('fin.col.username'), cell: (p) => (p.username ? `@${p.username}` : ''), csv: (p) => p.username ?? '' },
    { id: 'telegramId', header: t('fin.col.telegramId'), sortable: true, cell: (p) => <span className="mono">{p.deleted ? '—' : p.telegramId}</span>, csv: (p) => (p.deleted ? '' : p.telegramId) },
    { id: 'role', header: t('crm.roleCol'), cell: (p) => t(roleKey(p.role)), csv: (p) => p.role },
    {
      id: 'tags',
      header: t('crm.tags'),
      cell: (p) =>
        p.tags.length > 0 && (
          <span className="tag-chips">
            {p.tags.map((x) => <span key={x} className={`tag-chip ${x === tag ? 'active' : ''}`}>{x}</span>)}
          </span>
        ),
      csv: (p) => p.tags.join(' '),
    },
    { id: 'createdAt', header: t('crm.joined'), sortable: true, cell: (p) => day(p.createdAt), csv: (p) => p.createdAt },
    { id: 'lastSeenAt', header: t('crm.lastSeen'), sortable: true, cell: (p) => day(p.lastSeenAt), csv: (p) => p.lastSeenAt },
  ];
  return (
    <>
      {offered.length > 0 && (
        <div className="chips tag-filter" style={{ marginBottom: 10 }} aria-label={t('crm.filterByTag')}>
          {offered.map((x) => (
            <button key={x} className={tag === x ? 'active' : ''} onClick={() => table.setFilter('tag', tag === x ? '' : x)} aria-pressed={tag === x} data-testid={`tag-filter-${x}`}>
              #{x}
            </button>
          ))}
        </div>
      )}
      <Card>
        <DataTable
          {...table.props}
          columns={columns}
          rowKey={(p) => String(p.id)}
          rowTestId={() => 'person-row'}
          searchPlaceholder={t('search')}
          filters={
            <>
              <select value={table.filters.role} onChange={(e) => table.setFilter('role', e.target.value)} data-testid="people-role" aria-label={t('crm.roleCol')}>
                <option value="">{t('crm.anyRole')}</option>
                {ROLES.map((r) => <option key={r} value={r}>{t(roleKey(r))}</option>)}
              </select>
              <select value={table.filters.banned} onChange={(e) => table.setFilter('banned', e.target.value)} data-testid="people-banned" aria-label={t('banned')}>
                <option value="">{t('crm.anyBan')}</option>
                <option value="yes">{t('banned')}</option>
                <option value="no">{t('crm.notBanned')}</option>
              </select>
              <SegmentFilter value={table.filters.segment ? Number(table.filters.segment) : null} onChange={(id) => table.setFilter('segment', id == null ? '' : String(id))} />
            </>
          }
          onRowClick={(p) => {
            if (p.deleted) return;
            onOpen();
            go({ section: 'people', record: p.telegramId });
          }}
        />
      </Card>
    </>
  );
}

/** A person in the table: avatar and name, with what marks them (banned, deleted). A deleted account has no id left to open. */
function PersonCell({ p }: { p: Person }) {
  const { t } = useTranslation('admin');
  return (
    <span className="row" style={{ gap: 8 }}>
      <Avatar name={p.deleted ? '?' : p.name} size={28} />
      <span className="strong ellipsis">{p.deleted ? t('crm.deletedName', { id: p.id }) : p.name}</span>
      {p.deleted ? <span className="pill muted" data-testid="person-deleted">{t('crm.deleted')}</span> : p.banned && <span className="pill danger">{t('banned')}</span>}
    </span>
  );
}

const shortAddress = (a: string) => (a.length > 16 ? `${a.slice(0, 8)}…${a.slice(-6)}` : a);

function PersonCard({ telegramId, onBack, onTag }: { telegramId: string; onBack: () => void; onTag: (tag: string) => void }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const q = useQuery(trpc.admin.participants.get.queryOptions({ telegramId }));
  const back = (
    <Button variant="ghost" small onClick={onBack} testId="person-back">‹ {t('crm.back')}</Button>
  );
  if (q.isPending) return <>{back}<Skeleton lines={8} /></>;
  if (q.isError || !q.data) return <>{back}<ErrorBox error={q.error} onRetry={() => q.refetch()} /></>;
  const p = q.data;
  const lang = i18n.language;
  const day = (iso: string) => new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' });
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const figures: [string, number, string][] = [
    [t('crm.claims'), p.claims, 'claims'],
    [t('crm.orders'), p.orders, 'orders'],
    [t('crm.invited'), p.invited, 'invited'],
    [t('crm.streak'), p.streak, 'streak'],
  ];
  return (
    <div data-testid="person-card">
      {back}
      <Card>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <Avatar name={p.name} size={56} />
          <div className="grow">
            <h3 className="ellipsis" data-testid="person-name">{p.name}</h3>
            <div className="hint small ellipsis">
              {p.username ? `@${p.username} · ` : ''}
              {t('crm.tgId', { id: p.telegramId })}
            </div>
            <div className="row" style={{ gap: 6, marginTop: 6, flexWrap: 'wrap' }}>
              <span className={`pill ${p.role === 'PARTICIPANT' ? 'muted' : ''}`}>{t(roleKey(p.role))}</span>
              {p.banned && <span className="pill danger">{t('banned')}</span>}
              {p.deleted && <span className="pill muted">{t('crm.deleted')}</span>}
            </div>
          </div>
        </div>
        {p.banned && (
          <div className="notice danger" data-testid="person-banned">
            {p.banReason ? t('crm.bannedBecause', { reason: p.banReason }) : t('crm.bannedNoReason')}
            {' '}
            {p.bannedUntil ? t('crm.bannedUntil', { when: when(p.bannedUntil) }) : t('crm.bannedForever')}
          </div>
        )}
        {p.deleted && <div className="notice warn">{t('crm.deletedNote')}</div>}
        <div style={{ marginTop: 10 }}>
          <div className="kv small"><span className="hint">{t('crm.language')}</span><span>{languageName(p.language, t)}</span></div>
          <div className="kv small"><span className="hint">{t('crm.joined')}</span><span>{day(p.createdAt)}</span></div>
          <div className="kv small"><span className="hint">{t('crm.lastSeen')}</span><span>{when(p.lastSeenAt)}</span></div>
          <div className="kv small">
            <span className="hint">{t('crm.wallet')}</span>
            {p.wallet ? <span className="mono" title={p.wallet} data-testid="person-wallet">{shortAddress(p.wallet)}</span> : <span className="hint">{t('crm.noWallet')}</span>}
          </div>
        </div>
      </Card>

      <div className="grid3 person-balances">
        {p.balances.map((b) => (
          <div className="stat" key={b.currency}>
            <div className="hint small">{t(`crm.currency.${b.currency}`)}</div>
            <div className="v ellipsis">{money(b.currency as Currency, b.amount, lang)}</div>
          </div>
        ))}
      </div>
      <div className="person-figures">
        {figures.map(([label, n, key]) => (
          <div className="stat" key={key} data-testid={`person-${key}`}>
            <div className="v">{n.toLocaleString(lang)}</div>
            <div className="hint small">{label}</div>
          </div>
        ))}
      </div>

      <Section title={t('crm.tags')}>
        <TagEditor telegramId={p.telegramId} tags={p.tags} onFilter={onTag} />
      </Section>

      <Section title={t('crm.notes')}>
        <Notes telegramId={p.telegramId} notes={p.notes} />
      </Section>

      <Section title={t('crm.withdrawals')}>
        <Card className="list">
          {p.withdrawals.length === 0 && <div className="hint small">{t('crm.noWithdrawals')}</div>}
          {p.withdrawals.map((w) => (
            <div className="item" key={w.id}>
              <div className="grow">
                <div className="strong">{money('TON', w.amount, lang)}</div>
                <div className="hint small">#{w.id} · {when(w.createdAt)}</div>
              </div>
              <span className={`pill ${WITHDRAWAL_PILL[w.status] ?? ''}`}>{t(`status.${w.status}`, { defaultValue: w.status })}</span>
            </div>
          ))}
        </Card>
      </Section>

      {p.role !== 'OWNER' && !p.deleted && (
        <Section title={t('crm.moderation')}>
          <BanPanel p={p} />
        </Section>
      )}

      <Section title={t('crm.audit')}>
        <Card className="list" >
          {p.audit.length === 0 && <div className="hint small">{t('crm.noAudit')}</div>}
          {p.audit.map((a, i) => (
            <AuditRow key={i} a={a} when={when(a.createdAt)} />
          ))}
        </Card>
      </Section>
    </div>
  );
}

const WITHDRAWAL_PILL: Record<string, string> = { REQUESTED: 'warn', APPROVED: '', SENDING: '', COMPLETED: 'ok', REJECTED: 'danger', CANCELLED: 'muted', FAILED: 'danger' };

/** Tags as chips with ×, and a box to add one (suggestions from the tags in use). Every change saves. */
function TagEditor({ telegramId, tags, onFilter }: { telegramId: string; tags: string[]; onFilter: (tag: string) => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [text, setText] = useState('');
  const all = useQuery(trpc.admin.participants.tags.queryOptions());
  const save = useMutation(
    trpc.admin.participants.setTags.mutationOptions({
      onSuccess: (r) => {
        qc.setQueryData(trpc.admin.participants.get.queryKey({ telegramId }), (old) => (old ? { ...old, tags: r.tags } : old));
        void qc.invalidateQueries({ queryKey: trpc.admin.participants.list.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.admin.participants.tags.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.admin.participants.get.queryKey({ telegramId }) });
        setText('');
        ok(t('crm.tagsSaved'));
      },
      onError: fail,
    }),
  );
  const candidate = normalizeTag(text);
  const valid = TAG_RE.test(candidate);
  const full = tags.length >= MAX_TAGS;
  const add = (tag: string) => {
    if (tags.includes(tag)) return setText('');
    save.mutate({ telegramId, tags: [...tags, tag] });
  };
  const remove = (tag: string) => save.mutate({ telegramId, tags: tags.filter((x) => x !== tag) });
  const suggestions = (all.data ?? []).filter((s) => !tags.includes(s.tag) && (!candidate || s.tag.includes(candidate))).slice(0, 8);
  const problem = text.trim() && !valid ? t('crm.tagInvalid') : full ? t('crm.tagsFull', { max: MAX_TAGS }) : null;
  return (
    <Card>
      {tags.length === 0 ? (
        <div className="hint small">{t('crm.noTags')}</div>
      ) : (
        <div className="tag-chips" data-testid="person-tags">
          {tags.map((x) => (
            <span key={x} className="tag-chip big" data-testid="person-tag">
              <button className="tag-name" onClick={() => onFilter(x)} title={t('crm.showTagged', { tag: x })}>{x}</button>
              <button className="tag-x" onClick={() => remove(x)} disabled={save.isPending} aria-label={t('crm.removeTag', { tag: x })} data-testid={`tag-remove-${x}`}>×</button>
            </span>
          ))}
        </div>
      )}
      <div className="tag-add-row">
        <input
          value={text}
          maxLength={40}
          placeholder={t('crm.tagPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && valid && !full && !save.isPending) {
              e.preventDefault();
              add(candidate);
            }
          }}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          data-testid="tag-input"
        />
        <Button small disabled={!valid || full} busy={save.isPending} onClick={() => add(candidate)} testId="tag-add">{t('crm.addTag')}</Button>
      </div>
      {problem ? (
        <div className="small danger" style={{ margin: '6px 4px 0' }}>{problem}</div>
      ) : (
        text.trim() && candidate !== text.trim() && <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('crm.tagWillBe', { tag: candidate })}</div>
      )}
      {suggestions.length > 0 && !full && (
        <div style={{ marginTop: 10 }}>
          <div className="hint small" style={{ margin: '0 4px 6px' }}>{t('crm.suggestions')}</div>
          <div className="tag-chips">
            {suggestions.map((s) => (
              <button key={s.tag} className="tag-chip suggest" disabled={save.isPending} onClick={() => add(s.tag)} data-testid="tag-suggestion">
                + {s.tag} <span className="hint">{s.count}</span>
              </button>
            ))}
          </div>
        </div>
      )}
    </Card>
  );
}

function Notes({ telegramId, notes }: { telegramId: string; notes: Profile['notes'] }) {
  const { t, i18n } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [text, setText] = useState('');
  const add = useMutation(
    trpc.admin.participants.addNote.mutationOptions({
      onSuccess: (list) => {
        qc.setQueryData(trpc.admin.participants.get.queryKey({ telegramId }), (old) => (old ? { ...old, notes: list } : old));
        setText('');
        ok(t('crm.noteAdded'));
      },
      onError: fail,
    }),
  );
  const lang = i18n.language;
  const canAdd = text.trim().length > 0 && !add.isPending;
  return (
    <Card>
      <textarea
        value={text}
        rows={2}
        maxLength={2000}
        placeholder={t('crm.notePlaceholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canAdd) {
            e.preventDefault();
            add.mutate({ telegramId, text: text.trim() });
          }
        }}
        data-testid="note-input"
      />
      <div style={{ marginTop: 8, display: 'flex', justifyContent: 'flex-end' }}>
        <Button small disabled={!canAdd} busy={add.isPending} onClick={() => add.mutate({ telegramId, text: text.trim() })} testId="note-add">{t('crm.addNote')}</Button>
      </div>
      {notes.length === 0 ? (
        <div className="hint small" style={{ marginTop: 4 }}>{t('crm.noNotes')}</div>
      ) : (
        <div className="list notes">
          {notes.map((n) => (
            <div className="item note" key={n.id} data-testid="person-note">
              <div className="grow">
                <div className="note-text">{n.text}</div>
                <div className="hint small" style={{ marginTop: 3 }}>
                  {n.author ?? t('crm.unknownAuthor')} · {new Date(n.createdAt).toLocaleString(lang, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })}
                </div>
              </div>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

const BAN_TERMS = ['1', '7', '30', 'forever', 'date'] as const;
type BanTerm = (typeof BAN_TERMS)[number];
/** The end a choice means (null: permanent; undefined: no valid date typed yet). */
function untilOf(term: BanTerm, date: string): string | null | undefined {
  if (term === 'forever') return null;
  if (term === 'date') {
    const d = new Date(date);
    return date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
  }
  return new Date(Date.now() + Number(term) * 86_400_000).toISOString();
}

function BanPanel({ p }: { p: Profile }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const [banning, setBanning] = useState(false);
  const [reason, setReason] = useState('');
  const [term, setTerm] = useState<BanTerm>('7');
  const [date, setDate] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.admin.participants.pathKey() });
  const ban = useMutation(trpc.admin.participants.ban.mutationOptions({ onSuccess: () => (ok(t('crm.bannedOk', { name: p.name })), setBanning(false), setReason(''), refresh()), onError: fail }));
  const until = untilOf(term, date);
  const dateBad = term === 'date' && (!until || new Date(until).getTime() <= Date.now());
  const unban = useMutation(trpc.admin.participants.unban.mutationOptions({ onSuccess: () => (ok(t('crm.unbannedOk', { name: p.name })), refresh()), onError: fail }));
  const askUnban = async () => {
    if (await confirmAction(t('crm.confirmUnban', { name: p.name }), t('unban'))) unban.mutate({ telegramId: p.telegramId });
  };
  return (
    <Card>
      {p.banned ? (
        <>
          <div className="hint small" style={{ marginBottom: 10 }}>{t('crm.unbanHint', { name: p.name })}</div>
          <Button variant="secondary" busy={unban.isPending} onClick={askUnban} testId="person-unban">{t('unban')}</Button>
        </>
      ) : banning ? (
        <>
          <input autoFocus placeholder={t('crm.banReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="ban-reason" />
          <div className="hint small" style={{ margin: '6px 4px 0' }}>{t('crm.banReasonHint')}</div>
          <div className="subhead" style={{ marginTop: 10 }}>{t('crm.banFor')}</div>
          <div className="chips" role="radiogroup" aria-label={t('crm.banFor')} style={{ flexWrap: 'wrap' }}>
            {BAN_TERMS.map((x) => (
              <button key={x} className={term === x ? 'active' : ''} role="radio" aria-checked={term === x} onClick={() => setTerm(x)} data-testid={`ban-term-${x}`}>
                {t(`crm.banTerm.${x}`)}
              </button>
            ))}
          </div>
          {term === 'date' && (
            <input type="datetime-local" value={date} onChange={(e) => setDate(e.target.value)} style={{ marginTop: 8 }} aria-label={t('crm.banTerm.date')} data-testid="ban-until" />
          )}
          {dateBad && date && <div className="small danger" style={{ margin: '6px 4px 0' }}>{t('crm.banDatePast')}</div>}
          <div className="grid2" style={{ marginTop: 10 }}>
            <Button variant="secondary" onClick={() => (setBanning(false), setReason(''))}>{t('common:cancel')}</Button>
            <Button variant="danger" disabled={reason.trim().length < 3 || dateBad} busy={ban.isPending} onClick={() => ban.mutate({ telegramId: p.telegramId, reason: reason.trim(), until: until ?? null })} testId="ban-confirm">{t('ban')}</Button>
          </div>
        </>
      ) : (
        <>
          <div className="hint small" style={{ marginBottom: 10 }}>{t('crm.banHint')}</div>
          <Button variant="danger" onClick={() => setBanning(true)} testId="person-ban">{t('ban')}</Button>
        </>
      )}
    </Card>
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** One audited action in words: what happened, with its details where they are easy to say. */
function AuditRow({ a, when }: { a: AuditEntry; when: string }) {
  const { t, i18n } = useTranslation('admin');
  const d = isRecord(a.data) ? a.data : {};
  const lang = i18n.language;
  const label = t(`crm.action.${a.action.replace(/\./g, '_')}`, { defaultValue: '' });
  let detail: ReactNode = null;
  switch (a.action) {
    case 'participant.banned':
      if (d.reason) detail = t('crm.detail.reason', { reason: String(d.reason) });
      if (typeof d.until === 'string') detail = `${detail ?? ''} · ${t('crm.detail.until', { when: new Date(d.until).toLocaleString(lang) })}`;
      break;
    case 'participant.tagged': {
      const from = listOf(d.from);
      const to = listOf(d.to);
      const added = to.filter((x) => !from.includes(x));
      const removed = from.filter((x) => !to.includes(x));
      detail = [added.length ? `+ ${added.join(', ')}` : '', removed.length ? `− ${removed.join(', ')}` : ''].filter(Boolean).join('  ') || null;
      break;
    }
    case 'participant.role':
      detail = `${t(roleKey(String(d.from)))} → ${t(roleKey(String(d.to)))}`;
      break;
    case 'ledger.award':
      if (typeof d.currency === 'string' && (typeof d.amount === 'string' || typeof d.amount === 'number')) {
        detail = money(d.currency as Currency, String(d.amount), lang) + (d.reason ? ` · ${String(d.reason)}` : '');
      }
      break;
    case 'consent.granted':
    case 'consent.revoked':
      if (typeof d.category === 'string') detail = t(`crm.detail.category.${d.category}`, { defaultValue: d.category });
      break;
    case 'gift.sent':
      detail = [d.stars != null ? `${String(d.stars)} ⭐` : '', d.reason ? String(d.reason) : ''].filter(Boolean).join(' · ') || null;
      break;
  }
  return (
    <div className="item audit-row" data-testid="person-audit">
      <div className="grow">
        <div className={label ? 'small strong' : 'mono'}>{label || a.action}</div>
        {detail && <div className="hint small audit-detail">{detail}</div>}
      </div>
      <div className="hint small audit-when">{when}</div>
    </div>
  );
}

/** Filter the list by a saved segment (the same match mailings and tasks use); delete one that is no longer wanted. */
function SegmentFilter({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const segments = useQuery(trpc.admin.segments.list.queryOptions());
  const remove = useMutation(
    trpc.admin.segments.delete.mutationOptions({
      onSuccess: () => (ok(t('seg.deleted')), onChange(null), void qc.invalidateQueries({ queryKey: trpc.admin.segments.pathKey() })),
      onError: fail,
    }),
  );
  if (!segments.data?.length) return null;
  const chosen = segments.data.find((s) => s.id === value);
  const askDelete = async () => {
    if (chosen && (await confirmAction(t('seg.confirmDelete', { name: chosen.name }), t('seg.delete')))) remove.mutate({ id: chosen.id });
  };
  return (
    <div className="row" style={{ gap: 8 }}>
      <select className="grow" value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)} aria-label={t('seg.filter')} data-testid="people-segment">
        <option value="">{t('seg.everyone')}</option>
        {segments.data.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
      </select>
      {chosen && <Button small variant="ghost" busy={remove.isPending} onClick={() => void askDelete()} testId="segment-delete">{t('seg.delete')}</Button>}
    </div>
  );
}
