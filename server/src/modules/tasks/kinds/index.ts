import type { TaskPeriod, TaskType } from '../../../generated/prisma/client.ts';
import { connectWallet } from './connect-wallet.ts';
import { dailyCheckin } from './daily-checkin.ts';
import { fieldsOf, readConfig, type ConfigField } from './fields.ts';
import { inviteFriends } from './invite-friends.ts';
import { joinChat } from './join-chat.ts';
import type { TaskKind } from './kind.ts';
import { partner } from './partner.ts';
import { purchase } from './purchase.ts';
import { quiz } from './quiz.ts';
import { visitLink } from './visit-link.ts';

export type { TaskAction, TaskKind } from './kind.ts';

/** Every kind of task, by its type: adding a kind is a file and a line here. */
const kinds: Record<TaskType, TaskKind> = {
  DAILY_CHECKIN: dailyCheckin,
  JOIN_CHAT: joinChat,
  INVITE_FRIENDS: inviteFriends,
  QUIZ: quiz,
  VISIT_LINK: visitLink,
  CONNECT_WALLET: connectWallet,
  PURCHASE: purchase,
  PARTNER: partner,
};

export const TASK_TYPES = Object.keys(kinds) as [TaskType, ...TaskType[]];

export const kindOf = (type: TaskType): TaskKind => kinds[type];

/** A stored config as its kind reads it (what still holds of it). */
export type StoredConfig = { prizeDropId?: number } & Record<string, unknown>;
export const configOf = (t: { type: TaskType; config: unknown }): StoredConfig => readConfig(kinds[t.type].schema, t.config);

/** Kinds with a progress read with the Tasks screen, numbered from 1 (0: none). */
export const progressKinds: TaskType[] = TASK_TYPES.filter((t) => kinds[t].progressSql);

export interface KindInfo {
  type: TaskType;
  /** Opened first; the dwell counts from the open. */
  needsStart: boolean;
  /** Completed by the system, never claimed by hand. */
  system: boolean;
  /** The periods it may repeat in. */
  periods: TaskPeriod[];
  fields: ConfigField[];
}

export const TASK_PERIODS: TaskPeriod[] = ['ONCE', 'DAILY', 'WEEKLY', 'UNLIMITED'];

/** Every kind with the fields its config takes: the admin form renders these and nothing per kind. */
export const kindInfos: KindInfo[] = TASK_TYPES.map((type) => ({
  type,
  needsStart: !!kinds[type].start,
  system: !!kinds[type].system,
  periods: kinds[type].periods ?? TASK_PERIODS,
  fields: fieldsOf(kinds[type].schema),
}));
