import { Composer, InlineKeyboard } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { resolveParticipant } from '../../modules/participants/service.ts';
import { displayName, isBanned } from '../../modules/participants/service.ts';
import { t } from '../../lib/bot-strings.ts';

/** /start (with an optional `ref_<code>` deep link) and /help: both answer with the Mini App button. */
export function startComposer(deps: AppDeps) {
  const c = new Composer();
  const appButton = (lang: string) => new InlineKeyboard().webApp(t(lang).open, `${deps.config.publicUrl}/`);

  c.command('start', async (ctx) => {
    if (!ctx.from || ctx.chat?.type !== 'private') return;
    const p = await resolveParticipant(deps.db, ctx.from, {
      startParam: ctx.match || null,
      ownerIds: deps.config.adminTelegramIds,
      now: deps.clock.now(),
    });
    // Writing /start means the bot can reach them again (a 403 to a mailing had marked them).
    if (p.botBlockedAt) await deps.prisma.participant.update({ where: { id: p.id }, data: { botBlockedAt: null } });
    const s = t(p.language);
    if (isBanned(p, deps.clock.now())) return void (await ctx.reply(s.banned));
    const lines = [s.welcome(displayName(p))];
    if (p.invitedById && !p.activatedAt) lines.push(s.welcomeInvited);
    await ctx.reply(lines.join('\n\n'), { reply_markup: appButton(p.language) });
  });

  c.command('help', async (ctx) => {
    const p = ctx.from ? await deps.prisma.participant.findUnique({ where: { telegramId: BigInt(ctx.from.id) } }) : null;
    const lang = p?.language ?? (ctx.from?.language_code?.startsWith('ru') ? 'ru' : 'en');
    await ctx.reply(t(lang).help, { reply_markup: appButton(lang) });
  });
  return c;
}
