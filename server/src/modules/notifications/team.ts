import type { AppDeps } from '../../context.ts';
import { rolesThatCan, type Action } from '../../policy.ts';

export type TeamChat = { chatId: number; lang: 'en' | 'ru' };

/**
 * Where the team hears of something the holders of an action act on: the admins' chat when one is configured
 * (in ADMIN_CHAT_LANGUAGE), otherwise each holder privately, in their own language. Banned holders and those
 * who blocked the bot are left out.
 */
export async function teamChats(deps: AppDeps, action: Action): Promise<TeamChat[]> {
  if (deps.config.adminChatId != null) return [{ chatId: deps.config.adminChatId, lang: deps.config.adminChatLanguage }];
  const holders = await deps.prisma.participant.findMany({
    where: { role: { in: rolesThatCan(action) }, bannedAt: null, botBlockedAt: null },
    select: { telegramId: true, language: true },
  });
  return holders.map((a) => ({ chatId: Number(a.telegramId), lang: a.language === 'ru' ? 'ru' : 'en' }));
}
