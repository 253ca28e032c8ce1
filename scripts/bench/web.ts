// `pnpm bench:web`: how fast the Mini App's first screen comes up on a weak mobile network. Prints the
// gzipped size of what Home needs, then, in headless Chromium with DevTools' Fast 3G and a 4× slower CPU,
// the first contentful paint and the time to an interactive Home, cold (empty cache), warm (second visit;
// the target's) and third (a regular, with compiled code kept). Needs no PostgreSQL: the server runs on
// PGlite in a temporary folder. Never fails on speed.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession } from 'playwright-core';
import { signInitData } from '../../server/src/modules/auth/init-data.ts';
import { homeBundle, lazyFiles, sum } from '../../mini-app/scripts/home-bundle.ts';
import { buildMiniAppIfStale } from '../lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = '1000000011:web-bench-token-WWWWWWWWWWWWWWWWWWWWW';
const PORT = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 3));
// Chrome DevTools' "Fast 3G" preset: 1.6 Mbps down, 750 kbps up (both at 90 %), 562.5 ms latency.
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const CPU_SLOWDOWN = 4;
const TARGETS = { homeJsGzip: 150_000, fcp: 1000, coldInteractive: 3000, warmInteractive: 1000 };
const THEME = JSON.stringify({ bg_color: '#ffffff', secondary_bg_color: '#f1f1f4', text_color: '#000000', hint_color: '#8e8e93', button_color: '#2481cc', button_text_color: '#ffffff' });

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

// 1. What Home needs, from the build.
buildMiniAppIfStale();
const home = homeBundle(join(ROOT, 'mini-app', 'dist'));
const jsGzip = sum(home.js, 'gzip');
const tonConnectFiles = lazyFiles(join(ROOT, 'mini-app', 'dist'), 'src/kit/ton-connect.tsx');
console.log('\nMini App: what Home needs before it can draw (from the build manifest)\n');
for (const f of home.js) console.log(`  ${f.file.padEnd(40)} ${kb(f.raw).padStart(9)} raw  ${kb(f.gzip).padStart(8)} gzip  ${kb(f.brotli).padStart(8)} br`);
console.log(`  ${'index.html (splash and stylesheet inline)'.padEnd(40)} ${kb(home.html.raw).padStart(9)} raw  ${kb(home.html.gzip).padStart(8)} gzip  ${kb(home.html.brotli).padStart(8)} br`);
for (const f of home.css) console.log(`  ${f.file.padEnd(40)} ${kb(f.raw).padStart(9)} raw  ${kb(f.gzip).padStart(8)} gzip`);
console.log(`  JavaScript for Home: ${kb(jsGzip)} gzip, ${kb(sum(home.js, 'brotli'))} Brotli (target ≤ ${kb(TARGETS.homeJsGzip)} gzip: ${verdict(jsGzip <= TARGETS.homeJsGzip)})`);

if (!existsSync(CHROMIUM)) {
  console.log(`\n  Chromium is not at ${CHROMIUM}: the timings are skipped.`);
  process.exit(0);
}

