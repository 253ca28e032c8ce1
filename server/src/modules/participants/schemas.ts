import { z } from 'zod';
import { id, line, telegramId } from '../../lib/schemas.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { tagSchema } from './tags.ts';

export const roleSchema = z.enum(Role);
/** Owners come from ADMIN_TELEGRAM_IDS, never from the back office. */
export const assignableRoleSchema = roleSchema.exclude(['OWNER']);
export const telegramIdSchema = telegramId;

export const peopleFilterSchema = z
  .object({
    search: line(100).optional(),
    banned: z.boolean().optional(),
    role: roleSchema.optional(),
    tag: tagSchema.optional(),
    cursor: id.optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .default({ limit: 50 });
export type PeopleFilter = z.output<typeof peopleFilterSchema>;
