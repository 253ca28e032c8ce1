import { describe, expect, it } from 'vitest';
import { useHarness } from '../../test/harness.ts';
import { receive } from './service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7500' });
const owner = { telegramId: 7500, firstName: 'Owner' };

describe('the inbox', () => {
  it('makes one conversation of messages arriving together, each recorded once', async () => {
    const p = await h.as({ telegramId: 7501, firstName: 'Ivy' }).profile.me();
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => receive(h.deps, p.id, { telegramMessageId: 100 + i, text: `m${i}` })),
      receive(h.deps, p.id, { telegramMessageId: 100, text: 'm0' }),
    ]);
    // Exactly one of them opened the conversation; the redelivered one was recorded once.
    expect(results.filter((r) => r?.opened)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    // …and one conversation is measured for them (first-response and resolution times).
    expect(await h.deps.prisma.dialogConversation.count()).toBe(1);
    const list = await h.as(owner).admin.dialogs.list();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].unread).toBe(8);
    const thread = await h.as(owner).admin.dialogs.get({ id: list.items[0].id });
    expect(thread.messages.map((m) => m.text).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  it('pages the inbox newest first and a long conversation from its end', async () => {
    for (let i = 0; i < 5; i++) {
      const p = await h.as({ telegramId: 7600 + i, firstName: `P${i}` }).profile.me();
      h.clock.advance({ minutes: 1 });
      await receive(h.deps, p.id, { telegramMessageId: 1, text: `from P${i}` });
    }
    const page1 = await h.as(owner).admin.dialogs.list({ limit: 2 });
    const page2 = await h.as(owner).admin.dialogs.list({ limit: 2, cursor: page1.nextCursor! });
    const page3 = await h.as(owner).admin.dialogs.list({ limit: 2, cursor: page2.nextCursor! });
    expect([...page1.items, ...page2.items, ...page3.items].map((d) => d.participant.name)).toEqual(['P4', 'P3', 'P2', 'P1', 'P0']);
    expect(page3.nextCursor).toBeNull();

    const p = await h.as({ telegramId: 7700, firstName: 'Chatty' }).profile.me();
    for (let i = 0; i < 60; i++) await receive(h.deps, p.id, { telegramMessageId: i + 1, text: `#${i}` });
    const id = (await h.as(owner).admin.dialogs.list({ limit: 1 })).items[0].id;
    const end = await h.as(owner).admin.dialogs.get({ id });
    expect(end.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `#${i + 10}`));
    const older = await h.as(owner).admin.dialogs.get({ id, before: end.olderCursor! });
    expect(older.messages.map((m) => m.text)).toEqual(Array.from({ length: 10 }, (_, i) => `#${i}`));
    expect(older.olderCursor).toBeNull();
  });
});
