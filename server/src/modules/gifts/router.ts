import { z } from 'zod';
import { adminProcedure, participantProcedure, router } from '../../trpc.ts';
import { catalogue, myGifts, sendGiftReward } from './service.ts';

export const giftsRouter = router({
  mine: participantProcedure.query(({ ctx }) => myGifts(ctx.deps, ctx.participant)),
});

export const adminGiftsRouter = router({
  catalogue: adminProcedure('ADMIN', 'FINANCE').query(({ ctx }) => catalogue(ctx.deps)),
  send: adminProcedure('ADMIN', 'FINANCE')
    .input(
      z.object({
        telegramId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform((v) => BigInt(v)),
        giftId: z.string().min(1).max(64),
        text: z.string().max(128).optional(),
        reason: z.string().trim().min(3).max(200),
        idempotencyKey: z.string().min(4).max(100),
      }),
    )
    .mutation(({ ctx, input }) => sendGiftReward(ctx.deps, ctx.participant.id, { ...input, key: input.idempotencyKey })),
});
