import { randomBytes } from 'node:crypto';
import { Address, beginCell, Cell, contractAddress, storeStateInit, toNano, type StateInit } from '@ton/core';
import { keyPairFromSeed, sign, type KeyPair } from '@ton/crypto';
import { Blockchain } from '@ton/sandbox';
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
import { sandboxGateway } from '../../test/ton.ts';
import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { proofMessage, type TonProofInput } from './ton-proof.ts';

const h = useHarness({ PUBLIC_URL: 'https://loyalty.example', TON_NETWORK: 'testnet' });
const me = { telegramId: 8501, firstName: 'Wally' };

type WalletKind = 'v4' | 'v5';
function wallet(kind: WalletKind = 'v4', keys: KeyPair = keyPairFromSeed(randomBytes(32))) {
  const contract = kind === 'v4'
    ? WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey })
    : WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey });
  return { keys, contract };
}

type AnyWallet = { keys: KeyPair; contract: { address: Address; init: StateInit } };

function proofFor(
  w: AnyWallet,
  payload: string,
  o: { domain?: string; timestamp?: number; signWith?: KeyPair; chain?: '-3' | '-239'; publicKey?: Buffer } = {},
): TonProofInput {
  const domain = o.domain ?? 'loyalty.example';
  const timestamp = o.timestamp ?? Math.floor(h.clock.now().getTime() / 1000);
  const signature = sign(proofMessage(w.contract.address, domain, timestamp, payload), (o.signWith ?? w.keys).secretKey);
  return {
    account: {
      address: w.contract.address.toRawString(),
      chain: o.chain ?? '-3',
      publicKey: (o.publicKey ?? w.keys.publicKey).toString('hex'),
      walletStateInit: beginCell().store(storeStateInit(w.contract.init)).endCell().toBoc().toString('base64'),
    },
    proof: { timestamp, domain: { lengthBytes: Buffer.byteLength(domain), value: domain }, payload, signature: signature.toString('base64') },
  };
}

