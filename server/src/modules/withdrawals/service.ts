import { randomBytes } from 'node:crypto';
import type { Participant, Withdrawal } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { oneAtATime } from '../../db/one-at-a-time.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { formatTon } from '../../lib/format.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { hold, postPending, voidPending, type Tx } from '../ledger/service.ts';
import { audit } from '../audit/service.ts';
import { emit } from '../events/emit.ts';
import { notifyLater } from '../notifications/service.ts';
import { withdrawalText } from './messages.ts';
import { approvalsNeeded } from './approvals.ts';
import { belowMinimum, dailyRoomLeft, limitDayStart, withdrawalHolds } from './fees.ts';
import { once, type Idem } from '../idempotency/service.ts';

const OPEN = ['REQUESTED', 'APPROVED', 'SENDING', 'COMPLETED'] as const;

export function withdrawalView(w: Withdrawal & { approvals?: { adminId: number }[] }) {
  return {
    id: w.id,
    status: w.status,
    amount: w.amount.toString(),
    fee: w.fee.toString(),
    address: w.address,
    rejectReason: w.rejectReason,
    failReason: w.failReason,
    approvals: w.approvals?.length ?? 0,
    createdAt: w.createdAt.toISOString(),
    decidedAt: w.decidedAt?.toISOString() ?? null,
    completedAt: w.completedAt?.toISOString() ?? null,
    payoutTxHash: w.payoutTxHash,
  };
}

const fail = (code: (typeof AppCodes)[keyof typeof AppCodes], msg: string, trpc: 'BAD_REQUEST' | 'PRECONDITION_FAILED' | 'CONFLICT' | 'NOT_FOUND' = 'PRECONDITION_FAILED', details?: Record<string, unknown>) =>
  new DomainError(code, trpc, msg, details);

/** A query id unique per withdrawal, also the payout message's replay guard on chain. */
const newQueryId = () => randomBytes(8).readBigUInt64BE() >> 1n;

/**
 * Moves amount + fee into a hold (two-phase, pending) and queues the request for admins.
 * One participant's requests run one at a time, so the balance check cannot be raced.
 */
export async function requestWithdrawal(deps: AppDeps, me: Participant, amount: bigint, idem?: Idem) {
  const cfg = deps.config.withdrawals;
  const now = deps.clock.now();
  const { value } = await oneAtATime(`participant:${me.id}`, () => inTx(deps.prisma, (tx) => once(tx, me.id, idem, async () => {
    // NO KEY UPDATE, as shop.buy: the idempotency key written first holds KEY SHARE on the participant.
    await tx.$queryRawUnsafe(`SELECT id FROM "Participant" WHERE id = $1 FOR NO KEY UPDATE`, me.id);
    const wallet = await tx.wallet.findUnique({ where: { participantId: me.id } });
    if (!wallet) throw fail(AppCodes.WALLET_REQUIRED, 'Link a TON wallet first.');
    if (belowMinimum(amount, cfg)) throw fail(AppCodes.WITHDRAWAL_TOO_SMALL, `The minimum withdrawal is ${formatTon(cfg.min)}.`, 'BAD_REQUEST', { min: cfg.min.toString() });
    const dayStart = limitDayStart(now);
    const today = await tx.withdrawal.aggregate({
      where: { participantId: me.id, createdAt: { gte: dayStart }, status: { in: [...OPEN] } },
      _sum: { amount: true },
      _count: { _all: true },
    });
    const left = dailyRoomLeft(today._sum.amount ?? 0n, cfg);
    if (amount > left) {
      throw fail(AppCodes.WITHDRAWAL_DAILY_LIMIT, `You can withdraw up to ${formatTon(left)} more today.`, 'PRECONDITION_FAILED', {
        left: left.toString(),
      });
    }
    const { fee } = withdrawalHolds(amount, cfg);
    const queryId = newQueryId();
    const held = await hold(tx, {
      key: `withdrawal:${queryId}:hold`,
      debit: { participantId: me.id },
      credit: { system: SystemAccount.HOLD },
      currency: 'TON',
      amount,
      kind: 'WITHDRAWAL_HOLD',
      reference: `withdrawal:${queryId}`,
    });
    const feeHeld = fee > 0n
      ? await hold(tx, {
          key: `withdrawal:${queryId}:fee-hold`,
          debit: { participantId: me.id },
          credit: { system: SystemAccount.HOLD },
          currency: 'TON',
          amount: fee,
          kind: 'WITHDRAWAL_FEE_HOLD',
          reference: `withdrawal:${queryId}`,
        })
      : null;
    const flags = await riskFlags(tx, me, wallet.linkedAt, amount, today._count._all, now, cfg.secondApprovalAbove);
    const w = await tx.withdrawal.create({
      data: {
        participantId: me.id,
        amount,
        fee,
        address: wallet.address,
        holdTransferId: held.id,
        feeHoldTransferId: feeHeld?.id ?? null,
        queryId,
        riskFlags: flags,
        createdAt: now,
        updatedAt: now,
      },
    });
    await audit(tx, { actorId: me.id, action: 'withdrawal.requested', subjectType: 'withdrawal', subjectId: w.id, data: { amount, fee, address: wallet.address, flags } });
    // Approvers are told by the worker: the participant does not wait on Telegram (a replayed key emits nothing).
    await emit(tx, 'withdrawal.requested', { withdrawalId: w.id }, { key: `withdrawal:${w.id}:requested` });
    return withdrawalView(w);
  })));
  return value;
}

