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
  };
}
