import { z } from 'zod';
import { line, pageIfAny, searchText, sortOf } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { exportContacts, listContacts } from './service.ts';

const view = adminProcedure('contacts.view');
const sort = sortOf(['sharedAt', 'name', 'username', 'phone'], { by: 'sharedAt', dir: 'desc' });

/** Phone numbers participants chose to share: only roles with contacts.view see or export them. */
export const adminContactsRouter = router({
  list: view
    .input(
      z
        .object({
          search: searchText.optional(),
          /** The newest first by cursor; or `page` with any `sort` (the console's table). */
          cursor: line(100).optional(),
          page: pageIfAny,
          sort,
          limit: z.number().int().min(1).max(100).default(25),
        })
        .default({ limit: 25, sort: { by: 'sharedAt', dir: 'desc' } }),
    )
    .query(({ ctx, input }) => listContacts(ctx.deps, input)),
  /** Every row under the search (for the CSV), recorded in the audit log. */
  export: view
    .input(z.object({ search: searchText.optional(), sort }).default({ sort: { by: 'sharedAt', dir: 'desc' } }))
    .mutation(({ ctx, input }) => exportContacts(ctx.deps, ctx.admin, input.search, input.sort)),
});
