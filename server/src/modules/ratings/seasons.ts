// Rating seasons: what admins set up (dates, prizes per place range) and what participants and admins
// read (the live board, past winners, what was paid). Ending and paying is in season-end.ts.
import type { Participant, Season, SeasonPrizeKind } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { pick, type Lang } from '../../lib/localized.ts';
import { audit } from '../audit/service.ts';
import { catalogue } from '../gifts/service.ts';
import { displayName } from '../participants/service.ts';
import { likePattern } from '../../lib/schemas.ts';
import { MAX_PRIZE_PLACE, type Prize, type PrizeKind, type SeasonInput, type SeasonsList } from './schemas.ts';
import { periodStanding } from './service.ts';

/** A season's own board: the Score period add_scores writes while the season is open. */
export const seasonPeriod = (id: number) => `season:${id}`;

/** A prize as stored in Season.prizes (amounts as digits). */
export type StoredPrize = { fromPlace: number; toPlace: number; kind: PrizeKind; amount?: string; dropId?: number; giftId?: string };

export const KIND_OF: Record<PrizeKind, SeasonPrizeKind> = { points: 'POINTS', ton: 'TON', collectible: 'COLLECTIBLE', telegram_gift: 'TELEGRAM_GIFT' };
const KIND_NAME = Object.fromEntries(Object.entries(KIND_OF).map(([k, v]) => [v, k])) as Record<SeasonPrizeKind, PrizeKind>;

export const storedPrizes = (s: Pick<Season, 'prizes'>) => s.prizes as StoredPrize[];
export const prizeForPlace = (prizes: StoredPrize[], place: number) => prizes.find((p) => p.fromPlace <= place && place <= p.toPlace);

const toStored = (p: Prize): StoredPrize =>
  p.kind === 'points' || p.kind === 'ton'
    ? { fromPlace: p.fromPlace, toPlace: p.toPlace, kind: p.kind, amount: p.amount.toString() }
    : p.kind === 'collectible'
      ? { fromPlace: p.fromPlace, toPlace: p.toPlace, kind: p.kind, dropId: p.dropId }
      : { fromPlace: p.fromPlace, toPlace: p.toPlace, kind: p.kind, giftId: p.giftId };

const notFound = () => new DomainError(AppCodes.SEASON_NOT_FOUND, 'NOT_FOUND', 'This season does not exist.');
const notEditable = () => new DomainError(AppCodes.SEASON_STATE, 'CONFLICT', 'Only a season that has not started yet can be changed.');

/** Drops and gifts a prize names must exist now; the catalogue is asked only when a gift is a prize. */
async function checkPrizeSources(deps: AppDeps, prizes: Prize[]) {
  const drops = [...new Set(prizes.flatMap((p) => (p.kind === 'collectible' ? [p.dropId] : [])))];
  if (drops.length) {
    const found = await deps.prisma.drop.findMany({ where: { id: { in: drops } }, select: { id: true } });
    const missing = drops.find((d) => !found.some((f) => f.id === d));
    if (missing) throw new DomainError(AppCodes.DROP_NOT_FOUND, 'NOT_FOUND', `Drop ${missing} does not exist.`, { dropId: missing });
  }
  const gifts = [...new Set(prizes.flatMap((p) => (p.kind === 'telegram_gift' ? [p.giftId] : [])))];
  if (gifts.length) {
    const known = await catalogue(deps);
    const missing = gifts.find((g) => !known.some((k) => k.id === g));
    if (missing) throw new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', 'This gift is not in Telegram’s catalogue.', { giftId: missing });
  }
}

/**
 * Creates a season, or changes one that has not started (its board has no points yet). A start a minute
 * in the past (the form took a while) means now; further back is refused, since points earned then were
 * not counted.
 */
