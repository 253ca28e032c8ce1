import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beginCell, storeTransaction, toNano, type Transaction } from '@ton/core';
import { Blockchain, type SandboxContract, type TreasuryContract } from '@ton/sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { commentCell } from '../../lib/ton/gateway.ts';
import { sandboxGateway } from '../../test/ton.ts';
import { useServer } from '../../test/server-harness.ts';

// Two processes share one database: PGlite is one process, so this story needs PostgreSQL.
const BASE = process.env.DATABASE_URL;
if (!BASE) console.warn('DATABASE_URL is not set: the watcher killed as a process and restarted needs PostgreSQL (two processes share its database) and is skipped.');
const root = join(import.meta.dirname, '..', '..', '..', '..');

let chain: Blockchain;
let treasury: SandboxContract<TreasuryContract>;
let payer: SandboxContract<TreasuryContract>;
const ready = (async () => {
  chain = await Blockchain.create();
  treasury = await chain.treasury('shop-treasury');
  payer = await chain.treasury('payer');
})();

describe.runIf(!!BASE)('the TON watcher SIGKILLed mid-run and started again (a process of its own, PostgreSQL)', () => {
  const h = useServer({}, { ton: () => sandboxGateway(chain) });
  beforeAll(async () => {
    await ready;
    (h.config.ton as { treasury?: string }).treasury = treasury.address.toRawString();
  });
  const buyer = { telegramId: 8401, firstName: 'Rita' };

  function watcher(url: string, file: string): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'src', 'test', 'watcher-child.ts'), url, file, treasury.address.toRawString(), h.clock.now().toISOString()], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    child.stdout!.on('data', (d) => lines.push(...String(d).split('\n').filter(Boolean)));
    child.stderr!.on('data', (d) => lines.push(`stderr: ${d}`));
    return { child, lines, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  }

  it('settles each of 80 transactions once and misses none: no double credit after the kill', async () => {
    chain.now = Math.floor(Date.now() / 1000) + 3600;
    h.clock.set(new Date(chain.now * 1000));
    const [{ db }] = await h.db.prisma.$queryRawUnsafe<{ db: string }[]>('SELECT current_database() AS db');
    const url = Object.assign(new URL(BASE!), { pathname: `/${db}` }).toString();
    // 20 invoices paid among 60 transfers without a reference (three pages for the watcher).
    const invoices: string[] = [];
    for (let i = 0; i < 20; i++) {
      const p = await h.db.prisma.product.create({ data: { slug: `badge-${i}`, kind: 'ITEM', title: { en: 'Badge', ru: 'Значок' }, description: { en: '', ru: '' }, prices: { create: [{ currency: 'TON', amount: toNano('1') }] } } });
      const res = await h.call(buyer, 'shop.buy', { productId: p.id, currency: 'TON' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      invoices.push(res.body.result.data.id);
    }
    for (let i = 0; i < 80; i++) {
      const body = i % 4 === 0 ? commentCell(`inv:${invoices[i / 4]}`) : commentCell(`tip ${i}`);
      await payer.send({ to: treasury.address, value: i % 4 === 0 ? toNano('1') : toNano('0.01'), body, bounce: false });
    }
    const all = (chain as unknown as { transactions: Transaction[] }).transactions.filter((t) => t.inMessage?.info.dest?.toString() === treasury.address.toString());
    expect(all.length).toBeGreaterThanOrEqual(80);
    const file = join(mkdtempSync(join(tmpdir(), 'watcher-')), 'txs.json');
    writeFileSync(file, JSON.stringify(all.map((t) => beginCell().store(storeTransaction(t)).endCell().toBoc().toString('base64'))));
    const expected = all.length;

    // The first watcher is killed once it has settled some, without warning.
    const first = watcher(url, file);
    const start = Date.now();
    while ((await h.db.prisma.tonTransfer.count()) < 15) {
      if (first.child.exitCode !== null) throw new Error(`the watcher exited early: ${first.lines.join('\n')}`);
      if (Date.now() - start > 120_000) throw new Error(`the watcher settled too little: ${first.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await h.db.prisma.tonTransfer.count();
    expect(atKill).toBeLessThan(expected);

    // Started again, it carries on from its cursor to the end.
    const second = watcher(url, file);
    expect(await second.exited, second.lines.join('\n')).toBe(0);
    expect(second.lines.at(-1)).toBe('done');

    const recorded = await h.db.prisma.tonTransfer.findMany();
    expect(recorded).toHaveLength(expected);
    expect(new Set(recorded.map((t) => t.hash)).size).toBe(expected);
    const paid = await h.db.prisma.invoice.findMany({ where: { id: { in: invoices } } });
    expect(paid.map((i) => i.status)).toEqual(Array(20).fill('PAID'));
    // Each payment credited once: 20 arrivals, 20 purchases, nothing left on the balance.
    expect(await h.db.prisma.transfer.count({ where: { kind: 'TON_PAYMENT' } })).toBe(20);
    const ton = ((await h.call(buyer, 'ledger.balances')).body.result.data as { currency: string; amount: string }[]).find((b) => b.currency === 'TON')!.amount;
    expect(ton).toBe('0');
    await h.expectLedgerBalanced();
  }, 300_000);
});
