import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const TON = 1_000_000_000n;
const h = useHarness({
  ADMIN_TELEGRAM_IDS: '9100',
  WITHDRAW_MIN_NANO: String(TON / 10n),
  WITHDRAW_DAILY_MAX_NANO: String(50n * TON),
  WITHDRAW_FEE_NANO: String(TON / 100n),
  WITHDRAW_SECOND_APPROVAL_NANO: String(10n * TON),
  ADMIN_CHAT_ID: '-100777',
});
const owner = { telegramId: 9100, firstName: 'Olga' };
const finance = { telegramId: 9101, firstName: 'Fedor' };
const moderator = { telegramId: 9102, firstName: 'Mila' };
const pat = { telegramId: 8601, firstName: 'Pat' };

async function setup(balance: bigint, who = pat) {
  for (const [u, role] of [[finance, 'FINANCE'], [moderator, 'MODERATOR']] as const) {
    await h.as(u).profile.me();
    await h.deps.prisma.participant.update({ where: { telegramId: BigInt(u.telegramId) }, data: { role } });
  }
  await h.as(owner).profile.me();
  await h.as(who).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(who.telegramId) } });
  await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: `0:${String(who.telegramId).padStart(64, 'a')}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
  if (balance > 0n) {
    await inTx(h.deps.prisma, (tx) =>
      transfer(tx, { key: `prize:${who.telegramId}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: balance, kind: 'AWARD' }),
    );
  }
  return p;
}

const ton = async (u = pat) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'TON')!.amount;

