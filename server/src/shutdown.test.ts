import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/client.ts';
import { repoRoot as root } from './lib/paths.ts';

/** The server as `pnpm start` runs it, on an embedded database in a folder of its own. */
function startProcess(env: Record<string, string>): { child: ChildProcess; out: string[]; exited: Promise<number | null> } {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'server', 'src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'off', BOT_MODE: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => out.push(String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out, exited };
}

async function until<T>(f: () => T | null | undefined | Promise<T | null | undefined>, what: string, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe('stopping on SIGTERM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-stop-'));
  let proc: ReturnType<typeof startProcess> | undefined;
  afterAll(() => {
    if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request in flight, takes no new one, gives back its job leases and exits 0', async () => {
    proc = startProcess({ DATA_DIR: dir, SHUTDOWN_TIMEOUT_MS: '8000', JOBS: 'on' });
    const { out } = proc;
    const port = await until(() => /API:\s+http:\/\/localhost:(\d+)/.exec(out.join(''))?.[1], 'the server printed its address');
    const base = `http://127.0.0.1:${port}`;
    const { initData } = (await (await fetch(`${base}/dev/init-data?telegramId=9301`)).json()) as { initData: string };
    // A job has run (and holds its named lease) before the signal.
    await until(async () => /loyalty_job_runs_total\{job="expire-invoices",outcome="ok"\} [1-9]/.test(await (await fetch(`${base}/metrics`)).text()), 'a job ran');

    // A slow client: headers and half the body now, the rest after the signal.
    const body = JSON.stringify({ language: 'ru' });
    const socket = connect(Number(port), '127.0.0.1');
    const response = new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /trpc/profile.update HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: tma ${initData}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
    );
    // Another request answered after that write: the server has read the slow one's headers by now.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    proc.child.kill('SIGTERM');
    await until(() => out.join('').includes('"msg":"stopping"'), 'the server began to stop');
    // No new requests: the port is closed (or, racing the close, a 503).
    const late = await fetch(`${base}/healthz`).then((r) => r.status, () => 'refused');
    expect([503, 'refused']).toContain(late);

    // Not end(): a client that half-closes its side counts as gone, and tRPC drops its answer.
    socket.write(body.slice(5));
    const answer = await response;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"language":"ru"');

    expect(await proc.exited).toBe(0);

    // The named job leases were given back, so another worker needs not wait for them to lapse.
    const db = await openDatabase({ dataDir: dir, migrate: false });
    try {
      const held = await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM "JobState" WHERE "leaseUntil" > now()`);
      expect(held).toEqual([]);
      const jobs = await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM "JobState" WHERE name LIKE 'lease:%'`);
      expect(jobs.map((j) => j.name)).toContain('lease:expire-invoices');
    } finally {
      await db.close();
    }
  }, 180_000);
});
