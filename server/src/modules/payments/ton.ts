import { Address } from '@ton/core';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { parseIncoming, type IncomingTransfer, type TonGateway } from '../../lib/ton/gateway.ts';
import { audit } from '../audit/service.ts';
import { settleInvoice, type SettleOutcome } from './settle.ts';

export type TonOutcome = 'PAID' | 'OVERPAID' | 'UNDERPAID' | 'LATE' | 'UNKNOWN_REFERENCE' | 'BOUNCED' | 'ABORTED';

const CURSOR = 'ton-watcher';
const PAGE = 50;

interface Cursor {
  lt?: string;
  hash?: string;
}

/**
 * Reads the treasury's new transactions (newest first, back to where it stopped), then settles
 * them oldest first, moving the cursor with each one in the same database transaction.
 */
export async function watchTreasury(
  deps: AppDeps,
  gateway: TonGateway,
  opts: { maxSettle?: number } = {},
): Promise<{ seen: number; outcomes: TonOutcome[] }> {
  const treasury = deps.config.ton.treasury;
  if (!treasury) return { seen: 0, outcomes: [] };
  const address = Address.parse(treasury);
  const state = await deps.prisma.jobState.findUnique({ where: { name: CURSOR } });
  const cursor = (state?.data ?? {}) as Cursor;
  const stopLt = cursor.lt ? BigInt(cursor.lt) : null;
  const fresh: IncomingTransfer[] = [];
  const all: { lt: bigint; hash: string; incoming: IncomingTransfer | null; time: Date }[] = [];
  let page = await gateway.getTransactions(address, { limit: PAGE });
  let full = page.length === PAGE;
  let reached = false;
  while (page.length > 0 && !reached) {
    for (const tx of page) {
      if (stopLt != null && tx.lt <= stopLt) {
        reached = true;
        break;
      }
      all.push({ lt: tx.lt, hash: tx.hash().toString('hex'), incoming: parseIncoming(tx), time: new Date(tx.now * 1000) });
    }
    if (reached || !full) break;
    const last = page[page.length - 1];
    // A page from lt+hash starts with that transaction again: whether more follow is told by the page as
    // read (full or not), not by what is left after dropping the repeat.
    const next = await gateway.getTransactions(address, { limit: PAGE, lt: last.lt, hash: last.hash() });
    full = next.length === PAGE;
    page = next.filter((t) => t.lt < last.lt);
  }
  // Too-recent transactions wait for the confirmation policy; the cursor stops before them.
  const cutoff = deps.clock.now().getTime() - deps.config.ton.confirmationSeconds * 1000;
  const ready = all
    .reverse()
    .filter((t) => t.time.getTime() <= cutoff)
    .slice(0, opts.maxSettle ?? Infinity);
  const outcomes: TonOutcome[] = [];
  for (const t of ready) {
    if (t.incoming) fresh.push(t.incoming);
    const outcome = t.incoming ? await settleTonTransfer(deps, t.incoming, { lt: t.lt, hash: t.hash }) : await advance(deps, t);
    if (outcome) outcomes.push(outcome);
  }
  return { seen: fresh.length, outcomes };
}

async function advance(deps: AppDeps, t: { lt: bigint; hash: string }) {
  await saveCursor(deps.prisma, t);
  return null;
}

async function saveCursor(db: Pick<AppDeps['prisma'], 'jobState'>, t: { lt: bigint; hash: string }) {
  const data = { lt: t.lt.toString(), hash: t.hash };
  await db.jobState.upsert({ where: { name: CURSOR }, create: { name: CURSOR, data }, update: { data, updatedAt: new Date() } });
}

const REFERENCE = /^inv:([a-z0-9]{6,32})$/;

/** The settlement's outcome as the watcher records it on the transfer. */
const TON_OUTCOME: Record<SettleOutcome, TonOutcome> = {
  paid: 'PAID',
  overpaid: 'OVERPAID',
  underpaid: 'UNDERPAID',
  late: 'LATE',
  // Neither can happen here: the transfer row dedupes first and the invoice was matched above.
  duplicate: 'LATE',
  credited: 'UNKNOWN_REFERENCE',
};

/** Settles one incoming transfer exactly once, keyed by its transaction hash. */
export async function settleTonTransfer(deps: AppDeps, t: IncomingTransfer, cursor?: { lt: bigint; hash: string }): Promise<TonOutcome> {
  const now = deps.clock.now();
  const res = await inTx(deps.prisma, async (tx) => {
    const known = await tx.tonTransfer.findUnique({ where: { hash: t.hash } });
    if (known) {
      if (cursor) await saveCursor(tx, cursor);
      return known.outcome as TonOutcome;
    }
    const ref = t.comment ? REFERENCE.exec(t.comment.trim())?.[1] ?? null : null;
    const inv = ref ? await tx.invoice.findUnique({ where: { id: ref } }) : null;
    let outcome: TonOutcome;
    if (t.bounced) outcome = 'BOUNCED';
    else if (t.aborted) outcome = 'ABORTED';
    else if (!inv || inv.currency !== 'TON') outcome = 'UNKNOWN_REFERENCE';
    else {
      // Whatever arrived is the payer's first; the invoice is then paid from their TON balance.
      const s = await settleInvoice(tx, deps, {
        invoiceId: inv.id,
        payerId: inv.participantId,
        currency: 'TON',
        arrival: { key: `ton:${t.hash}:in`, amount: t.amount, reference: `tx:${t.hash}`, meta: { source: t.source } },
        payKey: `invoice:${inv.id}:pay`,
        auditData: { tx: t.hash },
      });
      outcome = TON_OUTCOME[s.outcome];
    }
    await tx.tonTransfer.create({
      data: {
        hash: t.hash,
        lt: t.lt,
        source: t.source,
        amount: t.amount,
        comment: t.comment,
        aborted: t.aborted || t.bounced,
        invoiceId: inv?.id ?? null,
        participantId: inv?.participantId ?? null,
        outcome,
        txTime: t.time,
        createdAt: now,
      },
    });
    await audit(tx, { action: `ton.${outcome.toLowerCase()}`, subjectType: 'ton-tx', subjectId: t.hash, data: { amount: t.amount, comment: t.comment, invoiceId: inv?.id ?? null } });
    if (cursor) await saveCursor(tx, cursor);
    return outcome;
  });
  return res;
}
