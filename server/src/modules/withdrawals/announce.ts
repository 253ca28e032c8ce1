import { InlineKeyboard } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { formatTon } from '../../lib/format.ts';
import { displayName } from '../participants/service.ts';
import { adminText } from './messages.ts';
import { approvalsNeeded } from './approvals.ts';
import { refusedByTelegram } from '../notifications/service.ts';
import { teamChats } from '../notifications/team.ts';

type Posted = { chatId: number; messageId: number };

/** An admin's own chat speaks their language; the admins' group chat speaks ADMIN_CHAT_LANGUAGE. */
async function chatLanguage(deps: AppDeps, chatId: number): Promise<'en' | 'ru'> {
  if (chatId > 0) {
    const p = await deps.prisma.participant.findUnique({ where: { telegramId: BigInt(chatId) }, select: { language: true } });
    if (p) return p.language === 'ru' ? 'ru' : 'en';
  }
  return deps.config.adminChatLanguage;
}

async function render(deps: AppDeps, id: number, lang: 'en' | 'ru') {
  const w = await deps.prisma.withdrawal.findUnique({ where: { id }, include: { participant: true, approvals: true } });
  if (!w) return null;
  const needed = approvalsNeeded(w.amount, deps.config.withdrawals);
  const text = adminText.request({
    id: w.id,
    who: `${displayName(w.participant)} (id ${w.participant.telegramId})`,
    amount: formatTon(w.amount),
    fee: formatTon(w.fee),
    address: w.address,
    flags: w.riskFlags,
    status: w.status,
    approvals: w.approvals.length,
    needed,
  }, lang);
  const b = adminText.buttons(lang);
  const keyboard = w.status === 'REQUESTED' ? new InlineKeyboard().text(b.approve, `wd:approve:${w.id}`).text(b.reject, `wd:reject:${w.id}`) : undefined;
  return { w, text, keyboard };
}

/** Where requests go: the admins' chat when configured, otherwise each owner and finance admin privately. */
export async function approverChats(deps: AppDeps): Promise<number[]> {
  return (await teamChats(deps, 'withdrawals.approve')).map((c) => c.chatId);
}

/**
 * Posts a request with approve/reject buttons to one chat, as it stands now, and remembers the message
 * so later changes edit it. A chat it was already posted to is skipped. Telegram being away throws (the
 * outbox tries again); a chat that refuses the bot is given up.
 */
export async function announceTo(deps: AppDeps, id: number, chatId: number): Promise<void> {
  const r = await render(deps, id, await chatLanguage(deps, chatId));
  if (!r || ((r.w.adminMessages as Posted[]) ?? []).some((m) => m.chatId === chatId)) return;
  let m;
  try {
    m = await deps.telegram.sendMessage(chatId, r.text, { reply_markup: r.keyboard });
  } catch (e) {
    if (refusedByTelegram(e)) return;
    throw e;
  }
  // Appended in one statement: announcements to several chats finish side by side.
  await deps.prisma.$executeRawUnsafe(
    `UPDATE "Withdrawal" SET "adminMessages" = COALESCE("adminMessages", '[]'::jsonb) || $2::jsonb WHERE id = $1`,
    id,
    JSON.stringify([{ chatId, messageId: m.message_id }]),
  );
}

/**
 * Brings every posted message up to date after anyone acted, here or in the back office. Throws when
 * Telegram is away (the outbox tries again; messages already current answer "not modified").
 */
export async function refreshAnnouncements(deps: AppDeps, id: number): Promise<void> {
  const posted = await deps.prisma.withdrawal.findUnique({ where: { id }, select: { adminMessages: true } });
  let away: unknown = null;
  for (const m of (posted?.adminMessages as Posted[] | null) ?? []) {
    const r = await render(deps, id, await chatLanguage(deps, m.chatId));
    if (!r) return;
    try {
      await deps.telegram.editMessageText(m.chatId, m.messageId, r.text, { reply_markup: r.keyboard ?? { inline_keyboard: [] } });
    } catch (e) {
      // "message is not modified" and the like: nothing to do.
      if (!refusedByTelegram(e)) away = e;
    }
  }
  if (away) throw away;
}
