import { ConfigError, parseConfig } from './config.ts';
import { MigrationError } from './db/migrate.ts';
import { startServer } from './server.ts';

try {
  const config = parseConfig();
  const running = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
  running.app.log.info(`database: ${where}`);
  console.log(`\n  Mini App: ${running.url}/\n  API:      ${running.url}/trpc\n  Health:   ${running.url}/healthz\n`);
  const shutdown = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (e) {
  if (e instanceof ConfigError || e instanceof MigrationError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
