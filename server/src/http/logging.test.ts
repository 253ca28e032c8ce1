import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInitData } from '../modules/auth/init-data.ts';
import { startServer, type Running } from '../server.ts';
import { TestClock } from '../test/clock.ts';
import { openTestDatabase } from '../test/db.ts';
import { FakeBotApi } from '../test/fake-bot-api.ts';
import { testConfig } from '../test/harness.ts';
import type { Database } from '../db/client.ts';

// Secrets this process knows; none may reach a log line, however a request or a job fails.
const BOT_TOKEN = '7000000042:AAH-log-test-bot-token_abcdefghijklmnop';
const WEBHOOK_SECRET = 'log-test-webhook-secret-42';
const PAYOUT_WALLET_SEED = 'c0ffee'.repeat(10) + 'beef';
const TONCENTER_API_KEY = 'toncenter-key-for-the-log-test-0123';
const METRICS_TOKEN = 'metrics-token-for-the-log-test-0123';
const TREASURY = 'EQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAM9c';

/** A loopback port nothing listens on: an outage of whatever is pointed at it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('logs never carry secrets', () => {
  const lines: string[] = [];
  const clock = new TestClock();
  let telegram: FakeBotApi;
  let db: Database & { drop(): Promise<void> };
  let running: Running;

  beforeAll(async () => {
    clock.set('2026-11-24T12:00:00Z');
    telegram = new FakeBotApi({ id: 7000000042, is_bot: true, first_name: 'Log Bot', username: 'log_test_bot' }, BOT_TOKEN);
    const apiRoot = await telegram.start();
    const config = testConfig({
      BOT_TOKEN,
      BOT_MODE: 'webhook',
      WEBHOOK_SECRET,
      PUBLIC_URL: 'https://loyalty.example',
      TELEGRAM_API_ROOT: apiRoot,
      LOG_LEVEL: 'debug',
      JOBS: 'on',
      TON_TREASURY_ADDRESS: TREASURY,
      TONCENTER_ENDPOINT: `http://127.0.0.1:${await closedPort()}/api/v2/jsonRPC`,
      TONCENTER_API_KEY,
      TON_WATCH_INTERVAL_SECONDS: '1',
      PAYOUT_WALLET_SEED,
      METRICS_TOKEN,
    });
    db = await openTestDatabase();
    running = await startServer(config, { db, clock, listen: false, logStream: { write: (l: string) => lines.push(l) } });
    await running.bot!.ready;
  }, 120_000);
  afterAll(async () => {
    await running?.close();
    await db?.drop();
    await telegram?.stop();
  });

  it('while initData is forged, the webhook secret is wrong, the Bot API is down and a payout fails', async () => {
    const app = running.app;
    // Forged initData: signed with another token, so its hash and signature are wrong here.
    const forged = signInitData('7000000043:AAH-some-other-token_abcdefghijklmnop', { telegramId: 9201, firstName: 'Eve' }, clock.now());
    const bad = await app.inject({ method: 'GET', url: '/trpc/profile.me', headers: { authorization: `tma ${forged}` } });
    expect(bad.json().error.data.appCode).toBe('UNAUTHORIZED');
    // A proof that does not verify, with the same initData in the body.
    const proof = { timestamp: 1, domain: { lengthBytes: 3, value: 'x.y' }, payload: 'p', signature: 'c2lnbmF0dXJlLW9mLXRoZS1sb2ctdGVzdA==', stateInit: 'te6cc' };
    await app.inject({ method: 'POST', url: '/trpc/wallet.connect', headers: { authorization: `tma ${forged}`, 'content-type': 'application/json' }, payload: JSON.stringify({ proof, initData: forged }) });
    const wrongSecret = await app.inject({ method: 'POST', url: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': 'nope' }, payload: {} });
    expect(wrongSecret.statusCode).toBe(401);

    // The Bot API goes away: a request that sends through it is refused, and grammY's network error,
    // whose cause quotes the URL with the token, is logged as any caller would log it.
    await telegram.stop();
    const ann = { telegramId: 9202, firstName: 'Ann' };
    const auth = `tma ${signInitData(BOT_TOKEN, ann, clock.now())}`;
    const exp = await app.inject({ method: 'POST', url: '/trpc/profile.sendExport', headers: { authorization: auth, 'content-type': 'application/json' }, payload: '{}' });
    expect(exp.json().error.data.appCode).toBe('MESSAGE_NOT_SENT');
    const netErr = await running.deps.telegram.getMe().then(() => null, (e: unknown) => e);
    expect(String((netErr as { error?: unknown }).error)).toContain(BOT_TOKEN);
    app.log.error({ err: netErr }, 'Bot API call failed');

    // An approved withdrawal the payout job cannot send: the chain's API is away too.
    const p = await db.prisma.participant.create({ data: { telegramId: 9203n, firstName: 'Bob', referralCode: 'logtest9203' } });
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Withdrawal" ("participantId", amount, fee, address, status, "holdTransferId", "queryId") VALUES ($1, 1000000000, 0, $2, 'APPROVED', 0, 77)`,
      p.id,
      TREASURY,
    );
    await waitFor(() => lines.some((l) => l.includes('"job":"payouts"')));
    await waitFor(() => lines.some((l) => l.includes('"job":"ton-watcher"')));

    const log = lines.join('');
    if (process.env.SHOW_LOG) console.log(log);
    // The failures were logged, with their causes…
    expect(log).toContain('job failed');
    expect(log).toContain('Bot API call failed');
    expect(log).toContain('ECONNREFUSED');
    // …and no secret, nor initData's signatures, with them.
    const hash = new URLSearchParams(forged).get('hash')!;
    const signature = new URLSearchParams(forged).get('signature')!;
    for (const secret of [BOT_TOKEN, BOT_TOKEN.split(':')[1], WEBHOOK_SECRET, PAYOUT_WALLET_SEED, TONCENTER_API_KEY, METRICS_TOKEN, hash, signature, proof.signature]) {
      expect(log.includes(secret), `the log contains ${secret}`).toBe(false);
    }
    // Every line is one JSON object.
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  }, 60_000);
});

async function waitFor(cond: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(cond()).toBe(true);
}
