import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import type { Tx } from '../ledger/service.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { displayName } from '../participants/service.ts';

/**
 * Whom a gift can go to. The picker gets names, @usernames and photos, and an opaque `ref` (the
 * participant's public referral code, already shared in their invite link) to send back: never a
 * Telegram id or a row id. Only people known to the app appear, never banned or deleted accounts.
 */
export interface Recipient {
  ref: string;
  name: string;
  username: string | null;
  photoUrl: string | null;
}

/** How a gift names its recipient: the old numeric id, a typed @username, or a `ref` from the picker. */
export type RecipientKey = { telegramId: bigint } | { username: string } | { ref: string };

const FRIENDS_MAX = 20;
const RECENT_MAX = 10;
const FOUND_MAX = 5;
/** Fewer letters would let anyone list the participants' usernames a letter at a time. */
export const USERNAME_SEARCH_MIN = 4;

const visible = { bannedAt: null, deletedAt: null, telegramId: { gt: 0n } } as const;
const COLUMNS = { id: true, referralCode: true, firstName: true, lastName: true, username: true, photoUrl: true } as const;
type Row = { id: number; referralCode: string; firstName: string; lastName: string | null; username: string | null; photoUrl: string | null };

const toRecipient = (p: Row): Recipient => ({ ref: p.referralCode, name: displayName(p), username: p.username, photoUrl: p.photoUrl });

function matches(r: Recipient, q: string) {
  const s = q.toLowerCase();
  return r.name.toLowerCase().includes(s) || (r.username?.toLowerCase().includes(s) ?? false);
}

/** People who could receive my gift: friends (invited either way), people I traded or gifted with, and @username matches. */
export async function findRecipients(deps: AppDeps, me: Participant, query: string) {
  const q = query.trim().replace(/^@/, '');
  const [friends, recentIds] = await Promise.all([
    deps.prisma.participant.findMany({
      where: { ...visible, id: { not: me.id }, OR: [{ invitedById: me.id }, ...(me.invitedById ? [{ id: me.invitedById }] : [])] },
      orderBy: { lastSeenAt: 'desc' },
      take: FRIENDS_MAX,
      select: COLUMNS,
    }),
    deps.prisma.$queryRawUnsafe<{ other: number }[]>(
      `SELECT other FROM (
         (SELECT "toId" AS other, id FROM "EditionTransfer" WHERE "fromId" = $1 AND "toId" IS NOT NULL ORDER BY id DESC LIMIT 100)
         UNION ALL
         (SELECT "fromId", id FROM "EditionTransfer" WHERE "toId" = $1 AND "fromId" IS NOT NULL ORDER BY id DESC LIMIT 100)
       ) t WHERE other <> $1 GROUP BY other ORDER BY max(id) DESC LIMIT ${RECENT_MAX}`,
      me.id,
    ),
  ]);
  const recentRows = await deps.prisma.participant.findMany({ where: { ...visible, id: { in: recentIds.map((r) => r.other) } }, select: COLUMNS });
  const order = new Map(recentIds.map((r, i) => [r.other, i]));
  const recent = recentRows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  let found: Row[] = [];
  if (/^[A-Za-z0-9_]+$/.test(q) && q.length >= USERNAME_SEARCH_MIN) {
    // lower(username) LIKE 'q%' uses the expression index; `_` is a LIKE wildcard, so it is escaped.
    found = await deps.prisma.$queryRawUnsafe<Row[]>(
      `SELECT id, "referralCode", "firstName", "lastName", username, "photoUrl" FROM "Participant"
        WHERE lower(username) LIKE $1 ESCAPE '\\' AND "bannedAt" IS NULL AND "deletedAt" IS NULL AND "telegramId" > 0 AND id <> $2
        ORDER BY lower(username) = $3 DESC, "lastSeenAt" DESC LIMIT ${FOUND_MAX}`,
      `${q.toLowerCase().replace(/_/g, '\\_')}%`,
      me.id,
      q.toLowerCase(),
    );
  }
  const pick = (rows: Row[]) => rows.map(toRecipient).filter((r) => !q || matches(r, q));
  return { friends: pick(friends), recent: pick(recent), found: found.map(toRecipient) };
}

/** The participant a gift goes to, inside the gift's transaction; refused when unknown, banned or deleted. */
export async function recipientOf(tx: Tx, key: RecipientKey): Promise<Participant> {
  let to: Participant | null;
  if ('telegramId' in key) to = await tx.participant.findUnique({ where: { telegramId: key.telegramId } });
  else if ('ref' in key) to = await tx.participant.findUnique({ where: { referralCode: key.ref } });
  else {
    // Usernames are unique in Telegram at any moment; an old holder may linger here, so the latest seen wins.
    const [row] = await tx.$queryRawUnsafe<{ id: number }[]>(
      `SELECT id FROM "Participant" WHERE lower(username) = $1 ORDER BY "lastSeenAt" DESC LIMIT 1`,
      key.username.toLowerCase(),
    );
    to = row ? await tx.participant.findUnique({ where: { id: row.id } }) : null;
  }
  if (!to || to.bannedAt || to.deletedAt) throw new DomainError(AppCodes.RECIPIENT_NOT_FOUND, 'NOT_FOUND', 'That person has not opened the app yet.');
  return to;
}
