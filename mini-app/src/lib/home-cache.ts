import { dehydrate, hydrate, type QueryClient } from '@tanstack/react-query';

/**
 * Home's last answers kept on the device, so a returning participant sees their balance and tasks at once
 * while the fresh answers are on their way (they replace these as soon as they come). Kept per Telegram
 * account: another account on the same phone never sees them. Only Home's two queries: nothing else of a
 * participant's is written to the device.
 */
const STORAGE_KEY = 'tl/home-cache/v1';
const MAX_AGE_MS = 24 * 3_600_000;
/** tRPC's query keys start with the procedure's path. */
const KEPT = ['profile.me', 'tasks.list'];

interface Stored {
  user: string;
  savedAt: number;
  state: ReturnType<typeof dehydrate>;
}

const pathOf = (key: readonly unknown[]) => (Array.isArray(key[0]) ? (key[0] as string[]).join('.') : '');

/** The Telegram user the launch's initData names ('' when it names none: nothing is kept then). */
export function userOf(initData: string): string {
  try {
    const id = (JSON.parse(new URLSearchParams(initData).get('user') ?? '{}') as { id?: unknown }).id;
    return typeof id === 'number' || typeof id === 'string' ? String(id) : '';
  } catch {
    return '';
  }
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Puts this account's kept answers (if fresh enough) into the cache as stale data, to be fetched again. */
export function restoreHomeCache(queryClient: QueryClient, user: string, now = Date.now()): boolean {
  const s = storage();
  if (!s || !user) return false;
  try {
    const raw = s.getItem(STORAGE_KEY);
    if (!raw) return false;
    const stored = JSON.parse(raw) as Stored;
    if (stored.user !== user || !(now - stored.savedAt < MAX_AGE_MS)) {
      s.removeItem(STORAGE_KEY);
      return false;
    }
    hydrate(queryClient, stored.state);
    // Kept answers are never fresh, however recent: marked stale, they are asked for again at once.
    void queryClient.invalidateQueries({ predicate: (q) => KEPT.includes(pathOf(q.queryKey)), refetchType: 'none' });
    return true;
  } catch {
    s.removeItem(STORAGE_KEY);
    return false;
  }
}

/** Writes Home's answers to the device whenever one arrives; returns the unsubscribe. */
export function keepHomeCache(queryClient: QueryClient, user: string): () => void {
  const s = storage();
  if (!s || !user) return () => {};
  let pending: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    pending = null;
    const state = dehydrate(queryClient, { shouldDehydrateQuery: (q) => q.state.status === 'success' && KEPT.includes(pathOf(q.queryKey)) });
    if (state.queries.length === 0) return;
    try {
      s.setItem(STORAGE_KEY, JSON.stringify({ user, savedAt: Date.now(), state } satisfies Stored));
    } catch {
      // Storage full or refused: the app only starts a little slower next time.
    }
  };
  // An answer that came before this subscription (fetched on this visit, not restored) is written too.
  const fetchedNow = queryClient.getQueryCache().findAll({ predicate: (q) => KEPT.includes(pathOf(q.queryKey)) && q.state.dataUpdatedAt >= performance.timeOrigin });
  if (fetchedNow.length > 0) pending = setTimeout(save, 200);
  const unsubscribe = queryClient.getQueryCache().subscribe((e) => {
    if (e.type !== 'updated' || e.action.type !== 'success' || !KEPT.includes(pathOf(e.query.queryKey))) return;
    // Both answers usually arrive together: one write.
    pending ??= setTimeout(save, 200);
  });
  return () => {
    unsubscribe();
    if (pending) clearTimeout(pending);
  };
}

/** Forgets what was kept (the account was deleted, or the server no longer knows this sign-in). */
export function forgetHomeCache() {
  storage()?.removeItem(STORAGE_KEY);
}
