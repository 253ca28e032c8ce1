import { Address, beginCell, Cell, type Message, type TupleItem, type TupleReader, type Transaction } from '@ton/core';

/**
 * The one door to the chain. Production: toncenter through @ton/ton; tests: @ton/sandbox (real TVM).
 */
export interface TonGateway {
  /** An account's transactions, newest first; with lt+hash, starting at that transaction (inclusive). */
  getTransactions(address: Address, opts: { limit: number; lt?: bigint; hash?: Buffer }): Promise<Transaction[]>;
  /** Runs a get-method; throws when the account is not active or the method fails. */
  runGetMethod(address: Address, method: string, args?: TupleItem[]): Promise<TupleReader>;
  /** Broadcasts an external message (a signed payout). */
  sendExternal(message: Message): Promise<void>;
  isDeployed(address: Address): Promise<boolean>;
}

export interface IncomingTransfer {
  hash: string;
  lt: bigint;
  time: Date;
  source: string | null;
  amount: bigint;
  comment: string | null;
  /** The message was a bounce of something we sent, not a payment. */
  bounced: boolean;
  /** The transaction failed, so a bounceable payment went back to its sender. */
  aborted: boolean;
}

/** A text comment as TON wallets write it: op 0 followed by the UTF-8 text. */
export function commentCell(text: string): Cell {
  return beginCell().storeUint(0, 32).storeStringTail(text).endCell();
}

export function commentPayload(text: string): string {
  return commentCell(text).toBoc().toString('base64');
}

export function readComment(body: Cell | undefined): string | null {
  if (!body) return null;
  try {
    const s = body.beginParse();
    if (s.remainingBits < 32 || s.loadUint(32) !== 0) return null;
    return s.loadStringTail();
  } catch {
    return null;
  }
}

/** What the payment watcher needs from a transaction; null for anything that is not an incoming internal message. */
export function parseIncoming(tx: Transaction): IncomingTransfer | null {
  const msg = tx.inMessage;
  if (!msg || msg.info.type !== 'internal') return null;
  const d = tx.description;
  const aborted = d.type === 'generic' ? d.aborted : false;
  return {
    hash: tx.hash().toString('hex'),
    lt: tx.lt,
    time: new Date(tx.now * 1000),
    source: msg.info.src ? (msg.info.src as Address).toRawString() : null,
    amount: msg.info.value.coins,
    comment: readComment(msg.body),
    bounced: msg.info.bounced,
    aborted,
  };
}
