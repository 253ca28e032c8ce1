import type { AppDeps } from '../../context.ts';
import type { EventPayload, EventType } from './catalogue.ts';

/** What a handler knows of the event beside its payload (its key seeds the keys of events it emits). */
export interface EventMeta {
  id: bigint;
  key: string;
  attempts: number;
}

/**
 * Does what must follow a commit. Delivery is at least once (a worker may stop after the work and
 * before marking it done), so running a handler twice must leave the same result as running it once.
 * Throwing schedules another attempt.
 */
export interface EventHandler<T extends EventType = EventType> {
  type: T;
  handle(deps: AppDeps, payload: EventPayload<T>, event: EventMeta): Promise<void>;
}

export type HandlerRegistry = ReadonlyMap<EventType, EventHandler>;

/** Keeps the type and the payload it handles tied together. */
export const handler = <T extends EventType>(type: T, handle: EventHandler<T>['handle']): EventHandler<T> => ({ type, handle });

/** One handler per type; a second one for the same type is a wiring mistake and stops the start. */
export function handlerRegistry(handlers: EventHandler<any>[]): HandlerRegistry {
  const map = new Map<EventType, EventHandler>();
  for (const h of handlers) {
    if (map.has(h.type)) throw new Error(`Two outbox handlers for ${h.type}`);
    map.set(h.type, h as EventHandler);
  }
  return map;
}
