import { randomBytes } from 'node:crypto';
import { Address, toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { Treasury, treasuryCode } from '@app/contracts/treasury';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../../test/server-harness.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { watchTreasury } from './ton.ts';

let chain: Blockchain;
let treasury: SandboxContract<Treasury>;
let payer: SandboxContract<TreasuryContract>;
const ready = (async () => {
  chain = await Blockchain.create();
  const admin = await chain.treasury('community-owner');
  treasury = chain.openContract(
    Treasury.createFromConfig({ owner: admin.address, operatorKey: keyPairFromSeed(randomBytes(32)).publicKey, cap: toNano('10'), periodSeconds: 86_400 }, await treasuryCode()),
  );
  await treasury.sendDeploy(admin.getSender(), toNano('1'));
  payer = await chain.treasury('participant-wallet');
})();

const h = useServer({}, { ton: () => sandboxGateway(chain) });
beforeAll(async () => {
  await ready;
  (h.config.ton as { treasury?: string }).treasury = treasury.address.toRawString();
});

describe('TON payments into the Treasury contract', () => {
  it('the watcher reads an invoice payment from the contract’s transactions and settles it once', async () => {
    h.clock.set(new Date(Date.now() + 3_600_000));
    chain.now = Math.floor(h.clock.now().getTime() / 1000);
    const product = await h.db.prisma.product.create({
      data: { slug: 'badge', kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'TON', amount: toNano('1.5') }] } },
    });
    const buyer = { telegramId: 8271, firstName: 'Tess' };
    const inv = (await h.call(buyer, 'shop.buy', { productId: product.id, currency: 'TON' })).body.result.data;
    expect(Address.parseRaw(inv.ton.address).toString()).toBe(treasury.address.toString());
    await treasury.sendPayment(payer.getSender(), toNano('1.5'), inv.ton.comment);
    const first = await watchTreasury(h.running.deps, h.running.deps.ton!);
    expect(first.outcomes.at(-1)).toBe('PAID');
    expect((await watchTreasury(h.running.deps, h.running.deps.ton!)).outcomes).toEqual([]);
    expect((await h.call(buyer, 'payments.invoice', { id: inv.id })).body.result.data).toMatchObject({ status: 'PAID', orderStatus: 'FULFILLED' });
    await h.expectLedgerBalanced();
  });

  it('a message the contract refuses (an owner-only operation from a participant) is recorded as ABORTED, crediting no one', async () => {
    h.clock.set(new Date(chain.now! * 1000 + 60_000));
    // The chain outlives the previous story's database: the watcher starts caught up with it.
    const [latest] = await sandboxGateway(chain).getTransactions(treasury.address, { limit: 1 });
    await h.db.prisma.jobState.create({ data: { name: 'ton-watcher', data: { lt: latest.lt.toString(), hash: latest.hash().toString('hex') } } });
    const buyer = { telegramId: 8272, firstName: 'Ivo' };
    await h.call(buyer, 'profile.me');
    // Looks like a payment to the invoice by its amount, but carries the owner's withdraw operation: the contract throws and bounces it.
    const body = Treasury.withdrawMessage(toNano('1'), payer.address);
    const sent = await payer.send({ to: treasury.address, value: toNano('1'), body, bounce: true });
    expect(sent.transactions.some((t) => t.description.type === 'generic' && t.description.aborted)).toBe(true);
    expect((await watchTreasury(h.running.deps, h.running.deps.ton!)).outcomes).toEqual(['ABORTED']);
    const row = await h.db.prisma.tonTransfer.findFirstOrThrow({ where: { outcome: 'ABORTED' } });
    expect(row).toMatchObject({ aborted: true, invoiceId: null, participantId: null, amount: toNano('1') });
    expect(await h.db.prisma.transfer.count({ where: { kind: 'TON_PAYMENT' } })).toBe(0);
    await h.expectLedgerBalanced();
  });
});
