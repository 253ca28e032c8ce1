import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** Stable, client-facing error codes. The Mini App translates them; never rename one. */
export const AppCodes = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  BANNED: 'BANNED',
  FORBIDDEN: 'FORBIDDEN',
  VALIDATION: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  IDEMPOTENCY_MISMATCH: 'IDEMPOTENCY_MISMATCH',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  TRANSFER_ALREADY_RESOLVED: 'TRANSFER_ALREADY_RESOLVED',
  /** Only a return of unmatched TON that failed (or was never started) can be sent again. */
  TON_RETURN_NOT_RETRYABLE: 'TON_RETURN_NOT_RETRYABLE',
  TASK_NOT_FOUND: 'TASK_NOT_FOUND',
  TASK_INACTIVE: 'TASK_INACTIVE',
  TASK_ALREADY_CLAIMED: 'TASK_ALREADY_CLAIMED',
  TASK_COOLDOWN: 'TASK_COOLDOWN',
  TASK_NOT_STARTABLE: 'TASK_NOT_STARTABLE',
  QUIZ_WRONG_ANSWER: 'QUIZ_WRONG_ANSWER',
  VISIT_NOT_STARTED: 'VISIT_NOT_STARTED',
  VISIT_TOO_EARLY: 'VISIT_TOO_EARLY',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  MEMBERSHIP_CHECK_FAILED: 'MEMBERSHIP_CHECK_FAILED',
  NOT_ENOUGH_FRIENDS: 'NOT_ENOUGH_FRIENDS',
  TASK_NOT_VERIFIABLE: 'TASK_NOT_VERIFIABLE',
  TASK_CONFIG_INVALID: 'TASK_CONFIG_INVALID',
  PARTICIPANT_NOT_FOUND: 'PARTICIPANT_NOT_FOUND',
  BUSY: 'BUSY',
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  PRODUCT_UNAVAILABLE: 'PRODUCT_UNAVAILABLE',
  SOLD_OUT: 'SOLD_OUT',
  LIMIT_REACHED: 'LIMIT_REACHED',
  CURRENCY_NOT_ACCEPTED: 'CURRENCY_NOT_ACCEPTED',
  TON_UNAVAILABLE: 'TON_UNAVAILABLE',
  PAYMENT_PROVIDER_FAILED: 'PAYMENT_PROVIDER_FAILED',
  GIFT_CATALOGUE_UNAVAILABLE: 'GIFT_CATALOGUE_UNAVAILABLE',
  GIFT_NOT_SENT: 'GIFT_NOT_SENT',
  INVOICE_NOT_FOUND: 'INVOICE_NOT_FOUND',
  INVOICE_EXPIRED: 'INVOICE_EXPIRED',
  NOT_REFUNDABLE: 'NOT_REFUNDABLE',
  REFUND_NOT_POSSIBLE: 'REFUND_NOT_POSSIBLE',
  PROOF_INVALID: 'PROOF_INVALID',
  PROOF_PAYLOAD_INVALID: 'PROOF_PAYLOAD_INVALID',
  WALLET_TAKEN: 'WALLET_TAKEN',
  WALLET_REQUIRED: 'WALLET_REQUIRED',
  WITHDRAWAL_TOO_SMALL: 'WITHDRAWAL_TOO_SMALL',
  WITHDRAWAL_DAILY_LIMIT: 'WITHDRAWAL_DAILY_LIMIT',
  WITHDRAWAL_NOT_FOUND: 'WITHDRAWAL_NOT_FOUND',
  WITHDRAWAL_STATE: 'WITHDRAWAL_STATE',
  ALREADY_APPROVED: 'ALREADY_APPROVED',
  DROP_NOT_FOUND: 'DROP_NOT_FOUND',
  DROP_NOT_OPEN: 'DROP_NOT_OPEN',
  EDITION_NOT_FOUND: 'EDITION_NOT_FOUND',
  NOT_OWNER: 'NOT_OWNER',
  EDITION_LOCKED: 'EDITION_LOCKED',
  LISTING_NOT_AVAILABLE: 'LISTING_NOT_AVAILABLE',
  OWN_LISTING: 'OWN_LISTING',
  RECIPIENT_NOT_FOUND: 'RECIPIENT_NOT_FOUND',
  MINT_UNAVAILABLE: 'MINT_UNAVAILABLE',
  COLLECTION_NOT_FOUND: 'COLLECTION_NOT_FOUND',
  /** An edit that would change editions already rolled (attribute tables, a supply below what exists). */
  COLLECTION_LOCKED: 'COLLECTION_LOCKED',
  /** A drop's schedule, price, supply or seed can change only before it opens. */
  DROP_STARTED: 'DROP_STARTED',
  /** A drop's seed is revealed only once it closed (ended or sold out). */
  DROP_STILL_OPEN: 'DROP_STILL_OPEN',
  MINT_REQUEST_NOT_FOUND: 'MINT_REQUEST_NOT_FOUND',
  MINT_NOT_RETRYABLE: 'MINT_NOT_RETRYABLE',
  MAILING_NOT_FOUND: 'MAILING_NOT_FOUND',
  MAILING_STATE: 'MAILING_STATE',
  MAILING_EMPTY_AUDIENCE: 'MAILING_EMPTY_AUDIENCE',
  BOT_NOT_CONFIGURED: 'BOT_NOT_CONFIGURED',
  MESSAGE_NOT_SENT: 'MESSAGE_NOT_SENT',
  DIALOG_NOT_FOUND: 'DIALOG_NOT_FOUND',
  /** A dialog can be assigned only to a team member whose role may answer dialogs. */
  ASSIGNEE_NOT_ALLOWED: 'ASSIGNEE_NOT_ALLOWED',
  QUICK_REPLY_NOT_FOUND: 'QUICK_REPLY_NOT_FOUND',
  EXPORT_TOO_SOON: 'EXPORT_TOO_SOON',
  ACCOUNT_NOT_DELETABLE: 'ACCOUNT_NOT_DELETABLE',
  POST_NOT_FOUND: 'POST_NOT_FOUND',
  EVENT_NOT_FOUND: 'EVENT_NOT_FOUND',
  EVENT_NOT_RETRYABLE: 'EVENT_NOT_RETRYABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  INVALID_TEXT: 'INVALID_TEXT',
  INVALID_VALUE: 'INVALID_VALUE',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** A cookie-authenticated change sent from a page that is not ours (cross-site request forgery). */
  ORIGIN_FORBIDDEN: 'ORIGIN_FORBIDDEN',
  LAST_OWNER: 'LAST_OWNER',
  ROLE_LOCKED: 'ROLE_LOCKED',
  SEASON_NOT_FOUND: 'SEASON_NOT_FOUND',
  /** The season is past the state the action needs (edit a started one, end one not started). */
  SEASON_STATE: 'SEASON_STATE',
  SEASON_DATES: 'SEASON_DATES',
  /** Community events (the calendar), not the outbox's events. */
  CALENDAR_EVENT_NOT_FOUND: 'CALENDAR_EVENT_NOT_FOUND',
  CALENDAR_EVENT_STATE: 'CALENDAR_EVENT_STATE',
  RSVP_CLOSED: 'RSVP_CLOSED',
  EVENT_FULL: 'EVENT_FULL',
  RSVP_NOT_FOUND: 'RSVP_NOT_FOUND',
  SEGMENT_NOT_FOUND: 'SEGMENT_NOT_FOUND',
  SEGMENT_NAME_TAKEN: 'SEGMENT_NAME_TAKEN',
  SEGMENT_IN_USE: 'SEGMENT_IN_USE',
  /** The task is offered to a segment the participant is not in. */
  TASK_NOT_IN_SEGMENT: 'TASK_NOT_IN_SEGMENT',
} as const;
export type AppCode = (typeof AppCodes)[keyof typeof AppCodes];

