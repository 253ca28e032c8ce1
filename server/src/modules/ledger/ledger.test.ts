import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
import { SystemAccount, type SystemCode } from './accounts.ts';
import { auditLedger } from './queries.ts';
import { hold, postPending, transfer, voidPending, type TransferInput } from './service.ts';

const h = useHarness();
const alice = { telegramId: 7401, firstName: 'Alice' };
const bob = { telegramId: 7402, firstName: 'Bob' };

/** Signs the participant in through the router (which opens their accounts) and returns their id. */
async function join(u: { telegramId: number; firstName: string }) {
  return (await h.as(u).profile.me()).id;
}
const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;
const systemBalance = async (code: SystemCode) =>
  (await h.deps.prisma.account.aggregate({ where: { code, currency: 'POINTS' }, _sum: { balance: true } }))._sum.balance ?? 0n;
const move = (input: TransferInput) => inTx(h.deps.prisma, (tx) => transfer(tx, input));
const grant = (participantId: number, amount: bigint, key = `grant:${participantId}`) =>
  move({ key, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId }, currency: 'POINTS', amount, kind: 'AWARD' });

async function expectAuditBalanced() {
  const audit = await auditLedger(h.deps.prisma);
  expect(audit).toEqual({ sums: { POINTS: '0', STARS: '0', TON: '0' }, drifted: [], negative: 0 });
}

