import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { signInitData, type DevUser } from '../modules/auth/init-data.ts';
import { expectLedgerSound } from './ledger-audit.ts';
import type { TonGateway } from '../lib/ton/gateway.ts';
import { startServer, type Running } from '../server.ts';
import { TestClock } from './clock.ts';
import { openTestDatabase, resetDatabase } from './db.ts';
import { FakeBotApi } from './fake-bot-api.ts';
import { testConfig } from './harness.ts';
import { drainOutbox } from '../jobs/outbox.ts';
import type { DrainResult } from '../modules/events/worker.ts';

export interface ServerHarness {
  running: Running;
  db: Database & { drop(): Promise<void> };
  clock: TestClock;
  telegram: FakeBotApi;
  config: Config;
  /** Calls a procedure over HTTP exactly as the Mini App does; returns the HTTP status and tRPC body. */
  call(user: DevUser | null, path: string, input?: unknown, method?: 'GET' | 'POST'): Promise<{ status: number; body: any }>;
  /** Delivers a Telegram update to the webhook with the right (or a given) secret header. */
  update(update: Record<string, unknown>, secret?: string | null): Promise<number>;
  expectLedgerBalanced(): Promise<void>;
  /** Runs the outbox worker until nothing is due, as the worker role would (see drainOutbox). */
  drain(opts?: Parameters<typeof drainOutbox>[1]): Promise<DrainResult>;
}

export const WEBHOOK_SECRET = 'test-webhook-secret';

/** The whole server (Fastify, tRPC, bot by webhook) on a real database and a loopback Bot API. */
export function useServer(env: Record<string, string> = {}, opts: { ton?: () => TonGateway | null } = {}): ServerHarness {
  const h = {} as ServerHarness;
  let updateId = 1000;
  beforeAll(async () => {
    h.telegram = new FakeBotApi();
    const apiRoot = await h.telegram.start();
    h.config = testConfig({
      TELEGRAM_API_ROOT: apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_SECRET,
      PUBLIC_URL: 'https://loyalty.example',
      JOBS: 'off',
      ...env,
    });
    h.db = await openTestDatabase();
    h.clock = new TestClock();
    h.running = await startServer(h.config, { db: h.db, clock: h.clock, logger: false, listen: false, ton: opts.ton ? opts.ton() : null });
    await h.running.bot!.ready;
    h.call = async (user, path, input, method) => {
      const m = method ?? (/\.(list|me|balances|history|products|invoice|summary|leaderboard|myRank|mine|listings|drops|edition|invoices)$/.test(path) ? 'GET' : 'POST');
      const headers: Record<string, string> = {};
      if (user) headers.authorization = `tma ${signInitData(h.config.botToken, user, h.clock.now())}`;
      const url = m === 'GET' ? `/trpc/${path}${input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}` : `/trpc/${path}`;
      const res = await h.running.app.inject({
        method: m,
        url,
        headers: m === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
        payload: m === 'POST' ? JSON.stringify(input ?? {}) : undefined,
      });
      return { status: res.statusCode, body: res.json() };
    };
    h.update = async (update, secret = WEBHOOK_SECRET) => {
      const res = await h.running.app.inject({
        method: 'POST',
        url: '/telegram/webhook',
        headers: { 'content-type': 'application/json', ...(secret != null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        payload: JSON.stringify({ update_id: updateId++, ...update }),
      });
      return res.statusCode;
    };
    h.drain = (opts) => drainOutbox(h.running.deps, opts);
    // The same audit as the router harness's, with the negative-balance check.
    h.expectLedgerBalanced = () => expectLedgerSound(h.db.prisma);
  }, 120_000);
  beforeEach(async () => {
    await resetDatabase(h.db);
    h.clock.set('2026-11-24T12:00:00Z');
    h.telegram.calls.length = 0;
  });
  // A wrong Bot API call, or a failed assertion in a scripted answer, fails the test that made it.
  afterEach(() => h.telegram.verify());
  afterAll(async () => {
    await h.running?.close();
    await h.db?.drop();
    await h.telegram?.stop();
  });
  return h;
}
