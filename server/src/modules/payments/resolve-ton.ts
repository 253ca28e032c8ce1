import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { formatTon } from '../../lib/format.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { notifyLater } from '../notifications/service.ts';
import type { ResolveTonInput } from './schemas.ts';
import { newReturnQueryId } from './ton-return.ts';

/** Outcomes a resolution by hand leaves on the incoming transfer. */
export const RESOLVED = { credit: 'CREDITED', return: 'TO_RETURN' } as const;

const tonCredited = (amount: string) => (l: 'en' | 'ru') =>
  l === 'ru' ? `На ваш баланс TON зачислен входящий платёж: ${amount}.` : `An incoming payment was credited to your TON balance: ${amount}.`;

/**
 * Resolves incoming TON that matched no invoice, once: credited to a participant (under the same ledger
 * key the watcher would have used, so it can never arrive twice), or marked to return to its sender.
 * Returning is recorded here, before anything is sent; the payout worker sends it (ton-return.ts).
 */
export async function resolveTon(deps: AppDeps, actorId: number, input: ResolveTonInput) {
  const now = deps.clock.now();
  const target = input.action === 'credit' ? await deps.prisma.participant.findUnique({ where: { telegramId: input.telegramId! } }) : null;
  if (input.action === 'credit' && !target) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  return inTx(deps.prisma, async (tx) => {
    const row = await tx.tonTransfer.findUnique({ where: { hash: input.id } });
    if (!row) throw new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', 'No incoming TON transaction with this hash.');
    // The guarded update is the lock: of two admins resolving at once, one changes the row, the other is refused.
    const claimed = await tx.tonTransfer.updateMany({
      where: { hash: row.hash, outcome: 'UNKNOWN_REFERENCE' },
      data: {
        outcome: RESOLVED[input.action],
        participantId: target?.id ?? null,
        ...(input.action === 'return' ? { returnStatus: 'PENDING' as const, returnQueryId: newReturnQueryId() } : {}),
      },
    });
    if (claimed.count === 0) {
      throw new DomainError(AppCodes.TRANSFER_ALREADY_RESOLVED, 'CONFLICT', 'This TON payment is not waiting to be resolved (it matched an invoice or was already resolved).');
    }
    let transferId: string | null = null;
    if (target) {
      const res = await transfer(tx, {
        key: `ton:${row.hash}:in`,
        debit: { system: SystemAccount.EXTERNAL },
        credit: { participantId: target.id },
        currency: 'TON',
        amount: row.amount,
        kind: 'TON_PAYMENT',
        reference: `tx:${row.hash}`,
        meta: { source: row.source, resolvedBy: actorId },
      });
      transferId = res.id.toString();
      await notifyLater(tx, target.id, tonCredited(formatTon(row.amount)), `ton:${row.hash}:credited`);
    }
    await audit(tx, {
      actorId,
      action: input.action === 'credit' ? 'ton.credited' : 'ton.to_return',
      subjectType: 'ton-tx',
      subjectId: row.hash,
      data: { amount: row.amount, source: row.source, participantId: target?.id ?? null, transferId, at: now.toISOString() },
    });
    return { id: row.hash, outcome: RESOLVED[input.action], transferId };
  });
}
