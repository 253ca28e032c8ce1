import { randomBytes } from 'node:crypto';
import { toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { Treasury, treasuryCode } from '@app/contracts/treasury';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
import { readComment } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { runPayouts } from './payout.ts';
import { treasurySender } from './treasury-sender.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9350', WITHDRAW_FEE_NANO: '0' });
const owner = { telegramId: 9350 };
const pat = { telegramId: 8851, firstName: 'Pat' };

let chain: Blockchain;
let treasury: SandboxContract<Treasury>;
let recipient: SandboxContract<TreasuryContract>;
let sender: ReturnType<typeof treasurySender>;
let operatorSeed: Buffer;
let tick = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  chain = await Blockchain.create();
  const seed = randomBytes(32);
  const admin = await chain.treasury('community-owner');
  treasury = chain.openContract(
    Treasury.createFromConfig({ owner: admin.address, operatorKey: keyPairFromSeed(seed).publicKey, cap: 5n * TON, periodSeconds: 86_400 }, await treasuryCode()),
  );
  await treasury.sendDeploy(admin.getSender(), toNano('100'));
  recipient = await chain.treasury('participant-wallet');
  operatorSeed = seed;
});
beforeEach(() => {
  // Built in each test, not once for the file: a sender that cannot be built fails every test instead of skipping them.
  sender = treasurySender(sandboxGateway(chain), treasury.address, operatorSeed.toString('hex'));
  tick += 3600;
  chain.now = tick;
  h.clock.set(new Date(tick * 1000));
});
const advance = (s: number) => {
  tick += s;
  chain.now = tick;
  h.clock.advance({ seconds: s });
};

async function approved(amount: bigint) {
  await h.as(owner).profile.me();
  await h.as(pat).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
  await h.deps.prisma.wallet.upsert({ where: { participantId: p.id }, create: { participantId: p.id, address: recipient.address.toRawString(), chain: '-3', publicKey: 'ab'.repeat(32) }, update: {} });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `prize:${tick}:${amount}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount, kind: 'AWARD' }),
  );
  const w = await h.as(pat).withdrawals.request({ amount: String(amount) });
  await h.as(owner).admin.withdrawals.approve({ id: w.id });
  return w;
}

const status = async (id: number) => (await h.deps.prisma.withdrawal.findUniqueOrThrow({ where: { id } })).status;

describe('payouts from the Treasury contract (sandbox TVM)', () => {
  it('signs with the operator key through the wrapper, pays once and confirms by query id', async () => {
    const w = await approved(2n * TON);
    const before = await recipient.getBalance();
    expect((await runPayouts(h.deps, sender)).sent).toEqual([w.id]);
    expect(await treasury.getSeqno()).toBe(1);
    // A restarted worker finds the payout on chain and does not send again.
    advance(600);
    expect((await runPayouts(h.deps, sender)).completed).toEqual([w.id]);
    const received = (await recipient.getBalance()) - before;
    expect(received).toBeLessThanOrEqual(2n * TON);
    expect(received).toBeGreaterThan(2n * TON - toNano('0.001'));
    expect(await treasury.getSeqno()).toBe(1);
    await h.expectLedgerBalanced();
  });

  it('a payout over the on-chain cap is refused by the contract; after retries the funds go back', async () => {
    const w = await approved(6n * TON);
    for (let i = 0; i < 3; i++) {
      await runPayouts(h.deps, sender);
      advance(200);
    }
    expect((await runPayouts(h.deps, sender)).failed).toEqual([w.id]);
    expect(await status(w.id)).toBe('FAILED');
    expect((await h.as(pat).ledger.balances()).find((b) => b.currency === 'TON')!.amount).toBe(String(6n * TON));
    await h.expectLedgerBalanced();
  });
});

describe("the Treasury sender's own messages", () => {
  it('signs with a 64-byte operator secret key as with its 32-byte seed, and finds each payout by its own query id only', async () => {
    const seed = randomBytes(32);
    const admin = await chain.treasury('second-owner');
    const t = chain.openContract(Treasury.createFromConfig({ owner: admin.address, operatorKey: keyPairFromSeed(seed).publicKey, cap: 5n * TON, periodSeconds: 86_400 }, await treasuryCode()));
    await t.sendDeploy(admin.getSender(), toNano('20'));
    const bySecretKey = treasurySender(sandboxGateway(chain), t.address, keyPairFromSeed(seed).secretKey.toString('hex'));
    const since = new Date((tick - 60) * 1000);
    await bySecretKey.send({ to: recipient.address, amount: TON, queryId: 4242n, comment: 'Withdrawal #9', seqno: await bySecretKey.seqno(), validUntil: tick + 60 });
    expect(await t.getSeqno()).toBe(1);
    const [tx] = await sandboxGateway(chain).getTransactions(recipient.address, { limit: 1 });
    expect(readComment(tx.inMessage!.body)).toBe('Withdrawal #9 q:4242');
    const [paid] = await sandboxGateway(chain).getTransactions(t.address, { limit: 1 });
    expect(await bySecretKey.find(4242n, since)).toEqual({ hash: paid.hash().toString('hex') });
    for (const other of [242n, 42420n, 1n]) expect(await bySecretKey.find(other, since)).toBeNull();
  });

  it('a treasury run dry takes the signed payout (its seqno moves on) but sends nothing: it is not taken as paid, and after the retries the funds go back', async () => {
    const seed = randomBytes(32);
    const admin = await chain.treasury('dry-owner');
    // Each accepted attempt counts toward the cap though nothing left: room here for all three.
    const dry = chain.openContract(Treasury.createFromConfig({ owner: admin.address, operatorKey: keyPairFromSeed(seed).publicKey, cap: 10n * TON, periodSeconds: 86_400 }, await treasuryCode()));
    await dry.sendDeploy(admin.getSender(), toNano('0.5'));
    const drySender = treasurySender(sandboxGateway(chain), dry.address, seed.toString('hex'));
    const w = await approved(2n * TON);
    const before = await recipient.getBalance();
    expect((await runPayouts(h.deps, drySender)).sent).toEqual([w.id]);
    expect(await dry.getSeqno()).toBe(1);
    for (let i = 0; i < 3; i++) {
      advance(200);
      await runPayouts(h.deps, drySender);
    }
    expect(await dry.getSeqno()).toBe(3);
    expect(await status(w.id)).toBe('FAILED');
    expect(await recipient.getBalance()).toBe(before);
    expect((await h.as(pat).ledger.balances()).find((b) => b.currency === 'TON')!.amount).toBe(String(2n * TON));
    await h.expectLedgerBalanced();
  });
});
