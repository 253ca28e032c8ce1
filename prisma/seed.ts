// `tsx prisma/seed.ts`: applies migrations and seeds system accounts, levels and demo data.
import { parseConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/client.ts';
import { ensureLevels, ensureSystemAccounts } from '../server/src/seed/reference.ts';
import { seedDemo } from '../server/src/seed/demo.ts';

const config = parseConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await ensureSystemAccounts(db.prisma);
await ensureLevels(db.prisma);
console.log((await seedDemo(db.prisma)) ? 'Demo data created.' : 'Demo data already present.');
await db.close();
