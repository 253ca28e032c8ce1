import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { startServer } from '../../server.ts';
import { TestClock } from '../../test/clock.ts';
import { openTestDatabase, resetDatabase } from '../../test/db.ts';
import { FakeBotApi } from '../../test/fake-bot-api.ts';
import { testConfig } from '../../test/harness.ts';
import { emit } from './emit.ts';

let db: Database & { drop(): Promise<void> };
const telegram = new FakeBotApi();
beforeAll(async () => {
  db = await openTestDatabase();
  await resetDatabase(db);
  await telegram.start();
}, 120_000);
afterEach(() => telegram.verify());
afterAll(async () => {
  await db?.drop();
  await telegram.stop();
});

const boot = (role: 'api' | 'worker') =>
  startServer(testConfig({ TELEGRAM_API_ROOT: telegram.url, ROLE: role, JOBS: 'on', OUTBOX_POLL_MS: '100' }), { db, clock: new TestClock(), logger: false, listen: false, ton: null });

describe('the outbox worker in the running process', () => {
  it('is left alone by an API-only process and delivered by a worker, which stops cleanly', async () => {
    await emit(db.prisma, 'chat.message', { chatId: 4242, text: 'after commit' }, { key: 'role:1' });
    const api = await boot('api');
    await new Promise((r) => setTimeout(r, 1500));
    expect(telegram.callsOf('sendMessage')).toEqual([]);
    await api.close();

    const worker = await boot('worker');
    await telegram.waitFor('sendMessage', 1, 10_000);
    await worker.close();
    expect(telegram.callsOf('sendMessage').map((c) => c.params.text)).toEqual(['after commit']);
    expect(await db.prisma.outboxEvent.findUniqueOrThrow({ where: { key: 'role:1' } })).toMatchObject({ status: 'DONE', lockedBy: null });
  }, 30_000);
});
