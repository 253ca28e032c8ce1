import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.ts';

/** Seconds; a read answers in a few milliseconds, a payment call may take a second. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BUCKET_LABELS = BUCKETS.map(String);
/** Where calls to a path no procedure has go: a client may send any path, a label must stay bounded. */
const UNKNOWN = '(unknown)';
/** The procedure whose successful calls are task claims. */
const CLAIM_PROCEDURE = 'tasks.complete';
/** Database-derived gauges are read at most this often, however many scrapers ask. */
const DB_GAUGES_MAX_AGE_MS = 5000;

/** One procedure's counts: plain numbers, so recording a call allocates nothing. */
class CallStats {
  count = 0;
  sum = 0;
  clientErrors = 0;
  serverErrors = 0;
  readonly buckets = new Float64Array(BUCKETS.length);
}

/**
 * This process's metrics in Prometheus text format. tRPC calls are counted in plain per-procedure
 * records (the hot path) and rendered by hand; everything else uses prom-client. Gauges read from the
 * database (outbox, payments, mailings) are the same in every process.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly calls = new Map<string, CallStats>();
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly jobSeconds: Histogram<'job'>;
  private readonly claims: Counter<'outcome'>;

  constructor(procedures: Iterable<string>, db?: Pick<Database, 'withSql' | 'poolStats' | 'kind'>) {
    for (const p of procedures) this.calls.set(p, new CallStats());
    this.calls.set(UNKNOWN, new CallStats());
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'loyalty_' });
    this.jobRuns = new Counter({ name: 'loyalty_job_runs_total', help: 'Job runs by outcome (ok, failed)', labelNames: ['job', 'outcome'], registers });
    this.jobSeconds = new Histogram({ name: 'loyalty_job_duration_seconds', help: 'How long a job run took', labelNames: ['job'], buckets: [0.01, 0.1, 1, 10, 60], registers });
    this.claims = new Counter({ name: 'loyalty_task_claims_total', help: 'Task claims by outcome (claimed, refused, failed)', labelNames: ['outcome'], registers });
    for (const outcome of ['claimed', 'refused', 'failed']) this.claims.inc({ outcome }, 0);
    if (db) this.databaseGauges(db);
  }

  /** Records one tRPC call; `status` is the HTTP status its answer carries. */
  recordCall(path: string, status: number, seconds: number): void {
    const s = this.calls.get(path) ?? this.calls.get(UNKNOWN)!;
    s.count++;
    s.sum += seconds;
    if (status >= 500) s.serverErrors++;
    else if (status >= 400) s.clientErrors++;
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        s.buckets[i]++;
        break;
      }
    }
    if (path === CLAIM_PROCEDURE) this.claims.inc({ outcome: status < 400 ? 'claimed' : status < 500 ? 'refused' : 'failed' });
  }

  /** Wraps a job's run so its runs, failures and duration are counted. */
  job<J extends { name: string; run(signal: AbortSignal, owner: string): Promise<unknown> }>(job: J): J {
    const run = job.run;
    return {
      ...job,
      run: async (signal: AbortSignal, owner: string) => {
        const end = this.jobSeconds.startTimer({ job: job.name });
        try {
          const res = await run.call(job, signal, owner);
          this.jobRuns.inc({ job: job.name, outcome: 'ok' });
          return res;
        } catch (e) {
          this.jobRuns.inc({ job: job.name, outcome: 'failed' });
          throw e;
        } finally {
          end();
        }
      },
    };
  }

  async render(): Promise<string> {
    return (await this.registry.metrics()) + this.renderCalls();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private renderCalls(): string {
    const out: string[] = [
      '# HELP loyalty_trpc_request_duration_seconds tRPC calls by procedure: how long they took',
      '# TYPE loyalty_trpc_request_duration_seconds histogram',
    ];
    const errors: string[] = [
      '# HELP loyalty_trpc_request_errors_total tRPC calls answered with an error, by procedure and kind (client: 4xx, server: 5xx)',
      '# TYPE loyalty_trpc_request_errors_total counter',
    ];
    for (const [path, s] of this.calls) {
      const p = `procedure="${path}"`;
      let cumulative = 0;
      for (let i = 0; i < BUCKETS.length; i++) {
        cumulative += s.buckets[i];
        out.push(`loyalty_trpc_request_duration_seconds_bucket{${p},le="${BUCKET_LABELS[i]}"} ${cumulative}`);
      }
      out.push(`loyalty_trpc_request_duration_seconds_bucket{${p},le="+Inf"} ${s.count}`);
      out.push(`loyalty_trpc_request_duration_seconds_sum{${p}} ${s.sum}`);
      out.push(`loyalty_trpc_request_duration_seconds_count{${p}} ${s.count}`);
      errors.push(`loyalty_trpc_request_errors_total{${p},kind="client"} ${s.clientErrors}`);
      errors.push(`loyalty_trpc_request_errors_total{${p},kind="server"} ${s.serverErrors}`);
    }
    return `${out.join('\n')}\n${errors.join('\n')}\n`;
  }

  private databaseGauges(db: Pick<Database, 'withSql' | 'poolStats' | 'kind'>) {
    const registers = [this.registry];
    for (const state of ['total', 'idle', 'waiting'] as const) {
      new Gauge({
        name: `loyalty_db_pool_${state}_connections`,
        help: `PostgreSQL pool connections: ${state}`,
        registers,
        collect() {
          this.set(db.poolStats()[state]);
        },
      });
    }
    let read: Promise<DbSnapshot | null> | null = null;
    let readAt = 0;
    const snapshot = () => {
      if (!read || Date.now() - readAt > DB_GAUGES_MAX_AGE_MS) {
        readAt = Date.now();
        // A scrape while the database is away still answers, without these gauges.
        read = readSnapshot(db).catch(() => null);
      }
      return read;
    };
    const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge<string>, s: DbSnapshot) => void) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const s = await snapshot();
          this.reset();
          if (s) fill(this, s);
        },
      });
    gauge('loyalty_outbox_oldest_due_age_seconds', 'Age of the oldest PENDING outbox event that is due (0 when none): the outbox lag', [], (g, s) => g.set(s.outboxLagSeconds));
    gauge('loyalty_outbox_events', 'Outbox events by status (FAILED ones wait for an operator)', ['status'], (g, s) => {
      for (const r of s.outbox) g.set({ status: r.status }, r.n);
    });
    gauge('loyalty_invoices', 'Invoices by currency and status (PAID, UNDERPAID, EXPIRED, REFUNDED, …): payments settled and their outcome', ['currency', 'status'], (g, s) => {
      for (const r of s.invoices) g.set({ currency: r.currency, status: r.status }, r.n);
    });
    gauge('loyalty_mailing_recipients', 'Recipients of mailings being sent or paused, by state (total, sent, failed, blocked)', ['mailing', 'state'], (g, s) => {
      for (const m of s.mailings) {
        for (const state of ['total', 'sent', 'failed', 'blocked'] as const) g.set({ mailing: String(m.id), state }, m[state]);
      }
    });
    new Gauge({
      name: 'loyalty_db_gauges_up',
      help: 'Whether the last read of the database-derived gauges succeeded (0 while the database is away)',
      registers,
      async collect() {
        this.set((await snapshot()) ? 1 : 0);
      },
    });
  }
}

