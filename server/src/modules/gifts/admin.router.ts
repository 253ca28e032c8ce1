import { z } from 'zod';
import { key, lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { telegramIdSchema } from '../participants/schemas.ts';
import { catalogue, sendGiftReward } from './service.ts';

/** Back office: Telegram's gift catalogue, and gifts sent as rewards (paid from the bot's Stars). */
export const adminGiftsRouter = router({
  catalogue: adminProcedure('gifts.send').query(({ ctx }) => catalogue(ctx.deps)),
  send: adminProcedure('gifts.send')
    .input(
      z.object({
        telegramId: telegramIdSchema,
        giftId: key(1, 64),
        text: lines(128).optional(),
        reason: lines(200).min(3),
        idempotencyKey: key(4, 100),
      }),
    )
    .mutation(({ ctx, input }) => sendGiftReward(ctx.deps, ctx.participant.id, { ...input, key: input.idempotencyKey })),
});
