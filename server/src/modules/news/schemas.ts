import { z } from 'zod';
import { id } from '../../lib/schemas.ts';
import { PostKind } from '../../generated/prisma/enums.ts';
import { localizedSchema } from '../mailings/schemas.ts';

export const postKindSchema = z.enum(PostKind);

export const postInput = z.object({
  id: id.optional(),
  kind: postKindSchema,
  title: localizedSchema(200),
  body: localizedSchema(4000),
  imageUrl: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
  url: z.url({ protocol: /^https?$/ }).max(1000).nullish(),
  eventAt: z.iso.datetime().transform((s) => new Date(s)).nullish(),
  pinned: z.boolean().optional(),
});
