import { describe, expect, it } from 'vitest';
import { signInitData } from '../modules/auth/init-data.ts';
import { useServer } from '../test/server-harness.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const ann = { telegramId: 9101, firstName: 'Ann' };

/** One sample's value from the exposition text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics and /readyz', () => {
  const h = useServer({ METRICS_TOKEN: TOKEN });
  const scrape = async (token: string | null = TOKEN) => {
    const res = await h.running.app.inject({ method: 'GET', url: '/metrics', headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, text: res.body, type: res.headers['content-type'] };
  };

  it('asks for the bearer token when one is configured', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong-token-wrong-token-wrong-t')).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toContain('text/plain');
  });

  it('counts calls by procedure on the fast path and through the adapter, and their errors by kind', async () => {
    const before = (await scrape()).text;
    const count = (t: string, p: string) => sample(t, `loyalty_trpc_request_duration_seconds_count{procedure="${p}"}`) ?? 0;
    const errors = (t: string, p: string, kind: string) => sample(t, `loyalty_trpc_request_errors_total{procedure="${p}",kind="${kind}"}`) ?? 0;

    expect((await h.call(ann, 'profile.me')).status).toBe(200);
    expect((await h.call(null, 'profile.me')).status).toBe(401);
    // A batch goes through the fetch adapter: both of its calls count.
    const auth = `tma ${signInitData(h.config.botToken, ann, h.clock.now())}`;
    const batch = await h.running.app.inject({
      method: 'GET',
      url: `/trpc/profile.me,profile.me?batch=1&input=${encodeURIComponent('{}')}`,
      headers: { authorization: auth },
    });
    expect(batch.statusCode).toBe(200);
    // Unknown procedures share one series, so a client cannot grow the label set.
    expect((await h.call(ann, 'no.such.procedure', undefined, 'GET')).status).toBe(404);

    const after = (await scrape()).text;
    expect(count(after, 'profile.me') - count(before, 'profile.me')).toBe(4);
    expect(errors(after, 'profile.me', 'client') - errors(before, 'profile.me', 'client')).toBe(1);
    expect(errors(after, 'profile.me', 'server') - errors(before, 'profile.me', 'server')).toBe(0);
    expect(count(after, '(unknown)') - count(before, '(unknown)')).toBe(1);
    expect(after).not.toContain('no.such.procedure');
    // Buckets are cumulative and end at the count.
    expect(sample(after, 'loyalty_trpc_request_duration_seconds_bucket{procedure="profile.me",le="+Inf"}')).toBe(count(after, 'profile.me'));
  });

  it('counts task claims by outcome', async () => {
    const refused = (t: string) => sample(t, 'loyalty_task_claims_total{outcome="refused"}') ?? 0;
    const before = (await scrape()).text;
    const res = await h.call(ann, 'tasks.complete', { taskId: 999_999 });
    expect(res.body.error.data.appCode).toBe('TASK_NOT_FOUND');
    expect(refused((await scrape()).text) - refused(before)).toBe(1);
  });

  it('shows the database pool, the outbox, invoices and the process', async () => {
    await h.db.prisma.$executeRawUnsafe(
      `INSERT INTO "OutboxEvent" (type, key, payload, status, "availableAt") VALUES ('x.test', 'k1', '{}', 'FAILED', now()), ('x.test', 'k2', '{}', 'PENDING', now() - interval '90 seconds')`,
    );
    // The database gauges are kept a few seconds; a fresh server process would read them at once.
    const text = await waitFor(async () => {
      const t = (await scrape()).text;
      return (sample(t, 'loyalty_outbox_events{status="FAILED"}') ?? 0) >= 1 ? t : null;
    });
    expect(sample(text, 'loyalty_outbox_events{status="PENDING"}')).toBe(1);
    expect(sample(text, 'loyalty_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(89);
    expect(sample(text, 'loyalty_db_gauges_up')).toBe(1);
    expect(sample(text, 'loyalty_db_pool_total_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loyalty_db_pool_waiting_connections')).toBe(0);
    expect(text).toContain('# TYPE loyalty_invoices gauge');
    expect(text).toContain('# TYPE loyalty_job_runs_total counter');
    expect(text).toContain('loyalty_process_resident_memory_bytes');
  });

  it('is ready with every migration applied, and answers 503 when one is missing', async () => {
    const ready = await h.running.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true });

    const [last] = await h.db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`);
    await h.db.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, last.id);
    try {
      const notReady = await h.running.app.inject({ method: 'GET', url: '/readyz' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toEqual({ ok: false, reason: '1 migration(s) not applied' });
    } finally {
      await h.db.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = $1`, last.id);
    }
    // Liveness does not depend on the database.
    expect((await h.running.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

async function waitFor<T>(f: () => Promise<T | null>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the condition never held');
}
