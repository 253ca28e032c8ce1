import { Suspense, useState, type CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Skeleton, Tabs } from '../../kit/ui.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { SECTIONS, type SectionId } from './sections/index.ts';
import { AdminNavContext } from './nav.ts';

/** Opened first when the role has it: the overview says what needs attention, the other tabs act on it. */
const START: SectionId = 'overview';

/** The back office's shell: a tab for each section the caller's role may open (the server says which). */
export function AdminScreen() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const access = useQuery(trpc.admin.sections.queryOptions());
  const allowed = SECTIONS.filter((s) => access.data?.sections.includes(s.id));
  const [chosen, setChosen] = useState<SectionId | null>(null);
  const [view, setView] = useState<string | null>(null);
  const nav = {
    has: (id: SectionId) => allowed.some((s) => s.id === id),
    open: (id: SectionId, v?: string) => (setView(v ?? null), setChosen(id), window.scrollTo(0, 0)),
    view,
  };
  const current = allowed.find((s) => s.id === chosen) ?? allowed.find((s) => s.id === START) ?? allowed[0];
  // Unread messages in open conversations, for the badge on the Inbox tab.
  const hasInbox = allowed.some((s) => s.id === 'inbox');
  const inbox = useQuery({ ...trpc.admin.dialogs.list.queryOptions({ status: 'OPEN', limit: 1 }), refetchInterval: 10_000, enabled: hasInbox });
  const unread = hasInbox ? (inbox.data?.unread ?? 0) : 0;
  // The tab's label is text: the badge is drawn by CSS from this variable.
  const badge = (unread > 0 ? { '--inbox-badge': `"${unread > 99 ? '99+' : unread}"` } : {}) as CSSProperties;
  return (
    <div>
      <div className="row" style={{ alignItems: 'baseline', gap: 8 }}>
        <h1 className="grow">{t('title')}</h1>
        {access.data && <span className="pill" data-testid="admin-role">{t(`crm.role.${access.data.role}`)}</span>}
      </div>
      {access.isPending && <Skeleton lines={6} />}
      {access.isError && <ErrorBox error={access.error} onRetry={() => access.refetch()} />}
      {current && (
        <>
          <div className="admin-tabs" style={{ margin: '12px 0', ...badge }}>
            <Tabs
              value={current.id}
              onChange={(id) => (setView(null), setChosen(id))}
              options={allowed.map((s) => ({ value: s.id, label: `${s.icon} ${t(s.labelKey)}`, testId: `admin-${s.id}` }))}
            />
          </div>
          <AdminNavContext.Provider value={nav}>
            <Suspense fallback={<Skeleton lines={6} />}>
              <current.Screen key={`${current.id}:${view ?? ''}`} />
            </Suspense>
          </AdminNavContext.Provider>
        </>
      )}
    </div>
  );
}
