// A load generator in its own process: C concurrent keep-alive clients for D seconds.
// argv: JSON { url, method, headersFile?, body?, concurrency, seconds, distinctHeaders }
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const o = JSON.parse(process.argv[2]) as {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  authFile: string;
  concurrency: number;
  seconds: number;
  /** Each request uses the next participant's initData (a claim per participant). */
  uniqueAuth: boolean;
};
const auths = readFileSync(o.authFile, 'utf8').split('\n').filter(Boolean);
const agent = new Agent({ connections: o.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
const latencies: number[] = [];
let ok = 0;
let failed = 0;
let next = 0;
const statuses: Record<number, number> = {};
const until = Date.now() + o.seconds * 1000;

async function client() {
  while (Date.now() < until) {
    const i = o.uniqueAuth ? next++ : next++ % auths.length;
    if (i >= auths.length) return;
    const t0 = performance.now();
    try {
      const res = await request(o.url, {
        method: o.method,
        dispatcher: agent,
        headers: { authorization: `tma ${auths[i]}`, 'content-type': 'application/json' },
        body: o.method === 'POST' ? o.body : undefined,
      });
      await res.body.arrayBuffer();
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) ok++;
      else failed++;
    } catch {
      failed++;
    }
    latencies.push(performance.now() - t0);
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: o.concurrency }, client));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
console.log(JSON.stringify({ ok, failed, statuses, elapsed, rps: ok / elapsed, p50: pct(50), p99: pct(99) }));
await agent.close();
