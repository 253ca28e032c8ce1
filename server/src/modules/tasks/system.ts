import type { TaskType } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { DomainError } from '../../lib/errors.ts';
import { allTasks, isOpen, offeredTo } from './catalogue.ts';
import { claim } from './claim.ts';
import { configOf, kindOf } from './kinds/index.ts';

/**
 * Tasks that complete by themselves when the participant does the thing (link a wallet, buy something):
 * pays every open task of that type once; an already-claimed one is quietly skipped.
 */
export async function claimSystemTasks(deps: Pick<AppDeps, 'prisma' | 'db' | 'clock' | 'telegram'>, participantId: number, type: TaskType) {
  // Only kinds the system completes: the others have their own checks, made when claimed by hand.
  if (!kindOf(type).system) return [];
  const now = deps.clock.now();
  const tasks = (await allTasks(deps)).filter((t) => t.type === type);
  const paid = [];
  for (const t of tasks) {
    if (!isOpen(t, now)) continue;
    try {
      // A task offered to a segment pays only its participants (TASK_NOT_IN_SEGMENT is skipped like a repeat).
      await offeredTo(deps, t, participantId, now);
      paid.push(await claim(deps, participantId, t, configOf(t), now));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return paid;
}
