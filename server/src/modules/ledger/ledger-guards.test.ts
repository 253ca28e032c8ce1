import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount, SYSTEM_SHARDS } from './accounts.ts';
import { auditLedger } from './queries.ts';
import { hold, postPending, transfer, voidPending, type TransferInput } from './service.ts';

// The ledger's guards one at a time: what a retry with other details, a missing account, a hold resolved
// twice or an award without a key does. Written from `pnpm mutate`'s survivors (scripts/mutate).
const h = useHarness({ ADMIN_TELEGRAM_IDS: '7500' });
const owner = { telegramId: 7500, firstName: 'Olga' };
const ann = { telegramId: 7501, firstName: 'Ann' };
const ben = { telegramId: 7502, firstName: 'Ben' };
const cid = { telegramId: 7503, firstName: 'Cid' };

const join = async (u: { telegramId: number; firstName: string }) => (await h.as(u).profile.me()).id;
const balance = async (u: { telegramId: number }, c: 'POINTS' | 'STARS' | 'TON' = 'POINTS') =>
  (await h.as(u).ledger.balances()).find((b) => b.currency === c)!.amount;
const move = (input: TransferInput) => inTx(h.deps.prisma, (tx) => transfer(tx, input));
const grant = (participantId: number, amount: bigint, key = `grant:${participantId}`) =>
  move({ key, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId }, currency: 'POINTS', amount, kind: 'AWARD' });
const systemSum = async (code: string, currency: 'POINTS' | 'STARS' | 'TON' = 'POINTS') =>
  (await h.deps.prisma.account.aggregate({ where: { code, currency }, _sum: { balance: true } }))._sum.balance ?? 0n;
const balanced = async () => expect(await auditLedger(h.deps.prisma)).toEqual({ sums: { POINTS: '0', STARS: '0', TON: '0' }, drifted: [], negative: 0 });

describe('a transfer retried with the same key', () => {
  it('is refused (IDEMPOTENCY_MISMATCH) when only the kind, the currency, the sender or the recipient differs', async () => {
    const [a, b, c] = [await join(ann), await join(ben), await join(cid)];
    await grant(a, 1000n);
    await grant(c, 1000n);
    await move({ key: 'grant:a:stars', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: a }, currency: 'STARS', amount: 1000n, kind: 'AWARD' });
    const gift: TransferInput = { key: 'gift:ann-ben', debit: { participantId: a }, credit: { participantId: b }, currency: 'POINTS', amount: 100n, kind: 'GIFT' };
    await move(gift);
    for (const other of [
      { ...gift, kind: 'PURCHASE' },
      { ...gift, currency: 'STARS' as const },
      { ...gift, credit: { participantId: c } },
      { ...gift, debit: { participantId: c } },
    ]) {
      await expect(move(other)).rejects.toMatchObject({ appCode: 'IDEMPOTENCY_MISMATCH', trpcCode: 'CONFLICT', message: 'This request was already made with different details.' });
    }
    expect([await balance(ann), await balance(ben), await balance(cid), await balance(ann, 'STARS')]).toEqual(['900', '100', '1000', '1000']);
    await balanced();
  });

  it('is recognised when its system side lands on another shard of the same system account', async () => {
    const a = await join(ann);
    // A grant from the issuance picks a shard at random each time; every retry is still the same grant.
    const first = await grant(a, 50n, 'grant:shards');
    for (let i = 0; i < 8; i++) expect(await grant(a, 50n, 'grant:shards')).toEqual({ id: first.id, created: false });
    expect(await balance(ann)).toBe('50');
    await balanced();
  });
});

