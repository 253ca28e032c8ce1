// The back office's own tiny router: the section, the record open in it and the table's filters live in one
// place, `#/people/123`, `#/invoices?status=PAID`. In the desktop console that place is the URL's hash, so
// links can be shared and the browser's back button works; inside Telegram (whose launch data sits in the
// hash) it is a history kept in memory, walked back with Telegram's BackButton.
import { useSyncExternalStore } from 'react';

export interface AdminRoute {
  section: string | null;
  /** The record open in the section: a participant's Telegram id, an invoice id, a withdrawal's number. */
  record: string | null;
  params: Record<string, string>;
}

const EMPTY: AdminRoute = { section: null, record: null, params: {} };
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** `#/people/123?tag=vip` → the route; anything else (Telegram's launch data, garbage) → no route. */
export function parseRoute(hash: string): AdminRoute {
  const raw = hash.replace(/^#/, '');
  if (!raw.startsWith('/')) return EMPTY;
  const [path, query = ''] = raw.slice(1).split('?', 2);
  const [section, record] = path.split('/').map((s) => decodeURIComponent(s));
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) if (v !== '') params[k] = v.slice(0, 200);
  return { section: section && SEGMENT.test(section) ? section : null, record: record && SEGMENT.test(record) ? record : null, params };
}

export function formatRoute(r: Partial<AdminRoute>): string {
  if (!r.section) return '#/';
  const query = new URLSearchParams(Object.entries(r.params ?? {}).filter(([, v]) => v !== '' && v != null)).toString();
  return `#/${encodeURIComponent(r.section)}${r.record ? `/${encodeURIComponent(r.record)}` : ''}${query ? `?${query}` : ''}`;
}

type Listener = () => void;

interface Nav {
  mode: 'hash' | 'memory';
  current: AdminRoute;
  /** Memory mode: the routes behind the current one. */
  behind: AdminRoute[];
  listeners: Set<Listener>;
}

const nav: Nav = { mode: 'memory', current: EMPTY, behind: [], listeners: new Set() };
const emit = () => nav.listeners.forEach((l) => l());

/** Hash mode: how many back-office entries lie behind this one (kept in history.state, so it survives back and forward). */
const hashDepth = () => Number((history.state as { adminDepth?: number } | null)?.adminDepth ?? 0);

function onHashChange() {
  nav.current = parseRoute(location.hash);
  emit();
}

/** The console keeps the route in the URL's hash; inside Telegram it stays in memory. Called once at start. */
export function useHashRoutes(on: boolean) {
  if (on && nav.mode !== 'hash') {
    nav.mode = 'hash';
    nav.current = parseRoute(location.hash);
    window.addEventListener('hashchange', onHashChange);
    // popstate also covers entries whose hash is the same (a filter replaced in place, then back).
    window.addEventListener('popstate', onHashChange);
  }
}

/** Goes to a route: a new history entry, or (`replace`) in place of the current one, as a filter change does. */
export function go(to: Partial<AdminRoute>, opts: { replace?: boolean } = {}) {
  const next: AdminRoute = { section: to.section ?? null, record: to.record ?? null, params: to.params ?? {} };
  if (formatRoute(next) === formatRoute(nav.current)) return;
  if (nav.mode === 'hash') {
    const url = `${location.pathname}${location.search}${formatRoute(next)}`;
    if (opts.replace) history.replaceState({ adminDepth: hashDepth() }, '', url);
    else history.pushState({ adminDepth: hashDepth() + 1 }, '', url);
    onHashChange();
    return;
  }
  if (!opts.replace) nav.behind = [...nav.behind, nav.current];
  nav.current = next;
  emit();
}

/** Back one route; false when there is nothing behind (the back office's own history is empty). */
export function back(): boolean {
  if (nav.mode === 'hash') {
    history.back();
    return true;
  }
  const prev = nav.behind[nav.behind.length - 1];
  if (!prev) return false;
  nav.behind = nav.behind.slice(0, -1);
  nav.current = prev;
  emit();
  return true;
}

/** Whether `back()` stays inside the back office. */
export const canGoBack = () => (nav.mode === 'hash' ? hashDepth() > 0 : nav.behind.length > 0);

/** Forgets the memory history (the back office was closed and opened again). */
export function resetRoutes() {
  if (nav.mode === 'memory') {
    nav.current = EMPTY;
    nav.behind = [];
    emit();
  }
}

const subscribe = (l: Listener) => {
  nav.listeners.add(l);
  return () => void nav.listeners.delete(l);
};

/** The current route; re-renders when it changes. */
export function useAdminRoute(): AdminRoute {
  return useSyncExternalStore(subscribe, () => nav.current);
}

/** The memory history's depth, for showing Telegram's BackButton. */
export function useRouteDepth(): number {
  return useSyncExternalStore(subscribe, () => nav.behind.length);
}

/** Changes some of the current section's params (a filter, the page) in place, leaving the others. */
export function setParams(patch: Record<string, string | null | undefined>, opts: { replace?: boolean; record?: string | null } = { replace: true }) {
  const params = { ...nav.current.params };
  for (const [k, v] of Object.entries(patch)) {
    if (v == null || v === '') delete params[k];
    else params[k] = v;
  }
  go({ ...nav.current, record: opts.record === undefined ? nav.current.record : opts.record, params }, { replace: opts.replace ?? true });
}

export const isHashMode = () => nav.mode === 'hash';
