import { z } from 'zod';
import { participantProcedure, router } from '../../trpc.ts';
import { completeTask, listTasks, startTask } from './service.ts';

const taskId = z.number().int().positive();

export const tasksRouter = router({
  list: participantProcedure.query(({ ctx }) => listTasks(ctx.deps, ctx.participant)),
  start: participantProcedure
    .input(z.object({ taskId }))
    .mutation(({ ctx, input }) => startTask(ctx.deps, ctx.participant, input.taskId)),
  complete: participantProcedure
    .input(z.object({ taskId, answer: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => completeTask(ctx.deps, ctx.participant, input.taskId, input.answer)),
});