describe('what a transfer records', () => {
  it('keeps its reference and details, and spreads a hot system account over its shards', async () => {
    const a = await join(ann);
    const withRef = await move({ key: 'grant:ref', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: a }, currency: 'POINTS', amount: 5n, kind: 'AWARD', reference: 'season-1', meta: { by: 42 } });
    const bare = await grant(a, 5n, 'grant:bare');
    expect(await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id: withRef.id } })).toMatchObject({ reference: 'season-1', meta: { by: 42 } });
    expect(await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id: bare.id } })).toMatchObject({ reference: null, meta: null });

    for (let i = 0; i < 40; i++) await grant(a, 1n, `grant:spread:${i}`);
    const shards = await h.deps.prisma.account.findMany({ where: { code: SystemAccount.ISSUANCE, currency: 'POINTS', balance: { lt: 0n } } });
    expect(shards.length).toBeGreaterThan(1);
    expect(shards.every((s) => s.shard >= 0 && s.shard < SYSTEM_SHARDS)).toBe(true);
    expect(await systemSum(SystemAccount.ISSUANCE)).toBe(-50n);
    expect(await balance(ann)).toBe('50');
    await balanced();
  });

  it('fails loudly, moving nothing, when a side has no account in that currency', async () => {
    const a = await join(ann);
    await grant(a, 10n);
    const ghost = await h.deps.prisma.participant.create({ data: { telegramId: 7599n, firstName: 'Ghost', referralCode: 'ghost-ref' } });
    await expect(move({ key: 'gift:ghost', debit: { participantId: a }, credit: { participantId: ghost.id }, currency: 'POINTS', amount: 5n, kind: 'GIFT' })).rejects.toThrow(
      'Ledger account missing for credit (POINTS).',
    );
    await expect(move({ key: 'gift:from-ghost', debit: { participantId: ghost.id }, credit: { participantId: a }, currency: 'STARS', amount: 5n, kind: 'GIFT' })).rejects.toThrow(
      'Ledger account missing for debit (STARS).',
    );
    expect(await balance(ann)).toBe('10');
    expect(await h.deps.prisma.transfer.count()).toBe(1);
    await balanced();
  });
});

