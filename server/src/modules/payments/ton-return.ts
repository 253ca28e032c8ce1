import { randomBytes } from 'node:crypto';
import { Address } from '@ton/core';
import type { TonTransfer } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { earliestLanding, findSent, GRACE_S, MAX_ATTEMPTS, VALID_FOR_S, type PayoutSender } from '../withdrawals/payout.ts';

/*
 * Ledger: TON that matched nothing was never booked (the watcher books EXTERNAL → participant only for
 * a matched invoice or an admin's credit), so sending it back moves no balance, and no participant's.
 * It leaves in full; the network fee is paid on top from the sender's own TON, as for payouts, and the
 * ledger does not follow the treasury's gas.
 */

/** Why a return ended FAILED; the back office translates these. */
export const ReturnFailure = {
  /** Sent MAX_ATTEMPTS times and never seen on chain (over the treasury's cap, or short of funds). */
  NOT_CONFIRMED: 'NOT_CONFIRMED',
  /** The incoming transfer has no sender address to return to. */
  NO_SOURCE: 'NO_SOURCE',
} as const;

/** A query id unique per return (as per withdrawal): the sender finds the message on chain by it. */
export const newReturnQueryId = () => randomBytes(8).readBigUInt64BE() >> 1n;

/** The comment the sender's wallet shows beside the returned TON. */
const returnComment = (hash: string) => `Return of unmatched payment ${hash.slice(0, 16)}`;

export interface ReturnTick {
  returned: string[];
  failed: string[];
  sent: string[];
  resent: string[];
}

/**
 * One pass of the return worker, the payout worker's discipline on incoming transfers an admin chose to
 * return: SENDING is recorded (query id, seqno, valid_until) and committed before the message leaves;
 * a sent return is looked for on chain before anything else, and sent anew only once its valid_until
 * passed unseen. It shares the payouts' sender and seqno, so it sends nothing while a payout is in flight.
 */
export async function runTonReturns(deps: AppDeps, sender: PayoutSender): Promise<ReturnTick> {
  const tick: ReturnTick = { returned: [], failed: [], sent: [], resent: [] };
  const inFlight = await deps.prisma.tonTransfer.findMany({ where: { returnStatus: 'SENDING' }, orderBy: { lt: 'asc' } });
  let busy = false;
  for (const r of inFlight) {
    const found = await findSent(sender, `return of ${r.hash}`, r.returnQueryId!, earliestLanding(r.returnSentAt, r.returnValidUntil));
    if (found) {
      if (await returned(deps, r, found.hash)) tick.returned.push(r.hash);
      continue;
    }
    const expired = !r.returnValidUntil || deps.clock.now().getTime() > r.returnValidUntil.getTime() + GRACE_S * 1000;
    if (!expired) {
      busy = true;
      continue;
    }
    if (r.returnAttempts >= MAX_ATTEMPTS) {
      if (await failReturn(deps, r, ReturnFailure.NOT_CONFIRMED)) tick.failed.push(r.hash);
      continue;
    }
    if (await sendOne(deps, sender, r, 'ton.return_resent')) tick.resent.push(r.hash);
    busy = true;
  }
  if (busy || (await deps.prisma.withdrawal.count({ where: { status: 'SENDING' } })) > 0) return tick;
  const next = await deps.prisma.tonTransfer.findFirst({ where: { returnStatus: 'PENDING' }, orderBy: { lt: 'asc' } });
  if (!next) return tick;
  // Sent before and failed, then started again by an admin: whatever was sent is looked for first.
  if (next.returnSentAt) {
    const found = await findSent(sender, `return of ${next.hash}`, next.returnQueryId!, earliestLanding(next.returnSentAt, next.returnValidUntil));
    if (found) {
      if (await returned(deps, next, found.hash)) tick.returned.push(next.hash);
      return tick;
    }
  }
  if (!returnAddress(next)) {
    if (await failReturn(deps, next, ReturnFailure.NO_SOURCE)) tick.failed.push(next.hash);
    return tick;
  }
  if (await sendOne(deps, sender, next, 'ton.return_sending')) tick.sent.push(next.hash);
  return tick;
}

function returnAddress(r: TonTransfer): Address | null {
  try {
    return r.source ? Address.parse(r.source) : null;
  } catch {
    return null;
  }
}

