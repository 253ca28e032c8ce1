import { expect } from 'vitest';
import type { Prisma } from '../db/client.ts';
import { auditLedger } from '../modules/ledger/queries.ts';

/**
 * The ledger's invariants, checked the same way by every harness and story: every currency sums to
 * zero, every stored balance equals its transfers, and no participant's balance is below zero.
 */
export async function expectLedgerSound(prisma: Prisma): Promise<void> {
  const audit = await auditLedger(prisma);
  expect(audit.drifted, 'accounts whose balance differs from their transfers').toEqual([]);
  expect(audit.negative, 'participant accounts below zero').toBe(0);
  expect(audit.sums, 'per currency, all balances sum to zero').toEqual(Object.fromEntries(Object.keys(audit.sums).map((c) => [c, '0'])));
}
