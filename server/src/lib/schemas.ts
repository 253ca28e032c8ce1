import { z } from 'zod';
import { AppCodes, DomainError } from './errors.ts';

/**
 * The bounded zod pieces every procedure's input is built from. Whatever passes them fits the column
 * it is written to, so a caller's input can be refused (VALIDATION) but never reach PostgreSQL out of
 * range (an INTEGER id ≥ 2^31, a BIGINT past 2^63 − 1, a NUL in text) and come back as a 500.
 */

export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;
export const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** An INTEGER column's value within [min, max] (clamped to INTEGER's own range). */
export const intField = (min = INT_MIN, max = INT_MAX) => z.number().int().min(Math.max(min, INT_MIN)).max(Math.min(max, INT_MAX));

/** A row id of an INTEGER primary key (`what` names it in the refusal). */
export const idOf = (what = 'a valid id') => z.number().int().positive().max(INT_MAX, `is not ${what}`);
export const id = idOf();

/** A row id of a BIGINT key, sent as digits (JSON numbers lose precision past 2^53). Stays a string. */
export const bigIdString = (what = 'an id') =>
  z
    .string()
    .regex(/^\d{1,19}$/, `must be ${what}`)
    .refine((s) => BigInt(s) <= BIGINT_MAX, `must be ${what}`);

/** bigIdString, as a bigint. */
export const bigId = (what?: string) => bigIdString(what).transform((s) => BigInt(s));

const inBigint = (v: bigint) => v <= BIGINT_MAX;

/** A Telegram user id: digits or a (safe) JSON number, positive, within the BIGINT column. */
export const telegramId = z
  .union([z.string().regex(/^\d{1,32}$/, 'must be a Telegram id'), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v))
  .refine((v) => v > 0n && inBigint(v), 'must be a Telegram id');

/** Minor units as digits (BigInt-safe) within BIGINT, zero allowed. */
export const amountOrZero = (message = 'must be a whole number of minor units') =>
  z
    .string()
    .regex(/^\d{1,20}$/, message)
    .transform((s) => BigInt(s))
    .refine(inBigint, 'is too large');

/** Minor units as digits, above zero, within BIGINT. */
export const amount = (message?: string) => amountOrZero(message).refine((v) => v > 0n, 'must be positive');

// C0 controls (and DEL): PostgreSQL refuses NUL in text and jsonb; the rest has no place in a name or a reason.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const CONTROLS_OR_BREAKS = /[\u0000-\u001f\u007f]/;
// A lone surrogate cannot be encoded as UTF-8: it would be stored as something else than was sent.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const clean = (s: z.ZodString, controls: RegExp) =>
  s.refine((v) => !controls.test(v), 'must not contain control characters').refine((v) => !LONE_SURROGATE.test(v), 'must be valid text');

/** One line of text: trimmed, at most `max` characters, no control characters. Chain `.min()` as needed. */
export const line = (max: number) => clean(z.string().trim().max(max), CONTROLS_OR_BREAKS);

/** Multi-line text (a message, a note, a description): newlines and tabs allowed, other controls not. */
export const lines = (max: number) => clean(z.string().trim().max(max), CONTROLS);

/** A caller-chosen key (an idempotency key, an award key), kept as sent: no trimming, no controls. */
export const key = (min: number, max: number) => clean(z.string().min(min).max(max), CONTROLS_OR_BREAKS);

/** A URL-safe name unique per table (a product, a task, a collection). */
/** A name shown in both languages (a task, product or collection title). */
export const localizedTitle = z.object({ en: line(200).min(1), ru: line(200).min(1) });
/** A longer text in both languages, either may be empty (descriptions). */
export const localizedText = z.object({ en: lines(2000), ru: lines(2000) });

/** A Telegram @username as people type it (the @ optional), without the @. */
export const username = z
  .string()
  .trim()
  .regex(/^@?[A-Za-z0-9_]{3,32}$/, 'must be a Telegram @username')
  .transform((s) => s.replace(/^@/, ''));

export const slug = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lowercase letters, digits and dashes');

/** Whether a value fits an INTEGER column / a BIGINT column (for keys checked before a batched read). */
export const fitsInteger = (n: number) => Number.isInteger(n) && n >= INT_MIN && n <= INT_MAX;
export const fitsBigint = (n: bigint) => n >= -BIGINT_MAX - 1n && n <= BIGINT_MAX;

/** The refusal for a key that cannot be in the column it is looked up in. */
export const outOfRange = (what: string) => new DomainError(AppCodes.OUT_OF_RANGE, 'BAD_REQUEST', `${what} is out of the allowed range.`);

/** A page of a back-office table, counted from 1. */
export const page = z.number().int().min(1).max(100_000).default(1);
/** A page for a list that pages by cursor unless one is named (no default: `page.optional()` would always give 1). */
export const pageIfAny = z.number().int().min(1).max(100_000).optional();
/** Rows per page of a back-office table. */
export const pageSize = (max = 100, fallback = 25) => z.number().int().min(1).max(max).default(fallback);
/** Free text typed into a table's search box. */
export const searchText = line(64);
/** An ISO instant (a filter's date range), as a Date. */
export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** `search` as a pattern for ILIKE: its own % and _ match themselves. */
export const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A back-office table's sort: one of the columns the server orders by, and a direction. */
export const sortOf = <const K extends readonly [string, ...string[]]>(keys: K, fallback: { by: K[number]; dir: 'asc' | 'desc' }) =>
  z.object({ by: z.enum(keys), dir: z.enum(['asc', 'desc']) }).default(fallback as never);
