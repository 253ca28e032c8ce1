import { adminProcedure, router } from '../../trpc.ts';
import { adminTasks, saveTask, taskInput, taskKinds } from './catalogue.ts';

/** The back office's task procedures, merged into admin.catalog (admin.catalog.tasks, .saveTask, .taskKinds). */
export const adminTasksRouter = router({
  tasks: adminProcedure('tasks.manage').query(({ ctx }) => adminTasks(ctx.deps)),
  saveTask: adminProcedure('tasks.manage')
    .input(taskInput)
    .mutation(({ ctx, input }) => saveTask(ctx.deps, ctx.participant.id, input)),
  /** Every kind of task and the config fields it takes, for the admin form. */
  taskKinds: adminProcedure('tasks.manage').query(() => taskKinds()),
});