describe('resolving a hold', () => {
  const holdOf = (participantId: number, key = 'w:1:hold', reference: string | null = 'withdrawal:1'): TransferInput => ({
    key, debit: { participantId }, credit: { system: SystemAccount.HOLD }, currency: 'POINTS', amount: 300n, kind: 'WITHDRAWAL_HOLD', reference,
  });

  it('refuses a transfer that is not a hold, and a hold that does not exist (NOT_FOUND)', async () => {
    const a = await join(ann);
    const posted = await grant(a, 500n);
    for (const pendingId of [posted.id, posted.id + 1000n]) {
      await expect(inTx(h.deps.prisma, (tx) => postPending(tx, { key: `post:${pendingId}`, pendingId, kind: 'WITHDRAWAL_PAYOUT', to: { system: SystemAccount.PAYOUTS } }))).rejects.toMatchObject({
        appCode: 'NOT_FOUND', trpcCode: 'NOT_FOUND', message: 'Pending transfer was not found.',
      });
      await expect(inTx(h.deps.prisma, (tx) => voidPending(tx, { key: `void:${pendingId}`, pendingId, kind: 'WITHDRAWAL_VOID' }))).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
    }
    expect(await balance(ann)).toBe('500');
    expect(await h.deps.prisma.transfer.count()).toBe(1);
  });

  it("carries the hold's reference on, unless the resolution names its own", async () => {
    const a = await join(ann);
    await grant(a, 1000n);
    const first = await inTx(h.deps.prisma, (tx) => hold(tx, holdOf(a)));
    const second = await inTx(h.deps.prisma, (tx) => hold(tx, holdOf(a, 'w:2:hold', 'withdrawal:2')));
    await inTx(h.deps.prisma, (tx) => postPending(tx, { key: 'w:1:post', pendingId: first.id, kind: 'WITHDRAWAL_PAYOUT', to: { system: SystemAccount.PAYOUTS } }));
    await inTx(h.deps.prisma, (tx) => voidPending(tx, { key: 'w:2:void', pendingId: second.id, kind: 'WITHDRAWAL_VOID', reference: 'rejected:2' }));
    const items = (await h.as(ann).ledger.history()).items.map((i) => [i.kind, i.direction, i.amount, i.reference]);
    expect(items).toEqual([
      ['WITHDRAWAL_VOID', 'in', '300', 'rejected:2'],
      ['WITHDRAWAL_HOLD', 'out', '300', 'withdrawal:2'],
      ['WITHDRAWAL_HOLD', 'out', '300', 'withdrawal:1'],
      ['AWARD', 'in', '1000', null],
    ]);
    const payout = await h.deps.prisma.transfer.findUniqueOrThrow({ where: { idempotencyKey: 'w:1:post' } });
    expect(payout).toMatchObject({ reference: 'withdrawal:1', pendingId: first.id, amount: 300n, currency: 'POINTS' });
    expect(await balance(ann)).toBe('700');
    await balanced();
  });

  it("refuses a void that reuses the post's key once the hold is posted (TRANSFER_ALREADY_RESOLVED)", async () => {
    const a = await join(ann);
    await grant(a, 1000n);
    const held = await inTx(h.deps.prisma, (tx) => hold(tx, holdOf(a)));
    const post = { key: 'w:1:resolve', pendingId: held.id, kind: 'WITHDRAWAL_PAYOUT', to: { system: SystemAccount.PAYOUTS } };
    const posted = await inTx(h.deps.prisma, (tx) => postPending(tx, post));
    await expect(inTx(h.deps.prisma, (tx) => voidPending(tx, { key: 'w:1:resolve', pendingId: held.id, kind: 'WITHDRAWAL_PAYOUT' }))).rejects.toMatchObject({
      appCode: 'TRANSFER_ALREADY_RESOLVED', trpcCode: 'CONFLICT', message: 'This hold was already settled.',
    });
    expect(await inTx(h.deps.prisma, (tx) => postPending(tx, post))).toEqual({ id: posted.id, created: false });
    expect(await balance(ann)).toBe('700');
    expect(await systemSum(SystemAccount.PAYOUTS)).toBe(300n);
    await balanced();
  });

  it('returns a hold taken from a system account to that account when voided', async () => {
    const a = await join(ann);
    // Escrow of prize money: the issuance holds it, then the prize is called off.
    const held = await inTx(h.deps.prisma, (tx) =>
      hold(tx, { key: 'prize:hold', debit: { system: SystemAccount.ISSUANCE, shard: 3 }, credit: { system: SystemAccount.HOLD }, currency: 'STARS', amount: 70n, kind: 'PRIZE_HOLD' }),
    );
    expect(await systemSum(SystemAccount.HOLD, 'STARS')).toBe(70n);
    await inTx(h.deps.prisma, (tx) => voidPending(tx, { key: 'prize:void', pendingId: held.id, kind: 'PRIZE_VOID' }));
    expect(await systemSum(SystemAccount.HOLD, 'STARS')).toBe(0n);
    expect(await systemSum(SystemAccount.ISSUANCE, 'STARS')).toBe(0n);
    const shard3 = await h.deps.prisma.account.findFirstOrThrow({ where: { code: SystemAccount.ISSUANCE, currency: 'STARS', shard: 3 } });
    expect(shard3.balance).toBe(0n);
    expect(await balance(ann, 'STARS')).toBe('0');
    await balanced();
  });
});

