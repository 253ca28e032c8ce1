// Demo content for a first start (`DEMO_DATA=on`): tasks, a populated leaderboard, products, a drop, posts.
// It lives above the domains because it uses them (the ledger pays, ratings score), unlike db/.
import type { Prisma } from '../db/client.ts';
import { inTx } from '../db/tx.ts';
import { CURRENCIES, SystemAccount } from '../modules/ledger/accounts.ts';
import { transfer } from '../modules/ledger/service.ts';
import { addScore } from '../modules/ratings/service.ts';
import { newReferralCode } from '../modules/participants/service.ts';
import { hashSeed } from '../modules/editions/roll.ts';
import { randomBytes } from 'node:crypto';

export const DEMO_TASKS = [
  {
    slug: 'daily-checkin',
    type: 'DAILY_CHECKIN' as const,
    title: { en: 'Daily check-in', ru: 'Ежедневная отметка' },
    description: {
      en: 'Check in every day. Each day in a row adds a bonus.',
      ru: 'Отмечайтесь каждый день. Каждый день подряд добавляет бонус.',
    },
    reward: 50n,
    period: 'DAILY' as const,
    config: { streakBonus: 10, maxStreakBonusDays: 6 },
    sortOrder: 0,
  },
  {
    slug: 'join-channel',
    type: 'JOIN_CHAT' as const,
    title: { en: 'Join our channel', ru: 'Подпишитесь на канал' },
    description: { en: 'News, drops and giveaways come there first.', ru: 'Новости, дропы и розыгрыши — сначала там.' },
    reward: 200n,
    period: 'ONCE' as const,
    config: { chatId: '@ton_loyalty_demo', chatUrl: 'https://t.me/ton_loyalty_demo' },
    sortOrder: 10,
  },
  {
    slug: 'quiz-ton',
    type: 'QUIZ' as const,
    title: { en: 'Quiz: TON basics', ru: 'Викторина: основы TON' },
    description: { en: 'Answer one question about TON.', ru: 'Ответьте на один вопрос о TON.' },
    reward: 100n,
    period: 'ONCE' as const,
    config: {
      question: {
        en: 'What is the native coin of The Open Network called?',
        ru: 'Как называется собственная монета The Open Network?',
      },
      options: { en: ['Toncoin', 'Bitcoin', 'Star'], ru: ['Toncoin', 'Bitcoin', 'Star'] },
      answers: ['toncoin', 'ton'],
    },
    sortOrder: 20,
  },
  {
    slug: 'visit-blog',
    type: 'VISIT_LINK' as const,
    title: { en: 'Read the community blog', ru: 'Прочитайте блог сообщества' },
    description: { en: 'Open the article and stay for 15 seconds.', ru: 'Откройте статью и побудьте на ней 15 секунд.' },
    reward: 30n,
    period: 'DAILY' as const,
    config: { url: 'https://ton.org/en/blog', dwellSeconds: 15 },
    sortOrder: 30,
  },
  {
    slug: 'invite-friend',
    type: 'INVITE_FRIENDS' as const,
    title: { en: 'Invite friends', ru: 'Приглашайте друзей' },
    description: {
      en: 'Get points for every friend who joins and completes a first task.',
      ru: 'Получайте баллы за каждого друга, который придёт и выполнит первое задание.',
    },
    reward: 150n,
    period: 'UNLIMITED' as const,
    config: { perFriend: true },
    sortOrder: 40,
  },
  {
    slug: 'invite-3-friends',
    type: 'INVITE_FRIENDS' as const,
    title: { en: 'Bring three friends', ru: 'Приведите троих друзей' },
    description: { en: 'A bonus once three invited friends are active.', ru: 'Бонус, когда трое приглашённых друзей станут активными.' },
    reward: 500n,
    period: 'ONCE' as const,
    config: { friendsRequired: 3 },
    sortOrder: 50,
  },
];

const DEMO_PEOPLE = [
  ['Alina', 'alina_ton', 4200], ['Boris', 'boris_b', 3650], ['Chen', null, 3100], ['Daria', 'dasha', 2800],
  ['Emil', 'emil_k', 2400], ['Fatima', null, 1900], ['Gleb', 'gleb', 1500], ['Hanna', 'hanna_w', 1200],
  ['Igor', null, 900], ['Julia', 'julia', 640], ['Kirill', 'kir', 420], ['Lena', null, 180],
] as const;

