import { Address } from '@ton/core';
import type { Withdrawal } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { formatTon } from '../../lib/format.ts';
import { audit } from '../audit/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { LookupIncomplete } from './lookup.ts';
import { withdrawalText } from './messages.ts';
import { announceChange, postHolds, releaseHolds } from './service.ts';

/** Sends payouts from the treasury (or a hot wallet) and finds them on chain again. */
export interface PayoutSender {
  /** The seqno the next signed payout must carry. */
  seqno(): Promise<number>;
  /** Signs and sends one payout; a message with this seqno is accepted at most once, and not after validUntil. */
  send(p: { to: Address; amount: bigint; queryId: bigint; comment: string; seqno: number; validUntil: number }): Promise<void>;
  /**
   * The successful on-chain transaction that paid this query id, if there is one. It pages back through
   * the sender's transactions to `since` (when the message could first have landed); throws
   * LookupIncomplete when its bound is reached before that, since then the message may yet be there.
   */
  find(queryId: bigint, since: Date): Promise<{ hash: string } | null>;
}

export const VALID_FOR_S = 60;
/** After valid_until the chain refuses the message; this margin covers clock skew and block time. */
export const GRACE_S = 30;
export const MAX_ATTEMPTS = 3;

/**
 * The earliest time a message recorded as sent could have landed: when it was recorded (or its valid_until
 * less its lifetime), less the margin for the chain's clock.
 */
export function earliestLanding(sentAt: Date | null, validUntil: Date | null): Date {
  const at = sentAt?.getTime() ?? (validUntil ? validUntil.getTime() - VALID_FOR_S * 1000 : 0);
  return new Date(Math.max(0, at - GRACE_S * 1000));
}

/** Looks for a sent message on chain; a lookup that could not reach back far enough fails the pass, naming what it was for. */
export async function findSent(sender: PayoutSender, subject: string, queryId: bigint, since: Date) {
  try {
    return await sender.find(queryId, since);
  } catch (e) {
    if (e instanceof LookupIncomplete) e.message = `${subject}: ${e.message}`;
    throw e;
  }
}

export interface PayoutTick {
  completed: number[];
  failed: number[];
  sent: number[];
  resent: number[];
}

/**
 * One pass of the payout worker. It records SENDING (with seqno and valid_until) before it sends, and
 * after a crash it looks on chain before sending again; a message that was not found once its
 * valid_until passed can never land, so only then is it sent anew. One payout is in flight at a time
 * because a seqno wallet accepts them in order.
 */
export async function runPayouts(deps: AppDeps, sender: PayoutSender): Promise<PayoutTick> {
  const tick: PayoutTick = { completed: [], failed: [], sent: [], resent: [] };
  const now = () => deps.clock.now();
  const inFlight = await deps.prisma.withdrawal.findMany({ where: { status: 'SENDING' }, orderBy: { id: 'asc' } });
  let busy = false;
  for (const w of inFlight) {
    // A lookup that could not reach back to the send throws: the pass fails before anything is sent again.
    const found = await findSent(sender, `withdrawal #${w.id}`, w.queryId, earliestLanding(w.sentAt, w.payoutValidUntil));
    if (found) {
      if (await complete(deps, w, found.hash)) tick.completed.push(w.id);
      continue;
    }
    const expired = !w.payoutValidUntil || now().getTime() > w.payoutValidUntil.getTime() + GRACE_S * 1000;
    if (!expired) {
      busy = true;
      continue;
    }
    if (w.attempts >= MAX_ATTEMPTS) {
      if (await failPayout(deps, w, 'the payout was not confirmed on chain after several attempts')) tick.failed.push(w.id);
      continue;
    }
    if (await sendOne(deps, sender, w, 'withdrawal.resent')) tick.resent.push(w.id);
    busy = true;
  }
  // Returns of unmatched TON leave through the same sender and seqno: one message in flight at a time.
  if (busy || (await deps.prisma.tonTransfer.count({ where: { returnStatus: 'SENDING' } })) > 0) return tick;
  const next = await deps.prisma.withdrawal.findFirst({ where: { status: 'APPROVED' }, orderBy: { id: 'asc' } });
  if (next && (await sendOne(deps, sender, next, 'withdrawal.sending'))) tick.sent.push(next.id);
  return tick;
}

/**
 * The row still as it was read: of two passes racing on it (a lapsed job lease, two workers), one changes
 * it and the other does nothing, so a payout another pass already sent is never sent again.
 */
const asRead = (w: Withdrawal) => ({ id: w.id, status: w.status, attempts: w.attempts, payoutSeqno: w.payoutSeqno });

async function sendOne(deps: AppDeps, sender: PayoutSender, read: Withdrawal, action: string): Promise<boolean> {
  const seqno = await sender.seqno();
  const now = deps.clock.now();
  const validUntil = Math.floor(now.getTime() / 1000) + VALID_FOR_S;
  // Recorded and committed before anything leaves: a crash after this line is recovered by looking on chain.
  const w = await inTx(deps.prisma, async (tx) => {
    const n = await tx.withdrawal.updateMany({
      where: asRead(read),
      data: { status: 'SENDING', payoutSeqno: seqno, payoutValidUntil: new Date(validUntil * 1000), attempts: { increment: 1 }, sentAt: now, updatedAt: now },
    });
    if (n.count === 0) return null;
    const w = await tx.withdrawal.findUniqueOrThrow({ where: { id: read.id } });
    await audit(tx, { action, subjectType: 'withdrawal', subjectId: w.id, data: { seqno, validUntil, attempt: w.attempts } });
    await announceChange(tx, w, `sending-${w.attempts}`);
    return w;
  });
  if (!w) return false;
  try {
    await sender.send({ to: Address.parse(w.address), amount: w.amount, queryId: w.queryId, comment: `Withdrawal #${w.id}`, seqno, validUntil });
  } catch (e) {
    // Unknown whether it reached the chain: the next pass looks before anything is sent again.
    await audit(deps.prisma, { action: 'withdrawal.send_error', subjectType: 'withdrawal', subjectId: w.id, data: { error: String((e as Error).message) } });
  }
  return true;
}

async function complete(deps: AppDeps, read: Withdrawal, hash: string): Promise<boolean> {
  return inTx(deps.prisma, async (tx) => {
    const now = deps.clock.now();
    const n = await tx.withdrawal.updateMany({ where: asRead(read), data: { status: 'COMPLETED', payoutTxHash: hash, completedAt: now, updatedAt: now } });
    if (n.count === 0) return false;
    await postHolds(tx, read);
    await audit(tx, { action: 'withdrawal.completed', subjectType: 'withdrawal', subjectId: read.id, data: { hash } });
    await notifyLater(tx, read.participantId, withdrawalText.completed(formatTon(read.amount)), `withdrawal:${read.id}:completed`);
    await announceChange(tx, read, 'COMPLETED');
    return true;
  });
}

async function failPayout(deps: AppDeps, read: Withdrawal, reason: string): Promise<boolean> {
  return inTx(deps.prisma, async (tx) => {
    const n = await tx.withdrawal.updateMany({ where: asRead(read), data: { status: 'FAILED', failReason: reason, updatedAt: deps.clock.now() } });
    if (n.count === 0) return false;
    await releaseHolds(tx, read, 'WITHDRAWAL_FAILED');
    await audit(tx, { action: 'withdrawal.failed', subjectType: 'withdrawal', subjectId: read.id, data: { reason } });
    await notifyLater(tx, read.participantId, withdrawalText.failed(formatTon(read.amount)), `withdrawal:${read.id}:failed`);
    await announceChange(tx, read, 'FAILED');
    return true;
  });
}
