import type { Currency } from '../../generated/prisma/client.ts';
import type { Database, Prisma } from '../../db/client.ts';
import { CURRENCIES } from './accounts.ts';
import { batchLoader, byKey, perDatabase } from '../../db/batch.ts';
import { fitsInteger, outOfRange } from '../../lib/schemas.ts';
import type { Lang } from '../../lib/localized.ts';
import { subjectsOf } from './subjects.ts';

export interface BalanceView {
  currency: Currency;
  amount: string;
}

type BalanceRow = { participantId: number; currency: Currency; balance: bigint };
const balanceRows = perDatabase((sql) =>
  batchLoader<number, BalanceRow[]>(async (ids) => {
    const rows = await sql.query<BalanceRow>('SELECT "participantId", currency, balance FROM "Account" WHERE "participantId" = ANY($1::int[])', [ids]);
    return byKey(ids, rows, String, (r) => String(r.participantId));
  }, { check: (id) => (fitsInteger(id) ? undefined : outOfRange('A participant id')) }),
);

export async function balancesOf(db: Pick<Database, 'sql'>, participantId: number): Promise<BalanceView[]> {
  const rows = await balanceRows(db).load(participantId);
  const map = new Map(rows.map((r) => [r.currency, r.balance]));
  return CURRENCIES.map((currency) => ({ currency, amount: (map.get(currency) ?? 0n).toString() }));
}

export interface HistoryItem {
  id: string;
  currency: Currency;
  amount: string;
  direction: 'in' | 'out';
  kind: string;
  status: string;
  reference: string | null;
  /** What it is about in the reader's language: the product, the task, the friend, the reason; null when nothing more is known. */
  subject: string | null;
  createdAt: string;
}

export async function historyOf(
  prisma: Prisma,
  participantId: number,
  cursor: bigint | null,
  limit: number,
  lang: Lang = 'en',
): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  const accounts = await prisma.account.findMany({ where: { participantId }, select: { id: true } });
  const ids = accounts.map((a) => a.id);
  if (ids.length === 0) return { items: [], nextCursor: null };
  const rows = await prisma.transfer.findMany({
    where: {
      OR: [{ debitAccountId: { in: ids } }, { creditAccountId: { in: ids } }],
      ...(cursor != null ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const mine = new Set(ids);
  const page = rows.slice(0, limit);
  const subjects = await subjectsOf(prisma, page, lang);
  const items = page.map((t, i) => ({
    id: t.id.toString(),
    currency: t.currency,
    amount: t.amount.toString(),
    direction: mine.has(t.creditAccountId) ? ('in' as const) : ('out' as const),
    kind: t.kind,
    status: t.status,
    reference: t.reference,
    subject: subjects[i],
    createdAt: t.createdAt.toISOString(),
  }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

export interface LedgerAudit {
  /** Per currency, the sum of every balance; the ledger is sound when all are zero. */
  sums: Record<string, string>;
  /** Accounts whose stored balance differs from the sum of their transfers. */
  drifted: { accountId: number; stored: string; fromTransfers: string }[];
  /** Participant accounts below zero (the CHECK constraint should make this impossible). */
  negative: number;
}

export async function auditLedger(prisma: Prisma): Promise<LedgerAudit> {
  const sums = await prisma.$queryRawUnsafe<{ currency: string; total: string }[]>(
    `SELECT c.currency::text AS currency, COALESCE(SUM(a.balance), 0)::text AS total
       FROM unnest(enum_range(NULL::"Currency")) AS c(currency)
       LEFT JOIN "Account" a ON a.currency = c.currency
      GROUP BY c.currency`,
  );
  const drifted = await prisma.$queryRawUnsafe<{ accountId: number; stored: string; fromTransfers: string }[]>(
    `SELECT a.id AS "accountId", a.balance::text AS stored, COALESCE(m.net, 0)::text AS "fromTransfers"
       FROM "Account" a
       LEFT JOIN (
         SELECT id, SUM(delta) AS net FROM (
           SELECT "creditAccountId" AS id, amount AS delta FROM "Transfer"
           UNION ALL
           SELECT "debitAccountId" AS id, -amount AS delta FROM "Transfer"
         ) x GROUP BY id
       ) m ON m.id = a.id
      WHERE a.balance <> COALESCE(m.net, 0)`,
  );
  const [neg] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "Account" WHERE kind = 'PARTICIPANT' AND balance < 0`,
  );
  return { sums: Object.fromEntries(sums.map((s) => [s.currency, s.total])), drifted, negative: neg.n };
}

export function isBalanced(a: LedgerAudit): boolean {
  return Object.values(a.sums).every((v) => v === '0') && a.drifted.length === 0 && a.negative === 0;
}
