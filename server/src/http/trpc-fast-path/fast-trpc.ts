import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import {
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  TRPCError,
  type AnyTRPCProcedure,
  type AnyTRPCRouter,
  type inferRouterContext,
} from '@trpc/server';
import { getHTTPStatusCode, type HTTPErrorHandler, type TRPCRequestInfo } from '@trpc/server/http';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { isAsyncIterable, isObject, isPromise, middlewareMarker } from '@trpc/server/unstable-core-do-not-import';
import { resultJson } from '../../lib/json.ts';

export interface FastTrpcOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** Called as the plugin calls it, except that `info.url` is null: building a URL is part of what this path saves. */
  createContext: (opts: CreateFastifyContextOptions) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  onError?: HTTPErrorHandler<TRouter, FastifyRequest>;
  /** Told of every call this path answers (metrics): the procedure, the HTTP status, the seconds it took. */
  onCall?: (path: string, status: number, seconds: number) => void;
}

const NEVER_ABORTED = new AbortController().signal;

// With tRPC's default transformer the response is serialised as it is; transformTRPCResponse would only copy it.
const plainConfigs = new WeakMap<object, boolean>();
function plain(config: AnyTRPCRouter['_def']['_config']): boolean {
  let v = plainConfigs.get(config);
  if (v === undefined) {
    const probe = { result: { data: {} } };
    v = config.transformer.output.serialize(probe.result.data) === probe.result.data;
    plainConfigs.set(config, v);
  }
  return v;
}

interface SimpleCall {
  path: string;
  procedure: AnyTRPCProcedure;
  input: unknown;
}

/**
 * Answers a single GET query or POST mutation on the routes of `fastifyTRPCPlugin` (registered after this,
 * in the same scope) without the fetch adapter's Request/Response round trip, with the same status, headers
 * and body as `resolveResponse`; only the framing differs (content-length where the adapter streams chunked).
 * Every other request goes on to the plugin, whose answers stay authoritative.
 */
export function registerFastTrpc<TRouter extends AnyTRPCRouter>(scope: FastifyInstance, opts: FastTrpcOptions<TRouter>): void {
  // Options the fast path does not implement would make its answers differ from the plugin's.
  for (const unsupported of ['responseMeta', 'allowMethodOverride']) {
    if (unsupported in opts) throw new Error(`registerFastTrpc does not support ${unsupported}`);
  }
  const isKnownHost = knownHosts();
  // preHandler: the body is parsed by then (as a string, by the plugin's own JSON parser).
  scope.addHook('preHandler', async (req, reply) => {
    const call = simpleCall(opts.router, req, isKnownHost);
    if (!call) return;
    const started = performance.now();
    const { status, body } = await answer(opts, req, reply, call);
    opts.onCall?.(call.path, status, (performance.now() - started) / 1000);
    if (!routeHasSendHooks(req)) {
      // Written directly: reply.send would parse the content type, append "; charset=utf-8" (the adapter
      // sends it bare) and write head and body as two chunks. Headers earlier hooks set are kept.
      reply.hijack();
      reply.raw.writeHead(
        status,
        Object.assign(reply.getHeaders() as OutgoingHttpHeaders, {
          'content-type': 'application/json',
          vary: 'trpc-accept, accept',
          'content-length': Buffer.byteLength(body),
        }),
      );
      reply.raw.end(body);
      return;
    }
    // A Buffer keeps Fastify from appending "; charset=utf-8" to the content type the adapter sends bare.
    return reply.code(status).header('content-type', 'application/json').header('vary', 'trpc-accept, accept').send(typeof body === 'string' ? Buffer.from(body) : body);
  });
}

