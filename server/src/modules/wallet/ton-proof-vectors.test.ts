import { randomBytes } from 'node:crypto';
import { Address, beginCell, storeStateInit } from '@ton/core';
import { keyPairFromSeed, sign, type KeyPair } from '@ton/crypto';
import { WalletContractV4 } from '@ton/ton';
import { describe, expect, it } from 'vitest';
import { proofMessage, publicKeyFromStateInit, verifyTonProof, type TonProofInput, type VerifyOptions } from './ton-proof.ts';

// ton_proof checked on its own: the signed message against vectors computed apart from the code (the
// TON Connect specification, in Python's hashlib), and each refusal at its edge. The wallet tests sign
// with proofMessage itself, so only known answers pin the message down. From `pnpm mutate`'s survivors.
const HASH = '83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8';
const NOW = new Date('2026-12-06T00:00:00.000Z');
const TS = Math.floor(NOW.getTime() / 1000);

describe('the message a wallet signs', () => {
  it('is sha256(ffff "ton-connect" sha256("ton-proof-item-v2/" wc address len(domain) domain ts payload)), as TON Connect defines', () => {
    // python: m = b'ton-proof-item-v2/' + pack('>i', wc) + hash + pack('<I', len(d)) + d + pack('<Q', ts) + payload
    expect(proofMessage(Address.parseRaw(`0:${HASH}`), 'loyalty.example', TS, 'abc123').toString('hex')).toBe('03af90c2b6fb538ecdf169d5291367981e212d57b74141b36c2a09441f2122ab');
    expect(proofMessage(Address.parseRaw(`-1:${HASH}`), 'loyalty.example', TS, 'abc123').toString('hex')).toBe('53fe19bd7ddcc99e3fc03ae037af9a8c4e172f4c4baf165959cc69936ac0e80f');
  });
});

const opts: VerifyOptions = { network: 'testnet', domain: 'loyalty.example', now: NOW, maxAgeSeconds: 900 };

function proof(o: { keys?: KeyPair; timestamp?: number; domain?: string; lengthBytes?: number; signature?: string; publicKey?: string } = {}) {
  const keys = o.keys ?? keyPairFromSeed(Buffer.alloc(32, 7));
  const w = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
  const domain = o.domain ?? 'loyalty.example';
  const timestamp = o.timestamp ?? TS;
  const signature = o.signature ?? sign(proofMessage(w.address, domain, timestamp, 'p-1'), keys.secretKey).toString('base64');
  const input: TonProofInput = {
    account: { address: w.address.toRawString(), chain: '-3', publicKey: o.publicKey ?? keys.publicKey.toString('hex'), walletStateInit: beginCell().store(storeStateInit(w.init)).endCell().toBoc().toString('base64') },
    proof: { timestamp, domain: { lengthBytes: o.lengthBytes ?? Buffer.byteLength(domain), value: domain }, payload: 'p-1', signature },
  };
  return { input, keys, w };
}
const reason = async (input: TonProofInput, o: Partial<VerifyOptions> = {}) => {
  const r = await verifyTonProof(input, { ...opts, ...o });
  return r.ok ? 'OK' : r.reason;
};

