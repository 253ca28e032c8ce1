// The money paths `pnpm mutate` mutates: per module, the source to mutate and the tests that cover it.
// A source is a whole file, or only some of its functions ({ file, functions }) where the file also holds
// reads and screens that move no money (collectibles/service.ts: drops and gifting, not showcases).
// Each entry's tests are the ones a change there should break; the runner gives vitest exactly these.
// Races (`*concurrency*`, 100 callers at once, PostgreSQL only) stay out: every mutant would re-run them.
const m = 'server/src/modules';

export const MODULES = [
  {
    name: 'ledger',
    mutate: [`${m}/ledger/service.ts`, `${m}/ledger/adjust.ts`, `${m}/ledger/award.ts`],
    tests: [`${m}/ledger/ledger.test.ts`, `${m}/ledger/ledger-guards.test.ts`, `${m}/ledger/finance.test.ts`],
  },
  {
    name: 'payments',
    mutate: [
      `${m}/payments/settle.ts`,
      `${m}/payments/fulfilment.ts`,
      `${m}/payments/refunds.ts`,
      `${m}/payments/stars.ts`,
      `${m}/payments/ton.ts`,
      `${m}/payments/resolve-ton.ts`,
      `${m}/payments/cancel.ts`,
      `${m}/payments/invoices.ts`,
    ],
    tests: [`${m}/payments/*.test.ts`],
  },
  {
    name: 'shop',
    mutate: [{ file: `${m}/shop/service.ts`, functions: ['buy'] }, `${m}/shop/prices.ts`],
    // Buying with Stars leaves the invoice to wait: only the Stars stories see that (the TON ones, in a
    // real TVM, would make every mutant take minutes).
    tests: [`${m}/shop/*.test.ts`, `${m}/payments/stars.test.ts`],
  },
  {
    name: 'withdrawals',
    mutate: [
      `${m}/withdrawals/service.ts`,
      `${m}/withdrawals/fees.ts`,
      `${m}/withdrawals/approvals.ts`,
      `${m}/withdrawals/payout.ts`,
      `${m}/withdrawals/hot-wallet.ts`,
      `${m}/withdrawals/treasury-sender.ts`,
    ],
    tests: [`${m}/withdrawals/*.test.ts`],
  },
  {
    name: 'market',
    // The market's money and ownership moves; its read (listings, floors) moves nothing.
    mutate: [
      { file: `${m}/collectibles/market.ts`, functions: ['feeBps', 'setFeeBps', 'listEdition', 'delist', 'buyListing'] },
      { file: `${m}/collectibles/service.ts`, functions: ['ownedFree', 'giftEdition'] },
    ],
    tests: [`${m}/collectibles/market-guards.test.ts`, `${m}/collectibles/collectibles.test.ts`, `${m}/collectibles/gifting.test.ts`],
  },
  {
    name: 'ton_proof',
    mutate: [`${m}/wallet/ton-proof.ts`, { file: `${m}/wallet/service.ts`, functions: ['issueProofPayload', 'linkWallet'] }],
    tests: [`${m}/wallet/*.test.ts`],
  },
  {
    name: 'drops',
    mutate: [
      `${m}/editions/roll.ts`,
      `${m}/editions/service.ts`,
      { file: `${m}/collectibles/service.ts`, functions: ['buyFromDrop', 'verifyDrop', 'prizeFromDrop', 'awardFromDrop'] },
    ],
    tests: [`${m}/editions/*.test.ts`, `${m}/collectibles/drop-guards.test.ts`, `${m}/collectibles/collectibles.test.ts`],
  },
];
