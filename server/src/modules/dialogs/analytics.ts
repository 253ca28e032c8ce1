import type { AppDeps } from '../../context.ts';
import { DAY_MS, startOfDay } from '../../lib/time.ts';
import { displayName } from '../participants/service.ts';

const seconds = (v: number | null) => (v == null ? null : Math.round(Number(v) * 1000) / 1000);

/**
 * The inbox over the last `days` UTC days (today included): per day the conversations started and the
 * messages in and out; of the conversations started in the window, the median and 90th percentile of the
 * time to the team's first answer and the median time to close (interpolated percentiles, in seconds);
 * per team member the answers they sent, the dialogs they wrote in and the first answers they gave.
 */
export async function dialogStats(deps: AppDeps, days: number) {
  const today = startOfDay(deps.clock.now());
  const first = new Date(today.getTime() - (days - 1) * DAY_MS);
  const [daily, [times], team] = await Promise.all([
    deps.db.sql.query<{ day: string; conversations: number; messagesIn: number; messagesOut: number }>(
      `WITH d AS (SELECT generate_series($1::timestamp(3), $2::timestamp(3), interval '1 day') AS day),
            c AS (SELECT date_trunc('day', "openedAt") AS day, count(*)::int AS n FROM "DialogConversation" WHERE "openedAt" >= $1::timestamp(3) GROUP BY 1),
            m AS (SELECT date_trunc('day', "createdAt") AS day, count(*) FILTER (WHERE direction = 'IN')::int AS i, count(*) FILTER (WHERE direction = 'OUT')::int AS o
                    FROM "DialogMessage" WHERE "createdAt" >= $1::timestamp(3) GROUP BY 1)
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(c.n, 0) AS conversations, COALESCE(m.i, 0) AS "messagesIn", COALESCE(m.o, 0) AS "messagesOut"
         FROM d LEFT JOIN c ON c.day = d.day LEFT JOIN m ON m.day = d.day ORDER BY d.day`,
      [first, today],
    ),
    deps.db.sql.query<{ started: number; answered: number; resolved: number; frMedian: number | null; frP90: number | null; resMedian: number | null }>(
      `SELECT count(*)::int AS started,
              count("firstResponseAt")::int AS answered,
              count("closedAt")::int AS resolved,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "firstResponseAt" - "openedAt")) FILTER (WHERE "firstResponseAt" IS NOT NULL) AS "frMedian",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM "firstResponseAt" - "openedAt")) FILTER (WHERE "firstResponseAt" IS NOT NULL) AS "frP90",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "closedAt" - "openedAt")) FILTER (WHERE "closedAt" IS NOT NULL) AS "resMedian"
         FROM "DialogConversation" WHERE "openedAt" >= $1::timestamp(3)`,
      [first],
    ),
    deps.db.sql.query<{ adminId: number; replies: number; dialogs: number; firstResponses: number }>(
      `WITH r AS (SELECT "authorId" AS id, count(*)::int AS replies, count(DISTINCT "dialogId")::int AS dialogs
                    FROM "DialogMessage" WHERE direction = 'OUT' AND "authorId" IS NOT NULL AND "createdAt" >= $1::timestamp(3) GROUP BY 1),
            f AS (SELECT "firstResponderId" AS id, count(*)::int AS n FROM "DialogConversation"
                   WHERE "firstResponderId" IS NOT NULL AND "openedAt" >= $1::timestamp(3) GROUP BY 1)
       SELECT COALESCE(r.id, f.id) AS "adminId", COALESCE(r.replies, 0) AS replies, COALESCE(r.dialogs, 0) AS dialogs, COALESCE(f.n, 0) AS "firstResponses"
         FROM r FULL JOIN f ON f.id = r.id`,
      [first],
    ),
  ]);
  const people = new Map((await deps.prisma.participant.findMany({ where: { id: { in: team.map((x) => x.adminId) } } })).map((p) => [p.id, p]));
  return {
    days,
    daily,
    totals: {
      conversations: times.started,
      messagesIn: daily.reduce((n, d) => n + d.messagesIn, 0),
      messagesOut: daily.reduce((n, d) => n + d.messagesOut, 0),
    },
    firstResponse: { answered: times.answered, medianSeconds: seconds(times.frMedian), p90Seconds: seconds(times.frP90) },
    resolution: { resolved: times.resolved, medianSeconds: seconds(times.resMedian) },
    team: team
      .map((x) => ({ ...x, name: people.has(x.adminId) ? displayName(people.get(x.adminId)!) : `#${x.adminId}` }))
      .sort((a, b) => b.replies - a.replies || b.firstResponses - a.firstResponses || a.adminId - b.adminId),
  };
}
