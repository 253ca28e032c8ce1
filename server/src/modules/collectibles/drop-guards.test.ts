import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { deliverCollectible } from '../editions/service.ts';

// A drop's edges one at a time: prizes from its supply, when its seed is revealed, what a verifier is
// told about an edition whose attributes were changed. Written from `pnpm mutate`'s survivors (scripts/mutate).
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9800' });
const owner = { telegramId: 9800, firstName: 'Owner' };
const ann = { telegramId: 9801, firstName: 'Ann' };

async function drop(supply: number, o: { endsAt?: string } = {}) {
  await h.as(owner).profile.me();
  const c = await h.as(owner).admin.collectibles.createCollection({
    slug: 'drop-critters', title: { en: 'Critters', ru: 'Зверята' }, description: { en: 'Critters', ru: 'Зверята' }, supplyCap: 100, attributes: DEMO_ATTRIBUTES,
  });
  return h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply, startsAt: '2026-11-24T00:00:00.000Z', endsAt: o.endsAt, pricePoints: '100' });
}
async function grant(u: { telegramId: number }, amount: bigint) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  await inTx(h.deps.prisma, (tx) => transfer(tx, { key: `grant:${u.telegramId}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }));
  return p.id;
}

describe('a prize from a drop', () => {
  it('takes one edition from the supply once per key, audited, and is refused when nothing is left or nobody is there', async () => {
    const d = await drop(2);
    const annId = await grant(ann, 1n);
    const award = (key: string, telegramId = String(ann.telegramId)) => h.as(owner).admin.collectibles.award({ dropId: d.id, telegramId, key });
    const first = await award('season-1');
    expect(first).toMatchObject({ created: true });
    expect(await award('season-1')).toEqual({ editionId: first.editionId, created: false });
    const edition = await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: first.editionId } });
    expect(edition).toMatchObject({ ownerId: annId, number: 1, rollInput: `${d.id}:award-season-1`, dropId: d.id, orderId: null });
    expect(await h.deps.prisma.editionTransfer.findFirstOrThrow({ where: { editionId: first.editionId } })).toMatchObject({ kind: 'AWARD', toId: annId, currency: null, price: null });
    const audits = await h.deps.prisma.auditLog.findMany({ where: { action: 'edition.awarded' } });
    expect(audits.map((a) => [a.subjectId, a.data])).toEqual([[String(first.editionId), { to: annId, dropId: d.id }]]);
    expect((await h.as(ann).collectibles.drops()).find((x) => x.id === d.id)).toMatchObject({ left: 1 });

    expect(await failure(award('season-2', '9899'))).toEqual({ code: 'NOT_FOUND', appCode: 'RECIPIENT_NOT_FOUND', message: 'No participant with this Telegram id.', details: undefined });
    expect(await award('season-2')).toMatchObject({ created: true });
    expect(await failure(award('season-3'))).toEqual({ code: 'CONFLICT', appCode: 'SOLD_OUT', message: 'Nothing left in this drop.', details: undefined });
    expect((await h.as(ann).collectibles.mine()).map((e) => e.number).sort()).toEqual([1, 2]);
  });
});

describe('an edition from a drop', () => {
  it('is delivered once per order, however often delivery runs', async () => {
    const d = await drop(3);
    await grant(ann, 1000n);
    const { editionId, invoice } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const order = await h.deps.prisma.order.findFirstOrThrow({ where: { invoiceId: invoice.id }, include: { product: true } });
    const again = await inTx(h.deps.prisma, (tx) => deliverCollectible(tx, order, order.product, h.clock.now()));
    expect(again.id).toBe(editionId);
    expect(await h.deps.prisma.edition.count()).toBe(1);
    expect((await h.deps.prisma.collection.findFirstOrThrow()).minted).toBe(1);
    expect(await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: editionId! } })).toMatchObject({ orderId: order.id, rollInput: `${d.id}:${order.id}` });
  });

  it('is refused past the collection\'s supply cap (SOLD_OUT), whatever the drop has left', async () => {
    const d = await drop(3);
    await h.as(ann).profile.me();
    await h.deps.prisma.collection.updateMany({ data: { minted: 100 } });
    expect(await failure(h.as(owner).admin.collectibles.award({ dropId: d.id, telegramId: String(ann.telegramId), key: 'over-cap' }))).toEqual({
      code: 'CONFLICT', appCode: 'SOLD_OUT', message: 'This collection has reached its supply cap.', details: undefined,
    });
    expect(await h.deps.prisma.edition.count()).toBe(0);
  });
});

describe('verifying a drop', () => {
  it('reveals the seed once the drop has ended, and names an edition whose attributes no longer match its roll', async () => {
    const d = await drop(5, { endsAt: '2026-12-10T00:00:00.000Z' });
    await grant(ann, 1000n);
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const open = await h.as(ann).collectibles.verifyDrop({ dropId: d.id });
    expect(open).toMatchObject({ revealed: false, seed: null, seedMatchesHash: null, allMatch: null });
    expect(open.rolls.map((r) => r.matches)).toEqual([null, null]);

    h.clock.set(new Date('2026-12-10T00:00:00.000Z'));
    expect(await failure(h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' }))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'DROP_NOT_OPEN', message: 'This drop has ended.' });
    const closed = await h.as(ann).collectibles.verifyDrop({ dropId: d.id });
    expect(closed).toMatchObject({ revealed: true, seedMatchesHash: true, allMatch: true });
    expect(closed.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(closed.algorithm).toContain('HMAC-SHA256');

    // Someone changed an edition's backdrop in the database: the verifier sees exactly which one.
    const e = await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: editionId! } });
    const other = DEMO_ATTRIBUTES.backdrop.find((b) => b.value !== e.backdrop)!.value;
    await h.deps.prisma.edition.update({ where: { id: e.id }, data: { backdrop: other } });
    const tampered = await h.as(ann).collectibles.verifyDrop({ dropId: d.id });
    expect(tampered.allMatch).toBe(false);
    expect(tampered.rolls.map((r) => [r.number, r.matches])).toEqual([[1, false], [2, true]]);
    expect(await failure(h.as(ann).collectibles.verifyDrop({ dropId: d.id + 99 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'DROP_NOT_FOUND', message: 'This drop does not exist.' });
  });
});
