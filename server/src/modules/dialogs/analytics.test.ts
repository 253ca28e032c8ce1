import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { receive } from './service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7400' });
const owner = { telegramId: 7400, firstName: 'Olga' };
const team = [owner, { telegramId: 7401, firstName: 'Max' }, { telegramId: 7402, firstName: 'Ada' }];

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

type Conversation = { openedAt: number; firstResponseAt: number | null; responder: string | null; closedAt: number | null };
type Message = { at: number; dir: 'IN' | 'OUT'; author: string | null; dialog: number };

describe('dialog analytics', () => {
  it('counts volume, first-response and resolution times and answers per member as the generated history says', async () => {
    await h.as(owner).profile.me();
    for (const m of team.slice(1)) {
      await h.as(m).profile.me();
      await h.as(owner).admin.participants.setRole({ telegramId: String(m.telegramId), role: m.firstName === 'Max' ? 'MODERATOR' : 'ADMIN' });
    }
    const now = new Date('2026-11-24T12:00:00Z').getTime();
    const random = rng(20261222);
    const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const conversations: Conversation[] = [];
    const messages: Message[] = [];
    const at = (ms: number) => h.clock.set(new Date(ms));

    for (let i = 0; i < 14; i++) {
      const who = { telegramId: 7450 + i, firstName: `P${i}` };
      const pid = (await h.as(who).profile.me()).id;
      // Starts up to 12 days back (some before a 7-day window), each step minutes to hours later.
      let t = now - Math.floor(random() * 12 * 86_400) * 1000 - 6 * 3600_000;
      let messageId = 1;
      let dialogId = 0;
      for (let round = 0; round < 1 + Math.floor(random() * 3); round++) {
        const conv: Conversation = { openedAt: t, firstResponseAt: null, responder: null, closedAt: null };
        conversations.push(conv);
        for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
          at(t);
          await receive(h.deps, pid, { telegramMessageId: messageId++, text: `q${k}` });
          dialogId ||= (await h.deps.prisma.dialog.findUniqueOrThrow({ where: { participantId: pid } })).id;
          messages.push({ at: t, dir: 'IN', author: null, dialog: dialogId });
          t += (1 + Math.floor(random() * 30)) * 60_000;
        }
        if (random() < 0.8) {
          for (let k = 0; k < 1 + Math.floor(random() * 2); k++) {
            const member = pick(team);
            at(t);
            await h.as(member).admin.dialogs.reply({ id: dialogId, text: `a${k}` });
            messages.push({ at: t, dir: 'OUT', author: member.firstName, dialog: dialogId });
            if (conv.firstResponseAt == null) [conv.firstResponseAt, conv.responder] = [t, member.firstName];
            t += (1 + Math.floor(random() * 90)) * 60_000 + Math.floor(random() * 60) * 1000;
          }
        }
        if (random() < 0.3) break; // left open
        at(t);
        await h.as(pick(team)).admin.dialogs.close({ id: dialogId });
        conv.closedAt = t;
        t += (1 + Math.floor(random() * 48)) * 3600_000;
      }
    }
    h.clock.set(new Date(now));

    const days = 7;
    const first = Date.UTC(2026, 10, 24) - (days - 1) * 86_400_000;
    const inWindow = conversations.filter((c) => c.openedAt >= first);
    const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const expectedDaily = Array.from({ length: days }, (_, i) => {
      const day = dayOf(first + i * 86_400_000);
      return {
        day,
        conversations: conversations.filter((c) => c.openedAt >= first && dayOf(c.openedAt) === day).length,
        messagesIn: messages.filter((m) => m.at >= first && m.dir === 'IN' && dayOf(m.at) === day).length,
        messagesOut: messages.filter((m) => m.at >= first && m.dir === 'OUT' && dayOf(m.at) === day).length,
      };
    });
    const firstResponses = inWindow.filter((c) => c.firstResponseAt != null).map((c) => (c.firstResponseAt! - c.openedAt) / 1000);
    const resolutions = inWindow.filter((c) => c.closedAt != null).map((c) => (c.closedAt! - c.openedAt) / 1000);
    const recent = messages.filter((m) => m.at >= first && m.dir === 'OUT');
    const expectedTeam = team
      .map((m) => ({
        name: m.firstName,
        replies: recent.filter((x) => x.author === m.firstName).length,
        dialogs: new Set(recent.filter((x) => x.author === m.firstName).map((x) => x.dialog)).size,
        firstResponses: inWindow.filter((c) => c.responder === m.firstName).length,
      }))
      .filter((m) => m.replies || m.firstResponses);

    const stats = await h.as(owner).admin.analytics.dialogs({ days });
    expect(stats.daily).toEqual(expectedDaily);
    expect(stats.totals).toEqual({
      conversations: inWindow.length,
      messagesIn: expectedDaily.reduce((n, d) => n + d.messagesIn, 0),
      messagesOut: expectedDaily.reduce((n, d) => n + d.messagesOut, 0),
    });
    expect(stats.firstResponse.answered).toBe(firstResponses.length);
    expect(stats.firstResponse.medianSeconds).toBeCloseTo(percentile(firstResponses, 0.5)!, 2);
    expect(stats.firstResponse.p90Seconds).toBeCloseTo(percentile(firstResponses, 0.9)!, 2);
    expect(stats.resolution.resolved).toBe(resolutions.length);
    expect(stats.resolution.medianSeconds).toBeCloseTo(percentile(resolutions, 0.5)!, 2);
    expect(stats.team.map(({ name, replies, dialogs, firstResponses }) => ({ name, replies, dialogs, firstResponses })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expectedTeam.sort((a, b) => a.name.localeCompare(b.name)),
    );
    // The generated history is not trivial: several conversations, some before the window, some still open.
    expect(inWindow.length).toBeGreaterThan(5);
    expect(conversations.length).toBeGreaterThan(inWindow.length);
    expect(firstResponses.length).toBeGreaterThan(2);
    expect(resolutions.length).toBeLessThan(inWindow.length);

    // An empty window says so, without made-up times.
    h.clock.set(new Date(now + 60 * 86_400_000));
    expect(await h.as(owner).admin.analytics.dialogs({ days: 1 })).toMatchObject({
      totals: { conversations: 0, messagesIn: 0, messagesOut: 0 },
      firstResponse: { answered: 0, medianSeconds: null, p90Seconds: null },
      resolution: { resolved: 0, medianSeconds: null },
      team: [],
    });
    const max = team[1];
    expect(await failure(h.as(max).admin.analytics.dialogs({ days }))).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
  }, 120_000);
});
