export type Currency = 'POINTS' | 'STARS' | 'TON';

const group = (digits: string, locale: string) => {
  const sep = locale.startsWith('ru') ? '\u00a0' : ',';
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
};

/** Integer minor units as text: points and Stars whole, TON from nanotons with up to 4 decimals. BigInt only. */
export function formatAmount(currency: Currency, amount: string, locale = 'en'): string {
  let v = BigInt(amount || '0');
  const neg = v < 0n;
  if (neg) v = -v;
  let text: string;
  if (currency === 'TON') {
    const whole = v / 1_000_000_000n;
    const frac = (v % 1_000_000_000n).toString().padStart(9, '0').slice(0, 4).replace(/0+$/, '');
    text = group(whole.toString(), locale) + (frac ? (locale.startsWith('ru') ? ',' : '.') + frac : '');
  } else {
    text = group(v.toString(), locale);
  }
  return (neg ? '−' : '') + text;
}

export const currencySymbol: Record<Currency, string> = { POINTS: '✦', STARS: '⭐', TON: 'TON' };

export function money(currency: Currency, amount: string, locale = 'en') {
  const n = formatAmount(currency, amount, locale);
  return currency === 'TON' ? `${n} TON` : `${n} ${currencySymbol[currency]}`;
}

/** "1.5" TON typed by a person → nanotons; null when it is not a valid amount. */
export function parseTon(text: string): string | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,9}))?$/.exec(text.trim());
  if (!m) return null;
  return (BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0')).toString();
}

export function timeLeft(iso: string, now = Date.now()): { h: number; m: number; s: number; total: number } {
  const total = Math.max(0, Math.floor((new Date(iso).getTime() - now) / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60, total };
}
