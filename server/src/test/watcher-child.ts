/**
 * The TON watcher alone in a process of its own, for the restart story (ton-restart.test.ts): it reads
 * the treasury's transactions from a file of BOCs the test wrote from its sandbox chain (newest first,
 * paged from lt+hash inclusive, as toncenter answers), settles them into the shared PostgreSQL database,
 * and runs until nothing new is left. The test SIGKILLs it mid-run and starts another.
 * argv: <database url> <transactions file> <treasury address> <clock ISO time>
 */
import { readFileSync } from 'node:fs';
import { Address, Cell, loadTransaction, type Transaction } from '@ton/core';
import type { AppDeps } from '../context.ts';
import { parseConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import type { TonGateway } from '../lib/ton/gateway.ts';
import { watchTreasury } from '../modules/payments/ton.ts';
import { TestClock } from './clock.ts';

const [databaseUrl, file, treasury, now] = process.argv.slice(2);
const txs: Transaction[] = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((b) => loadTransaction(Cell.fromBase64(b).beginParse()));
txs.sort((a, b) => (a.lt === b.lt ? 0 : a.lt > b.lt ? -1 : 1));

const gateway: TonGateway = {
  async getTransactions(_address: Address, opts) {
    const from = opts.lt === undefined ? 0 : txs.findIndex((t) => t.lt === opts.lt && (!opts.hash || t.hash().equals(opts.hash)));
    if (from < 0) throw new Error('transaction not found');
    return txs.slice(from, from + opts.limit);
  },
  runGetMethod: () => Promise.reject(new Error('not used by the watcher')),
  sendExternal: () => Promise.reject(new Error('not used by the watcher')),
  isDeployed: () => Promise.reject(new Error('not used by the watcher')),
};

const db = await openDatabase({ databaseUrl, poolSize: 2, migrate: false });
const config = parseConfig({ NODE_ENV: 'test', BOT_MODE: 'off', DEMO_DATA: 'off', LOG_LEVEL: 'silent', TON_TREASURY_ADDRESS: treasury });
const deps = { config, db, prisma: db.prisma, clock: new TestClock(now) } as unknown as AppDeps;
for (;;) {
  // One transaction a run, so a kill lands between two settlements as often as within one.
  const { outcomes } = await watchTreasury(deps, gateway, { maxSettle: 1 });
  if (outcomes.length === 0 && (await watchTreasury(deps, gateway)).outcomes.length === 0) break;
  process.stdout.write(`${outcomes.join(',')}\n`);
}
await db.close();
process.stdout.write('done\n');
