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