export async function saveSeason(deps: AppDeps, admin: Participant, input: SeasonInput) {
  const now = deps.clock.now();
  if (input.startsAt.getTime() < now.getTime() - 60_000) {
    throw new DomainError(AppCodes.SEASON_DATES, 'BAD_REQUEST', 'A season cannot start in the past.');
  }
  const startsAt = input.startsAt < now ? now : input.startsAt;
  if (input.endsAt <= startsAt) throw new DomainError(AppCodes.SEASON_DATES, 'BAD_REQUEST', 'A season must end after it starts.');
  await checkPrizeSources(deps, input.prizes);
  const data = { name: input.name, startsAt, endsAt: input.endsAt, prizes: input.prizes.map(toStored), updatedAt: now };
  const id = await inTx(deps.prisma, async (tx) => {
    if (input.id === undefined) {
      const s = await tx.season.create({ data: { ...data, createdById: admin.id, createdAt: now } });
      await audit(tx, { actorId: admin.id, action: 'season.created', subjectType: 'season', subjectId: s.id, data: { name: input.name.en } });
      return s.id;
    }
    // Locked, so the start cannot pass between the check and the change.
    const [cur] = await tx.$queryRawUnsafe<{ status: string; startsAt: Date }[]>(`SELECT status, "startsAt" FROM "Season" WHERE id = $1 FOR UPDATE`, input.id);
    if (!cur) throw notFound();
    if (cur.status !== 'SCHEDULED' || cur.startsAt <= now) throw notEditable();
    await tx.season.update({ where: { id: input.id }, data });
    await audit(tx, { actorId: admin.id, action: 'season.updated', subjectType: 'season', subjectId: input.id, data: { name: input.name.en } });
    return input.id;
  });
  return seasonDetail(deps, id, admin.language === 'ru' ? 'ru' : 'en');
}

/** A season's status as of now: the job moves SCHEDULED to ACTIVE and ends it, maybe a little later. */
export function statusAt(s: Pick<Season, 'status' | 'startsAt' | 'endsAt'>, now: Date) {
  if (s.status === 'SCHEDULED' && s.startsAt <= now) return 'ACTIVE';
  return s.status;
}

/** Collection titles of the drops prizes name, for showing them. */
async function dropTitles(deps: AppDeps, seasons: Pick<Season, 'prizes'>[], lang: Lang) {
  const ids = [...new Set(seasons.flatMap((s) => storedPrizes(s).flatMap((p) => (p.dropId ? [p.dropId] : []))))];
  if (!ids.length) return new Map<number, string>();
  const drops = await deps.prisma.drop.findMany({ where: { id: { in: ids } }, select: { id: true, collection: { select: { title: true } } } });
  return new Map(drops.map((d) => [d.id, pick(d.collection.title, lang)]));
}

function prizeView(p: StoredPrize, titles: Map<number, string>) {
  return {
    fromPlace: p.fromPlace,
    toPlace: p.toPlace,
    kind: p.kind,
    amount: p.amount ?? null,
    dropId: p.dropId ?? null,
    collection: p.dropId ? (titles.get(p.dropId) ?? null) : null,
    giftId: p.giftId ?? null,
  };
}

function seasonView(s: Season, lang: Lang, titles: Map<number, string>, now: Date) {
  return {
    id: s.id,
    name: pick(s.name, lang),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    status: statusAt(s, now),
    prizes: storedPrizes(s).map((p) => prizeView(p, titles)),
  };
}

type ResultRow = {
  seasonId: number;
  place: number;
  participantId: number;
  points: bigint;
  kind: SeasonPrizeKind;
  amount: bigint | null;
  dropId: number | null;
  giftId: string | null;
  paidAt: Date | null;
  transferId: bigint | null;
  editionId: number | null;
  giftSendId: number | null;
  attempts: number;
  lastError: string | null;
  firstName: string;
  lastName: string | null;
  username: string | null;
  photoUrl: string | null;
  telegramId: bigint;
  giftStatus: string | null;
};

async function resultsOf(deps: AppDeps, seasonIds: number[], limitPerSeason: number): Promise<ResultRow[]> {
  if (!seasonIds.length) return [];
  return deps.prisma.$queryRawUnsafe<ResultRow[]>(
    `SELECT r.*, p."firstName", p."lastName", p.username, p."photoUrl", p."telegramId", g.status::text AS "giftStatus"
       FROM "SeasonResult" r
       JOIN "Participant" p ON p.id = r."participantId"
       LEFT JOIN "GiftSend" g ON g.id = r."giftSendId"
      WHERE r."seasonId" = ANY($1::int[]) AND r.place <= $2
      ORDER BY r."seasonId", r.place`,
    seasonIds,
    limitPerSeason,
  );
}

