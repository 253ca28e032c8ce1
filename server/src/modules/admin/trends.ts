import type { AppDeps } from '../../context.ts';
import { DAY_MS, startOfDay } from '../../lib/time.ts';
import { ACTIVITY } from '../analytics/reports.ts';

export const TREND_DAYS = { min: 7, max: 90 } as const;

export interface TrendDay {
  day: string;
  /** Participants who joined that day (the overview's "new today"). */
  new: number;
  /** Participants who opened a screen or claimed a task that day. */
  active: number;
  claims: number;
  /** Withdrawals asked for that day, whatever became of them. */
  withdrawals: number;
  /** Conversations started that day: a first message, or one after the last was closed. */
  dialogs: number;
  /** Paid invoices' amounts per currency by the day they were paid (the overview's revenue), minor units. */
  revenue: Record<string, string>;
}

/**
 * The overview's figures per UTC day over the last `days` days, today last: every day present, zero
 * when nothing happened. Read from the tables the figures come from; nothing is tracked for it.
 */
export async function overviewTrends(deps: AppDeps, days: number): Promise<{ days: number; currencies: string[]; daily: TrendDay[] }> {
  const today = startOfDay(deps.clock.now());
  const first = new Date(today.getTime() - (days - 1) * DAY_MS);
  const end = new Date(today.getTime() + DAY_MS);
  const per = (table: string, column: string, extra = '') =>
    `SELECT date_trunc('day', "${column}") AS day, count(*)::int AS n FROM "${table}" WHERE "${column}" >= $1::timestamp(3) AND "${column}" < $3::timestamp(3) ${extra} GROUP BY 1`;
  const [counts, revenue] = await Promise.all([
    deps.db.sql.query<Omit<TrendDay, 'revenue'>>(
      `WITH d AS (SELECT generate_series($1::timestamp(3), $2::timestamp(3), interval '1 day') AS day),
            n AS (${per('Participant', 'createdAt')}),
            a AS (SELECT date_trunc('day', t) AS day, count(DISTINCT pid)::int AS n FROM (${ACTIVITY}) x
                   WHERE t >= $1::timestamp(3) AND t < $3::timestamp(3) GROUP BY 1),
            c AS (${per('TaskClaim', 'createdAt')}),
            w AS (${per('Withdrawal', 'createdAt')}),
            o AS (${per('DialogConversation', 'openedAt')})
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(n.n, 0) AS new, coalesce(a.n, 0) AS active, coalesce(c.n, 0) AS claims,
              coalesce(w.n, 0) AS withdrawals, coalesce(o.n, 0) AS dialogs
         FROM d LEFT JOIN n ON n.day = d.day LEFT JOIN a ON a.day = d.day LEFT JOIN c ON c.day = d.day
                LEFT JOIN w ON w.day = d.day LEFT JOIN o ON o.day = d.day
        ORDER BY d.day`,
      [first, today, end],
    ),
    deps.db.sql.query<{ day: string; currency: string; amount: string }>(
      `SELECT to_char(date_trunc('day', "paidAt"), 'YYYY-MM-DD') AS day, currency::text AS currency, sum(amount)::text AS amount
         FROM "Invoice" WHERE status = 'PAID' AND "paidAt" >= $1::timestamp(3) AND "paidAt" < $2::timestamp(3)
        GROUP BY 1, 2`,
      [first, end],
    ),
  ]);
  // Every currency paid in within the window gets a value on every day, so each draws as one line.
  const currencies = [...new Set(revenue.map((r) => r.currency))].sort();
  const paid = new Map(revenue.map((r) => [`${r.day} ${r.currency}`, r.amount]));
  return {
    days,
    currencies,
    daily: counts.map((d) => ({ ...d, revenue: Object.fromEntries(currencies.map((c) => [c, paid.get(`${d.day} ${c}`) ?? '0'])) })),
  };
}
