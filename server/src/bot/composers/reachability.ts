import { Composer } from 'grammy';
import type { AppDeps } from '../../context.ts';

/**
 * Whether the bot can write to a participant: Telegram reports blocking and unblocking in a private chat
 * as my_chat_member ('kicked', then 'member'). Mailings skip those it cannot reach.
 */
export function reachabilityComposer(deps: AppDeps) {
  const c = new Composer();
  c.on('my_chat_member', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    const status = ctx.myChatMember.new_chat_member.status;
    if (status !== 'kicked' && status !== 'member') return;
    await deps.prisma.participant.updateMany({
      where: { telegramId: BigInt(ctx.myChatMember.from.id) },
      data: { botBlockedAt: status === 'kicked' ? deps.clock.now() : null },
    });
  });
  return c;
}
