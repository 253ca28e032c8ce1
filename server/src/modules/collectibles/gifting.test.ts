import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { DEMO_ATTRIBUTES } from '../../seed/demo.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { editionArtPng } from '../../lib/edition-art-png.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9500' });
const owner = { telegramId: 9500, firstName: 'Owner' };
const ann = { telegramId: 9611, firstName: 'Ann', username: 'ann_collects' };

async function collector(u: { telegramId: number; firstName: string; username?: string; startParam?: string }, amount = 0n) {
  await h.as(u).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(u.telegramId) } });
  if (amount > 0n) {
    await inTx(h.deps.prisma, (tx) =>
      transfer(tx, { key: `grant:${u.telegramId}:${amount}`, debit: { system: SystemAccount.ISSUANCE }, credit: { participantId: p.id }, currency: 'POINTS', amount, kind: 'AWARD' }),
    );
  }
  return p;
}

async function openDrop(supply = 10) {
  await h.as(owner).profile.me();
  const c = await h.as(owner).admin.collectibles.createCollection({
    slug: `gifts-${Math.random().toString(36).slice(2, 7)}`,
    title: { en: 'Critters', ru: 'Зверята' },
    description: { en: 'Critters', ru: 'Зверята' },
    supplyCap: 1000,
    attributes: DEMO_ATTRIBUTES,
  });
  return h.as(owner).admin.collectibles.createDrop({ collectionId: c.id, title: { en: 'Drop', ru: 'Дроп' }, supply, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
}

describe('picking a gift’s recipient', () => {
  it('offers friends both ways, people one traded with, and @username matches; never a Telegram id', async () => {
    const me = await collector(ann, 1000n);
    const friend = await collector({ telegramId: 9612, firstName: 'Fred', username: 'fred_f', startParam: `ref_${me.referralCode}` });
    const inviter = await collector({ telegramId: 9613, firstName: 'Ivy', username: 'ivy_invites' });
    await h.deps.prisma.participant.update({ where: { id: me.id }, data: { invitedById: inviter.id } });
    const tom = { telegramId: 9614, firstName: 'Tom', username: 'tom_trades' };
    const trader = await collector(tom, 1000n);
    await collector({ telegramId: 9615, firstName: 'Stranger', username: 'strange_person' });
    const banned = await collector({ telegramId: 9616, firstName: 'Bad', username: 'strange_bad' });
    await h.deps.prisma.participant.update({ where: { id: banned.id }, data: { bannedAt: new Date() } });

    // Tom bought from a drop and gifted it to Ann: they are "recent" for each other.
    const d = await openDrop();
    const bought = await h.as(tom).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    await h.as(tom).collectibles.gift({ editionId: bought.editionId!, toUsername: '@Ann_Collects' });

    const all = await h.as(ann).collectibles.recipients({ query: '' });
    expect(all.friends.map((r) => r.name).sort()).toEqual(['Fred', 'Ivy']);
    expect(all.recent.map((r) => r.name)).toEqual(['Tom']);
    expect(all.found).toEqual([]);
    // What the picker gets: a name, the @username, a photo and an opaque ref; no ids.
    expect(Object.keys(all.friends[0]).sort()).toEqual(['name', 'photoUrl', 'ref', 'username']);
    expect(JSON.stringify(all)).not.toMatch(/961\d/);
    expect(all.friends.find((r) => r.name === 'Fred')!.ref).toBe(friend.referralCode);
    expect(all.recent[0].ref).toBe(trader.referralCode);

    // @username: a prefix of 4+ letters, case-insensitive; banned people are never offered.
    expect((await h.as(ann).collectibles.recipients({ query: '@STRANGE' })).found.map((r) => r.username)).toEqual(['strange_person']);
    expect((await h.as(ann).collectibles.recipients({ query: 'str' })).found).toEqual([]);
    // `_` is a letter here, not a LIKE wildcard.
    expect((await h.as(ann).collectibles.recipients({ query: 'tom_' })).found.map((r) => r.name)).toEqual(['Tom']);
    expect((await h.as(ann).collectibles.recipients({ query: 'tomx' })).found).toEqual([]);
    // The query also narrows friends and recent people.
    const narrowed = await h.as(ann).collectibles.recipients({ query: 'fred' });
    expect(narrowed.friends.map((r) => r.name)).toEqual(['Fred']);
    expect(narrowed.recent).toEqual([]);
    // Oneself is never a recipient.
    expect((await h.as(ann).collectibles.recipients({ query: 'ann_c' })).found).toEqual([]);
  });

  it('refuses a query that is too long or not text as bad input', async () => {
    await collector(ann);
    expect(await failure(h.as(ann).collectibles.recipients({ query: 'x'.repeat(34) }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(ann).collectibles.recipients({ query: 'a\u0000b' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('gifting to the chosen recipient', () => {
  it('gifts by the picker’s ref and by @username; the recipient gets the bot’s message with the edition’s picture', async () => {
    const me = await collector(ann, 1000n);
    const benUser = { telegramId: 9621, firstName: 'Ben', username: 'ben_b' };
    const ben = await collector({ ...benUser, startParam: `ref_${me.referralCode}` });
    const d = await openDrop();
    const first = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    const second = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });

    const [pick] = (await h.as(ann).collectibles.recipients({})).friends;
    const gift = await h.as(ann).collectibles.gift({ editionId: first.editionId!, recipient: pick.ref, message: 'For you' });
    expect(gift).toEqual({ editionId: first.editionId, recipient: { name: 'Ben', username: 'ben_b' } });
    await h.as(ann).collectibles.gift({ editionId: second.editionId!, toUsername: 'BEN_B' });
    expect((await h.as(benUser).collectibles.mine()).map((e) => e.id).sort()).toEqual([first.editionId, second.editionId].sort());

    await h.drain();
    const photos = h.telegram.acceptedOf('sendPhoto').filter((c) => c.params.chat_id === Number(ben.telegramId));
    expect(photos).toHaveLength(2);
    const e = await h.deps.prisma.edition.findUniqueOrThrow({ where: { id: first.editionId! } });
    const sent = photos.find((c) => /#1\b/.test(c.params.caption))!;
    expect(sent.params.caption).toMatch(/Ann sent you a collectible: Critters #1/);
    expect(sent.params.caption).toContain('For you');
    // The photo is the edition's own picture, drawn from its attributes.
    const file = h.telegram.fileOf(sent, 'photo');
    expect(file.content.subarray(1, 4).toString()).toBe('PNG');
    expect(file.content.equals(editionArtPng({ model: e.model, backdrop: e.backdrop, symbol: e.symbol }))).toBe(true);
  });

  it('refuses an unknown, banned or ambiguous recipient with stable codes and moves nothing', async () => {
    await collector(ann, 1000n);
    const gone = await collector({ telegramId: 9631, firstName: 'Gone', username: 'gone_g' });
    await h.deps.prisma.participant.update({ where: { id: gone.id }, data: { bannedAt: new Date() } });
    const d = await openDrop();
    const { editionId } = await h.as(ann).collectibles.buy({ dropId: d.id, currency: 'POINTS' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toUsername: 'nobody_here' }))).toMatchObject({ appCode: 'RECIPIENT_NOT_FOUND' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toUsername: 'gone_g' }))).toMatchObject({ appCode: 'RECIPIENT_NOT_FOUND' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, recipient: 'zzzzzzzz' }))).toMatchObject({ appCode: 'RECIPIENT_NOT_FOUND' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, recipient: 'NOT A REF' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toUsername: 'a b' }))).toMatchObject({ code: 'BAD_REQUEST' });
    // Exactly one way of naming the recipient.
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId! }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toUsername: 'gone_g', toTelegramId: '9631' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(h.as(ann).collectibles.gift({ editionId: editionId!, toUsername: 'ann_collects' }))).toMatchObject({ appCode: 'VALIDATION' });
    expect((await h.as(ann).collectibles.mine()).map((e) => e.id)).toEqual([editionId]);
  });
});
