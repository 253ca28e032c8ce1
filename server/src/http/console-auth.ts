import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCookie, stringifySetCookie } from 'cookie';
import { TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { AppDeps } from '../context.ts';
import { AppCodes, DomainError, isDatabaseUnavailable } from '../lib/errors.ts';
import { loginWidgetSchema, signLoginWidget } from '../modules/auth/login-widget.ts';
import { closeConsoleSession, consoleCaller, openConsoleSession, type ConsoleCaller } from '../modules/auth/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The back-office session behind the request's cookie, or why it does not count (see trpc.ts). */
    consoleSession?: ConsoleCaller | Error;
  }
}

/** Sign-in attempts per address per minute (or RATE_LIMIT_PER_MINUTE when that is lower). */
const SIGN_INS_PER_MINUTE = 10;

/**
 * The back office in a desktop browser: Telegram Login Widget sign-in, a session cookie, sign-out, and
 * the Origin check that keeps other sites from acting with that cookie (it is SameSite=Strict as well).
 */
export function consoleAuth(deps: AppDeps) {
  const { config } = deps;
  const secure = config.publicUrl.startsWith('https:');
  // __Host-: the browser keeps it to this exact host, over HTTPS, for the whole site.
  const cookieName = secure ? '__Host-admin_session' : 'admin_session';
  const publicOrigin = new URL(config.publicUrl).origin;

  const tokenOf = (req: FastifyRequest): string | undefined => {
    const header = req.headers.cookie;
    return header ? parseCookie(header)[cookieName] || undefined : undefined;
  };

  /** The origin of the page that sent the request: Origin, or Referer's when a browser left Origin out. */
  const senderOrigin = (req: FastifyRequest): string | null => {
    const origin = req.headers.origin;
    if (origin && origin !== 'null') return origin;
    const referer = req.headers.referer;
    if (!referer || !URL.canParse(referer)) return null;
    return new URL(referer).origin;
  };
  const fromOurPages = (req: FastifyRequest) => senderOrigin(req) === publicOrigin;

  const setCookie = (reply: FastifyReply, value: string, maxAge: number) =>
    reply.header('set-cookie', stringifySetCookie({ name: cookieName, value, httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge }));

  return {
    cookieName,
    tokenOf,

    /**
     * For a /trpc request carrying the cookie and no Authorization header: refuses a POST (every mutation)
     * from another origin, and otherwise looks the session up for the procedures. False when it answered.
     */
    async authenticate(req: FastifyRequest, reply: FastifyReply, token: string): Promise<boolean> {
      if (req.method !== 'GET' && !fromOurPages(req)) {
        refuse(reply, foreignOrigin());
        return false;
      }
      try {
        req.consoleSession = await consoleCaller(deps, token);
      } catch (e) {
        // A refusal or the database away: the procedure reports it as any sign-in failure would.
        req.consoleSession = e instanceof Error ? e : new Error(String(e));
      }
      return true;
    },

    /** The /auth routes; registered where the rate limit applies. */
    register(scope: FastifyInstance) {
      scope.get('/auth/config', async () => ({
        botUsername: deps.botInfo.username ?? config.botUsername ?? null,
        devSignIn: config.devAuth,
      }));

      scope.post(
        '/auth/telegram',
        { bodyLimit: 8192, config: { rateLimit: { max: Math.min(SIGN_INS_PER_MINUTE, config.rateLimitPerMinute), timeWindow: 60_000 } } },
        async (req, reply) => {
          // Signing someone into our console from another site (login CSRF) is refused like any foreign change.
          if (senderOrigin(req) !== null && !fromOurPages(req)) return refuse(reply, foreignOrigin());
          const parsed = loginWidgetSchema.safeParse(req.body);
          if (!parsed.success) {
            const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
            return refuse(reply, new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', message));
          }
          try {
            const s = await openConsoleSession(deps, parsed.data, { userAgent: req.headers['user-agent'], ip: req.ip });
            setCookie(reply, s.token, config.adminSessionHours * 3600).header('cache-control', 'no-store');
            return { ok: true, role: s.participant.role, expiresAt: s.expiresAt.toISOString() };
          } catch (e) {
            return refuseOrThrow(reply, e);
          }
        },
      );

      scope.post('/auth/logout', async (req, reply) => {
        const token = tokenOf(req);
        if (token !== undefined && !fromOurPages(req)) return refuse(reply, foreignOrigin());
        try {
          if (token !== undefined) await closeConsoleSession(deps, token);
        } catch (e) {
          return refuseOrThrow(reply, e);
        }
        setCookie(reply, '', 0).header('cache-control', 'no-store');
        return { ok: true };
      });

      if (config.devAuth) {
        // The development mock's way into the console (the widget needs a real bot and domain). Never in production.
        scope.get('/dev/login-widget', async (req) => {
          const q = req.query as Record<string, string | undefined>;
          const id = Number(q.telegramId ?? 100001);
          if (!Number.isSafeInteger(id) || id <= 0) return { error: 'telegramId must be a positive integer' };
          return signLoginWidget(config.botToken, { id, first_name: q.firstName ?? 'Dev', username: `dev${id}` }, deps.clock.now());
        });
      }
    },
  };
}

const foreignOrigin = () =>
  new DomainError(AppCodes.ORIGIN_FORBIDDEN, 'FORBIDDEN', 'This request came from another site. Open the back office at its own address and try again.');

/** Answers with a domain error, shaped as tRPC's errors are so the Mini App reads the same appCode. */
function refuse(reply: FastifyReply, e: DomainError) {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code: e.trpcCode }));
  return reply.code(httpStatus).send({
    error: { message: e.message, code: TRPC_ERROR_CODES_BY_KEY[e.trpcCode], data: { code: e.trpcCode, httpStatus, appCode: e.appCode } },
  });
}

function refuseOrThrow(reply: FastifyReply, e: unknown) {
  if (e instanceof DomainError) return refuse(reply, e);
  if (isDatabaseUnavailable(e)) {
    return refuse(reply, new DomainError(AppCodes.DATABASE_UNAVAILABLE, 'SERVICE_UNAVAILABLE', 'The service is briefly unavailable. Please try again in a moment.'));
  }
  throw e;
}
