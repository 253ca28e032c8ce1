import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';

/** The bot's own Stars, as Telegram counts them (getMyStarBalance): what participants paid, less refunds and withdrawals. */
export async function botStarBalance(deps: AppDeps): Promise<{ amount: number; nanostarAmount: number }> {
  try {
    const b = await deps.telegram.getMyStarBalance();
    return { amount: b.amount, nanostarAmount: b.nanostar_amount ?? 0 };
  } catch (e) {
    throw new DomainError(AppCodes.PAYMENT_PROVIDER_FAILED, 'BAD_GATEWAY', `Telegram did not tell the bot's Stars balance: ${(e as Error).message}`);
  }
}
