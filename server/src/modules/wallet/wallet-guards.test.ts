import { randomBytes } from 'node:crypto';
import { beginCell, contractAddress, storeStateInit } from '@ton/core';
import { keyPairFromSeed, sign } from '@ton/crypto';
import { WalletContractV4 } from '@ton/ton';
import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { proofMessage, type TonProofInput } from './ton-proof.ts';

// Linking a wallet: what the participant is told for each refusal, how long our payload lasts, what the
// audit keeps. Written from `pnpm mutate`'s survivors (scripts/mutate).
const h = useHarness({ PUBLIC_URL: 'https://loyalty.example', TON_NETWORK: 'testnet' });
const me = { telegramId: 8551, firstName: 'Wendy' };

function proofFor(payload: string, o: { domain?: string; chain?: '-3' | '-239'; ageSeconds?: number; forged?: boolean; unknownCode?: boolean } = {}): TonProofInput {
  const keys = keyPairFromSeed(randomBytes(32));
  const init = o.unknownCode
    ? { code: beginCell().storeUint(0x123456, 24).endCell(), data: beginCell().storeBuffer(keys.publicKey).endCell() }
    : WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }).init;
  const address = contractAddress(0, init);
  const domain = o.domain ?? 'loyalty.example';
  const timestamp = Math.floor(h.clock.now().getTime() / 1000) - (o.ageSeconds ?? 0);
  const signer = o.forged ? keyPairFromSeed(randomBytes(32)) : keys;
  return {
    account: { address: address.toRawString(), chain: o.chain ?? '-3', publicKey: keys.publicKey.toString('hex'), walletStateInit: beginCell().store(storeStateInit(init)).endCell().toBoc().toString('base64') },
    proof: { timestamp, domain: { lengthBytes: Buffer.byteLength(domain), value: domain }, payload, signature: sign(proofMessage(address, domain, timestamp, payload), signer.secretKey).toString('base64') },
  };
}

describe('a refused wallet proof', () => {
  it('tells the participant why, in words, with the reason as its detail', async () => {
    const { payload } = await h.as(me).wallet.proofPayload();
    const cases: [TonProofInput, string, string][] = [
      [proofFor(payload, { chain: '-239' }), 'WRONG_NETWORK', 'This wallet is on another TON network.'],
      [proofFor(payload, { domain: 'evil.example' }), 'WRONG_DOMAIN', 'The proof was made for another site.'],
      [proofFor(payload, { ageSeconds: 3600 }), 'EXPIRED', 'The wallet proof is too old. Connect the wallet again.'],
      [proofFor(payload, { unknownCode: true }), 'UNKNOWN_WALLET', 'This wallet type is not supported for linking.'],
      [proofFor(payload, { forged: true }), 'BAD_SIGNATURE', 'The wallet could not prove it belongs to you.'],
    ];
    for (const [proof, reason, message] of cases) {
      expect(await failure(h.as(me).wallet.link(proof)), reason).toEqual({ code: 'BAD_REQUEST', appCode: 'PROOF_INVALID', message, details: { reason } });
    }
    // None of them spent the payload.
    expect(await h.as(me).wallet.link(proofFor(payload))).toMatchObject({ chain: '-3' });
  });
});

describe('our one-time payload', () => {
  it('lasts ten minutes from when it was asked for, to the millisecond', async () => {
    const asked = await h.as(me).wallet.proofPayload();
    expect(asked.payload).toMatch(/^[0-9a-f]{64}$/);
    expect(asked.expiresAt).toBe(new Date(h.clock.now().getTime() + 10 * 60_000).toISOString());
    h.clock.advance({ minutes: 9, seconds: 59 });
    expect(await h.as(me).wallet.link(proofFor(asked.payload))).toMatchObject({ chain: '-3' });

    const late = await h.as(me).wallet.proofPayload();
    h.clock.advance({ minutes: 10 });
    expect(await failure(h.as(me).wallet.link(proofFor(late.payload)))).toEqual({
      code: 'BAD_REQUEST', appCode: 'PROOF_PAYLOAD_INVALID', message: 'This wallet proof was already used or has expired. Connect the wallet again.', details: undefined,
    });
  });

  it('links once and audits the first link with no previous wallet', async () => {
    const proof = proofFor((await h.as(me).wallet.proofPayload()).payload);
    const linked = await h.as(me).wallet.link(proof);
    expect(linked).toEqual({ address: proof.account.address, chain: '-3', linkedAt: h.clock.now().toISOString() });
    const row = await h.deps.prisma.wallet.findFirstOrThrow();
    expect(row.publicKey).toBe(proof.account.publicKey);
    const [log] = await h.deps.prisma.auditLog.findMany({ where: { action: { startsWith: 'wallet.' } } });
    expect(log).toMatchObject({ action: 'wallet.linked', subjectType: 'participant', data: { address: proof.account.address, previous: null } });
    const taken = await failure(h.as({ telegramId: 8552, firstName: 'Other' }).wallet.link({ ...proof, proof: { ...proof.proof } }));
    expect(taken).toMatchObject({ code: 'BAD_REQUEST', appCode: 'PROOF_PAYLOAD_INVALID' });
  });
});