let contextKey: symbol | null | undefined;
const sendHooks = new WeakMap<object, boolean>();
/** Whether the route runs onSend or onResponse hooks, which only reply.send honours (unknown counts as yes). */
function routeHasSendHooks(req: FastifyRequest): boolean {
  contextKey ??= Object.getOwnPropertySymbols(req).find((k) => k.description === 'fastify.context') ?? null;
  const context = contextKey && (req as unknown as Record<symbol, { onSend?: unknown; onResponse?: unknown } | undefined>)[contextKey];
  if (!context) return true;
  let has = sendHooks.get(context);
  if (has === undefined) sendHooks.set(context, (has = context.onSend !== null || context.onResponse !== null));
  return has;
}

/** The call, when the request is one the fast path answers exactly as the adapter would; otherwise null. */
function simpleCall(router: AnyTRPCRouter, req: FastifyRequest, isKnownHost: (host: string) => boolean): SimpleCall | null {
  const path = (req.params as { path?: string }).path;
  // Paths with escapes are decoded once more by tRPC; no procedure name has one.
  if (!path || path.includes('%')) return null;
  const procedure: AnyTRPCProcedure | undefined = router._def.procedures[path];
  if (!procedure) return null;
  const type = procedure._def.type;
  if (!(type === 'query' && req.method === 'GET') && !(type === 'mutation' && req.method === 'POST')) return null;
  // Streaming answers (and the error for asking one of a single call) are the adapter's.
  if (req.headers['trpc-accept'] !== undefined || req.headers.accept?.includes('application/jsonl')) return null;
  // tRPC reads the query through the WHATWG URL parser, which cuts at '#' and drops tabs and newlines,
  // and fails on a Host it cannot parse.
  if (/[\x00-\x20#\x7f]/.test(req.url) || !isKnownHost(req.headers.host ?? 'localhost')) return null;
  const q = req.url.indexOf('?');
  const params = q === -1 ? null : new URLSearchParams(req.url.slice(q + 1));
  if (params?.has('batch') || params?.has('connectionParams')) return null;

  const contentType = req.headers['content-type'];
  const json = contentType?.toLowerCase().split(';', 1)[0].trim() === 'application/json';
  let raw: unknown;
  try {
    if (req.method === 'GET') {
      if (contentType !== undefined && !json) return null;
      const text = params?.get('input');
      if (!text) return { path, procedure, input: undefined };
      raw = JSON.parse(text);
    } else {
      if (!json || typeof req.body !== 'string') return null;
      raw = JSON.parse(req.body);
    }
    return { path, procedure, input: router._def._config.transformer.input.deserialize(raw) };
  } catch {
    // Input the adapter refuses: its BAD_REQUEST is the answer.
    return null;
  }
}

/** `URL.canParse` for the Host header, remembering the last good one (it hardly ever changes). */
function knownHosts() {
  let known: string | undefined;
  return (host: string) => {
    if (host === known) return true;
    if (!URL.canParse(`http://${host}`)) return false;
    known = host;
    return true;
  };
}

/** What `resolveResponse` answers for one non-batched call: status and JSON body. */
async function answer<TRouter extends AnyTRPCRouter>(
  opts: FastTrpcOptions<TRouter>,
  req: FastifyRequest,
  reply: FastifyReply,
  { path, procedure, input }: SimpleCall,
): Promise<{ status: number; body: string | Buffer }> {
  const config = opts.router._def._config;
  const type = procedure._def.type;
  const [getRawInput, result] = callInput(input);
  let ctx: inferRouterContext<TRouter> | undefined;
  try {
    let res: { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };
    try {
      const info: TRPCRequestInfo = {
        accept: null,
        type,
        isBatchCall: false,
        calls: [{ path, procedure, getRawInput, result, batchIndex: 0 }],
        connectionParams: null,
        // No procedure here watches for the client leaving; a listener and a controller per call cost more.
        signal: NEVER_ABORTED,
        url: null,
      };
      ctx = await opts.createContext({ req, res: reply, info });
      const callOpts = { router: opts.router, path, type, ctx, getRawInput, signal: undefined, batchIndex: 0 };
      res = { result: { data: procedure._def.experimental_caller ? await callTRPCProcedure(callOpts) : await runProcedure(procedure, callOpts) } };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError?.({ error, path, input: result(), ctx, type, req });
      res = { error: getErrorShape({ config, ctx, error, input: result(), path, type }) };
    }
    if ('result' in res && isDataStream(res.result.data)) {
      throw new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
      });
    }
    return { status: getHTTPStatusCode(res), body: plain(config) ? resultJson(res) : JSON.stringify(transformTRPCResponse(config, res)) };
  } catch (cause) {
    // resolveResponse's last resort (a stream-like result, data JSON cannot hold): no path, no input.
    const error = getTRPCErrorFromUnknown(cause);
    opts.onError?.({ error, path: undefined, input: undefined, ctx, type, req });
    const res = { error: getErrorShape({ config, ctx, error, input: undefined, path: undefined, type }) };
    return { status: getHTTPStatusCode(res), body: JSON.stringify(transformTRPCResponse(config, res)) };
  }
}

