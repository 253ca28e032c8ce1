import { z } from 'zod';
import { AppCodes, DomainError } from '../../../lib/errors.ts';
import { activeFriends, ACTIVE_FRIENDS_SQL } from '../../referrals/service.ts';
import { baseConfig } from './fields.ts';
import { defineKind } from './kind.ts';

const schema = baseConfig.extend({
  /** A milestone: claimable once this many invited friends are active. */
  friendsRequired: z.number().int().min(1).max(1000).optional(),
  /** Instead, the reward is paid automatically for each friend who completes a first task (referrals). */
  perFriend: z.boolean().optional(),
});

export const inviteFriends = defineKind<Partial<z.infer<typeof schema>>>({
  type: 'INVITE_FRIENDS',
  schema,
  locked: (config) => config.perFriend === true,
  progressSql: ACTIVE_FRIENDS_SQL,
  verify: async ({ deps, participant, config }) => {
    if (config.perFriend) {
      throw new DomainError(AppCodes.TASK_NOT_VERIFIABLE, 'BAD_REQUEST', 'This reward is paid automatically for each friend who becomes active.');
    }
    const active = await activeFriends(deps.prisma, participant.id);
    const need = config.friendsRequired ?? 1;
    if (active < need) {
      throw new DomainError(AppCodes.NOT_ENOUGH_FRIENDS, 'PRECONDITION_FAILED', `Invite ${need - active} more active friend(s).`, { active, need });
    }
  },
  action: (config, { progress }) => ({
    kind: 'invite',
    required: config.perFriend ? 1 : config.friendsRequired ?? 1,
    progress,
    perFriend: config.perFriend === true,
  }),
});
