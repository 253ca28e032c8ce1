import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

// The withdrawal rules one at a time: the risk flags admins see, who may decide what and when, and the
// holds a request leaves. Written from `pnpm mutate`'s survivors (scripts/mutate).
const TON = 1_000_000_000n;
const h = useHarness({
  ADMIN_TELEGRAM_IDS: '9150',
  WITHDRAW_MIN_NANO: String(TON / 10n),
  WITHDRAW_DAILY_MAX_NANO: String(50n * TON),
  WITHDRAW_FEE_NANO: String(TON / 100n),
  WITHDRAW_SECOND_APPROVAL_NANO: String(10n * TON),
});
const owner = { telegramId: 9150, firstName: 'Olga' };
const fin = { telegramId: 9151, firstName: 'Fedor' };
const pat = { telegramId: 8651, firstName: 'Pat' };
const DAY = 86_400_000;

/** Pat joins (or the given person), links a wallet now and gets `balance` TON. */
async function setup(balance: bigint, who = pat) {
  await h.as(owner).profile.me();
  await h.as(fin).profile.me();
  await h.deps.prisma.participant.update({ where: { telegramId: BigInt(fin.telegramId) }, data: { role: 'FINANCE' } });
  await h.as(who).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(who.telegramId) } });
  await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: `0:${String(who.telegramId).padStart(64, 'b')}`, chain: '-3', publicKey: 'cd'.repeat(32), linkedAt: h.clock.now() } });
  await inTx(h.deps.prisma, (tx) =>
    transfer(tx, { key: `prize:${who.telegramId}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: balance, kind: 'AWARD' }),
  );
  return p;
}
const ton = async (u: { telegramId: number } = pat) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'TON')!.amount;
const flagsOf = async (id: number) => (await h.as(owner).admin.withdrawals.list({})).items.find((r) => r.id === id)!.riskFlags;
const request = (amount: bigint, u = pat) => h.as(u).withdrawals.request({ amount: String(amount) });

describe('risk flags on a request', () => {
  it('mark a new account, a wallet linked today, an amount above the second-approval line, a fourth request today and an earlier rejection', async () => {
    await setup(100n * TON);
    const w = await request(10n * TON + 1n);
    expect(await flagsOf(w.id)).toEqual(['NEW_ACCOUNT', 'WALLET_JUST_LINKED', 'LARGE_AMOUNT']);

    await h.as(fin).admin.withdrawals.reject({ id: w.id, reason: 'too early' });
    const second = await request(TON);
    expect(await flagsOf(second.id)).toEqual(['NEW_ACCOUNT', 'WALLET_JUST_LINKED', 'REJECTED_BEFORE']);
    await request(TON);
    const fourth = await request(TON);
    // The fifth has three open requests before it today (the rejected one is no longer open), the fourth two.
    const fifth = await request(TON);
    expect(await flagsOf(fourth.id)).not.toContain('MANY_REQUESTS_TODAY');
    expect(await flagsOf(fifth.id)).toContain('MANY_REQUESTS_TODAY');
  });

  it('leave a settled account alone: a week old, a wallet linked a day ago, the amount at the line itself', async () => {
    const p = await setup(100n * TON);
    h.clock.advance({ days: 7 });
    // The wallet was linked a day before the request, to the millisecond.
    await h.deps.prisma.wallet.update({ where: { participantId: p.id }, data: { linkedAt: new Date(h.clock.now().getTime() - DAY) } });
    const w = await request(10n * TON);
    expect(await flagsOf(w.id)).toEqual([]);
    expect(await h.as(owner).admin.withdrawals.list({ flagged: true })).toMatchObject({ items: [], total: 0 });
  });
});

describe('risk flags over time and across people', () => {
  it("keep NEW_ACCOUNT for the account's first week only, and REJECTED_BEFORE for the participant's own rejections only", async () => {
    const ben = { telegramId: 8652, firstName: 'Ben' };
    await setup(100n * TON, ben);
    const bens = await request(TON, ben);
    await h.as(fin).admin.withdrawals.reject({ id: bens.id, reason: 'not this time' });
    const p = await setup(100n * TON);
    const early = await request(TON);
    await h.as(pat).withdrawals.cancel({ id: early.id });
    h.clock.advance({ days: 3 });
    await h.deps.prisma.wallet.update({ where: { participantId: p.id }, data: { linkedAt: new Date(h.clock.now().getTime() - 2 * DAY) } });
    const w = await request(TON);
    expect(await flagsOf(w.id)).toEqual(['NEW_ACCOUNT']);
  });
});

describe('deciding a request', () => {
  it("refuses an admin's own request (FORBIDDEN), one that does not exist, and one already decided (WITHDRAWAL_STATE)", async () => {
    await setup(100n * TON, owner);
    const mine = await request(TON, owner);
    expect(await failure(h.as(owner).admin.withdrawals.approve({ id: mine.id }))).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN', message: 'You cannot approve your own withdrawal.' });
    for (const call of [() => h.as(fin).admin.withdrawals.approve({ id: mine.id + 100 }), () => h.as(fin).admin.withdrawals.reject({ id: mine.id + 100, reason: 'no such thing' })]) {
      expect(await failure(call())).toEqual({ code: 'NOT_FOUND', appCode: 'WITHDRAWAL_NOT_FOUND', message: 'Withdrawal request not found.', details: undefined });
    }
    expect(await h.as(fin).admin.withdrawals.approve({ id: mine.id })).toMatchObject({ status: 'APPROVED', approvals: 1, approvalsNeeded: 1, decidedAt: h.clock.now().toISOString() });
    expect(await failure(h.as(fin).admin.withdrawals.approve({ id: mine.id }))).toMatchObject({ code: 'CONFLICT', appCode: 'WITHDRAWAL_STATE', message: 'This request is already approved.' });

    const cancelled = await request(TON, owner);
    await h.as(owner).withdrawals.cancel({ id: cancelled.id });
    expect(await failure(h.as(fin).admin.withdrawals.reject({ id: cancelled.id, reason: 'too late' }))).toMatchObject({
      code: 'CONFLICT', appCode: 'WITHDRAWAL_STATE', message: 'This request is already cancelled.',
    });
    expect(await failure(h.as(owner).withdrawals.cancel({ id: cancelled.id }))).toMatchObject({
      code: 'CONFLICT', appCode: 'WITHDRAWAL_STATE', message: 'Only a request that is still waiting for approval can be cancelled.',
    });
    // The approved one still holds its amount and fee; the cancelled one gave both back.
    expect(await ton(owner)).toBe(String(100n * TON - TON - TON / 100n));
    await h.expectLedgerBalanced();
  });

  it('records each approval with how many are needed, and only the last one approves', async () => {
    await setup(100n * TON);
    const big = await request(20n * TON);
    const first = await h.as(fin).admin.withdrawals.approve({ id: big.id });
    expect(first).toMatchObject({ status: 'REQUESTED', approvals: 1, approvalsNeeded: 2, decidedAt: null });
    h.clock.advance({ minutes: 5 });
    const second = await h.as(owner).admin.withdrawals.approve({ id: big.id });
    expect(second).toMatchObject({ status: 'APPROVED', approvals: 2, decidedAt: h.clock.now().toISOString() });
    const { audit } = await h.as(owner).admin.withdrawals.history({ id: big.id });
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ['withdrawal.requested', expect.objectContaining({ amount: String(20n * TON), fee: String(TON / 100n) })],
      ['withdrawal.approval', { count: 1, needed: 2 }],
      ['withdrawal.approval', { count: 2, needed: 2 }],
      ['withdrawal.approved', null],
    ]);
  });
});

describe('the holds a request leaves', () => {
  it('are the amount and the fee, each named after the request, and both come back on cancel', async () => {
    await setup(10n * TON);
    const w = await request(2n * TON);
    const held = (await h.as(pat).ledger.history()).items.filter((i) => i.kind.startsWith('WITHDRAWAL'));
    expect(held.map((i) => [i.kind, i.amount, i.status])).toEqual([
      ['WITHDRAWAL_FEE_HOLD', String(TON / 100n), 'PENDING'],
      ['WITHDRAWAL_HOLD', String(2n * TON), 'PENDING'],
    ]);
    expect(held[0].reference).toMatch(/^withdrawal:\d+$/);
    expect(held[1].reference).toBe(held[0].reference);
    await h.as(pat).withdrawals.cancel({ id: w.id });
    expect(await ton()).toBe(String(10n * TON));
    const back = (await h.as(pat).ledger.history()).items.filter((i) => i.kind === 'WITHDRAWAL_CANCELLED');
    expect(back.map((i) => [i.direction, i.amount]).sort()).toEqual([['in', String(TON / 100n)], ['in', String(2n * TON)]]);
    await h.expectLedgerBalanced();
  });

  it('hold no fee when the community charges none', async () => {
    const cfg = h.deps.config.withdrawals as { fee: bigint };
    const fee = cfg.fee;
    cfg.fee = 0n;
    try {
      await setup(10n * TON);
      const w = await request(2n * TON);
      expect(w).toMatchObject({ amount: String(2n * TON), fee: '0' });
      expect(await ton()).toBe(String(8n * TON));
      expect((await h.as(pat).ledger.history()).items.map((i) => i.kind)).toEqual(['WITHDRAWAL_HOLD', 'AWARD']);
      await h.as(fin).admin.withdrawals.reject({ id: w.id, reason: 'testing fees' });
      expect(await ton()).toBe(String(10n * TON));
      await h.expectLedgerBalanced();
    } finally {
      cfg.fee = fee;
    }
  });

  it('count only open requests toward the daily maximum', async () => {
    await setup(200n * TON);
    const a = await request(40n * TON);
    await h.as(pat).withdrawals.cancel({ id: a.id });
    const b = await request(40n * TON);
    await h.as(fin).admin.withdrawals.reject({ id: b.id, reason: 'not today' });
    // Neither the cancelled nor the rejected request used up the day.
    expect(await request(50n * TON)).toMatchObject({ status: 'REQUESTED' });
    expect(await failure(request(TON / 10n))).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'WITHDRAWAL_DAILY_LIMIT', message: 'You can withdraw up to 0 TON more today.', details: { left: '0' } });
    expect(await failure(request(TON / 20n))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'WITHDRAWAL_TOO_SMALL', message: 'The minimum withdrawal is 0.1 TON.', details: { min: String(TON / 10n) } });
  });
});
