import { GrammyError, InputFile } from 'grammy';
import type { ArtAttributes } from '../../lib/edition-art.ts';
import { editionArtPng } from '../../lib/edition-art-png.ts';
import type { AppDeps } from '../../context.ts';
import type { Prisma } from '../../db/client.ts';
import { emit } from '../events/emit.ts';
import type { Tx } from '../ledger/service.ts';

type Lang = 'en' | 'ru';
type Text = (lang: Lang) => string;

/**
 * Tells a participant something after the caller's transaction commits: written there as an event (both
 * languages rendered now), sent by the worker. `key` names the occasion, so a repeat is told once.
 */
export async function notifyLater(tx: Tx | Prisma, participantId: number, text: Text, key: string, art?: ArtAttributes): Promise<void> {
  const payload = { participantId, text: { en: text('en'), ru: text('ru') }, ...(art ? { art: { model: art.model, backdrop: art.backdrop, symbol: art.symbol } } : {}) };
  await emit(tx, 'participant.notify', payload, { key: `notify:${key}` });
}

/** Telegram answered and the answer is no (blocked, chat not found): sending again would change nothing. */
export const refusedByTelegram = (e: unknown) => e instanceof GrammyError && e.error_code >= 400 && e.error_code < 500 && e.error_code !== 429;

/** A photo's caption is shorter than a message; a longer text goes without the picture. */
const CAPTION_MAX = 1024;

/** Sends one message; Telegram being away throws (the worker tries again), a refusal is accepted as final. */
export async function sendOnce(deps: AppDeps, chatId: number, text: string, art?: ArtAttributes): Promise<void> {
  try {
    // Telegram takes no SVG photo: the edition's picture goes as the PNG drawn from the same SVG.
    if (art && text.length <= CAPTION_MAX) await deps.telegram.sendPhoto(chatId, new InputFile(editionArtPng(art), 'collectible.png'), { caption: text });
    else await deps.telegram.sendMessage(chatId, text);
  } catch (e) {
    if (!refusedByTelegram(e)) throw e;
  }
}
