import { z } from 'zod';
import { bigIdString, id } from '../../lib/schemas.ts';
import { WithdrawalStatus } from '../../generated/prisma/enums.ts';

export const withdrawalStatusSchema = z.enum(WithdrawalStatus);
export const withdrawalIdSchema = id;

/** The back office's queue filter. */
export const queueFilterSchema = z
  .object({
    status: withdrawalStatusSchema.optional(),
    telegramId: bigIdString('a Telegram id').optional(),
    flagged: z.boolean().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });
export type QueueFilter = z.output<typeof queueFilterSchema>;
