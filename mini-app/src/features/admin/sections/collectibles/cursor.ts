// The server pages these lists by cursor (stable while rows are added); DataTable pages by number.
// This keeps the cursor that opens each page seen so far, so ‹ and › map onto them.
import { useState } from 'react';

export function useCursorPages() {
  const [stack, setStack] = useState<(number | undefined)[]>([undefined]);
  return {
    page: stack.length,
    cursor: stack[stack.length - 1],
    /** Moves one page forward (with the current page's nextCursor) or back. */
    go(page: number, nextCursor: number | null | undefined) {
      if (page === stack.length + 1 && nextCursor != null) setStack([...stack, nextCursor]);
      else if (page < stack.length && page >= 1) setStack(stack.slice(0, page));
    },
    reset: () => setStack([undefined]),
  };
}

/** Every row behind a cursor-paged list (at most `max`), for a CSV export. */
export async function allByCursor<T>(fetchPage: (cursor: number | undefined) => Promise<{ items: T[]; nextCursor: number | null }>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: number | undefined;
  for (;;) {
    const r = await fetchPage(cursor);
    out.push(...r.items);
    if (r.nextCursor == null || out.length >= max) return out;
    cursor = r.nextCursor;
  }
}
