import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from './accounts.ts';
import { adjustText, formatAmount } from './messages.ts';
import type { AdjustInput } from './schemas.ts';
import { transfer, type Tx } from './service.ts';

/** How the participant is told, given by the caller: the ledger knows no notifications domain. */
export type NotifyLater = (tx: Tx, participantId: number, text: (l: 'en' | 'ru') => string, key: string) => Promise<void>;

/**
 * Credits or debits a participant's balance by hand against the adjustments account, with a reason;
 * audited, and the participant is told. A debit below zero is refused by the ledger's CHECK
 * (INSUFFICIENT_FUNDS). The same key again changes nothing; with other details it is refused.
 */
export async function adjustBalance(deps: AppDeps, actorId: number, input: AdjustInput, notify: NotifyLater) {
  const target = await deps.prisma.participant.findUnique({ where: { telegramId: input.telegramId } });
  if (!target) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  const participant = { participantId: target.id };
  const adjustments = { system: SystemAccount.ADJUSTMENTS };
  return inTx(deps.prisma, async (tx) => {
    const res = await transfer(tx, {
      key: `adjust:${input.idempotencyKey}`,
      debit: input.direction === 'credit' ? adjustments : participant,
      credit: input.direction === 'credit' ? participant : adjustments,
      currency: input.currency,
      amount: input.amount,
      kind: input.direction === 'credit' ? 'ADJUSTMENT_CREDIT' : 'ADJUSTMENT_DEBIT',
      reference: input.reason,
      meta: { by: actorId },
    });
    if (res.created) {
      await audit(tx, {
        actorId,
        action: 'ledger.adjust',
        subjectType: 'participant',
        subjectId: target.id,
        data: { direction: input.direction, currency: input.currency, amount: input.amount, reason: input.reason, transferId: res.id },
      });
      await notify(tx, target.id, adjustText(input.direction, formatAmount(input.currency, input.amount), input.reason), `adjust:${res.id}`);
    }
    const account = await tx.account.findUniqueOrThrow({ where: { participantId_currency: { participantId: target.id, currency: input.currency } } });
    return { transferId: res.id.toString(), created: res.created, balance: account.balance.toString() };
  });
}
