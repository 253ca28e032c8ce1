import { Address } from '@ton/core';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { parseIncoming, type IncomingTransfer, type TonGateway } from '../../lib/ton/gateway.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { audit } from '../audit/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { emit } from '../events/emit.ts';
import { pick } from '../tasks/config.ts';
import { deliver } from '../shop/delivery.ts';
import { reserveStock } from '../shop/service.ts';
import { paymentText } from './messages.ts';
import { formatTon } from '../../lib/format.ts';

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
  let reached = false;
  while (page.length > 0 && !reached) {
    for (const tx of page) {
      if (stopLt != null && tx.lt <= stopLt) {
        reached = true;
        break;
      }
      all.push({ lt: tx.lt, hash: tx.hash().toString('hex'), incoming: parseIncoming(tx), time: new Date(tx.now * 1000) });
    }
    if (reached || page.length < PAGE) break;
    const last = page[page.length - 1];
    page = (await gateway.getTransactions(address, { limit: PAGE, lt: last.lt, hash: last.hash() })).filter((t) => t.lt < last.lt);
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

/** Settles one incoming transfer exactly once, keyed by its transaction hash. */
export async function settleTonTransfer(deps: AppDeps, t: IncomingTransfer, cursor?: { lt: bigint; hash: string }): Promise<TonOutcome> {
  const now = deps.clock.now();
  const res = await inTx(deps.prisma, async (tx) => {
    const known = await tx.tonTransfer.findUnique({ where: { hash: t.hash } });
    if (known) {
      if (cursor) await saveCursor(tx, cursor);
      return { outcome: known.outcome as TonOutcome };
    }
    const ref = t.comment ? REFERENCE.exec(t.comment.trim())?.[1] ?? null : null;
    const inv = ref ? await tx.invoice.findUnique({ where: { id: ref } }) : null;
    let outcome: TonOutcome;
    if (t.bounced) outcome = 'BOUNCED';
    else if (t.aborted) outcome = 'ABORTED';
    else if (!inv || inv.currency !== 'TON') outcome = 'UNKNOWN_REFERENCE';
    else {
      // Whatever arrived is the payer's first; the invoice is then paid from their TON balance.
      await transfer(tx, {
        key: `ton:${t.hash}:in`,
        debit: { system: SystemAccount.EXTERNAL },
        credit: { participantId: inv.participantId },
        currency: 'TON',
        amount: t.amount,
        kind: 'TON_PAYMENT',
        reference: `tx:${t.hash}`,
        meta: { invoiceId: inv.id, source: t.source },
      });
      outcome = await applyToInvoice(tx, inv.id, t, now);
      if (outcome === 'UNDERPAID') {
        await notifyLater(tx, inv.participantId, paymentText.underpaid(formatTon(t.amount), formatTon(inv.amount)), `ton:${t.hash}:underpaid`);
      } else if (outcome === 'PAID' || outcome === 'OVERPAID') {
        const order = await tx.order.findUnique({ where: { invoiceId: inv.id }, include: { product: true } });
        const title = order?.product.title;
        await notifyLater(tx, inv.participantId, (l) => paymentText.paid(pick(title, l), formatTon(inv.amount))(l), `ton:${t.hash}:paid`);
        if (order) await emit(tx, 'purchase.paid', { participantId: inv.participantId, orderId: order.id }, { key: `order:${order.id}:paid` });
      }
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
    return { outcome };
  });
  return res.outcome;
}

async function applyToInvoice(tx: Parameters<Parameters<typeof inTx>[1]>[0], invoiceId: string, t: IncomingTransfer, now: Date): Promise<TonOutcome> {
  await tx.$queryRawUnsafe(`SELECT id FROM "Invoice" WHERE id = $1 FOR UPDATE`, invoiceId);
  const inv = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { order: { include: { product: true } } } });
  const paidAmount = inv.paidAmount + t.amount;
  if (!['PENDING', 'UNDERPAID', 'EXPIRED'].includes(inv.status) || !inv.order) {
    await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount } });
    return 'LATE';
  }
  // Several transfers may add up to the price (an under-payment topped up later).
  if (paidAmount < inv.amount) {
    await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount, status: inv.status === 'EXPIRED' ? 'EXPIRED' : 'UNDERPAID' } });
    return 'UNDERPAID';
  }
  if (inv.status === 'EXPIRED') {
    try {
      await reserveStock(tx, inv.order.product);
    } catch {
      await tx.invoice.update({ where: { id: inv.id }, data: { paidAmount } });
      return 'LATE';
    }
  }
  await transfer(tx, {
    key: `invoice:${inv.id}:pay`,
    debit: { participantId: inv.participantId },
    credit: { system: SystemAccount.REVENUE },
    currency: 'TON',
    amount: inv.amount,
    kind: 'PURCHASE',
    reference: `order:${inv.order.id}`,
  });
  await tx.invoice.update({ where: { id: inv.id }, data: { status: 'PAID', paidAt: now, paidAmount } });
  await deliver(tx, inv.order, inv.order.product, now);
  return paidAmount > inv.amount ? 'OVERPAID' : 'PAID';
}
