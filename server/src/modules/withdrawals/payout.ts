import { Address } from '@ton/core';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { formatTon } from '../../lib/format.ts';
import { audit } from '../audit/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { withdrawalText } from './messages.ts';
import { announceChange, postHolds, releaseHolds } from './service.ts';

/** Sends payouts from the treasury (or a hot wallet) and finds them on chain again. */
export interface PayoutSender {
  /** The seqno the next signed payout must carry. */
  seqno(): Promise<number>;
  /** Signs and sends one payout; a message with this seqno is accepted at most once, and not after validUntil. */
  send(p: { to: Address; amount: bigint; queryId: bigint; comment: string; seqno: number; validUntil: number }): Promise<void>;
  /** The successful on-chain transaction that paid this query id, if there is one. */
  find(queryId: bigint): Promise<{ hash: string } | null>;
}

export const VALID_FOR_S = 60;
/** After valid_until the chain refuses the message; this margin covers clock skew and block time. */
export const GRACE_S = 30;
export const MAX_ATTEMPTS = 3;

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
    const found = await sender.find(w.queryId);
    if (found) {
      await complete(deps, w.id, found.hash);
      tick.completed.push(w.id);
      continue;
    }
    const expired = !w.payoutValidUntil || now().getTime() > w.payoutValidUntil.getTime() + GRACE_S * 1000;
    if (!expired) {
      busy = true;
      continue;
    }
    if (w.attempts >= MAX_ATTEMPTS) {
      await failPayout(deps, w.id, 'the payout was not confirmed on chain after several attempts');
      tick.failed.push(w.id);
      continue;
    }
    await sendOne(deps, sender, w.id, 'withdrawal.resent');
    tick.resent.push(w.id);
    busy = true;
  }
  // Returns of unmatched TON leave through the same sender and seqno: one message in flight at a time.
  if (busy || (await deps.prisma.tonTransfer.count({ where: { returnStatus: 'SENDING' } })) > 0) return tick;
  const next = await deps.prisma.withdrawal.findFirst({ where: { status: 'APPROVED' }, orderBy: { id: 'asc' } });
  if (next && (await sendOne(deps, sender, next.id, 'withdrawal.sending'))) tick.sent.push(next.id);
  return tick;
}

async function sendOne(deps: AppDeps, sender: PayoutSender, id: number, action: string): Promise<boolean> {
  const seqno = await sender.seqno();
  const now = deps.clock.now();
  const validUntil = Math.floor(now.getTime() / 1000) + VALID_FOR_S;
  // Recorded and committed before anything leaves: a crash after this line is recovered by looking on chain.
  const w = await inTx(deps.prisma, async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
      `SELECT id FROM "Withdrawal" WHERE id = $1 AND status IN ('APPROVED', 'SENDING') FOR UPDATE SKIP LOCKED`,
      id,
    );
    if (rows.length === 0) return null;
    const w = await tx.withdrawal.update({
      where: { id },
      data: { status: 'SENDING', payoutSeqno: seqno, payoutValidUntil: new Date(validUntil * 1000), attempts: { increment: 1 }, sentAt: now, updatedAt: now },
    });
    await audit(tx, { action, subjectType: 'withdrawal', subjectId: id, data: { seqno, validUntil, attempt: w.attempts } });
    await announceChange(tx, w, `sending-${w.attempts}`);
    return w;
  });
  if (!w) return false;
  try {
    await sender.send({ to: Address.parse(w.address), amount: w.amount, queryId: w.queryId, comment: `Withdrawal #${w.id}`, seqno, validUntil });
  } catch (e) {
    // Unknown whether it reached the chain: the next pass looks before anything is sent again.
    await audit(deps.prisma, { action: 'withdrawal.send_error', subjectType: 'withdrawal', subjectId: id, data: { error: String((e as Error).message) } });
  }
  return true;
}

async function complete(deps: AppDeps, id: number, hash: string) {
  const w = await inTx(deps.prisma, async (tx) => {
    const w = await tx.withdrawal.findUniqueOrThrow({ where: { id } });
    if (w.status !== 'SENDING') return null;
    await postHolds(tx, w);
    await audit(tx, { action: 'withdrawal.completed', subjectType: 'withdrawal', subjectId: id, data: { hash } });
    await notifyLater(tx, w.participantId, withdrawalText.completed(formatTon(w.amount)), `withdrawal:${id}:completed`);
    await announceChange(tx, w, 'COMPLETED');
    return tx.withdrawal.update({ where: { id }, data: { status: 'COMPLETED', payoutTxHash: hash, completedAt: deps.clock.now(), updatedAt: deps.clock.now() } });
  });
}

async function failPayout(deps: AppDeps, id: number, reason: string) {
  const w = await inTx(deps.prisma, async (tx) => {
    const w = await tx.withdrawal.findUniqueOrThrow({ where: { id } });
    if (w.status !== 'SENDING') return null;
    await releaseHolds(tx, w, 'WITHDRAWAL_FAILED');
    await audit(tx, { action: 'withdrawal.failed', subjectType: 'withdrawal', subjectId: id, data: { reason } });
    await notifyLater(tx, w.participantId, withdrawalText.failed(formatTon(w.amount)), `withdrawal:${id}:failed`);
    await announceChange(tx, w, 'FAILED');
    return tx.withdrawal.update({ where: { id }, data: { status: 'FAILED', failReason: reason, updatedAt: deps.clock.now() } });
  });
}