// Priced so the first day leads somewhere: a check-in and the quiz (150 points) buy the starter boost;
// a few days of tasks reach a drop's collectible (300) and the sticker pack (600).
export const DEMO_PRODUCTS = [
  {
    slug: 'starter-boost',
    kind: 'BOOST' as const,
    title: { en: 'Starter boost ×1.5 for 3 h', ru: 'Стартовый буст ×1,5 на 3 ч' },
    description: {
      en: 'A first thing to spend points on: every task pays 50% more for three hours. One per person.',
      ru: 'Первое, на что потратить баллы: три часа каждое задание приносит на 50% больше. Один на человека.',
    },
    prices: [{ currency: 'POINTS' as const, amount: 150n }],
    boostMultiplierBps: 15_000,
    boostSeconds: 3 * 3_600,
    perParticipantLimit: 1,
    sortOrder: -10,
  },
  {
    slug: 'points-pack-500',
    kind: 'POINTS_PACK' as const,
    title: { en: '500 points', ru: '500 баллов' },
    description: { en: 'A quick top-up of points for the shop and drops.', ru: 'Быстрое пополнение баллов для магазина и дропов.' },
    prices: [{ currency: 'STARS' as const, amount: 50n }, { currency: 'TON' as const, amount: 500_000_000n }],
    pointsAmount: 500n,
    sortOrder: 0,
  },
  {
    slug: 'boost-24h',
    kind: 'BOOST' as const,
    title: { en: 'Boost ×1.5 for 24 h', ru: 'Буст ×1,5 на 24 ч' },
    description: { en: 'Every task pays 50% more for a day.', ru: 'Сутки каждое задание приносит на 50% больше.' },
    prices: [{ currency: 'STARS' as const, amount: 100n }, { currency: 'TON' as const, amount: 1_000_000_000n }, { currency: 'POINTS' as const, amount: 2_000n }],
    boostMultiplierBps: 15_000,
    boostSeconds: 86_400,
    sortOrder: 10,
  },
  {
    slug: 'sticker-pack',
    kind: 'ITEM' as const,
    title: { en: 'Community sticker pack', ru: 'Стикерпак сообщества' },
    description: { en: 'Limited edition: 100 packs, one per person.', ru: 'Лимитированный выпуск: 100 наборов, один в руки.' },
    prices: [{ currency: 'STARS' as const, amount: 25n }, { currency: 'POINTS' as const, amount: 600n }],
    stock: 100,
    perParticipantLimit: 1,
    itemData: { kind: 'sticker-pack' },
    sortOrder: 20,
  },
  {
    slug: 'vip-badge',
    kind: 'ITEM' as const,
    title: { en: 'VIP badge', ru: 'VIP-значок' },
    description: { en: 'Shows on your profile and in the leaderboard.', ru: 'Виден в профиле и в рейтинге.' },
    prices: [{ currency: 'STARS' as const, amount: 250n }, { currency: 'TON' as const, amount: 2_500_000_000n }],
    perParticipantLimit: 1,
    itemData: { kind: 'badge', badge: 'vip' },
    sortOrder: 30,
  },
];

export async function seedDemoProducts(prisma: Prisma): Promise<boolean> {
  if ((await prisma.product.count()) > 0) return false;
  for (const { prices, ...p } of DEMO_PRODUCTS) await prisma.product.create({ data: { ...p, prices: { create: prices } } });
  return true;
}

/** Demo content on first start: tasks and a populated leaderboard, all points issued through the ledger. */
export async function seedDemo(prisma: Prisma, now = new Date()): Promise<boolean> {
  if ((await prisma.task.count()) > 0) return false;
  await prisma.task.createMany({ data: DEMO_TASKS, skipDuplicates: true });
  let i = 0;
  for (const [firstName, username, points] of DEMO_PEOPLE) {
    i++;
    await inTx(prisma, async (tx) => {
      const p = await tx.participant.create({
        data: { telegramId: BigInt(900_000_000 + i), firstName, username, referralCode: newReferralCode(), activatedAt: now },
      });
      await tx.account.createMany({ data: CURRENCIES.map((currency) => ({ kind: 'PARTICIPANT' as const, participantId: p.id, currency })) });
      await transfer(tx, {
        key: `demo:${p.telegramId}`,
        debit: { system: SystemAccount.ISSUANCE },
        credit: { participantId: p.id },
        currency: 'POINTS',
        amount: BigInt(points),
        kind: 'DEMO_GRANT',
        reference: 'demo',
      });
      await addScore(tx, p.id, BigInt(points), now);
    });
  }
  return true;
}

/** A first start shows the News section with something in it: a pinned welcome and an event a few days on. */
export async function seedDemoPosts(prisma: Prisma, now = new Date()): Promise<boolean> {
  if ((await prisma.post.count()) > 0) return false;
  const owner = await prisma.participant.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
  const createdById = owner?.id ?? 0;
  await prisma.post.createMany({
    data: [
      {
        kind: 'NEWS',
        title: { en: 'Welcome to the community app', ru: 'Добро пожаловать в приложение сообщества' },
        body: {
          en: 'Check in every day to grow your streak, do tasks for points, climb the boards and collect editions.',
          ru: 'Отмечайтесь каждый день, чтобы растить серию, выполняйте задания за баллы, поднимайтесь в рейтинге и собирайте коллекцию.',
        },
        pinned: true,
        publishedAt: now,
        createdById,
        createdAt: now,
      },
      {
        kind: 'EVENT',
        title: { en: 'Community AMA', ru: 'AMA с сообществом' },
        body: { en: 'Ask the team anything in the community chat.', ru: 'Задайте команде любые вопросы в чате сообщества.' },
        eventAt: new Date(now.getTime() + 3 * 86_400_000),
        publishedAt: now,
        createdById,
        createdAt: now,
      },
    ],
  });
  return true;
}

