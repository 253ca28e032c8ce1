import { describe, expect, it } from 'vitest';
import { inTx } from '../../db/tx.ts';
import { useHarness } from '../../test/harness.ts';
import { BotApiError } from '../../test/fake-bot-api.ts';
import { queueGift } from './send.ts';

const h = useHarness();
const gia = { telegramId: 9920, firstName: 'Gia' };
const GIFT = '5170145012310081615';
const sticker = { file_id: 'f', file_unique_id: 'u', type: 'regular', width: 512, height: 512, is_animated: true, is_video: false, emoji: '💝' };

async function queued(key: string) {
  await h.as(gia).profile.me();
  const p = await h.deps.prisma.participant.findUniqueOrThrow({ where: { telegramId: BigInt(gia.telegramId) } });
  h.telegram.on('getAvailableGifts', () => ({ gifts: [{ id: GIFT, sticker, star_count: 15 }] }));
  // Queued twice with one key: one send.
  const ids = [];
  for (let i = 0; i < 2; i++) ids.push(await inTx(h.deps.prisma, (tx) => queueGift(tx, { key, participantId: p.id, giftId: GIFT, text: 'Season #5', reason: 'season:1' })));
  expect(ids[0]).toBe(ids[1]);
  return ids[0];
}
const send = (id: number) => h.deps.prisma.giftSend.findUniqueOrThrow({ where: { id } });
const starsSpent = () => h.deps.prisma.transfer.count({ where: { kind: 'TELEGRAM_GIFT' } });

describe('Telegram gifts sent after a commit', () => {
  it('sends a queued gift once however often the outbox runs, and records the Stars it cost', async () => {
    h.telegram.on('sendGift', () => true);
    const id = await queued('k1');
    await h.drain({ retryNow: true });
    await h.drain({ retryNow: true });
    expect(h.telegram.callsOf('sendGift').map((c) => c.params)).toEqual([expect.objectContaining({ user_id: gia.telegramId, gift_id: GIFT, text: 'Season #5' })]);
    expect(await send(id)).toMatchObject({ status: 'SENT', stars: 15, error: null });
    expect(await starsSpent()).toBe(1);
  });

  it('tries again when Telegram is busy, and gives up without spending when Telegram says no', async () => {
    h.telegram.on('sendGift', () => true);
    h.telegram.fail('sendGift', { status: 502 });
    const before = h.telegram.acceptedOf('sendGift').length;
    const busy = await queued('k2');
    await h.drain({ retryNow: true });
    await h.drain({ retryNow: true });
    expect(await send(busy)).toMatchObject({ status: 'SENT' });
    expect(h.telegram.callsOf('sendGift')).toHaveLength(2); // refused once, then sent
    expect(h.telegram.acceptedOf('sendGift').length - before).toBe(1);

    h.telegram.on('sendGift', () => {
      throw new BotApiError(400, 'Bad Request: STARGIFT_INVALID');
    });
    const refused = await queued('k3');
    await h.drain({ retryNow: true });
    await h.drain({ retryNow: true });
    expect(await send(refused)).toMatchObject({ status: 'FAILED', error: expect.stringContaining('STARGIFT_INVALID') });
    expect(await starsSpent()).toBe(1);
  });

  it('never sends twice when a worker died in the middle of a send', async () => {
    h.telegram.on('sendGift', () => true);
    const id = await queued('k4');
    // As a worker that took it and died before Telegram answered.
    await h.deps.prisma.giftSend.update({ where: { id }, data: { status: 'SENDING' } });
    await h.drain({ retryNow: true });
    expect(h.telegram.callsOf('sendGift')).toHaveLength(0);
    expect(await send(id)).toMatchObject({ status: 'SENDING' });
  });
});
