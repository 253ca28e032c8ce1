import { z } from 'zod';
import { Currency } from '../../generated/prisma/enums.ts';

/** The zod piece for any ledger currency (balances, listings, filters). Payable ones: payments/methods. */
export const currency = z.enum(Currency);
