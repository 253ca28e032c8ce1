import { Bot, type Api } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../context.ts';
import { SendPace } from '../lib/send-pace.ts';
import { startComposer } from './composers/start.ts';
import { paymentsComposer } from './composers/payments.ts';
import { withdrawalsComposer } from './composers/withdrawals.ts';
import { reachabilityComposer } from './composers/reachability.ts';
import { dialogsComposer } from './composers/dialogs.ts';
import { contactsComposer } from './composers/contacts.ts';

export interface BotHandle {
  bot: Bot;
  /** Update ids whose handling failed; the webhook answers 500 for them so Telegram delivers them again. */
  failed: Set<number>;
  /** Resolves once getMe succeeded (retried with back-off while Telegram is unreachable). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bot API client request paths share (membership checks, notifications): a participant is
 * waiting, so it retries only short 429s and fails fast when Telegram is down.
 */
export function createApi(token: string, apiRoot: string, timeoutSeconds = 10, perSecond = 30): Api {
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  throttleSends(bot.api, perSecond);
  return bot.api;
}

/** What mailings send with: an API client and the pace its sends keep. */
export interface MailingClient {
  api: Api;
  pace: SendPace;
}

/**
 * Mailings keep the pace themselves and handle every refusal themselves: a 429 is waited out by the
 * copy (not inside the call, where the retry would pass the pace and keep the copy in flight), an
 * outage pauses every send.
 */
export function createMailingClient(token: string, apiRoot: string, perSecond = 30): MailingClient {
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: 30 } });
  return { api: bot.api, pace: new SendPace(perSecond) };
}

/** Background work (the bot's replies) may wait: retries 429 and 5xx with back-off. */
function configureApi(api: Api, perSecond: number) {
  api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  throttleSends(api, perSecond);
}

// Telegram's limits are on sending (30 msg/s overall, 1/s per chat, 20/min per group); reads are not throttled.
function throttleSends(api: Api, perSecond: number) {
  const throttled = apiThrottler({ global: { reservoir: perSecond, reservoirRefreshAmount: perSecond, reservoirRefreshInterval: 1000 } });
  api.config.use((prev, method, payload, signal) =>
    /^(send|copy|forward|edit)/.test(method) ? throttled(prev, method, payload, signal) : prev(method, payload, signal),
  );
}

export function createBot(deps: AppDeps, log: FastifyBaseLogger): BotHandle {
  const { config } = deps;
  // Long polling holds getUpdates for 30 s, so the bot's own calls get that on top (grammY's default is 500 s).
  const bot = new Bot(config.botToken, { client: { apiRoot: config.telegramApiRoot, timeoutSeconds: config.telegramTimeoutSeconds + 30 } });
  configureApi(bot.api, config.telegramSendRatePerSecond);
  bot.use(paymentsComposer(deps));
  bot.use(withdrawalsComposer(deps));
  bot.use(startComposer(deps));
  bot.use(reachabilityComposer(deps));
  bot.use(contactsComposer(deps));
  // Last: it takes what the others did not.
  bot.use(dialogsComposer(deps));
  const failed = new Set<number>();
  bot.catch((e) => {
    failed.add(e.ctx.update.update_id);
    log.error({ err: e.error, update: e.ctx.update.update_id }, 'bot handler failed');
  });

  let stopped = false;
  const ready = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await bot.init();
        deps.botInfo.username = bot.botInfo.username;
        log.info({ username: bot.botInfo.username }, 'bot connected to Telegram');
        return;
      } catch (e) {
        const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6));
        log.warn({ err: (e as Error).message, retryInMs: delay }, 'Bot API unreachable; the app keeps serving');
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  })();

  return {
    bot,
    failed,
    ready,
    async stop() {
      stopped = true;
      if (bot.isRunning()) await bot.stop();
    },
  };
}

/** Long polling, started once the bot is initialised; getUpdates errors are retried by grammY. */
export async function startPolling(handle: BotHandle, log: FastifyBaseLogger) {
  await handle.ready;
  await handle.bot.api.deleteWebhook().catch(() => {});
  handle.bot.start({ drop_pending_updates: false, onStart: () => log.info('bot polling') }).catch((e) => {
    log.error({ err: e }, 'bot polling stopped');
  });
}

/** Registers the webhook with Telegram once the bot is ready; retried with back-off. */
export async function registerWebhook(handle: BotHandle, deps: AppDeps, log: FastifyBaseLogger) {
  await handle.ready;
  const url = `${deps.config.publicUrl}/telegram/webhook`;
  for (let attempt = 0; ; attempt++) {
    try {
      await handle.bot.api.setWebhook(url, {
        secret_token: deps.config.webhookSecret,
        allowed_updates: ['message', 'callback_query', 'pre_checkout_query', 'my_chat_member', 'chat_member'],
      });
      log.info({ url }, 'webhook registered');
      return;
    } catch (e) {
      const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6));
      log.warn({ err: (e as Error).message, retryInMs: delay }, 'setWebhook failed');
      await new Promise((r) => setTimeout(r, delay).unref());
    }
  }
}