const winnerView = (r: ResultRow, me?: number) => ({
  place: r.place,
  participantId: r.participantId,
  name: displayName(r),
  photoUrl: r.photoUrl,
  points: r.points.toString(),
  kind: KIND_NAME[r.kind],
  amount: r.amount?.toString() ?? null,
  isMe: r.participantId === me,
});

const PAST = 5;
const WINNERS_SHOWN = 10;

/** The participant's view: the season under way (or the next), its board and my place; past seasons with winners. */
export async function seasonsFor(deps: AppDeps, me: Participant) {
  const now = deps.clock.now();
  const lang: Lang = me.language === 'ru' ? 'ru' : 'en';
  const [open, past] = await Promise.all([
    deps.prisma.season.findMany({ where: { status: { in: ['SCHEDULED', 'ACTIVE'] } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: 5 }),
    deps.prisma.season.findMany({ where: { status: { in: ['ENDED', 'PAID'] } }, orderBy: [{ endsAt: 'desc' }, { id: 'desc' }], take: PAST }),
  ]);
  // The one whose points count now; one that has run out of time is past, even before the job ends it.
  const running = open.find((s) => s.startsAt <= now && now < s.endsAt) ?? null;
  const next = open.find((s) => s.startsAt > now) ?? null;
  const titles = await dropTitles(deps, [...open, ...past], lang);
  const [board, results, mine] = await Promise.all([
    running ? periodStanding(deps, seasonPeriod(running.id), me.id) : null,
    resultsOf(deps, past.map((s) => s.id), WINNERS_SHOWN),
    deps.prisma.seasonResult.findMany({ where: { participantId: me.id, seasonId: { in: past.map((s) => s.id) } } }),
  ]);
  const ownPoints = past.length
    ? await deps.prisma.score.findMany({ where: { participantId: me.id, period: { in: past.map((s) => seasonPeriod(s.id)) } } })
    : [];
  return {
    current: running && board ? { ...seasonView(running, lang, titles, now), entries: board.entries.slice(0, 20), me: board.me, total: board.total } : null,
    next: next ? seasonView(next, lang, titles, now) : null,
    past: past.map((s) => {
      const won = mine.find((r) => r.seasonId === s.id);
      return {
        ...seasonView(s, lang, titles, now),
        winners: results.filter((r) => r.seasonId === s.id).map((r) => winnerView(r, me.id)),
        me: { place: won?.place ?? null, points: (ownPoints.find((p) => p.period === seasonPeriod(s.id))?.points ?? 0n).toString() },
      };
    }),
  };
}

/** Back office: every season, newest first, with how many prizes it has paid. */
/** The SQL behind each state a season is shown in (`statusAt`: a scheduled season whose start has passed is running). */
const STATE_SQL = {
  upcoming: `status = 'SCHEDULED' AND "startsAt" > $1`,
  running: `(status = 'ACTIVE' OR (status = 'SCHEDULED' AND "startsAt" <= $1))`,
  ended: `status IN ('ENDED', 'PAID')`,
} as const;
const ORDER_SQL = { startsAt: `"startsAt"`, endsAt: `"endsAt"`, name: `lower(name->>'en')` } as const;

/** The ids of one page of seasons under the filter, in order (the name lives in JSON, so SQL picks them). */
async function seasonPage(deps: AppDeps, f: SeasonsList, now: Date) {
  // $1 (now) is always named, so the parameters line up whichever filters apply.
  const conds = ['$1::timestamptz IS NOT NULL'];
  const args: unknown[] = [now];
  if (f.state) conds.push(STATE_SQL[f.state]);
  if (f.search) {
    args.push(likePattern(f.search));
    conds.push(`(name->>'en' ILIKE $${args.length} OR name->>'ru' ILIKE $${args.length})`);
  }
  const where = conds.join(' AND ');
  const dir = f.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const [ids, [count]] = await Promise.all([
    deps.prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT id FROM "Season" WHERE ${where} ORDER BY ${ORDER_SQL[f.sort.by]} ${dir}, id ${dir} LIMIT ${f.limit} OFFSET ${(f.page - 1) * f.limit}`,
      ...args,
    ),
    deps.prisma.$queryRawUnsafe<{ total: number }[]>(`SELECT count(*)::int AS total FROM "Season" WHERE ${where}`, ...args),
  ]);
  return { ids: ids.map((r) => r.id), total: count?.total ?? 0 };
}

export async function listSeasons(deps: AppDeps, admin: Participant, f: SeasonsList) {
  const lang: Lang = admin.language === 'ru' ? 'ru' : 'en';
  const now = deps.clock.now();
  const { ids, total } = await seasonPage(deps, f, now);
  const found = await deps.prisma.season.findMany({ where: { id: { in: ids } } });
  const rows = ids.map((id) => found.find((s) => s.id === id)!).filter(Boolean);
  const counts = rows.length
    ? await deps.prisma.$queryRawUnsafe<{ seasonId: number; winners: number; paid: number }[]>(
        `SELECT "seasonId", count(*)::int AS winners, count("paidAt")::int AS paid FROM "SeasonResult" WHERE "seasonId" = ANY($1::int[]) GROUP BY "seasonId"`,
        rows.map((s) => s.id),
      )
    : [];
  const titles = await dropTitles(deps, rows, lang);
  return {
    total,
    items: rows.map((s) => {
      const c = counts.find((x) => x.seasonId === s.id);
      return { ...seasonView(s, lang, titles, now), nameI18n: s.name as { en: string; ru?: string }, winners: c?.winners ?? 0, paid: c?.paid ?? 0, endedAt: s.endedAt?.toISOString() ?? null, paidAt: s.paidAt?.toISOString() ?? null };
    }),
  };
}

type LiveRow = { participantId: number; points: bigint; firstName: string; lastName: string | null; username: string | null; photoUrl: string | null; telegramId: bigint };

/**
 * Back office: one season. Open: its standings now, placed as they would be frozen (ties go to whoever
 * reached the total first). Ended: the frozen winners and what each was paid (transfer, edition, gift).
 */
export async function seasonDetail(deps: AppDeps, id: number, lang: Lang) {
  const s = await deps.prisma.season.findUnique({ where: { id } });
  if (!s) throw notFound();
  const now = deps.clock.now();
  const titles = await dropTitles(deps, [s], lang);
  const base = { ...seasonView(s, lang, titles, now), nameI18n: s.name as { en: string; ru?: string }, endedAt: s.endedAt?.toISOString() ?? null, paidAt: s.paidAt?.toISOString() ?? null };
  if (s.status === 'SCHEDULED' || s.status === 'ACTIVE') {
    const rows = await deps.prisma.$queryRawUnsafe<LiveRow[]>(
      `SELECT s."participantId", s.points, p."firstName", p."lastName", p.username, p."photoUrl", p."telegramId"
         FROM "Score" s JOIN "Participant" p ON p.id = s."participantId"
        WHERE s.period = $1 AND s.points > 0 AND p."bannedAt" IS NULL AND p."deletedAt" IS NULL
        ORDER BY s.points DESC, s."updatedAt" ASC, s."participantId" ASC
        LIMIT 50`,
      seasonPeriod(s.id),
    );
    const prizes = storedPrizes(s);
    return {
      ...base,
      standings: rows.map((r, i) => ({ place: i + 1, participantId: r.participantId, telegramId: r.telegramId.toString(), name: displayName(r), points: r.points.toString(), prize: prizeForPlace(prizes, i + 1)?.kind ?? null })),
      results: [],
    };
  }
  const results = await resultsOf(deps, [s.id], MAX_PRIZE_PLACE);
  return {
    ...base,
    standings: [],
    results: results.map((r) => ({
      ...winnerView(r),
      telegramId: r.telegramId.toString(),
      dropId: r.dropId,
      giftId: r.giftId,
      paidAt: r.paidAt?.toISOString() ?? null,
      transferId: r.transferId?.toString() ?? null,
      editionId: r.editionId,
      giftSendId: r.giftSendId,
      giftStatus: r.giftStatus,
      attempts: r.attempts,
      lastError: r.lastError,
    })),
  };
}
