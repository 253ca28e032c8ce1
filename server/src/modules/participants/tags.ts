import { z } from 'zod';

// Lower case, words joined by dashes: "VIP Club" and "vip-club" are one tag.
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((t) => t.replace(/\s+/g, '-'))
  .pipe(z.string().regex(/^[\p{L}\p{N}_-]{1,32}$/u, 'a tag is 1 to 32 letters, digits, dashes or underscores'));
