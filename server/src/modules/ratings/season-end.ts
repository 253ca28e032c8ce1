// Ending a season and paying its prizes: the `seasons` job and admin.ratings.endSeason run this same code.
//
// Exactly once, however many runs race:
// - Ending takes the season lock (advisory 727003) exclusively. Writers of scores hold it shared while a
//   season may be open (add_scores), so ending waits for every writer that may have counted and every
//   later one sees the season ended. One statement moves the season to ENDED, only from SCHEDULED/ACTIVE,
//   and in the same transaction the winners are frozen (a SeasonResult per prize place): a second run
//   finds it ENDED and freezes nothing.
// - Each prize is paid in a transaction of its own that locks its result row and pays only while it is
//   unpaid; the payment and `paidAt` commit together. The ledger's idempotency key (season, place), the
//   collectible's award key and the gift's send key make even a repeat past that lock change nothing.
import type { Season, SeasonPrizeKind } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError, isDatabaseUnavailable } from '../../lib/errors.ts';
import { formatTon } from '../../lib/format.ts';
import { pick, type Lang } from '../../lib/localized.ts';
import { audit } from '../audit/service.ts';
import { prizeFromDrop } from '../collectibles/service.ts';
import { queueGift } from '../gifts/send.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { notifyLater } from '../notifications/service.ts';
import { KIND_OF, prizeForPlace, seasonPeriod, storedPrizes } from './seasons.ts';

/** Held shared by score writers while a season may be open, exclusively by whoever ends one. */
const SEASON_LOCK = 727003;

type Result = { seasonId: number; place: number; participantId: number; kind: SeasonPrizeKind; amount: bigint | null; dropId: number | null; giftId: string | null };
type Paid = { transferId?: bigint; editionId?: number; giftSendId?: number };

/** One payer per prize kind: how a prize reaches its winner inside the payment's transaction. */
const PAYERS: Record<SeasonPrizeKind, (tx: Tx, r: Result, key: string, season: Season, now: Date) => Promise<Paid>> = {
  POINTS: (tx, r, key) => pay(tx, r, key, 'POINTS'),
  TON: (tx, r, key) => pay(tx, r, key, 'TON'),
  COLLECTIBLE: async (tx, r, key, _s, now) => {
    const got = await prizeFromDrop(tx, r.dropId!, r.participantId, key, 'SEASON_PRIZE', now);
    if (!got) throw new DomainError(AppCodes.SOLD_OUT, 'CONFLICT', `Nothing left in drop ${r.dropId} for this prize.`);
    return { editionId: got.edition.id };
  },
  TELEGRAM_GIFT: async (tx, r, key, s) => ({
    giftSendId: await queueGift(tx, { key, participantId: r.participantId, giftId: r.giftId!, text: `${pick(s.name, 'en')} — #${r.place}`, reason: `season:${s.id}` }),
  }),
};

async function pay(tx: Tx, r: Result, key: string, currency: 'POINTS' | 'TON'): Promise<Paid> {
  // Prizes do not count towards the boards: winning one season gives no head start in the next.
  const res = await transfer(tx, {
    key,
    debit: { system: SystemAccount.ISSUANCE },
    credit: { participantId: r.participantId },
    currency,
    amount: r.amount!,
    kind: 'SEASON_PRIZE',
    reference: `season:${r.seasonId}`,
    meta: { place: r.place },
  });
  return { transferId: res.id };
}

function prizeText(r: Result, lang: Lang, collection: string | null) {
  const ru = lang === 'ru';
  switch (r.kind) {
    case 'POINTS': return ru ? `${r.amount} баллов` : `${r.amount} points`;
    case 'TON': return formatTon(r.amount!);
    case 'COLLECTIBLE': return ru ? `коллекционный предмет${collection ? ` «${collection}»` : ''}` : `a collectible${collection ? ` from “${collection}”` : ''}`;
    case 'TELEGRAM_GIFT': return ru ? 'подарок в Telegram' : 'a Telegram gift';
  }
}

const winText = (s: Season, r: Result, collection: { en: string; ru: string } | null) => (lang: Lang) =>
  lang === 'ru'
    ? `🏆 Сезон «${pick(s.name, 'ru')}» завершён: вы на ${r.place}-м месте! Ваш приз — ${prizeText(r, 'ru', collection?.ru ?? null)}.`
    : `🏆 The season “${pick(s.name, 'en')}” has ended: you placed #${r.place}! Your prize: ${prizeText(r, 'en', collection?.en ?? null)}.`;

/**
 * Ends the season (if still open and started) and freezes its winners: the top `last place` of its board,
 * unbanned, by points, ties to whoever reached the total first (Score.updatedAt), then the lower id.
 * Returns whether this call ended it.
 */
