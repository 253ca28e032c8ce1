import { z } from 'zod';
import { idOf } from '../../lib/schemas.ts';
import { adminProcedure, consoleSessionId, router } from '../../trpc.ts';
import { listSessions, revokeSession } from './sessions.ts';

/** Back-office sessions of desktop browsers: one's own, and for owners everyone's (ending one is audited). */
export const adminSessionsRouter = router({
  list: adminProcedure('backoffice.open').query(({ ctx }) => listSessions(ctx.deps, ctx.participant, consoleSessionId(ctx))),
  revoke: adminProcedure('backoffice.open')
    .input(z.object({ id: idOf('a session id') }))
    .mutation(({ ctx, input }) => revokeSession(ctx.deps, ctx.participant, input.id)),
});
