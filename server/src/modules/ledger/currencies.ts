import { z } from 'zod';
import { CURRENCIES } from './accounts.ts';

/** The zod piece for any ledger currency (balances, listings, filters). Payable ones: payments/methods. */
export const currency = z.enum(CURRENCIES);
