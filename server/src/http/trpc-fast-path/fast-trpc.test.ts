import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../app.ts';
import { DEMO_TASKS } from '../../seed/demo.ts';
import { signInitData, type DevUser } from '../../modules/auth/init-data.ts';
import { resetDatabase } from '../../test/db.ts';
import { useServer } from '../../test/server-harness.ts';
import { registerFastTrpc } from './fast-trpc.ts';

// Counts the requests that reach the plugin's route handler, i.e. that the fast path left to the adapter.
const adapter = vi.hoisted(() => ({ hits: 0 }));
vi.mock('@trpc/server/adapters/fastify', async (importOriginal) => {
  const real = await importOriginal<typeof import('@trpc/server/adapters/fastify')>();
  const counted: typeof real.fastifyTRPCPlugin = (fastify, opts, done) => {
    fastify.addHook('onRoute', (route) => {
      const handler = route.handler;
      route.handler = function (req, reply) {
        adapter.hits++;
        return handler.call(this, req, reply);
      };
    });
    real.fastifyTRPCPlugin(fastify, opts, done);
  };
  return { ...real, fastifyTRPCPlugin: counted };
});

const h = useServer();
const alice: DevUser = { telegramId: 7301, firstName: 'Alice', username: 'alice' };

/** What a client sees, minus what differs from one answer to the next (the date, the limiter's reset time)
 * and the framing (content-length here, chunked from the adapter's stream). */
function seen(res: LightMyRequestResponse) {
  const { date: _date, 'content-length': _length, 'transfer-encoding': _chunked, 'x-ratelimit-reset': _reset, ...headers } = res.headers;
  return { status: res.statusCode, headers, body: res.payload };
}

/** Sends each request, noting whether the fast path answered it. */
async function send(app: FastifyInstance, requests: [string, InjectOptions][]) {
  const replies = [];
  for (const [name, request] of requests) {
    const before = adapter.hits;
    const res = await app.inject(request);
    replies.push({ name, servedBy: adapter.hits > before ? 'adapter' : 'fast path', ...seen(res) });
  }
  return replies;
}

