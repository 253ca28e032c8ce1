import { randomBytes } from 'node:crypto';
import type { Participant, Role } from '../../generated/prisma/client.ts';
import type { Database, Prisma } from '../../db/client.ts';
import type { AppDeps } from '../../context.ts';
import { isUniqueViolation } from '../../lib/errors.ts';
import type DataLoader from 'dataloader';
import { batchLoader, byKey, perDatabase } from '../../db/batch.ts';
import { inTx } from '../../db/tx.ts';
import { fitsBigint, outOfRange } from '../../lib/schemas.ts';
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
  }, { check: (id) => (fitsBigint(id) ? undefined : outOfRange('A Telegram id')) }),
);

const SEEN_THROTTLE_MS = 5 * 60_000;

/** What signing in needs of a participant, and all a session read's procedure gets (a narrow row decodes faster). */
export type SessionParticipant = Pick<Participant, 'id' | 'telegramId' | 'username' | 'firstName' | 'photoUrl' | 'role' | 'bannedAt' | 'bannedUntil' | 'lastSeenAt' | 'language'>;
const SESSION_COLUMNS = 'p.id, p."telegramId", p.username, p."firstName", p."photoUrl", p.role, p."bannedAt", p."bannedUntil", p."lastSeenAt", p.language';

/**
 * A read that rides on the participant lookup: `columns` are SQL over `p` (the participant row) and
 * `$2` (one text value, from `arg`), fetched in the same statement, so a screen's read costs one round
 * trip and one batch instead of two. `take` reads them off the row, given the `arg` they were read with.
 */
export interface SessionRead<X> {
  columns: string;
  arg?: (deps: AppDeps, now: Date) => string | Promise<string>;
  take: (row: Record<string, unknown>, arg: string) => X;
  /** @internal one batch loader per database */
  loader: (db: Pick<Database, 'sql'>) => DataLoader<{ telegramId: bigint; arg: string }, SessionParticipant | undefined>;
}

export function sessionRead<X>(spec: Omit<SessionRead<X>, 'loader'>): SessionRead<X> {
  // The lookup's own shape (ANY over one list) keeps PostgreSQL on one generic plan; `columns` should
  // read $2 through a sub-select, whose value no plan can see, or each call would be planned anew.
  const text = `SELECT ${SESSION_COLUMNS}, ${spec.columns} FROM "Participant" p WHERE p."telegramId" = ANY($1::bigint[])`;
  return {
    ...spec,
    loader: perDatabase((sql) =>
      batchLoader<{ telegramId: bigint; arg: string }, SessionParticipant | undefined>(async (keys) => {
        const out: (SessionParticipant | undefined)[] = keys.map(() => undefined);
        // Calls in one batch share the argument but around a change of period (a new week's board).
        for (const arg of new Set(keys.map((k) => k.arg))) {
          const idx = keys.flatMap((k, i) => (k.arg === arg ? [i] : []));
          const ids = idx.map((i) => String(keys[i].telegramId));
          const rows = await sql.query<SessionParticipant>(text, spec.arg ? [ids, arg] : [ids]);
          byKey(ids, rows, String, (r) => String(r.telegramId)).forEach((found, j) => (out[idx[j]] = found[0]));
        }
        return out;
      }, { check: (k) => (fitsBigint(k.telegramId) ? undefined : outOfRange('A Telegram id')) }),
    ),
  };
}

type ResolveOpts = { startParam?: string | null; ownerIds: bigint[]; now: Date };

/**
 * The participant behind a validated initData user, created on first sight. Referral (`ref_<code>`
 * start param) is recorded only at creation, so it is set once and never to oneself.
 */
export async function resolveParticipant(db: Pick<Database, 'prisma' | 'sql'>, user: TelegramUser, opts: ResolveOpts): Promise<Participant> {
  // Every authenticated call starts here: concurrent calls share one prepared statement.
  const existing = await participantsByTelegramId(db).load(BigInt(user.id));
  return existing ? refresh(db.prisma, existing, user, opts) : createOrFind(db.prisma, user, opts);
}

/** resolveParticipant, with `read` fetched alongside; null when the participant was only now created. */
export async function resolveParticipantWith<X>(
  deps: AppDeps,
  user: TelegramUser,
  opts: ResolveOpts,
  read: SessionRead<X>,
): Promise<{ participant: SessionParticipant; read: X | null }> {
  const db = deps.db;
  let arg = read.arg ? read.arg(deps, opts.now) : '';
  if (typeof arg !== 'string') arg = await arg;
  const row = await read.loader(db).load({ telegramId: BigInt(user.id), arg });
  if (!row) return { participant: await createOrFind(db.prisma, user, opts), read: null };
  return { participant: await refresh(db.prisma, row, user, opts), read: read.take(row as unknown as Record<string, unknown>, arg) };
}

/** `read` on its own, for a participant who exists (when the sign-in's copy cannot serve). */
export async function sessionReadOf<X>(db: Pick<Database, 'sql'>, read: SessionRead<X>, telegramId: bigint, arg = ''): Promise<X | null> {
  const row = await read.loader(db).load({ telegramId, arg });
  return row ? read.take(row as unknown as Record<string, unknown>, arg) : null;
}

async function createOrFind(prisma: Prisma, user: TelegramUser, opts: ResolveOpts): Promise<Participant> {
  try {
    return await createParticipant(prisma, user, opts);
  } catch (e) {
    // Two first requests at once: the other one created the row.
    if (isUniqueViolation(e)) {
      const again = await prisma.participant.findUnique({ where: { telegramId: BigInt(user.id) } });
      if (again) return again;
    }
    throw e;
  }
}

/** The participant as found (no async frame: most calls change nothing), or the update saving a changed profile or a stale last-seen time. */
function refresh<P extends SessionParticipant>(
  prisma: Prisma,
  p: P,
  user: TelegramUser,
  opts: { ownerIds: bigint[]; now: Date },
): P | PromiseLike<Participant> {
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
  // inTx, not Prisma's own two seconds to get a connection: a crowd signing in for the first time at once
  // waited longer than that for a busy pool and got a 500 (P2028).
  return inTx(prisma, async (tx) => {
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

/** Whether a ban holds now: one whose end has passed lets the participant in at once (the worker tidies it up later). */
export const isBanned = (p: Pick<Participant, 'bannedAt' | 'bannedUntil'>, now: Date): boolean =>
  p.bannedAt != null && (p.bannedUntil == null || p.bannedUntil.getTime() > now.getTime());

export function displayName(p: Pick<Participant, 'firstName' | 'lastName' | 'username'>): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ').trim();
  return name || (p.username ? `@${p.username}` : 'Participant');
}
