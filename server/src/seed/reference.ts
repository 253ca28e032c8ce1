// Reference data every database needs, demo or not: system accounts and levels. Run at every start,
// by prisma/seed.ts and after each test's reset.
import type { Prisma } from '../db/client.ts';
import { CURRENCIES, SYSTEM_SHARDS, SystemAccount } from '../modules/ledger/accounts.ts';

/** System accounts exist for every code, currency and shard; safe to run at every start. */
export async function ensureSystemAccounts(prisma: Prisma): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Account" (kind, code, currency, shard)
     SELECT 'SYSTEM', code, currency::"Currency", shard
       FROM unnest($1::text[]) AS code, unnest($2::text[]) AS currency, generate_series(0, $3 - 1) AS shard
     ON CONFLICT (code, currency, shard) DO NOTHING`,
    Object.values(SystemAccount),
    [...CURRENCIES],
    SYSTEM_SHARDS,
  );
}

export const DEFAULT_LEVELS = [
  { level: 1, threshold: 0n, multiplierBps: 10_000, title: { en: 'Newcomer', ru: 'Новичок' } },
  { level: 2, threshold: 500n, multiplierBps: 10_500, title: { en: 'Regular', ru: 'Завсегдатай' } },
  { level: 3, threshold: 2_000n, multiplierBps: 11_000, title: { en: 'Enthusiast', ru: 'Энтузиаст' } },
  { level: 4, threshold: 5_000n, multiplierBps: 12_000, title: { en: 'Expert', ru: 'Эксперт' } },
  { level: 5, threshold: 15_000n, multiplierBps: 13_500, title: { en: 'Legend', ru: 'Легенда' } },
];

export async function ensureLevels(prisma: Prisma): Promise<void> {
  if ((await prisma.level.count()) > 0) return;
  await prisma.level.createMany({ data: DEFAULT_LEVELS, skipDuplicates: true });
}