describe('the fast tRPC path on the real app', () => {
  const auth = () => ({ authorization: `tma ${signInitData(h.config.botToken, alice, h.clock.now())}` });
  const get = (path: string, input?: unknown, headers: Record<string, string> = auth()): InjectOptions => ({
    method: 'GET',
    url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
    headers,
  });
  const post = (path: string, body: unknown, contentType = 'application/json'): InjectOptions => ({
    method: 'POST',
    url: `/trpc/${path}`,
    headers: { ...auth(), 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

  /** The same story from the same starting state: a participant with a fixed referral code and the daily check-in. */
  async function tell(app: FastifyInstance) {
    await resetDatabase(h.db);
    const checkin = await h.db.prisma.task.create({ data: DEMO_TASKS[0], select: { id: true } });
    await app.inject(get('ledger.balances'));
    await h.db.prisma.participant.updateMany({ data: { referralCode: 'ALICE7301' } });
    // Someone else on the board: Alice (no points yet) gets the top as everyone outside it sees it.
    const bob = await h.db.prisma.participant.create({ data: { telegramId: 7399n, firstName: 'Bob', referralCode: 'BOB7399' } });
    await h.db.prisma.score.create({ data: { period: 'all', participantId: bob.id, points: 70n } });
    const taskId = checkin.id;
    return send(app, [
      ['a query with input', get('ratings.leaderboard', { board: 'all' })],
      ['a query without input', get('ledger.balances')],
      ['the profile', get('profile.me')],
      ['a mutation', post('tasks.complete', { taskId })],
      ['the same claim again', post('tasks.complete', { taskId })],
      ['input the procedure refuses', post('tasks.complete', { taskId: 'one' })],
      ['no Authorization', get('profile.me', undefined, {})],
      ['an unknown procedure', get('tasks.nothing')],
      ['GET to a mutation', get('tasks.complete', { taskId })],
      ['POST to a query', post('profile.me', {})],
      ['a batch', { method: 'GET', url: `/trpc/profile.me,ratings.leaderboard?batch=1&input=${encodeURIComponent('{"1":{"board":"all"}}')}`, headers: auth() }],
      ['input that is not JSON', { method: 'GET', url: '/trpc/ratings.leaderboard?input=%7Bboard', headers: auth() }],
      ['a body that is not JSON', post('tasks.complete', '{"taskId":')],
      ['a body that is not declared JSON', post('tasks.complete', JSON.stringify({ taskId }), 'text/plain')],
      ['a streaming request', get('profile.me', undefined, { ...auth(), 'trpc-accept': 'application/jsonl' })],
    ]);
  }

  let fastApp: FastifyInstance;
  let adapterApp: FastifyInstance;
  beforeAll(async () => {
    fastApp = await buildApp({ deps: h.running.deps, logger: false });
    adapterApp = await buildApp({ deps: { ...h.running.deps, config: { ...h.config, trpcFastPath: false } }, logger: false });
  });
  afterAll(async () => {
    await fastApp?.close();
    await adapterApp?.close();
  });

  it('answers exactly as the adapter does, and serves the single calls itself', async () => {
    const fast = await tell(fastApp);
    const slow = await tell(adapterApp);

    expect(fast.map((r) => [r.name, r.servedBy, r.status])).toEqual([
      ['a query with input', 'fast path', 200],
      ['a query without input', 'fast path', 200],
      ['the profile', 'fast path', 200],
      ['a mutation', 'fast path', 200],
      ['the same claim again', 'fast path', 409],
      ['input the procedure refuses', 'fast path', 400],
      ['no Authorization', 'fast path', 401],
      ['an unknown procedure', 'adapter', 404],
      ['GET to a mutation', 'adapter', 405],
      ['POST to a query', 'adapter', 405],
      ['a batch', 'adapter', 200],
      ['input that is not JSON', 'adapter', 400],
      ['a body that is not JSON', 'adapter', 400],
      ['a body that is not declared JSON', 'adapter', 415],
      ['a streaming request', 'adapter', 400],
    ]);
    expect(slow.filter((r) => r.servedBy !== 'adapter').map((r) => r.name)).toEqual([]);
    expect(fast.map(({ servedBy: _, ...r }) => r)).toEqual(slow.map(({ servedBy: _, ...r }) => r));

    const body = (name: string) => JSON.parse(fast.find((r) => r.name === name)!.body);
    expect(body('a query with input').result.data).toMatchObject({ entries: [{ rank: 1, name: 'Bob', points: '70', isMe: false }], me: { rank: null } });
    expect(body('a mutation').result.data).toMatchObject({ reward: '50', streak: 1 });
    expect(body('the same claim again').error.data).toMatchObject({ code: 'CONFLICT', appCode: 'TASK_ALREADY_CLAIMED' });
    expect(body('input the procedure refuses').error.data.appCode).toBe('VALIDATION');
    expect(body('no Authorization').error.data.appCode).toBe('UNAUTHORIZED');
    expect(fast[0].headers).toMatchObject({ 'content-type': 'application/json', vary: 'trpc-accept, accept' });
  });

  it('is on in the app the server starts', async () => {
    const before = adapter.hits;
    expect((await h.call(alice, 'profile.me')).status).toBe(200);
    expect(adapter.hits).toBe(before);
  });

  it('stays behind the rate limit: the sixth call in a minute is a 429', async () => {
    const limited = await buildApp({ deps: { ...h.running.deps, config: { ...h.config, rateLimitPerMinute: 5 } }, logger: false });
    try {
      const before = adapter.hits;
      const replies = await send(limited, Array.from({ length: 6 }, (_, i) => [`call ${i + 1}`, get('profile.me')]));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(adapter.hits).toBe(before);
      expect(JSON.parse(replies[5].body).error.data).toMatchObject({ appCode: 'RATE_LIMITED', httpStatus: 429 });
    } finally {
      await limited.close();
    }
  });
});

describe('the fast tRPC path on failures the app does not produce', () => {
  const t = initTRPC.create({ isDev: false });
  const router = t.router({
    boom: t.procedure.input(z.object({ n: z.number() })).query(({ input }) => {
      throw new Error(`boom ${input.n}`);
    }),
    // JSON cannot hold a bigint, nor a stream-like result: resolveResponse's last resort answers both.
    big: t.procedure.mutation(() => ({ n: 1n })),
    later: t.procedure.query(() => ({ n: Promise.resolve(1) })),
  });

  async function toy(fast: boolean) {
    const errors: unknown[] = [];
    const app = Fastify();
    await app.register(async (scope) => {
      const trpcOptions = {
        router,
        createContext: () => ({}),
        onError: ({ error, path, input, type, ctx, req }) => errors.push({ code: error.code, message: error.message, path, input, type, ctx, url: req.url }),
      } satisfies FastifyTRPCPluginOptions<typeof router>['trpcOptions'];
      if (fast) registerFastTrpc(scope, trpcOptions);
      await scope.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
    });
    const replies = await send(app, [
      ['a thrown Error', { method: 'GET', url: `/trpc/boom?input=${encodeURIComponent('{"n":7}')}` }],
      ['a bigint', { method: 'POST', url: '/trpc/big', headers: { 'content-type': 'application/json' }, payload: '{}' }],
      ['a promise in the result', { method: 'GET', url: '/trpc/later' }],
    ]);
    await app.close();
    return { replies, errors };
  }

  it('leaves the answer to Fastify when the route has onSend or onResponse hooks, so they still run', async () => {
    const app = Fastify();
    const ran: string[] = [];
    await app.register(async (scope) => {
      scope.addHook('onSend', async (_req, reply, payload) => {
        ran.push('onSend');
        reply.header('x-seen', 'yes');
        return payload;
      });
      scope.addHook('onResponse', async () => void ran.push('onResponse'));
      const trpcOptions = { router, createContext: () => ({}) } satisfies FastifyTRPCPluginOptions<typeof router>['trpcOptions'];
      registerFastTrpc(scope, trpcOptions);
      await scope.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions });
    });
    const [reply] = await send(app, [['a thrown Error', { method: 'GET', url: `/trpc/boom?input=${encodeURIComponent('{"n":7}')}` }]]);
    await app.close();
    expect(reply).toMatchObject({ servedBy: 'fast path', status: 500, headers: { 'x-seen': 'yes', 'content-type': 'application/json' } });
    expect(ran).toEqual(['onSend', 'onResponse']);
  });

  it('answers and reports them to onError as the adapter does', async () => {
    const fast = await toy(true);
    const slow = await toy(false);
    expect(fast.replies.map((r) => [r.servedBy, r.status])).toEqual([
      ['fast path', 500],
      ['fast path', 500],
      ['fast path', 415],
    ]);
    expect(fast.replies.map(({ servedBy: _, ...r }) => r)).toEqual(slow.replies.map(({ servedBy: _, ...r }) => r));
    expect(fast.errors).toEqual(slow.errors);
    expect(fast.errors).toMatchObject([{ path: 'boom', input: { n: 7 } }, { path: undefined }, { path: undefined }]);
  });
});
