import { z } from 'zod';
import { adminProcedure, router } from '../../trpc.ts';
import { taskFigures } from './figures.ts';
import { adminTasks, saveTask, taskInput, taskKinds } from './catalogue.ts';

/** The back office's task procedures, merged into admin.catalog (admin.catalog.tasks, .saveTask, .taskKinds, .taskStats). */
export const adminTasksRouter = router({
  tasks: adminProcedure('tasks.manage').query(({ ctx }) => adminTasks(ctx.deps)),
  saveTask: adminProcedure('tasks.manage')
    .input(taskInput)
    .mutation(({ ctx, input }) => saveTask(ctx.deps, ctx.participant.id, input)),
  /** Every kind of task and the config fields it takes, for the admin form. */
  taskKinds: adminProcedure('tasks.manage').query(() => taskKinds()),
  /** Per task: claims, distinct participants, points paid (from the ledger) and the last claim, over the last `days` or all time. */
  taskStats: adminProcedure('tasks.manage')
    .input(z.object({ days: z.number().int().min(1).max(3650).optional() }).default({}))
    .query(({ ctx, input }) => taskFigures(ctx.deps, input.days)),
});