describe('linking a wallet with ton_proof', () => {
  it('links a deployed sandbox wallet that signed our one-time payload, and pays the connect-wallet task', async () => {
    const chain = await Blockchain.create();
    const w = wallet('v4');
    const funder = await chain.treasury('funder');
    const opened = chain.openContract(w.contract);
    await funder.send({ to: w.contract.address, value: toNano('1'), init: w.contract.init, bounce: false });
    expect((await opened.getSeqno())).toBe(0);
    const task = await h.task({ type: 'CONNECT_WALLET', reward: 250n });

    // The server sees this chain, and asks it nothing: a wallet of known code proves its key by its state init.
    const gateway = sandboxGateway(chain);
    const asked: string[] = [];
    h.deps.ton = { ...gateway, runGetMethod: (a, m, args) => (asked.push(m), gateway.runGetMethod(a, m, args)) };
    const { payload } = await h.as(me).wallet.proofPayload();
    let linked;
    try {
      linked = await h.as(me).wallet.link(proofFor(w, payload));
    } finally {
      h.deps.ton = null;
    }
    expect(asked).toEqual([]);
    expect(linked).toMatchObject({ address: w.contract.address.toRawString(), chain: '-3' });
    // What it linked is the wallet live on chain, whose key is the one that signed.
    expect(await gateway.isDeployed(w.contract.address)).toBe(true);
    expect((await gateway.runGetMethod(w.contract.address, 'get_public_key')).readBigNumber()).toBe(BigInt(`0x${w.keys.publicKey.toString('hex')}`));
    expect(await h.as(me).wallet.get()).toMatchObject({ address: w.contract.address.toRawString() });
    // The task is paid by the worker after the link commits.
    await h.drain();
    expect((await h.as(me).tasks.list()).find((t) => t.id === task.id)).toMatchObject({ state: 'claimed' });
    expect((await h.as(me).ledger.balances()).find((b) => b.currency === 'POINTS')!.amount).toBe('250');
    await h.expectLedgerBalanced();
  });

  it('accepts W5 wallets too', async () => {
    const w = wallet('v5');
    const { payload } = await h.as(me).wallet.proofPayload();
    expect(await h.as(me).wallet.link(proofFor(w, payload))).toMatchObject({ address: w.contract.address.toRawString() });
  });

  it('never accepts the same proof twice, for anyone', async () => {
    const w = wallet();
    const { payload } = await h.as(me).wallet.proofPayload();
    const proof = proofFor(w, payload);
    await h.as(me).wallet.link(proof);
    expect(await failure(h.as(me).wallet.link(proof))).toMatchObject({ appCode: 'PROOF_PAYLOAD_INVALID' });
    expect(await failure(h.as({ telegramId: 8502 }).wallet.link(proof))).toMatchObject({ appCode: 'PROOF_PAYLOAD_INVALID' });
  });

  it('refuses an expired proof, a payload that expired, another domain, another key, another network', async () => {
    const w = wallet();
    const { payload } = await h.as(me).wallet.proofPayload();
    const old = Math.floor(h.clock.now().getTime() / 1000) - 3600;
    const cases: [TonProofInput, string][] = [
      [proofFor(w, payload, { timestamp: old }), 'EXPIRED'],
      [proofFor(w, payload, { domain: 'evil.example' }), 'WRONG_DOMAIN'],
      [proofFor(w, payload, { signWith: keyPairFromSeed(randomBytes(32)) }), 'BAD_SIGNATURE'],
      [proofFor(w, payload, { publicKey: keyPairFromSeed(randomBytes(32)).publicKey }), 'PUBLIC_KEY_MISMATCH'],
      [proofFor(w, payload, { chain: '-239' }), 'WRONG_NETWORK'],
    ];
    for (const [proof, reason] of cases) {
      const e = await failure(h.as(me).wallet.link(proof));
      expect(e, reason).toMatchObject({ code: 'BAD_REQUEST', appCode: 'PROOF_INVALID', details: { reason } });
    }
    // The address must be the one the state init deploys to.
    const other = wallet();
    const mixed = proofFor(w, payload);
    mixed.account.walletStateInit = proofFor(other, payload).account.walletStateInit;
    expect(await failure(h.as(me).wallet.link(mixed))).toMatchObject({ appCode: 'PROOF_INVALID', details: { reason: 'ADDRESS_MISMATCH' } });
    // Our payload expires after ten minutes.
    h.clock.advance({ minutes: 11 });
    expect(await failure(h.as(me).wallet.link(proofFor(w, payload)))).toMatchObject({ appCode: 'PROOF_PAYLOAD_INVALID' });
    expect(await h.as(me).wallet.get()).toBeNull();
  });

  it('refuses a payload issued to someone else, and a wallet linked to another participant', async () => {
    const w = wallet();
    const theirs = await h.as({ telegramId: 8503 }).wallet.proofPayload();
    expect(await failure(h.as(me).wallet.link(proofFor(w, theirs.payload)))).toMatchObject({ appCode: 'PROOF_PAYLOAD_INVALID' });
    await h.as({ telegramId: 8503 }).wallet.link(proofFor(w, theirs.payload));
    const mine = await h.as(me).wallet.proofPayload();
    expect(await failure(h.as(me).wallet.link(proofFor(w, mine.payload)))).toMatchObject({ appCode: 'WALLET_TAKEN', code: 'CONFLICT' });
  });

  it('relinks to a new wallet and audits it', async () => {
    const a = wallet();
    const b = wallet();
    await h.as(me).wallet.link(proofFor(a, (await h.as(me).wallet.proofPayload()).payload));
    await h.as(me).wallet.link(proofFor(b, (await h.as(me).wallet.proofPayload()).payload));
    expect(await h.as(me).wallet.get()).toMatchObject({ address: b.contract.address.toRawString() });
    const log = await h.deps.prisma.auditLog.findMany({ where: { action: { startsWith: 'wallet.' } }, orderBy: { id: 'asc' } });
    expect(log.map((l) => l.action)).toEqual(['wallet.linked', 'wallet.relinked']);
    expect(log[1].data).toMatchObject({ previous: a.contract.address.toRawString() });
  });

  it('asks a deployed wallet of an unknown kind for its key with get_public_key', async () => {
    const chain = await Blockchain.create();
    const keys = keyPairFromSeed(randomBytes(32));
    // No wallet version we know: any call returns the key kept in its data (DROP; PUSHROOT; CTOS; PLDU 256).
    const init = { code: beginCell().storeBuffer(Buffer.from('30ed44d0d70bff', 'hex')).endCell(), data: beginCell().storeBuffer(keys.publicKey).endCell() };
    const w: AnyWallet = { keys, contract: { address: contractAddress(0, init), init } };
    const { payload } = await h.as(me).wallet.proofPayload();
    expect(await failure(h.as(me).wallet.link(proofFor(w, payload)))).toMatchObject({ details: { reason: 'UNKNOWN_WALLET' } });
    const funder = await chain.treasury('funder');
    await funder.send({ to: w.contract.address, value: toNano('1'), init, bounce: false });
    h.deps.ton = sandboxGateway(chain);
    try {
      expect(await h.as(me).wallet.link(proofFor(w, payload))).toMatchObject({ address: w.contract.address.toRawString() });
    } finally {
      h.deps.ton = null;
    }
  });

  it('rejects malformed input at the edge', async () => {
    const e = await failure(h.as(me).wallet.link({ account: { address: 'nope' } } as never));
    expect(e.code).toBe('BAD_REQUEST');
  });
});

