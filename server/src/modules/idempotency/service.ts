import { createHash } from 'node:crypto';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import type { Tx } from '../ledger/service.ts';

/** A request under an idempotency key: which procedure, and a digest of its input. */
export interface Idem {
  key: string;
  procedure: string;
  requestHash: string;
}

const canonical = (v: unknown): unknown => {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
};

/** The Idem of a procedure's parsed input, or undefined when the caller sent no key. */
export function idemOf(procedure: string, input: { idempotencyKey?: string }): Idem | undefined {
  const { idempotencyKey: key, ...rest } = input;
  if (!key) return undefined;
  const requestHash = createHash('sha256').update(JSON.stringify(canonical(rest))).digest('hex');
  return { key, procedure, requestHash };
}

/**
 * Runs `effect` once per (participant, key), inside the caller's transaction, and keeps its answer.
 * The key's row is inserted first: a concurrent duplicate waits on it until the first commits, then
 * answers with the stored result; if the first rolled back (a refusal), the duplicate does the work.
 * The same key with another procedure or input is refused.
 */
export async function once<R>(tx: Tx, participantId: number, idem: Idem | undefined, effect: () => Promise<R>): Promise<{ value: R; replayed: boolean }> {
  if (!idem) return { value: await effect(), replayed: false };
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO "IdempotencyKey" ("participantId", "key", "procedure", "requestHash") VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    participantId,
    idem.key,
    idem.procedure,
    idem.requestHash,
  );
  if (inserted === 0) {
    const prev = await tx.idempotencyKey.findUniqueOrThrow({ where: { participantId_key: { participantId, key: idem.key } } });
    if (prev.procedure !== idem.procedure || prev.requestHash !== idem.requestHash) {
      throw new DomainError(
        AppCodes.IDEMPOTENCY_KEY_REUSED,
        'CONFLICT',
        'This idempotency key was already used for a different request. Use a new key for a new action.',
        { procedure: prev.procedure },
      );
    }
    return { value: prev.result as R, replayed: true };
  }
  const value = await effect();
  // Answer with the stored form (jsonb orders keys its own way), so the first call and its repeats read alike.
  const saved = await tx.idempotencyKey.update({
    where: { participantId_key: { participantId, key: idem.key } },
    data: { result: value as P.InputJsonValue },
    select: { result: true },
  });
  return { value: saved.result as R, replayed: false };
}

/** Lets a key be used again, when its effect was undone after commit (a provider refused to start a payment). */
export async function forgetKey(db: Pick<Tx, 'idempotencyKey'>, participantId: number, idem: Idem | undefined): Promise<void> {
  if (idem) await db.idempotencyKey.deleteMany({ where: { participantId, key: idem.key } });
}