// 2. The real server, as production runs it, on PGlite in a folder of its own.
const dataDir = mkdtempSync(join(tmpdir(), 'bench-web-'));
const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'src', 'main.ts')], {
  cwd: ROOT,
  env: {
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    PUBLIC_URL: BASE,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    BOT_TOKEN: TOKEN,
    BOT_MODE: 'off',
    DEMO_DATA: 'on',
    JOBS: 'off',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let browser: Browser | null = null;

interface Visit {
  fcp: number;
  interactive: number;
  /** Bytes on the wire (compressed) until Home was interactive, and the scripts among them. */
  bytesBefore: number;
  scriptsBefore: number;
  scriptBytesBefore: number;
  /** Fetched once Home was up: the screens prefetched when idle. */
  bytesAfter: number;
  tonConnectBefore: boolean;
}

/** Opens the Mini App as Telegram does (initData in the hash) on throttled network and CPU; times Home. */
async function visit(context: BrowserContext, telegramId: number, trace?: string): Promise<Visit> {
  const page = await context.newPage();
  if (trace) await browser!.startTracing(page, { path: trace, categories: ['devtools.timeline', 'v8', 'v8.execute', 'blink', 'loading', 'disabled-by-default-devtools.timeline'] });
  // Interactive: the balance is drawn and the check-in button can be pressed.
  // A string, not a function: tsx's helpers would not exist in the page.
  await page.addInitScript(`(() => {
    const check = () => {
      const balance = document.querySelector('[data-testid="balance-POINTS"]');
      const button = document.querySelector('[data-testid="checkin"]');
      if (window.__homeReady === undefined && balance && balance.textContent && button && !button.disabled) window.__homeReady = performance.now();
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const requests = new Map<string, { url: string; type: string; cached: boolean }>();
  const done: { url: string; type: string; bytes: number; at: number }[] = [];
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, type: e.type ?? '', cached: false }));
  cdp.on('Network.requestServedFromCache', (e) => requests.get(e.requestId) && (requests.get(e.requestId)!.cached = true));
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r && (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker)) r.cached = true;
  });
  // What came over the network (not from the HTTP cache).
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r && !r.cached) done.push({ url: r.url, type: r.type, bytes: e.encodedDataLength, at: Date.now() });
  });

  const initData = signInitData(TOKEN, { telegramId, firstName: 'Bench', language: 'en' });
  const hash = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'android', tgWebAppThemeParams: THEME });
  await page.goto(`${BASE}/#${hash}`, { waitUntil: 'commit' });
  page.on('console', (m) => process.env.BENCH_WEB_DEBUG && console.log('console:', m.text()));
  page.on('pageerror', (e) => console.error('page error:', e.message));
  try {
    await page.waitForFunction(() => (window as unknown as { __homeReady?: number }).__homeReady !== undefined, null, { timeout: 60_000, polling: 50 });
  } catch (e) {
    if (process.env.BENCH_WEB_DEBUG) await page.screenshot({ path: '/tmp/bench-web-fail.png' });
    throw e;
  }
  const readyAt = Date.now();
  if (trace) {
    await browser!.stopTracing();
    console.log(`  trace of visit ${telegramId}: ${trace}`);
  }
  const { fcp, interactive } = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    interactive: (window as unknown as { __homeReady: number }).__homeReady,
  }));
  if (process.env.BENCH_WEB_DEBUG) {
    const timeline = await page.evaluate(() =>
      [...performance.getEntriesByType('resource'), ...performance.getEntriesByType('paint'), ...performance.getEntriesByType('mark')].map((e) => {
        const r = e as PerformanceResourceTiming;
        return `${Math.round(e.startTime)}${r.responseEnd ? `–${Math.round(r.responseEnd)}` : ''} ${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 80)}`;
      }),
    );
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return `document: request ${Math.round(n.requestStart)}, first byte ${Math.round(n.responseStart)}, last byte ${Math.round(n.responseEnd)}, parsed ${Math.round(n.domInteractive)}, loaded ${Math.round(n.domContentLoadedEventEnd)}`;
    });
    console.log(`--- ${telegramId}\n${nav}\n${timeline.join('\n')}`);
  }
  // Let the idle prefetch run, to report what it costs.
  await page.waitForTimeout(4000);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.close();
  const before = done.filter((d) => d.at <= readyAt);
  const scripts = before.filter((d) => d.type === 'Script');
  return {
    fcp,
    interactive,
    bytesBefore: before.reduce((n, d) => n + d.bytes, 0),
    scriptsBefore: scripts.length,
    scriptBytesBefore: scripts.reduce((n, d) => n + d.bytes, 0),
    bytesAfter: done.filter((d) => d.at > readyAt).reduce((n, d) => n + d.bytes, 0),
    tonConnectBefore: scripts.some((d) => tonConnectFiles.some((f) => d.url.endsWith(`/${f}`))),
  };
}

