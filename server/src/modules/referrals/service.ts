import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import type { Prisma } from '../../db/client.ts';
import { displayName } from '../participants/service.ts';
import { isPerFriend } from './payout.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { t } from '../../lib/bot-strings.ts';

/** A friend counts once active: they completed a first task. The same count as SQL over a participant `p`. */
export const ACTIVE_FRIENDS_SQL = `(SELECT count(*) FROM "Participant" f WHERE f."invitedById" = p.id AND f."activatedAt" IS NOT NULL)`;
export const activeFriends = (prisma: Prisma, participantId: number) =>
  prisma.participant.count({ where: { invitedById: participantId, activatedAt: { not: null } } });

export function inviteLink(deps: Pick<AppDeps, 'config' | 'botInfo'>, code: string): string {
  const bot = deps.botInfo.username ?? deps.config.botUsername;
  const param = `ref_${code}`;
  if (bot && deps.config.miniAppShortName) return `https://t.me/${bot}/${deps.config.miniAppShortName}?startapp=${param}`;
  if (bot) return `https://t.me/${bot}?start=${param}`;
  return `${deps.config.publicUrl}/?startapp=${param}`;
}

export async function referralSummary(deps: AppDeps, p: Participant) {
  const [friends, earned, inviteTasks] = await Promise.all([
    deps.prisma.participant.findMany({
      where: { invitedById: p.id },
      orderBy: { createdAt: 'desc' },
      take: 200,
      select: { firstName: true, lastName: true, username: true, activatedAt: true, createdAt: true },
    }),
    deps.prisma.$queryRawUnsafe<{ total: bigint | null }[]>(
      `SELECT SUM(t.amount) AS total FROM "Transfer" t JOIN "Account" a ON a.id = t."creditAccountId"
        WHERE a."participantId" = $1 AND t.kind = 'REFERRAL_REWARD'`,
      p.id,
    ),
    deps.prisma.task.findMany({ where: { type: 'INVITE_FRIENDS', active: true }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
  ]);
  // Milestone tasks (friendsRequired) share the type; the per-friend reward is the one with perFriend.
  const perFriendTask = inviteTasks.find((t) => isPerFriend(t.config));
  const invited = await deps.prisma.participant.count({ where: { invitedById: p.id } });
  const active = await activeFriends(deps.prisma, p.id);
  const perFriend = perFriendTask?.reward ?? 0n;
  return {
    code: p.referralCode,
    link: inviteLink(deps, p.referralCode),
    invited,
    active,
    earned: (earned[0]?.total ?? 0n).toString(),
    rewardPerFriend: perFriend.toString(),
    friends: friends.map((f) => ({
      name: displayName(f),
      username: f.username,
      activated: f.activatedAt != null,
      joinedAt: f.createdAt.toISOString(),
    })),
  };
}

/**
 * An invitation the participant can send to any chat with Telegram's own picker (the Mini App's
 * `shareMessage`): the bot prepares it for them (`savePreparedInlineMessage`); Telegram keeps it a day.
 */
export async function prepareInviteMessage(deps: AppDeps, p: Participant) {
  const s = t(p.language);
  const link = inviteLink(deps, p.referralCode);
  let prepared;
  try {
    prepared = await deps.telegram.savePreparedInlineMessage(
      Number(p.telegramId),
      {
        type: 'article',
        id: `invite-${p.referralCode}`,
        title: s.inviteTitle,
        description: s.inviteText(displayName(p)),
        input_message_content: { message_text: `${s.inviteText(displayName(p))}\n\n${link}` },
        reply_markup: { inline_keyboard: [[{ text: s.inviteButton, url: link }]] },
      },
      { allow_user_chats: true, allow_group_chats: true, allow_channel_chats: false, allow_bot_chats: false },
    );
  } catch {
    // Telegram away or refusing: the Mini App falls back to the share link it always had.
    throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'SERVICE_UNAVAILABLE', 'Telegram could not prepare the message. Share the link instead.');
  }
  return { id: prepared.id, expiresAt: new Date(prepared.expiration_date * 1000).toISOString(), link };
}