async function riskFlags(tx: Tx, me: Participant, linkedAt: Date, amount: bigint, todayCount: number, now: Date, large: bigint) {
  const flags: string[] = [];
  const day = 86_400_000;
  if (now.getTime() - me.createdAt.getTime() < 7 * day) flags.push('NEW_ACCOUNT');
  if (now.getTime() - linkedAt.getTime() < day) flags.push('WALLET_JUST_LINKED');
  if (amount > large) flags.push('LARGE_AMOUNT');
  if (todayCount >= 3) flags.push('MANY_REQUESTS_TODAY');
  const rejected = await tx.withdrawal.count({ where: { participantId: me.id, status: 'REJECTED' } });
  if (rejected > 0) flags.push('REJECTED_BEFORE');
  return flags;
}

export async function listMine(deps: AppDeps, me: Participant) {
  const rows = await deps.prisma.withdrawal.findMany({ where: { participantId: me.id }, orderBy: { id: 'desc' }, take: 100, include: { approvals: true } });
  const c = deps.config.withdrawals;
  return {
    limits: { min: c.min.toString(), dailyMax: c.dailyMax.toString(), fee: c.fee.toString() },
    items: rows.map(withdrawalView),
  };
}

async function locked(tx: Tx, id: number) {
  const [row] = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Withdrawal" WHERE id = $1 FOR UPDATE`, id);
  if (!row) throw fail(AppCodes.WITHDRAWAL_NOT_FOUND, 'Withdrawal request not found.', 'NOT_FOUND');
  return tx.withdrawal.findUniqueOrThrow({ where: { id }, include: { approvals: true } });
}

/** Every posted announcement of this withdrawal is brought up to its new state (by the worker). */
export async function announceChange(tx: Tx, w: { id: number }, state: string) {
  await emit(tx, 'withdrawal.updated', { withdrawalId: w.id }, { key: `withdrawal:${w.id}:updated:${state}` });
}

/** Returns held TON to the participant: void of both holds (amount and fee). */
export async function releaseHolds(tx: Tx, w: Withdrawal, kind: string) {
  await voidPending(tx, { key: `withdrawal:${w.queryId}:void`, pendingId: w.holdTransferId, kind });
  if (w.feeHoldTransferId) await voidPending(tx, { key: `withdrawal:${w.queryId}:fee-void`, pendingId: w.feeHoldTransferId, kind });
}

/** Completes the two-phase transfer: the amount leaves to payouts, the fee to fees. */
export async function postHolds(tx: Tx, w: Withdrawal) {
  await postPending(tx, { key: `withdrawal:${w.queryId}:post`, pendingId: w.holdTransferId, kind: 'WITHDRAWAL_PAYOUT', to: { system: SystemAccount.PAYOUTS } });
  if (w.feeHoldTransferId) {
    await postPending(tx, { key: `withdrawal:${w.queryId}:fee-post`, pendingId: w.feeHoldTransferId, kind: 'WITHDRAWAL_FEE', to: { system: SystemAccount.FEES } });
  }
}