// Every wallet version @ton/ton ships, as TON Connect hands it over before the first deploy.
const versions: [string, (publicKey: Buffer) => { address: Address; init: StateInit }][] = [
  ['v1r1', (publicKey) => WalletContractV1R1.create({ workchain: 0, publicKey })],
  ['v1r2', (publicKey) => WalletContractV1R2.create({ workchain: 0, publicKey })],
  ['v1r3', (publicKey) => WalletContractV1R3.create({ workchain: 0, publicKey })],
  ['v2r1', (publicKey) => WalletContractV2R1.create({ workchain: 0, publicKey })],
  ['v2r2', (publicKey) => WalletContractV2R2.create({ workchain: 0, publicKey })],
  ['v3r1', (publicKey) => WalletContractV3R1.create({ workchain: 0, publicKey })],
  ['v3r2', (publicKey) => WalletContractV3R2.create({ workchain: 0, publicKey })],
  ['v4', (publicKey) => WalletContractV4.create({ workchain: 0, publicKey })],
  ['W5 beta (code as a library cell)', (publicKey) => WalletContractV5Beta.create({ walletId: { networkGlobalId: -3 }, publicKey })],
  ['W5R1', (publicKey) => WalletContractV5R1.create({ workchain: 0, walletId: { networkGlobalId: -3 }, publicKey })],
  ['W5R1 (code as a library cell)', (publicKey) => asLibrary(WalletContractV5R1.create({ workchain: 0, walletId: { networkGlobalId: -3 }, publicKey }))],
];

/** The same wallet with its code sent as a library reference, as wallet apps deploy W5. */
function asLibrary(c: { init: StateInit }) {
  const code = new Cell({ exotic: true, bits: beginCell().storeUint(2, 8).storeBuffer(c.init.code!.hash()).endCell().bits });
  const init = { code, data: c.init.data };
  return { address: contractAddress(0, init), init };
}

describe.each(versions)('linking an undeployed %s wallet', (_name, make) => {
  it('links with a genuine proof; refuses the replay, another address, another key by their codes', async () => {
    const keys = keyPairFromSeed(randomBytes(32));
    const w: AnyWallet = { keys, contract: make(keys.publicKey) };
    const { payload } = await h.as(me).wallet.proofPayload();
    const proof = proofFor(w, payload);

    expect(await h.as(me).wallet.link(proof)).toMatchObject({ address: w.contract.address.toRawString(), chain: '-3' });
    expect(await h.as(me).wallet.get()).toMatchObject({ address: w.contract.address.toRawString() });
    expect(await failure(h.as(me).wallet.link(proof))).toMatchObject({ appCode: 'PROOF_PAYLOAD_INVALID' });

    const fresh = (await h.as(me).wallet.proofPayload()).payload;
    const elsewhere = proofFor(w, fresh);
    elsewhere.account.address = proofFor({ keys, contract: make(keyPairFromSeed(randomBytes(32)).publicKey) }, fresh).account.address;
    expect(await failure(h.as(me).wallet.link(elsewhere))).toMatchObject({ appCode: 'PROOF_INVALID', details: { reason: 'ADDRESS_MISMATCH' } });
    const forged = proofFor(w, fresh, { signWith: keyPairFromSeed(randomBytes(32)) });
    expect(await failure(h.as(me).wallet.link(forged))).toMatchObject({ appCode: 'PROOF_INVALID', details: { reason: 'BAD_SIGNATURE' } });
    const claimed = proofFor(w, fresh, { publicKey: keyPairFromSeed(randomBytes(32)).publicKey });
    expect(await failure(h.as(me).wallet.link(claimed))).toMatchObject({ appCode: 'PROOF_INVALID', details: { reason: 'PUBLIC_KEY_MISMATCH' } });
    // Still the wallet the genuine proof linked.
    expect(await h.as(me).wallet.get()).toMatchObject({ address: w.contract.address.toRawString() });
  });
});