try {
  for (let i = 0; ; i++) {
    if (await fetch(`${BASE}/healthz`).then((r) => r.ok).catch(() => false)) break;
    if (i > 240) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Nothing leaves the machine. Not page.route: intercepting requests turns the HTTP cache off, and the warm visit needs it.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  // One unthrottled open first, so the server's own first-request work is not counted against the network.
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const initData = signInitData(TOKEN, { telegramId: 990_000, firstName: 'Warmup', language: 'en' });
    await page.goto(`${BASE}/#${new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'android' })}`);
    await page.getByTestId('balance-POINTS').waitFor({ timeout: 60_000 });
    await context.close();
  }
  const cold: Visit[] = [];
  const warm: Visit[] = [];
  const third: Visit[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A newcomer opening the app for the first time (empty cache), then the same person coming back, twice:
    // the second return is what a regular sees (Chromium keeps compiled code only from the second use on).
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    cold.push(await visit(context, 990_100 + i));
    // BENCH_WEB_TRACE=dir: a Chromium trace of each run's returning visits, for a look at where the time goes.
    const dir = process.env.BENCH_WEB_TRACE;
    warm.push(await visit(context, 990_100 + i, dir && join(dir, `warm-${i}.json`)));
    third.push(await visit(context, 990_100 + i, dir && join(dir, `third-${i}.json`)));
    await context.close();
  }

  const row = (name: string, v: Visit[]) =>
    `  ${name.padEnd(5)} first contentful paint ${ms(median(v.map((x) => x.fcp))).padStart(8)}   interactive Home ${ms(median(v.map((x) => x.interactive))).padStart(8)}   ` +
    `(each run: ${v.map((x) => `${Math.round(x.fcp)}/${Math.round(x.interactive)}`).join(', ')} ms)`;
  console.log(`\nFirst screen in headless Chromium, Fast 3G (562.5 ms latency, 1.6 Mbps down, 750 kbps up), CPU ${CPU_SLOWDOWN}× slower; median of ${RUNS}`);
  // The CPU slowdown multiplies whatever else the machine is doing: the load says how much that was.
  console.log(`  (this machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
  console.log(row('cold', cold));
  console.log(row('warm', warm));
  console.log(row('third', third));
  const c = cold[0];
  const w = warm[0];
  console.log(`  cold: ${kb(c.bytesBefore)} on the wire before Home was interactive, ${c.scriptsBefore} scripts (${kb(c.scriptBytesBefore)}); TON Connect among them: ${c.tonConnectBefore ? 'YES' : 'no'}; prefetched when idle afterwards: ${kb(c.bytesAfter)}`);
  console.log(`  warm: ${kb(w.bytesBefore)} on the wire before Home was interactive (index.html revalidated, Home's data); scripts fetched again: ${w.scriptsBefore}`);
  const fcpCold = median(cold.map((x) => x.fcp));
  const fcpWarm = median(warm.map((x) => x.fcp));
  const tiCold = median(cold.map((x) => x.interactive));
  const tiWarm = median(warm.map((x) => x.interactive));
  console.log(`\n  first paint ≤ ${ms(TARGETS.fcp)}: cold ${verdict(fcpCold <= TARGETS.fcp)}, warm ${verdict(fcpWarm <= TARGETS.fcp)}`);
  console.log(`  interactive Home cold ≤ ${ms(TARGETS.coldInteractive)}: ${verdict(tiCold <= TARGETS.coldInteractive)}`);
  console.log(`  interactive Home warm ≤ ${ms(TARGETS.warmInteractive)}: ${verdict(tiWarm <= TARGETS.warmInteractive)}`);
  console.log(`  JavaScript for Home ≤ ${kb(TARGETS.homeJsGzip)} gzip: ${verdict(jsGzip <= TARGETS.homeJsGzip)}`);
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
