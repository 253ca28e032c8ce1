import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7800' });
const owner = { telegramId: 7800, firstName: 'Owner' };
const [ann, bob, cat, zed] = [7801, 7802, 7803, 7804].map((telegramId, i) => ({ telegramId, firstName: ['Ann', 'Bob', 'Cat', 'Zed'][i] }));

describe('analytics', () => {
  it('shows weekly cohorts coming back, and how far recent joiners got', async () => {
    h.clock.set('2026-10-01T09:00:00Z');
    await h.as(owner).profile.me();
    const checkin = await h.task({ type: 'DAILY_CHECKIN', period: 'DAILY', reward: 10n });
    const at = async (when: string, who: typeof ann, act: 'join' | 'checkin') => {
      h.clock.set(when);
      if (act === 'join') return h.as(who).profile.me();
      return h.as(who).tasks.complete({ taskId: checkin.id });
    };
    await at('2026-10-20T10:00:00Z', zed, 'join'); // before the window
    await at('2026-11-03T10:00:00Z', ann, 'join'); // week of 2 Nov
    await at('2026-11-03T11:00:00Z', ann, 'checkin');
    await at('2026-11-04T10:00:00Z', bob, 'join');
    await at('2026-11-10T10:00:00Z', ann, 'checkin'); // her week 1
    await at('2026-11-10T10:00:00Z', zed, 'checkin');
    await at('2026-11-17T10:00:00Z', cat, 'join'); // week of 16 Nov
    await at('2026-11-17T11:00:00Z', cat, 'checkin');
    await at('2026-11-23T00:30:00Z', cat, 'checkin'); // Monday: her week 1
    await at('2026-11-24T12:00:00Z', ann, 'checkin'); // her week 3

    expect(await h.as(owner).admin.overview.cohorts({ weeks: 4 })).toEqual([
      { week: '2026-11-02', size: 2, active: [1, 1, 0, 1] },
      { week: '2026-11-09', size: 0, active: [0, 0, 0] },
      { week: '2026-11-16', size: 1, active: [1, 1] },
      { week: '2026-11-23', size: 0, active: [0] },
    ]);

    // Ended weeks are counted once and kept; the open week is counted on each visit.
    expect(await h.deps.prisma.cohortCell.count()).toBe(4 + 3 + 2 + 1 - 4); // every cell but the current week's column
    const bobId = (await h.as(bob).profile.me()).id;
    const late = (at: string, participantId: number) =>
      h.deps.prisma.taskClaim.create({ data: { participantId, taskId: checkin.id, periodKey: at.slice(0, 10), seq: 1, reward: 0n, createdAt: new Date(at) } });
    await late('2026-11-11T10:00:00Z', bobId); // in an ended, kept week: not counted again
    await late('2026-11-25T10:00:00Z', bobId); // in the open week: counted
    expect((await h.as(owner).admin.overview.cohorts({ weeks: 4 }))[0]).toEqual({ week: '2026-11-02', size: 2, active: [1, 1, 0, 2] });
    // Within the hour after a week ends it is still counted live (a claim may commit late), then kept.
    const dee = await h.as({ telegramId: 7805, firstName: 'Dee' }).profile.me();
    await h.deps.prisma.participant.update({ where: { id: dee.id }, data: { createdAt: new Date('2026-11-10T09:00:00Z') } });
    h.clock.set('2026-11-30T00:30:00Z');
    expect((await h.as(owner).admin.overview.cohorts({ weeks: 4 }))[0]).toEqual({ week: '2026-11-09', size: 1, active: [0, 0, 0, 0] });
    await late('2026-11-29T23:59:59Z', dee.id);
    h.clock.set('2026-11-30T01:30:00Z');
    expect((await h.as(owner).admin.overview.cohorts({ weeks: 4 }))[0]).toEqual({ week: '2026-11-09', size: 1, active: [0, 0, 1, 0] });
    expect(await h.deps.prisma.cohortCell.findUnique({ where: { cohort_week: { cohort: '2026-11-09', week: 2 } } })).toMatchObject({ active: 1 });
    h.clock.set('2026-11-24T12:00:00Z');
    await h.deps.prisma.participant.update({ where: { id: dee.id }, data: { createdAt: new Date('2026-09-01T09:00:00Z') } });

    const annId = (await h.as(ann).profile.me()).id;
    await h.deps.prisma.participant.update({ where: { telegramId: BigInt(cat.telegramId) }, data: { invitedById: annId } });
    await h.deps.prisma.wallet.create({ data: { participantId: annId, address: 'EQ-ann', chain: '-239', publicKey: 'ab' } });
    const f = await h.as(owner).admin.overview.funnel({ days: 30 });
    expect(f.steps).toEqual([
      { step: 'joined', count: 3 },
      { step: 'activated', count: 2 },
      { step: 'returned', count: 3 }, // Ann, Cat, and Bob with the two claims added above
      { step: 'bought', count: 0 },
      { step: 'wallet', count: 1 },
      { step: 'referred', count: 1 },
    ]);
    expect(await failure(h.as(ann).admin.overview.funnel({ days: 30 }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(h.as(owner).admin.overview.cohorts({ weeks: 100 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
