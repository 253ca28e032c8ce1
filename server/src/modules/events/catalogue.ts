import { z } from 'zod';

const id = z.number().int().positive();
/** A text in both languages, rendered when the event is written; the recipient's language picks one. */
const text = z.object({ en: z.string().min(1).max(4096), ru: z.string().min(1).max(4096) });
const rawAddress = z.string().regex(/^-?\d+:[0-9a-f]{64}$/);

/** An edition's attributes: the bot sends its picture (drawn from them) with the message. */
const artAttributes = z.object({ model: z.string().max(200), backdrop: z.string().max(200), symbol: z.string().max(200) });

/**
 * Every event the outbox carries and the shape of its payload. One handler per type (composed in
 * `jobs/event-handlers.ts`); payloads are plain JSON (ids as numbers, big integers as strings).
 */
export const EventCatalogue = {
  /** A purchase was paid (points, Stars or TON): system tasks of type PURCHASE are paid. */
  'purchase.paid': z.object({ participantId: id, orderId: id }),
  /** A wallet was linked with a verified ton_proof: CONNECT_WALLET tasks are paid. */
  'wallet.linked': z.object({ participantId: id }),
  /** Tell one participant something through the bot, in their language. */
  'participant.notify': z.object({ participantId: id, text, art: artAttributes.optional() }),
  /** Send one message to one chat (an admin, the admins' chat). */
  'chat.message': z.object({ chatId: z.number().int(), text: z.string().min(1).max(4096) }),
  /** A withdrawal was requested: it is announced to each approver (one `withdrawal.announce` each). */
  'withdrawal.requested': z.object({ withdrawalId: id }),
  /** Post a withdrawal request with approve/reject buttons to one chat. */
  'withdrawal.announce': z.object({ withdrawalId: id, chatId: z.number().int() }),
  /** A withdrawal changed: every posted announcement is brought up to date. */
  'withdrawal.updated': z.object({ withdrawalId: id }),
  /** A participant opened a conversation with the bot: the team is told (one `chat.message` each). */
  'dialog.opened': z.object({ participantId: id, preview: z.string().max(4096) }),
  /** Send an edition's mint (or, brought back before, its transfer out of custody) to the chain. */
  'edition.mint': z.object({
    editionId: id,
    collection: rawAddress,
    item: rawAddress,
    owner: rawAddress,
    index: z.string().regex(/^\d+$/),
    content: z.string(),
    again: z.boolean(),
    /** The MintRequest this sends (absent in events written before requests were recorded). */
    requestId: id.optional(),
  }),
  /** Send a queued Telegram gift (a season prize) from the bot, at most once. */
  'gift.send': z.object({ giftSendId: id }),
  /** Remind one participant who said yes that a community event starts soon (written once per answer). */
  'calendar.remind': z.object({ eventId: id, participantId: id }),
  /** A published community event was cancelled: each who said yes is told (one `participant.notify` each). */
  'calendar.cancelled': z.object({ eventId: id }),
} as const;

export type EventType = keyof typeof EventCatalogue;
export type EventPayload<T extends EventType> = z.infer<(typeof EventCatalogue)[T]>;
export const EVENT_TYPES = Object.keys(EventCatalogue) as EventType[];

export const isEventType = (t: string): t is EventType => Object.hasOwn(EventCatalogue, t);
