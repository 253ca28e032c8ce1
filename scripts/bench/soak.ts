// The soak and the mixed race, a phase of `pnpm bench` (alone: BENCH_ONLY=soak, or BENCH_ONLY=mixed for the
// race only). The real server as production runs it (two API processes and a worker, the bot by webhook at
// a loopback Bot API in this process); simulated participants walk the whole journey over HTTP for a while;
// then the ledger audit. Prints figures; fails only when something is wrong (a 5xx, the audit), never on speed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { signInitData, type DevUser } from '../../server/src/modules/auth/init-data.ts';
import { FakeBotApi } from '../../server/src/test/fake-bot-api.ts';
import { namedWallet } from '../../server/src/test/ton-wallets.ts';
import { checkRace, editionProblems, raceOperations, random, runRace, setUpRace, type Call, type Outcome } from '../../server/src/test/mixed-race.ts';
import { DEMO_ATTRIBUTES } from '../../server/src/seed/demo.ts';
import { procedurePaths } from '../../server/src/test/http.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = '1000000009:bench-token-BBBBBBBBBBBBBBBBBBBBBBBB';
const SECRET = 'bench-webhook-secret';
const OWNER: DevUser = { telegramId: 4_000_001, firstName: 'Owner' };
const FIRST_ID = 6_000_001;

