import { handler } from '../events/handlers.ts';
import { mintGaveUp, sendMint } from './mint.ts';

export const collectibleEventHandlers = [
  // Safe twice: it looks on chain before sending, records the send first, and the contracts refuse a
  // repeated mint or transfer. Its last attempt marks the request FAILED for an admin to retry.
  handler('edition.mint', async (deps, payload, event) => {
    try {
      await sendMint(deps, payload, event.key);
    } catch (err) {
      if (event.attempts >= deps.config.outbox.maxAttempts) await mintGaveUp(deps, payload, event.key, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }),
];
