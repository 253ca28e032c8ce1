import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beginCell, storeStateInit } from '@ton/core';
import { keyPairFromSeed, sign } from '@ton/crypto';
import { WalletContractV4 } from '@ton/ton';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db/client.ts';
import { repoRoot as root } from './lib/paths.ts';
import { signInitData, type DevUser } from './modules/auth/init-data.ts';
import { expectLedgerSound } from './test/ledger-audit.ts';
import { proofMessage } from './modules/wallet/ton-proof.ts';
import { FakeBotApi } from './test/fake-bot-api.ts';
import { TEST_BOT_TOKEN } from './test/harness.ts';

const BASE = process.env.DATABASE_URL;
if (!BASE) console.warn('DATABASE_URL is not set: the scale-out test needs PostgreSQL (three processes share one database; PGlite is one process) and is skipped.');

const SECRET = 'scale-out-webhook-secret';
const DOMAIN = 'loyalty.example';
const TON = 1_000_000_000n;
const owners = [{ telegramId: 6_000_001, firstName: 'Olga' }, { telegramId: 6_000_002, firstName: 'Oleg' }];
const people: DevUser[] = Array.from({ length: 60 }, (_, i) => ({ telegramId: 6_100_001 + i, firstName: `P${i + 1}`, language: i % 3 === 0 ? 'ru' : 'en' }));
const starsBuyers = people.slice(0, 16);
const pointsBuyers = people.slice(16, 36);
const withdrawers = people.slice(36, 44);
const MAILINGS = [
  { category: 'NEWS', text: { en: 'Season two starts today!', ru: 'Второй сезон начинается сегодня!' } },
  { category: 'EVENTS', text: { en: 'Meet-up on Friday', ru: 'Встреча в пятницу' } },
];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function until<T>(f: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Proc {
  name: string;
  child: ChildProcess;
  out: string[];
  port: number;
  exited: Promise<number | null>;
}

/** Many calls at a time, at most `n` in flight. */
async function pool<T>(items: T[], n: number, f: (item: T, i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i], i);
    }
  }));
}

