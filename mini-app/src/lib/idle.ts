/** Runs `fn` when the browser has nothing better to do (after the first screen has drawn), at the latest after `timeout` ms. */
export function whenIdle(fn: () => void, timeout = 3000): () => void {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
  if (w.requestIdleCallback) {
    const id = w.requestIdleCallback(fn, { timeout });
    return () => w.cancelIdleCallback?.(id);
  }
  const id = setTimeout(fn, Math.min(500, timeout));
  return () => clearTimeout(id);
}
