import { z } from 'zod';
import { id, line, pageIfAny, sortOf, telegramId } from '../../lib/schemas.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { tagSchema } from './tags.ts';

export const roleSchema = z.enum(Role);
/** The CRM's role picker: no owners (only the Roles section names those). */
export const assignableRoleSchema = roleSchema.exclude(['OWNER']);
/** A role the console's Roles section gives (null takes it away); owners may name other owners there. */
export const adminRoleSchema = roleSchema.exclude(['PARTICIPANT']);
export const telegramIdSchema = telegramId;

export const peopleFilterSchema = z
  .object({
    search: line(100).optional(),
    banned: z.boolean().optional(),
    role: roleSchema.optional(),
    tag: tagSchema.optional(),
    /** Only the people in this saved segment. */
    segmentId: id.optional(),
    /** The newest first, page after page (the Mini App's list); or `page` with any `sort` (the console's table). */
    cursor: id.optional(),
    page: pageIfAny,
    sort: sortOf(['id', 'name', 'telegramId', 'createdAt', 'lastSeenAt'], { by: 'id', dir: 'desc' }),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .default({ limit: 50, sort: { by: 'id', dir: 'desc' } });
export type PeopleFilter = z.output<typeof peopleFilterSchema>;