/** The row still as it was read: of two passes racing on it, one changes it and the other does nothing. */
const asRead = (r: TonTransfer) => ({ hash: r.hash, returnStatus: r.returnStatus, returnAttempts: r.returnAttempts });

async function sendOne(deps: AppDeps, sender: PayoutSender, r: TonTransfer, action: string): Promise<boolean> {
  const seqno = await sender.seqno();
  const now = deps.clock.now();
  const validUntil = Math.floor(now.getTime() / 1000) + VALID_FOR_S;
  // Recorded and committed before anything leaves: a crash after this line is recovered by looking on chain.
  const recorded = await inTx(deps.prisma, async (tx) => {
    const n = await tx.tonTransfer.updateMany({
      where: asRead(r),
      data: { returnStatus: 'SENDING', returnSeqno: seqno, returnValidUntil: new Date(validUntil * 1000), returnAttempts: { increment: 1 }, returnSentAt: now },
    });
    if (n.count === 0) return false;
    await audit(tx, {
      action,
      subjectType: 'ton-tx',
      subjectId: r.hash,
      data: { to: r.source, amount: r.amount, queryId: r.returnQueryId, seqno, validUntil, attempt: r.returnAttempts + 1 },
    });
    return true;
  });
  if (!recorded) return false;
  try {
    await sender.send({ to: returnAddress(r)!, amount: r.amount, queryId: r.returnQueryId!, comment: returnComment(r.hash), seqno, validUntil });
  } catch (e) {
    // Unknown whether it reached the chain: the next pass looks before anything is sent again.
    await audit(deps.prisma, { action: 'ton.return_send_error', subjectType: 'ton-tx', subjectId: r.hash, data: { error: String((e as Error).message).slice(0, 500) } });
  }
  return true;
}

async function returned(deps: AppDeps, r: TonTransfer, txHash: string): Promise<boolean> {
  return inTx(deps.prisma, async (tx) => {
    const n = await tx.tonTransfer.updateMany({ where: asRead(r), data: { returnStatus: 'RETURNED', returnTxHash: txHash, returnedAt: deps.clock.now() } });
    if (n.count === 0) return false;
    await audit(tx, { action: 'ton.returned', subjectType: 'ton-tx', subjectId: r.hash, data: { to: r.source, amount: r.amount, txHash } });
    return true;
  });
}

async function failReturn(deps: AppDeps, r: TonTransfer, reason: string): Promise<boolean> {
  return inTx(deps.prisma, async (tx) => {
    const n = await tx.tonTransfer.updateMany({ where: asRead(r), data: { returnStatus: 'FAILED', returnFailReason: reason } });
    if (n.count === 0) return false;
    await audit(tx, { action: 'ton.return_failed', subjectType: 'ton-tx', subjectId: r.hash, data: { reason, attempts: r.returnAttempts } });
    return true;
  });
}

/**
 * Starts a return again: one that FAILED (its last message's valid_until passed unseen, so nothing of it
 * can still land), or one marked to return before returns were sent by the worker.
 */
export async function retryTonReturn(deps: AppDeps, actorId: number, hash: string) {
  return inTx(deps.prisma, async (tx) => {
    const row = await tx.tonTransfer.findUnique({ where: { hash } });
    if (!row) throw new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', 'No incoming TON transaction with this hash.');
    const n = await tx.tonTransfer.updateMany({
      where: { hash, outcome: 'TO_RETURN', OR: [{ returnStatus: 'FAILED' }, { returnStatus: null }] },
      data: { returnStatus: 'PENDING', returnAttempts: 0, returnFailReason: null, returnQueryId: row.returnQueryId ?? newReturnQueryId() },
    });
    if (n.count === 0) {
      throw new DomainError(AppCodes.TON_RETURN_NOT_RETRYABLE, 'CONFLICT', 'Only a return that failed, or one not started yet, can be sent again.');
    }
    await audit(tx, { actorId, action: 'ton.return_retry', subjectType: 'ton-tx', subjectId: hash, data: { previous: row.returnStatus, reason: row.returnFailReason } });
    return { id: hash, returnStatus: 'PENDING' as const };
  });
}
