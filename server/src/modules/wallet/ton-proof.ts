import { createHash } from 'node:crypto';
import { Address, Cell, CellType, contractAddress, loadStateInit, type StateInit } from '@ton/core';
import { signVerify } from '@ton/crypto';
import {
  WalletContractV1R1,
  WalletContractV1R2,
  WalletContractV1R3,
  WalletContractV2R1,
  WalletContractV2R2,
  WalletContractV3R1,
  WalletContractV3R2,
  WalletContractV4,
  WalletContractV5Beta,
  WalletContractV5R1,
} from '@ton/ton';

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
// Where each wallet version keeps its public key in its data cell (bits before it):
// v1, v2: seqno(32); v3, v4: seqno(32) wallet_id(32); W5 beta: seqno(33) wallet_id(80);
// W5R1: is_signature_allowed(1) seqno(32) wallet_id(32).
const VERSIONS: { name: string; code: Cell; keyAt: number }[] = [
  { name: 'v1r1', code: WalletContractV1R1.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 32 },
  { name: 'v1r2', code: WalletContractV1R2.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 32 },
  { name: 'v1r3', code: WalletContractV1R3.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 32 },
  { name: 'v2r1', code: WalletContractV2R1.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 32 },
  { name: 'v2r2', code: WalletContractV2R2.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 32 },
  { name: 'v3r1', code: WalletContractV3R1.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 64 },
  { name: 'v3r2', code: WalletContractV3R2.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 64 },
  { name: 'v4', code: WalletContractV4.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 64 },
  { name: 'v5beta', code: WalletContractV5Beta.create({ walletId: { networkGlobalId: -239 }, publicKey: zeroKey }).init.code, keyAt: 113 },
  { name: 'v5r1', code: WalletContractV5R1.create({ workchain: 0, publicKey: zeroKey }).init.code, keyAt: 65 },
];
const KNOWN_CODES = new Map(VERSIONS.map((v) => [codeHash(v.code), v]));

/**
 * The hash of the code a state init runs. A library cell (wallets ship W5 this way) stands for the
 * code whose hash it carries, so the full code and its library reference are the same wallet.
 */
function codeHash(code: Cell): string {
  if (code.type === CellType.Library) return code.bits.substring(8, 256).toString().toLowerCase();
  return code.hash().toString('hex');
}

/** The public key a wallet state init carries, for the wallet versions we know; null otherwise. */
export function publicKeyFromStateInit(init: StateInit): Buffer | null {
  if (!init.code || !init.data) return null;
  const known = KNOWN_CODES.get(codeHash(init.code));
  if (!known) return null;
  const s = init.data.beginParse();
  // A known code with data too short for its layout is not a wallet we can read.
  if (s.remainingBits < known.keyAt + 256) return null;
  s.skip(known.keyAt);
  return s.loadBuffer(32);
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