const whole = (name: string, fallback: number, min: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number, at least ${min}.`);
  return v;
};

/** Every refusal a participant may meet by following the rules while others act too. */
const BUSINESS = new Set([
  'TASK_ALREADY_CLAIMED', 'TASK_COOLDOWN', 'INSUFFICIENT_FUNDS', 'SOLD_OUT', 'LISTING_NOT_AVAILABLE', 'OWN_LISTING',
  'EDITION_LOCKED', 'NOT_OWNER', 'WITHDRAWAL_DAILY_LIMIT', 'WITHDRAWAL_STATE', 'ALREADY_APPROVED', 'RATE_LIMITED',
]);

interface Stat {
  latencies: number[];
  ok: number;
  refused: Record<string, number>;
  errors: Record<string, number>;
}

export async function runSoak(base: string, what: 'soak' | 'mixed' | 'both'): Promise<boolean> {
  const participants = whole('BENCH_SOAK_PARTICIPANTS', 1000, 2);
  const seconds = whole('BENCH_SOAK_SECONDS', 180, 1);
  // A person reads and taps for some seconds between steps: ten on average, so 1 000 people offer ~100 calls/s.
  const thinkMs = whole('BENCH_SOAK_THINK_MS', 5000, 0);
  const raceOps = whole('BENCH_RACE_OPERATIONS', 1000, 10);
  const port = 3990 + Math.floor(Math.random() * 9);
  const apiProcesses = whole('BENCH_WORKERS', 2, 1);
  const db = `bench_soak_${Date.now()}`;
  const urlFor = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const telegram = new FakeBotApi({ id: 1000000009, is_bot: true, first_name: 'Bench Bot', username: 'bench_bot' }, TOKEN);
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 2048 });
  const origin = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof spawn> | null = null;
  let app: pg.Client | null = null;
  let ok = true;
  try {
    // --- the server, as production runs it ---------------------------------------------------
    const apiRoot = await telegram.start();
    server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: urlFor(db),
        NODE_ENV: 'production',
        PUBLIC_URL: origin,
        PORT: String(port),
        HOST: '127.0.0.1',
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        BOT_MODE: 'webhook',
        WEBHOOK_SECRET: SECRET,
        ADMIN_TELEGRAM_IDS: String(OWNER.telegramId),
        DEMO_DATA: 'off',
        JOBS: 'on',
        LOG_LEVEL: 'warn',
        // One owner awards every participant's start: the per-person limit would refuse the set-up itself.
        RATE_LIMIT_PER_MINUTE: '1000000',
        WEB_CONCURRENCY: String(apiProcesses),
      },
      stdio: ['ignore', process.env.BENCH_SERVER_STDOUT === 'inherit' ? 'inherit' : 'ignore', 'inherit'],
    });
    for (let i = 0; ; i++) {
      const up = await fetch(`${origin}/readyz`).then((r) => r.ok).catch(() => false);
      // The webhook answers once a process's bot is ready; both API processes registered theirs.
      if (up && telegram.callsOf('setWebhook').length >= apiProcesses) break;
      if (i > 240) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    app = new pg.Client({ connectionString: urlFor(db) });
    app.on('error', () => {});
    await app.connect();
    const query = async (sql: string, params: unknown[] = []) => (await app!.query(sql, params)).rows;

    // --- HTTP as the Mini App speaks it ---------------------------------------------------------
    const auths = new Map<number, string>();
    const authOf = (u: DevUser) => {
      let a = auths.get(u.telegramId);
      if (!a) auths.set(u.telegramId, (a = signInitData(TOKEN, u)));
      return a;
    };
    const stats = new Map<string, Stat>();
    const stat = (name: string) => {
      let s = stats.get(name);
      if (!s) stats.set(name, (s = { latencies: [], ok: 0, refused: {}, errors: {} }));
      return s;
    };
    const queries = new Set(procedurePaths().filter((p) => p.type === 'query').map((p) => p.path));
    const http: Call = async (user, path, input) => {
      const get = queries.has(path);
      const url = get ? `${origin}/trpc/${path}${input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}` : `${origin}/trpc/${path}`;
      const res = await request(url, {
        method: get ? 'GET' : 'POST',
        dispatcher: agent,
        headers: { authorization: `tma ${authOf(user)}`, 'content-type': 'application/json' },
        body: get ? undefined : JSON.stringify(input ?? {}),
        headersTimeout: 120_000,
        bodyTimeout: 120_000,
      });
      const text = await res.body.text();
      let body: any = null;
      try {
        body = JSON.parse(text);
      } catch {
        // A proxy's or a crash's page: counted by its status below.
      }
      if (res.statusCode === 200) return { ok: true, data: body?.result?.data };
      const e = body?.error?.data ?? {};
      return { ok: false, status: res.statusCode, code: e.code ?? String(res.statusCode), appCode: e.appCode ?? String(res.statusCode), message: body?.error?.message ?? text.slice(0, 200) };
    };
    /** A call measured under `name` (the procedure unless given). */
    const timed = async (user: DevUser, path: string, input?: unknown, name = path): Promise<Outcome> => {
      const s = stat(name);
      const t0 = performance.now();
      let r: Outcome;
      try {
        r = await http(user, path, input);
      } catch (e) {
        r = { ok: false, status: 0, code: 'NETWORK', appCode: 'NETWORK', message: String(e) };
      }
      s.latencies.push(performance.now() - t0);
      if (r.ok) s.ok++;
      else if (r.status >= 500 || r.status === 0 || !BUSINESS.has(r.appCode)) s.errors[`${r.status} ${r.appCode}`] = (s.errors[`${r.status} ${r.appCode}`] ?? 0) + 1;
      else s.refused[r.appCode] = (s.refused[r.appCode] ?? 0) + 1;
      return r;
    };
    const must = async (p: Promise<Outcome>, what: string) => {
      const r = await p;
      if (!r.ok) throw new Error(`${what}: ${r.status} ${r.appCode} ${r.message}`);
      return r.data;
    };
    /** Runs fn over items, `n` at a time. */
    const pool = async <T>(items: T[], n: number, fn: (x: T, i: number) => Promise<unknown>) => {
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
        while (next < items.length) {
          const i = next++;
          await fn(items[i], i);
        }
      }));
    };

    // --- Telegram's side of Stars: a pre-checkout answered ok is followed by the payment --------
    let updateId = 1;
    const webhook = async (update: Record<string, unknown>) => {
      const s = stat('telegram.webhook');
      const t0 = performance.now();
      let status = 0;
      try {
        const res = await request(`${origin}/telegram/webhook`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify({ update_id: updateId++, ...update }),
        });
        await res.body.text();
        status = res.statusCode;
      } catch {
        // status 0: counted as a network error
      }
      s.latencies.push(performance.now() - t0);
      if (status === 200) s.ok++;
      else s.errors[String(status)] = (s.errors[String(status)] ?? 0) + 1;
    };
    const checkouts = new Map<string, { user: DevUser; invoiceId: string; amount: number }>();
    let charges = 0;
    telegram.on('createInvoiceLink', (p) => `https://t.me/$bench-${p.payload}`);
    telegram.on('answerPreCheckoutQuery', (p) => {
      const c = checkouts.get(String(p.pre_checkout_query_id));
      checkouts.delete(String(p.pre_checkout_query_id));
      if (c && (p.ok === true || p.ok === 'true')) {
        const charge = `bench-charge-${++charges}`;
        setImmediate(() =>
          void webhook({
            message: {
              message_id: charges,
              date: Math.floor(Date.now() / 1000),
              chat: { id: c.user.telegramId, type: 'private', first_name: c.user.firstName },
              from: { id: c.user.telegramId, is_bot: false, first_name: c.user.firstName },
              successful_payment: { currency: 'XTR', total_amount: c.amount, invoice_payload: c.invoiceId, telegram_payment_charge_id: charge, provider_payment_charge_id: '' },
            },
          }),
        );
      }
      return true;
    });
    telegram.on('refundStarPayment', () => true);

    // --- the community: tasks, products, a drop ---------------------------------------------------
    await must(http(OWNER, 'profile.me'), 'owner');
    const task = (slug: string, type: string, reward: number, extra: Record<string, unknown> = {}) =>
      must(http(OWNER, 'admin.catalog.saveTask', { slug, type, title: { en: slug, ru: slug }, description: { en: slug, ru: slug }, reward: String(reward), ...extra }), slug);
    const checkin = await task('soak-checkin', 'DAILY_CHECKIN', 50, { period: 'DAILY' });
    const quiz = await task('soak-quiz', 'QUIZ', 100, { config: { question: { en: 'Which chain?', ru: 'Какая сеть?' }, answers: ['ton'] } });
    const tap = await task('soak-tap', 'QUIZ', 5, { period: 'UNLIMITED', cooldownSeconds: 20, config: { question: { en: 'Say tap', ru: 'Скажите tap' }, answers: ['tap'] } });
    const product = (slug: string, kind: string, prices: { currency: string; amount: string }[], extra: Record<string, unknown> = {}) =>
      must(http(OWNER, 'admin.catalog.saveProduct', { slug, kind, title: { en: slug, ru: slug }, description: { en: slug, ru: slug }, prices, ...extra }), slug);
    const sticker = await product('soak-sticker', 'ITEM', [{ currency: 'POINTS', amount: '60' }]);
    const pack = await product('soak-pack', 'POINTS_PACK', [{ currency: 'STARS', amount: '25' }], { pointsAmount: '300' });
    const collection = await must(
      http(OWNER, 'admin.collectibles.createCollection', { slug: 'soak', title: { en: 'Soak', ru: 'Соак' }, description: { en: 'Soak', ru: 'Соак' }, supplyCap: 1_000_000, attributes: DEMO_ATTRIBUTES }),
      'collection',
    );
    const drop = await must(
      http(OWNER, 'admin.collectibles.createDrop', { collectionId: collection.id, title: { en: 'Soak drop', ru: 'Дроп' }, supply: 1_000_000, startsAt: new Date(Date.now() - 60_000).toISOString(), pricePoints: '80', priceStars: '20' }),
      'drop',
    );

    let soakOk = true;
    if (what !== 'mixed') {
      // --- participants, each with a start: a welcome award of points and TON --------------------
      const people: DevUser[] = Array.from({ length: participants }, (_, i) => ({ telegramId: FIRST_ID + i, firstName: `S${i + 1}`, language: i % 3 ? 'en' : 'ru' }));
      const t0 = Date.now();
      await pool(people, 32, async (u) => {
        await must(http(u, 'profile.me'), 'sign-in');
        await must(http(OWNER, 'admin.ledger.award', { telegramId: String(u.telegramId), currency: 'POINTS', amount: '300', reason: 'welcome' }), 'award');
        await must(http(OWNER, 'admin.ledger.award', { telegramId: String(u.telegramId), currency: 'TON', amount: '1500000000', reason: 'welcome' }), 'award');
      });
      console.log(`  soak: ${participants} participants signed in and awarded in ${((Date.now() - t0) / 1000).toFixed(0)} s; walking for ${seconds} s`);

      // --- the journey ------------------------------------------------------------------------------
      const r = random(20261124);
      const think = () => new Promise((res) => setTimeout(res, thinkMs * 2 * r.next()));
      const started = Date.now();
      const until = started + seconds * 1000;
      const going = () => Date.now() < until;
      const stars = { invoices: 0, paid: 0, unpaid: 0 };
      const linked = new Set<number>();
      let pcq = 0;

      /** Buys with Stars as Telegram does it: the invoice, pre-checkout over the webhook, then the payment. */
      const payWithStars = async (u: DevUser, invoice: { id: string; amount: string }) => {
        stars.invoices++;
        const id = `bench-pcq-${++pcq}`;
        checkouts.set(id, { user: u, invoiceId: invoice.id, amount: Number(invoice.amount) });
        await webhook({ pre_checkout_query: { id, from: { id: u.telegramId, is_bot: false, first_name: u.firstName }, currency: 'XTR', total_amount: Number(invoice.amount), invoice_payload: invoice.id } });
        for (let i = 0; i < 20; i++) {
          await new Promise((res) => setTimeout(res, 250));
          const seen = await timed(u, 'payments.invoice', { id: invoice.id });
          if (seen.ok && seen.data.status === 'PAID') return void stars.paid++;
        }
        stars.unpaid++;
      };

      const walk = async (u: DevUser, i: number) => {
        let n = 0;
        const key = () => `soak-${u.telegramId}-${++n}`;
        let mine: { id: number }[] = [];
        let offers: { id: number }[] = [];
        const buyWith = async (viaStars: boolean) => {
          const b = await timed(u, 'collectibles.buy', { dropId: drop.id, currency: viaStars ? 'STARS' : 'POINTS', idempotencyKey: key() }, `collectibles.buy (${viaStars ? 'Stars' : 'points'})`);
          if (b.ok && viaStars) await payWithStars(u, b.data.invoice);
        };
        // One round of the journey; each participant starts it at a step of their own, so every step is
        // walked from the first minute even when a round takes longer than the run.
        const steps: (() => Promise<unknown>)[] = [
          // Open the app: the home screen's reads side by side.
          () => Promise.all([timed(u, 'profile.me'), timed(u, 'ledger.balances'), timed(u, 'tasks.list')]),
          () => timed(u, 'tasks.complete', { taskId: checkin.id }),
          () => timed(u, 'tasks.complete', { taskId: quiz.id, answer: 'ton' }),
          () => timed(u, 'tasks.complete', { taskId: tap.id, answer: 'tap' }),
          () => timed(u, 'shop.products'),
          () => timed(u, 'shop.buy', { productId: sticker.id, currency: 'POINTS', idempotencyKey: key() }, 'shop.buy (points)'),
          // Every other round, a points pack for Stars.
          async () => {
            if (r.next() < 0.5) return;
            const inv = await timed(u, 'shop.buy', { productId: pack.id, currency: 'STARS', idempotencyKey: key() }, 'shop.buy (Stars)');
            if (inv.ok) await payWithStars(u, inv.data);
          },
          () => timed(u, 'collectibles.drops'),
          () => buyWith(r.next() < 0.2),
          // The market: put one of mine up, buy someone else's.
          async () => {
            const m = await timed(u, 'collectibles.mine');
            mine = m.ok ? m.data : [];
          },
          async () => {
            if (mine.length) await timed(u, 'market.list', { editionId: mine[r.int(mine.length)].id, currency: 'POINTS', price: String(40 + 10 * r.int(20)), idempotencyKey: key() });
          },
          async () => {
            const l = await timed(u, 'market.listings');
            offers = l.ok ? l.data.listings.filter((x: { mine: boolean }) => !x.mine) : [];
          },
          async () => {
            if (offers.length) await timed(u, 'market.buy', { listingId: offers[r.int(offers.length)].id, idempotencyKey: key() });
          },
          // A present for someone.
          async () => {
            if (!mine.length) return;
            const to = people[(i + 1 + r.int(people.length - 1)) % people.length];
            await timed(u, 'collectibles.gift', { editionId: mine[r.int(mine.length)].id, toTelegramId: String(to.telegramId), message: 'for you', idempotencyKey: key() });
          },
          // Cash out some TON: link a wallet the first time (ton_proof), then ask.
          async () => {
            if (linked.has(u.telegramId)) return;
            const p = await timed(u, 'wallet.proofPayload');
            if (!p.ok) return;
            const w = namedWallet(`soak-${u.telegramId}`);
            const l = await timed(u, 'wallet.link', w.proof(p.data.payload, new URL(origin).host, Math.floor(Date.now() / 1000)));
            if (l.ok) linked.add(u.telegramId);
          },
          async () => {
            if (linked.has(u.telegramId)) await timed(u, 'withdrawals.request', { amount: String(100_000_000 * (1 + r.int(3))), idempotencyKey: key() });
          },
        ];
        // Arrivals spread over the first think time, not all at the same instant.
        await new Promise((res) => setTimeout(res, thinkMs * r.next()));
        // Those who start past the shop have a collectible to trade from the start.
        const first = i % steps.length;
        if (first > 8 && going()) await buyWith(false);
        for (let k = first; going(); k = (k + 1) % steps.length) {
          await steps[k]();
          await think();
        }
      };

      // An admin works the withdrawal queue meanwhile: approves half, rejects a quarter, leaves the rest.
      const decided = { approved: 0, rejected: 0 };
      const desk = async () => {
        while (going()) {
          const q = await timed(OWNER, 'admin.withdrawals.list', { status: 'REQUESTED', limit: 50 });
          for (const w of q.ok ? (q.data as { items: { id: number }[] }).items : []) {
            const x = r.next();
            if (x < 0.5) {
              if ((await timed(OWNER, 'admin.withdrawals.approve', { id: w.id })).ok) decided.approved++;
            } else if (x < 0.75) {
              if ((await timed(OWNER, 'admin.withdrawals.reject', { id: w.id, reason: 'Soak: not this time' })).ok) decided.rejected++;
            }
          }
          await new Promise((res) => setTimeout(res, 2000));
        }
      };
      await Promise.all([...people.map((u, i) => walk(u, i)), desk()]);
      const elapsed = (Date.now() - started) / 1000;

      // --- figures ------------------------------------------------------------------------------------
      const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN);
      const all: number[] = [];
      let total = 0;
      const refusals: Record<string, number> = {};
      const errors: Record<string, number> = {};
      console.log(`\nSoak (PostgreSQL, ${participants} participants, ${seconds} s, think time 0-${2 * thinkMs} ms, ${apiProcesses} API processes and a worker, Stars over the webhook)\n`);
      console.log(`  ${'operation'.padEnd(30)} ${'calls'.padStart(7)} ${'ok'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  refusals`);
      for (const [name, s] of [...stats.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        s.latencies.sort((a, b) => a - b);
        all.push(...s.latencies);
        total += s.latencies.length;
        for (const [k, v] of Object.entries(s.refused)) refusals[k] = (refusals[k] ?? 0) + v;
        for (const [k, v] of Object.entries(s.errors)) errors[`${name} ${k}`] = v;
        const ref = Object.entries(s.refused).map(([k, v]) => `${k} ${v}`).join(', ');
        console.log(`  ${name.padEnd(30)} ${String(s.latencies.length).padStart(7)} ${String(s.ok).padStart(7)} ${pct(s.latencies, 50).toFixed(1).padStart(8)} ${pct(s.latencies, 99).toFixed(1).padStart(8)}  ${ref}`);
      }
      all.sort((a, b) => a - b);
      const fivexx = Object.entries(errors).filter(([k]) => / (5\d\d|0) /.test(k)).reduce((s, [, v]) => s + v, 0);
      console.log(`\n  all calls                      ${total} in ${elapsed.toFixed(0)} s: ${(total / elapsed).toFixed(0)} /s   p50 ${pct(all, 50).toFixed(1)} ms   p99 ${pct(all, 99).toFixed(1)} ms`);
      console.log(`  business refusals (4xx)        ${JSON.stringify(refusals)}`);
      const busy = Object.entries(errors).filter(([k]) => k.endsWith(' 503 DATABASE_UNAVAILABLE')).reduce((s, [, v]) => s + v, 0);
      console.log(`  errors                         5xx or no answer: ${fivexx} (of them 503 after waiting 30 s for a busy pool, i.e. more offered than served: ${busy}); ${JSON.stringify(errors)}`);
      console.log(`  Stars                          ${stars.invoices} invoices, ${stars.paid} paid, ${stars.unpaid} not seen paid in 5 s; charges sent ${charges}`);
      console.log(`  withdrawals                    ${decided.approved} approved, ${decided.rejected} rejected by the admin`);
      // Let the worker finish what the last calls queued, then say what is left.
      for (let i = 0; i < 30; i++) {
        const [{ n }] = await query(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE status = 'PENDING'`);
        if (n === 0) break;
        await new Promise((res) => setTimeout(res, 1000));
      }
      const outbox = await query(`SELECT status::text, count(*)::int AS n FROM "OutboxEvent" GROUP BY 1 ORDER BY 1`);
      console.log(`  outbox                         ${outbox.map((o) => `${o.status} ${o.n}`).join(', ')}; Bot API calls accepted ${telegram.accepted.length}`);
      soakOk = fivexx === 0;
    }

    // --- the race: 1,000 mixed operations at once on the same few participants --------------------
    let raceOk = true;
    if (what !== 'soak') {
      const setup = await setUpRace(http, { owner: OWNER, telegramIdBase: 7_000_001, participants: 8, editionsEach: 3, domain: new URL(origin).host, nowSeconds: () => Math.floor(Date.now() / 1000), tag: 'bench' });
      const ops = raceOperations(setup, raceOps, 20261124, 'bench');
      const t0 = performance.now();
      const results = await runRace(http, ops);
      const ms = performance.now() - t0;
      const report = await checkRace(http, query, setup, ops, results, OWNER);
      console.log(`\nMixed race (${raceOps} operations at once over HTTP on 8 participants and 24 editions): ${(ms / 1000).toFixed(1)} s, 5xx ${report.serverErrors}`);
      for (const [kind, o] of Object.entries(report.outcomes)) console.log(`  ${kind.padEnd(10)} ok ${String(o.ok).padStart(4)}   refused ${JSON.stringify(o.refused)}`);
      for (const p of report.problems) console.log(`  PROBLEM: ${p}`);
      raceOk = report.problems.length === 0 && report.serverErrors === 0;
    }

    // --- the audit --------------------------------------------------------------------------------------
    const audit = await must(http(OWNER, 'admin.ledger.audit'), 'audit');
    const editions = await editionProblems(query);
    const [{ n: editionCount }] = await query(`SELECT count(*)::int AS n FROM "Edition"`);
    const balanced = Object.values(audit.sums).every((v) => v === '0') && audit.negative === 0 && audit.drifted.length === 0;
    console.log(`\n  audit: sums ${JSON.stringify(audit.sums)}; balances below zero ${audit.negative}; balances apart from their transfers ${audit.drifted.length}; ${editionCount} editions, ${editions.length ? editions.join('; ') : 'each owned once, as its transfers say'}`);
    ok = soakOk && raceOk && balanced && editions.length === 0;
    if (!ok) console.error('SOAK CHECK FAILED');
    return ok;
  } finally {
    server?.kill('SIGTERM');
    await app?.end().catch(() => {});
    await new Promise((r) => setTimeout(r, 1500));
    await agent.close().catch(() => {});
    await telegram.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}
