import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from './accounts.ts';
import type { AwardInput } from './schemas.ts';
import { transfer, type Tx } from './service.ts';

/** What else a first award of points does (the score), given by the caller: the ledger knows no domain. */
export type OnPointsAwarded = (tx: Tx, participantId: number, amount: bigint, now: Date) => Promise<void>;

/** A prize in any currency from the issuance account, audited. Retrying with the same key awards once. */
export async function awardPrize(deps: AppDeps, actorId: number, input: AwardInput, onPoints: OnPointsAwarded) {
  if (input.amount <= 0n) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'The amount must be positive.');
  const target = await deps.prisma.participant.findUnique({ where: { telegramId: input.telegramId } });
  if (!target) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  const now = deps.clock.now();
  return inTx(deps.prisma, async (tx) => {
    const key = `award:${input.idempotencyKey ?? `${actorId}:${now.getTime()}:${target.id}:${input.currency}:${input.amount}`}`;
    const res = await transfer(tx, {
      key,
      debit: { system: SystemAccount.ISSUANCE },
      credit: { participantId: target.id },
      currency: input.currency,
      amount: input.amount,
      kind: 'AWARD',
      reference: input.reason,
      meta: { by: actorId },
    });
    if (res.created) {
      if (input.currency === 'POINTS') await onPoints(tx, target.id, input.amount, now);
      await audit(tx, { actorId, action: 'ledger.award', subjectType: 'participant', subjectId: target.id, data: { currency: input.currency, amount: input.amount, reason: input.reason, transferId: res.id } });
    }
    return { transferId: res.id.toString(), created: res.created };
  });
}