/** A rule of the domain said no. Mapped to a TRPCError in one place (trpc.ts). */
export class DomainError extends Error {
  constructor(
    readonly appCode: AppCode,
    readonly trpcCode: TRPC_ERROR_CODE_KEY,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const err = {
  insufficientFunds: (currency: string) =>
    new DomainError(AppCodes.INSUFFICIENT_FUNDS, 'BAD_REQUEST', `Not enough ${currency} on the balance.`, { currency }),
  notFound: (what: string) => new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', `${what} was not found.`),
  forbidden: (msg = 'You are not allowed to do this.') => new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', msg),
  banned: () => new DomainError(AppCodes.BANNED, 'FORBIDDEN', 'Your account is blocked in this community.'),
};

/** PostgreSQL error code carried by a driver or Prisma error, if any (Prisma's own P1xxx–P6xxx are skipped). */
export function pgCode(e: unknown): string | undefined {
  let cur: any = e;
  for (let i = 0; i < 6 && cur; i++) {
    const original = cur.meta?.driverAdapterError?.cause?.originalCode ?? cur.cause?.originalCode;
    if (typeof original === 'string') return original;
    const code = cur.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^P[1-9]\d{3}$/.test(code)) return code;
    cur = cur.cause ?? cur.meta?.driverAdapterError;
  }
  return undefined;
}
export const isUniqueViolation = (e: unknown) => pgCode(e) === '23505' || (e as any)?.code === 'P2002';
export const isCheckViolation = (e: unknown) => pgCode(e) === '23514' || (e as any)?.code === 'P2039';
export const isRetryable = (e: unknown) => ['40001', '40P01'].includes(pgCode(e) ?? '') || (e as any)?.code === 'P2034';

// Connection exceptions (08), an administrator's shutdown or a server starting up (57P01–57P03), no slot left (53300).
const UNAVAILABLE_PG = /^(08...|57P0[1-3]|53300)$/;
// Prisma's "can't reach", "timed out", "server closed the connection", pool timeout.
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|the database system is (starting up|shutting down)|server closed the connection/i;

/** Whether an error means the database could not be reached (a restart, a network cut), not that a query was wrong. */
export function isDatabaseUnavailable(e: unknown): boolean {
  let cur: any = e;
  for (let i = 0; i < 8 && cur && typeof cur === 'object'; i++) {
    const code = cur.code ?? cur.originalCode;
    if (typeof code === 'string' && (UNAVAILABLE_PG.test(code) || UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    const kind = cur.kind ?? cur.cause?.kind;
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout' || kind === 'TooManyConnections') return true;
    if (typeof cur.message === 'string' && UNAVAILABLE_MESSAGE.test(cur.message)) return true;
    cur = cur.cause ?? cur.meta?.driverAdapterError ?? (Array.isArray(cur.errors) ? cur.errors[0] : undefined);
  }
  return false;
}

/** The names a unique or foreign key constraint names (`Product_slug_key` → slug), for a message. */
function constraintFields(e: unknown): string[] {
  let cur: any = e;
  for (let i = 0; i < 6 && cur; i++) {
    const c = cur.meta?.driverAdapterError?.cause?.constraint ?? cur.constraint;
    if (c?.fields?.length) return c.fields.map((f: string) => f.replace(/"/g, ''));
    const index: string | undefined = c?.index ?? (typeof cur.constraint === 'string' ? cur.constraint : undefined);
    if (index) return [index.replace(/^[^_]+_/, '').replace(/_(key|fkey|idx)$/, '').replace(/_/g, ', ')];
    cur = cur.cause ?? cur.meta?.driverAdapterError;
  }
  return [];
}

/**
 * What the database refused, as the caller's error: a duplicate (CONFLICT), a row that is not there
 * (NOT_FOUND), a value the column cannot hold (BAD_REQUEST). Undefined for anything else: that stays a
 * 500 and is logged. Works on Prisma's errors (through either adapter) and on raw pg/PGlite errors.
 */
export function fromDatabase(e: unknown): DomainError | undefined {
  const prisma = typeof (e as any)?.code === 'string' && /^P\d{4}$/.test((e as any).code) ? ((e as any).code as string) : undefined;
  const pg = pgCode(e);
  if (pg === '23505' || prisma === 'P2002') {
    const fields = constraintFields(e);
    const what = fields.length ? ` with this ${fields.join(', ')}` : '';
    return new DomainError(AppCodes.ALREADY_EXISTS, 'CONFLICT', `Something${what} already exists.`, fields.length ? { fields } : undefined);
  }
  if (pg === '23503' || ['P2025', 'P2003', 'P2001', 'P2015', 'P2018'].includes(prisma ?? '')) {
    return new DomainError(AppCodes.NOT_FOUND, 'NOT_FOUND', 'Something this refers to was not found.');
  }
  if (pg === '22003' || prisma === 'P2020') return new DomainError(AppCodes.OUT_OF_RANGE, 'BAD_REQUEST', 'A number is out of the allowed range.');
  if (pg === '22021' || pg === '22P05' || pg === '54000') {
    return new DomainError(AppCodes.INVALID_TEXT, 'BAD_REQUEST', 'Text contains characters that cannot be stored (such as NUL) or is too long.');
  }
  // A transaction that outlived its time limit under load was rolled back whole: nothing was done, and
  // trying again later may work. Said as a 503, like a busy pool, never as our bug.
  if (prisma === 'P2028') {
    return new DomainError(AppCodes.BUSY, 'SERVICE_UNAVAILABLE', 'The service is too busy to finish this right now; nothing was changed. Try again in a moment.');
  }
  if (pg === '40001' || pg === '40P01' || pg === '55P03' || prisma === 'P2034') {
    return new DomainError(AppCodes.BUSY, 'CONFLICT', 'Too much is going on right now. Try again in a moment.');
  }
  if (['23502', '23514', '22P02', '22001', '22007', '22008', '22023'].includes(pg ?? '') || ['P2000', 'P2005', 'P2006', 'P2007', 'P2011', 'P2023'].includes(prisma ?? '')) {
    return new DomainError(AppCodes.INVALID_VALUE, 'BAD_REQUEST', 'A value is not allowed here.');
  }
  return undefined;
}
