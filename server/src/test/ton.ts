import { Address, type Transaction } from '@ton/core';
import { Blockchain } from '@ton/sandbox';
import type { TonGateway } from '../lib/ton/gateway.ts';

/**
 * The TON gateway over @ton/sandbox: real TVM, same contract as production's toncenter (newest first,
 * paging from lt+hash inclusive). Reads the sandbox's executed transactions directly, because
 * Blockchain.getTransactions in @ton/sandbox 0.41 reverses its own list in place and compares hash
 * buffers by reference.
 */
export function sandboxGateway(blockchain: Blockchain): TonGateway {
  return {
    async getTransactions(address: Address, opts) {
      const all = ((blockchain as unknown as { transactions: Transaction[] }).transactions ?? [])
        .filter((t) => {
          const dst = t.inMessage?.info.dest;
          return Address.isAddress(dst) && dst.equals(address);
        })
        .sort((a, b) => (a.lt === b.lt ? 0 : a.lt > b.lt ? -1 : 1));
      let from = 0;
      if (opts.lt !== undefined) {
        from = all.findIndex((t) => t.lt === opts.lt && (!opts.hash || t.hash().equals(opts.hash)));
        if (from < 0) throw new Error('transaction not found');
      }
      return all.slice(from, from + opts.limit);
    },
    async runGetMethod(address, method, args = []) {
      const res = await blockchain.runGetMethod(address, method, args);
      return res.stackReader;
    },
    async sendExternal(message) {
      await blockchain.sendMessage(message);
    },
    async isDeployed(address) {
      return (await blockchain.getContract(address)).accountState?.type === 'active';
    },
  };
}

export { Blockchain };

export type GatewayFault = 'throw' | 'timeout' | 'answer-lost';

export interface FlakyGateway extends TonGateway {
  /**
   * The next `n` calls (of `methods`, or any) fail: `throw` before reaching the chain (a 502 from the
   * API), `timeout` after a short wait without reaching it, `answer-lost` after the chain took the call.
   */
  fail(n: number, how: GatewayFault, methods?: (keyof TonGateway)[]): void;
  /** Calls that failed so far. */
  failures: number;
}

/** A TON gateway that fails on demand, wrapped around a working one (the sandbox's). */
export function flakyGateway(inner: TonGateway): FlakyGateway {
  let pending: { n: number; how: GatewayFault; methods?: (keyof TonGateway)[] } | null = null;
  const g = { failures: 0 } as FlakyGateway;
  g.fail = (n, how, methods) => {
    pending = n > 0 ? { n, how, methods } : null;
  };
  const wrap = <K extends keyof TonGateway>(method: K): TonGateway[K] =>
    (async (...args: unknown[]) => {
      const call = () => (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      const f = pending && (!pending.methods || pending.methods.includes(method)) ? pending : null;
      if (!f) return call();
      if (--f.n === 0) pending = null;
      g.failures++;
      if (f.how === 'throw') throw new Error(`${method}: 502 Bad Gateway`);
      if (f.how === 'timeout') {
        await new Promise((r) => setTimeout(r, 20));
        throw new Error(`${method}: timeout of 5000ms exceeded`);
      }
      await call();
      throw new Error(`${method}: socket hang up`);
    }) as TonGateway[K];
  g.getTransactions = wrap('getTransactions');
  g.runGetMethod = wrap('runGetMethod');
  g.sendExternal = wrap('sendExternal');
  g.isDeployed = wrap('isDeployed');
  return g;
}
