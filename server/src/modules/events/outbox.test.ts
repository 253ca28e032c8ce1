import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { RACE } from '../../test/db.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';
import { emit } from './emit.ts';
import { handler, handlerRegistry } from './handlers.ts';
import { claimDue, drain, retryDelay } from './worker.ts';
import { pruneDone } from './service.ts';

const TON = 1_000_000_000n;
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9700', OUTBOX_MAX_ATTEMPTS: '3', WITHDRAW_MIN_NANO: String(TON / 10n), WITHDRAW_FEE_NANO: '0' });
const owner = { telegramId: 9700, firstName: 'Olga' };
const pat = { telegramId: 9701, firstName: 'Pat' };
const ann = { telegramId: 9702, firstName: 'Ann' };

async function participant(u: { telegramId: number; firstName: string }, role: 'PARTICIPANT' | 'FINANCE' | 'OWNER' = 'PARTICIPANT') {
  await h.as(u).profile.me();
  return h.deps.prisma.participant.update({ where: { telegramId: BigInt(u.telegramId) }, data: { role } });
}

const sentTo = () => {
  const byChat = new Map<number, number>();
  for (const c of h.telegram.callsOf('sendMessage')) byChat.set(Number(c.params.chat_id), (byChat.get(Number(c.params.chat_id)) ?? 0) + 1);
  return byChat;
};

describe('withdrawal requests with Telegram away', () => {
  it('answer at once; when Telegram is back each of 50 approvers is told exactly once', async () => {
    await participant(owner, 'OWNER');
    const approvers = Array.from({ length: 49 }, (_, i) => ({ telegramId: 9800 + i, firstName: `Fin${i}` }));
    for (const a of approvers) await participant(a, 'FINANCE');
    const p = await participant(pat);
    await h.deps.prisma.wallet.create({ data: { participantId: p.id, address: `0:${'ab'.repeat(32)}`, chain: '-3', publicKey: 'ab'.repeat(32) } });
    await inTx(h.deps.prisma, (tx) =>
      transfer(tx, { key: 'prize', debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'TON', amount: 5n * TON, kind: 'AWARD' }),
    );

    h.telegram.down = true;
    const w = await h.as(pat).withdrawals.request({ amount: String(TON) });
    expect(w).toMatchObject({ status: 'REQUESTED', amount: String(TON) });
    // Nobody was messaged while the participant waited: the request returned with their TON on hold.
    expect(h.telegram.callsOf('sendMessage')).toEqual([]);

    // The worker fans out one announcement per approver; all of them fail while Telegram is away.
    expect(await h.drain()).toMatchObject({ done: 1, retry: 50 });
    h.telegram.down = false;
    h.telegram.calls.length = 0;
    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 50, retry: 0 });
    const told = sentTo();
    expect(told.size).toBe(50);
    expect([...told.values()].every((n) => n === 1)).toBe(true);
    expect(told.get(owner.telegramId)).toBe(1);
    // Run again (as after a worker stopped before marking them done): nobody is told twice.
    await h.deps.prisma.outboxEvent.updateMany({ where: { type: 'withdrawal.announce' }, data: { status: 'PENDING' } });
    await h.drain({ retryNow: true });
    expect(h.telegram.callsOf('sendMessage')).toHaveLength(50);
    const row = await h.deps.prisma.withdrawal.findUniqueOrThrow({ where: { id: w.id } });
    expect(row.adminMessages).toHaveLength(50);
    await h.expectLedgerBalanced();
  }, 60_000);
});

