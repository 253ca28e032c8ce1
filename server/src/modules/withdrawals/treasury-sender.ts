import { Address, external, type Transaction } from '@ton/core';
import { keyPairFromSecretKey, keyPairFromSeed } from '@ton/crypto';
import { Treasury } from '@app/contracts/treasury';
import type { TonGateway } from '../../lib/ton/gateway.ts';
import { payoutComment } from './hot-wallet.ts';
import { findSince, type LookupBounds } from './lookup.ts';
import type { PayoutSender } from './payout.ts';

/**
 * Payouts from the Treasury contract: the operator key signs each one (seqno + valid_until + query id)
 * through the contract's wrapper, and the on-chain cap bounds what a leaked key could take.
 */
export function treasurySender(gateway: TonGateway, treasury: Address, operatorSecretHex: string, lookup: LookupBounds = {}): PayoutSender {
  const secret = Buffer.from(operatorSecretHex, 'hex');
  const keys = secret.length === 32 ? keyPairFromSeed(secret) : keyPairFromSecretKey(secret);
  return {
    async seqno() {
      return (await gateway.runGetMethod(treasury, 'seqno')).readNumber();
    },
    async send(p) {
      const body = Treasury.payoutBody(
        { seqno: p.seqno, validUntil: p.validUntil, queryId: p.queryId, to: p.to, amount: p.amount, comment: payoutComment(p.comment, p.queryId) },
        keys.secretKey,
      );
      await gateway.sendExternal(external({ to: treasury, body }));
    },
    async find(queryId, since) {
      const paid = (tx: Transaction) => {
        if (tx.inMessage?.info.type !== 'external-in') return false;
        let parsed;
        try {
          parsed = Treasury.parsePayoutBody(tx.inMessage.body);
        } catch {
          return false;
        }
        const d = tx.description;
        const ok = d.type === 'generic' && !d.aborted && d.computePhase.type === 'vm' && d.computePhase.success && tx.outMessagesCount > 0;
        return parsed.queryId === queryId && ok;
      };
      const tx = await findSince(gateway, treasury, since, paid, lookup);
      return tx ? { hash: tx.hash().toString('hex') } : null;
    },
  };
}
