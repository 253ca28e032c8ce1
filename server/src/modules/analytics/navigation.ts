import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { DAY_MS } from '../../lib/time.ts';

/** A screen's short name, as the Mini App sends it and the ScreenView check constraint keeps it. */
export const SCREEN_NAME = /^[a-z][a-z0-9_.-]{0,39}$/;
/** Events one analytics.track call may carry. */
export const TRACK_MAX_EVENTS = 50;
/** How far ahead of the server's clock a device's may run. */
export const TRACK_SKEW_MS = 60_000;
/** Lists of screens and paths an admin gets at most (names are the Mini App's, but any caller may send one). */
const TOP = 100;

export interface ScreenEvent {
  screen: string;
  from?: string | null;
  at: Date;
}

const utc = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');

/**
 * Records a batch of screen views in one statement. A time ahead of the server's clock (beyond a small
 * skew) or more than a day old refuses the whole batch (OUT_OF_RANGE): the Mini App sends within seconds,
 * so such a time is a wrong clock or a replay, and clamping would put views where they did not happen.
 * Past `trackPerMinute` views received from one participant in a minute, RATE_LIMITED and nothing stored.
 */
export async function track(deps: AppDeps, participantId: number, events: readonly ScreenEvent[]): Promise<{ recorded: number }> {
  if (!events.length) return { recorded: 0 };
  const now = deps.clock.now();
  for (const e of events) {
    const t = e.at.getTime();
    if (t > now.getTime() + TRACK_SKEW_MS) throw new DomainError(AppCodes.OUT_OF_RANGE, 'BAD_REQUEST', 'A screen view is dated in the future.');
    if (t < now.getTime() - DAY_MS) throw new DomainError(AppCodes.OUT_OF_RANGE, 'BAD_REQUEST', 'A screen view is more than a day old.');
  }
  // The bound and the insert in one statement: the count is of what this participant sent in the last minute.
  const rows = await deps.db.sql.query<{ n: number }>(
    `WITH ok AS (
       SELECT (SELECT count(*) FROM "ScreenView" WHERE "participantId" = $1 AND "receivedAt" > $5::timestamp(3) - interval '1 minute') + $6 <= $7 AS ok
     ), ins AS (
       INSERT INTO "ScreenView" ("participantId", screen, "from", at, "receivedAt")
       SELECT $1, u.s, u.f, u.a, $5::timestamp(3) FROM unnest($2::text[], $3::text[], $4::timestamp(3)[]) AS u(s, f, a), ok WHERE ok.ok
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM ins`,
    [participantId, events.map((e) => e.screen), events.map((e) => e.from ?? null), events.map((e) => utc(e.at)), now, events.length, deps.config.analytics.trackPerMinute],
  );
  if (rows[0].n === 0) throw new DomainError(AppCodes.RATE_LIMITED, 'TOO_MANY_REQUESTS', 'Too many screen views at once. Please slow down.');
  return { recorded: rows[0].n };
}

/** Top screens (views, distinct participants) and the paths between them over the last `days` days. */
export async function navigation(deps: AppDeps, days: number) {
  const since = new Date(deps.clock.now().getTime() - days * DAY_MS);
  const [screens, transitions] = await Promise.all([
    deps.db.sql.query<{ screen: string; views: number; participants: number }>(
      `SELECT screen, count(*)::int AS views, count(DISTINCT "participantId")::int AS participants
         FROM "ScreenView" WHERE at >= $1::timestamp(3) GROUP BY screen ORDER BY views DESC, screen LIMIT ${TOP}`,
      [since],
    ),
    deps.db.sql.query<{ from: string; to: string; count: number }>(
      `SELECT "from", screen AS "to", count(*)::int AS count
         FROM "ScreenView" WHERE at >= $1::timestamp(3) AND "from" IS NOT NULL GROUP BY 1, 2 ORDER BY count DESC, 1, 2 LIMIT ${TOP}`,
      [since],
    ),
  ]);
  return { screens, transitions };
}

/** Deletes screen views older than ANALYTICS_KEEP_DAYS; returns how many. */
export async function pruneScreenViews(deps: AppDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - deps.config.analytics.keepDays * DAY_MS);
  const r = await deps.prisma.screenView.deleteMany({ where: { at: { lt: before } } });
  return r.count;
}
