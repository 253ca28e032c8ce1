import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { parseConfig, type Config } from '../config.ts';
import type { AppDeps } from '../context.ts';
import type { Database } from '../db/client.ts';
import { createApi } from '../bot/index.ts';
import { InitDataVerifier, signInitData, type DevUser } from '../modules/auth/init-data.ts';
import { expectLedgerSound } from './ledger-audit.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';
import { drainOutbox } from '../jobs/outbox.ts';
import type { DrainResult } from '../modules/events/worker.ts';
import type { Prisma as P } from '../generated/prisma/client.ts';
import { TestClock } from './clock.ts';
import { openTestDatabase, resetDatabase } from './db.ts';
import { FakeBotApi, TEST_BOT_TOKEN } from './fake-bot-api.ts';

export { TEST_BOT_TOKEN };
const createCaller = createCallerFactory(appRouter);

export interface Harness {
  db: Database & { drop(): Promise<void> };
  deps: AppDeps;
  clock: TestClock;
  telegram: FakeBotApi;
  config: Config;
  /** A router caller signed in as this Telegram user, exactly as the Mini App would be. */
  as(user: DevUser): ReturnType<typeof createCaller>;
  initData(user: DevUser): string;
  task(data: Partial<P.TaskUncheckedCreateInput> & Pick<P.TaskUncheckedCreateInput, 'type'>): Promise<{ id: number; slug: string }>;
  expectLedgerBalanced(): Promise<void>;
  /** Runs the outbox worker until nothing is due, as the worker role would (see drainOutbox). */
  drain(opts?: Parameters<typeof drainOutbox>[1]): Promise<DrainResult>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  // Boards are exact in tests unless a test asks for the cache (the test clock stands still).
  return parseConfig({ NODE_ENV: 'test', BOT_TOKEN: TEST_BOT_TOKEN, BOT_MODE: 'off', DEMO_DATA: 'off', LOG_LEVEL: 'silent', LEADERBOARD_CACHE_MS: '0', TASK_CACHE_MS: '0', ...env });
}

let taskSeq = 0;

/** Real database, real router, a loopback fake of the Bot API; a clean database for every test. */
export function useHarness(env: Record<string, string> = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.telegram = new FakeBotApi();
    const apiRoot = await h.telegram.start();
    h.config = testConfig({ TELEGRAM_API_ROOT: apiRoot, ...env });
    h.db = await openTestDatabase();
    h.clock = new TestClock();
    h.deps = {
      config: h.config,
      db: h.db,
      prisma: h.db.prisma,
      clock: h.clock,
      telegram: createApi(h.config.botToken, h.config.telegramApiRoot),
      verifier: new InitDataVerifier(h.config.botToken, h.config.initDataMaxAgeSeconds, h.clock),
      botInfo: { username: 'loyalty_test_bot' },
      ton: null,
      minter: null,
    };
    h.drain = (opts) => drainOutbox(h.deps, opts);
    h.initData = (u) => signInitData(h.config.botToken, u, h.clock.now());
    h.as = (u) => createCaller({ deps: h.deps, authorization: `tma ${h.initData(u)}` });
    h.task = async (data) => {
      taskSeq++;
      return h.deps.prisma.task.create({
        data: {
          slug: `task-${taskSeq}`,
          title: { en: `Task ${taskSeq}`, ru: `Задание ${taskSeq}` },
          description: { en: 'Do it', ru: 'Сделайте' },
          reward: 100n,
          ...data,
        },
        select: { id: true, slug: true },
      });
    };
    h.expectLedgerBalanced = () => expectLedgerSound(h.deps.prisma);
  }, 120_000);
  beforeEach(async () => {
    await resetDatabase(h.db);
    h.clock.set('2026-11-24T12:00:00Z');
    h.telegram.calls.length = 0;
    h.telegram.members.clear();
    h.telegram.down = false;
    h.telegram.sendLimit = null;
    h.telegram.random429 = 0;
  });
  // A wrong Bot API call, or a failed assertion in a scripted answer, fails the test that made it.
  afterEach(() => h.telegram.verify());
  afterAll(async () => {
    await h.db?.drop();
    await h.telegram?.stop();
  });
  return h;
}

/** The TRPCError code and stable app code a failed call produced. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; appCode: string; message: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e: any) {
    return { code: e.code, appCode: e.cause?.appCode ?? e.code, message: e.message, details: e.cause?.details };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
