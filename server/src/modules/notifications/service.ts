import type { AppDeps } from '../../context.ts';

type Lang = 'en' | 'ru';
type Text = (lang: Lang) => string;

/** Tells a participant something through the bot, in their language. Never fails the caller's work. */
export async function notify(deps: AppDeps, participantId: number, text: Text): Promise<boolean> {
  const p = await deps.prisma.participant.findUnique({ where: { id: participantId }, select: { telegramId: true, language: true } });
  if (!p) return false;
  try {
    await deps.telegram.sendMessage(Number(p.telegramId), text(p.language === 'ru' ? 'ru' : 'en'));
    return true;
  } catch {
    return false;
  }
}
