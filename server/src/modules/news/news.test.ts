import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7300' });
const owner = { telegramId: 7300, firstName: 'Owner' };
const vera = { telegramId: 7301, firstName: 'Vera' };

describe('news and events', () => {
  it('shows participants what was published, in their language, with events to come apart', async () => {
    await h.as(vera).profile.me();
    await h.as(vera).profile.update({ language: 'ru' });
    const a = await h.as(owner).admin.news.save({ kind: 'NEWS', title: { en: 'Season two', ru: 'Второй сезон' }, body: { en: 'It starts.', ru: 'Начинается.' } });
    const b = await h.as(owner).admin.news.save({ kind: 'EVENT', title: { en: 'Meet-up' }, body: { en: 'Friday at 18:00' }, eventAt: '2026-11-27T18:00:00.000Z' });
    const draft = await h.as(owner).admin.news.save({ kind: 'NEWS', title: { en: 'Not yet' }, body: { en: '…' } });
    expect((await h.as(vera).news.feed()).items).toEqual([]);

    await h.as(owner).admin.news.publish({ id: a.id });
    h.clock.advance({ minutes: 1 });
    await h.as(owner).admin.news.publish({ id: b.id });
    const feed = await h.as(vera).news.feed();
    expect(feed.items.map((p) => p.title)).toEqual(['Meet-up', 'Второй сезон']);
    expect(feed.items[1].body).toBe('Начинается.');
    expect(feed.upcoming.map((p) => [p.title, p.eventAt])).toEqual([['Meet-up', '2026-11-27T18:00:00.000Z']]);
    expect(feed.items.map((p) => p.id)).not.toContain(draft.id);
    // The back office lists them all, newest first, or one by its id (a post's own link).
    expect((await h.as(owner).admin.news.list()).map((p) => p.id)).toEqual([draft.id, b.id, a.id]);
    expect((await h.as(owner).admin.news.list({ id: b.id })).map((p) => [p.id, p.title.en])).toEqual([[b.id, 'Meet-up']]);
    expect(await h.as(owner).admin.news.list({ id: 999_999 })).toEqual([]);

    // Pinned posts stand apart; a past event is no longer upcoming; unpublishing takes a post away.
    await h.as(owner).admin.news.save({ id: a.id, kind: 'NEWS', title: { en: 'Season two', ru: 'Второй сезон' }, body: { en: 'It starts.', ru: 'Начинается.' }, pinned: true });
    h.clock.advance({ days: 4 });
    const later = await h.as(vera).news.feed();
    expect(later.pinned.map((p) => p.id)).toEqual([a.id]);
    expect(later.items.map((p) => p.id)).toEqual([b.id]);
    expect(later.upcoming).toEqual([]);
    await h.as(owner).admin.news.unpublish({ id: b.id });
    expect((await h.as(vera).news.feed()).items).toEqual([]);
    expect((await h.as(owner).admin.overview.audit()).map((x) => x.action)).toEqual(expect.arrayContaining(['post.created', 'post.published', 'post.unpublished']));
  });

  it('pages the feed and refuses bad posts and non-admins', async () => {
    for (let i = 0; i < 5; i++) {
      const p = await h.as(owner).admin.news.save({ kind: 'NEWS', title: { en: `N${i}` }, body: { en: 'x' } });
      await h.as(owner).admin.news.publish({ id: p.id });
    }
    const one = await h.as(vera).news.feed({ limit: 3 });
    const two = await h.as(vera).news.feed({ limit: 3, cursor: one.nextCursor! });
    expect([...one.items, ...two.items].map((p) => p.title)).toEqual(['N4', 'N3', 'N2', 'N1', 'N0']);
    expect(two.nextCursor).toBeNull();

    expect(await failure(h.as(owner).admin.news.save({ kind: 'EVENT', title: { en: 'When?' }, body: { en: 'x' } }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.news.save({ kind: 'NEWS', title: { en: ' ' }, body: { en: 'x' } }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.news.save({ kind: 'NEWS', title: { en: 'x' }, body: { en: 'x' }, url: 'javascript:alert(1)' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.news.publish({ id: 9999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'POST_NOT_FOUND' });
    expect(await failure(h.as(vera).admin.news.save({ kind: 'NEWS', title: { en: 'x' }, body: { en: 'x' } }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
