import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../test/harness.ts';
import { checkRace, raceOperations, runRace, setUpRace, type Call } from '../test/mixed-race.ts';

// PGlite is one connection, so its transactions never overlap and nothing would race: this needs
// PostgreSQL and runs only when DATABASE_URL is set.
describe.runIf(!!process.env.DATABASE_URL)('1,000 mixed operations at once on the same participants and collectibles (PostgreSQL)', () => {
  const h = useHarness({ ADMIN_TELEGRAM_IDS: '9400', PUBLIC_URL: 'https://loyalty.example' });
  const owner = { telegramId: 9400, firstName: 'Owner' };

  /** The real router, as the Mini App reaches it: the refusal's HTTP status and stable code, or the answer. */
  const call: Call = async (user, path, input) => {
    const fn = path.split('.').reduce<any>((o, k) => o[k], h.as(user));
    try {
      return { ok: true, data: await fn(input) };
    } catch (e) {
      if (!(e instanceof TRPCError)) throw e;
      const cause = e.cause as { appCode?: string } | undefined;
      return { ok: false, status: getHTTPStatusCodeFromError(e), code: e.code, appCode: cause?.appCode ?? e.code, message: e.message };
    }
  };
  const query = (sql: string, params: unknown[] = []) => h.deps.prisma.$queryRawUnsafe<any[]>(sql, ...params);

  it('spend, buy, list, gift and withdraw racing: no negative balance, no edition owned twice, the ledger sums to zero, refusals by code', async () => {
    const setup = await setUpRace(call, {
      owner,
      telegramIdBase: 9410,
      participants: 8,
      editionsEach: 3,
      domain: 'loyalty.example',
      nowSeconds: () => Math.floor(h.clock.now().getTime() / 1000),
      tag: 't',
    });
    const ops = raceOperations(setup, 1000, 20261124, 't');
    const results = await runRace(call, ops);
    const report = await checkRace(call, query, setup, ops, results, owner);

    expect(report.problems).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.audit).toEqual({ sums: { POINTS: '0', STARS: '0', TON: '0' }, negative: 0, drifted: 0 });
    // Each kind both got through and was refused: the race was real, and the refusals were the rules'.
    for (const [kind, o] of Object.entries(report.outcomes)) {
      expect(o.ok, `${kind} succeeded`).toBeGreaterThan(0);
      expect(Object.values(o.refused).reduce((s, x) => s + x, 0), `${kind} refused ${JSON.stringify(o.refused)}`).toBeGreaterThan(0);
    }
    expect(report.outcomes.spend.refused).toHaveProperty('SOLD_OUT');
    expect(report.outcomes.buy.refused).toHaveProperty('LISTING_NOT_AVAILABLE');
    expect(report.outcomes.gift.refused).toHaveProperty('NOT_OWNER');
  }, 180_000);
});
