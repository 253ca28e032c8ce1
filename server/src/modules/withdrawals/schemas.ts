import { z } from 'zod';
import { bigIdString, id, page, searchText, sortOf } from '../../lib/schemas.ts';
import { WithdrawalStatus } from '../../generated/prisma/enums.ts';

export const withdrawalStatusSchema = z.enum(WithdrawalStatus);
export const withdrawalIdSchema = id;

/** The back office's queue filter. */
export const queueFilterSchema = z
  .object({
    status: withdrawalStatusSchema.optional(),
    /** One request, for a link to it. */
    id: id.optional(),
    telegramId: bigIdString('a Telegram id').optional(),
    flagged: z.boolean().optional(),
    /** A Telegram id, an @username or a name. */
    participant: searchText.optional(),
    page,
    limit: z.number().int().min(1).max(200).default(50),
    sort: sortOf(['id', 'amount', 'status'], { by: 'id', dir: 'desc' }),
  })
  .default({ limit: 50, page: 1, sort: { by: 'id', dir: 'desc' } });
export type QueueFilter = z.output<typeof queueFilterSchema>;
