// Screen views for the back office's navigation analytics: kept in memory and sent in batches through
// analytics.track, every few seconds and when the app is hidden. Sending never blocks navigation, and a
// batch that fails is dropped rather than retried: a lost view costs less than a stuck queue.

const FLUSH_MS = 5_000;
/** The server takes at most 50 events a call. */
const MAX_BATCH = 50;
const NAME = /^[a-z][a-z0-9_.-]{0,39}$/;

type Event = { screen: string; from?: string; at: string };

let auth: string | null = null;
let queue: Event[] = [];
let last: string | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

function send(events: Event[]) {
  if (!auth || !events.length) return;
  // A plain call with keepalive, so a batch sent as the app is hidden still leaves (sendBeacon cannot carry the header).
  void fetch('/trpc/analytics.track', {
    method: 'POST',
    keepalive: true,
    headers: { 'content-type': 'application/json', authorization: `tma ${auth}` },
    body: JSON.stringify({ events }),
  }).catch(() => {});
}

/** Sends what is queued now. */
export function flushScreenViews() {
  while (queue.length) send(queue.splice(0, MAX_BATCH));
}

/** Starts recording for a participant signed in with this initData (the desktop console records nothing). */
export function startScreenViews(initData: string) {
  auth = initData;
  if (timer) return;
  timer = setInterval(flushScreenViews, FLUSH_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushScreenViews();
  });
}

/** Records that `screen` is now shown; the screen shown before it is its `from`. Repeats are ignored. */
export function recordScreen(screen: string) {
  if (screen === last || !NAME.test(screen)) return;
  queue.push({ screen, ...(last ? { from: last } : {}), at: new Date().toISOString() });
  last = screen;
  if (queue.length >= MAX_BATCH) flushScreenViews();
}
