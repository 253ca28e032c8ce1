import { hashToken, sign, validate } from '@telegram-apps/init-data-node';
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { systemClock, type Clock } from '../../lib/time.ts';
import type { TelegramUser } from '../participants/service.ts';

export interface InitDataAuth {
  raw: string;
  user: TelegramUser;
  startParam: string | null;
  authDate: Date;
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const unauthorized = (msg: string) => new DomainError(AppCodes.UNAUTHORIZED, 'UNAUTHORIZED', msg);

/** Validates `Authorization: tma <initData>`: Telegram's HMAC over the fields, keyed by the bot token. */
export class InitDataVerifier {
  private readonly secret: ArrayBuffer;
  /** A Mini App sends the same initData with every call: the HMAC and the parse are done once per string. */
  // An LRU, not a Map trimmed from the front: iterating past a Map's deleted entries to find the oldest
  // cost each new string ~2.7 µs once the cache was full.
  private readonly checked = new LRUCache<string, InitDataAuth>({ max: 10_000 });
  constructor(
    botToken: string,
    private readonly maxAgeSeconds: number,
    /** The app's clock, so the age check agrees with every other time rule (and with tests' clocks). */
    private readonly clock: Clock = systemClock,
  ) {
    const h = hashToken(botToken);
    this.secret = h.buffer.slice(h.byteOffset, h.byteOffset + h.byteLength) as ArrayBuffer;
  }

  fromHeader(header: string | undefined): InitDataAuth {
    if (!header) throw unauthorized('Open the app from Telegram to sign in.');
    // The shape every client sends, without a regex over a long string on each call.
    if (header.startsWith('tma ') && header.charCodeAt(4) > 32 && header.charCodeAt(header.length - 1) > 32) return this.verify(header.slice(4));
    const m = /^tma\s+(.+)$/i.exec(header.trim());
    if (!m) throw unauthorized('The Authorization header must be "tma <initData>".');
    return this.verify(m[1]);
  }

  verify(raw: string): InitDataAuth {
    const known = this.checked.get(raw);
    if (known) {
      this.checkAge(known.authDate);
      return known;
    }
    const auth = this.check(raw);
    this.checked.set(raw, auth);
    return auth;
  }

  private checkAge(authDate: Date) {
    if (authDate.getTime() + this.maxAgeSeconds * 1000 < this.clock.now().getTime()) {
      throw unauthorized('Your Telegram session has expired. Reopen the app.');
    }
  }

  private check(raw: string): InitDataAuth {
    const fields = new URLSearchParams(raw);
    try {
      // The library would compare auth_date with the system time; the age is checked below against this.clock.
      validate(fields, this.secret, { expiresIn: 0, tokenHashed: true });
    } catch {
      throw unauthorized('Telegram sign-in data is invalid.');
    }
    // The library has checked the signature over every field; only these three are read from them.
    const authDate = new Date(Number(fields.get('auth_date')) * 1000);
    if (!(authDate.getTime() > 0)) throw unauthorized('Telegram sign-in data is malformed.');
    this.checkAge(authDate);
    let u: Record<string, unknown> | null = null;
    try {
      u = JSON.parse(fields.get('user') ?? 'null');
    } catch {
      throw unauthorized('Telegram sign-in data is malformed.');
    }
    if (!u || typeof u !== 'object' || !Number.isSafeInteger(u.id) || (u.id as number) <= 0) throw unauthorized('Telegram sign-in data has no user.');
    return {
      raw,
      user: {
        id: u.id as number,
        first_name: text(u.first_name),
        last_name: text(u.last_name),
        username: text(u.username),
        language_code: text(u.language_code),
        is_premium: u.is_premium === true,
        photo_url: text(u.photo_url),
      },
      startParam: fields.get('start_param') || null,
      authDate,
    };
  }
}

export interface DevUser {
  telegramId: number;
  firstName?: string;
  lastName?: string;
  username?: string;
  language?: string;
  startParam?: string;
}

/**
 * Signs initData the way Telegram does (for the development mock and tests only). Telegram also adds an
 * Ed25519 `signature` for third parties; the parser requires the field, the HMAC check covers it.
 */
export function signInitData(botToken: string, u: DevUser, authDate = new Date()): string {
  return sign(
    {
      user: {
        id: u.telegramId,
        first_name: u.firstName ?? 'Dev',
        last_name: u.lastName,
        username: u.username,
        language_code: u.language ?? 'en',
        allows_write_to_pm: true,
      },
      query_id: `AAH${randomBytes(8).toString('hex')}`,
      chat_type: 'sender',
      chat_instance: '-1',
      start_param: u.startParam,
      signature: randomBytes(64).toString('base64url'),
    } as never,
    botToken,
    authDate,
  );
}
