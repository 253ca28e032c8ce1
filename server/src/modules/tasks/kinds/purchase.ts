import { baseConfig } from './fields.ts';
import { completesByItself } from './checks.ts';
import { defineKind } from './kind.ts';

/** Paid by the system when an order or payment of the participant settles (shop, Stars, TON). */
export const purchase = defineKind({
  type: 'PURCHASE',
  schema: baseConfig,
  system: true,
  verify: completesByItself,
  action: () => ({ kind: 'buy' }),
});
