import { Address, beginCell, Cell, contractAddress, SendMode, TupleBuilder, type Contract, type ContractProvider, type Sender } from '@ton/core';

export const NftOps = {
  deployItem: 1,
  changeOwner: 3,
  getRoyaltyParams: 0x693d3950,
  reportRoyaltyParams: 0xa8cb00ad,
  transfer: 0x5fcc3d14,
  ownershipAssigned: 0x05138d91,
  excesses: 0xd53276db,
  getStaticData: 0x2fcb26a2,
  reportStaticData: 0x8b771735,
} as const;

export const NftErrors = { notOwner: 401, badIndex: 402, notCollection: 405, badPayload: 708, unknownOp: 0xffff } as const;

/** TEP-64 off-chain content: 0x01 followed by the URL as a snake string. */
export const offchainContent = (url: string) => beginCell().storeUint(1, 8).storeStringTail(url).endCell();

/** The collection's content cell: its own metadata URL and the prefix item suffixes are appended to. */
export function collectionContent(collectionUrl: string, commonPrefix: string): Cell {
  return beginCell().storeRef(offchainContent(collectionUrl)).storeRef(beginCell().storeStringTail(commonPrefix).endCell()).endCell();
}

export interface CollectionConfig {
  owner: Address;
  collectionUrl: string;
  commonPrefix: string;
  itemCode: Cell;
  royalty: { numerator: number; denominator: number; destination: Address };
}

export function collectionData(c: CollectionConfig): Cell {
  return beginCell()
    .storeAddress(c.owner)
    .storeUint(0, 64)
    .storeRef(collectionContent(c.collectionUrl, c.commonPrefix))
    .storeRef(c.itemCode)
    .storeRef(beginCell().storeUint(c.royalty.numerator, 16).storeUint(c.royalty.denominator, 16).storeAddress(c.royalty.destination).endCell())
    .endCell();
}

export class NftCollection implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromConfig(config: CollectionConfig, code: Cell, workchain = 0) {
    const init = { code, data: collectionData(config) };
    return new NftCollection(contractAddress(workchain, init), init);
  }

  static createFromAddress(address: Address) {
    return new NftCollection(address);
  }

  /** What the collection owner sends to mint item `index` to `owner`; `content` is the item's URL suffix. */
  static mintBody(p: { queryId?: bigint; index: bigint | number; owner: Address; content: string; amount: bigint }): Cell {
    const itemInit = beginCell().storeAddress(p.owner).storeRef(beginCell().storeStringTail(p.content).endCell()).endCell();
    return beginCell().storeUint(NftOps.deployItem, 32).storeUint(p.queryId ?? 0n, 64).storeUint(p.index, 64).storeCoins(p.amount).storeRef(itemInit).endCell();
  }

  static changeOwnerBody(newOwner: Address, queryId = 0n): Cell {
    return beginCell().storeUint(NftOps.changeOwner, 32).storeUint(queryId, 64).storeAddress(newOwner).endCell();
  }

  static getRoyaltyParamsBody(queryId = 0n): Cell {
    return beginCell().storeUint(NftOps.getRoyaltyParams, 32).storeUint(queryId, 64).endCell();
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint) {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: beginCell().endCell() });
  }

  async sendBody(provider: ContractProvider, via: Sender, body: Cell, value: bigint) {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }

  async getCollectionData(provider: ContractProvider) {
    const s = (await provider.get('get_collection_data', [])).stack;
    return { nextItemIndex: s.readBigNumber(), content: s.readCell(), owner: s.readAddress() };
  }

  async getNftAddressByIndex(provider: ContractProvider, index: bigint | number): Promise<Address> {
    const t = new TupleBuilder();
    t.writeNumber(BigInt(index));
    return (await provider.get('get_nft_address_by_index', t.build())).stack.readAddress();
  }

  async getRoyaltyParams(provider: ContractProvider) {
    const s = (await provider.get('royalty_params', [])).stack;
    return { numerator: s.readNumber(), denominator: s.readNumber(), destination: s.readAddress() };
  }

  async getNftContent(provider: ContractProvider, index: bigint | number, individual: Cell): Promise<Cell> {
    const t = new TupleBuilder();
    t.writeNumber(BigInt(index));
    t.writeCell(individual);
    return (await provider.get('get_nft_content', t.build())).stack.readCell();
  }
}

export class NftItem implements Contract {
  constructor(readonly address: Address) {}

  static createFromAddress(address: Address) {
    return new NftItem(address);
  }

  static transferBody(p: { queryId?: bigint; newOwner: Address; responseTo: Address | null; forwardAmount?: bigint; forwardPayload?: Cell }): Cell {
    const b = beginCell()
      .storeUint(NftOps.transfer, 32)
      .storeUint(p.queryId ?? 0n, 64)
      .storeAddress(p.newOwner)
      .storeAddress(p.responseTo)
      .storeMaybeRef(null)
      .storeCoins(p.forwardAmount ?? 0n);
    // Either bit: 1 = payload in a ref, 0 = inline (empty).
    return (p.forwardPayload ? b.storeBit(1).storeRef(p.forwardPayload) : b.storeBit(0)).endCell();
  }

  static getStaticDataBody(queryId = 0n): Cell {
    return beginCell().storeUint(NftOps.getStaticData, 32).storeUint(queryId, 64).endCell();
  }

  async sendBody(provider: ContractProvider, via: Sender, body: Cell, value: bigint) {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }

  async getNftData(provider: ContractProvider) {
    const s = (await provider.get('get_nft_data', [])).stack;
    return { init: s.readBoolean(), index: s.readBigNumber(), collection: s.readAddress(), owner: s.readAddressOpt(), content: s.readCellOpt() };
  }
}
