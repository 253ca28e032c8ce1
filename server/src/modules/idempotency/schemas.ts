import { z } from 'zod';

/** The optional key a client sends with a mutation so that a retry does it once (1–64 visible characters). */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'must be 1–64 visible ASCII characters')
  .optional();
