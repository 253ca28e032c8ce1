import type { z } from 'zod';
import { baseConfig, chatId, httpUrl, seconds } from './fields.ts';
import { checkDwell, checkMembership } from './checks.ts';
import { defineKind } from './kind.ts';

const schema = baseConfig.extend({
  /** The partner's page, bot or app. */
  url: httpUrl,
  dwellSeconds: seconds(3600).optional(),
  /** When set, the participant must also be a member of the partner's chat (the bot must see its members). */
  chatId: chatId.optional(),
});

/** A partner's offer: opened from the app (dwell counted from the open), and the partner's chat joined when asked. */
export const partner = defineKind<Partial<z.infer<typeof schema>>>({
  type: 'PARTNER',
  schema,
  start: { dwellSeconds: (config) => config.dwellSeconds ?? 0 },
  verify: async (args) => {
    await checkDwell(args, args.config.dwellSeconds ?? 0);
    if (args.config.chatId) await checkMembership(args, args.config.chatId);
  },
  action: (config) => ({ kind: 'partner', url: config.url ?? null, dwellSeconds: config.dwellSeconds ?? 0 }),
});
