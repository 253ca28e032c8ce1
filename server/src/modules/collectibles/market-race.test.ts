import { describe, expect, it, vi } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { RACE } from '../../test/db.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

// Buyers on different API processes: each process's queue (oneAtATime) orders only its own calls, so here
// it orders none and the listing's row lock alone must make it sell once and tell every loser why.
vi.mock('../../db/one-at-a-time.ts', () => ({ oneAtATime: <T>(_key: string, fn: () => Promise<T>) => fn() }));

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9500' });
const owner = { telegramId: 9500, firstName: 'Owner' };
const ann = { telegramId: 9601, firstName: 'Ann' };

async function points(u: { telegramId: number }, amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `grant:${u.telegramId}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
  );
}

describe('a listing bought from several API processes at once', () => {
  it(`sells once; every other buyer is told it is no longer available and keeps their points (${RACE})`, async () => {
    await h.as(owner).profile.me();
    const c = await h.as(owner).admin.collectibles.createCollection({
      slug: 'critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: 'Critters', ru: 'Зверята' }, supplyCap: 10, attributes: DEMO_ATTRIBUTES,
    });
    const d = await h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply: 1, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
    await points(ann, 100n);
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const listing = await h.as(ann).market.list({ editionId: editionId!, currency: 'POINTS', price: '300' });
    const buyers = Array.from({ length: 6 }, (_, i) => ({ telegramId: 9800 + i, firstName: `Buyer ${i}` }));
    for (const b of buyers) await points(b, 1000n);

    const results = await Promise.allSettled(buyers.map((b) => h.as(b).market.buy({ listingId: listing.id })));

    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [buyers[i]] : []));
    expect(won).toHaveLength(1);
    const reasons = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason))));
    expect(reasons.map((f) => `${f.code} ${f.appCode}`)).toEqual(Array(5).fill('CONFLICT LISTING_NOT_AVAILABLE'));
    const edition = await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: editionId! } });
    const winner = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(won[0].telegramId) } });
    expect(edition.ownerId).toBe(winner.id);
    for (const b of buyers) {
      const left = (await h.as(b).ledger.balances()).find((x) => x.currency === 'POINTS')!.amount;
      expect(left).toBe(b === won[0] ? '700' : '1000');
    }
    expect(await h.deps.prisma.editionTransfer.count({ where: { editionId: editionId!, kind: 'SALE' } })).toBe(1);
    await h.expectLedgerBalanced();
  });
});
