import { z } from 'zod';
import { DialogStatus } from '../../generated/prisma/enums.ts';
import { id, line, lines } from '../../lib/schemas.ts';

export const dialogStatusSchema = z.enum(DialogStatus);

/** The inbox's assignee filter: mine, nobody's, or a team member's participant id. */
export const assigneeFilterSchema = z.union([z.enum(['mine', 'unassigned']), id]);

export const quickReplySchema = z.object({
  id: id.optional(),
  title: line(64).min(1, 'must not be empty'),
  text: lines(4096).min(1, 'must not be empty'),
});
