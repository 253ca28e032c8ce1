import { Composer } from 'grammy';
import type { User } from 'grammy/types';
import type { AppDeps } from '../../context.ts';
import { forgetContact, phoneRequest, shareContact } from '../../modules/contacts/service.ts';
import { resolveParticipant } from '../../modules/participants/service.ts';
import { t } from '../../lib/bot-strings.ts';

const removeKeyboard = { reply_markup: { remove_keyboard: true as const } };

/**
 * The phone number a participant chooses to share: /phone asks with the consent line and a
 * request_contact button, the contact that comes back is kept when it is the sender's own, and
 * /forget_phone deletes it. Contacts never reach the inbox.
 */
export function contactsComposer(deps: AppDeps) {
  const c = new Composer();
  const pm = c.chatType('private');
  const participant = (from: User) =>
    resolveParticipant(deps.db, from, { startParam: null, ownerIds: deps.config.adminTelegramIds, now: deps.clock.now() });

  pm.command('phone', async (ctx) => {
    const p = await participant(ctx.from);
    if (p.bannedAt) return void (await ctx.reply(t(p.language).banned));
    const r = phoneRequest(p.language);
    await ctx.reply(r.text, { reply_markup: r.keyboard });
  });

  pm.command('forget_phone', async (ctx) => {
    const p = await participant(ctx.from);
    const { deleted } = await forgetContact(deps, p);
    await ctx.reply(deleted ? t(p.language).phoneForgotten : t(p.language).phoneNone, removeKeyboard);
  });

  pm.on('message:contact', async (ctx) => {
    const p = await participant(ctx.from);
    const s = t(p.language);
    if (p.bannedAt) return void (await ctx.reply(s.banned, removeKeyboard));
    const contact = ctx.message.contact;
    const r = await shareContact(deps, p, { userId: contact.user_id, phone: contact.phone_number });
    await ctx.reply(r.saved ? s.phoneSaved : s.phoneNotYours, removeKeyboard);
  });
  return c;
}
