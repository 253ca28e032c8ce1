import { randomBytes } from 'node:crypto';
import { toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { Treasury, treasuryCode } from '@app/contracts/treasury';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../../test/server-harness.ts';
import { flakyGateway, sandboxGateway, type FlakyGateway } from '../../test/ton.ts';
import { watchTreasury } from './ton.ts';

let chain: Blockchain;
let gateway: FlakyGateway;
let treasury: SandboxContract<Treasury>;
let payer: SandboxContract<TreasuryContract>;
const ready = (async () => {
  chain = await Blockchain.create();
  gateway = flakyGateway(sandboxGateway(chain));
  const admin = await chain.treasury('community-owner');
  treasury = chain.openContract(
    Treasury.createFromConfig({ owner: admin.address, operatorKey: keyPairFromSeed(randomBytes(32)).publicKey, cap: toNano('10'), periodSeconds: 86_400 }, await treasuryCode()),
  );
  await treasury.sendDeploy(admin.getSender(), toNano('1'));
  payer = await chain.treasury('participant-wallet');
})();

const h = useServer({}, { ton: () => gateway });
beforeAll(async () => {
  await ready;
  (h.config.ton as { treasury?: string }).treasury = treasury.address.toRawString();
});

const buyers = [8281, 8282, 8283].map((telegramId) => ({ telegramId, firstName: 'Tom' }));
const watch = (o?: { maxSettle?: number }) => watchTreasury(h.running.deps, gateway, o);
const invoiceStatus = async (buyer: (typeof buyers)[number], id: string) => (await h.call(buyer, 'payments.invoice', { id })).body.result.data.status;

describe('the treasury watcher while the TON gateway fails', () => {
  it('retries from its cursor and settles each payment once', async () => {
    h.clock.set(new Date(Date.now() + 3_600_000));
    chain.now = Math.floor(h.clock.now().getTime() / 1000);
    // Past what was on chain before the story (the contract's deployment).
    await watch();
    const product = await h.db.prisma.product.create({
      data: { slug: 'badge', kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'TON', amount: toNano('1.5') }] } },
    });
    const invoices: string[] = [];
    for (const buyer of buyers) {
      const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'TON' })).body.result.data;
      await treasury.sendPayment(payer.getSender(), toNano('1.5'), inv.ton.comment);
      invoices.push(inv.id);
    }
    const transfersBefore = await h.db.prisma.tonTransfer.count();

    // The gateway answers 502, then times out: the pass fails and nothing is settled or skipped.
    gateway.fail(1, 'throw');
    await expect(watch()).rejects.toThrow(/502 Bad Gateway/);
    gateway.fail(1, 'timeout');
    await expect(watch()).rejects.toThrow(/timeout/);
    expect(await h.db.prisma.tonTransfer.count()).toBe(transfersBefore);
    expect(await invoiceStatus(buyers[0], invoices[0])).toBe('PENDING');

    // A pass that settles one and stops; the next fails; the one after picks up from the cursor.
    expect((await watch({ maxSettle: 1 })).outcomes).toEqual(['PAID']);
    gateway.fail(2, 'timeout');
    await expect(watch()).rejects.toThrow(/timeout/);
    await expect(watch()).rejects.toThrow(/timeout/);
    expect((await watch()).outcomes).toEqual(['PAID', 'PAID']);
    expect((await watch()).outcomes).toEqual([]);

    for (const [i, buyer] of buyers.entries()) expect(await invoiceStatus(buyer, invoices[i])).toBe('PAID');
    expect(await h.db.prisma.tonTransfer.count()).toBe(transfersBefore + 3);
    expect(await h.db.prisma.auditLog.count({ where: { action: 'ton.paid' } })).toBe(3);
    expect(gateway.failures).toBe(4);
    await h.expectLedgerBalanced();
  });
});