type ChainResult = { ok: true; data: unknown } | { ok: false; error: TRPCError };
type Next = (opts?: { ctx?: object; input?: unknown; getRawInput?: () => Promise<unknown> }) => Promise<ChainResult>;
/** What callProcedure hands a procedure, plus what each middleware level adds. */
interface ChainOpts {
  router: AnyTRPCRouter;
  path: string;
  type: string;
  ctx: object | undefined;
  input?: unknown;
  getRawInput: () => Promise<unknown>;
  signal: AbortSignal | undefined;
  batchIndex: number;
}
interface ChainDef {
  middlewares: ((opts: ChainOpts & { meta: unknown; next: Next }) => Promise<ChainResult>)[];
  meta?: unknown;
}

/**
 * What calling the procedure does (tRPC's callRecursive), building each level's options as one literal:
 * tRPC's build copies them at every level through a transpiled spread helper that cost about 5% of a read.
 */
async function runProcedure(procedure: AnyTRPCProcedure, opts: ChainOpts): Promise<unknown> {
  const result = await runChain(procedure._def as unknown as ChainDef, 0, opts);
  if (!result) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'No result from middlewares - did you forget to `return next()`?' });
  if (!result.ok) throw result.error;
  return result.data;
}

function nextLevel(def: ChainDef, index: number, { router, path, type, ctx, input, getRawInput, signal, batchIndex }: ChainOpts): Next {
  return (next) =>
    runChain(def, index + 1, {
      router,
      path,
      type,
      // Object.assign, not a spread: merging two small contexts by spread took V8's slow path (~1.3 µs).
      ctx: next?.ctx ? Object.assign({}, ctx, next.ctx) : ctx,
      input: next && 'input' in next ? next.input : input,
      getRawInput: next?.getRawInput ?? getRawInput,
      signal,
      batchIndex,
    });
}

async function runChain(def: ChainDef, index: number, opts: ChainOpts): Promise<ChainResult> {
  const { router, path, type, ctx, input, getRawInput, signal, batchIndex } = opts;
  try {
    return await def.middlewares[index]({
      router,
      path,
      type,
      ctx,
      input,
      getRawInput,
      signal,
      batchIndex,
      meta: def.meta,
      next: nextLevel(def, index, opts),
    });
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: middlewareMarker } as ChainResult;
  }
}

// The closures made per call come from factories: the loader the server runs under (tsx) keeps function
// names with a defineProperty on every named function expression, a measurable cost per call.

/** The call's input reader and, like tRPC's memo, the input errors report (only once it has been read). */
function callInput(input: unknown): [() => Promise<unknown>, () => unknown] {
  let read = false;
  return [
    async () => {
      read = true;
      return input;
    },
    () => (read ? input : undefined),
  ];
}

/** Promises or async iterables that only a streaming link could deliver (resolveResponse's check). */
function isDataStream(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isAsyncIterable(v)) return true;
  const values = Object.values(v);
  return values.some(isPromise) || values.some(isAsyncIterable);
}
