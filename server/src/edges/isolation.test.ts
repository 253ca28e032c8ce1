import { describe, expect, it } from 'vitest';
import { crittersDrop, ok } from '../test/scenes.ts';
import { useServer } from '../test/server-harness.ts';
import { editionDetail, showcaseOf } from '../modules/collectibles/service.ts';

const s = useServer({ ADMIN_TELEGRAM_IDS: '9500' });
const owner = { telegramId: 9500, firstName: 'Owner' };
const ann = { telegramId: 9601, firstName: 'Ann' };
const ben = { telegramId: 9602, firstName: 'Ben' };
const mallory = { telegramId: 9666, firstName: 'Mallory' };


/** Ann owns one edition and shows it on her showcase. */
async function annShowsAnEdition(): Promise<number> {
  ok(await s.call(owner, 'profile.me'));
  const { drop: d } = await crittersDrop(s, owner, { title: { en: 'First drop', ru: 'Первый дроп' }, supply: 5, startsAt: '2026-11-24T00:00:00.000Z', pricePoints: '100' });
  ok(await s.call(ann, 'profile.me'));
  ok(await s.call(owner, 'admin.ledger.award', { telegramId: String(ann.telegramId), currency: 'POINTS', amount: '500', reason: 'welcome gift' }));
  const bought = ok(await s.call(ann, 'collectibles.buy', { dropId: d.id, currency: 'POINTS' }));
  ok(await s.call(ann, 'collectibles.setShowcase', { editionIds: [bought.editionId] }));
  return bought.editionId;
}

describe('one caller cannot decide another caller’s answer', () => {
  it('answers good showcase and edition reads correctly while someone sends out-of-range ids at the same moment', async () => {
    const editionId = await annShowsAnEdition();
    ok(await s.call(ben, 'profile.me'));
    ok(await s.call(mallory, 'profile.me'));
    const bad = ['18446744073709551616', '9223372036854775808', '99999999999999999999999999'];
    for (let round = 0; round < 8; round++) {
      const calls = await Promise.all([
        s.call(ben, 'collectibles.showcase', { telegramId: String(ann.telegramId) }, 'GET'),
        s.call(mallory, 'collectibles.showcase', { telegramId: bad[round % bad.length] }, 'GET'),
        s.call(ben, 'collectibles.edition', { id: editionId }, 'GET'),
        s.call(mallory, 'collectibles.edition', { id: 2 ** 31 + round }, 'GET'),
        s.call(ben, 'collectibles.showcase', { telegramId: ann.telegramId }, 'GET'),
      ]);
      expect(ok(calls[0])).toMatchObject({ name: 'Ann', editions: [expect.objectContaining({ id: editionId })] });
      expect(ok(calls[2])).toMatchObject({ id: editionId, number: 1 });
      expect(ok(calls[4])).toMatchObject({ name: 'Ann' });
      for (const refused of [calls[1], calls[3]]) {
        expect(refused.status).toBe(400);
        expect(refused.body.error.data.appCode).toBe('VALIDATION');
      }
    }
  });

  it('keeps reads apart even where a bad key gets past the edge (the services refuse it on their own)', async () => {
    const editionId = await annShowsAnEdition();
    const deps = s.running.deps;
    const me = await deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(ann.telegramId) } });
    for (let round = 0; round < 4; round++) {
      const [good, badShowcase, goodEdition, badEdition] = await Promise.allSettled([
        showcaseOf(deps, me, BigInt(ann.telegramId)),
        showcaseOf(deps, me, 2n ** 64n),
        editionDetail(deps, me, editionId),
        editionDetail(deps, me, 2 ** 31),
      ]);
      expect(good).toMatchObject({ status: 'fulfilled', value: { name: 'Ann' } });
      expect(goodEdition).toMatchObject({ status: 'fulfilled', value: { id: editionId } });
      expect(badShowcase).toMatchObject({ status: 'rejected', reason: { appCode: 'PARTICIPANT_NOT_FOUND' } });
      expect(badEdition).toMatchObject({ status: 'rejected', reason: { appCode: 'EDITION_NOT_FOUND' } });
    }
  });
});
