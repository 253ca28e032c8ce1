import { handlerRegistry, type HandlerRegistry } from '../modules/events/handlers.ts';
import { calendarEventHandlers } from '../modules/calendar/on-events.ts';
import { collectibleEventHandlers } from '../modules/collectibles/on-events.ts';
import { dialogEventHandlers } from '../modules/dialogs/on-events.ts';
import { notificationEventHandlers } from '../modules/notifications/on-events.ts';
import { taskEventHandlers } from '../modules/tasks/on-events.ts';
import { withdrawalEventHandlers } from '../modules/withdrawals/on-events.ts';
import { giftEventHandlers } from '../modules/gifts/on-events.ts';

/**
 * Every outbox handler, composed here (the composition layer) so the events core imports no domain.
 * Each domain owns its handlers in its own `on-events.ts`.
 */
export function eventHandlers(): HandlerRegistry {
  return handlerRegistry([
    ...taskEventHandlers,
    ...notificationEventHandlers,
    ...withdrawalEventHandlers,
    ...dialogEventHandlers,
    ...collectibleEventHandlers,
    ...giftEventHandlers,
    ...calendarEventHandlers,
  ]);
}
