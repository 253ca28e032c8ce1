import { handler } from '../events/handlers.ts';
import { claimSystemTasks } from './system.ts';

/**
 * System tasks paid when the participant did the thing. Safe twice: a claim is unique per participant,
 * task and period in the database, so a second run finds each task claimed and skips it.
 */
export const taskEventHandlers = [
  handler('purchase.paid', async (deps, { participantId }) => {
    await claimSystemTasks(deps, participantId, 'PURCHASE');
  }),
  handler('wallet.linked', async (deps, { participantId }) => {
    await claimSystemTasks(deps, participantId, 'CONNECT_WALLET');
  }),
];
