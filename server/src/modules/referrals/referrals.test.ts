import { beforeEach, describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness();
const alice = { telegramId: 7701, firstName: 'Alice' };
const invited = (telegramId: number, firstName: string, code: string) => ({ telegramId, firstName, startParam: `ref_${code}` });
const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;

let milestone: { id: number };
let perFriend: { id: number };
let quiz: { id: number };
let checkin: { id: number };
let code: string;
beforeEach(async () => {
  // The milestone is listed first on purpose: the per-friend reward must still be found and shown.
  milestone = await h.task({ type: 'INVITE_FRIENDS', period: 'ONCE', reward: 500n, config: { friendsRequired: 3 }, sortOrder: 0 });
  perFriend = await h.task({ type: 'INVITE_FRIENDS', period: 'UNLIMITED', reward: 150n, config: { perFriend: true }, sortOrder: 10 });
  quiz = await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['ton'] }, sortOrder: 20 });
  checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 20n, sortOrder: 30 });
  code = (await h.as(alice).profile.me()).referralCode;
});

describe('inviting friends', () => {
  it('pays the inviter once per friend, when the friend completes a first task — not at sign-up, not again later', async () => {
    const bob = invited(7702, 'Bob', code);
    await h.as(bob).profile.me();
    expect(await points(alice)).toBe('0');
    expect(await h.as(alice).referrals.summary()).toMatchObject({ invited: 1, active: 0, earned: '0' });

    // A wrong quiz answer is not a completed task.
    expect(await failure(h.as(bob).tasks.complete({ taskId: quiz.id, answer: 'btc' }))).toMatchObject({ appCode: 'QUIZ_WRONG_ANSWER' });
    expect(await points(alice)).toBe('0');

    await h.as(bob).tasks.complete({ taskId: quiz.id, answer: 'TON' });
    expect(await points(alice)).toBe('150');
    expect((await h.as(alice).ledger.history()).items).toMatchObject([{ amount: '150', direction: 'in', kind: 'REFERRAL_REWARD' }]);

    await h.as(bob).tasks.complete({ taskId: checkin.id });
    h.clock.advance({ days: 1 });
    await h.as(bob).tasks.complete({ taskId: checkin.id });
    expect(await points(alice)).toBe('150');
    expect(await points(bob)).toBe('50');
    await h.expectLedgerBalanced();
  });

  it('shows the per-friend task as paid automatically, not claimable by hand', async () => {
    const view = (await h.as(alice).tasks.list()).find((t) => t.id === perFriend.id);
    expect(view).toMatchObject({ state: 'locked', reward: '150', config: { perFriend: true } });
    expect(await failure(h.as(alice).tasks.complete({ taskId: perFriend.id }))).toMatchObject({ appCode: 'TASK_NOT_VERIFIABLE' });
    expect(await points(alice)).toBe('0');
  });

  it('summarises invited, active and earned, and lists the friends newest first', async () => {
    const bob = invited(7702, 'Bob', code);
    const carol = invited(7703, 'Carol', code);
    const dan = invited(7704, 'Dan', code);
    for (const f of [bob, carol, dan]) {
      await h.as(f).profile.me();
      h.clock.advance({ minutes: 1 });
    }
    await h.as(bob).tasks.complete({ taskId: quiz.id, answer: 'ton' });
    await h.as(carol).tasks.complete({ taskId: checkin.id });
    // Bob's own friend is not Alice's.
    const bobsCode = (await h.as(bob).profile.me()).referralCode;
    await h.as(invited(7705, 'Eve', bobsCode)).tasks.complete({ taskId: checkin.id });

    const summary = await h.as(alice).referrals.summary();
    expect(summary).toMatchObject({ code, invited: 3, active: 2, earned: '300', rewardPerFriend: '150' });
    expect(summary.link).toContain(`ref_${code}`);
    expect(summary.friends.map((f) => [f.name, f.activated])).toEqual([
      ['Dan', false],
      ['Carol', true],
      ['Bob', true],
    ]);
    expect(await h.as(bob).referrals.summary()).toMatchObject({ invited: 1, active: 1, earned: '150', friends: [{ name: 'Eve', activated: true }] });
    await h.expectLedgerBalanced();
  });

  it('welcomes a newcomer until a first task is done, and names who invited them', async () => {
    const bob = invited(7702, 'Bob', code);
    expect(await h.as(bob).profile.me()).toMatchObject({ isNew: true, invitedBy: 'Alice' });
    expect(await h.as({ telegramId: 7705, firstName: 'Eve' }).profile.me()).toMatchObject({ isNew: true, invitedBy: null });
    await h.as(bob).tasks.complete({ taskId: checkin.id });
    expect(await h.as(bob).profile.me()).toMatchObject({ isNew: false, invitedBy: 'Alice' });
  });

  it('pays the three-friends milestone only once three invited friends are active, and only once', async () => {
    const notYet = async (active: number) => {
      const e = await failure(h.as(alice).tasks.complete({ taskId: milestone.id }));
      expect(e).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'NOT_ENOUGH_FRIENDS', details: { active, need: 3 } });
    };
    // What the Tasks screen shows meanwhile: how far along, so it offers to invite rather than to claim.
    const progress = async () => (await h.as(alice).tasks.list()).find((t) => t.id === milestone.id)!.action;
    await notYet(0);
    expect(await progress()).toEqual({ kind: 'invite', progress: 0, required: 3, perFriend: false });
    const friends = [invited(7702, 'Bob', code), invited(7703, 'Carol', code), invited(7704, 'Dan', code)];
    for (const f of friends.slice(0, 2)) await h.as(f).tasks.complete({ taskId: checkin.id });
    await notYet(2);
    expect(await progress()).toMatchObject({ progress: 2, required: 3 });
    // Signed up but not active yet does not count.
    await h.as(friends[2]).profile.me();
    await notYet(2);
    expect(await points(alice)).toBe('300');

    await h.as(friends[2]).tasks.complete({ taskId: quiz.id, answer: 'ton' });
    expect(await progress()).toMatchObject({ progress: 3, required: 3 });
    expect(await h.as(alice).tasks.complete({ taskId: milestone.id })).toMatchObject({ reward: '500', balance: '950' });
    expect(await failure(h.as(alice).tasks.complete({ taskId: milestone.id }))).toMatchObject({ appCode: 'TASK_ALREADY_CLAIMED' });
    expect(await points(alice)).toBe('950');
    expect((await h.as(alice).tasks.list()).find((t) => t.id === milestone.id)).toMatchObject({ state: 'claimed' });
    await h.expectLedgerBalanced();
  });
});