async function freeze(deps: AppDeps, id: number, now: Date, actorId: number | null): Promise<boolean> {
  return inTx(deps.prisma, async (tx) => {
    await tx.$queryRawUnsafe(`SELECT 1 FROM pg_advisory_xact_lock(${SEASON_LOCK})`);
    const [s] = await tx.$queryRawUnsafe<Season[]>(
      `UPDATE "Season" SET status = 'ENDED', "endsAt" = LEAST("endsAt", $2), "endedAt" = $2, "updatedAt" = $2
        WHERE id = $1 AND status IN ('SCHEDULED', 'ACTIVE') AND "startsAt" <= $2
        RETURNING *`,
      id,
      now,
    );
    if (!s) return false;
    const prizes = storedPrizes(s);
    const last = Math.max(...prizes.map((p) => p.toPlace));
    const top = await tx.$queryRawUnsafe<{ participantId: number; points: bigint }[]>(
      `SELECT s."participantId", s.points FROM "Score" s JOIN "Participant" p ON p.id = s."participantId"
        WHERE s.period = $1 AND s.points > 0 AND p."bannedAt" IS NULL AND p."deletedAt" IS NULL
        ORDER BY s.points DESC, s."updatedAt" ASC, s."participantId" ASC
        LIMIT $2`,
      seasonPeriod(s.id),
      last,
    );
    const rows = top.flatMap((w, i) => {
      const prize = prizeForPlace(prizes, i + 1);
      if (!prize) return [];
      return [{
        seasonId: s.id,
        place: i + 1,
        participantId: w.participantId,
        points: w.points,
        kind: KIND_OF[prize.kind],
        amount: prize.amount != null ? BigInt(prize.amount) : null,
        dropId: prize.dropId ?? null,
        giftId: prize.giftId ?? null,
      }];
    });
    if (rows.length) await tx.seasonResult.createMany({ data: rows });
    await audit(tx, { actorId, action: 'season.ended', subjectType: 'season', subjectId: s.id, data: { winners: rows.length, by: actorId ? 'admin' : 'schedule' } });
    return true;
  });
}

/** Pays one prize if still unpaid; a failure is recorded on its row and tried again by the next run. */
async function payOne(deps: AppDeps, s: Season, place: number, now: Date): Promise<void> {
  try {
    await inTx(deps.prisma, async (tx) => {
      const [r] = await tx.$queryRawUnsafe<Result[]>(
        `SELECT "seasonId", place, "participantId", kind, amount, "dropId", "giftId" FROM "SeasonResult"
          WHERE "seasonId" = $1 AND place = $2 AND "paidAt" IS NULL FOR UPDATE`,
        s.id,
        place,
      );
      if (!r) return; // paid meanwhile by another run
      const key = `season:${s.id}:place:${place}`;
      const paid = await PAYERS[r.kind](tx, r, key, s, now);
      await tx.seasonResult.update({ where: { seasonId_place: { seasonId: s.id, place } }, data: { ...paid, paidAt: now, attempts: { increment: 1 }, lastError: null } });
      const collection = r.dropId
        ? ((await tx.drop.findUnique({ where: { id: r.dropId }, select: { collection: { select: { title: true } } } }))?.collection.title as { en: string; ru: string } | undefined) ?? null
        : null;
      await notifyLater(tx, r.participantId, winText(s, r, collection), key);
    });
  } catch (e) {
    if (isDatabaseUnavailable(e)) throw e;
    await deps.prisma.seasonResult.updateMany({
      where: { seasonId: s.id, place, paidAt: null },
      data: { attempts: { increment: 1 }, lastError: (e instanceof Error ? e.message : String(e)).slice(0, 500) },
    });
  }
}

/** Pays what an ended season still owes; the season is PAID once every prize is. */
async function payPrizes(deps: AppDeps, id: number, now: Date): Promise<void> {
  const s = await deps.prisma.season.findUnique({ where: { id } });
  if (!s || s.status !== 'ENDED') return;
  const unpaid = await deps.prisma.seasonResult.findMany({ where: { seasonId: id, paidAt: null }, select: { place: true }, orderBy: { place: 'asc' } });
  for (const r of unpaid) await payOne(deps, s, r.place, now);
  const done = await deps.prisma.season.updateMany({ where: { id, status: 'ENDED', results: { none: { paidAt: null } } }, data: { status: 'PAID', paidAt: now, updatedAt: now } });
  if (done.count) await audit(deps.prisma, { actorId: null, action: 'season.paid', subjectType: 'season', subjectId: id });
}

/** Ends and pays one season; safe to run any number of times, side by side. */
export async function endAndPay(deps: AppDeps, id: number, actorId: number | null, now = deps.clock.now()): Promise<void> {
  await freeze(deps, id, now, actorId);
  await payPrizes(deps, id, now);
}

/** The admin's "end now": refused for a season that has not started (it has no standings). */
export async function endSeasonNow(deps: AppDeps, actorId: number, id: number): Promise<void> {
  const now = deps.clock.now();
  const s = await deps.prisma.season.findUnique({ where: { id }, select: { status: true, startsAt: true } });
  if (!s) throw new DomainError(AppCodes.SEASON_NOT_FOUND, 'NOT_FOUND', 'This season does not exist.');
  if (s.startsAt > now) throw new DomainError(AppCodes.SEASON_STATE, 'CONFLICT', 'A season that has not started cannot be ended.');
  await endAndPay(deps, id, actorId, now);
}

/**
 * The `seasons` job: marks started seasons ACTIVE, ends those whose end has passed, and pays what
 * ended ones still owe. Returns how many seasons it ended or paid on.
 */
export async function runSeasons(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  await deps.prisma.season.updateMany({ where: { status: 'SCHEDULED', startsAt: { lte: now } }, data: { status: 'ACTIVE', updatedAt: now } });
  const due = await deps.prisma.season.findMany({
    where: { OR: [{ status: { in: ['SCHEDULED', 'ACTIVE'] }, endsAt: { lte: now } }, { status: 'ENDED' }] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  for (const s of due) await endAndPay(deps, s.id, null, now);
  return due.length;
}
