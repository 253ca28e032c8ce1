import { useCallback, useRef, useState } from 'react';

/** A fresh idempotency key: one per user action, sent again when that action is retried. */
export function newActionKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/**
 * The key of the action on screen. It stays the same while the person retries (a network error, a
 * double tap) and changes when `input` changes or after `done()`, so a new action gets a new key.
 */
export function useActionKey(input: unknown = null): { key: string; done: () => void } {
  const [epoch, setEpoch] = useState(0);
  const ref = useRef<{ sig: string; key: string } | null>(null);
  const sig = `${epoch}:${JSON.stringify(input)}`;
  if (!ref.current || ref.current.sig !== sig) ref.current = { sig, key: newActionKey() };
  const done = useCallback(() => setEpoch((e) => e + 1), []);
  return { key: ref.current.key, done };
}

/** One key per option of an action (e.g. each currency in a purchase sheet), kept while the sheet is open. */
export function useActionKeys<K extends string>(): (option: K) => string {
  const keys = useRef(new Map<K, string>());
  return useCallback((option: K) => {
    let k = keys.current.get(option);
    if (!k) keys.current.set(option, (k = newActionKey()));
    return k;
  }, []);
}
