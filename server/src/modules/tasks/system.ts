import type { TaskType } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { DomainError } from '../../lib/errors.ts';
import { parseTaskConfig } from './config.ts';
import { claim } from './service.ts';

/**
 * Tasks that complete by themselves when the participant does the thing (link a wallet, buy something):
 * pays every open task of that type once; an already-claimed one is quietly skipped.
 */
export async function claimSystemTasks(deps: Pick<AppDeps, 'prisma' | 'db' | 'clock' | 'telegram'>, participantId: number, type: TaskType) {
  const now = deps.clock.now();
  const tasks = await deps.prisma.task.findMany({ where: { type, active: true } });
  const paid = [];
  for (const t of tasks) {
    if ((t.startsAt && t.startsAt > now) || (t.endsAt && t.endsAt <= now)) continue;
    try {
      paid.push(await claim(deps, participantId, t, parseTaskConfig(t.config), now));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return paid;
}