export async function cancelWithdrawal(deps: AppDeps, me: Participant, id: number) {
  const w = await inTx(deps.prisma, async (tx) => {
    const w = await locked(tx, id);
    if (w.participantId !== me.id) throw fail(AppCodes.WITHDRAWAL_NOT_FOUND, 'Withdrawal request not found.', 'NOT_FOUND');
    if (w.status !== 'REQUESTED') throw fail(AppCodes.WITHDRAWAL_STATE, 'Only a request that is still waiting for approval can be cancelled.', 'CONFLICT');
    await releaseHolds(tx, w, 'WITHDRAWAL_CANCELLED');
    const done = await tx.withdrawal.update({ where: { id }, data: { status: 'CANCELLED', decidedAt: deps.clock.now(), updatedAt: deps.clock.now() }, include: { approvals: true } });
    await audit(tx, { actorId: me.id, action: 'withdrawal.cancelled', subjectType: 'withdrawal', subjectId: id });
    await announceChange(tx, done, 'CANCELLED');
    return done;
  });
  return withdrawalView(w);
}

/** Approves once per admin; above the threshold a second, different approver is needed. */
export async function approveWithdrawal(deps: AppDeps, admin: Participant, id: number) {
  const now = deps.clock.now();
  const w = await inTx(deps.prisma, async (tx) => {
    const w = await locked(tx, id);
    if (w.status !== 'REQUESTED') throw fail(AppCodes.WITHDRAWAL_STATE, `This request is already ${w.status.toLowerCase()}.`, 'CONFLICT');
    if (w.participantId === admin.id) throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'You cannot approve your own withdrawal.');
    if (w.approvals.some((a) => a.adminId === admin.id)) throw fail(AppCodes.ALREADY_APPROVED, 'You already approved this request; another admin must approve it too.', 'CONFLICT');
    await tx.withdrawalApproval.create({ data: { withdrawalId: id, adminId: admin.id, createdAt: now } });
    const needed = approvalsNeeded(w.amount, deps.config.withdrawals);
    const count = w.approvals.length + 1;
    await audit(tx, { actorId: admin.id, action: 'withdrawal.approval', subjectType: 'withdrawal', subjectId: id, data: { count, needed } });
    await announceChange(tx, w, `approval-${count}`);
    if (count < needed) return tx.withdrawal.findUniqueOrThrow({ where: { id }, include: { approvals: true } });
    await audit(tx, { actorId: admin.id, action: 'withdrawal.approved', subjectType: 'withdrawal', subjectId: id });
    return tx.withdrawal.update({ where: { id }, data: { status: 'APPROVED', decidedAt: now, updatedAt: now }, include: { approvals: true } });
  });
  return { ...withdrawalView(w), approvalsNeeded: approvalsNeeded(w.amount, deps.config.withdrawals) };
}

export async function rejectWithdrawal(deps: AppDeps, admin: Participant, id: number, reason: string) {
  const now = deps.clock.now();
  const w = await inTx(deps.prisma, async (tx) => {
    const w = await locked(tx, id);
    if (w.status !== 'REQUESTED' && w.status !== 'APPROVED') {
      throw fail(AppCodes.WITHDRAWAL_STATE, `This request is already ${w.status.toLowerCase()}.`, 'CONFLICT');
    }
    await releaseHolds(tx, w, 'WITHDRAWAL_REJECTED');
    await audit(tx, { actorId: admin.id, action: 'withdrawal.rejected', subjectType: 'withdrawal', subjectId: id, data: { reason } });
    await notifyLater(tx, w.participantId, withdrawalText.rejected(formatTon(w.amount), reason), `withdrawal:${id}:rejected`);
    await announceChange(tx, w, 'REJECTED');
    return tx.withdrawal.update({ where: { id }, data: { status: 'REJECTED', rejectReason: reason, decidedAt: now, updatedAt: now }, include: { approvals: true } });
  });
  return withdrawalView(w);
}
