import type { OwnedGift } from 'grammy/types';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer } from '../ledger/service.ts';

const MAX_PAGES = 5;

/** Telegram's gift catalogue, as admins choose rewards from it. */
export async function catalogue(deps: AppDeps) {
  try {
    const { gifts } = await deps.telegram.getAvailableGifts();
    return gifts.map((g) => ({
      id: g.id,
      emoji: g.sticker?.emoji ?? '🎁',
      starCount: g.star_count,
      upgradeStarCount: g.upgrade_star_count ?? null,
      total: g.total_count ?? null,
      remaining: g.remaining_count ?? null,
    }));
  } catch {
    throw new DomainError(AppCodes.GIFT_CATALOGUE_UNAVAILABLE, 'BAD_GATEWAY', 'Telegram did not return the gift catalogue. Try again shortly.');
  }
}

/**
 * Sends a Telegram gift as a reward, paid from the bot's Stars: recorded in the ledger as STARS spending
 * (revenue → external), in the same transaction, so a refused gift leaves no trace and a retry sends once.
 */
export async function sendGiftReward(deps: AppDeps, adminId: number, o: { telegramId: bigint; giftId: string; text?: string; reason: string; key: string }) {
  const gifts = await catalogue(deps);
  const gift = gifts.find((g) => g.id === o.giftId);
  if (!gift) throw new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', 'This gift is not in Telegram’s catalogue.');
  const to = await deps.prisma.participant.findUnique({ where: { telegramId: o.telegramId } });
  if (!to) throw new DomainError(AppCodes.RECIPIENT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  return inTx(deps.prisma, async (tx) => {
    const res = await transfer(tx, {
      key: `gift:${o.key}`,
      debit: { system: SystemAccount.REVENUE },
      credit: { system: SystemAccount.EXTERNAL },
      currency: 'STARS',
      amount: BigInt(gift.starCount),
      kind: 'TELEGRAM_GIFT',
      reference: `gift:${gift.id}`,
      meta: { to: to.id, reason: o.reason },
    });
    if (!res.created) return { sent: false, duplicate: true, stars: gift.starCount };
    await audit(tx, { actorId: adminId, action: 'gift.sent', subjectType: 'participant', subjectId: to.id, data: { giftId: gift.id, stars: gift.starCount, reason: o.reason } });
    try {
      await deps.telegram.sendGift(Number(to.telegramId), gift.id, o.text ? { text: o.text.slice(0, 128) } : undefined);
    } catch (e) {
      throw new DomainError(AppCodes.GIFT_NOT_SENT, 'BAD_GATEWAY', `Telegram refused the gift, so no Stars were spent: ${(e as Error).message}`);
    }
    return { sent: true, duplicate: false, stars: gift.starCount };
  });
}

function row(participantId: number, g: OwnedGift, index: number) {
  const base = { participantId, ownedGiftId: g.owned_gift_id ?? `${g.type}:${g.send_date}:${index}`, sentDate: new Date(g.send_date * 1000) };
  if (g.type === 'unique') {
    const u = g.gift;
    return {
      ...base,
      giftId: u.gift_id,
      isUnique: true,
      name: `${u.base_name} #${u.number}`,
      model: u.model.name,
      symbol: u.symbol.name,
      backdrop: u.backdrop.name,
      modelPermille: u.model.rarity_per_mille,
      symbolPermille: u.symbol.rarity_per_mille,
      backdropPermille: u.backdrop.rarity_per_mille,
      starCount: null,
    };
  }
  return { ...base, giftId: g.gift.id, isUnique: false, name: g.gift.sticker?.emoji ?? null, model: null, symbol: null, backdrop: null, modelPermille: null, symbolPermille: null, backdropPermille: null, starCount: g.gift.star_count };
}

/**
 * Where the list of Telegram gifts comes from: `fresh` from Telegram now; `last-seen` kept from an earlier
 * look because Telegram did not answer; `unavailable` when it did not answer and nothing was kept;
 * `no-bot` when the app runs without a real bot, which cannot read gifts at all.
 */
export type GiftsSource = 'fresh' | 'last-seen' | 'unavailable' | 'no-bot';

/** The participant's Telegram gifts that the bot can see, refreshed from getUserGifts and kept for when Telegram is away. */
export async function myGifts(deps: AppDeps, me: Participant) {
  let failed = false;
  if (!deps.config.botTokenIsDev) {
    try {
      await refreshGifts(deps, me);
    } catch {
      failed = true;
    }
  }
  const gifts = await deps.prisma.telegramGift.findMany({ where: { participantId: me.id }, orderBy: { sentDate: 'desc' } });
  const source: GiftsSource = deps.config.botTokenIsDev ? 'no-bot' : !failed ? 'fresh' : gifts.length ? 'last-seen' : 'unavailable';
  return {
    /** Kept for older clients: the list is not Telegram's answer of now. */
    stale: failed,
    source,
    gifts: gifts.map((g) => ({
      id: g.ownedGiftId,
      giftId: g.giftId,
      unique: g.isUnique,
      name: g.name,
      starCount: g.starCount,
      attributes: g.isUnique
        ? [
            { trait: 'model', value: g.model, permille: g.modelPermille },
            { trait: 'symbol', value: g.symbol, permille: g.symbolPermille },
            { trait: 'backdrop', value: g.backdrop, permille: g.backdropPermille },
          ]
        : [],
      sentAt: g.sentDate?.toISOString() ?? null,
    })),
  };
}

async function refreshGifts(deps: AppDeps, me: Participant) {
  let offset: string | undefined;
  const seen: ReturnType<typeof row>[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await deps.telegram.getUserGifts(Number(me.telegramId), offset ? { offset } : undefined);
    res.gifts.forEach((g, i) => seen.push(row(me.id, g, seen.length + i)));
    if (!res.next_offset) break;
    offset = res.next_offset;
  }
  await inTx(deps.prisma, async (tx) => {
    // Gifts no longer on the profile (transferred, converted) are dropped from the mirror.
    await tx.telegramGift.deleteMany({ where: { participantId: me.id, ownedGiftId: { notIn: seen.map((s) => s.ownedGiftId) } } });
    for (const s of seen) {
      await tx.telegramGift.upsert({
        where: { participantId_ownedGiftId: { participantId: me.id, ownedGiftId: s.ownedGiftId } },
        create: { ...s, syncedAt: deps.clock.now() },
        update: { ...s, syncedAt: deps.clock.now() },
      });
    }
  });
}
