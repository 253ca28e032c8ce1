import { z } from 'zod';
import { line, searchText } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { exportContacts, listContacts } from './service.ts';

const view = adminProcedure('contacts.view');

/** Phone numbers participants chose to share: only roles with contacts.view see or export them. */
export const adminContactsRouter = router({
  list: view
    .input(
      z
        .object({ search: searchText.optional(), cursor: line(100).optional(), limit: z.number().int().min(1).max(100).default(25) })
        .default({ limit: 25 }),
    )
    .query(({ ctx, input }) => listContacts(ctx.deps, input)),
  /** Every row under the search (for the CSV), recorded in the audit log. */
  export: view
    .input(z.object({ search: searchText.optional() }).default({}))
    .mutation(({ ctx, input }) => exportContacts(ctx.deps, ctx.admin, input.search)),
});
