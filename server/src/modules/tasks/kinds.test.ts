import { beforeEach, describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { forgetTasks } from './service.ts';
import { claimSystemTasks } from './system.ts';

// Every kind of task through the registry, as the product uses it: an admin creates it in the back office
// (admin.catalog.saveTask), a participant sees what it asks (its action on tasks.list) and claims it.
const h = useHarness({ ADMIN_TELEGRAM_IDS: '9500' });
const owner = { telegramId: 9500, firstName: 'Owner' };
const ann = { telegramId: 9501, firstName: 'Ann' };
const ivan = { telegramId: 9502, firstName: 'Ivan', language: 'ru' };

let n = 0;
type Save = Parameters<ReturnType<typeof h.as>['admin']['catalog']['saveTask']>[0];
const create = (type: Save['type'], config: Record<string, unknown>, more: Partial<Save> = {}) =>
  h.as(owner).admin.catalog.saveTask({
    slug: `kind-${++n}`,
    type,
    title: { en: `Task ${n}`, ru: `Задание ${n}` },
    description: { en: '', ru: '' },
    reward: '40',
    config,
    ...more,
  });
const seen = async (u: { telegramId: number }, id: number) => (await h.as(u).tasks.list()).find((t) => t.id === id)!;
const points = async (u: { telegramId: number }) => (await h.as(u).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount;

beforeEach(() => forgetTasks(h.deps.db));

describe('each kind of task, created by an admin and claimed by a participant', () => {
  it('daily check-in: asks to check in, showing the streak, and pays the bonus the admin set', async () => {
    const t = await create('DAILY_CHECKIN', { streakBonus: 5, maxStreakBonusDays: 3 }, { period: 'DAILY' });
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'check_in', streak: 0 });
    expect(await h.as(ann).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '40', streak: 1 });
    expect(await seen(ann, t.id)).toMatchObject({ state: 'claimed', action: { kind: 'check_in', streak: 1 } });
    h.clock.advance({ days: 1 });
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'check_in', streak: 1 });
    expect(await h.as(ann).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '45', streak: 2 });
    h.clock.advance({ days: 2 });
    // A missed day broke it.
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'check_in', streak: 0 });
    await h.expectLedgerBalanced();
  });

  it('join a chat: links the chat, and pays once Telegram says the participant is in it', async () => {
    const t = await create('JOIN_CHAT', { chatId: '@kinds_chat', chatUrl: 'https://t.me/kinds_chat' });
    const view = await seen(ann, t.id);
    expect(view.action).toEqual({ kind: 'join_chat', chatUrl: 'https://t.me/kinds_chat' });
    expect(JSON.stringify(view)).not.toContain('@kinds_chat');
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'NOT_A_MEMBER' });
    h.telegram.setMember('@kinds_chat', ann.telegramId, 'member');
    expect(await h.as(ann).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '40', balance: '40' });
    expect((await seen(ann, t.id)).state).toBe('claimed');
  });

  it('invite friends: shows the active friends against the goal, claimable once it is reached', async () => {
    const t = await create('INVITE_FRIENDS', { friendsRequired: 2 });
    const perFriend = await create('INVITE_FRIENDS', { perFriend: true }, { period: 'UNLIMITED', reward: '10' });
    const quiz = await create('QUIZ', { question: { en: 'Two plus two?', ru: 'Два плюс два?' }, answers: ['4'] }, { reward: '5' });
    expect(await seen(ann, t.id)).toMatchObject({ state: 'available', action: { kind: 'invite', required: 2, progress: 0, perFriend: false } });
    expect(await seen(ann, perFriend.id)).toMatchObject({ state: 'locked', action: { kind: 'invite', perFriend: true } });
    const code = (await h.as(ann).profile.me()).referralCode;
    const friends = [9511, 9512].map((telegramId) => ({ telegramId, firstName: `F${telegramId}`, startParam: `ref_${code}` }));
    await h.as(friends[0]).tasks.complete({ taskId: quiz.id, answer: '4' });
    await h.as(friends[1]).profile.me();
    // Signed up is not active yet.
    expect((await seen(ann, t.id)).action).toMatchObject({ kind: 'invite', required: 2, progress: 1 });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'NOT_ENOUGH_FRIENDS', details: { active: 1, need: 2 } });
    await h.as(friends[1]).tasks.complete({ taskId: quiz.id, answer: '4' });
    expect((await seen(ann, t.id)).action).toMatchObject({ progress: 2 });
    // 2 × 10 per friend, then the milestone.
    expect(await h.as(ann).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '40', balance: '60' });
    expect(await failure(h.as(ann).tasks.complete({ taskId: perFriend.id }))).toMatchObject({ appCode: 'TASK_NOT_VERIFIABLE' });
    await h.expectLedgerBalanced();
  });

  it('quiz: asks the question with its options in the reader’s language, never showing the answers', async () => {
    const t = await create('QUIZ', {
      question: { en: 'Which coin runs TON?', ru: 'Какая монета у TON?' },
      options: { en: ['Toncoin', 'Gold'], ru: ['Toncoin', 'Золото'] },
      answers: ['Toncoin'],
    });
    const view = await seen(ivan, t.id);
    expect(view.action).toEqual({ kind: 'answer', question: 'Какая монета у TON?', options: ['Toncoin', 'Золото'] });
    expect(JSON.stringify(view)).not.toContain('answers');
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'answer', question: 'Which coin runs TON?', options: ['Toncoin', 'Gold'] });
    expect(await failure(h.as(ivan).tasks.complete({ taskId: t.id, answer: 'Золото' }))).toMatchObject({ appCode: 'QUIZ_WRONG_ANSWER' });
    expect(await h.as(ivan).tasks.complete({ taskId: t.id, answer: 'toncoin' })).toMatchObject({ reward: '40' });
  });

  it('visit a link: asks to open it and stay, and pays after the dwell counted from the open', async () => {
    const t = await create('VISIT_LINK', { url: 'https://ton.org/docs', dwellSeconds: 20 });
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'open_link', url: 'https://ton.org/docs', dwellSeconds: 20 });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'VISIT_NOT_STARTED' });
    const started = await h.as(ann).tasks.start({ taskId: t.id });
    expect(await seen(ann, t.id)).toMatchObject({ state: 'started', readyAt: started.readyAt });
    h.clock.advance({ seconds: 19 });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'VISIT_TOO_EARLY' });
    h.clock.advance({ seconds: 1 });
    expect(await h.as(ann).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '40' });
  });

  it('connect a wallet: asks to connect one, refuses a claim by hand, and is paid by the system', async () => {
    const t = await create('CONNECT_WALLET', {});
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'connect_wallet' });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'TASK_NOT_VERIFIABLE' });
    expect(await failure(h.as(ann).tasks.start({ taskId: t.id }))).toMatchObject({ appCode: 'TASK_NOT_STARTABLE' });
    const me = await h.as(ann).profile.me();
    // What the wallet module does once a ton_proof links the wallet.
    expect(await claimSystemTasks(h.deps, me.id, 'CONNECT_WALLET')).toMatchObject([{ taskId: t.id, reward: '40' }]);
    expect(await claimSystemTasks(h.deps, me.id, 'CONNECT_WALLET')).toEqual([]);
    // Only kinds the system completes are paid this way.
    const quiz = await create('QUIZ', { question: { en: 'Q', ru: 'В' }, answers: ['a'] });
    expect(await claimSystemTasks(h.deps, me.id, 'QUIZ')).toEqual([]);
    expect((await seen(ann, quiz.id)).state).toBe('available');
    expect(await seen(ann, t.id)).toMatchObject({ state: 'claimed' });
    expect(await points(ann)).toBe('40');
    await h.expectLedgerBalanced();
  });

  it('make a purchase: sends to the shop, and completes with the first order', async () => {
    const t = await create('PURCHASE', {}, { reward: '25' });
    const quiz = await create('QUIZ', { question: { en: 'Q', ru: 'В' }, answers: ['a'] }, { reward: '100' });
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'buy' });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'TASK_NOT_VERIFIABLE' });
    await h.as(ann).tasks.complete({ taskId: quiz.id, answer: 'a' });
    const mug = await h.as(owner).admin.catalog.saveProduct({
      slug: 'kinds-mug', kind: 'ITEM', title: { en: 'Mug', ru: 'Кружка' }, description: { en: '', ru: '' }, pricePoints: '60',
    });
    await h.as(ann).shop.buy({ productId: Number(mug.id), currency: 'POINTS' });
    // The purchase task follows the commit: the worker pays it.
    expect(await seen(ann, t.id)).toMatchObject({ state: 'available' });
    await h.drain();
    expect(await seen(ann, t.id)).toMatchObject({ state: 'claimed' });
    expect(await points(ann)).toBe(String(100 - 60 + 25));
    await h.expectLedgerBalanced();
  });

  it('partner: opens the partner’s link, and pays after the dwell once the participant is in the partner’s chat', async () => {
    const t = await create('PARTNER', { url: 'https://partner.example/offer', dwellSeconds: 5, chatId: '@partner_chat' });
    expect((await seen(ann, t.id)).action).toEqual({ kind: 'partner', url: 'https://partner.example/offer', dwellSeconds: 5 });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'VISIT_NOT_STARTED' });
    await h.as(ann).tasks.start({ taskId: t.id });
    h.clock.advance({ seconds: 5 });
    expect(await failure(h.as(ann).tasks.complete({ taskId: t.id }))).toMatchObject({ appCode: 'NOT_A_MEMBER' });
    h.telegram.setMember('@partner_chat', ann.telegramId, 'member');
    expect(await h.as(ann).tasks.complete({ taskId: t.id })).toMatchObject({ reward: '40' });
    // Without a chat, opening and staying is enough.
    const open = await create('PARTNER', { url: 'https://partner.example/app' });
    await h.as(ann).tasks.start({ taskId: open.id });
    expect(await h.as(ann).tasks.complete({ taskId: open.id })).toMatchObject({ reward: '40', balance: '80' });
    await h.expectLedgerBalanced();
  });
});

