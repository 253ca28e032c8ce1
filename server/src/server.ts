import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import type { AppDeps } from './context.ts';
import { openDatabase, type Database } from './db/client.ts';
import { ensureLevels, ensureSystemAccounts } from './seed/reference.ts';
import { seedDemoData } from './seed/demo.ts';
import { createApi, createBot, createMailingClient, registerWebhook, startPolling, type BotHandle } from './bot/index.ts';
import { systemClock, type Clock } from './lib/time.ts';
import { InitDataVerifier } from './modules/auth/init-data.ts';
import type { TonGateway } from './lib/ton/gateway.ts';
import { toncenterGateway } from './lib/ton/toncenter.ts';
import { startJobs } from './jobs/runner.ts';
import { queueReminders } from './modules/calendar/reminders.ts';
import { outboxJob, outboxPruneJob } from './jobs/outbox.ts';
import { runSeasons } from './modules/ratings/season-end.ts';
import { pruneScreenViews } from './modules/analytics/navigation.ts';
import { liftEndedBans } from './modules/participants/bans.ts';
import { expireInvoices } from './modules/payments/invoices.ts';
import { watchTreasury } from './modules/payments/ton.ts';
import { hotWalletSender } from './modules/withdrawals/hot-wallet.ts';
import { treasurySender } from './modules/withdrawals/treasury-sender.ts';
import { Address } from '@ton/core';
import { runPayouts } from './modules/withdrawals/payout.ts';
import { runTonReturns } from './modules/payments/ton-return.ts';
import { sendMailings } from './modules/mailings/sender.ts';
import { foldScoreTally } from './modules/ratings/service.ts';
import { Metrics } from './http/metrics.ts';
import type { LogStream } from './http/logging.ts';
import { appRouter } from './router.ts';

export interface Running {
  app: FastifyInstance;
  deps: AppDeps;
  metrics: Metrics;
  bot: BotHandle | null;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  db?: Database;
  logger?: boolean;
  /** Where logs go instead of stdout (tests read them). */
  logStream?: LogStream;
  listen?: boolean;
  ton?: TonGateway | null;
}

