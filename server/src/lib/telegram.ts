import type { Api, Transformer } from 'grammy';

/** The Bot API as the domain uses it: grammY's client, pointed at TELEGRAM_API_ROOT (a loopback fake in tests). */
export type TelegramGateway = Api;

export const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member']);

export function isMember(m: { status: string; is_member?: boolean }): boolean {
  return MEMBER_STATUSES.has(m.status) || (m.status === 'restricted' && m.is_member === true);
}

/** A call whose `onHandOver` answered false: it never left for Telegram. */
export class NotHandedOver extends Error {
  constructor(method: string) {
    super(`${method} was not sent: its sender gave it up before it left`);
  }
}

/** The signal type grammY's calls take (its own AbortSignal typing on Node). */
type CallSignal = NonNullable<Parameters<Api['sendMessage']>[3]>;

const handOvers = new WeakMap<object, () => Promise<boolean>>();

/**
 * A signal for one Bot API call whose `ready` runs when the call is about to leave for Telegram, after
 * the client's pacing (the throttler may hold a call for seconds). Work that must know whether a message
 * may have gone out (a mailing copy) records that there, not when the call was queued; if `ready`
 * answers false the call is not made and throws NotHandedOver.
 */
export function handOverSignal(ready: () => Promise<boolean>): CallSignal {
  const signal = new AbortController().signal;
  handOvers.set(signal, ready);
  return signal as unknown as CallSignal;
}

/** The API transformer that runs a call's `ready` (see handOverSignal); installed inside the throttler. */
export const handOverTransformer: Transformer = async (prev, method, payload, signal) => {
  const ready = signal && handOvers.get(signal);
  if (ready && !(await ready())) throw new NotHandedOver(method);
  return prev(method, payload, signal);
};
