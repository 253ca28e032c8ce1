import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@app/server/router';

/** Any ledger currency, as the server's router names it. */
export type Currency = inferRouterOutputs<AppRouter>['ledger']['balances'][number]['currency'];
/** A currency something can be bought with (the server's payment methods). */
export type PayCurrency = inferRouterInputs<AppRouter>['shop']['buy']['currency'];

/**
 * How each currency's integer minor units read and are typed: the one place the Mini App knows a
 * currency. A new currency on the server fails to compile here until it has its line.
 */
const FORMATS: Record<Currency, { decimals: number; shown: number; unit: string; unitFirst?: boolean }> = {
  POINTS: { decimals: 0, shown: 0, unit: '✦' },
  STARS: { decimals: 0, shown: 0, unit: '⭐' },
  // Nanotons: nine decimals, four shown.
  TON: { decimals: 9, shown: 4, unit: 'TON' },
};

/** Every currency, in the order the Mini App offers them. */
export const CURRENCIES = Object.keys(FORMATS) as Currency[];

const group = (digits: string, locale: string) => {
  const sep = locale.startsWith('ru') ? '\u00a0' : ',';
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
};

/** Integer minor units as text (points and Stars whole, TON with up to 4 decimals). BigInt only. */
export function formatAmount(currency: Currency, amount: string, locale = 'en'): string {
  const f = FORMATS[currency];
  let v = BigInt(amount || '0');
  const neg = v < 0n;
  if (neg) v = -v;
  const unit = 10n ** BigInt(f.decimals);
  const frac = f.shown ? (v % unit).toString().padStart(f.decimals, '0').slice(0, f.shown).replace(/0+$/, '') : '';
  const text = group((v / unit).toString(), locale) + (frac ? (locale.startsWith('ru') ? ',' : '.') + frac : '');
  return (neg ? '−' : '') + text;
}

export const currencySymbol: Record<Currency, string> = Object.fromEntries(CURRENCIES.map((c) => [c, FORMATS[c].unit])) as Record<Currency, string>;

export function money(currency: Currency, amount: string, locale = 'en') {
  return `${formatAmount(currency, amount, locale)} ${FORMATS[currency].unit}`;
}

/** What a person typed ("1.5" TON, "300" points) → minor units; null when it is not a valid amount. */
export function parseAmount(currency: Currency, text: string): string | null {
  const d = FORMATS[currency].decimals;
  const m = (d ? new RegExp(`^(\\d{1,9})(?:[.,](\\d{1,${d}}))?$`) : /^(\d{1,18})$/).exec(text.trim());
  if (!m) return null;
  return (BigInt(m[1]) * 10n ** BigInt(d) + BigInt((m[2] ?? '').padEnd(d, '0') || '0')).toString();
}

/** "1.5" TON typed by a person → nanotons; null when it is not a valid amount. */
export const parseTon = (text: string) => parseAmount('TON', text);

/** Whether the amount is typed in whole units (an integer keyboard) or with decimals. */
export const hasDecimals = (currency: Currency) => FORMATS[currency].decimals > 0;

export function timeLeft(iso: string, now = Date.now()): { h: number; m: number; s: number; total: number } {
  const total = Math.max(0, Math.floor((new Date(iso).getTime() - now) / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60, total };
}
