/** What a participant is told about a correction of their balance, in both languages. */
import type { Currency } from '../../generated/prisma/client.ts';
import { formatTon } from '../../lib/format.ts';

type Lang = 'en' | 'ru';

export const formatAmount = (c: Currency, amount: bigint) => (c === 'TON' ? formatTon(amount) : c === 'STARS' ? `${amount} ⭐` : `${amount} ✦`);

export const adjustText = (direction: 'credit' | 'debit', shown: string, reason: string) => (l: Lang) =>
  direction === 'credit'
    ? l === 'ru'
      ? `На ваш баланс зачислено ${shown}. Причина: ${reason}`
      : `${shown} was added to your balance. Reason: ${reason}`
    : l === 'ru'
      ? `С вашего баланса списано ${shown}. Причина: ${reason}`
      : `${shown} was taken from your balance. Reason: ${reason}`;
