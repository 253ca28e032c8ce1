import { randomBytes } from 'node:crypto';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError, isUniqueViolation } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { emit } from '../events/emit.ts';
import { verifyTonProof, type TonProofInput } from './ton-proof.ts';

const PAYLOAD_TTL_MS = 10 * 60_000;
const PROOF_MAX_AGE_S = 15 * 60;

/** A one-time payload for ton_proof, bound to the participant who asked. */
export async function issueProofPayload(deps: AppDeps, me: Participant) {
  const now = deps.clock.now();
  const payload = randomBytes(32).toString('hex');
  await deps.prisma.proofPayload.create({ data: { payload, participantId: me.id, expiresAt: new Date(now.getTime() + PAYLOAD_TTL_MS), createdAt: now } });
  return { payload, expiresAt: new Date(now.getTime() + PAYLOAD_TTL_MS).toISOString() };
}

export function walletView(w: { address: string; chain: string; linkedAt: Date } | null) {
  return w ? { address: w.address, chain: w.chain, linkedAt: w.linkedAt.toISOString() } : null;
}

/**
 * Links the wallet that signed our payload. The payload is spent in the same transaction that links,
 * so a proof is accepted once, for anyone.
 */
export async function linkWallet(deps: AppDeps, me: Participant, input: TonProofInput) {
  const now = deps.clock.now();
  const domain = new URL(deps.config.publicUrl).host;
  const ton = deps.ton;
  const res = await verifyTonProof(input, {
    network: deps.config.ton.network,
    domain,
    now,
    maxAgeSeconds: PROOF_MAX_AGE_S,
    // Wallets whose code we do not know can still prove their key through get_public_key once deployed.
    getPublicKey: ton
      ? async (address) => {
          const key = (await ton.runGetMethod(address, 'get_public_key')).readBigNumber();
          return Buffer.from(key.toString(16).padStart(64, '0'), 'hex');
        }
      : undefined,
  });
  if (!res.ok) {
    throw new DomainError(AppCodes.PROOF_INVALID, 'BAD_REQUEST', proofMessage(res.reason), { reason: res.reason });
  }
  const address = res.address.toRawString();
  const linked = await inTx(deps.prisma, async (tx) => {
    const spent = await tx.proofPayload.updateMany({
      where: { payload: input.proof.payload, participantId: me.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (spent.count === 0) {
      throw new DomainError(AppCodes.PROOF_PAYLOAD_INVALID, 'BAD_REQUEST', 'This wallet proof was already used or has expired. Connect the wallet again.');
    }
    const previous = await tx.wallet.findUnique({ where: { participantId: me.id } });
    try {
      const wallet = previous
        ? await tx.wallet.update({ where: { participantId: me.id }, data: { address, chain: input.account.chain, publicKey: res.publicKey.toString('hex'), linkedAt: now } })
        : await tx.wallet.create({ data: { participantId: me.id, address, chain: input.account.chain, publicKey: res.publicKey.toString('hex'), linkedAt: now } });
      await audit(tx, {
        actorId: me.id,
        action: previous ? 'wallet.relinked' : 'wallet.linked',
        subjectType: 'participant',
        subjectId: me.id,
        data: { address, previous: previous?.address ?? null },
      });
      await emit(tx, 'wallet.linked', { participantId: me.id }, { key: `wallet:${me.id}:linked:${input.proof.payload}` });
      return wallet;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError(AppCodes.WALLET_TAKEN, 'CONFLICT', 'This wallet is already linked to another participant.');
      throw e;
    }
  });
  return walletView(linked);
}

function proofMessage(reason: string): string {
  switch (reason) {
    case 'WRONG_NETWORK':
      return 'This wallet is on another TON network.';
    case 'WRONG_DOMAIN':
      return 'The proof was made for another site.';
    case 'EXPIRED':
      return 'The wallet proof is too old. Connect the wallet again.';
    case 'UNKNOWN_WALLET':
      return 'This wallet type is not supported for linking.';
    default:
      return 'The wallet could not prove it belongs to you.';
  }
}
