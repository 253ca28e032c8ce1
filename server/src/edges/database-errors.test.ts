import { describe, expect, it } from 'vitest';
import { DEMO_ATTRIBUTES } from '../seed/demo.ts';
import { fromDatabase } from '../lib/errors.ts';
import { useServer } from '../test/server-harness.ts';

// What the database refuses reaches the caller as a stable code, on PGlite and on PostgreSQL alike
// (run this file with DATABASE_URL set too: the adapters shape the same refusal differently).
const s = useServer({ ADMIN_TELEGRAM_IDS: '9500' });
const owner = { telegramId: 9500, firstName: 'Owner' };

const refusal = (r: { status: number; body: any }) => ({ status: r.status, appCode: r.body.error?.data?.appCode, message: r.body.error?.message });
const collection = (slug: string) => ({
  slug,
  title: { en: 'Critters', ru: 'Зверята' },
  description: { en: 'Critters', ru: 'Зверята' },
  supplyCap: 100,
  attributes: DEMO_ATTRIBUTES,
});
const product = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  kind: 'ITEM',
  title: { en: 'Mug', ru: 'Кружка' },
  description: { en: '', ru: '' },
  pricePoints: '10',
  ...extra,
});
const task = (slug: string) => ({ slug, type: 'DAILY_CHECKIN', title: { en: 'Daily', ru: 'Ежедневно' }, description: { en: '', ru: '' }, reward: '5', period: 'DAILY' });

describe('the back office, when the database says no', () => {
  it('answers a slug already taken with 409 ALREADY_EXISTS naming the field, and keeps the first', async () => {
    await s.call(owner, 'profile.me');
    expect(await s.call(owner, 'admin.collectibles.createCollection', collection('critters'))).toMatchObject({ status: 200 });
    expect(refusal(await s.call(owner, 'admin.collectibles.createCollection', collection('critters')))).toEqual({
      status: 409,
      appCode: 'ALREADY_EXISTS',
      message: 'Something with this slug already exists.',
    });
    expect(await s.call(owner, 'admin.catalog.saveProduct', product('mug'))).toMatchObject({ status: 200 });
    expect(refusal(await s.call(owner, 'admin.catalog.saveProduct', product('mug')))).toMatchObject({ status: 409, appCode: 'ALREADY_EXISTS' });
    expect(await s.call(owner, 'admin.catalog.saveTask', task('daily'))).toMatchObject({ status: 200 });
    expect(refusal(await s.call(owner, 'admin.catalog.saveTask', task('daily')))).toMatchObject({ status: 409, appCode: 'ALREADY_EXISTS' });
    const products = (await s.call(owner, 'admin.catalog.products')).body.result.data;
    expect(products.filter((p: { slug: string }) => p.slug === 'mug')).toHaveLength(1);
  });

  it('answers ids that name nothing with 404, not 500', async () => {
    await s.call(owner, 'profile.me');
    expect(refusal(await s.call(owner, 'admin.catalog.saveProduct', product('ghost', { id: 4242 })))).toMatchObject({ status: 404 });
    expect(refusal(await s.call(owner, 'admin.collectibles.setNftAddress', { collectionId: 4242, address: `0:${'a'.repeat(64)}` }))).toMatchObject({ status: 404 });
    expect(refusal(await s.call(owner, 'admin.collectibles.award', { dropId: 4242, telegramId: String(owner.telegramId), key: 'prize-1' }))).toMatchObject({ status: 404 });
  });

  it('refuses numbers past INTEGER and text with NUL at the edge, with VALIDATION', async () => {
    await s.call(owner, 'profile.me');
    for (const bad of [product('big', { stock: 2 ** 31 }), product('big', { sortOrder: 2 ** 31 }), product('big', { title: { en: 'a\u0000b', ru: 'x' } })]) {
      expect(refusal(await s.call(owner, 'admin.catalog.saveProduct', bad))).toMatchObject({ status: 400, appCode: 'VALIDATION' });
    }
    expect(refusal(await s.call(owner, 'admin.ledger.award', { telegramId: '99999999999999999999', currency: 'POINTS', amount: '10', reason: 'too big' }))).toMatchObject({
      status: 400,
      appCode: 'VALIDATION',
    });
    expect(refusal(await s.call(owner, 'admin.ledger.award', { telegramId: String(owner.telegramId), currency: 'POINTS', amount: '99999999999999999999', reason: 'too much' }))).toMatchObject({
      status: 400,
      appCode: 'VALIDATION',
    });
    expect(refusal(await s.call(owner, 'admin.participants.addNote', { telegramId: String(owner.telegramId), text: 'note\u0000' }))).toMatchObject({ status: 400, appCode: 'VALIDATION' });
    await s.expectLedgerBalanced();
  });

  it("refuses a console table's unknown sort or state and ids past INTEGER with 400 VALIDATION naming the field", async () => {
    await s.call(owner, 'profile.me');
    const bad: [string, unknown, string][] = [
      ['admin.participants.bans', { sort: { by: 'telegramId', dir: 'asc' } }, 'sort'],
      ['admin.participants.bans', { status: 'gone' }, 'status'],
      ['admin.participants.bans', { cursor: 2 ** 31 }, 'cursor'],
      ['admin.calendar.list', { when: 'soon' }, 'when'],
      ['admin.calendar.list', { sort: { by: 'startsAt', dir: 'sideways' } }, 'sort'],
      ['admin.collectibles.collections', { page: 0 }, 'page'],
      ['admin.collectibles.drops', { collectionId: 2 ** 31 }, 'collectionId'],
      ['admin.collectibles.editions', { collectionId: 2 ** 31, limit: 10 }, 'collectionId'],
      ['admin.collectibles.mintRequests', { cursor: 2 ** 31 }, 'cursor'],
      ['admin.collectibles.sales', { limit: 201 }, 'limit'],
    ];
    for (const [path, input, field] of bad) {
      expect(refusal(await s.call(owner, path, input, 'GET')), path).toMatchObject({ status: 400, appCode: 'VALIDATION', message: expect.stringContaining(field) });
    }
  });
});

