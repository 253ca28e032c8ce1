import type { Prisma } from './client.ts';
import type { Tx } from '../modules/ledger/service.ts';
import { isRetryable } from '../lib/errors.ts';
import { POOL_WAIT_MS } from './client.ts';

/** Runs fn in one transaction, retrying a few times when PostgreSQL reports a deadlock. */
export async function inTx<T>(prisma: Prisma, fn: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      // maxWait past the pool's own wait (POOL_WAIT_MS): the pool refuses first, as a 503 the client may retry.
      return await prisma.$transaction(fn, { maxWait: POOL_WAIT_MS + 5_000, timeout: 20_000 });
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}
