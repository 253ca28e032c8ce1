import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { fastifyTRPCPlugin, type CreateFastifyContextOptions, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { AppDeps } from './context.ts';
import { appRouter, type AppRouter } from './router.ts';
import type { Context } from './trpc.ts';
import { DomainError } from './lib/errors.ts';
import { signInitData, type InitDataAuth } from './modules/auth/init-data.ts';
import { registerMetadataRoutes } from './modules/collectibles/metadata.ts';
import { registerFastTrpc } from './http/trpc-fast-path/fast-trpc.ts';
import { Metrics } from './http/metrics.ts';
import { serveMiniApp } from './http/mini-app.ts';
import { logOptions, type LogStream } from './http/logging.ts';
import { consoleAuth } from './http/console-auth.ts';
import { isDatabaseUnavailable } from './lib/errors.ts';
import { loadMigrations } from './db/migrate.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tgAuth?: InitDataAuth | DomainError;
  }
}

export interface AppOptions {
  deps: AppDeps;
  /** Handles a Telegram update arriving by webhook; absent when the bot is not in webhook mode. */
  webhook?: (req: FastifyRequest, body: unknown) => Promise<{ status: number; body?: unknown }>;
  logger?: boolean;
  /** Where logs go instead of stdout (tests read them). */
  logStream?: LogStream;
  /** This process's metrics; one is made when absent. */
  metrics?: Metrics;
}

export async function buildApp({ deps, webhook, logger, logStream, metrics: given }: AppOptions): Promise<FastifyInstance> {
  const { config } = deps;
  const metrics = given ?? new Metrics(Object.keys(appRouter._def.procedures), deps.db);
  const app = Fastify({
    logger: logger === false ? false : logOptions(config, logStream),
    bodyLimit: 1_048_576,
    trustProxy: true,
    // Per-request logs are noise at this volume; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 5000 },
  });

  // Validate initData once per request, so the rate limit keys on the Telegram user, not the IP.
  // A callback hook: the check is synchronous, and an async hook costs every request a promise.
  const browserAuth = consoleAuth(deps);
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/trpc')) {
      // A desktop browser's back office: a session cookie instead of initData (looked up only then).
      const token = req.headers.authorization === undefined ? browserAuth.tokenOf(req) : undefined;
      if (token !== undefined) {
        browserAuth.authenticate(req, reply, token).then((go) => go && done(), done);
        return;
      }
      try {
        req.tgAuth = deps.verifier.fromHeader(req.headers.authorization);
      } catch (e) {
        if (!(e instanceof DomainError)) return done(e as Error);
        req.tgAuth = e;
      }
    }
    done();
  });

  // Liveness: the process answers. It does not ask the database, so an outage there restarts nothing.
  app.get('/healthz', async () => ({ ok: true, db: deps.db.kind }));

  // Readiness: migrations applied and the database answering within a short time; 503 otherwise.
  const migrationCount = loadMigrations().length;
  app.get('/readyz', async (_req, reply) => {
    const problem = await Promise.race([
      databaseProblem(deps, migrationCount),
      new Promise<string>((r) => setTimeout(r, config.readyTimeoutMs, `the database did not answer within ${config.readyTimeoutMs} ms`).unref()),
    ]);
    if (problem) return reply.code(503).send({ ok: false, reason: problem });
    return { ok: true };
  });

  app.get('/metrics', async (req, reply) => {
    if (config.metricsToken && !bearerMatches(req.headers.authorization, config.metricsToken)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ ok: false, error: 'metrics token required' });
    }
    return reply.type(metrics.contentType).send(await metrics.render());
  });

  app.get('/tonconnect-manifest.json', async () => ({
    url: config.publicUrl,
    name: 'TON Loyalty',
    iconUrl: `${config.publicUrl}/icon.png`,
    termsOfUseUrl: `${config.publicUrl}/terms`,
    privacyPolicyUrl: `${config.publicUrl}/privacy`,
  }));

  await app.register(async (scope) => {
    const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    if (redis) scope.addHook('onClose', async () => void (await redis.quit().catch(() => {})));
    await scope.register(rateLimit, {
      max: config.rateLimitPerMinute,
      ...(redis ? { redis, nameSpace: 'loyalty-rl:', skipOnError: true } : {}),
      timeWindow: 60_000,
      // Counters for everyone active within a window: the default 5,000 would forget (and unblock) the rest.
      cache: 100_000,
      // Quota headers on every answer cost each call more than they tell the Mini App; a 429 still carries them.
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      keyGenerator: (req) =>
        req.tgAuth && !(req.tgAuth instanceof DomainError)
          ? `tg:${req.tgAuth.user.id}`
          : req.consoleSession && !(req.consoleSession instanceof Error)
            ? `tg:${req.consoleSession.participant.telegramId}`
            : `ip:${req.ip}`,
      // Shaped like a tRPC error so the Mini App shows the same translated message path.
      errorResponseBuilder: (_req, ctx) => ({
        statusCode: 429,
        error: {
          message: `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} s.`,
          code: -32029,
          data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMITED' },
        },
      }),
    });
    const trpcOptions = {
      router: appRouter,
      createContext: ({ req }): Context => ({
        deps,
        authorization: req.headers.authorization,
        auth: req.tgAuth,
        session: req.consoleSession,
      }),
      onError: ({ error, path }) => {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;
        if (isDatabaseUnavailable(error.cause)) app.log.warn({ path, reason: (error.cause as Error).message }, 'database unavailable');
        else app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];
    // Single calls skip the fetch adapter; everything else (batches, errors of the request itself) reaches it.
    browserAuth.register(scope);
    if (config.trpcFastPath) registerFastTrpc(scope, { ...trpcOptions, onCall: (path, status, s) => metrics.recordCall(path, status, s) });
    await scope.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { ...trpcOptions, ...adapterTimings(metrics, trpcOptions.createContext) } });
  });

  registerMetadataRoutes(app, deps);

  if (webhook) {
    app.post('/telegram/webhook', async (req, reply) => {
      if (req.headers['x-telegram-bot-api-secret-token'] !== config.webhookSecret) {
        return reply.code(401).send({ ok: false, error: 'wrong secret token' });
      }
      const res = await webhook(req, req.body);
      return reply.code(res.status).send(res.body ?? { ok: true });
    });
  }

  if (config.devAuth) {
    // The mocked Telegram environment: initData signed with this server's bot token. Never in production.
    app.get('/dev/init-data', async (req) => {
      const q = req.query as Record<string, string | undefined>;
      const telegramId = Number(q.telegramId ?? 100001);
      if (!Number.isSafeInteger(telegramId) || telegramId <= 0) return { error: 'telegramId must be a positive integer' };
      return {
        initData: signInitData(config.botToken, {
          telegramId,
          firstName: q.firstName ?? 'Dev',
          lastName: q.lastName,
          username: q.username ?? `dev${telegramId}`,
          language: q.language ?? 'en',
          startParam: q.startParam || undefined,
        }),
      };
    });
  }

  await serveMiniApp(app);
  return app;
}