describe('transfers', () => {
  it('move both balances, and every currency still sums to zero', async () => {
    const [a, b] = [await join(alice), await join(bob)];
    await grant(a, 1000n);
    await expectAuditBalanced();
    const res = await move({ key: 'gift:1', debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount: 250n, kind: 'GIFT' });
    expect(res.created).toBe(true);
    expect(await points(alice)).toBe('750');
    expect(await points(bob)).toBe('250');
    expect(await systemBalance(SystemAccount.ISSUANCE)).toBe(-1000n);
    const bobsHistory = await h.as(bob).ledger.history();
    expect(bobsHistory.items).toMatchObject([{ id: res.id.toString(), amount: '250', currency: 'POINTS', direction: 'in', kind: 'GIFT' }]);
    expect((await h.as(alice).ledger.history()).items.map((i) => `${i.direction} ${i.amount}`)).toEqual(['out 250', 'in 1000']);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('move once for one idempotency key: a retry reports created:false and changes nothing', async () => {
    const [a, b] = [await join(alice), await join(bob)];
    await grant(a, 1000n);
    const input: TransferInput = { key: 'gift:retry', debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount: 300n, kind: 'GIFT' };
    const first = await move(input);
    const again = await move(input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(await points(alice)).toBe('700');
    expect(await points(bob)).toBe('300');
    expect(await h.deps.prisma.transfer.count()).toBe(2);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('refuse the same key with different details (IDEMPOTENCY_MISMATCH) and move nothing', async () => {
    const [a, b] = [await join(alice), await join(bob)];
    await grant(a, 1000n);
    const input: TransferInput = { key: 'gift:once', debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount: 300n, kind: 'GIFT' };
    await move(input);
    await expect(move({ ...input, amount: 301n })).rejects.toMatchObject({ appCode: 'IDEMPOTENCY_MISMATCH', trpcCode: 'CONFLICT' });
    await expect(move({ ...input, credit: { participantId: a }, debit: { participantId: b } })).rejects.toMatchObject({ appCode: 'IDEMPOTENCY_MISMATCH' });
    expect(await points(alice)).toBe('700');
    expect(await points(bob)).toBe('300');
    expect(await h.deps.prisma.transfer.count()).toBe(2);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('refuse to overdraw a participant (INSUFFICIENT_FUNDS) and leave nothing half-written', async () => {
    const [a, b] = [await join(alice), await join(bob)];
    await grant(a, 100n);
    const gift = (key: string, amount: bigint): TransferInput => ({ key, debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount, kind: 'GIFT' });
    await expect(move(gift('gift:too-much', 150n))).rejects.toMatchObject({ appCode: 'INSUFFICIENT_FUNDS', details: { currency: 'POINTS' } });

    // Two legs in one transaction: the first fits, the second does not, so neither stays.
    await expect(
      inTx(h.deps.prisma, async (tx) => {
        await transfer(tx, gift('gift:leg-1', 60n));
        await transfer(tx, gift('gift:leg-2', 60n));
      }),
    ).rejects.toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });

    expect(await points(alice)).toBe('100');
    expect(await points(bob)).toBe('0');
    expect(await h.deps.prisma.transfer.count()).toBe(1);
    expect(await h.deps.prisma.transfer.findMany({ where: { idempotencyKey: { startsWith: 'gift:' } } })).toEqual([]);
    // The refused keys stay free: the same request succeeds once there is money.
    await grant(a, 100n, 'grant:more');
    expect((await move(gift('gift:too-much', 150n))).created).toBe(true);
    expect(await points(alice)).toBe('50');
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('in a batch (ledger_transfers): move every balance once, sum to zero, and apply nothing when one transfer is refused', async () => {
    const [a, b] = [await join(alice), await join(bob)];
    await grant(a, 100n);
    const acct = async (participantId: number, currency = 'POINTS') =>
      (await h.deps.prisma.account.findFirstOrThrow({ where: { participantId, currency: currency as never } })).id;
    const [pa, pb, sa] = [await acct(a), await acct(b), await acct(a, 'STARS')];
    const issuer = (await h.deps.prisma.account.findFirstOrThrow({ where: { code: 'issuance', currency: 'POINTS', shard: 0 } })).id;
    const batch = (keys: string[], amounts: bigint[], debits: number[], credits: number[]) =>
      inTx(h.deps.prisma, (tx) =>
        tx.$queryRawUnsafe<{ idx: number; debit_balance: bigint; credit_balance: bigint }[]>(
          `SELECT idx, debit_balance, credit_balance FROM "ledger_transfers"($1::text[], 'AWARD', 'POINTS', $2::bigint[], $3::int[], $4::int[], $5::text[])`,
          keys, amounts.map(String), debits, credits, keys.map(() => null),
        ),
      );
    // Two credits to Bob and a payment from Alice to Bob: the balances returned are those after the batch.
    expect(await batch(['b:1', 'b:2', 'b:3'], [10n, 20n, 30n], [issuer, issuer, pa], [pb, pb, pb])).toMatchObject([
      { idx: 1, credit_balance: 60n },
      { idx: 2, credit_balance: 60n },
      { idx: 3, debit_balance: 70n, credit_balance: 60n },
    ]);
    expect([await points(alice), await points(bob)]).toEqual(['70', '60']);
    await expectAuditBalanced();
    // A key seen before, an overdraft or an account in another currency: the whole batch is refused, each for its reason.
    const refused = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error) => e.message);
    expect(await refused(batch(['b:4', 'b:1'], [1n, 1n], [issuer, issuer], [pa, pb]))).toMatch(/duplicate key value violates unique constraint "Transfer_idempotencyKey_key"/);
    expect(await refused(batch(['b:5', 'b:6'], [1n, 500n], [issuer, pb], [pa, pa]))).toMatch(/violates check constraint "Account_participant_balance_nonnegative"/);
    expect(await refused(batch(['b:7', 'b:8'], [1n, 1n], [issuer, issuer], [pa, sa]))).toMatch(/an account of the batch is not in POINTS/);
    expect([await points(alice), await points(bob)]).toEqual(['70', '60']);
    expect(await h.deps.prisma.transfer.count({ where: { idempotencyKey: { in: ['b:4', 'b:5', 'b:6', 'b:7', 'b:8'] } } })).toBe(0);
    await expectAuditBalanced();
  });

  it('refuse zero and negative amounts', async () => {
    const a = await join(alice);
    await expect(grant(a, 0n)).rejects.toMatchObject({ appCode: 'VALIDATION', message: 'A transfer amount must be positive.' });
    await expect(grant(a, -5n)).rejects.toMatchObject({ appCode: 'VALIDATION', message: 'A transfer amount must be positive.' });
    expect(await h.deps.prisma.transfer.count()).toBe(0);
  });

  it('report a database failure as itself, not as a balance too low', async () => {
    const a = await join(alice);
    await grant(a, 100n);
    // PostgreSQL refuses a NUL in text: an error of the database, not the balance guard's.
    const e = await move({ key: 'bad\u0000key', debit: { participantId: a }, credit: { system: SystemAccount.ISSUANCE }, currency: 'POINTS', amount: 1n, kind: 'GIFT' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });
    expect(String((e as Error).message)).toMatch(/0x00|invalid byte sequence|null character/i);
    expect(await points(alice)).toBe('100');
  });
});

describe('holds (two-phase transfers)', () => {
  const holdInput = (a: number, key = 'withdrawal:1:hold'): TransferInput => ({
    key,
    debit: { participantId: a },
    credit: { system: SystemAccount.HOLD },
    currency: 'POINTS',
    amount: 400n,
    kind: 'WITHDRAWAL_HOLD',
  });

  it('hold then post: the amount waits in the hold, then leaves; one resolution only', async () => {
    const a = await join(alice);
    await grant(a, 1000n);
    const held = await inTx(h.deps.prisma, (tx) => hold(tx, holdInput(a)));
    expect(await points(alice)).toBe('600');
    expect(await systemBalance(SystemAccount.HOLD)).toBe(400n);
    expect((await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('PENDING');
    await expectAuditBalanced();

    const post = { key: 'withdrawal:1:post', pendingId: held.id, kind: 'WITHDRAWAL_PAYOUT', to: { system: SystemAccount.PAYOUTS } };
    const posted = await inTx(h.deps.prisma, (tx) => postPending(tx, post));
    expect(posted.created).toBe(true);
    expect(await points(alice)).toBe('600');
    expect(await systemBalance(SystemAccount.HOLD)).toBe(0n);
    expect(await systemBalance(SystemAccount.PAYOUTS)).toBe(400n);
    expect((await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('PENDING_POSTED');
    await expectAuditBalanced();

    // The same post retried (a crash before the reply) is recognised, not repeated.
    expect(await inTx(h.deps.prisma, (tx) => postPending(tx, post))).toEqual({ id: posted.id, created: false });
    // A second post or a void of the same hold is refused.
    await expect(inTx(h.deps.prisma, (tx) => postPending(tx, { ...post, key: 'withdrawal:1:post-again' }))).rejects.toMatchObject({
      appCode: 'TRANSFER_ALREADY_RESOLVED',
    });
    await expect(inTx(h.deps.prisma, (tx) => voidPending(tx, { key: 'withdrawal:1:void', pendingId: held.id, kind: 'WITHDRAWAL_VOID' }))).rejects.toMatchObject({
      appCode: 'TRANSFER_ALREADY_RESOLVED',
    });
    expect(await points(alice)).toBe('600');
    expect(await systemBalance(SystemAccount.PAYOUTS)).toBe(400n);
    expect(await h.deps.prisma.transfer.count()).toBe(3);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('hold then void: the amount returns to the participant; one resolution only', async () => {
    const a = await join(alice);
    await grant(a, 1000n);
    const held = await inTx(h.deps.prisma, (tx) => hold(tx, holdInput(a)));
    expect(await points(alice)).toBe('600');

    const cancel = { key: 'withdrawal:1:void', pendingId: held.id, kind: 'WITHDRAWAL_VOID' };
    const voided = await inTx(h.deps.prisma, (tx) => voidPending(tx, cancel));
    expect(voided.created).toBe(true);
    expect(await points(alice)).toBe('1000');
    expect(await systemBalance(SystemAccount.HOLD)).toBe(0n);
    expect((await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('PENDING_VOIDED');
    await expectAuditBalanced();

    expect(await inTx(h.deps.prisma, (tx) => voidPending(tx, cancel))).toEqual({ id: voided.id, created: false });
    await expect(inTx(h.deps.prisma, (tx) => voidPending(tx, { ...cancel, key: 'withdrawal:1:void-again' }))).rejects.toMatchObject({
      appCode: 'TRANSFER_ALREADY_RESOLVED',
    });
    await expect(
      inTx(h.deps.prisma, (tx) => postPending(tx, { key: 'withdrawal:1:post', pendingId: held.id, kind: 'WITHDRAWAL_PAYOUT', to: { system: SystemAccount.PAYOUTS } })),
    ).rejects.toMatchObject({ appCode: 'TRANSFER_ALREADY_RESOLVED' });
    expect(await points(alice)).toBe('1000');
    expect(await systemBalance(SystemAccount.PAYOUTS)).toBe(0n);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('cannot hold more than the balance', async () => {
    const a = await join(alice);
    await grant(a, 300n);
    await expect(inTx(h.deps.prisma, (tx) => hold(tx, holdInput(a)))).rejects.toMatchObject({ appCode: 'INSUFFICIENT_FUNDS' });
    expect(await points(alice)).toBe('300');
    expect(await systemBalance(SystemAccount.HOLD)).toBe(0n);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });
});

describe('the transfers table', () => {
  it('refuses UPDATE and DELETE: history is never rewritten', async () => {
    const [a, b] = [await join(alice), await join(bob)];
    await grant(a, 1000n);
    const { id } = await move({ key: 'gift:1', debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount: 10n, kind: 'GIFT' });
    const sql = (q: string) => h.deps.prisma.$executeRawUnsafe(q, id);
    await expect(sql(`UPDATE "Transfer" SET amount = 1000000 WHERE id = $1`)).rejects.toThrow(/immutable/);
    await expect(sql(`UPDATE "Transfer" SET status = 'PENDING_VOIDED' WHERE id = $1`)).rejects.toThrow(/immutable/);
    await expect(sql(`UPDATE "Transfer" SET reference = 'edited' WHERE id = $1`)).rejects.toThrow(/immutable/);
    await expect(sql(`DELETE FROM "Transfer" WHERE id = $1`)).rejects.toThrow(/immutable/);
    expect(await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id } })).toMatchObject({ amount: 10n, status: 'POSTED', reference: null });
    expect(await h.deps.prisma.transfer.count()).toBe(2);
    await expectAuditBalanced();
    await h.expectLedgerBalanced();
  });

  it('refuses a participant balance below zero even when written directly', async () => {
    const a = await join(alice);
    await expect(
      h.deps.prisma.$executeRawUnsafe(`UPDATE "Account" SET balance = -1 WHERE "participantId" = $1 AND currency = 'POINTS'`, a),
    ).rejects.toThrow(/nonnegative|check constraint/i);
    expect(await points(alice)).toBe('0');
  });
});
