import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { BotApiError } from '../../test/fake-bot-api.ts';
import { failure, useHarness } from '../../test/harness.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '9900' });
const owner = { telegramId: 9900, firstName: 'Owner' };
const gia = { telegramId: 9910, firstName: 'Gia' };

const sticker = (emoji: string) => ({ file_id: 'f', file_unique_id: 'u', type: 'regular', width: 512, height: 512, is_animated: true, is_video: false, emoji });
function scriptCatalogue() {
  h.telegram.on('getAvailableGifts', () => ({
    gifts: [
      { id: '5170145012310081615', sticker: sticker('💝'), star_count: 15 },
      { id: '5168103777563050263', sticker: sticker('🌹'), star_count: 25, total_count: 1000, remaining_count: 12 },
    ],
  }));
  h.telegram.on('sendGift', () => true);
}

async function botHasStars(amount: bigint) {
  // Stars the bot earned from sales sit in the revenue account.
  await h.as(owner).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(owner.telegramId) } });
  await inTx(h.deps.prisma, async (tx) => {
    await transfer(tx, { key: 'in', debit: { system: SystemAccount.EXTERNAL }, credit: { participantId: p.id }, currency: 'STARS', amount, kind: 'STARS_PAYMENT' });
    await transfer(tx, { key: 'buy', debit: { participantId: p.id }, credit: { system: SystemAccount.REVENUE, shard: 0 }, currency: 'STARS', amount, kind: 'PURCHASE' });
  });
}

describe('Telegram gifts', () => {
  it('shows admins the catalogue and sends a gift as a reward once, recorded as Stars spending', async () => {
    scriptCatalogue();
    await botHasStars(100n);
    await h.as(gia).profile.me();
    const cat = await h.as(owner).admin.gifts.catalogue();
    expect(cat).toEqual([
      expect.objectContaining({ id: '5170145012310081615', emoji: '💝', starCount: 15 }),
      expect.objectContaining({ id: '5168103777563050263', starCount: 25, remaining: 12 }),
    ]);
    const args = { telegramId: String(gia.telegramId), giftId: '5168103777563050263', text: 'Top of the week!', reason: 'weekly leaderboard #1', idempotencyKey: 'week-48-top1' };
    expect(await h.as(owner).admin.gifts.send(args)).toMatchObject({ sent: true, stars: 25 });
    expect(await h.as(owner).admin.gifts.send(args)).toMatchObject({ sent: false, duplicate: true });
    expect(h.telegram.callsOf('sendGift')).toHaveLength(1);
    expect(h.telegram.callsOf('sendGift')[0].params).toMatchObject({ user_id: gia.telegramId, gift_id: '5168103777563050263', text: 'Top of the week!' });
    const spent = await h.deps.prisma.transfer.findMany({ where: { kind: 'TELEGRAM_GIFT' } });
    expect(spent.map((t) => [t.currency, t.amount])).toEqual([['STARS', 25n]]);
    await h.expectLedgerBalanced();
  });

  it('leaves no ledger trace when Telegram refuses the gift', async () => {
    scriptCatalogue();
    // Telegram's answer when the bot's Stars do not cover the gift.
    h.telegram.on('sendGift', () => {
      throw new BotApiError(400, 'Bad Request: BALANCE_TOO_LOW');
    });
    await h.as(gia).profile.me();
    await h.as(owner).profile.me();
    const e = await failure(h.as(owner).admin.gifts.send({ telegramId: String(gia.telegramId), giftId: '5170145012310081615', reason: 'prize', idempotencyKey: 'k-1234' }));
    expect(e.appCode).toBe('GIFT_NOT_SENT');
    expect(await h.deps.prisma.transfer.count({ where: { kind: 'TELEGRAM_GIFT' } })).toBe(0);
  });

  it('says the catalogue could not be loaded when Telegram does not answer, not that a payment failed', async () => {
    await h.as(owner).profile.me();
    h.telegram.down = true;
    expect(await failure(h.as(owner).admin.gifts.catalogue())).toMatchObject({ code: 'BAD_GATEWAY', appCode: 'GIFT_CATALOGUE_UNAVAILABLE' });
  });

  it('tells a newcomer whose gifts Telegram did not return that they could not be loaded, not that old ones are shown', async () => {
    h.telegram.down = true;
    expect(await h.as(gia).gifts.mine()).toEqual({ stale: true, source: 'unavailable', gifts: [] });
    h.telegram.down = false;
    h.telegram.on('getUserGifts', () => ({ total_count: 0, gifts: [] }));
    expect(await h.as(gia).gifts.mine()).toEqual({ stale: false, source: 'fresh', gifts: [] });
  });

  it('tracks the gifts a participant owns, unique ones with model, symbol, backdrop and rarity', async () => {
    h.telegram.on('getUserGifts', (p) => {
      expect(p.user_id).toBe(gia.telegramId);
      return {
        total_count: 2,
        gifts: [
          { type: 'regular', gift: { id: '5170145012310081615', sticker: sticker('💝'), star_count: 15 }, owned_gift_id: 'og-1', send_date: 1_795_000_000 },
          {
            type: 'unique',
            owned_gift_id: 'og-2',
            send_date: 1_795_100_000,
            gift: {
              gift_id: '5168103777563050263',
              base_name: 'Plush Pepe',
              name: 'PlushPepe-42',
              number: 42,
              model: { name: 'Cozy', sticker: sticker('🐸'), rarity_per_mille: 12 },
              symbol: { name: 'Heart', sticker: sticker('❤'), rarity_per_mille: 30 },
              backdrop: { name: 'Midnight', colors: { center_color: 1, edge_color: 2, symbol_color: 3, text_color: 4 }, rarity_per_mille: 15 },
            },
          },
        ],
      };
    });
    const mine = await h.as(gia).gifts.mine();
    expect(mine).toMatchObject({ stale: false, source: 'fresh' });
    expect(mine.gifts).toEqual([
      expect.objectContaining({ id: 'og-2', unique: true, name: 'Plush Pepe #42', attributes: [{ trait: 'model', value: 'Cozy', permille: 12 }, { trait: 'symbol', value: 'Heart', permille: 30 }, { trait: 'backdrop', value: 'Midnight', permille: 15 }] }),
      expect.objectContaining({ id: 'og-1', unique: false, starCount: 15 }),
    ]);
    // Telegram unreachable: the last known gifts are still shown, marked stale.
    h.telegram.down = true;
    const again = await h.as(gia).gifts.mine();
    expect(again).toMatchObject({ stale: true, source: 'last-seen' });
    expect(again.gifts).toHaveLength(2);
  });

  it('does not ask Telegram for gifts without a real bot, and says so', async () => {
    const deps = { ...h.deps, config: { ...h.deps.config, botTokenIsDev: true } };
    const { myGifts } = await import('./service.ts');
    await h.as(gia).profile.me();
    const me = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(gia.telegramId) } });
    expect(await myGifts(deps, me)).toEqual({ stale: false, source: 'no-bot', gifts: [] });
    expect(h.telegram.callsOf('getUserGifts')).toHaveLength(0);
  });
});