/** Why the database is not ready (a sentence), or null when it is. */
async function databaseProblem(deps: AppDeps, migrations: number): Promise<string | null> {
  try {
    const [row] = await deps.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return row.n >= migrations ? null : `${migrations - row.n} migration(s) not applied`;
  } catch (e) {
    return isDatabaseUnavailable(e) ? 'the database is unavailable' : 'the database did not answer';
  }
}

function statusOf(res: unknown): number {
  const status = (res as { error?: { data?: { httpStatus?: unknown } } } | undefined)?.error?.data?.httpStatus;
  return typeof status === 'number' ? status : (res as { error?: unknown } | undefined)?.error ? 500 : 200;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * Timings for what the fetch adapter answers (batches and requests the fast path leaves): each call
 * of a response counts the time since its context was made.
 */
function adapterTimings(metrics: Metrics, createContext: (opts: CreateFastifyContextOptions) => Context) {
  const started = new WeakMap<object, number>();
  return {
    createContext: (opts: CreateFastifyContextOptions): Context => {
      const ctx = createContext(opts);
      started.set(ctx, performance.now());
      return ctx;
    },
    responseMeta: ({ ctx, info, data }: { ctx?: Context; info?: TRPCRequestInfo; data: readonly unknown[] }) => {
      const t0 = ctx && started.get(ctx);
      if (t0 !== undefined && info) {
        const seconds = (performance.now() - t0) / 1000;
        // data[i] answers calls[i]; a streamed answer (no data yet) counts as its call's success.
        info.calls.forEach((call, i) => metrics.recordCall(call.path, statusOf(data[i]), seconds));
      }
      return {};
    },
  };
}
