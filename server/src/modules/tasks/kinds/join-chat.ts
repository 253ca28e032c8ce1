import type { z } from 'zod';
import { baseConfig, chatId, httpUrl } from './fields.ts';
import { checkMembership } from './checks.ts';
import { defineKind } from './kind.ts';

const schema = baseConfig.extend({
  /** Where membership is checked: the bot must be able to read the chat's members. */
  chatId,
  /** Where the participant joins. */
  chatUrl: httpUrl,
});

/** Join a channel or group; Telegram confirms it (getChatMember). */
export const joinChat = defineKind<Partial<z.infer<typeof schema>>>({
  type: 'JOIN_CHAT',
  schema,
  verify: (args) => checkMembership(args, args.config.chatId),
  action: (config) => ({ kind: 'join_chat', chatUrl: config.chatUrl ?? null }),
});
