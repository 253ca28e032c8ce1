import { Address, external, internal, SendMode, type Cell, type Transaction } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { WalletContractV5R1 } from '@ton/ton';
import type { TonGateway } from '../../lib/ton/gateway.ts';
import { readComment } from '../../lib/ton/gateway.ts';
import { findSince, type LookupBounds } from './lookup.ts';
import type { PayoutSender } from './payout.ts';

/** The comment every payout carries; the query id makes it findable on chain. */
export const payoutComment = (comment: string, queryId: bigint) => `${comment} q:${queryId}`;

/**
 * Payouts from a WalletV5R1 hot wallet: seqno + valid_until in the signed external message guard against
 * replays, and each payout's comment carries its query id so the worker can find it again.
 */
export function hotWalletSender(
  gateway: TonGateway,
  seed: Buffer,
  networkGlobalId = -239,
  lookup: LookupBounds = {},
): PayoutSender & { address: Address; sendInternal(to: Address, value: bigint, body: Cell, validUntil: number): Promise<void> } {
  const keys = keyPairFromSeed(seed);
  const wallet = WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey, walletId: { networkGlobalId } });
  const address = wallet.address;
  const seqno = async () => ((await gateway.isDeployed(address)) ? (await gateway.runGetMethod(address, 'seqno')).readNumber() : 0);
  return {
    address,
    seqno,
    /** Any other message from the hot wallet (e.g. minting as the NFT collection's owner). */
    async sendInternal(to, value, body, validUntil) {
      const s = await seqno();
      const transferBody = wallet.createTransfer({
        seqno: s,
        secretKey: keys.secretKey,
        sendMode: SendMode.PAY_GAS_SEPARATELY,
        timeout: validUntil,
        messages: [internal({ to, value, bounce: true, body })],
      });
      await gateway.sendExternal(external({ to: address, init: s > 0 || (await gateway.isDeployed(address)) ? undefined : wallet.init, body: transferBody }));
    },
    async send(p) {
      const body: Cell = wallet.createTransfer({
        seqno: p.seqno,
        secretKey: keys.secretKey,
        sendMode: SendMode.PAY_GAS_SEPARATELY,
        timeout: p.validUntil,
        messages: [internal({ to: p.to, value: p.amount, bounce: false, body: payoutComment(p.comment, p.queryId) })],
      });
      const deployed = p.seqno > 0 || (await gateway.isDeployed(address));
      await gateway.sendExternal(external({ to: address, init: deployed ? undefined : wallet.init, body }));
    },
    async find(queryId, since) {
      const suffix = ` q:${queryId}`;
      const paid = (tx: Transaction) =>
        tx.inMessage?.info.type === 'external-in' &&
        [...tx.outMessages.values()].some((out) => out.info.type === 'internal' && readComment(out.body)?.endsWith(suffix));
      const tx = await findSince(gateway, address, since, paid, lookup);
      return tx ? { hash: tx.hash().toString('hex') } : null;
    },
  };
}

