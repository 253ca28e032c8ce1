import { z } from 'zod';
import { Address } from '@ton/core';

const DEV_BOT_TOKEN = '1000000001:dev-token-for-local-development-only';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  BOT_TOKEN: z.string().regex(/^\d+:[\w-]{10,}$/, 'must look like 123456:ABC-token').optional(),
  BOT_USERNAME: z.string().regex(/^\w{3,64}$/).optional(),
  MINI_APP_SHORT_NAME: z.string().regex(/^\w{1,64}$/).optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(60).default(10),
  TELEGRAM_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30),
  PUBLIC_URL: z.url().optional(),
  ADMIN_TELEGRAM_IDS: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const ids = s.split(',').map((x) => x.trim()).filter(Boolean);
      for (const id of ids) {
        if (!/^\d+$/.test(id)) {
          ctx.addIssue({ code: 'custom', message: `"${id}" is not a Telegram user id` });
          return z.NEVER;
        }
      }
      return ids.map((id) => BigInt(id));
    }),
  BOT_MODE: z.enum(['polling', 'webhook', 'off']).default('polling'),
  WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'may hold only A-Z, a-z, 0-9, _ and -').optional(),
  INIT_DATA_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(86_400),
  ADMIN_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  LEADERBOARD_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  TASK_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  TON_NETWORK: z.enum(['mainnet', 'testnet']).default('testnet'),
  TON_TREASURY_ADDRESS: z.string().optional(),
  TONCENTER_API_KEY: z.string().optional(),
  TONCENTER_ENDPOINT: z.url().optional(),
  TON_CONFIRMATION_SECONDS: z.coerce.number().int().min(0).max(3600).default(0),
  TON_WATCH_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(10),
  STARS_INVOICE_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  TON_INVOICE_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  JOBS: z.enum(['on', 'off']).default('on'),
  WITHDRAW_MIN_NANO: z.coerce.bigint().positive().default(100_000_000n),
  WITHDRAW_DAILY_MAX_NANO: z.coerce.bigint().positive().default(100_000_000_000n),
  WITHDRAW_FEE_NANO: z.coerce.bigint().nonnegative().default(10_000_000n),
  WITHDRAW_SECOND_APPROVAL_NANO: z.coerce.bigint().positive().default(10_000_000_000n),
  ADMIN_CHAT_ID: z.string().regex(/^-?\d+$/, 'must be a Telegram chat id').optional(),
  ADMIN_CHAT_LANGUAGE: z.enum(['en', 'ru']).default('en'),
  PAYOUT_WALLET_SEED: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (an ed25519 seed)').optional(),
  PAYOUT_LOOKUP_PAGES: z.coerce.number().int().min(1).max(1000).default(20),
  TREASURY_OPERATOR_SECRET: z.string().regex(/^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{128}$/, 'must be a hex ed25519 seed (64 hex) or secret key (128 hex)').optional(),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRPC_FAST_PATH: z.enum(['on', 'off']).default('on'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
  OUTBOX_BATCH: z.coerce.number().int().min(1).max(500).default(20),
  OUTBOX_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  ANALYTICS_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  ANALYTICS_TRACK_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(240),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  JOB_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

export type Config = ReturnType<typeof parseConfig>;

/** Reads the environment once; fails with a sentence naming the variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env) {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const res = schema.safeParse(cleaned);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration. ${lines.join('; ')}.`);
  }
  const c = res.data;
  const production = c.NODE_ENV === 'production';
  if (production && !c.BOT_TOKEN) throw new ConfigError('BOT_TOKEN is required when NODE_ENV=production.');
  if (production && !c.PUBLIC_URL) throw new ConfigError('PUBLIC_URL is required when NODE_ENV=production.');
  if (c.BOT_MODE === 'webhook' && !c.WEBHOOK_SECRET) {
    throw new ConfigError('WEBHOOK_SECRET is required when BOT_MODE=webhook.');
  }
  if (c.BOT_MODE === 'webhook' && !c.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL is required when BOT_MODE=webhook (Telegram must reach the webhook).');
  }
  let treasury: string | undefined;
  if (c.TON_TREASURY_ADDRESS) {
    try {
      treasury = Address.parse(c.TON_TREASURY_ADDRESS).toRawString();
    } catch {
      throw new ConfigError('TON_TREASURY_ADDRESS is not a valid TON address.');
    }
  }
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return {
    nodeEnv: c.NODE_ENV,
    production,
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    botToken: c.BOT_TOKEN ?? DEV_BOT_TOKEN,
    botTokenIsDev: !c.BOT_TOKEN,
    botUsername: c.BOT_USERNAME,
    miniAppShortName: c.MINI_APP_SHORT_NAME,
    telegramApiRoot: c.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    /** How long a Bot API call may take before it is abandoned (and, off the request path, retried). */
    telegramTimeoutSeconds: c.TELEGRAM_TIMEOUT_SECONDS,
    /** Messages a second the bot may send overall (Telegram's limit is 30); mailings keep under it. */
    telegramSendRatePerSecond: c.TELEGRAM_SEND_RATE_PER_SECOND,
    publicUrl,
    adminTelegramIds: c.ADMIN_TELEGRAM_IDS,
    botMode: c.BOT_MODE,
    webhookSecret: c.WEBHOOK_SECRET,
    initDataMaxAgeSeconds: c.INIT_DATA_MAX_AGE_SECONDS,
    /** How long a back-office session of a desktop browser lasts from its sign-in. */
    adminSessionHours: c.ADMIN_SESSION_HOURS,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    leaderboardCacheMs: c.LEADERBOARD_CACHE_MS,
    /** How long a process keeps task definitions; an admin's edit shows elsewhere within this. */
    taskCacheMs: c.TASK_CACHE_MS,
    demoData: c.DEMO_DATA === 'on',
    logLevel: c.LOG_LEVEL,
    /** Single tRPC calls answered without the fetch adapter (same answers); `off` sends all through it. */
    trpcFastPath: c.TRPC_FAST_PATH === 'on',
    ton: {
      network: c.TON_NETWORK,
      /** Raw form (0:hex); absent when TON payments are not configured. */
      treasury,
      apiKey: c.TONCENTER_API_KEY,
      endpoint:
        c.TONCENTER_ENDPOINT ??
        (c.TON_NETWORK === 'mainnet' ? 'https://toncenter.com/api/v2/jsonRPC' : 'https://testnet.toncenter.com/api/v2/jsonRPC'),
      confirmationSeconds: c.TON_CONFIRMATION_SECONDS,
      watchIntervalSeconds: c.TON_WATCH_INTERVAL_SECONDS,
      invoiceTtlMinutes: c.TON_INVOICE_TTL_MINUTES,
    },
    stars: { invoiceTtlMinutes: c.STARS_INVOICE_TTL_MINUTES },
    jobs: c.JOBS === 'on',
    /** How long a named job's lease outlives its holder (renewed while it runs): a dead worker's jobs wait this long. */
    jobLeaseMs: c.JOB_LEASE_MS,
    withdrawals: {
      min: c.WITHDRAW_MIN_NANO,
      dailyMax: c.WITHDRAW_DAILY_MAX_NANO,
      fee: c.WITHDRAW_FEE_NANO,
      secondApprovalAbove: c.WITHDRAW_SECOND_APPROVAL_NANO,
      operatorSecret: c.TREASURY_OPERATOR_SECRET,
      /** Seed of the WalletV5R1 hot wallet payouts are sent from. */
      payoutWalletSeed: c.PAYOUT_WALLET_SEED,
      /** Pages of 100 transactions the payout worker reads back, at most, to find a message it sent. */
      lookupPages: c.PAYOUT_LOOKUP_PAGES,
    },
    /** Where the bot posts withdrawal requests with approve/reject buttons. */
    adminChatId: c.ADMIN_CHAT_ID ? Number(c.ADMIN_CHAT_ID) : null,
    /** The language of what the bot posts to the admins' group chat (an admin's own chat speaks theirs). */
    adminChatLanguage: c.ADMIN_CHAT_LANGUAGE,
    /** `api` serves HTTP only, `worker` runs the bot and jobs only, `all` does both (the default). */
    role: c.ROLE,
    /** Shared rate-limit counters across API processes; without it each process counts on its own. */
    redisUrl: c.REDIS_URL,
    /** API processes sharing the port (PostgreSQL only; they coordinate through the database). */
    webConcurrency: c.WEB_CONCURRENCY,
    /** The worker that hands events written after commit to their handlers (at least once). */
    outbox: {
      pollMs: c.OUTBOX_POLL_MS,
      maxAttempts: c.OUTBOX_MAX_ATTEMPTS,
      leaseMs: c.OUTBOX_LEASE_MS,
      retryBaseMs: c.OUTBOX_RETRY_BASE_MS,
      retryMaxMs: Math.max(c.OUTBOX_RETRY_MAX_MS, c.OUTBOX_RETRY_BASE_MS),
      batch: c.OUTBOX_BATCH,
      /** How long handled events are kept (for admins to look back) before they are deleted. */
      keepDays: c.OUTBOX_KEEP_DAYS,
    },
    /** In-app navigation: how long screen views are kept, and how many one participant may send a minute. */
    analytics: { keepDays: c.ANALYTICS_KEEP_DAYS, trackPerMinute: c.ANALYTICS_TRACK_PER_MINUTE },
    /** Bearer token `/metrics` asks for; without one it is open (keep it off the public network). */
    metricsToken: c.METRICS_TOKEN,
    /** How long SIGTERM waits for requests and jobs in flight before the process exits anyway. */
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    /** How long `/readyz` waits for the database before it answers 503. */
    readyTimeoutMs: c.READY_TIMEOUT_MS,
    /** How long a query waits for a PostgreSQL connection before the request fails with 503. */
    dbConnectTimeoutMs: c.DB_CONNECT_TIMEOUT_MS,
    /** The mocked Telegram environment (signed dev initData) exists only outside production. */
    devAuth: !production,
  };
}

export class ConfigError extends Error {}
