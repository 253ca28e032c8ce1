import { describe, expect, it } from 'vitest';
import { useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '8800' });
const owner = { telegramId: 8800, firstName: 'Owner' };
const mia = { telegramId: 8801, firstName: 'Mia' };

describe('history rows', () => {
  it('name the task, the product, the friend and the reason, in the reader’s language', async () => {
    const quiz = await h.task({ type: 'QUIZ', title: { en: 'Quiz: TON basics', ru: 'Викторина: основы TON' }, reward: 100n, config: { answers: ['ton'] } });
    await h.task({ type: 'INVITE_FRIENDS', period: 'UNLIMITED', reward: 150n, config: { perFriend: true } });
    const badge = await h.deps.prisma.product.create({
      data: { slug: 'badge', kind: 'ITEM', title: { en: 'Early bird badge', ru: 'Значок «Ранняя пташка»' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'POINTS', amount: 80n }] } },
    });
    const { referralCode } = await h.as(mia).profile.me();

    await h.as(mia).tasks.complete({ taskId: quiz.id, answer: 'TON' });
    await h.as(mia).shop.buy({ productId: badge.id, currency: 'POINTS', idempotencyKey: 'badge-0001' });
    await h.as({ telegramId: 8802, firstName: 'Leo', lastName: 'Park', startParam: `ref_${referralCode}` }).tasks.complete({ taskId: quiz.id, answer: 'ton' });
    await h.as(owner).profile.me();
    await h.as(owner).admin.ledger.award({ telegramId: String(mia.telegramId), currency: 'POINTS', amount: '25', reason: 'Best meme of the week', idempotencyKey: 'meme-week-48' });

    const rows = (await h.as(mia).ledger.history()).items.map((i) => [i.kind, i.direction, i.amount, i.subject]);
    expect(rows).toEqual([
      ['AWARD', 'in', '25', 'Best meme of the week'],
      ['REFERRAL_REWARD', 'in', '150', 'Leo Park'],
      ['PURCHASE', 'out', '80', 'Early bird badge'],
      ['TASK_REWARD', 'in', '100', 'Quiz: TON basics'],
    ]);

    await h.as(mia).profile.update({ language: 'ru' });
    const ru = (await h.as(mia).ledger.history()).items.map((i) => i.subject);
    expect(ru).toEqual(['Best meme of the week', 'Leo Park', 'Значок «Ранняя пташка»', 'Викторина: основы TON']);
  });

  it('keep the kind alone when the reference names nothing that is still there', async () => {
    const quiz = await h.task({ type: 'QUIZ', reward: 10n, config: { answers: ['ton'] } });
    await h.as(mia).tasks.complete({ taskId: quiz.id, answer: 'ton' });
    // A task renamed away (its slug changed) no longer names the old claim.
    await h.deps.prisma.task.update({ where: { id: quiz.id }, data: { slug: 'renamed' } });
    expect((await h.as(mia).ledger.history()).items).toMatchObject([{ kind: 'TASK_REWARD', subject: null }]);
  });
});