describe('withdrawal requests', () => {
  it('holds amount plus fee, posts a request with buttons to the admins’ chat, and returns everything on reject', async () => {
    await setup(5n * TON);
    const w = await h.as(pat).withdrawals.request({ amount: String(2n * TON) });
    expect(w).toMatchObject({ id: expect.any(Number), status: 'REQUESTED', amount: String(2n * TON), fee: String(TON / 100n) });
    expect(await ton()).toBe(String(5n * TON - 2n * TON - TON / 100n));
    // The admins' chat is told by the outbox worker, after the request answered.
    expect(h.telegram.callsOf('sendMessage')).toEqual([]);
    await h.drain();
    const posted = h.telegram.callsOf('sendMessage').find((c) => c.params.chat_id === -100777)!;
    expect(posted.params.text).toContain(`Withdrawal #${w.id}`);
    expect(JSON.stringify(posted.params.reply_markup)).toContain(`wd:approve:${w.id}`);
    await h.expectLedgerBalanced();

    const rejected = await h.as(finance).admin.withdrawals.reject({ id: w.id, reason: 'suspicious pattern' });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'suspicious pattern' });
    expect(await ton()).toBe(String(5n * TON));
    await h.drain();
    expect(h.telegram.callsOf('editMessageText').at(-1)!.params.text).toContain(`Withdrawal #${w.id} — rejected`);
    expect(h.telegram.callsOf('sendMessage').some((c) => c.params.chat_id === pat.telegramId && /rejected: suspicious pattern/.test(c.params.text))).toBe(true);
    const { audit } = await h.as(owner).admin.withdrawals.history({ id: w.id });
    expect(audit.map((a) => a.action)).toEqual(['withdrawal.requested', 'withdrawal.rejected']);
    expect(audit[1].data).toEqual({ reason: 'suspicious pattern' });
    // Both holds come back to Pat, each marked as a rejection.
    const back = (await h.as(pat).ledger.history()).items.filter((i) => i.kind === 'WITHDRAWAL_REJECTED');
    expect(back.map((i) => [i.direction, i.amount]).sort()).toEqual([['in', String(TON / 100n)], ['in', String(2n * TON)]]);
    expect((await h.as(pat).withdrawals.list()).items[0]).toMatchObject({ status: 'REJECTED', rejectReason: 'suspicious pattern', decidedAt: h.clock.now().toISOString() });
    await h.expectLedgerBalanced();
  });

  it('tells the participant of each rejection, however many', async () => {
    await setup(5n * TON);
    const first = await h.as(pat).withdrawals.request({ amount: String(TON) });
    const second = await h.as(pat).withdrawals.request({ amount: String(2n * TON) });
    await h.as(finance).admin.withdrawals.reject({ id: first.id, reason: 'wrong wallet' });
    await h.as(finance).admin.withdrawals.reject({ id: second.id, reason: 'limit for new members' });
    await h.drain();
    const told = h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === pat.telegramId).map((c) => c.params.text as string);
    expect(told.filter((t) => /rejected: (wrong wallet|limit for new members)/.test(t))).toHaveLength(2);
    await h.expectLedgerBalanced();
  });

  it("tells the admins' chat of each request in its own post, and marks a cancelled one there", async () => {
    await setup(5n * TON);
    const first = await h.as(pat).withdrawals.request({ amount: String(TON) });
    const second = await h.as(pat).withdrawals.request({ amount: String(TON / 2n) });
    await h.drain();
    const posts = h.telegram.callsOf('sendMessage').filter((c) => c.params.chat_id === -100777).map((c) => c.params.text as string);
    expect(posts.filter((t) => t.includes(`Withdrawal #${first.id}`))).toHaveLength(1);
    expect(posts.filter((t) => t.includes(`Withdrawal #${second.id}`))).toHaveLength(1);

    h.clock.advance({ minutes: 3 });
    expect(await h.as(pat).withdrawals.cancel({ id: second.id })).toMatchObject({ status: 'CANCELLED', decidedAt: h.clock.now().toISOString() });
    await h.drain();
    expect(h.telegram.callsOf('editMessageText').at(-1)!.params.text).toContain(`Withdrawal #${second.id} — cancelled`);
    const me = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(pat.telegramId) } });
    const { audit } = await h.as(owner).admin.withdrawals.history({ id: second.id });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([['withdrawal.requested', me.id], ['withdrawal.cancelled', me.id]]);
    // The first is untouched: still waiting, still holding its amount and fee.
    expect((await h.as(pat).withdrawals.list()).items.map((i) => [i.id, i.status])).toEqual([[second.id, 'CANCELLED'], [first.id, 'REQUESTED']]);
    expect(await ton()).toBe(String(4n * TON - TON / 100n));
    await h.expectLedgerBalanced();
  });

  it('approves with one admin below the threshold and needs a second, different one above it', async () => {
    await setup(30n * TON);
    const small = await h.as(pat).withdrawals.request({ amount: String(1n * TON) });
    expect(await h.as(finance).admin.withdrawals.approve({ id: small.id })).toMatchObject({ status: 'APPROVED', approvals: 1 });

    const big = await h.as(pat).withdrawals.request({ amount: String(12n * TON) });
    const first = await h.as(finance).admin.withdrawals.approve({ id: big.id });
    expect(first).toMatchObject({ status: 'REQUESTED', approvals: 1, approvalsNeeded: 2 });
    expect(await failure(h.as(finance).admin.withdrawals.approve({ id: big.id }))).toMatchObject({
      code: 'CONFLICT', appCode: 'ALREADY_APPROVED', message: 'You already approved this request; another admin must approve it too.',
    });
    // Pat sees the approval so far, and what the rules are.
    expect(await h.as(pat).withdrawals.list()).toMatchObject({
      limits: { min: String(TON / 10n), dailyMax: String(50n * TON), fee: String(TON / 100n) },
      items: [{ id: big.id, status: 'REQUESTED', approvals: 1 }, { id: small.id, status: 'APPROVED', approvals: 1 }],
    });
    expect(await h.as(owner).admin.withdrawals.approve({ id: big.id })).toMatchObject({ status: 'APPROVED', approvals: 2 });
    // An approved request can still be stopped before the payout starts; its approval stays on record.
    expect(await h.as(owner).admin.withdrawals.reject({ id: small.id, reason: 'changed our mind' })).toMatchObject({ status: 'REJECTED', approvals: 1 });
    await h.expectLedgerBalanced();
  });

  it('cancels while waiting, not after a decision', async () => {
    await setup(3n * TON);
    const w = await h.as(pat).withdrawals.request({ amount: String(TON) });
    expect(await h.as(pat).withdrawals.cancel({ id: w.id })).toMatchObject({ status: 'CANCELLED' });
    expect(await ton()).toBe(String(3n * TON));
    const w2 = await h.as(pat).withdrawals.request({ amount: String(TON) });
    await h.as(finance).admin.withdrawals.approve({ id: w2.id });
    expect(await failure(h.as(pat).withdrawals.cancel({ id: w2.id }))).toMatchObject({ appCode: 'WITHDRAWAL_STATE' });
    // Someone else's request is not theirs to see or cancel.
    expect(await failure(h.as({ telegramId: 8699 }).withdrawals.cancel({ id: w2.id }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'WITHDRAWAL_NOT_FOUND', message: 'Withdrawal request not found.' });
    expect((await h.as({ telegramId: 8699 }).withdrawals.list()).items).toEqual([]);
    await h.expectLedgerBalanced();
  });

  it('enforces a linked wallet, the minimum, the daily maximum and the balance', async () => {
    await h.as({ telegramId: 8602 }).profile.me();
    expect(await failure(h.as({ telegramId: 8602 }).withdrawals.request({ amount: String(TON) }))).toMatchObject({
      code: 'PRECONDITION_FAILED', appCode: 'WALLET_REQUIRED', message: 'Link a TON wallet first.',
    });
    await setup(100n * TON);
    expect(await failure(h.as(pat).withdrawals.request({ amount: String(TON / 20n) }))).toMatchObject({ appCode: 'WITHDRAWAL_TOO_SMALL' });
    await h.as(pat).withdrawals.request({ amount: String(45n * TON) });
    const over = await failure(h.as(pat).withdrawals.request({ amount: String(6n * TON) }));
    expect(over).toMatchObject({ appCode: 'WITHDRAWAL_DAILY_LIMIT', details: { left: String(5n * TON) } });
    h.clock.advance({ days: 1 });
    expect(await failure(h.as(pat).withdrawals.request({ amount: String(60n * TON) }))).toMatchObject({ appCode: 'WITHDRAWAL_DAILY_LIMIT' });
    await h.as(pat).withdrawals.request({ amount: String(50n * TON) });
    h.clock.advance({ days: 1 });
    expect(await failure(h.as(pat).withdrawals.request({ amount: String(5n * TON) }))).toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });
    expect(await failure(h.as(pat).withdrawals.request({ amount: '1.5' } as never))).toMatchObject({ code: 'BAD_REQUEST' });
    await h.expectLedgerBalanced();
  });

  it('flags risks for admins', async () => {
    await setup(30n * TON);
    const w = await h.as(pat).withdrawals.request({ amount: String(11n * TON) });
    const {
      items: [row],
    } = await h.as(owner).admin.withdrawals.list({ status: 'REQUESTED' });
    expect(row).toMatchObject({ id: w.id, approvalsNeeded: 2, participant: { telegramId: String(pat.telegramId) } });
    expect(row.riskFlags).toEqual(expect.arrayContaining(['NEW_ACCOUNT', 'WALLET_JUST_LINKED', 'LARGE_AMOUNT']));
  });
});

