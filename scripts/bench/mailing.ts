// The mailing phase of `pnpm bench` (alone: `BENCH_ONLY=mailing`): a mailing to BENCH_MAILING_RECIPIENTS
// participants sent by the real worker to a loopback Bot API that enforces Telegram's limit, with a
// SIGKILL of the worker mid-way. Prints the rate it kept; fails on a duplicate or a lost copy, never on speed.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { BotApiError, FakeBotApi } from '../../server/src/test/fake-bot-api.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = '1000000009:bench-token-BBBBBBBBBBBBBBBBBBBBBBBB';
const ADMIN = 900_000_001;
const FIRST_ID = 6_000_000;

function knob(name: string, fallback: number, ok: (n: number) => boolean, rule: string) {
  const n = Number(process.env[name] ?? fallback);
  if (!ok(n)) {
    console.error(`${name} must be ${rule}.`);
    process.exit(1);
  }
  return n;
}

export async function mailingBench(base: string) {
  const RECIPIENTS = knob('BENCH_MAILING_RECIPIENTS', 100_000, (n) => Number.isInteger(n) && n >= 100 && n <= 5_000_000, 'a whole number from 100 to 5 000 000');
  const RATE = knob('BENCH_MAILING_RATE', 30, (n) => Number.isInteger(n) && n >= 1 && n <= 1000, 'a whole number of messages a second from 1 to 1000');
  const RANDOM_429 = knob('BENCH_MAILING_RANDOM_429', 0.002, (n) => n >= 0 && n < 0.5, 'a share from 0 to 0.5');
  const KILL_AT = knob('BENCH_MAILING_KILL_AT', 0.5, (n) => n > 0 && n < 1, 'a share between 0 and 1');
  // Every 20th says no to news, every 50th has blocked the bot (Telegram answers 403).
  const refuses = (g: number) => g % 20 === 3;
  const blocked = (g: number) => g % 50 === 7;

  const stamp = Date.now();
  const dbName = `benchmail_${stamp}`;
  const url = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);

  // Telegram: the limit over a sliding second, a few 429s at random, 403 from who blocked the bot.
  const telegram = new FakeBotApi(undefined, TOKEN);
  telegram.keepCalls = false;
  telegram.sendLimit = RATE;
  telegram.random429 = RANDOM_429;
  const delivered = new Map<number, number>();
  const refusedBy = new Map<number, number>();
  const admitted: number[] = [];
  telegram.on('sendMessage', (p) => {
    const chat = Number(p.chat_id);
    admitted.push(performance.now());
    const g = chat - FIRST_ID;
    if (g > 0 && blocked(g)) {
      refusedBy.set(chat, (refusedBy.get(chat) ?? 0) + 1);
      throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
    }
    delivered.set(chat, (delivered.get(chat) ?? 0) + 1);
    return telegram.message(p);
  });
  const apiRoot = await telegram.start();

  const procs: ChildProcess[] = [];
  const port = 4000 + Math.floor(Math.random() * 900);
  const start = (role: 'api' | 'worker', p: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        NODE_ENV: 'production',
        ROLE: role,
        PORT: String(p),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        BOT_TOKEN: TOKEN,
        BOT_MODE: 'off',
        TELEGRAM_API_ROOT: apiRoot,
        TELEGRAM_SEND_RATE_PER_SECOND: String(RATE),
        ADMIN_TELEGRAM_IDS: String(ADMIN),
        DEMO_DATA: 'off',
        LOG_LEVEL: 'warn',
        WEB_CONCURRENCY: '1',
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', process.env.BENCH_SERVER_STDOUT === 'inherit' ? 'inherit' : 'ignore', 'inherit'],
    });
    procs.push(child);
    return child;
  };
  const healthy = async (p: number) => {
    for (let i = 0; ; i++) {
      if (await fetch(`http://127.0.0.1:${p}/healthz`).then((r) => r.ok, () => false)) return;
      if (i > 240) throw new Error('the server did not start');
      await sleep(500);
    }
  };
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => {});
  let connected = false;
  try {
    // The API (it migrates the database) takes the admin's calls; the worker sends.
    start('api', port);
    await healthy(port);
    await db.connect();
    connected = true;
    const t0 = performance.now();
    await db.query(
      `INSERT INTO "Participant" ("telegramId", "firstName", "referralCode", language)
       SELECT ${FIRST_ID} + g, 'M' || g, 'mail' || g, CASE WHEN g % 3 = 0 THEN 'ru' ELSE 'en' END FROM generate_series(1, $1) g`,
      [RECIPIENTS],
    );
    await db.query(
      `INSERT INTO "MailingConsent" ("participantId", category, granted, "updatedAt")
       SELECT id, 'NEWS', false, now() FROM "Participant" WHERE ("telegramId" - ${FIRST_ID}) % 20 = 3`,
    );
    await db.query('VACUUM ANALYZE');
    const seedSeconds = (performance.now() - t0) / 1000;

    const call = async (path: string, input: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `tma ${signInitData(TOKEN, { telegramId: ADMIN, firstName: 'Bench' })}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { result?: { data: any }; error?: unknown };
      if (!res.ok) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result!.data;
    };
    const workerPort = port + 1;
    let worker = start('worker', workerPort);
    await healthy(workerPort);
    const m = await call('admin.mailings.create', {
      title: 'Bench',
      category: 'NEWS',
      variants: [{ text: { en: 'Season two starts today!', ru: 'Второй сезон начинается сегодня!' } }, { text: { en: 'New season: come and see' } }],
      button: { label: { en: 'Open', ru: 'Открыть' } },
    });
    const started = await call('admin.mailings.start', { id: m.id });
    const audience: number = started.total;
    const tStart = performance.now();
    console.log(`\nMailing to ${audience} of ${RECIPIENTS + 1} participants at ${RATE}/s (about ${Math.round(audience / RATE / 60)} min); the worker is killed at ${Math.round(KILL_AT * 100)}%`);

    // Kill the worker mid-way, as a crash would; what it had in flight is in doubt, what it had taken ahead is not.
    const progress = () => delivered.size + refusedBy.size;
    let lastShown = 0;
    while (progress() < audience * KILL_AT) {
      await sleep(200);
      if (performance.now() - lastShown > 60_000) {
        lastShown = performance.now();
        console.log(`  … ${progress()} sent`);
      }
    }
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const tKill = performance.now();
    const admittedAtKill = admitted.length;
    const inDoubt = (
      await db.query<{ telegramId: string }>(
        `SELECT p."telegramId"::text FROM "MailingDelivery" d JOIN "Participant" p ON p.id = d."participantId" WHERE d."mailingId" = $1 AND d.status = 'SENDING'`,
        [m.id],
      )
    ).rows.map((r) => Number(r.telegramId));
    const [{ leased }] = (
      await db.query(`SELECT count(*)::int AS leased FROM "MailingDelivery" WHERE "mailingId" = $1 AND status = 'PENDING' AND "leaseUntil" > now() AT TIME ZONE 'UTC'`, [m.id])
    ).rows;
    worker = start('worker', workerPort + 1);

    // Until nothing is left to send; then until the copies in doubt are settled and the mailing is DONE.
    const deadline = performance.now() + (audience / RATE) * 3000 + 600_000;
    let status = 'SENDING';
    let settledAt = 0;
    for (;;) {
      await sleep(2000);
      const [r] = (
        await db.query(
          `SELECT m.status, count(*) FILTER (WHERE d.status = 'PENDING')::int AS pending, count(*) FILTER (WHERE d.status = 'SENDING')::int AS sending
             FROM "Mailing" m JOIN "MailingDelivery" d ON d."mailingId" = m.id WHERE m.id = $1 GROUP BY m.status`,
          [m.id],
        )
      ).rows;
      status = r.status;
      if (r.pending === 0 && !settledAt) settledAt = performance.now();
      if (status === 'DONE' || performance.now() > deadline) break;
      if (performance.now() - lastShown > 60_000) {
        lastShown = performance.now();
        console.log(`  … ${progress()} sent, ${r.pending} to go`);
      }
    }
    const tEnd = admitted[admitted.length - 1];

    // Checks: every consenting recipient Telegram did not refuse got one copy; nobody got two; nobody else got any.
    const rows = (
      await db.query<{ telegramId: string; status: string; error: string | null }>(
        `SELECT p."telegramId"::text, d.status::text, d.error FROM "Participant" p LEFT JOIN "MailingDelivery" d ON d."participantId" = p.id AND d."mailingId" = $1`,
        [m.id],
      )
    ).rows;
    const doubt = new Set(inDoubt);
    const problems = { duplicates: 0, lost: 0, unwanted: 0, blockedTwice: 0, notRecorded: 0, missingCopies: 0 };
    let lostInDoubt = 0;
    for (const row of rows) {
      const chat = Number(row.telegramId);
      const got = delivered.get(chat) ?? 0;
      const g = chat - FIRST_ID;
      const consents = chat === ADMIN || !refuses(g);
      if (got > 1) problems.duplicates++;
      if ((refusedBy.get(chat) ?? 0) > 1) problems.blockedTwice++;
      if (!consents) {
        if (got > 0 || row.status) problems.unwanted++;
        continue;
      }
      if (!row.status) problems.missingCopies++;
      if (chat !== ADMIN && blocked(g)) {
        if (got > 0) problems.unwanted++;
        continue;
      }
      if (got === 0) {
        if (doubt.has(chat)) lostInDoubt++;
        else problems.lost++;
      } else if (row.status !== 'SENT' && !doubt.has(chat)) problems.notRecorded++;
    }
    const arrivedInDoubt = inDoubt.filter((c) => (delivered.get(c) ?? 0) === 1).length;
    const failures = Object.values(problems).reduce((a, b) => a + b, 0);

    // The pace: each worker's stretch from its first message to its last.
    const before = admitted.slice(0, admittedAtKill);
    const after = admitted.slice(admittedAtKill);
    const stretch = (ts: number[]) => (ts.length > 1 ? { n: ts.length - 1, s: (ts[ts.length - 1] - ts[0]) / 1000 } : { n: 0, s: 0 });
    const a = stretch(before);
    const b = stretch(after);
    // Sending time: the gaps between messages, less the idle ones (over 2 s: the restart, while the killed
    // worker's job lease lapses). A 429's pause (1 s) still counts.
    const allGaps = admitted.slice(1).map((t, i) => t - admitted[i]);
    const idle = allGaps.filter((g) => g > 2000);
    const sending = allGaps.filter((g) => g <= 2000);
    const rate = sending.length / (sending.reduce((x, y) => x + y, 0) / 1000);
    const gaps = [...sending].sort((x, y) => x - y);
    const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] ?? NaN;
    // Whole seconds of sending (the first and last of each spell between idle ones left out): the slowest shows a stall.
    const perSecond: number[] = [];
    const spells: number[][] = [[]];
    admitted.forEach((t, i) => (i > 0 && t - admitted[i - 1] > 2000 ? spells.push([t]) : spells[spells.length - 1].push(t)));
    for (const ts of spells) {
      if (ts.length < 2) continue;
      const from = ts[0];
      const counts = new Array(Math.floor((ts[ts.length - 1] - from) / 1000)).fill(0);
      for (const t of ts) {
        const i = Math.floor((t - from) / 1000);
        if (i < counts.length) counts[i]++;
      }
      perSecond.push(...counts.slice(1, -1));
    }
    perSecond.sort((x, y) => x - y);
    const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

    console.log(`\nMailing bench (PostgreSQL; the real worker; loopback Bot API enforcing ${RATE} messages per sliding second)\n`);
    console.log(`  seeded                         ${RECIPIENTS} participants in ${f(seedSeconds)} s; audience ${audience} (every 20th refuses news)`);
    console.log(`  sustained                      ${f(rate, 2)} msg/s over ${f(sending.reduce((x, y) => x + y, 0) / 1000, 0)} s of sending   ratio to the limit ${f(rate / RATE, 3)} (target ≥ 0.97): ${rate / RATE >= 0.97 ? 'met' : 'not met'}`);
    console.log(`  idle                           ${idle.length} spells over 2 s, ${f(idle.reduce((x, y) => x + y, 0) / 1000)} s in all (left out of the sustained rate)`);
    console.log(`  before the kill                ${f(a.n / a.s, 2)} msg/s over ${f(a.s, 0)} s`);
    console.log(`  after the restart              ${f(b.n / b.s, 2)} msg/s over ${f(b.s, 0)} s`);
    console.log(`  whole seconds                  slowest ${perSecond[0] ?? 'n/a'}, p5 ${perSecond[Math.floor(perSecond.length * 0.05)] ?? 'n/a'}, p50 ${perSecond[Math.floor(perSecond.length / 2)] ?? 'n/a'}, most ${perSecond[perSecond.length - 1] ?? 'n/a'} messages`);
    console.log(`  gap between messages           p50 ${f(pct(0.5))} ms   p99 ${f(pct(0.99))} ms   (even spacing: ${f(1000 / RATE)} ms)`);
    console.log(`  restart                        ${f((after[0] - tKill) / 1000)} s from the kill to the next worker's first message (the job lease lapses)`);
    console.log(`  whole run                      ${f((tEnd - tStart) / 1000, 0)} s from start to the last message; nothing left to send ${f((settledAt - tStart) / 1000, 0)} s in; mailing ${status}`);
    console.log(`  Telegram refused               ${telegram.refused.limit} over the limit, ${telegram.refused.random} at random (429); ${refusedBy.size} blocked the bot (403)`);
    console.log(`  at the kill                    ${inDoubt.length} copies in flight (in doubt): ${arrivedInDoubt} had arrived, ${inDoubt.length - arrivedInDoubt} had not and are not sent again; ${leased} taken ahead, sent later by the next worker`);
    console.log(`  delivered                      ${delivered.size} recipients, ${[...delivered.values()].reduce((x, y) => x + y, 0)} messages`);
    console.log(
      `  check                          duplicates ${problems.duplicates}, lost ${problems.lost} (+${lostInDoubt} in doubt at the kill), to someone who refused or blocked ${problems.unwanted}, 403 twice ${problems.blockedTwice}, sent but not recorded ${problems.notRecorded}, audience rows missing ${problems.missingCopies}: ${failures === 0 ? 'met' : 'NOT MET'}`,
    );
    if (failures > 0 || status !== 'DONE') {
      console.error(status !== 'DONE' ? `MAILING CHECK FAILED: the mailing is ${status}, not DONE` : 'MAILING CHECK FAILED');
      process.exitCode = 1;
    }
  } finally {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('exit', r)) : null)));
    if (connected) await db.end().catch(() => {});
    await telegram.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
