import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import type { TelegramUser } from '../participants/service.ts';

/**
 * What the Telegram Login Widget hands `data-onauth` (https://core.telegram.org/widgets/login). Fields
 * Telegram may add later are kept: the hash covers every field received, so none may be dropped.
 */
export const loginWidgetSchema = z
  .object({
    id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    first_name: z.string().max(256),
    last_name: z.string().max(256).optional(),
    username: z.string().max(64).optional(),
    photo_url: z.string().max(2048).optional(),
    auth_date: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex characters'),
  })
  .catchall(z.union([z.string().max(2048), z.number(), z.boolean()]));
export type LoginWidgetData = z.infer<typeof loginWidgetSchema>;

const unauthorized = (msg: string) => new DomainError(AppCodes.UNAUTHORIZED, 'UNAUTHORIZED', msg);

/** Telegram's data-check-string: every field but `hash` as `key=value`, sorted by key, joined by newlines. */
export function dataCheckString(data: Record<string, unknown>): string {
  return Object.keys(data)
    .filter((k) => k !== 'hash' && data[k] !== undefined && data[k] !== null)
    .sort()
    .map((k) => `${k}=${String(data[k])}`)
    .join('\n');
}

// Unlike initData (keyed by HMAC("WebAppData", token)), the widget's key is the token's plain SHA-256.
const widgetKey = (botToken: string) => createHash('sha256').update(botToken).digest();

const widgetHash = (botToken: string, data: Record<string, unknown>) => createHmac('sha256', widgetKey(botToken)).update(dataCheckString(data)).digest();

/**
 * Checks a Login Widget payload as Telegram specifies: the HMAC-SHA-256 of the data-check-string keyed by
 * SHA-256 of the bot token, compared in constant time, and `auth_date` no older than `maxAgeSeconds` by
 * the app's clock. Refuses with 401 UNAUTHORIZED; returns the Telegram user on success.
 */
export function checkLoginWidget(data: LoginWidgetData, botToken: string, maxAgeSeconds: number, now: Date): TelegramUser {
  const given = Buffer.from(data.hash, 'hex');
  const expected = widgetHash(botToken, data);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized('Telegram sign-in data is invalid.');
  const age = now.getTime() / 1000 - data.auth_date;
  if (age > maxAgeSeconds) throw unauthorized('Your Telegram sign-in has expired. Sign in again.');
  // A date far in the future is as suspect as an old one (a clock off by minutes is tolerated).
  if (age < -300) throw unauthorized('Telegram sign-in data is invalid.');
  return { id: data.id, first_name: data.first_name, last_name: data.last_name, username: data.username, photo_url: data.photo_url };
}

/** Signs a payload as the widget would (the development sign-in and tests; never reachable in production). */
export function signLoginWidget(
  botToken: string,
  user: { id: number; first_name: string; last_name?: string; username?: string; photo_url?: string },
  authDate: Date,
): LoginWidgetData {
  const fields: Record<string, string | number> = { auth_date: Math.floor(authDate.getTime() / 1000) };
  for (const [k, v] of Object.entries(user)) if (v !== undefined) fields[k] = v;
  return { ...fields, hash: widgetHash(botToken, fields).toString('hex') } as LoginWidgetData;
}
