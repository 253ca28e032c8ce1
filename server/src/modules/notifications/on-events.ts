import { handler } from '../events/handlers.ts';
import { sendOnce } from './service.ts';

/**
 * Messages written as events. The Bot API has no idempotency key, so "safe twice" here means: a retry
 * follows only a failed send or a worker stopping between Telegram's answer and the event being marked
 * done; the second is the one case a message can arrive twice.
 */
export const notificationEventHandlers = [
  handler('participant.notify', async (deps, { participantId, text, art }) => {
    const p = await deps.prisma.participant.findUnique({ where: { id: participantId }, select: { telegramId: true, language: true } });
    // Deleted accounts keep a negative Telegram id: nobody to tell.
    if (!p || p.telegramId <= 0n) return;
    await sendOnce(deps, Number(p.telegramId), p.language === 'ru' ? text.ru : text.en, art);
  }),
  handler('chat.message', async (deps, { chatId, text }) => sendOnce(deps, chatId, text)),
];
