import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Participant, Role } from './generated/prisma/client.ts';
import type { AppDeps } from './context.ts';
import { AppCodes, DomainError } from './lib/errors.ts';
import { resolveParticipant } from './modules/participants/service.ts';
import type { InitDataAuth } from './modules/auth/init-data.ts';

export interface Context {
  deps: AppDeps;
  /** The raw Authorization header; validated by participantProcedure. */
  authorization?: string;
  /** Set when the HTTP layer already validated the header (rate limiting keys on it). */
  auth?: InitDataAuth | DomainError;
  ip?: string;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let appCode: string = cause instanceof DomainError ? cause.appCode : error.code;
    let message = shape.message;
    if (cause instanceof ZodError) {
      appCode = AppCodes.VALIDATION;
      message = cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    }
    if (error.code === 'INTERNAL_SERVER_ERROR') message = 'Something went wrong on our side. Please try again.';
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode,
        details: cause instanceof DomainError ? cause.details ?? null : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become TRPCErrors with their stable code here, and nowhere else. */
const asTrpcError = (d: DomainError) => new TRPCError({ code: d.trpcCode, message: d.message, cause: d });

const domainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof DomainError) throw asTrpcError(res.error.cause);
  return res;
});

export const publicProcedure = t.procedure.use(domainErrors);

// One middleware does what publicProcedure's does and signs the participant in: every middleware level
// costs each call a copy of its options, and this one runs on nearly every call.
export const participantProcedure = t.procedure.use(async ({ ctx, next }) => {
  const auth = ctx.auth ?? safeVerify(ctx);
  if (auth instanceof DomainError) throw asTrpcError(auth);
  const { deps } = ctx;
  let participant: Participant;
  try {
    participant = await resolveParticipant(deps.db, auth.user, {
      startParam: auth.startParam,
      ownerIds: deps.config.adminTelegramIds,
      now: deps.clock.now(),
    });
  } catch (e) {
    throw e instanceof DomainError ? asTrpcError(e) : e;
  }
  if (participant.bannedAt) throw asTrpcError(new DomainError(AppCodes.BANNED, 'FORBIDDEN', 'Your account is blocked in this community.'));
  const res = await next({ ctx: { participant, initData: auth } });
  if (!res.ok && res.error.cause instanceof DomainError) throw asTrpcError(res.error.cause);
  return res;
});

function safeVerify(ctx: Context): InitDataAuth | DomainError {
  try {
    return ctx.deps.verifier.fromHeader(ctx.authorization);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

export type AdminRole = Exclude<Role, 'PARTICIPANT'>;

/** Owners may do everything; other roles only what a procedure names. */
export function adminProcedure(...roles: AdminRole[]) {
  return participantProcedure.use(({ ctx, next }) => {
    const role = ctx.participant.role;
    if (role !== 'OWNER' && !roles.includes(role as AdminRole)) {
      throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'Your role does not allow this action.');
    }
    return next({ ctx: { ...ctx, admin: ctx.participant as Participant } });
  });
}

export const ADMIN_ROLES: AdminRole[] = ['MODERATOR', 'FINANCE', 'ADMIN', 'OWNER'];
export const isAdminRole = (r: Role) => r !== 'PARTICIPANT';