describe('verifying a ton_proof', () => {
  it('accepts a genuine proof, with the key in any case or left out, and answers the address and key', async () => {
    const { input, keys, w } = proof();
    const r = await verifyTonProof(input, opts);
    expect(r).toMatchObject({ ok: true, publicKey: keys.publicKey });
    expect(r.ok && r.address.equals(w.address)).toBe(true);
    expect(await reason({ ...input, account: { ...input.account, publicKey: input.account.publicKey.toUpperCase() } })).toBe('OK');
    expect(await reason({ ...input, account: { ...input.account, publicKey: '' } })).toBe('OK');
    // Mainnet wallets say -239.
    expect(await reason({ ...input, account: { ...input.account, chain: '-239' } }, { network: 'mainnet' })).toBe('OK');
    expect(await reason(input, { network: 'mainnet' })).toBe('WRONG_NETWORK');
  });

  it('refuses an address or a state init that does not parse', async () => {
    const { input } = proof();
    expect(await reason({ ...input, account: { ...input.account, address: 'not-an-address' } })).toBe('BAD_ADDRESS');
    expect(await reason({ ...input, account: { ...input.account, walletStateInit: 'AAAA' } })).toBe('BAD_STATE_INIT');
  });

  it('takes a proof up to its maximum age and a minute from the future, not a second more', async () => {
    expect(await reason(proof({ timestamp: TS - 900 }).input)).toBe('OK');
    expect(await reason(proof({ timestamp: TS - 901 }).input)).toBe('EXPIRED');
    expect(await reason(proof({ timestamp: TS + 60 }).input)).toBe('OK');
    expect(await reason(proof({ timestamp: TS + 61 }).input)).toBe('EXPIRED');
  });

  it('refuses a domain whose stated length is not its length, and a signature of the wrong size', async () => {
    expect(await reason(proof({ lengthBytes: 14 }).input)).toBe('WRONG_DOMAIN');
    expect(await reason(proof({ domain: 'loyalty.example.evil' }).input)).toBe('WRONG_DOMAIN');
    const good = proof();
    const sig = Buffer.from(good.input.proof.signature, 'base64');
    expect(await reason({ ...good.input, proof: { ...good.input.proof, signature: sig.subarray(0, 63).toString('base64') } })).toBe('BAD_SIGNATURE');
    expect(await reason({ ...good.input, proof: { ...good.input.proof, signature: Buffer.concat([sig, Buffer.alloc(1)]).toString('base64') } })).toBe('BAD_SIGNATURE');
  });

  it('asks the chain for the key of a wallet it does not know, and takes a failed answer as no key', async () => {
    const keys = keyPairFromSeed(randomBytes(32));
    const { input } = proof({ keys });
    // Not a known wallet code: the state init of some other contract at its own address.
    const init = { code: beginCell().storeUint(0xabcdef, 24).endCell(), data: beginCell().storeBuffer(keys.publicKey).endCell() };
    const { contractAddress } = await import('@ton/core');
    const address = contractAddress(0, init);
    const unknown: TonProofInput = {
      account: { ...input.account, address: address.toRawString(), walletStateInit: beginCell().store(storeStateInit(init)).endCell().toBoc().toString('base64') },
      proof: { ...input.proof, signature: sign(proofMessage(address, 'loyalty.example', TS, 'p-1'), keys.secretKey).toString('base64') },
    };
    expect(await reason(unknown)).toBe('UNKNOWN_WALLET');
    expect(await reason(unknown, { getPublicKey: async () => keys.publicKey })).toBe('OK');
    expect(await reason(unknown, { getPublicKey: async () => null })).toBe('UNKNOWN_WALLET');
    expect(await reason(unknown, { getPublicKey: () => Promise.reject(new Error('not deployed')) })).toBe('UNKNOWN_WALLET');
  });
});

describe('the key in a state init', () => {
  it('is read for a known wallet, and not for one without code, without data or with data too short', () => {
    const keys = keyPairFromSeed(Buffer.alloc(32, 9));
    const { init } = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
    expect(publicKeyFromStateInit(init)).toEqual(keys.publicKey);
    expect(publicKeyFromStateInit({ data: init.data })).toBeNull();
    expect(publicKeyFromStateInit({ code: init.code })).toBeNull();
    // v4 keeps seqno and wallet id (64 bits) before the key: 64 + 255 bits is one short.
    expect(publicKeyFromStateInit({ code: init.code, data: beginCell().storeUint(0, 64).storeUint(0, 255).endCell() })).toBeNull();
    expect(publicKeyFromStateInit({ code: init.code, data: beginCell().storeUint(0, 64).storeBuffer(keys.publicKey).endCell() })).toEqual(keys.publicKey);
  });
});