describe.skipIf(!BASE)('two API processes and a worker on PostgreSQL, the worker killed mid-job', () => {
  const telegram = new FakeBotApi();
  const name = `scaleout_${randomBytes(4).toString('hex')}`;
  const url = BASE ? Object.assign(new URL(BASE), { pathname: `/${name}` }).toString() : '';
  const procs: Proc[] = [];
  let db: Database;

  function start(procName: string, role: 'api' | 'worker', port: number): Proc {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'src', 'main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        ROLE: role,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url,
        BOT_TOKEN: TEST_BOT_TOKEN,
        BOT_USERNAME: 'loyalty_test_bot',
        TELEGRAM_API_ROOT: telegram.url,
        BOT_MODE: 'webhook',
        WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: `https://${DOMAIN}`,
        ADMIN_TELEGRAM_IDS: owners.map((o) => o.telegramId).join(','),
        DEMO_DATA: 'off',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000',
        TASK_CACHE_MS: '0',
        WITHDRAW_MIN_NANO: String(TON / 10n),
        WITHDRAW_FEE_NANO: String(TON / 100n),
        // Short enough that the story fits in a minute; a dead worker's events are due again after the lease.
        OUTBOX_POLL_MS: '100',
        OUTBOX_LEASE_MS: '12000',
        OUTBOX_RETRY_BASE_MS: '200',
        OUTBOX_RETRY_MAX_MS: '1000',
        // A dead worker's named jobs (mailings) pass to the new one this soon after its last renewal.
        JOB_LEASE_MS: '3000',
        SHUTDOWN_TIMEOUT_MS: '5000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: string[] = [];
    child.stdout!.on('data', (d) => out.push(String(d)));
    child.stderr!.on('data', (d) => out.push(String(d)));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const p = { name: procName, child, out, port, exited };
    procs.push(p);
    return p;
  }

  const ready = (p: Proc) =>
    until(async () => (p.child.exitCode === null ? (await fetch(`http://127.0.0.1:${p.port}/readyz`).then((r) => r.status === 200, () => false)) : Promise.reject(new Error(`${p.name} exited: ${p.out.join('')}`))), `${p.name} is ready`, 150_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${p.out.join('')}`);
    });

  beforeAll(async () => {
    await telegram.start();
    telegram.on('createInvoiceLink', () => 'https://t.me/$invoice');
    const admin = new pg.Client({ connectionString: BASE });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  }, 60_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await db?.close();
    telegram.verify();
    await telegram.stop();
    if (!BASE) return;
    const admin = new pg.Client({ connectionString: BASE });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('loses nothing and does nothing twice, and the API answers throughout', async () => {
    // What the community offers: a daily check-in, a purchase task and a wallet task, an item for points or Stars.
    const checkin = await db.prisma.task.create({ data: { slug: 'checkin', type: 'DAILY_CHECKIN', period: 'DAILY', title: { en: 'Check in', ru: 'Отметьтесь' }, description: { en: '', ru: '' }, reward: 100n } });
    await db.prisma.task.create({ data: { slug: 'first-purchase', type: 'PURCHASE', title: { en: 'Buy', ru: 'Купите' }, description: { en: '', ru: '' }, reward: 75n } });
    await db.prisma.task.create({ data: { slug: 'wallet', type: 'CONNECT_WALLET', title: { en: 'Wallet', ru: 'Кошелёк' }, description: { en: '', ru: '' }, reward: 50n } });
    const badge = await db.prisma.product.create({
      data: { slug: 'badge', kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'POINTS', amount: 60n }, { currency: 'STARS', amount: 25n }] } },
    });

    const [apiA, apiB, worker] = [start('api-a', 'api', await freePort()), start('api-b', 'api', await freePort()), start('worker', 'worker', await freePort())];
    await Promise.all([ready(apiA), ready(apiB), ready(worker)]);
    const apis = [apiA, apiB];

    const statuses: { status: number; path: string; api: string }[] = [];
    let calls = 0;
    /** A tRPC call over HTTP, as the Mini App makes it, to each API process in turn. */
    async function call(user: DevUser, path: string, input?: unknown, query = false) {
      const api = apis[calls++ % 2];
      const auth = `tma ${signInitData(TEST_BOT_TOKEN, user)}`;
      const res = query
        ? await fetch(`http://127.0.0.1:${api.port}/trpc/${path}${input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`, { headers: { authorization: auth } })
        : await fetch(`http://127.0.0.1:${api.port}/trpc/${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
      statuses.push({ status: res.status, path, api: api.name });
      const body = (await res.json()) as { result?: { data: any }; error?: { data?: { appCode?: string } } };
      // A refusal's cause is in the process's log, which arrives a moment later.
      if (res.status !== 200) await new Promise((r) => setTimeout(r, 1000));
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}\n${api.out.join('').slice(-3000)}`);
      return body.result!.data;
    }
    let updateId = 1;
    async function update(u: Record<string, unknown>) {
      const api = apis[calls++ % 2];
      const res = await fetch(`http://127.0.0.1:${api.port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify({ update_id: updateId++, ...u }),
      });
      statuses.push({ status: res.status, path: 'webhook', api: api.name });
      return res.status;
    }

    // Everyone signs in; the owners become admins by their Telegram ids.
    await pool([...owners, ...people], 8, (u) => call(u, 'profile.me', undefined, true));

    // Two mailings to everyone, and the mixed load beside them: check-ins, points purchases, Stars paid
    // through the webhook, wallets linked with ton_proof and withdrawals requested (each announced to both owners).
    for (const m of MAILINGS) {
      const { id } = await call(owners[0], 'admin.mailings.create', { title: m.category, category: m.category, variants: [{ text: m.text }] });
      await call(owners[0], 'admin.mailings.start', { id });
    }
    const withdrawals: number[] = [];
    const work: (() => Promise<unknown>)[] = [
      ...people.filter((u) => !pointsBuyers.includes(u)).map((u) => () => call(u, 'tasks.complete', { taskId: checkin.id })),
      ...pointsBuyers.map((u) => async () => {
        await call(u, 'tasks.complete', { taskId: checkin.id });
        await call(u, 'shop.buy', { productId: badge.id, currency: 'POINTS', idempotencyKey: `badge-${u.telegramId}` });
      }),
      ...starsBuyers.map((u) => async () => {
        const inv = await call(u, 'shop.buy', { productId: badge.id, currency: 'STARS', idempotencyKey: `stars-${u.telegramId}` });
        const chat = { id: u.telegramId, type: 'private', first_name: u.firstName };
        const paid = {
          message: {
            message_id: 1, date: Math.floor(Date.now() / 1000), chat, from: { id: u.telegramId, is_bot: false, first_name: u.firstName },
            successful_payment: { currency: 'XTR', total_amount: 25, invoice_payload: String(inv.id), telegram_payment_charge_id: `charge-${u.telegramId}`, provider_payment_charge_id: '' },
          },
        };
        expect(await update(paid)).toBe(200);
      }),
      ...withdrawers.map((u) => async () => {
        const keys = keyPairFromSeed(randomBytes(32));
        const w = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
        const { payload } = await call(u, 'wallet.proofPayload');
        const timestamp = Math.floor(Date.now() / 1000);
        await call(u, 'wallet.link', {
          account: { address: w.address.toRawString(), chain: '-3', publicKey: keys.publicKey.toString('hex'), walletStateInit: beginCell().store(storeStateInit(w.init)).endCell().toBoc().toString('base64') },
          proof: { timestamp, domain: { lengthBytes: DOMAIN.length, value: DOMAIN }, payload, signature: sign(proofMessage(w.address, DOMAIN, timestamp, payload), keys.secretKey).toString('base64') },
        });
        await call(owners[0], 'admin.ledger.award', { telegramId: u.telegramId, currency: 'TON', amount: String(2n * TON), reason: 'season prize', idempotencyKey: `prize-${u.telegramId}` });
        const r = await call(u, 'withdrawals.request', { amount: String(TON / 2n), idempotencyKey: `wd-${u.telegramId}` });
        withdrawals.push(r.id);
      }),
    ];
    const load = pool(work.sort(() => Math.random() - 0.5), 6, (f) => f());

    const kindOf = (text: string) => {
      const mailing = MAILINGS.findIndex((m) => m.text.en === text || m.text.ru === text);
      if (mailing >= 0) return `mailing ${mailing + 1}`;
      const w = /Withdrawal #(\d+)/.exec(text);
      if (w) return `withdrawal #${w[1]}`;
      return /Badge|Значок/.test(text) ? 'receipt' : `other: ${text}`;
    };
    const delivered = () => {
      const seen = new Map<string, number>();
      for (const c of telegram.acceptedOf('sendMessage')) {
        const k = `${c.params.chat_id} ${kindOf(String(c.params.text))}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      return seen;
    };
    const mailingCopies = () => [...delivered().keys()].filter((k) => / mailing /.test(k)).length;
    const recipients = owners.length + people.length;

    // Mid-job: the worker has sent some copies of the mailings, not all, and the load is still arriving.
    // It is killed outright; the API processes keep serving.
    await until(() => mailingCopies() >= 20, 'the worker is sending', 60_000);
    let reading = true;
    const steady = (async () => {
      for (let i = 0; reading; i++) await call(people[i % people.length], 'tasks.list', undefined, true).catch((e) => (reading ? Promise.reject(e) : null));
    })();
    worker.child.kill('SIGKILL');
    await worker.exited;
    const killedAt = Date.now();
    const atKill = { messages: telegram.acceptedOf('sendMessage').length, mailingCopies: mailingCopies() };
    expect(atKill.mailingCopies).toBeLessThan(recipients * MAILINGS.length);
    // What the dead worker held: events leased to it and mailing copies in flight (marked just before
    // their calls left). Only these may have been sent without their outcome being recorded; the copies
    // it had taken ahead are not in doubt.
    const leased = await db.prisma.$queryRawUnsafe<{ type: string; payload: any; telegramId: bigint | null }[]>(
      `SELECT e.type, e.payload, p."telegramId" FROM "OutboxEvent" e LEFT JOIN "Participant" p ON p.id = (e.payload->>'participantId')::int
        WHERE e.status = 'PENDING' AND e."lockedUntil" > now()`,
    );
    const inDoubt = new Set(leased.map((e) => (e.type === 'withdrawal.announce' ? `${e.payload.chatId} withdrawal #${e.payload.withdrawalId}` : e.type === 'participant.notify' ? `${e.telegramId} receipt` : e.type)));
    const inFlight = await db.prisma.mailingDelivery.count({ where: { status: 'SENDING' } });
    const takenAhead = await db.prisma.mailingDelivery.count({ where: { status: 'PENDING', leaseUntil: { not: null } } });

    const replacement = start('worker-2', 'worker', await freePort());
    // Shown, not held: how soon the mailings carry on (the new worker's start and the job lease's lapse).
    const resumed = until(() => mailingCopies() > atKill.mailingCopies, 'the mailings carry on', 150_000).then(() => (Date.now() - killedAt) / 1000);
    resumed.catch(() => {});
    await load;
    await ready(replacement);

    // Every message the worker owes: a receipt per Stars payment, each withdrawal to each owner, both mailings to all.
    const expected = new Set<string>();
    for (const u of starsBuyers) expected.add(`${u.telegramId} receipt`);
    for (const id of withdrawals) for (const o of owners) expected.add(`${o.telegramId} withdrawal #${id}`);
    for (const u of [...owners, ...people]) MAILINGS.forEach((_, i) => expected.add(`${u.telegramId} mailing ${i + 1}`));

    const outbox = () => db.prisma.outboxEvent.groupBy({ by: ['status'], _count: true });
    await until(async () => {
      const open = await db.prisma.outboxEvent.count({ where: { status: { not: 'DONE' } } });
      const sending = await db.prisma.mailing.count({ where: { status: { not: 'DONE' } } });
      return open === 0 && sending === 0;
    }, 'the backlog drained', 90_000).catch(async (e) => {
      console.error(await outbox(), await db.prisma.mailing.findMany(), [...expected].filter((k) => !delivered().has(k)));
      throw e;
    });
    reading = false;
    await steady;

    // Each event handled once and done; each message arrived once, but for what was in flight at the kill:
    // an event's message Telegram took before the worker recorded it is sent again (at least once), a
    // mailing copy in flight is not (at most once, counted failed).
    expect(await db.prisma.outboxEvent.count({ where: { status: { not: 'DONE' } } })).toBe(0);
    const seen = delivered();
    const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
    const missing = [...expected].filter((k) => !seen.has(k));
    const unexpected = [...seen.keys()].filter((k) => !expected.has(k));
    const mailings = await db.prisma.mailing.findMany({ orderBy: { id: 'asc' } });
    const interrupted = mailings.reduce((n, m) => n + m.failed, 0);
    console.log(
      `scale-out: ${expected.size} messages owed, ${atKill.messages} out before the kill (${atKill.mailingCopies} mailing copies), mailings carried on ${(await resumed).toFixed(1)} s after it; ` +
        `in flight at the kill: ${leased.length} events, ${inFlight} mailing copies (${takenAhead} more taken ahead); sent twice: ${JSON.stringify(twice)}; ` +
        `mailing copies in doubt: ${interrupted}, of them missing: ${JSON.stringify(missing)}`,
    );
    expect(unexpected).toEqual([]);
    expect(twice.filter((k) => !inDoubt.has(k) || seen.get(k)! > 2)).toEqual([]);
    expect(missing.length).toBeLessThanOrEqual(interrupted);
    expect(missing.every((k) => / mailing /.test(k))).toBe(true);
    expect(interrupted).toBeLessThanOrEqual(inFlight);
    for (const m of mailings) {
      expect(m).toMatchObject({ status: 'DONE', total: recipients, blocked: 0 });
      expect(m.sent + m.failed).toBe(recipients);
    }
    const failures = await db.prisma.mailingDelivery.findMany({ where: { status: 'FAILED' }, select: { error: true } });
    expect(failures.every((f) => /interrupted/.test(f.error ?? ''))).toBe(true);

    // No API 5xx, before, during or after the kill.
    expect(statuses.filter((s) => s.status >= 500)).toEqual([]);

    // The ledger: every currency sums to zero, no negative balance, each claim and purchase paid once.
    await expectLedgerSound(db.prisma);
    const claims = await db.prisma.$queryRawUnsafe<{ slug: string; n: number; people: number }[]>(
      `SELECT t.slug, count(*)::int AS n, count(DISTINCT c."participantId")::int AS people FROM "TaskClaim" c JOIN "Task" t ON t.id = c."taskId" GROUP BY t.slug ORDER BY t.slug`,
    );
    expect(claims).toEqual([
      { slug: 'checkin', n: people.length, people: people.length },
      { slug: 'first-purchase', n: pointsBuyers.length + starsBuyers.length, people: pointsBuyers.length + starsBuyers.length },
      { slug: 'wallet', n: withdrawers.length, people: withdrawers.length },
    ]);
  }, 400_000);
});
