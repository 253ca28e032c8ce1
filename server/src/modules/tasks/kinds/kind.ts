import type { z } from 'zod';
import type { Participant, Task, TaskPeriod, TaskType } from '../../../generated/prisma/client.ts';
import type { Lang } from '../../../lib/localized.ts';
import type { TaskDeps } from '../catalogue.ts';

/** What the participant is asked to do; the Mini App renders a task by this, never by its type. */
export type TaskAction =
  | { kind: 'check_in'; streak: number }
  | { kind: 'join_chat'; chatUrl: string | null }
  | { kind: 'invite'; required: number; progress: number; perFriend: boolean }
  | { kind: 'answer'; question: string; options: string[] }
  | { kind: 'open_link'; url: string | null; dwellSeconds: number }
  | { kind: 'connect_wallet' }
  | { kind: 'buy' }
  | { kind: 'partner'; url: string | null; dwellSeconds: number };

export interface VerifyArgs<C> {
  deps: TaskDeps;
  participant: Pick<Participant, 'id' | 'telegramId'>;
  task: Task;
  config: C;
  answer: string | undefined;
  now: Date;
}

export interface ActionArgs {
  lang: Lang;
  participant: Pick<Participant, 'streak' | 'lastCheckinDay'>;
  /** The kind's progress (progressSql) as read with the Tasks screen, when it has one. */
  progress: number;
  now: Date;
}

/**
 * One kind of task. The core (catalogue, Tasks screen, start, claim) asks these and never the type.
 * C is the config an admin fills in, as `schema` gives it.
 */
export interface TaskKind<C extends { prizeDropId?: number } = { prizeDropId?: number }> {
  type: TaskType;
  /** The config an admin saves; bounded. Stored configs are read leniently field by field (readConfig). */
  schema: z.ZodObject;
  /** The periods it may repeat in (all when left out). */
  periods?: TaskPeriod[];
  /** The participant opens something first (tasks.start); the claim counts the dwell from that open. */
  start?: { dwellSeconds(config: C): number };
  /** Completed by the system (claimSystemTasks) when the participant does the thing, never by hand. */
  system?: boolean;
  /** Shown but never claimable by hand, whatever the claims (paid by the system instead). */
  locked?(config: C): boolean;
  /** Once per UTC day, and paid by the streak it makes. */
  streak?(config: C, base: bigint, streak: number): bigint;
  /** An SQL expression over the participant `p`, read with the Tasks screen and shown as progress. */
  progressSql?: string;
  /** Checks done before the claim; they may call Telegram, so no row is locked meanwhile. */
  verify(args: VerifyArgs<C>): Promise<void>;
  action(config: C, args: ActionArgs): TaskAction;
}

/** Keeps a kind's config type while the registry holds kinds of every config. */
export const defineKind = <C extends { prizeDropId?: number }>(kind: TaskKind<C>): TaskKind => kind as unknown as TaskKind;
