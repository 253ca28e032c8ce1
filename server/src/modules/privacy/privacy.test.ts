import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7900' });
const owner = { telegramId: 7900, firstName: 'Owner' };
const kim = { telegramId: 7901, firstName: 'Kim', username: 'kim_k' };
const lee = { telegramId: 7902, firstName: 'Lee' };

async function kimWithHistory() {
  const me = await h.as(kim).profile.me();
  const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 120n });
  await h.as(kim).tasks.complete({ taskId: checkin.id });
  await h.as(kim).mailings.setConsent({ category: 'OFFERS', granted: true });
  await h.as(lee).profile.me();
  return me;
}

describe('privacy', () => {
  it('exports what is kept about me, and nothing about anyone else', async () => {
    await kimWithHistory();
    await h.as(owner).admin.participants.setTags({ telegramId: String(kim.telegramId), tags: ['early-bird'] });
    await h.as(owner).admin.participants.addNote({ telegramId: String(kim.telegramId), text: 'Helpful in the chat' });
    const data = await h.as(kim).profile.export();
    expect(data.profile.tags).toEqual(['early-bird']);
    expect(data.notesByTheTeam).toEqual([{ text: 'Helpful in the chat', at: expect.any(String) }]);
    expect(data.profile).toMatchObject({ telegramId: '7901', firstName: 'Kim', username: 'kim_k' });
    expect(data.balances.find((b) => b.currency === 'POINTS')?.amount).toBe('120');
    expect(data.transfers).toEqual([expect.objectContaining({ currency: 'POINTS', amount: '120', direction: 'in', kind: 'TASK_REWARD' })]);
    expect(data.claims).toEqual([expect.objectContaining({ reward: '120', period: '2026-11-24' })]);
    expect(data.consents).toContainEqual({ category: 'OFFERS', granted: true });
    expect(JSON.stringify(data)).not.toContain('Lee');
  });

  it('sends the export to my chat as a JSON file, at most once in ten minutes', async () => {
    await kimWithHistory();
    expect(await h.as(kim).profile.sendExport()).toEqual({ sent: true });
    const [call] = h.telegram.callsOf('sendDocument');
    expect(Number(call.params.chat_id)).toBe(kim.telegramId);
    const file = h.telegram.fileOf(call, 'document');
    expect(file.filename).toBe('my-data-2026-11-24.json');
    expect(JSON.parse(file.content.toString('utf8')).profile.firstName).toBe('Kim');
    expect(await failure(h.as(kim).profile.sendExport())).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'EXPORT_TOO_SOON' });
    h.clock.advance({ minutes: 11 });
    expect(await h.as(kim).profile.sendExport()).toEqual({ sent: true });
  });

  it('deletes my account: personal data gone, points out of circulation, a fresh start on return', async () => {
    const before = await kimWithHistory();
    expect(await failure(h.as(kim).profile.deleteAccount({ confirm: 'yes' } as never))).toMatchObject({ code: 'BAD_REQUEST' });
    await h.as(owner).admin.participants.addNote({ telegramId: String(kim.telegramId), text: 'Helpful in the chat' });
    expect(await h.as(kim).profile.deleteAccount({ confirm: 'DELETE' })).toEqual({ deleted: true });
    expect(await h.deps.prisma.participantNote.count({ where: { participantId: before.id } })).toBe(0);

    const row = await h.deps.prisma.participant.findUniqueOrThrow({ where: { id: before.id } });
    expect(row).toMatchObject({ telegramId: BigInt(-before.id), firstName: '', username: null, deletedAt: expect.any(Date) });
    expect(await h.deps.prisma.mailingConsent.count({ where: { participantId: before.id } })).toBe(0);
    // The points left through the ledger, which still sums to zero; the claim stays, with no name on it.
    const points = await h.deps.prisma.account.findFirstOrThrow({ where: { participantId: before.id, currency: 'POINTS' } });
    expect(points.balance).toBe(0n);
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'ACCOUNT_DELETED', amount: 120n } })).toBe(1);
    expect(await h.deps.prisma.taskClaim.count({ where: { participantId: before.id } })).toBe(1);
    await h.expectLedgerBalanced();
    // Off the boards and out of mailings.
    // By id: the name is already erased, so a name check could not fail.
    expect((await h.as(lee).ratings.leaderboard({ board: 'all' })).entries.map((e) => e.participantId)).not.toContain(before.id);
    expect(await h.as(owner).admin.mailings.audience({ category: 'OFFERS' })).toEqual({ count: 0 });

    // Coming back with the same Telegram account starts a new one, with nothing of the old.
    const again = await h.as(kim).profile.me();
    expect(again.id).not.toBe(before.id);
    expect(again.balances.find((b) => b.currency === 'POINTS')?.amount).toBe('0');
    expect((await h.as(owner).admin.overview.audit()).map((a) => a.action)).toContain('participant.deleted');
  });

  it('refuses while money or an open deal would be lost, and for admins', async () => {
    const me = await kimWithHistory();
    await h.as(owner).admin.ledger.award({ telegramId: String(kim.telegramId), currency: 'STARS', amount: '50', reason: 'contest prize' });
    const refused = await failure(h.as(kim).profile.deleteAccount({ confirm: 'DELETE' }));
    expect(refused).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'ACCOUNT_NOT_DELETABLE', details: { reason: 'MONEY_ON_BALANCE', balances: { STARS: '50' } } });
    expect(refused.message).toMatch(/TON and Stars/);
    // Nothing was changed by the refused call.
    expect((await h.as(kim).profile.me()).id).toBe(me.id);
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'ACCOUNT_DELETED' } })).toBe(0);
    expect(await failure(h.as(owner).profile.deleteAccount({ confirm: 'DELETE' }))).toMatchObject({ appCode: 'ACCOUNT_NOT_DELETABLE', details: { reason: 'ADMIN_ROLE' } });
    // A payment on its way would land on an account nobody can use.
    const leeId = (await h.as(lee).profile.me()).id;
    await h.deps.prisma.invoice.create({ data: { id: 'inv-open', participantId: leeId, purpose: 'product', currency: 'STARS', amount: 25n, expiresAt: new Date(h.clock.now().getTime() + 600_000) } });
    const open = await failure(h.as(lee).profile.deleteAccount({ confirm: 'DELETE' }));
    expect(open).toMatchObject({ details: { reason: 'PAYMENT_OPEN' } });
    expect(open.message).toMatch(/payment of yours is still open/);
  });
});
