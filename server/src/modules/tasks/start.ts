import type { Participant } from '../../generated/prisma/client.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { openTask, type TaskDeps } from './catalogue.ts';
import { configOf, kindOf } from './kinds/index.ts';
import { periodKeyOf } from './rules.ts';

/** Records that a participant opened a task that is opened first; the dwell time counts from the first open. */
export async function startTask(deps: TaskDeps, p: Participant, taskId: number) {
  const now = deps.clock.now();
  const t = await openTask(deps, taskId, now, p.id);
  const opens = kindOf(t.type).start;
  if (!opens) throw new DomainError(AppCodes.TASK_NOT_STARTABLE, 'BAD_REQUEST', 'This task does not need to be started.');
  const periodKey = periodKeyOf(t.period, now);
  const start = await deps.prisma.taskStart.upsert({
    where: { participantId_taskId_periodKey: { participantId: p.id, taskId, periodKey } },
    create: { participantId: p.id, taskId, periodKey, startedAt: now },
    update: {},
  });
  return {
    taskId,
    startedAt: start.startedAt.toISOString(),
    readyAt: new Date(start.startedAt.getTime() + opens.dwellSeconds(configOf(t)) * 1000).toISOString(),
  };
}
