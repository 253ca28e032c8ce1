import {
  Address,
  beginCell,
  Cell,
  contractAddress,
  SendMode,
  type Contract,
  type ContractProvider,
  type Sender,
} from '@ton/core';
import { sign } from '@ton/crypto';

export const TreasuryOps = {
  setOperator: 0x6f707231,
  setCap: 0x63617031,
  withdraw: 0x77647731,
} as const;

export const TreasuryErrors = {
  badSignature: 701,
  badSeqno: 702,
  expired: 703,
  capExceeded: 704,
  notOwner: 705,
  unknownOp: 706,
  badAmount: 707,
} as const;

export interface TreasuryConfig {
  owner: Address;
  operatorKey: Buffer;
  cap: bigint;
  periodSeconds: number;
}

export function treasuryData(c: TreasuryConfig): Cell {
  return beginCell()
    .storeAddress(c.owner)
    .storeBuffer(c.operatorKey, 32)
    .storeUint(0, 32)
    .storeCoins(c.cap)
    .storeUint(c.periodSeconds, 32)
    .storeUint(0, 32)
    .storeCoins(0)
    .endCell();
}

export interface Payout {
  seqno: number;
  validUntil: number;
  queryId: bigint;
  to: Address;
  amount: bigint;
  mode?: number;
  /** A text comment (op 0 + text) or any body cell for the recipient. */
  comment?: string | Cell;
}

const commentCell = (c: string | Cell) => (typeof c === 'string' ? beginCell().storeUint(0, 32).storeStringTail(c).endCell() : c);

/** The part of a payout the operator signs. */
export function payoutRequest(p: Payout): Cell {
  return beginCell()
    .storeUint(p.seqno, 32)
    .storeUint(p.validUntil, 32)
    .storeUint(p.queryId, 64)
    .storeAddress(p.to)
    .storeCoins(p.amount)
    .storeUint(p.mode ?? SendMode.PAY_GAS_SEPARATELY, 8)
    .storeMaybeRef(p.comment === undefined ? null : commentCell(p.comment))
    .endCell();
}

export class Treasury implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromConfig(config: TreasuryConfig, code: Cell, workchain = 0) {
    const init = { code, data: treasuryData(config) };
    return new Treasury(contractAddress(workchain, init), init);
  }

  static createFromAddress(address: Address) {
    return new Treasury(address);
  }

  /** The signed external body of a payout; pure, so the server builds it without a chain. */
  static payoutBody(p: Payout, secretKey: Buffer): Cell {
    const request = payoutRequest(p);
    return beginCell().storeBuffer(sign(request.hash(), secretKey)).storeRef(request).endCell();
  }

  /** Reads a payout back from an external message body (the server finds its payouts by query id). */
  static parsePayoutBody(body: Cell): { seqno: number; validUntil: number; queryId: bigint; to: Address; amount: bigint } {
    const s = body.beginParse();
    s.skip(512);
    const r = s.loadRef().beginParse();
    return { seqno: r.loadUint(32), validUntil: r.loadUint(32), queryId: r.loadUintBig(64), to: r.loadAddress(), amount: r.loadCoins() };
  }

  static setOperatorMessage(key: Buffer, queryId = 0n): Cell {
    return beginCell().storeUint(TreasuryOps.setOperator, 32).storeUint(queryId, 64).storeBuffer(key, 32).endCell();
  }

  static setCapMessage(cap: bigint, periodSeconds: number, queryId = 0n): Cell {
    return beginCell().storeUint(TreasuryOps.setCap, 32).storeUint(queryId, 64).storeCoins(cap).storeUint(periodSeconds, 32).endCell();
  }

  static withdrawMessage(amount: bigint, to: Address, queryId = 0n): Cell {
    return beginCell().storeUint(TreasuryOps.withdraw, 32).storeUint(queryId, 64).storeCoins(amount).storeAddress(to).endCell();
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint) {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: beginCell().endCell() });
  }

  /** A payment with a comment, as a participant's wallet sends it. */
  async sendPayment(provider: ContractProvider, via: Sender, value: bigint, comment?: string) {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: comment === undefined ? undefined : commentCell(comment) });
  }

  async sendOwnerOp(provider: ContractProvider, via: Sender, body: Cell, value = 50_000_000n) {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }

  async sendPayout(provider: ContractProvider, body: Cell) {
    await provider.external(body);
  }

  async getSeqno(provider: ContractProvider): Promise<number> {
    return (await provider.get('seqno', [])).stack.readNumber();
  }

  async getOperatorKey(provider: ContractProvider): Promise<bigint> {
    return (await provider.get('get_operator_key', [])).stack.readBigNumber();
  }

  async getCapInfo(provider: ContractProvider) {
    const s = (await provider.get('get_cap_info', [])).stack;
    return { cap: s.readBigNumber(), period: s.readNumber(), periodStart: s.readNumber(), spent: s.readBigNumber() };
  }

  async getOwner(provider: ContractProvider): Promise<Address> {
    return (await provider.get('get_owner', [])).stack.readAddress();
  }
}
