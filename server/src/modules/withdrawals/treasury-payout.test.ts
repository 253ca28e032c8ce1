import { randomBytes } from 'node:crypto';
import { toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { Treasury, treasuryCode } from '@app/contracts/treasury';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
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
  sender = treasurySender(sandboxGateway(chain), treasury.address, seed.toString('hex'));
});
beforeEach(() => {
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
