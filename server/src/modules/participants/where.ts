import type { Prisma as P } from '../../generated/prisma/client.ts';

/** Who a back-office filter names: digits are a Telegram id, anything else part of an @username or a name. */
export function participantWhere(search: string | undefined): P.ParticipantWhereInput | undefined {
  const s = search?.trim().replace(/^@/, '');
  if (!s) return undefined;
  if (/^\d{1,19}$/.test(s)) return { telegramId: BigInt(s) };
  return {
    OR: [
      { username: { contains: s, mode: 'insensitive' } },
      { firstName: { contains: s, mode: 'insensitive' } },
      { lastName: { contains: s, mode: 'insensitive' } },
    ],
  };
}
