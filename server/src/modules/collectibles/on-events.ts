import { handler } from '../events/handlers.ts';
import { sendMint } from './mint.ts';

export const collectibleEventHandlers = [
  // Safe twice: it looks on chain before sending, and the contracts refuse a repeated mint or transfer.
  handler('edition.mint', async (deps, payload) => sendMint(deps, payload)),
];
