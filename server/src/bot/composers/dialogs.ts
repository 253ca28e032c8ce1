import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { AppDeps } from '../../context.ts';
import { receive } from '../../modules/dialogs/service.ts';
import { isBanned, resolveParticipant } from '../../modules/participants/service.ts';
import { t } from '../../lib/bot-strings.ts';

const KINDS = ['photo', 'video', 'voice', 'video_note', 'audio', 'document', 'sticker', 'animation', 'location', 'contact', 'poll'] as const;

/** What the inbox shows of a message: its text or caption, and what else it carried. */
function textOf(m: Message): string {
  const kind = KINDS.find((k) => k in m);
  const body = m.text ?? m.caption ?? '';
  return [kind ? `[${kind}]` : '', body].filter(Boolean).join(' ') || '[message]';
}

/**
 * Anything a participant writes in the private chat that no other handler took (commands, payments):
 * it goes to the back office inbox. Runs last.
 */
export function dialogsComposer(deps: AppDeps) {
  const c = new Composer();
  c.chatType('private').on('message', async (ctx) => {
    const m = ctx.message;
    if (m.text?.startsWith('/') || m.successful_payment || m.refunded_payment) return;
    const p = await resolveParticipant(deps.db, ctx.from, { startParam: null, ownerIds: deps.config.adminTelegramIds, now: deps.clock.now() });
    if (isBanned(p, deps.clock.now())) return;
    const text = textOf(m).slice(0, 4096);
    // The team is told by the worker; the participant writing is never told about themself (an admin
    // testing the bot, say).
    const got = await receive(deps, p.id, { telegramMessageId: m.message_id, text }, { announce: p.role === 'PARTICIPANT' });
    if (!got?.opened) return;
    await ctx.reply(t(p.language).dialogReceived);
  });
  return c;
}