describe('fromDatabase, on the errors this database really raises', () => {
  const raised = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      return fromDatabase(e);
    }
    throw new Error('the database accepted it');
  };

  it('reads duplicates, missing rows, out-of-range numbers and bad text through Prisma and through raw SQL', async () => {
    const p = s.db.prisma;
    await p.participant.create({ data: { telegramId: 1n, referralCode: 'aaaaaaaa' } });
    expect(await raised(() => p.participant.create({ data: { telegramId: 1n, referralCode: 'bbbbbbbb' } }))).toMatchObject({ appCode: 'ALREADY_EXISTS', trpcCode: 'CONFLICT', details: { fields: ['telegramId'] } });
    expect(await raised(() => p.edition.update({ where: { id: 4242 }, data: { showcased: true } }))).toMatchObject({ appCode: 'NOT_FOUND', trpcCode: 'NOT_FOUND' });
    expect(await raised(() => p.productPrice.create({ data: { productId: 4242, currency: 'POINTS', amount: 1n } }))).toMatchObject({ appCode: 'NOT_FOUND' });
    expect(await raised(() => p.edition.findMany({ where: { id: 2 ** 31 } }))).toMatchObject({ appCode: 'OUT_OF_RANGE', trpcCode: 'BAD_REQUEST' });
    expect(await raised(() => p.participant.update({ where: { telegramId: 1n }, data: { firstName: 'a\u0000b' } }))).toMatchObject({ appCode: 'INVALID_TEXT', trpcCode: 'BAD_REQUEST' });
    expect(await raised(() => p.$executeRawUnsafe(`SELECT $1::jsonb`, '{"a":"\\u0000"}'))).toMatchObject({ appCode: 'INVALID_TEXT' });
    expect(await raised(() => s.db.sql.query('SELECT * FROM "Participant" WHERE "telegramId" = ANY($1::bigint[])', [[String(2n ** 64n)]]))).toMatchObject({ appCode: 'OUT_OF_RANGE' });
    expect(await raised(() => s.db.sql.query(`INSERT INTO "Participant" ("telegramId", "referralCode") VALUES (1, 'cccccccc')`, []))).toMatchObject({ appCode: 'ALREADY_EXISTS' });
    // A transaction past its time limit (a busy database) is rolled back: a 503 to try again, and nothing written.
    const slow = raised(() =>
      p.$transaction(async (tx) => {
        await tx.participant.create({ data: { telegramId: 2n, referralCode: 'dddddddd' } });
        await new Promise((r) => setTimeout(r, 300));
        await tx.participant.findMany();
      }, { timeout: 100 }),
    );
    expect(await slow).toMatchObject({ appCode: 'BUSY', trpcCode: 'SERVICE_UNAVAILABLE' });
    expect(await p.participant.count({ where: { telegramId: 2n } })).toBe(0);
    expect(fromDatabase(new Error('something else entirely'))).toBeUndefined();
  });
});