interface DbSnapshot {
  outboxLagSeconds: number;
  outbox: { status: string; n: number }[];
  invoices: { currency: string; status: string; n: number }[];
  mailings: { id: number; total: number; sent: number; failed: number; blocked: number }[];
}

async function readSnapshot(db: Pick<Database, 'withSql'>): Promise<DbSnapshot> {
  return db.withSql(async (sql) => {
    // Each through an index: OutboxEvent(status, availableAt), Invoice(status, expiresAt), Mailing(status).
    const [lag] = await sql.query<{ s: number | null }>(
      `SELECT EXTRACT(EPOCH FROM now() - min("availableAt"))::float8 AS s FROM "OutboxEvent" WHERE status = 'PENDING' AND "availableAt" <= now()`,
    );
    const outbox = await sql.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM "OutboxEvent" WHERE status <> 'DONE' GROUP BY status`);
    const invoices = await sql.query<{ currency: string; status: string; n: number }>(
      `SELECT currency::text, status::text, count(*)::int AS n FROM "Invoice" GROUP BY currency, status`,
    );
    const mailings = await sql.query<DbSnapshot['mailings'][number]>(
      `SELECT id, total, sent, failed, blocked FROM "Mailing" WHERE status IN ('SENDING', 'PAUSED') ORDER BY id`,
    );
    return { outboxLagSeconds: Math.max(0, lag?.s ?? 0), outbox, invoices, mailings };
  });
}
