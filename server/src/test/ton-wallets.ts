import { createHash } from 'node:crypto';
import { beginCell, storeStateInit } from '@ton/core';
import { keyPairFromSeed, sign } from '@ton/crypto';
import { WalletContractV4 } from '@ton/ton';
import { proofMessage, type TonProofInput } from '../modules/wallet/ton-proof.ts';

/**
 * A testnet WalletV4 whose keys follow from a name, and the ton_proof it signs for a payload, as a
 * TON Connect wallet answers (for stories and benchmarks that link many wallets).
 */
export function namedWallet(name: string) {
  const keys = keyPairFromSeed(createHash('sha256').update(`wallet:${name}`).digest());
  const contract = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
  const stateInit = beginCell().store(storeStateInit(contract.init)).endCell().toBoc().toString('base64');
  return {
    address: contract.address.toRawString(),
    /** The proof for `payload` (from `wallet.proofPayload`), for `domain` (the host of PUBLIC_URL), signed at `timestamp` (s). */
    proof(payload: string, domain: string, timestamp: number): TonProofInput {
      const signature = sign(proofMessage(contract.address, domain, timestamp, payload), keys.secretKey);
      return {
        account: { address: contract.address.toRawString(), chain: '-3', publicKey: keys.publicKey.toString('hex'), walletStateInit: stateInit },
        proof: { timestamp, domain: { lengthBytes: Buffer.byteLength(domain), value: domain }, payload, signature: signature.toString('base64') },
      };
    },
  };
}
