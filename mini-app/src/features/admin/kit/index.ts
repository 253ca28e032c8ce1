// What several back-office sections share: a debounced value, input patterns, form helpers.
import { useEffect, useState } from 'react';

/** The value, once it has stopped changing for `ms` (compared by content, so objects are fine). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [key, ms]);
  return v;
}

/** A link the server accepts: http or https, something after the scheme. */
export const URL_RE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
/** Filled in but not a link: what a form marks as wrong. */
export const badUrl = (v: string) => v.trim() !== '' && !URL_RE.test(v.trim());

// The server's tag rule (server/src/modules/participants/tags.ts): lower case, words joined by dashes.
export const TAG_RE = /^[\p{L}\p{N}_-]{1,32}$/u;
export const normalizeTag = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '-');

/** English text with an optional Russian one, trimmed; an empty Russian field is left out. */
export const localized = (en: string, ru: string) => ({ en: en.trim(), ...(ru.trim() ? { ru: ru.trim() } : {}) });

/** An ISO instant as a `datetime-local` input shows it: the admin's own clock, to the minute. */
export function localInput(iso: string | null) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
