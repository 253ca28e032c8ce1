import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

export interface LogStream {
  write(line: string): unknown;
}

/** Fields that carry a credential wherever they appear in a logged object (one level deep, as pino allows). */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'authorization',
  'initData',
  'proof',
  'seed',
  'secret',
  'token',
  'botToken',
  'webhookSecret',
  '*.authorization',
  '*.initData',
  '*.proof',
  '*.signature',
  '*.seed',
  '*.secret',
  '*.secretKey',
  '*.token',
  '*.botToken',
  '*.webhookSecret',
  '*.payoutWalletSeed',
  '*.operatorSecret',
  '*.mnemonic',
];

// A bot token (the Bot API puts it in every URL, so errors quoting a URL carry it), initData's signatures.
const TOKEN_LIKE = /\d{5,}:[A-Za-z0-9_-]{30,}/g;
const SIGNED_FIELD = /\b(hash|signature)=[^&"\s\\]+/g;

/**
 * Pino's options for Fastify: structured JSON, credential fields redacted, and as the last step every
 * line scrubbed of this process's secrets and anything shaped like a bot token, so an error quoting a
 * Bot API URL (grammY's network errors do) cannot leak the token. Only written lines pay for it.
 */
export function logOptions(config: Config, stream?: LogStream): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  const secrets = [
    config.botTokenIsDev ? null : config.botToken,
    config.webhookSecret,
    config.withdrawals.payoutWalletSeed,
    config.withdrawals.operatorSecret,
    config.metricsToken,
    config.ton.apiKey,
    passwordOf(config.databaseUrl),
    passwordOf(config.redisUrl),
  ].filter((s): s is string => !!s && s.length >= 6);
  return {
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: errorSummary },
    hooks: { streamWrite: (line: string) => scrub(line, secrets) },
    ...(stream ? { stream } : {}),
  };
}

export function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) if (out.includes(s)) out = out.replaceAll(s, '[redacted]');
  return out.replace(TOKEN_LIKE, '[redacted]').replace(SIGNED_FIELD, '$1=[redacted]');
}

/**
 * What an error tells a reader: type, message, code, stack, an HTTP status, and the same of its causes.
 * Not the rest of its fields: an HTTP client's error carries the request (headers with API keys, URLs
 * with tokens, sockets) and the response.
 */
export function errorSummary(e: unknown, depth = 0): any {
  if (!(e instanceof Error) || depth > 3) return e instanceof Error ? { type: e.name, message: e.message } : e;
  const x = e as Error & { code?: unknown; status?: unknown; error_code?: unknown; description?: unknown; response?: { status?: unknown }; error?: unknown };
  return {
    type: x.constructor?.name ?? x.name,
    message: x.message,
    ...(typeof x.code === 'string' || typeof x.code === 'number' ? { code: x.code } : {}),
    ...(typeof x.error_code === 'number' ? { errorCode: x.error_code, description: x.description } : {}),
    ...(typeof x.response?.status === 'number' ? { status: x.response.status } : {}),
    stack: x.stack,
    ...(x.cause !== undefined ? { cause: errorSummary(x.cause, depth + 1) } : {}),
    // grammY's HttpError keeps the network error here.
    ...(x.error instanceof Error ? { error: errorSummary(x.error, depth + 1) } : {}),
  };
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
