import type { Address, Transaction } from '@ton/core';
import type { TonGateway } from '../../lib/ton/gateway.ts';

/** How far back a sender looks for a message it sent: pages of this many transactions, at most so many pages. */
export interface LookupBounds {
  pageSize?: number;
  maxPages?: number;
}

export const LOOKUP_PAGE = 100;
export const LOOKUP_PAGES = 20;

/**
 * The sender's transactions since the message could have landed are more than the lookup may read: it may
 * be among the older ones, so it must not be sent again. The pass fails (the job reports it) and the next
 * one looks again.
 */
export class LookupIncomplete extends Error {
  constructor(read: number, since: Date) {
    super(
      `not found in the sender's last ${read} transactions, and more were made since it could have landed (${since.toISOString()}); ` +
        'it is not sent again until it is found: raise PAYOUT_LOOKUP_PAGES, or check the wallet on chain',
    );
    this.name = 'LookupIncomplete';
  }
}

/**
 * Pages back through an account's transactions, newest first, to the first that `match` accepts, and
 * stops at those older than `since` (null when there are none). Throws LookupIncomplete when the bound
 * is reached first.
 */
export async function findSince(
  gateway: TonGateway,
  address: Address,
  since: Date,
  match: (tx: Transaction) => boolean,
  bounds: LookupBounds = {},
): Promise<Transaction | null> {
  const limit = Math.max(2, bounds.pageSize ?? LOOKUP_PAGE);
  const maxPages = bounds.maxPages ?? LOOKUP_PAGES;
  const sinceS = Math.floor(since.getTime() / 1000);
  let page = await gateway.getTransactions(address, { limit });
  let full = page.length === limit;
  let read = 0;
  for (let pages = 1; ; pages++) {
    for (const tx of page) {
      if (tx.now < sinceS) return null;
      if (match(tx)) return tx;
      read++;
    }
    // A page shorter than asked for is the start of the account's history.
    if (!full) return null;
    if (pages >= maxPages) throw new LookupIncomplete(read, since);
    const last = page[page.length - 1];
    // From lt+hash a page starts with that transaction again; whether more follow is told by the page as read.
    const next = await gateway.getTransactions(address, { limit, lt: last.lt, hash: last.hash() });
    full = next.length === limit;
    page = next.filter((t) => t.lt < last.lt);
  }
}
