import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Participant } from './generated/prisma/client.ts';
import type { AppDeps } from './context.ts';
import { AppCodes, DomainError, fromDatabase, isDatabaseUnavailable } from './lib/errors.ts';
import { isBanned, resolveParticipant, resolveParticipantWith, type SessionParticipant, type SessionRead } from './modules/participants/service.ts';
import type { InitDataAuth } from './modules/auth/init-data.ts';
import type { ConsoleCaller } from './modules/auth/sessions.ts';
import { can, type Action } from './policy.ts';

export interface Context {
  deps: AppDeps;
  /** The raw Authorization header; validated by participantProcedure. */
  authorization?: string;
  /** Set when the HTTP layer already validated the header (rate limiting keys on it). */
  auth?: InitDataAuth | DomainError;
  /**
   * A back-office session cookie's caller (or why it was refused), looked up by the HTTP layer. Used only
   * when the request has no Authorization header: inside Telegram, initData stays the way in.
   */
  session?: ConsoleCaller | Error;
}

/** The console session the call was made with, if it was made with one. */
export const consoleSessionId = (ctx: Context): number | null =>
  !ctx.authorization && ctx.session && !(ctx.session instanceof Error) ? ctx.session.sessionId : null;

/** The participant behind a session cookie, when the call is made with one (and not with initData). */
function sessionCaller(ctx: Context): Participant | null {
  if (ctx.authorization || !ctx.session) return null;
  if (ctx.session instanceof Error) throw ctx.session;
  if (isBanned(ctx.session.participant, ctx.deps.clock.now())) throw banned();
  return ctx.session.participant;
}

/** What a procedure says about itself: an admin procedure names the action it needs (the authorization matrix test reads it). */
export interface Meta {
  action?: Action;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let appCode: string = cause instanceof DomainError ? cause.appCode : error.code;
    let message = shape.message;
    if (cause instanceof ZodError) {
      appCode = AppCodes.VALIDATION;
      message = cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    }
    let code = shape.data.code;
    let httpStatus = shape.data.httpStatus;
    if (error.code === 'INTERNAL_SERVER_ERROR') message = 'Something went wrong on our side. Please try again.';
    // The database away (a restart, a failover) is a 503 the client may retry, not our bug.
    if (error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(cause)) {
      appCode = AppCodes.DATABASE_UNAVAILABLE;
      code = 'SERVICE_UNAVAILABLE';
      httpStatus = 503;
      message = 'The service is briefly unavailable. Please try again in a moment.';
    }
    return {
      ...shape,
      message,
      data: {
        code,
        httpStatus,
        path: shape.data.path,
        appCode,
        details: cause instanceof DomainError ? cause.details ?? null : null,
      },
    };
  },
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become TRPCErrors with their stable code here, and nowhere else. */
const asTrpcError = (d: DomainError) => new TRPCError({ code: d.trpcCode, message: d.message, cause: d });

/** The domain error a failure stands for: its own, or what the database's refusal means (lib/errors.ts). */
const asDomainError = (e: unknown) => (e instanceof DomainError ? e : fromDatabase(e));

/** The rest of the chain's result, with a domain error (or a database refusal) it failed with turned into its TRPCError. */
function withDomainErrors<R extends { ok: boolean; error?: unknown }>(res: R): R {
  if (res.ok) return res;
  const cause = (res.error as { cause?: unknown } | undefined)?.cause;
  const domain = cause instanceof ZodError ? undefined : asDomainError(cause);
  if (domain) throw asTrpcError(domain);
  return res;
}

const domainErrors = t.middleware(async ({ next }) => withDomainErrors(await next()));

export const publicProcedure = t.procedure.use(domainErrors);

// One middleware does what publicProcedure's does and signs the participant in: every middleware level
// costs each call a copy of its options, and this one runs on nearly every call.
export const participantProcedure = t.procedure.use(async ({ ctx, next }) => {
  let signedIn: { participant: Participant; initData: InitDataAuth | null };
  try {
    signedIn = await signIn(ctx);
  } catch (e) {
    const domain = asDomainError(e);
    throw domain ? asTrpcError(domain) : e;
  }
  return withDomainErrors(await next({ ctx: signedIn }));
});

/**
 * participantProcedure for a read served with the sign-in's own lookup: `ctx.read` holds it, or is
 * null when the participant was only now created (the procedure then reads it itself).
 */
export function participantProcedureWith<X>(read: SessionRead<X>) {
  return t.procedure.use(async ({ ctx, next }) => {
    let signedIn: { participant: SessionParticipant; initData: InitDataAuth | null; read: X | null };
    try {
      // A console session has no Telegram user to read with: the procedure reads for itself (read: null).
      const viaSession = ctx.session ? sessionCaller(ctx) : null;
      if (viaSession) signedIn = { participant: viaSession, initData: null, read: null };
      else {
        // signIn's steps inline: one async frame fewer on the hottest reads.
        const auth = callerAuth(ctx);
        const found = await resolveParticipantWith(ctx.deps, auth.user, signInOpts(ctx.deps, auth), read);
        if (isBanned(found.participant, ctx.deps.clock.now())) throw banned();
        signedIn = { participant: found.participant, initData: auth, read: found.read };
      }
    } catch (e) {
      const domain = asDomainError(e);
      throw domain ? asTrpcError(domain) : e;
    }
    return withDomainErrors(await next({ ctx: signedIn }));
  });
}

/** The caller's validated initData (checked once per request by the HTTP layer when it ran). */
function callerAuth(ctx: Context): InitDataAuth {
  const auth = ctx.auth ?? ctx.deps.verifier.fromHeader(ctx.authorization);
  if (auth instanceof DomainError) throw auth;
  return auth;
}
const signInOpts = (deps: AppDeps, auth: InitDataAuth) => ({ startParam: auth.startParam, ownerIds: deps.config.adminTelegramIds, now: deps.clock.now() });
const banned = () => new DomainError(AppCodes.BANNED, 'FORBIDDEN', 'Your account is blocked in this community.');

/** The participant behind the call's initData (created on first sight); refuses a banned one. */
async function signIn(ctx: Context): Promise<{ participant: Participant; initData: InitDataAuth | null }> {
  const viaSession = ctx.session ? sessionCaller(ctx) : null;
  if (viaSession) return { participant: viaSession, initData: null };
  const auth = callerAuth(ctx);
  const participant = await resolveParticipant(ctx.deps.db, auth.user, signInOpts(ctx.deps, auth));
  if (isBanned(participant, ctx.deps.clock.now())) throw banned();
  return { participant, initData: auth };
}

export { ADMIN_ROLES, isAdminRole, type AdminRole } from './policy.ts';

/** A signed-in participant whose role may do `action` (the policy table in policy.ts decides). */
export function adminProcedure(action: Action) {
  return participantProcedure.meta({ action }).use(({ ctx, next }) => {
    if (!can(ctx.participant.role, action)) {
      throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'Your role does not allow this action.');
    }
    return next({ ctx: { ...ctx, admin: ctx.participant as Participant } });
  });
}
