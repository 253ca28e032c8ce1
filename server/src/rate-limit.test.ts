import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { useHarness } from './test/harness.ts';
import { trpcHttp } from './test/http.ts';

const h = useHarness({ RATE_LIMIT_PER_MINUTE: '5' });
let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const alice = { telegramId: 7301, firstName: 'Alice' };
const bob = { telegramId: 7302, firstName: 'Bob' };

describe('rate limit per participant', () => {
  it('answers the sixth call within a minute with 429, and leaves another participant alone', async () => {
    app = await buildApp({ deps: h.deps, logger: false });
    const call = trpcHttp(app);
    const statuses: number[] = [];
    // Fresh initData on every call: the limit follows the Telegram user, not one signed string.
    for (let i = 0; i < 5; i++) statuses.push((await call(i % 2 ? 'tasks.list' : 'profile.me', { initData: h.initData(alice) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const sixth = await call('ledger.balances', { initData: h.initData(alice) });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ data: { appCode: 'RATE_LIMITED', httpStatus: 429 } });
    expect(sixth.body.error.message).toMatch(/Too many requests/);

    expect((await call('profile.me', { initData: h.initData(bob) })).status).toBe(200);
    expect((await call('profile.me', { initData: h.initData(alice) })).status).toBe(429);
  });
});
