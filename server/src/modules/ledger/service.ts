import type { Currency, Prisma as P } from '../../generated/prisma/client.ts';
import { AppCodes, DomainError, err, isCheckViolation } from '../../lib/errors.ts';
import { SYSTEM_SHARDS, type AccountRef } from './accounts.ts';

export type Tx = P.TransactionClient;

export interface TransferInput {
  /** Client-chosen and unique forever: a retried request reuses it and changes nothing. */
  key: string;
  debit: AccountRef;
  credit: AccountRef;
  currency: Currency;
  amount: bigint;
  kind: string;
  reference?: string | null;
  meta?: Record<string, unknown> | null;
}

export interface TransferResult {
  id: bigint;
  /** False when the key was seen before: the earlier transfer stands, nothing moved now. */
  created: boolean;
}

type Row = { id: bigint | null; debit: number | null; credit: number | null };

/** [participant id, system code, shard] for the ledger_transfer function (see its migration). */
function refParams(ref: AccountRef): [number | null, string | null, number] {
  if ('participantId' in ref) return [ref.participantId, null, 0];
  const shard = ref.shard ?? Math.floor(Math.random() * SYSTEM_SHARDS);
  return [null, ref.system, shard % SYSTEM_SHARDS];
}

const TRANSFER_SQL = `SELECT transfer_id AS id, debit_id AS debit, credit_id AS credit
  FROM "ledger_transfer"($1, $2, $3::"Currency", $4::bigint, $5::int, $6, $7::int, $8::int, $9, $10::int, $11::"TransferStatus", $12::bigint, $13, $14::jsonb)`;

type Status = 'POSTED' | 'PENDING';

async function insertTransfer(
  tx: Tx,
  input: TransferInput,
  status: Status,
  pendingId: bigint | null,
): Promise<TransferResult> {
  if (input.amount <= 0n) {
    throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'A transfer amount must be positive.');
  }
  let rows: Row[];
  try {
    rows = await tx.$queryRawUnsafe<Row[]>(
      TRANSFER_SQL,
      input.key,
      input.kind,
      input.currency,
      input.amount,
      ...refParams(input.debit),
      ...refParams(input.credit),
      status,
      pendingId,
      input.reference ?? null,
      input.meta ? JSON.stringify(input.meta) : null,
    );
  } catch (e) {
    if (isCheckViolation(e)) throw err.insufficientFunds(input.currency);
    throw e;
  }
  const row = rows[0];
  if (row.debit == null || row.credit == null) {
    throw new Error(`Ledger account missing for ${row.debit == null ? 'debit' : 'credit'} (${input.currency}).`);
  }
  if (row.id != null) return { id: BigInt(row.id), created: true };
  return { id: await sameAsBefore(tx, input, row.debit, row.credit), created: false };
}

async function sameAsBefore(tx: Tx, input: TransferInput, debit: number, credit: number): Promise<bigint> {
  const prev = await tx.transfer.findUnique({ where: { idempotencyKey: input.key } });
  if (!prev) throw new Error(`Transfer ${input.key} conflicted but cannot be read.`);
  const sameSystemSide = (ref: AccountRef, prevId: number, nowId: number) => 'system' in ref || prevId === nowId;
  if (
    prev.amount !== input.amount ||
    prev.currency !== input.currency ||
    prev.kind !== input.kind ||
    !sameSystemSide(input.debit, prev.debitAccountId, debit) ||
    !sameSystemSide(input.credit, prev.creditAccountId, credit)
  ) {
    throw new DomainError(
      AppCodes.IDEMPOTENCY_MISMATCH,
      'CONFLICT',
      'This request was already made with different details.',
    );
  }
  return prev.id;
}

/** Moves money once. Must run inside the caller's database transaction. */
export function transfer(tx: Tx, input: TransferInput): Promise<TransferResult> {
  return insertTransfer(tx, input, 'POSTED', null);
}

/** Phase one of a two-phase transfer: the amount leaves the debit account and waits in a hold. */
export function hold(tx: Tx, input: TransferInput): Promise<TransferResult> {
  return insertTransfer(tx, input, 'PENDING', null);
}

export interface ResolveInput {
  key: string;
  pendingId: bigint;
  kind: string;
  reference?: string | null;
  meta?: Record<string, unknown> | null;
}

/** Phase two: the held amount goes on to `to` (e.g. payouts). Exactly one post or void per hold. */
export async function postPending(tx: Tx, input: ResolveInput & { to: AccountRef }): Promise<TransferResult> {
  return resolvePending(tx, input, 'PENDING_POSTED', input.to);
}

/** Phase two, the other way: the held amount returns to where it came from. */
export async function voidPending(tx: Tx, input: ResolveInput): Promise<TransferResult> {
  return resolvePending(tx, input, 'PENDING_VOIDED', null);
}

async function resolvePending(
  tx: Tx,
  input: ResolveInput,
  status: 'PENDING_POSTED' | 'PENDING_VOIDED',
  to: AccountRef | null,
): Promise<TransferResult> {
  const pending = await tx.transfer.findUnique({ where: { id: input.pendingId }, include: { debitAccount: true, creditAccount: true } });
  if (!pending || pending.status === 'POSTED') throw err.notFound('Pending transfer');
  const holdRef: AccountRef = { system: pending.creditAccount.code as never, shard: pending.creditAccount.shard };
  const back: AccountRef = pending.debitAccount.participantId != null
    ? { participantId: pending.debitAccount.participantId }
    : { system: pending.debitAccount.code as never, shard: pending.debitAccount.shard };
  const leg: TransferInput = {
    key: input.key,
    debit: holdRef,
    credit: to ?? back,
    currency: pending.currency,
    amount: pending.amount,
    kind: input.kind,
    reference: input.reference ?? pending.reference,
    meta: input.meta,
  };
  const flipped = await tx.transfer.updateMany({ where: { id: pending.id, status: 'PENDING' }, data: { status } });
  if (flipped.count === 0) {
    const existing = await tx.transfer.findUnique({ where: { pendingId: pending.id } });
    if (existing && existing.idempotencyKey === input.key && pending.status === status) {
      return { id: existing.id, created: false };
    }
    throw new DomainError(AppCodes.TRANSFER_ALREADY_RESOLVED, 'CONFLICT', 'This hold was already settled.');
  }
  return insertTransfer(tx, leg, 'POSTED', pending.id);
}
