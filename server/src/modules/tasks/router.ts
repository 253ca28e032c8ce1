import { z } from 'zod';
import { idOf, lines } from '../../lib/schemas.ts';
import { participantProcedure, participantProcedureWith, router } from '../../trpc.ts';
import { claimStateRead, completeTask, listTasks, startTask, taskActivityRead } from './service.ts';

// Ids are INTEGER columns: a larger number is refused as bad input before it reaches the database.
const taskId = idOf('a task id');

export const tasksRouter = router({
  list: participantProcedureWith(taskActivityRead).query(({ ctx }) => listTasks(ctx.deps, ctx.participant, ctx.read)),
  start: participantProcedure
    .input(z.object({ taskId }))
    .mutation(({ ctx, input }) => startTask(ctx.deps, ctx.participant, input.taskId)),
  complete: participantProcedureWith(claimStateRead)
    .input(z.object({ taskId, answer: lines(500).optional() }))
    .mutation(({ ctx, input }) => completeTask(ctx.deps, ctx.participant, input.taskId, input.answer, ctx.read)),
});
