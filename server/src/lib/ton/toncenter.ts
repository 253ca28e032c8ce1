import { TonClient } from '@ton/ton';
import type { Address } from '@ton/core';
import type { TonGateway } from './gateway.ts';

/** Production gateway: toncenter's HTTP API through @ton/ton. */
export function toncenterGateway(endpoint: string, apiKey?: string): TonGateway {
  const client = new TonClient({ endpoint, apiKey });
  return {
    getTransactions(address: Address, opts) {
      return client.getTransactions(address, {
        limit: opts.limit,
        lt: opts.lt?.toString(),
        hash: opts.hash?.toString('base64'),
        inclusive: true,
        archival: true,
      });
    },
    async runGetMethod(address, method, args = []) {
      const res = await client.runMethod(address, method, args);
      return res.stack;
    },
    async sendExternal(message) {
      await client.sendMessage(message);
    },
    isDeployed(address) {
      return client.isContractDeployed(address);
    },
  };
}
