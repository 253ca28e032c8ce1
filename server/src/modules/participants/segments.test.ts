import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9700' });
const owner = { telegramId: 9700, firstName: 'Olga' };
const mod = { telegramId: 9701, firstName: 'Moder' };
const ann = { telegramId: 9711, firstName: 'Ann' };
const bob = { telegramId: 9712, firstName: 'Bob' };
const cid = { telegramId: 9713, firstName: 'Cid' };
const tid = (u: { telegramId: number }) => String(u.telegramId);

const news = {
  title: 'VIP evening',
  category: 'NEWS' as const,
  variants: [{ text: { en: 'See you tonight', ru: 'До вечера' } }],
};

async function community() {
  for (const u of [owner, mod, ann, bob, cid]) await h.as(u).profile.me();
  await h.as(owner).admin.participants.setRole({ telegramId: tid(mod), role: 'MODERATOR' });
  await h.as(owner).admin.participants.setTags({ telegramId: tid(ann), tags: ['vip'] });
  await h.as(owner).admin.participants.setTags({ telegramId: tid(bob), tags: ['vip', 'moscow'] });
  await h.as(owner).admin.participants.setTags({ telegramId: tid(cid), tags: ['moscow'] });
}

describe('saved segments', () => {
  it('are saved, previewed and filter the people list with the same match mailings use', async () => {
    await community();
    const vip = await h.as(owner).admin.segments.save({ name: 'VIPs', filter: { tag: 'VIP' } });
    expect(vip).toEqual({ id: expect.any(Number), name: 'VIPs', filter: { tag: 'vip' } });
    expect(await h.as(mod).admin.segments.preview({ filter: { tag: 'vip' } })).toEqual({
      count: 2,
      sample: [
        { telegramId: tid(bob), name: 'Bob', username: null },
        { telegramId: tid(ann), name: 'Ann', username: null },
      ],
    });
    expect((await h.as(mod).admin.participants.list({ segmentId: vip.id })).items.map((p) => p.name)).toEqual(['Bob', 'Ann']);
    expect((await h.as(mod).admin.participants.list({ segmentId: vip.id, search: 'an' })).items.map((p) => p.name)).toEqual(['Ann']);
    expect(await h.as(owner).admin.mailings.audience({ category: 'NEWS', segmentId: vip.id })).toEqual({ count: 2 });
    expect((await h.as(mod).admin.segments.list()).map((s) => [s.name, s.filter, s.createdBy])).toEqual([['VIPs', { tag: 'vip' }, 'Olga']]);
    const log = await h.as(owner).admin.overview.audit();
    expect(log.find((a) => a.action === 'segment.created')).toMatchObject({ data: { name: 'VIPs', filter: { tag: 'vip' } } });
  });

  it('a mailing sent to a saved segment keeps the copy it was started with; later edits change only unsent ones', async () => {
    await community();
    const seg = await h.as(owner).admin.segments.save({ name: 'VIPs', filter: { tag: 'vip' } });
    const draft = await h.as(owner).admin.mailings.create({ ...news, segmentId: seg.id });
    expect(draft).toMatchObject({ segmentId: seg.id, segment: { tag: 'vip' } });

    // Edited before the start: the mailing goes to the segment as it is at the start.
    await h.as(owner).admin.segments.save({ id: seg.id, name: 'VIPs', filter: { tag: 'moscow' } });
    const started = await h.as(owner).admin.mailings.start({ id: draft.id });
    expect(started).toMatchObject({ status: 'SENDING', total: 2, segment: { tag: 'moscow' }, segmentId: seg.id });
    const audience = await h.deps.prisma.mailingDelivery.findMany({ where: { mailingId: draft.id }, include: { participant: true }, orderBy: { participantId: 'asc' } });
    expect(audience.map((d) => d.participant.firstName)).toEqual(['Bob', 'Cid']);

    // Edited after: the started mailing keeps its copy.
    await h.as(owner).admin.segments.save({ id: seg.id, name: 'VIPs', filter: { tag: 'vip', language: 'ru' } });
    expect(await h.as(owner).admin.mailings.get({ id: draft.id })).toMatchObject({ segment: { tag: 'moscow' }, total: 2 });

    // In use by an unsent mailing: kept; once that one has gone out, it may go.
    const second = await h.as(owner).admin.mailings.create({ ...news, title: 'Second', segmentId: seg.id });
    expect(await failure(h.as(owner).admin.segments.delete({ id: seg.id }))).toMatchObject({
      code: 'CONFLICT',
      appCode: 'SEGMENT_IN_USE',
      details: { tasks: [], mailings: [second.id] },
    });
    await h.as(owner).admin.mailings.cancel({ id: second.id });
    expect(await h.as(owner).admin.segments.delete({ id: seg.id })).toEqual({ ok: true });
    expect(await h.as(owner).admin.mailings.get({ id: draft.id })).toMatchObject({ segment: { tag: 'moscow' }, segmentId: null });
    expect(await h.as(owner).admin.segments.list()).toEqual([]);
  });

  it('refuses bad segments with stable codes, and saving to who may not', async () => {
    await community();
    const seg = await h.as(owner).admin.segments.save({ name: 'Moscow', filter: { tag: 'moscow' } });
    expect(await failure(h.as(owner).admin.segments.save({ name: 'Moscow', filter: {} }))).toMatchObject({ code: 'CONFLICT', appCode: 'SEGMENT_NAME_TAKEN' });
    expect(await failure(h.as(owner).admin.segments.save({ id: 999_999, name: 'Ghost', filter: {} }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'SEGMENT_NOT_FOUND' });
    expect(await failure(h.as(owner).admin.segments.delete({ id: 999_999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'SEGMENT_NOT_FOUND' });
    expect(await failure(h.as(owner).admin.segments.save({ name: 'Odd', filter: { country: 'fr' } as never }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('country') });
    expect(await failure(h.as(owner).admin.segments.save({ name: 'Odd', filter: { minPoints: '-5' } }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('minPoints') });
    expect(await failure(h.as(owner).admin.segments.save({ name: '  ', filter: {} }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('name') });
    expect(await failure(h.as(owner).admin.segments.save({ name: 'a\u0000b', filter: {} }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(owner).admin.mailings.create({ ...news, segmentId: 999_999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'SEGMENT_NOT_FOUND' });
    expect(await failure(h.as(mod).admin.participants.list({ segmentId: 999_999 }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'SEGMENT_NOT_FOUND' });
    expect(await failure(h.as(mod).admin.segments.save({ name: 'Mine', filter: {} }))).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    expect(await failure(h.as(mod).admin.segments.delete({ id: seg.id }))).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    expect(await failure(h.as(ann).admin.segments.list())).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
  });
});