describe('an award from the back office', () => {
  const award = (input: Record<string, unknown>) =>
    h.as(owner).admin.ledger.award({ telegramId: String(ann.telegramId), currency: 'POINTS', amount: '25', reason: 'Best meme of the week', ...input } as never);

  it('counts towards the boards in points only, is audited, and a retry awards once', async () => {
    await join(owner);
    const a = await join(ann);
    const done = await award({ idempotencyKey: 'meme-week-01' });
    expect(done).toMatchObject({ created: true });
    expect(await award({ idempotencyKey: 'meme-week-01' })).toEqual({ transferId: done.transferId, created: false });
    await award({ currency: 'STARS', amount: '7', idempotencyKey: 'stars-prize-01' });
    expect([await balance(ann), await balance(ann, 'STARS')]).toEqual(['25', '7']);
    expect(await h.as(ann).ratings.myRank({ board: 'all' })).toMatchObject({ points: '25' });

    const audits = await h.deps.prisma.auditLog.findMany({ where: { action: 'ledger.award' }, orderBy: { id: 'asc' } });
    const ownerId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } })).id;
    expect(audits.map((x) => [x.actorId, x.subjectType, x.subjectId, (x.data as any).currency, (x.data as any).amount, (x.data as any).reason])).toEqual([
      [ownerId, 'participant', String(a), 'POINTS', '25', 'Best meme of the week'],
      [ownerId, 'participant', String(a), 'STARS', '7', 'Best meme of the week'],
    ]);
    const row = await h.deps.prisma.transfer.findUniqueOrThrow({ where: { id: BigInt(done.transferId) } });
    expect(row).toMatchObject({ idempotencyKey: 'award:meme-week-01', kind: 'AWARD', reference: 'Best meme of the week', meta: { by: ownerId } });
    await balanced();
  });

  it('without a key, awards once per instant: a double click is one prize, a later award another', async () => {
    await join(owner);
    await join(ann);
    expect(await award({})).toMatchObject({ created: true });
    expect(await award({})).toMatchObject({ created: false });
    // Another amount or currency in the same instant is another prize.
    expect(await award({ amount: '26' })).toMatchObject({ created: true });
    expect(await award({ currency: 'STARS' })).toMatchObject({ created: true });
    h.clock.advance({ seconds: 1 });
    expect(await award({})).toMatchObject({ created: true });
    expect([await balance(ann), await balance(ann, 'STARS')]).toEqual(['76', '25']);
    expect(await h.as(ann).ratings.myRank({ board: 'all' })).toMatchObject({ points: '76' });
    await balanced();
  });

  it('refuses a zero amount (VALIDATION) and someone who never joined (PARTICIPANT_NOT_FOUND)', async () => {
    await join(owner);
    expect(await failure(award({ telegramId: '7598' }))).toEqual({ code: 'NOT_FOUND', appCode: 'PARTICIPANT_NOT_FOUND', message: 'No participant with this Telegram id.', details: undefined });
    await join(ann);
    expect(await failure(award({ amount: '0' }))).toMatchObject({ code: 'BAD_REQUEST', appCode: 'VALIDATION', message: 'The amount must be positive.' });
    expect(await balance(ann)).toBe('0');
    expect(await h.deps.prisma.auditLog.count({ where: { action: 'ledger.award' } })).toBe(0);
  });
});

describe('a correction by hand', () => {
  it('is refused for someone who never joined (PARTICIPANT_NOT_FOUND), and answers the balance after it', async () => {
    await join(owner);
    const base = { telegramId: '7597', currency: 'TON' as const, direction: 'credit' as const, amount: '1500', reason: 'Refund of a lost payout', idempotencyKey: 'adjust-guard-1' };
    expect(await failure(h.as(owner).admin.ledger.adjust(base))).toMatchObject({ code: 'NOT_FOUND', appCode: 'PARTICIPANT_NOT_FOUND', message: 'No participant with this Telegram id.' });
    await join({ telegramId: 7597, firstName: 'Dee' });
    expect(await h.as(owner).admin.ledger.adjust(base)).toMatchObject({ created: true, balance: '1500' });
    expect(await h.as(owner).admin.ledger.adjust({ ...base, direction: 'debit', amount: '500', idempotencyKey: 'adjust-guard-2' })).toMatchObject({ created: true, balance: '1000' });
    const rows = await h.deps.prisma.transfer.findMany({ where: { idempotencyKey: { in: ['adjust:adjust-guard-1', 'adjust:adjust-guard-2'] } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.kind, r.reference])).toEqual([['ADJUSTMENT_CREDIT', 'Refund of a lost payout'], ['ADJUSTMENT_DEBIT', 'Refund of a lost payout']]);
    // Who made each correction, on the transfer and in the audit trail.
    const ownerId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } })).id;
    expect(rows.map((r) => r.meta)).toEqual([{ by: ownerId }, { by: ownerId }]);
    const trail = await h.deps.prisma.auditLog.findMany({ where: { action: 'ledger.adjust' }, orderBy: { id: 'asc' } });
    expect(trail.map((t) => [t.actorId, (t.data as { direction: string }).direction])).toEqual([[ownerId, 'credit'], [ownerId, 'debit']]);
    expect(await systemSum(SystemAccount.ADJUSTMENTS, 'TON')).toBe(-1000n);
    await balanced();
  });
});
