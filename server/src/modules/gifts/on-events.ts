import { handler } from '../events/handlers.ts';
import { deliverGift } from './send.ts';

export const giftEventHandlers = [
  // Safe twice: the send is taken (PENDING → SENDING) before Telegram is called, so a repeat sends nothing.
  handler('gift.send', async (deps, payload) => deliverGift(deps, payload.giftSendId)),
];
