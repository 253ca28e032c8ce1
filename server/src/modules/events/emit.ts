import type { Prisma } from '../../db/client.ts';
import type { Tx } from '../ledger/service.ts';
import { EventCatalogue, type EventPayload, type EventType } from './catalogue.ts';

/**
 * Records an event in the caller's transaction: it exists exactly when the change that caused it
 * commits. The key is unique; emitting the same key again (a retried request, a handler run twice)
 * records nothing new.
 */
export async function emit<T extends EventType>(db: Tx | Prisma, type: T, payload: EventPayload<T>, opts: { key: string }): Promise<void> {
  const data = EventCatalogue[type].parse(payload);
  await db.outboxEvent.createMany({ data: [{ type, key: opts.key, payload: data as object }], skipDuplicates: true });
}
