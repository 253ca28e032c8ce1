import type { Currency } from '../../generated/prisma/client.ts';
import type { Prisma } from '../../db/client.ts';
import { likePattern } from '../../lib/schemas.ts';
import { CURRENCIES, SystemAccount } from './accounts.ts';
import type { AccountsInput } from './schemas.ts';

export interface CurrencySummary {
  currency: Currency;
  /** Given away from the issuance account (prizes, awards, points packs), net of what came back. */
  issued: string;
  /** Paid for products. */
  revenue: string;
  /** Waiting in two-phase holds (withdrawals on their way). */
  holds: string;
  /** Fees kept. */
  fees: string;
  /** Paid out to outside (TON payouts). */
  payouts: string;
  /** Net of the corrections made by hand: positive when participants were credited more than debited. */
  adjustments: string;
  /** Net that arrived from outside (Stars, TON), refunds subtracted. */
  received: string;
  /** Removed from circulation. */
  sunk: string;
  /** All participants' balances together. */
  participants: string;
}

/** Per currency, the ledger's figures as its system accounts hold them (shards summed). */
export async function ledgerSummary(prisma: Prisma): Promise<CurrencySummary[]> {
  const rows = await prisma.$queryRawUnsafe<{ currency: Currency; code: string | null; total: string }[]>(
    `SELECT currency, CASE WHEN kind = 'PARTICIPANT' THEN NULL ELSE code END AS code, SUM(balance)::text AS total
       FROM "Account" GROUP BY 1, 2`,
  );
  const get = (c: Currency, code: string | null) => BigInt(rows.find((r) => r.currency === c && r.code === code)?.total ?? '0');
  // Debited system accounts go negative as they give: their figure is the sign turned.
  return CURRENCIES.map((c) => ({
    currency: c,
    issued: (-get(c, SystemAccount.ISSUANCE)).toString(),
    revenue: get(c, SystemAccount.REVENUE).toString(),
    holds: get(c, SystemAccount.HOLD).toString(),
    fees: get(c, SystemAccount.FEES).toString(),
    payouts: get(c, SystemAccount.PAYOUTS).toString(),
    adjustments: (-get(c, SystemAccount.ADJUSTMENTS)).toString(),
    received: (-get(c, SystemAccount.EXTERNAL)).toString(),
    sunk: get(c, SystemAccount.SINK).toString(),
    participants: get(c, null).toString(),
  }));
}

export interface AccountRow {
  accountId: number;
  currency: Currency;
  balance: string;
  /** Waiting in holds taken from this account (a withdrawal being paid out). */
  held: string;
  telegramId: string;
  name: string;
  username: string | null;
}

const ORDER: Record<AccountsInput['sort']['by'], string> = {
  balance: 'a.balance',
  held: 'held',
  name: `lower(p."firstName" || ' ' || COALESCE(p."lastName", ''))`,
  telegramId: 'p."telegramId"',
};

/** Participants' accounts for the back office: searched by name, @username or Telegram id; paged and sorted by the database. */
export async function listAccounts(prisma: Prisma, input: AccountsInput): Promise<{ items: AccountRow[]; total: number; page: number; limit: number }> {
  const search = input.search?.replace(/^@/, '').trim() || null;
  const digits = search && /^\d{1,19}$/.test(search) ? search : null;
  const dir = input.sort.dir === 'asc' ? 'ASC' : 'DESC';
  const rows = await prisma.$queryRawUnsafe<(Omit<AccountRow, 'name'> & { firstName: string; lastName: string | null; total: number })[]>(
    `SELECT a.id AS "accountId", a.currency, a.balance::text AS balance, p."telegramId"::text AS "telegramId",
            p."firstName", p."lastName", p.username,
            COALESCE(h.held, 0)::text AS held, count(*) OVER ()::int AS total
       FROM "Account" a
       JOIN "Participant" p ON p.id = a."participantId"
       LEFT JOIN LATERAL (SELECT SUM(t.amount) AS held FROM "Transfer" t WHERE t."debitAccountId" = a.id AND t.status = 'PENDING') h ON true
      WHERE a.kind = 'PARTICIPANT'
        AND ($1::"Currency" IS NULL OR a.currency = $1::"Currency")
        AND ($2::text IS NULL OR p."firstName" ILIKE $2 OR p."lastName" ILIKE $2 OR p.username ILIKE $2 OR p."telegramId"::text = $3)
      ORDER BY ${ORDER[input.sort.by]} ${dir}, a.id ${dir}
      LIMIT $4 OFFSET $5`,
    input.currency ?? null,
    search ? likePattern(search) : null,
    digits,
    input.limit,
    (input.page - 1) * input.limit,
  );
  const total = rows[0]?.total ?? (input.page > 1 ? await countAccounts(prisma, input.currency ?? null, search, digits) : 0);
  const items = rows.map(({ firstName, lastName, total: _t, ...r }) => ({ ...r, name: [firstName, lastName].filter(Boolean).join(' ') }));
  return { items, total, page: input.page, limit: input.limit };
}

/** The count alone, for a page past the end (the window count has no row to ride on). */
async function countAccounts(prisma: Prisma, currency: Currency | null, search: string | null, digits: string | null): Promise<number> {
  const [r] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "Account" a JOIN "Participant" p ON p.id = a."participantId"
      WHERE a.kind = 'PARTICIPANT' AND ($1::"Currency" IS NULL OR a.currency = $1::"Currency")
        AND ($2::text IS NULL OR p."firstName" ILIKE $2 OR p."lastName" ILIKE $2 OR p.username ILIKE $2 OR p."telegramId"::text = $3)`,
    currency,
    search ? likePattern(search) : null,
    digits,
  );
  return r.n;
}
