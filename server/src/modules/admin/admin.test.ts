import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9400' });
const owner = { telegramId: 9400, firstName: 'Owner' };
const mod = { telegramId: 9401, firstName: 'Moder' };
const kate = { telegramId: 8901, firstName: 'Kate', username: 'kate_k' };

async function makeModerator() {
  await h.as(mod).profile.me();
  await h.as(owner).admin.participants.setRole({ telegramId: String(mod.telegramId), role: 'MODERATOR' });
}

describe('back office', () => {
  it('finds participants, opens a profile, bans and unbans with an audit trail', async () => {
    await h.as(kate).profile.me();
    await makeModerator();
    const found = await h.as(mod).admin.participants.list({ search: '@kate' });
    expect(found.items.map((p) => p.telegramId)).toEqual([String(kate.telegramId)]);
    await h.as(mod).admin.participants.ban({ telegramId: String(kate.telegramId), reason: 'spam in chat' });
    expect(await failure(h.as(kate).profile.me())).toMatchObject({ code: 'FORBIDDEN', appCode: 'BANNED' });
    expect(await failure(h.as(kate).tasks.list())).toMatchObject({ appCode: 'BANNED' });
    const profile = await h.as(owner).admin.participants.get({ telegramId: String(kate.telegramId) });
    expect(profile).toMatchObject({ banned: true, banReason: 'spam in chat', balances: expect.any(Array) });
    expect(profile.audit.map((a) => a.action)).toEqual(['participant.banned']);
    await h.as(mod).admin.participants.unban({ telegramId: String(kate.telegramId) });
    expect((await h.as(kate).profile.me()).firstName).toBe('Kate');
    expect(await failure(h.as(mod).admin.participants.ban({ telegramId: String(owner.telegramId), reason: 'coup attempt' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('tags participants and keeps notes; a mailing can aim at a tag', async () => {
    await h.as(kate).profile.me();
    await h.as({ telegramId: 8902, firstName: 'Leo' }).profile.me();
    await makeModerator();
    const tagged = await h.as(mod).admin.participants.setTags({ telegramId: String(kate.telegramId), tags: ['VIP Club', 'vip-club', 'Москва'] });
    expect(tagged).toEqual({ tags: ['vip-club', 'москва'] });
    expect((await h.as(mod).admin.participants.list({ tag: 'VIP club' })).items.map((p) => p.name)).toEqual(['Kate']);
    expect(await h.as(owner).admin.participants.tags()).toEqual([
      { tag: 'vip-club', count: 1 },
      { tag: 'москва', count: 1 },
    ]);
    expect(await h.as(owner).admin.mailings.audience({ category: 'NEWS', segment: { tag: 'vip-club' } })).toEqual({ count: 1 });

    await h.as(mod).admin.participants.addNote({ telegramId: String(kate.telegramId), text: 'Asked about the partner discount.' });
    h.clock.advance({ minutes: 5 });
    const notes = await h.as(owner).admin.participants.addNote({ telegramId: String(kate.telegramId), text: 'Sent the code by hand.' });
    expect(notes.map((n) => [n.author, n.text])).toEqual([
      ['Owner', 'Sent the code by hand.'],
      ['Moder', 'Asked about the partner discount.'],
    ]);
    const profile = await h.as(mod).admin.participants.get({ telegramId: String(kate.telegramId) });
    expect(profile).toMatchObject({ tags: ['vip-club', 'москва'], notes: [{ text: 'Sent the code by hand.' }, { text: 'Asked about the partner discount.' }] });
    expect(profile.audit.find((a) => a.action === 'participant.tagged')).toMatchObject({ actor: 'Moder' });

    expect(await failure(h.as(mod).admin.participants.setTags({ telegramId: String(kate.telegramId), tags: ['no/slashes'] }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(mod).admin.participants.addNote({ telegramId: String(kate.telegramId), text: '  ' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(kate).admin.participants.setTags({ telegramId: String(kate.telegramId), tags: ['me'] }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pages the people list by cursor, newest first, each person once, and by page with a sort', async () => {
    for (let i = 0; i < 7; i++) await h.as({ telegramId: 8950 + i, firstName: `P${i}` }).profile.me();
    const seen: string[] = [];
    let cursor: number | undefined;
    for (let n = 0; n < 10; n++) {
      const res = await h.as(owner).admin.participants.list({ search: 'P', cursor, limit: 3 });
      seen.push(...res.items.map((p) => p.name));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toEqual(['P6', 'P5', 'P4', 'P3', 'P2', 'P1', 'P0']);
    const second = await h.as(owner).admin.participants.list({ search: 'P', page: 2, limit: 3, sort: { by: 'name', dir: 'asc' } });
    expect(second).toMatchObject({ total: 7, nextCursor: null });
    expect(second.items.map((p) => p.name)).toEqual(['P3', 'P4', 'P5']);
  });

  it('only owners change roles; a moderator cannot edit the catalog', async () => {
    await makeModerator();
    expect(await failure(h.as(mod).admin.participants.setRole({ telegramId: String(kate.telegramId), role: 'ADMIN' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(h.as(mod).admin.catalog.tasks())).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('creates and edits tasks and products, refusing bad input with a clear message', async () => {
    const t = await h.as(owner).admin.catalog.saveTask({
      slug: 'follow-x',
      type: 'VISIT_LINK',
      title: { en: 'Follow us', ru: 'Подпишитесь' },
      description: { en: 'Open and stay', ru: 'Откройте' },
      reward: '40',
      config: { url: 'https://example.org', dwellSeconds: 5 },
    });
    expect((await h.as(kate).tasks.list()).map((x) => x.slug)).toContain('follow-x');
    await h.as(owner).admin.catalog.saveTask({ id: Number(t.id), slug: 'follow-x', type: 'VISIT_LINK', title: { en: 'Follow', ru: 'П' }, description: { en: '', ru: '' }, reward: '40', active: false });
    expect((await h.as(kate).tasks.list()).map((x) => x.slug)).not.toContain('follow-x');
    const bad = await failure(h.as(owner).admin.catalog.saveTask({ slug: 'Bad Slug', type: 'QUIZ', title: { en: 'x', ru: 'x' }, description: { en: '', ru: '' }, reward: '-5' } as never));
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
    const p = await h.as(owner).admin.catalog.saveProduct({ slug: 'cap', kind: 'ITEM', title: { en: 'Cap', ru: 'Кепка' }, description: { en: '', ru: '' }, pricePoints: '300', stock: 5 });
    expect(p).toMatchObject({ slug: 'cap', pricePoints: '300', stock: 5 });
    expect((await h.as(kate).shop.products()).products.map((x) => x.slug)).toContain('cap');
    // Collectibles are sold from their drop, which makes the product; the catalogue only edits them.
    const orphan = await failure(h.as(owner).admin.catalog.saveProduct({ slug: 'loose-nft', kind: 'COLLECTIBLE', title: { en: 'NFT', ru: 'NFT' }, description: { en: '', ru: '' }, pricePoints: '10' }));
    expect(orphan).toMatchObject({ code: 'BAD_REQUEST' });
    expect(orphan.message).toMatch(/created with its drop/);
    const log = await h.as(owner).admin.overview.audit();
    expect(log.map((a) => a.action)).toEqual(expect.arrayContaining(['task.created', 'task.updated', 'product.created']));
  });

  it('shows an overview with activity and queues', async () => {
    await h.as(kate).profile.me();
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 10n });
    await h.as(kate).tasks.complete({ taskId: t.id });
    const o = await h.as(owner).admin.overview.get();
    expect(o).toMatchObject({ participants: 2, active: { dau: 2 }, claimsToday: 1, pendingWithdrawals: 0 });
    expect(o.daily).toEqual([{ day: '2026-11-24', claims: 1, points: '10' }]);
  });

  it('charts claims per day, keeping each ended day once it has settled', async () => {
    const bob = { telegramId: 8902, firstName: 'Bob' };
    const t = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 10n });
    const kept = async () => (await h.deps.prisma.claimDay.findMany({ orderBy: { day: 'asc' } })).map((d) => [d.day, Number(d.claims), d.points.toString()]);
    h.clock.set('2026-11-24T23:50:00Z');
    const k1 = await h.as(kate).tasks.complete({ taskId: t.id });
    h.clock.set('2026-11-25T00:10:00Z');
    const b1 = await h.as(bob).tasks.complete({ taskId: t.id });

    // Within the hour after midnight, yesterday is still summed live; the twelve days before it are kept.
    h.clock.set('2026-11-25T00:30:00Z');
    expect((await h.as(owner).admin.overview.get()).daily).toEqual([
      { day: '2026-11-24', claims: 1, points: k1.reward },
      { day: '2026-11-25', claims: 1, points: b1.reward },
    ]);
    expect((await kept()).map(([day]) => day)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-11-${String(12 + i).padStart(2, '0')}`));
    expect((await kept()).filter(([, claims]) => claims !== 0)).toEqual([]);

    // Later the day is kept with its figures, and today's new claims still show at once.
    h.clock.set('2026-11-25T02:00:00Z');
    const k2 = await h.as(kate).tasks.complete({ taskId: t.id });
    const o = await h.as(owner).admin.overview.get();
    expect(o.daily).toEqual([
      { day: '2026-11-24', claims: 1, points: k1.reward },
      { day: '2026-11-25', claims: 2, points: String(BigInt(b1.reward) + BigInt(k2.reward)) },
    ]);
    expect(o.claimsToday).toBe(2);
    expect((await kept()).at(-1)).toEqual(['2026-11-24', 1, k1.reward]);

    // Two weeks on, the chart starts thirteen days back: the 24th has left it, the 25th has not.
    h.clock.set('2026-12-08T12:00:00Z');
    const later = await h.as(owner).admin.overview.get();
    expect(later.daily).toEqual([{ day: '2026-11-25', claims: 2, points: String(BigInt(b1.reward) + BigInt(k2.reward)) }]);
    expect(later.claimsToday).toBe(0);
    expect((await kept()).find(([day]) => day === '2026-11-25')).toEqual(['2026-11-25', 2, String(BigInt(b1.reward) + BigInt(k2.reward))]);
  });
});
