import type { FastifyInstance } from 'fastify';
import { appRouter } from '../router.ts';

export interface HttpReply {
  status: number;
  body: any;
  /** The procedure's result (`result.data`) on success. */
  data: any;
  /** `error.data.appCode` on failure: the stable code the Mini App translates. */
  appCode: string | undefined;
}

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const procedures = (appRouter as unknown as { _def: { procedures: Procedures } })._def.procedures;

/** Every procedure path of the real router with its kind, so edge tests cover new modules by themselves. */
export function procedurePaths(): { path: string; type: 'query' | 'mutation' }[] {
  return Object.entries(procedures)
    .filter(([, p]) => p._def.type !== 'subscription')
    .map(([path, p]) => ({ path, type: p._def.type as 'query' | 'mutation' }));
}

/**
 * Calls a tRPC procedure over HTTP exactly as the Mini App's client does: queries by GET with
 * `?input=`, mutations by POST with a JSON body, `Authorization: tma <initData>` when given.
 */
export function trpcHttp(app: FastifyInstance) {
  return async (path: string, opts: { initData?: string; authorization?: string; input?: unknown; headers?: Record<string, string> } = {}): Promise<HttpReply> => {
    const type = procedures[path]?._def.type;
    if (!type) throw new Error(`No procedure ${path}`);
    const headers: Record<string, string> = { ...opts.headers };
    const authorization = opts.authorization ?? (opts.initData !== undefined ? `tma ${opts.initData}` : undefined);
    if (authorization !== undefined) headers.authorization = authorization;
    const res =
      type === 'query'
        ? await app.inject({
            method: 'GET',
            url: `/trpc/${path}${opts.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(opts.input))}` : ''}`,
            headers,
          })
        : await app.inject({
            method: 'POST',
            url: `/trpc/${path}`,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: JSON.stringify(opts.input ?? {}),
          });
    const body = res.json();
    return { status: res.statusCode, body, data: body?.result?.data, appCode: body?.error?.data?.appCode };
  };
}
