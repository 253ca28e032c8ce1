import { z } from 'zod';
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
        giftId: z.string().min(1).max(64),
        text: z.string().max(128).optional(),
        reason: z.string().trim().min(3).max(200),
        idempotencyKey: z.string().min(4).max(100),
      }),
    )
    .mutation(({ ctx, input }) => sendGiftReward(ctx.deps, ctx.participant.id, { ...input, key: input.idempotencyKey })),
});
