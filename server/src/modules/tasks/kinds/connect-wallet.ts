import { baseConfig } from './fields.ts';
import { completesByItself } from './checks.ts';
import { defineKind } from './kind.ts';

/** Paid by the system when the participant links a wallet with a verified ton_proof (wallet module). */
export const connectWallet = defineKind({
  type: 'CONNECT_WALLET',
  schema: baseConfig,
  system: true,
  verify: completesByItself,
  action: () => ({ kind: 'connect_wallet' }),
});
