import { Currency } from '../../generated/prisma/enums.ts';

/** Every ledger currency, from the schema's enum: a new one is a migration, not a list to keep in step. */
export const CURRENCIES = Object.values(Currency) as readonly Currency[];

/** System accounts. They may go negative; per currency, all accounts sum to zero. */
export const SystemAccount = {
  /** Source of points and prizes the community gives away. */
  ISSUANCE: 'issuance',
  /** What participants paid for products. */
  REVENUE: 'revenue',
  /** Money on its way in from outside (Stars, TON arriving at the treasury). */
  EXTERNAL: 'external',
  /** Two-phase holds (withdrawals, escrow) wait here until posted or voided. */
  HOLD: 'hold',
  /** Money that left to outside (TON payouts). */
  PAYOUTS: 'payouts',
  /** Fees the community keeps. */
  FEES: 'fees',
  /** Points removed from circulation (spent on products, burnt). */
  SINK: 'sink',
  /** The other side of corrections finance makes by hand (credit or debit with a reason). */
  ADJUSTMENTS: 'adjustments',
} as const;
export type SystemCode = (typeof SystemAccount)[keyof typeof SystemAccount];

/** Hot system accounts are split into shards so concurrent transfers do not queue on one row. */
export const SYSTEM_SHARDS = 32;

export type AccountRef = { participantId: number } | { system: SystemCode; shard?: number };

export const participantAccount = (participantId: number): AccountRef => ({ participantId });
export const systemAccount = (system: SystemCode, shard?: number): AccountRef => ({ system, shard });
