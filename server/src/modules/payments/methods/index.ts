import { z } from 'zod';
import type { Currency } from '../../../generated/prisma/client.ts';
import type { Config } from '../../../config.ts';
import { AppCodes, DomainError } from '../../../lib/errors.ts';
import { pointsMethod } from './points.ts';
import { starsMethod } from './stars.ts';
import { tonMethod } from './ton.ts';
import type { PaymentMethod } from './types.ts';

export type { PaymentMethod } from './types.ts';

/** Every way to pay, in the order prices are listed. */
export const paymentMethods = [starsMethod, tonMethod, pointsMethod] as const satisfies readonly PaymentMethod[];

/** The currencies something can be bought with: one per method. */
export const PAYABLE_CURRENCIES = paymentMethods.map((m) => m.currency) as [Currency, ...Currency[]];
export type PayCurrency = Currency;

/** The zod piece every procedure that takes a currency to pay with uses. */
export const payCurrency = z.enum(PAYABLE_CURRENCIES);

const byCurrency = new Map<Currency, PaymentMethod>(paymentMethods.map((m) => [m.currency, m]));

export function methodFor(currency: Currency): PaymentMethod {
  const m = byCurrency.get(currency);
  if (!m) throw new DomainError(AppCodes.CURRENCY_NOT_ACCEPTED, 'BAD_REQUEST', `${currency} is not a way to pay.`);
  return m;
}

/** The method, refusing when it cannot be used in this community now (TON_UNAVAILABLE is that code's stable name). */
export function availableMethod(currency: Currency, config: Config): PaymentMethod {
  const m = methodFor(currency);
  if (!m.available(config)) {
    throw new DomainError(AppCodes.TON_UNAVAILABLE, 'PRECONDITION_FAILED', m.unavailableNotice(config) ?? `${currency} payments are not available.`, { currency });
  }
  return m;
}

/** Each method's availability, for listings. */
export function paymentOptions(config: Config) {
  return paymentMethods.map((m) => ({ currency: m.currency, available: m.available(config), notice: m.unavailableNotice(config) }));
}