describe('the admin form', () => {
  it('lists every kind with the fields its config takes, their types and bounds', async () => {
    const kinds = await h.as(owner).admin.catalog.taskKinds();
    expect(kinds.map((k) => k.type).sort()).toEqual(
      ['CONNECT_WALLET', 'DAILY_CHECKIN', 'INVITE_FRIENDS', 'JOIN_CHAT', 'PARTNER', 'PURCHASE', 'QUIZ', 'VISIT_LINK'],
    );
    const quiz = kinds.find((k) => k.type === 'QUIZ')!;
    expect(quiz.fields).toEqual(expect.arrayContaining([
      { name: 'question', type: 'localized', required: true, minLength: 1, maxLength: 500 },
      { name: 'options', type: 'localizedList', required: false, minLength: 1, maxLength: 200, maxItems: 10 },
      { name: 'answers', type: 'list', required: true, minLength: 1, maxLength: 200, maxItems: 20 },
    ]));
    expect(kinds.find((k) => k.type === 'VISIT_LINK')).toMatchObject({
      needsStart: true,
      system: false,
      fields: expect.arrayContaining([{ name: 'url', type: 'url', required: true, maxLength: 2000 }, { name: 'dwellSeconds', type: 'integer', required: false, min: 0, max: 3600 }]),
    });
    expect(kinds.find((k) => k.type === 'CONNECT_WALLET')).toMatchObject({ system: true, needsStart: false, periods: ['ONCE', 'DAILY', 'WEEKLY', 'UNLIMITED'] });
    expect(kinds.find((k) => k.type === 'DAILY_CHECKIN')).toMatchObject({ periods: ['DAILY'] });
    for (const k of kinds) expect(k.fields.map((f) => f.name)).toContain('prizeDropId');
    expect(await failure(h.as(ann).admin.catalog.taskKinds())).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a config its kind does not accept, saying which field, and saves nothing', async () => {
    const bad = [
      () => create('QUIZ', { question: { en: 'Q?', ru: 'В?' } }),
      () => create('VISIT_LINK', { url: 'javascript:alert(1)' }),
      () => create('VISIT_LINK', { url: 'https://ton.org', dwellSeconds: 99_999 }),
      () => create('JOIN_CHAT', { chatId: 'not a chat', chatUrl: 'https://t.me/x' }),
      () => create('DAILY_CHECKIN', { streakBonus: 5, surprise: true }),
      () => create('DAILY_CHECKIN', { streakBonus: 5 }, { period: 'WEEKLY' }),
    ];
    const fields = [];
    for (const save of bad) {
      const e = await failure(save());
      expect(e).toMatchObject({ code: 'BAD_REQUEST', appCode: 'TASK_CONFIG_INVALID' });
      fields.push((e.details as { issues: { field: string }[] }).issues[0].field);
    }
    expect(fields).toEqual(['answers', 'url', 'dwellSeconds', 'chatId', '', 'period']);
    expect(await h.as(owner).admin.catalog.tasks()).toEqual([]);
  });

  it('keeps the stored config when an edit sends none, and checks it again when the type changes', async () => {
    const t = await create('QUIZ', { question: { en: 'Q?', ru: 'В?' }, answers: ['yes'] });
    const edit = { id: t.id as number, slug: t.slug as string, title: { en: 'Q', ru: 'В' }, description: { en: '', ru: '' }, reward: '40' };
    await h.as(owner).admin.catalog.saveTask({ ...edit, type: 'QUIZ', active: false });
    await h.as(owner).admin.catalog.saveTask({ ...edit, type: 'QUIZ', active: true });
    expect(await h.as(ann).tasks.complete({ taskId: t.id as number, answer: 'yes' })).toMatchObject({ reward: '40' });
    expect(await failure(h.as(owner).admin.catalog.saveTask({ ...edit, type: 'VISIT_LINK' }))).toMatchObject({ appCode: 'TASK_CONFIG_INVALID' });
    expect(await failure(h.as(owner).admin.catalog.saveTask({ ...edit, id: 999_999, type: 'QUIZ' }))).toMatchObject({ appCode: 'TASK_NOT_FOUND' });
  });
});
