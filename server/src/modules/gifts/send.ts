import { GrammyError } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { emit } from '../events/emit.ts';
import { SystemAccount } from '../ledger/accounts.ts';
import { transfer, type Tx } from '../ledger/service.ts';
import { refusedByTelegram } from '../notifications/service.ts';

export interface GiftToSend {
  /** Names the occasion: the same key queues one gift, however often it is asked. */
  key: string;
  participantId: number;
  giftId: string;
  text?: string | null;
  reason: string;
}

/**
 * Queues a Telegram gift in the caller's transaction: the worker sends it after the commit (`gift.send`).
 * Returns the send's id; a repeated key returns the first one's and queues nothing more.
 */
export async function queueGift(tx: Tx, g: GiftToSend): Promise<number> {
  const row = await tx.giftSend.upsert({
    where: { key: g.key },
    create: { key: g.key, participantId: g.participantId, giftId: g.giftId, text: g.text?.slice(0, 128) ?? null, reason: g.reason },
    update: {},
  });
  await emit(tx, 'gift.send', { giftSendId: row.id }, { key: `gift-send:${row.id}` });
  return row.id;
}

const fail = (deps: AppDeps, id: number, error: string) =>
  deps.prisma.giftSend.updateMany({ where: { id, status: 'SENDING' }, data: { status: 'FAILED', error: error.slice(0, 500) } });

/**
 * Sends a queued gift at most once: it is taken (PENDING → SENDING) before the call, so a second run, or a
 * run after a worker died mid-call, sends nothing. Telegram saying no (4xx) fails it; Telegram busy or away
 * (429, 5xx: not sent) puts it back for the outbox to try again; no answer at all leaves it FAILED with the
 * outcome unknown, for an admin to check, rather than risk a second gift. Paid from the bot's Stars: the
 * ledger records it (revenue → external) once Telegram accepts.
 */
export async function deliverGift(deps: AppDeps, id: number): Promise<void> {
  const taken = await deps.prisma.giftSend.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'SENDING' } });
  if (taken.count === 0) return;
  const g = await deps.prisma.giftSend.findUniqueOrThrow({ where: { id } });
  const to = await deps.prisma.participant.findUniqueOrThrow({ where: { id: g.participantId } });
  if (to.deletedAt || to.telegramId <= 0n) return void (await fail(deps, id, 'The participant deleted their account.'));
  let stars: number | undefined;
  try {
    stars = (await deps.telegram.getAvailableGifts()).gifts.find((x) => x.id === g.giftId)?.star_count;
  } catch (e) {
    await deps.prisma.giftSend.updateMany({ where: { id, status: 'SENDING' }, data: { status: 'PENDING' } });
    throw e;
  }
  if (stars === undefined) return void (await fail(deps, id, 'This gift is no longer in Telegram’s catalogue.'));
  try {
    await deps.telegram.sendGift(Number(to.telegramId), g.giftId, g.text ? { text: g.text } : undefined);
  } catch (e) {
    if (refusedByTelegram(e)) return void (await fail(deps, id, `Telegram refused the gift: ${(e as Error).message}`));
    if (e instanceof GrammyError) {
      await deps.prisma.giftSend.updateMany({ where: { id, status: 'SENDING' }, data: { status: 'PENDING', error: e.message.slice(0, 500) } });
      throw e;
    }
    return void (await fail(deps, id, `Telegram did not answer, so whether the gift left is unknown: ${(e as Error).message}`));
  }
  await inTx(deps.prisma, async (tx) => {
    const res = await transfer(tx, {
      key: `gift:send:${g.key}`,
      debit: { system: SystemAccount.REVENUE },
      credit: { system: SystemAccount.EXTERNAL },
      currency: 'STARS',
      amount: BigInt(stars),
      kind: 'TELEGRAM_GIFT',
      reference: `gift:${g.giftId}`,
      meta: { to: g.participantId, reason: g.reason },
    });
    await tx.giftSend.update({ where: { id }, data: { status: 'SENT', sentAt: deps.clock.now(), stars, transferId: res.id, error: null } });
  });
}