describe('who may decide', () => {
  it('refuses participants and moderators; a moderator can look but not approve', async () => {
    await setup(3n * TON);
    const w = await h.as(pat).withdrawals.request({ amount: String(TON) });
    for (const call of [
      () => h.as(pat).admin.withdrawals.list({}),
      () => h.as(pat).admin.withdrawals.approve({ id: w.id }),
      () => h.as(pat).admin.ledger.award({ telegramId: String(pat.telegramId), currency: 'TON', amount: '1', reason: 'self-award' }),
      () => h.as(pat).admin.payments.invoices({}),
    ]) {
      expect(await failure(call())).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await h.as(moderator).admin.withdrawals.list({})).items).toHaveLength(1);
    expect(await failure(h.as(moderator).admin.withdrawals.approve({ id: w.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(h.as(moderator).admin.withdrawals.reject({ id: w.id, reason: 'nope nope' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets admins award prizes once per idempotency key, audited', async () => {
    await setup(0n);
    const args = { telegramId: String(pat.telegramId), currency: 'TON' as const, amount: String(TON), reason: 'contest winner', idempotencyKey: 'contest-2026-11' };
    expect(await h.as(owner).admin.ledger.award(args)).toMatchObject({ created: true });
    expect(await h.as(owner).admin.ledger.award(args)).toMatchObject({ created: false });
    expect(await ton()).toBe(String(TON));
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'ledger.award' } })).toBe(1);
    await h.expectLedgerBalanced();
  });
});

describe.runIf(!!process.env.DATABASE_URL)('racing requests (PostgreSQL)', () => {
  it('100 concurrent requests from one participant whose balance covers 10: exactly 10 held, never negative', async () => {
    const each = TON;
    const fee = TON / 100n;
    await setup(10n * (each + fee));
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => h.as(pat).withdrawals.request({ amount: String(each) })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(10);
    const reasons = new Set((results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]).map((r) => r.reason.cause?.appCode));
    expect([...reasons]).toEqual(['INSUFFICIENT_FUNDS']);
    expect(await ton()).toBe('0');
    expect(await h.deps.prisma.withdrawal.count()).toBe(10);
    await h.expectLedgerBalanced();
  });
});
