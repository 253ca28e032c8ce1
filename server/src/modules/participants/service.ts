import { randomBytes } from 'node:crypto';
import type { Participant, Role } from '../../generated/prisma/client.ts';
import type { Database, Prisma } from '../../db/client.ts';
import { isUniqueViolation } from '../../lib/errors.ts';
import { batchLoader, byKey, perDatabase } from '../../db/batch.ts';
import { CURRENCIES } from '../ledger/accounts.ts';

export interface TelegramUser {
  id: number | bigint;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  photo_url?: string;
}

const REFERRAL_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function newReferralCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => REFERRAL_ALPHABET[b % REFERRAL_ALPHABET.length]).join('');
}

export function languageFrom(code: string | undefined | null): 'en' | 'ru' {
  return code && /^(ru|uk|be|kk)/i.test(code) ? 'ru' : 'en';
}

export function referralCodeFrom(startParam: string | undefined | null): string | null {
  const m = startParam ? /^ref_([a-z0-9]{4,32})$/i.exec(startParam) : null;
  return m ? m[1].toLowerCase() : null;
}

const participantsByTelegramId = perDatabase((sql) =>
  batchLoader<bigint, Participant | undefined>(async (ids) => {
    const rows = await sql.query<Participant>('SELECT * FROM "Participant" WHERE "telegramId" = ANY($1::bigint[])', [ids.map(String)]);
    return byKey(ids, rows, String, (r) => String(r.telegramId)).map((found) => found[0]);
  }),
);

const SEEN_THROTTLE_MS = 5 * 60_000;

/**
 * The participant behind a validated initData user, created on first sight. Referral (`ref_<code>`
 * start param) is recorded only at creation, so it is set once and never to oneself.
 */
export async function resolveParticipant(
  db: Pick<Database, 'prisma' | 'sql'>,
  user: TelegramUser,
  opts: { startParam?: string | null; ownerIds: bigint[]; now: Date },
): Promise<Participant> {
  const { prisma } = db;
  const telegramId = BigInt(user.id);
  // Every authenticated call starts here: concurrent calls share one prepared statement.
  const existing = await participantsByTelegramId(db).load(telegramId);
  if (existing) return refresh(prisma, existing, user, opts);
  try {
    return await createParticipant(prisma, user, opts);
  } catch (e) {
    // Two first requests at once: the other one created the row.
    if (isUniqueViolation(e)) {
      const again = await prisma.participant.findUnique({ where: { telegramId } });
      if (again) return again;
    }
    throw e;
  }
}

async function refresh(
  prisma: Prisma,
  p: Participant,
  user: TelegramUser,
  opts: { ownerIds: bigint[]; now: Date },
): Promise<Participant> {
  const shouldBeOwner = opts.ownerIds.includes(p.telegramId) && p.role !== 'OWNER';
  const profileChanged =
    (user.username ?? null) !== p.username ||
    (user.first_name ?? '') !== p.firstName ||
    (user.photo_url ?? null) !== p.photoUrl;
  const stale = opts.now.getTime() - p.lastSeenAt.getTime() > SEEN_THROTTLE_MS;
  if (!shouldBeOwner && !profileChanged && !stale) return p;
  return prisma.participant.update({
    where: { id: p.id },
    data: {
      username: user.username ?? null,
      firstName: user.first_name ?? '',
      lastName: user.last_name ?? null,
      photoUrl: user.photo_url ?? null,
      isPremium: user.is_premium ?? false,
      lastSeenAt: opts.now,
      ...(shouldBeOwner ? { role: 'OWNER' as Role } : {}),
    },
  });
}

async function createParticipant(
  prisma: Prisma,
  user: TelegramUser,
  opts: { startParam?: string | null; ownerIds: bigint[]; now: Date },
): Promise<Participant> {
  const telegramId = BigInt(user.id);
  const code = referralCodeFrom(opts.startParam);
  return prisma.$transaction(async (tx) => {
    const inviter = code ? await tx.participant.findUnique({ where: { referralCode: code }, select: { id: true } }) : null;
    const p = await tx.participant.create({
      data: {
        telegramId,
        username: user.username ?? null,
        firstName: user.first_name ?? '',
        lastName: user.last_name ?? null,
        languageCode: user.language_code ?? null,
        language: languageFrom(user.language_code),
        photoUrl: user.photo_url ?? null,
        isPremium: user.is_premium ?? false,
        role: opts.ownerIds.includes(telegramId) ? 'OWNER' : 'PARTICIPANT',
        referralCode: newReferralCode(),
        invitedById: inviter?.id ?? null,
        lastSeenAt: opts.now,
        createdAt: opts.now,
      },
    });
    await tx.account.createMany({
      data: CURRENCIES.map((currency) => ({ kind: 'PARTICIPANT' as const, participantId: p.id, currency })),
    });
    return p;
  });
}

export function displayName(p: Pick<Participant, 'firstName' | 'lastName' | 'username'>): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ').trim();
  return name || (p.username ? `@${p.username}` : 'Participant');
}
