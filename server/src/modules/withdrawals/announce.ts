import { InlineKeyboard } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { formatTon } from '../../lib/format.ts';
import { displayName } from '../participants/service.ts';
import { adminText } from './messages.ts';
import { approvalsNeeded } from './approvals.ts';
import { rolesThatCan } from '../../policy.ts';

type Posted = { chatId: number; messageId: number };

async function render(deps: AppDeps, id: number) {
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
  });
  const keyboard = w.status === 'REQUESTED' ? new InlineKeyboard().text('✅ Approve', `wd:approve:${w.id}`).text('❌ Reject', `wd:reject:${w.id}`) : undefined;
  return { w, text, keyboard };
}

/** Where requests go: the admins' chat when configured, otherwise each owner and finance admin privately. */
async function recipients(deps: AppDeps): Promise<number[]> {
  if (deps.config.adminChatId != null) return [deps.config.adminChatId];
  const admins = await deps.prisma.participant.findMany({ where: { role: { in: rolesThatCan('withdrawals.approve') }, bannedAt: null }, select: { telegramId: true } });
  return admins.map((a) => Number(a.telegramId));
}

/** Posts a new request with approve/reject buttons; failures are logged by the caller's absence of messages, never thrown. */
export async function announceWithdrawal(deps: AppDeps, id: number): Promise<void> {
  const r = await render(deps, id);
  if (!r) return;
  const posted: Posted[] = [];
  for (const chatId of await recipients(deps)) {
    try {
      const m = await deps.telegram.sendMessage(chatId, r.text, { reply_markup: r.keyboard });
      posted.push({ chatId, messageId: m.message_id });
    } catch {
      // The request stands in the back office even if Telegram is unreachable.
    }
  }
  if (posted.length) await deps.prisma.withdrawal.update({ where: { id }, data: { adminMessages: posted } });
}

/** Brings every posted message up to date after anyone acted, here or in the back office. */
export async function refreshAnnouncements(deps: AppDeps, id: number): Promise<void> {
  const r = await render(deps, id);
  if (!r) return;
  for (const m of (r.w.adminMessages as Posted[]) ?? []) {
    try {
      await deps.telegram.editMessageText(m.chatId, m.messageId, r.text, { reply_markup: r.keyboard ?? { inline_keyboard: [] } });
    } catch {
      // "message is not modified" and the like: nothing to do.
    }
  }
}
