import { createHash } from 'node:crypto';
import { Address, Cell, contractAddress, loadStateInit, type StateInit } from '@ton/core';
import { signVerify } from '@ton/crypto';
import { WalletContractV3R2, WalletContractV4, WalletContractV5R1 } from '@ton/ton';

/** What @tonconnect/ui-react hands over after a wallet connects with tonProof. */
export interface TonProofInput {
  account: { address: string; chain: '-239' | '-3'; publicKey: string; walletStateInit: string };
  proof: { timestamp: number; domain: { lengthBytes: number; value: string }; payload: string; signature: string };
}

export type ProofFailure =
  | 'BAD_ADDRESS'
  | 'WRONG_NETWORK'
  | 'BAD_STATE_INIT'
  | 'ADDRESS_MISMATCH'
  | 'UNKNOWN_WALLET'
  | 'PUBLIC_KEY_MISMATCH'
  | 'WRONG_DOMAIN'
  | 'EXPIRED'
  | 'BAD_SIGNATURE';

export const CHAIN_ID = { mainnet: '-239', testnet: '-3' } as const;

const zeroKey = Buffer.alloc(32);
// Code hashes of the wallet contracts whose data layout we know how to read the key from.
const KNOWN_CODES: { hash: string; read: (data: Cell) => Buffer }[] = [
  { hash: WalletContractV3R2.create({ workchain: 0, publicKey: zeroKey }).init.code.hash().toString('hex'), read: keyAfter(64) },
  { hash: WalletContractV4.create({ workchain: 0, publicKey: zeroKey }).init.code.hash().toString('hex'), read: keyAfter(64) },
  { hash: WalletContractV5R1.create({ workchain: 0, publicKey: zeroKey }).init.code.hash().toString('hex'), read: keyAfter(65) },
];

function keyAfter(bits: number) {
  return (data: Cell) => {
    const s = data.beginParse();
    s.skip(bits);
    return s.loadBuffer(32);
  };
}

/** The public key a wallet state init carries, for the wallet versions we know; null otherwise. */
export function publicKeyFromStateInit(init: StateInit): Buffer | null {
  if (!init.code || !init.data) return null;
  const known = KNOWN_CODES.find((k) => k.hash === init.code!.hash().toString('hex'));
  return known ? known.read(init.data) : null;
}

/** The message the wallet signs, as the TON Connect specification defines it. */
export function proofMessage(address: Address, domain: string, timestamp: number, payload: string): Buffer {
  const wc = Buffer.alloc(4);
  wc.writeInt32BE(address.workChain);
  const domainBytes = Buffer.from(domain, 'utf8');
  const dl = Buffer.alloc(4);
  dl.writeUInt32LE(domainBytes.length);
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64LE(BigInt(timestamp));
  const msg = Buffer.concat([Buffer.from('ton-proof-item-v2/'), wc, address.hash, dl, domainBytes, ts, Buffer.from(payload, 'utf8')]);
  const msgHash = createHash('sha256').update(msg).digest();
  return createHash('sha256').update(Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.from('ton-connect'), msgHash])).digest();
}

export interface VerifyOptions {
  network: 'mainnet' | 'testnet';
  domain: string;
  now: Date;
  maxAgeSeconds: number;
  /** Asks the chain for a deployed wallet's key when the state init is not a known wallet. */
  getPublicKey?: (address: Address) => Promise<Buffer | null>;
}

export type VerifyResult = { ok: true; address: Address; publicKey: Buffer } | { ok: false; reason: ProofFailure };

/** Checks a ton_proof; the one-time payload itself is checked by the caller against the database. */
export async function verifyTonProof(input: TonProofInput, o: VerifyOptions): Promise<VerifyResult> {
  let address: Address;
  try {
    address = Address.parseRaw(input.account.address);
  } catch {
    return { ok: false, reason: 'BAD_ADDRESS' };
  }
  if (input.account.chain !== CHAIN_ID[o.network]) return { ok: false, reason: 'WRONG_NETWORK' };
  let init: StateInit;
  try {
    init = loadStateInit(Cell.fromBase64(input.account.walletStateInit).beginParse());
  } catch {
    return { ok: false, reason: 'BAD_STATE_INIT' };
  }
  if (!contractAddress(address.workChain, init).equals(address)) return { ok: false, reason: 'ADDRESS_MISMATCH' };
  let key = publicKeyFromStateInit(init);
  if (!key && o.getPublicKey) key = await o.getPublicKey(address).catch(() => null);
  if (!key) return { ok: false, reason: 'UNKNOWN_WALLET' };
  if (input.account.publicKey && input.account.publicKey.toLowerCase() !== key.toString('hex')) {
    return { ok: false, reason: 'PUBLIC_KEY_MISMATCH' };
  }
  const { domain } = input.proof;
  if (domain.value !== o.domain || Buffer.byteLength(domain.value) !== domain.lengthBytes) return { ok: false, reason: 'WRONG_DOMAIN' };
  const age = Math.floor(o.now.getTime() / 1000) - input.proof.timestamp;
  // A little tolerance for clocks that run ahead.
  if (age > o.maxAgeSeconds || age < -60) return { ok: false, reason: 'EXPIRED' };
  let signature: Buffer;
  try {
    signature = Buffer.from(input.proof.signature, 'base64');
  } catch {
    return { ok: false, reason: 'BAD_SIGNATURE' };
  }
  const message = proofMessage(address, domain.value, input.proof.timestamp, input.proof.payload);
  if (signature.length !== 64 || !signVerify(message, signature, key)) return { ok: false, reason: 'BAD_SIGNATURE' };
  return { ok: true, address, publicKey: key };
}