export const DEMO_ATTRIBUTES = {
  model: [
    { value: 'Golden Frog', permille: 15 },
    { value: 'Neon Cat', permille: 85 },
    { value: 'Space Duck', permille: 250 },
    { value: 'Plush Bear', permille: 650 },
  ],
  backdrop: [
    { value: 'Aurora', permille: 50 },
    { value: 'Midnight', permille: 200 },
    { value: 'Sky', permille: 350 },
    { value: 'Sand', permille: 400 },
  ],
  symbol: [
    { value: 'Diamond', permille: 10 },
    { value: 'Crown', permille: 90 },
    { value: 'Star', permille: 300 },
    { value: 'Leaf', permille: 600 },
  ],
};

/** A collection with an open drop priced in points, so collecting works on first start. */
export async function seedDemoCollectibles(prisma: Prisma, now = new Date()): Promise<boolean> {
  if ((await prisma.collection.count()) > 0) return false;
  const c = await prisma.collection.create({
    data: {
      slug: 'ton-critters',
      title: { en: 'TON Critters', ru: 'TON-зверята' },
      description: { en: 'Numbered community critters with rare models, backdrops and symbols.', ru: 'Нумерованные зверята сообщества с редкими моделями, фонами и символами.' },
      supplyCap: 1000,
      attributes: DEMO_ATTRIBUTES,
    },
  });
  const seed = randomBytes(32).toString('hex');
  const drop = await prisma.drop.create({
    data: { collectionId: c.id, title: { en: 'Critters: first drop', ru: 'Зверята: первый дроп' }, supply: 300, startsAt: now, seed, seedHash: hashSeed(seed) },
  });
  await prisma.product.create({
    data: {
      slug: `drop-${drop.id}`,
      kind: 'COLLECTIBLE',
      title: drop.title as never,
      description: c.description as never,
      prices: { create: [{ currency: 'POINTS', amount: 300n }, { currency: 'STARS', amount: 30n }] },
      stock: 300,
      startsAt: now,
      dropId: drop.id,
    },
  });
  return true;
}

/** Two community events to answer on a first start (a meet-up with spots and a reward, a stream), a few answers each. */
export async function seedDemoEvents(prisma: Prisma, now = new Date()): Promise<boolean> {
  if ((await prisma.communityEvent.count()) > 0) return false;
  const owner = await prisma.participant.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
  const at = (days: number, hourUtc: number) => {
    const d = new Date(now.getTime() + days * 86_400_000);
    d.setUTCHours(hourUtc, 0, 0, 0);
    return d;
  };
  const base = { status: 'PUBLISHED' as const, publishedAt: now, createdById: owner?.id ?? 0, createdAt: now };
  const stream = await prisma.communityEvent.create({
    data: {
      ...base,
      title: { en: 'Live AMA with the team', ru: 'Прямой эфир AMA с командой' },
      description: { en: 'Bring your questions about drops, the season and what comes next.', ru: 'Приходите с вопросами о дропах, сезоне и планах.' },
      url: 'https://t.me/ton',
      startsAt: at(1, 17),
      endsAt: at(1, 18),
    },
  });
  const meetup = await prisma.communityEvent.create({
    data: {
      ...base,
      title: { en: 'Community meet-up', ru: 'Встреча сообщества' },
      description: { en: 'Tea, talks and a collectible swap. Come and meet the team.', ru: 'Чай, разговоры и обмен коллекциями. Приходите познакомиться с командой.' },
      place: 'Loft Hall, 5 Main Street',
      startsAt: at(3, 16),
      endsAt: at(3, 19),
      capacity: 30,
      rewardPoints: 50n,
    },
  });
  const people = await prisma.participant.findMany({ where: { telegramId: { gt: 900_000_000n, lt: 900_001_000n } }, orderBy: { id: 'asc' }, take: 9, select: { id: true } });
  await prisma.eventRsvp.createMany({
    data: people.flatMap((p, i) => [
      { eventId: meetup.id, participantId: p.id, answer: i % 3 === 2 ? ('MAYBE' as const) : ('YES' as const), answeredAt: now },
      ...(i < 5 ? [{ eventId: stream.id, participantId: p.id, answer: 'YES' as const, answeredAt: now }] : []),
    ]),
  });
  return true;
}

/** Every piece of demo content, each only when its table is still empty. */
export async function seedDemoData(prisma: Prisma, now = new Date()): Promise<void> {
  await seedDemo(prisma, now);
  await seedDemoProducts(prisma);
  await seedDemoCollectibles(prisma, now);
  await seedDemoPosts(prisma, now);
  await seedDemoEvents(prisma, now);
}
