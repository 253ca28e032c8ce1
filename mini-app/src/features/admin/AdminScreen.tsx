import { Suspense, useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Skeleton } from '../../kit/ui.tsx';
import { useUi } from '../../kit/store.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { SECTIONS, type SectionDef, type SectionId } from './sections/index.ts';
import { grouped } from './sections/groups.ts';
import { back, resetRoutes, useAdminRoute, useHashRoutes } from './kit/route.ts';
import { RouteLink } from './kit/RouteLink.tsx';
import { useMediaQuery } from './kit/useMediaQuery.ts';
import './admin.css';

/** Opened first when the role has it: the overview says what needs attention, the other sections act on it. */
const START: SectionId = 'overview';
/** From this width the back office is a console: a sidebar of sections beside the content. */
export const WIDE = '(min-width: 900px)';

/**
 * The back office's shell: the sections the caller's role may open (the server says which), as a sidebar
 * on a wide screen and a wrapping picker on a phone. The section, its record and its filters are the route
 * (kit/route.ts): the URL's hash in the console (`hashRoutes`), memory inside Telegram.
 */
export function AdminScreen({ account, hashRoutes = false }: { account?: ReactNode; hashRoutes?: boolean }) {
  useHashRoutes(hashRoutes);
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const access = useQuery(trpc.admin.sections.queryOptions());
  const allowed = SECTIONS.filter((s) => access.data?.sections.includes(s.id));
  const route = useAdminRoute();
  const current = allowed.find((s) => s.id === route.section) ?? allowed.find((s) => s.id === START) ?? allowed[0];
  const wide = useMediaQuery(WIDE);
  // Inside Telegram its BackButton walks the back office's own history first, then leaves it.
  const setBack = useUi((s) => s.setBack);
  useEffect(() => {
    if (hashRoutes) return;
    setBack(back);
    return () => (setBack(null), resetRoutes());
  }, [hashRoutes, setBack]);
  useEffect(() => {
    if (!wide) window.scrollTo(0, 0);
  }, [current?.id, route.record]);
  // Unread messages in open conversations, for the badge beside Inbox.
  const hasInbox = allowed.some((s) => s.id === 'inbox');
  const inbox = useQuery({ ...trpc.admin.dialogs.list.queryOptions({ status: 'OPEN', limit: 1 }), refetchInterval: 10_000, enabled: hasInbox });
  const unread = hasInbox ? (inbox.data?.unread ?? 0) : 0;
  const role = access.data && <span className="pill" data-testid="admin-role">{t(`crm.role.${access.data.role}`)}</span>;
  const link = (s: SectionDef, className: string) => (
    <RouteLink key={s.id} to={{ section: s.id }} className={`${className}${s.id === current?.id ? ' active' : ''}`} testId={`admin-${s.id}`}>
      <span className="admin-nav-icon" aria-hidden="true">{s.icon}</span>
      <span className="admin-nav-label">{t(s.labelKey)}</span>
      {s.id === 'inbox' && unread > 0 && <span className="admin-badge" data-testid="inbox-badge">{unread > 99 ? '99+' : unread}</span>}
    </RouteLink>
  );
  const body = (
    <>
      {access.isPending && <Skeleton lines={6} />}
      {access.isError && <ErrorBox error={access.error} onRetry={() => access.refetch()} />}
      {current && (
        <Suspense fallback={<Skeleton lines={6} />}>
          <current.Screen key={current.id} />
        </Suspense>
      )}
    </>
  );

  if (wide) {
    const { pinned, groups } = grouped(allowed);
    return (
      <div className="admin-console">
        <aside className="admin-sidebar" data-testid="admin-sidebar">
          <div className="admin-brand">💎 {t('title')}</div>
          <nav aria-label={t('title')}>
            {pinned.map((s) => link(s, 'admin-nav-item'))}
            {groups.map((g) => (
              <div key={g.id} className="admin-nav-group" data-testid={`admin-group-${g.id}`}>
                <div className="admin-nav-heading">{t(`group.${g.id}`)}</div>
                {g.sections.map((s) => link(s, 'admin-nav-item'))}
              </div>
            ))}
          </nav>
        </aside>
        <div className="admin-main">
          <header className="admin-header">
            <h1 className="grow">{current ? t(current.labelKey) : t('title')}</h1>
            {role}
            {account}
          </header>
          <div className="admin-content">{body}</div>
        </div>
      </div>
    );
  }
  return (
    <div className="admin-phone">
      <div className="row" style={{ alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <h1 className="grow">{t('title')}</h1>
        {role}
        {account}
      </div>
      {current && (
        <nav className="admin-picker" aria-label={t('title')} data-testid="admin-picker">
          {allowed.map((s) => link(s, 'admin-chip'))}
        </nav>
      )}
      {body}
    </div>
  );
}