describe('retries, back-off and failures admins can see', () => {
  it('shows attempts and the last error, gives up after the max, and an admin retry completes it', async () => {
    await participant(owner, 'OWNER');
    await participant(ann);
    const annId = (await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ann.telegramId) } })).id;
    await emit(h.deps.prisma, 'participant.notify', { participantId: annId, text: { en: 'Hello', ru: 'Привет' } }, { key: 'test:hello' });
    // The same key again records nothing.
    await emit(h.deps.prisma, 'participant.notify', { participantId: annId, text: { en: 'Hello', ru: 'Привет' } }, { key: 'test:hello' });

    h.telegram.down = true;
    expect(await h.drain()).toMatchObject({ retry: 1 });
    let [e] = (await h.as(owner).admin.events.list({ type: 'participant.notify' })).items;
    expect(e).toMatchObject({ type: 'participant.notify', status: 'PENDING', attempts: 1, lastError: expect.stringMatching(/Bad Gateway/) });
    expect(new Date(e.nextTryAt!).getTime()).toBeGreaterThan(new Date(e.createdAt).getTime());
    // Backing off: a drain now finds nothing due.
    expect(await h.drain()).toMatchObject({ done: 0, retry: 0, failed: 0 });

    await h.drain({ retryNow: true });
    expect(await h.drain({ retryNow: true })).toMatchObject({ failed: 1 });
    const failed = await h.as(owner).admin.events.list({ status: 'FAILED' });
    expect(failed.items).toHaveLength(1);
    [e] = failed.items;
    expect(e).toMatchObject({ status: 'FAILED', attempts: 3, nextTryAt: null, lastError: expect.stringMatching(/Bad Gateway/) });
    expect(failed.counts).toMatchObject({ FAILED: 1 });
    expect((await h.as(owner).admin.overview.get()).failedEvents).toBe(1);
    // FAILED stays put however often the worker runs.
    expect(await h.drain({ retryNow: true })).toMatchObject({ done: 0, failed: 0 });
    expect(h.telegram.callsOf('sendMessage')).toHaveLength(3);

    expect(await failure(h.as(ann).admin.events.retry({ id: e.id }))).toMatchObject({ appCode: 'FORBIDDEN' });
    expect(await failure(h.as(owner).admin.events.retry({ id: '999999' }))).toMatchObject({ appCode: 'EVENT_NOT_FOUND' });
    h.telegram.down = false;
    expect(await h.as(owner).admin.events.retry({ id: e.id })).toEqual({ id: e.id, status: 'PENDING' });
    expect(await failure(h.as(owner).admin.events.retry({ id: e.id }))).toMatchObject({ appCode: 'EVENT_NOT_RETRYABLE' });
    expect(await h.drain()).toMatchObject({ done: 1 });
    expect(h.telegram.callsOf('sendMessage').filter((c) => c.params.text === 'Hello')).toHaveLength(4);
    expect((await h.as(owner).admin.events.list({ status: 'DONE' })).items).toEqual([expect.objectContaining({ id: e.id, status: 'DONE', attempts: 1 })]);
    // An event's own link finds it whatever its status (the filter is ignored for it).
    expect((await h.as(owner).admin.events.list({ id: e.id, status: 'FAILED' })).items).toEqual([expect.objectContaining({ id: e.id, status: 'DONE' })]);
    expect((await h.as(owner).admin.events.list({ id: '999999' })).items).toEqual([]);
    expect((await h.as(owner).admin.overview.get()).failedEvents).toBe(0);
    const audit = await h.deps.prisma.auditLog.findMany({ where: { action: 'event.retried' } });
    expect(audit).toEqual([expect.objectContaining({ subjectType: 'event', subjectId: e.id })]);
  });

  it('pages newest first and refuses a malformed id at the edge', async () => {
    await participant(owner, 'OWNER');
    for (let i = 0; i < 5; i++) await emit(h.deps.prisma, 'chat.message', { chatId: 1, text: `m${i}` }, { key: `page:${i}` });
    const first = await h.as(owner).admin.events.list({ limit: 2 });
    expect(first.items.map((e) => e.key)).toEqual(['page:4', 'page:3']);
    const second = await h.as(owner).admin.events.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.key)).toEqual(['page:2', 'page:1']);
    expect(await failure(h.as(owner).admin.events.retry({ id: 'x1' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('backs off exponentially with jitter, up to the cap', () => {
    expect(retryDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(retryDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelay(20, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('workers side by side', () => {
  it(`two workers draining at once handle each event once (${RACE})`, async () => {
    const handled: number[] = [];
    const registry = handlerRegistry([
      handler('chat.message', async (_deps, { chatId }) => {
        handled.push(chatId);
        await new Promise((r) => setTimeout(r, 2));
      }),
    ]);
    for (let i = 0; i < 120; i++) await emit(h.deps.prisma, 'chat.message', { chatId: i, text: 'x' }, { key: `pair:${i}` });
    const [a, b] = await Promise.all([
      drain(h.deps, registry, { workerId: 'a', settings: { batch: 10 } }),
      drain(h.deps, registry, { workerId: 'b', settings: { batch: 10 } }),
    ]);
    expect(a.done + b.done).toBe(120);
    // On PostgreSQL they really ran side by side (PGlite has one connection and takes turns).
    if (h.db.kind === 'postgres') expect(Math.min(a.done, b.done)).toBeGreaterThan(0);
    expect(handled.toSorted((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(await h.deps.prisma.outboxEvent.count({ where: { status: 'DONE', attempts: 1 } })).toBe(120);
  });

  it('a lease held by a live worker is left alone; once it lapses (the worker is gone) the event is handled again', async () => {
    const handled: string[] = [];
    const registry = handlerRegistry([handler('chat.message', async (_deps, { text }) => void handled.push(text))]);
    await emit(h.deps.prisma, 'chat.message', { chatId: 1, text: 'orphan' }, { key: 'orphan' });
    // A worker claims it and dies before finishing.
    expect(await claimDue(h.deps.prisma, 'gone', { limit: 10, leaseMs: 60_000 })).toHaveLength(1);
    expect(await drain(h.deps, registry, { workerId: 'alive', retryNow: true })).toMatchObject({ done: 0 });
    // Its lease runs out.
    await h.deps.prisma.$executeRawUnsafe(`UPDATE "OutboxEvent" SET "lockedUntil" = now() - interval '1 second' WHERE "lockedBy" = 'gone'`);
    expect(await drain(h.deps, registry, { workerId: 'alive' })).toMatchObject({ done: 1 });
    expect(handled).toEqual(['orphan']);
    expect(await h.deps.prisma.outboxEvent.findUniqueOrThrow({ where: { key: 'orphan' } })).toMatchObject({ status: 'DONE', attempts: 2, lockedBy: null });
  });
});

describe('keeping the outbox small', () => {
  it('deletes handled events past their keeping time, and never a failed or waiting one', async () => {
    const now = h.clock.now();
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    await h.deps.prisma.outboxEvent.createMany({
      data: [
        { type: 'participant.notify', key: 'old-done', payload: {}, status: 'DONE', doneAt: days(20) },
        { type: 'participant.notify', key: 'new-done', payload: {}, status: 'DONE', doneAt: days(2) },
        { type: 'participant.notify', key: 'old-failed', payload: {}, status: 'FAILED', createdAt: days(30) },
        { type: 'participant.notify', key: 'old-waiting', payload: {}, status: 'PENDING', createdAt: days(30) },
      ],
    });
    expect(await pruneDone(h.deps.prisma, days(14), 1)).toBe(1);
    const left = (await h.deps.prisma.outboxEvent.findMany({ orderBy: { key: 'asc' } })).map((e) => e.key);
    expect(left).toEqual(['new-done', 'old-failed', 'old-waiting']);
  });
});
