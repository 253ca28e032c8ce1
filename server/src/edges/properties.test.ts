import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../router.ts';
import { crittersDrop, ok } from '../test/scenes.ts';
import { useServer } from '../test/server-harness.ts';
import { inputsFor, type Mutation } from './arbitraries.ts';

// Every procedure, called over HTTP with inputs drawn from its own schema and then broken: never a 5xx,
// always an error a client can act on (appCode and message), and a refusal changes nothing.
// Fixed seed and a bounded number of runs so it stays a regular test.
const SEED = 20261206;
const RUNS = 10;

const s = useServer({ ADMIN_TELEGRAM_IDS: '9500', RATE_LIMIT_PER_MINUTE: '1000000' });
const owner = { telegramId: 9500, firstName: 'Owner' };
const ann = { telegramId: 9601, firstName: 'Ann' };

type Proc = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] } };
const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, Proc> }).procedures);

/** Something to find for the ids the generators draw (small ones): a collection, a drop, an edition, a task, money. */
async function fixtures() {
  // Telegram answers (a 502 for Telegram being down is not what this test is about).
  const sticker = { file_id: 'f', file_unique_id: 'u', type: 'regular', width: 512, height: 512, is_animated: true, is_video: false, emoji: '💝' };
  s.telegram.on('getAvailableGifts', () => ({ gifts: [{ id: '7', sticker, star_count: 15 }] }));
  s.telegram.on('sendGift', () => true);
  ok(await s.call(owner, 'profile.me'));
  ok(await s.call(ann, 'profile.me'));
  const { collection: c, drop: d } = await crittersDrop(s, owner, { title: { en: 'Drop', ru: 'Дроп' }, supply: 50, startsAt: '2026-11-01T00:00:00.000Z', pricePoints: '10' });
  ok(await s.call(owner, 'admin.ledger.award', { telegramId: String(ann.telegramId), currency: 'POINTS', amount: '1000', reason: 'fixture money' }));
  ok(await s.call(ann, 'collectibles.buy', { dropId: d.id, currency: 'POINTS' }));
  ok(await s.call(owner, 'admin.catalog.saveTask', { slug: 'daily', type: 'DAILY_CHECKIN', title: { en: 'Daily', ru: 'Ежедневно' }, description: { en: '', ru: '' }, reward: '5', period: 'DAILY' }));
}

/**
 * What a refusal must leave as it was: every table's row count and every account's balance, in one
 * statement (it runs after every refused mutation); the full ledger audit runs at the end.
 */
async function stateReader(): Promise<() => Promise<string>> {
  const tables = await s.db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  // A function takes at most 100 arguments: the counts go in objects of 40 tables, joined.
  const counts = tables.map((t) => `'${t.tablename}', (SELECT count(*) FROM "${t.tablename}")`);
  const objects = Array.from({ length: Math.ceil(counts.length / 40) }, (_, i) => `jsonb_build_object(${counts.slice(i * 40, i * 40 + 40).join(', ')})`);
  const text = `SELECT (${objects.join(' || ')} || jsonb_build_object('balances', (SELECT md5(string_agg(id || ':' || balance, ',' ORDER BY id)) FROM "Account")))::text AS s`;
  return async () => (await s.db.prisma.$queryRawUnsafe<{ s: string }[]>(text))[0].s;
}

describe('every procedure at its edges', () => {
  it('answers malformed and hostile input with a 4xx carrying an appCode and a message, and a refusal changes nothing', async () => {
    await fixtures();
    const state = await stateReader();
    const problems: string[] = [];
    let calls = 0;
    for (const [path, proc] of procedures) {
      if (proc._def.type === 'subscription') continue;
      const method = proc._def.type === 'query' ? 'GET' : 'POST';
      let before = method === 'POST' ? await state() : '';
      const property = fc.asyncProperty(inputsFor(proc._def.inputs), fc.constantFrom(ann, owner), async (m: Mutation, who) => {
        calls++;
        const res = await s.call(who, path, m.input, method);
        const where = `${path} as ${who.firstName}, ${m.kind}: ${JSON.stringify(m.input)?.slice(0, 200)}`;
        if (res.status >= 500) throw new Error(`${res.status} from ${where}: ${JSON.stringify(res.body).slice(0, 300)}`);
        if (res.status >= 400) {
          const e = res.body?.error;
          if (typeof e?.data?.appCode !== 'string' || !e.data.appCode || typeof e.message !== 'string' || !e.message) {
            throw new Error(`no appCode or message from ${where}: ${JSON.stringify(res.body).slice(0, 300)}`);
          }
          if (method === 'POST') {
            const after = await state();
            if (after !== before) throw new Error(`refused (${e.data.appCode}) but changed the database: ${where}\nbefore ${before}\nafter  ${after}`);
          }
        } else if (method === 'POST') {
          // It did something (a valid input drawn): the next refusal is compared with what is now, once
          // both callers are signed in again (deleting an account makes the next call sign up anew).
          for (const u of [ann, owner]) await s.call(u, 'profile.me');
          before = await state();
        }
        // JSON.parse gave the payload own `__proto__` keys: nothing may have reached Object.prototype.
        if (({} as Record<string, unknown>).polluted !== undefined) throw new Error(`Object.prototype polluted by ${where}`);
      });
      const out = await fc.check(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
      if (out.failed) problems.push(String((out.errorInstance as Error | undefined)?.message ?? out.counterexample));
    }
    expect(problems, problems.join('\n\n')).toEqual([]);
    expect(calls).toBeGreaterThan(procedures.length * RUNS * 0.9);
    await s.expectLedgerBalanced();
  }, 120_000);
});