/** One process: API, bot and the built Mini App, on PostgreSQL or the embedded database. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<Running> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutMs: config.dbConnectTimeoutMs }));
  await ensureSystemAccounts(db.prisma);
  await ensureLevels(db.prisma);
  if (config.demoData) await seedDemoData(db.prisma);

  const api = createApi(config.botToken, config.telegramApiRoot, config.telegramTimeoutSeconds, config.telegramSendRatePerSecond);
  const deps: AppDeps = {
    config,
    db,
    prisma: db.prisma,
    clock: opts.clock ?? systemClock,
    telegram: api,
    verifier: new InitDataVerifier(config.botToken, config.initDataMaxAgeSeconds, opts.clock ?? systemClock),
    botInfo: { username: config.botUsername ?? null },
    ton: opts.ton !== undefined ? opts.ton : config.ton.treasury ? toncenterGateway(config.ton.endpoint, config.ton.apiKey) : null,
    minter: null,
  };

  let bot: BotHandle | null = null;
  const metrics = new Metrics(Object.keys(appRouter._def.procedures), db);
  const app = await buildApp({
    deps,
    metrics,
    logger: opts.logger,
    logStream: opts.logStream,
    webhook:
      config.botMode === 'webhook'
        ? async (_req, body) => {
            if (!bot?.bot.isInited()) return { status: 503, body: { ok: false, error: 'bot is starting' } };
            const update = body as Update;
            await bot.bot.handleUpdate(update);
            // A failed handler (say, the database was away) must not lose a payment: Telegram retries on 5xx,
            // and every handler is idempotent.
            if (bot.failed.delete(update.update_id)) return { status: 500, body: { ok: false } };
            return { status: 200 };
          }
        : undefined,
  });
  const worker = config.role !== 'api';
  let stopJobs: (() => Promise<void>) | null = null;
  // Payouts leave from the Treasury contract (operator key) or, failing that, from a WalletV5R1 hot wallet.
  const lookup = { maxPages: config.withdrawals.lookupPages };
  const payouts =
    deps.ton && config.ton.treasury && config.withdrawals.operatorSecret
      ? treasurySender(deps.ton, Address.parse(config.ton.treasury), config.withdrawals.operatorSecret, lookup)
      : deps.ton && config.withdrawals.payoutWalletSeed
        ? hotWalletSender(deps.ton, Buffer.from(config.withdrawals.payoutWalletSeed, 'hex'), config.ton.network === 'mainnet' ? -239 : -3, lookup)
        : null;
  // The hot wallet also owns the NFT collections, so it is the one that mints.
  if (deps.ton && config.withdrawals.payoutWalletSeed) {
    deps.minter = hotWalletSender(deps.ton, Buffer.from(config.withdrawals.payoutWalletSeed, 'hex'), config.ton.network === 'mainnet' ? -239 : -3);
  }
  if (worker && config.jobs) {
    const mail = createMailingClient(config.botToken, config.telegramApiRoot, config.telegramSendRatePerSecond);
    stopJobs = startJobs(
      db.prisma,
      [
        { name: 'expire-invoices', everyMs: 30_000, run: () => expireInvoices(deps) },
        // What requests and other jobs wrote to happen after their commit (notifications, system tasks, mints).
        outboxJob(deps),
        outboxPruneJob(deps),
        // Screen views older than ANALYTICS_KEEP_DAYS, hourly.
        { name: 'screen-views-prune', everyMs: 60 * 60_000, run: () => pruneScreenViews(deps) },
        // Bans whose end passed: back on the boards and in mailings (the sign-in let them in at the end already).
        { name: 'lift-ended-bans', everyMs: 60_000, run: () => liftEndedBans(deps) },
        // Boards fold score changes as they are rebuilt; this keeps the backlog short when none is read.
        // Every 2 s: the same work in small folds, so none takes a core long enough to show in the claims'
        // tail (every 10 s, claims p99 was 60-68 ms on the bench; every 2 s, 45 ms).
        { name: 'score-tally', everyMs: 2_000, run: () => foldScoreTally(deps) },
        // Rating seasons: start, end when their time is up and pay each prize once (season-end.ts).
        { name: 'seasons', everyMs: 15_000, run: () => runSeasons(deps) },
        // Community events' reminders, handed to the outbox; every worker may run it (rows are claimed with SKIP LOCKED).
        { name: 'calendar-reminders', everyMs: 30_000, shared: true, run: () => queueReminders(deps) },
        ...(deps.ton ? [{ name: 'ton-watcher', everyMs: config.ton.watchIntervalSeconds * 1000, run: () => watchTreasury(deps, deps.ton!) }] : []),
        // Payouts, then returns of unmatched TON an admin chose to return: one sender, one message in flight.
        ...(payouts ? [{ name: 'payouts', everyMs: 10_000, run: async () => [await runPayouts(deps, payouts), await runTonReturns(deps, payouts)] }] : []),
        // The dev token reaches no bot; mailings refuse to start without a real one. One worker at a time
        // sends (the lease), so the bot's pace is this process's; a run lasts while there is work, and
        // the lease tells it that copies other runs left are theirs no more.
        ...(config.botTokenIsDev
          ? []
          : [{ name: 'mailings', everyMs: 2_000, run: (signal: AbortSignal, owner: string) => sendMailings(deps, mail, { signal, lease: { name: 'mailings', owner } }) }]),
      ].map((job) => metrics.job(job)),
      app.log,
      { leaseMs: config.jobLeaseMs },
    );
  }
  // Webhook updates arrive at API processes; long polling belongs to one worker.
  // Without a real BOT_TOKEN there is no bot to run (the dev token only signs the mocked Telegram environment).
  const botHere = !config.botTokenIsDev && (config.botMode === 'webhook' ? config.role !== 'worker' : config.botMode === 'polling' && worker);
  if (config.botTokenIsDev && config.botMode !== 'off') app.log.info('BOT_TOKEN is not set: the bot is off; the Mini App runs with the mocked Telegram environment');
  if (botHere) {
    bot = createBot(deps, app.log);
    if (config.botMode === 'polling') void startPolling(bot, app.log);
    else void registerWebhook(bot, deps, app.log);
  }
  let url = config.publicUrl;
  if (opts.listen !== false) {
    const address = await app.listen({ port: config.port, host: config.host });
    const port = new URL(address).port;
    url = config.publicUrl.includes('localhost') ? `http://localhost:${port}` : config.publicUrl;
  }
  return {
    app,
    deps,
    bot,
    url,
    metrics,
    /**
     * Stops taking requests and lets those in flight finish, while the jobs finish their runs and give
     * back their leases; then closes the database.
     */
    async close() {
      await Promise.all([app.close(), (async () => (await stopJobs?.(), await bot?.stop()))()]);
      if (!opts.db) await db.close();
    },
  };
}
