import { describe, expect, it } from 'vitest';
import { failure, useHarness } from '../../test/harness.ts';
import { receive } from './service.ts';

const h = useHarness({ ADMIN_TELEGRAM_IDS: '7300' });
const owner = { telegramId: 7300, firstName: 'Olga' };
const mod = { telegramId: 7301, firstName: 'Max' };
const fin = { telegramId: 7302, firstName: 'Fay' };
const [ivy, joe] = [
  { telegramId: 7311, firstName: 'Ivy', username: 'ivy' },
  { telegramId: 7312, firstName: 'Joe' },
];

async function team() {
  await h.as(owner).profile.me();
  for (const [who, role] of [[mod, 'MODERATOR'], [fin, 'FINANCE']] as const) {
    await h.as(who).profile.me();
    await h.as(owner).admin.participants.setRole({ telegramId: String(who.telegramId), role });
  }
  const ids = Object.fromEntries(await Promise.all([owner, mod, fin].map(async (p) => [p.firstName, (await h.as(p).profile.me()).id] as const)));
  return ids as Record<'Olga' | 'Max' | 'Fay', number>;
}

async function writes(who: { telegramId: number; firstName: string; username?: string }, text: string, messageId: number) {
  const p = await h.as(who).profile.me();
  await receive(h.deps, p.id, { telegramMessageId: messageId, text });
  return (await h.as(owner).admin.dialogs.list()).items.find((d) => d.participant.id === p.id)!.id;
}

const sentTo = (chatId: number) => h.telegram.callsOf('sendMessage').filter((c) => Number(c.params.chat_id) === chatId).map((c) => c.params.text);

describe('assigning conversations', () => {
  it('hands a conversation to a team member, who hears of it from the bot, and filters the inbox by it', async () => {
    const ids = await team();
    const ivyDialog = await writes(ivy, 'My reward never came', 1);
    const joeDialog = await writes(joe, 'Hello?', 1);

    // The team a conversation may go to: who may answer conversations, not finance.
    expect((await h.as(mod).admin.dialogs.team()).map((m) => m.name).sort()).toEqual(['Max', 'Olga']);

    expect(await h.as(owner).admin.dialogs.assign({ dialogId: ivyDialog, adminId: ids.Max })).toEqual({ id: ivyDialog, assignee: { id: ids.Max, name: 'Max' } });
    await h.drain();
    expect(sentTo(mod.telegramId)).toEqual(['Olga assigned you the conversation with Ivy (@ivy) in the Inbox.\n\nTheir last message:\nMy reward never came']);
    // Assigning the same person again tells nobody again; taking one yourself tells nobody.
    await h.as(owner).admin.dialogs.assign({ dialogId: ivyDialog, adminId: ids.Max });
    await h.as(owner).admin.dialogs.assign({ dialogId: joeDialog, adminId: ids.Olga });
    await h.drain();
    expect(sentTo(mod.telegramId)).toHaveLength(1);
    expect(sentTo(owner.telegramId)).toEqual([]);

    const names = async (input: Parameters<ReturnType<typeof h.as>['admin']['dialogs']['list']>[0], as = mod) =>
      (await h.as(as).admin.dialogs.list(input)).items.map((d) => d.participant.name);
    expect(await names({ assignee: 'mine' })).toEqual(['Ivy']);
    expect(await names({ assignee: 'mine' }, owner)).toEqual(['Joe']);
    expect(await names({ assignee: ids.Max })).toEqual(['Ivy']);
    expect(await names({ assignee: 'unassigned' })).toEqual([]);
    expect((await h.as(mod).admin.dialogs.list()).mine).toBe(1);
    expect((await h.as(mod).admin.dialogs.get({ id: ivyDialog })).assignee).toEqual({ id: ids.Max, name: 'Max' });

    // Unassigned again; closed and reopened; the filters follow.
    await h.as(mod).admin.dialogs.assign({ dialogId: ivyDialog, adminId: null });
    expect(await names({ assignee: 'unassigned' })).toEqual(['Ivy']);
    await h.as(mod).admin.dialogs.close({ id: ivyDialog });
    expect(await names({ status: 'CLOSED' })).toEqual(['Ivy']);
    expect(await names({ status: 'OPEN' })).toEqual(['Joe']);
    await h.as(mod).admin.dialogs.reopen({ id: ivyDialog });
    expect(await names({ status: 'OPEN', assignee: 'unassigned' })).toEqual(['Ivy']);
    const actions = (await h.as(owner).admin.overview.audit()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['dialog.assigned', 'dialog.closed', 'dialog.reopened']));
  });

  it('refuses to assign to someone who may not answer conversations, or to a conversation that does not exist', async () => {
    const ids = await team();
    const dialogId = await writes(ivy, 'hi', 1);
    const ivyId = (await h.as(ivy).profile.me()).id;
    const notAllowed = { code: 'BAD_REQUEST', appCode: 'ASSIGNEE_NOT_ALLOWED', message: 'A conversation can be assigned only to a team member who may answer conversations.' };
    expect(await failure(h.as(owner).admin.dialogs.assign({ dialogId, adminId: ids.Fay }))).toMatchObject(notAllowed);
    expect(await failure(h.as(owner).admin.dialogs.assign({ dialogId, adminId: ivyId }))).toMatchObject(notAllowed);
    expect(await failure(h.as(owner).admin.dialogs.assign({ dialogId, adminId: 999_999 }))).toMatchObject(notAllowed);
    expect(await failure(h.as(owner).admin.dialogs.assign({ dialogId: 999_999, adminId: ids.Max }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'DIALOG_NOT_FOUND' });
    expect(await failure(h.as(fin).admin.dialogs.assign({ dialogId, adminId: ids.Max }))).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
    expect(await failure(h.as(ivy).admin.dialogs.list({ assignee: 'mine' }))).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    expect((await h.as(owner).admin.dialogs.get({ id: dialogId })).assignee).toBeNull();
  });
});

describe('quick replies', () => {
  it('are kept by the team, listed by title, changed and deleted', async () => {
    await team();
    const hours = await h.as(mod).admin.dialogs.saveQuickReply({ title: 'Hours', text: 'We answer every day from 9 to 21 (UTC).' });
    const thanks = await h.as(owner).admin.dialogs.saveQuickReply({ title: '  Thanks  ', text: 'Thank you, {name}!\nWe are on it.' });
    expect((await h.as(mod).admin.dialogs.quickReplies()).map((q) => [q.title, q.text])).toEqual([
      ['Hours', 'We answer every day from 9 to 21 (UTC).'],
      ['Thanks', 'Thank you, {name}!\nWe are on it.'],
    ]);
    await h.as(mod).admin.dialogs.saveQuickReply({ id: hours.id, title: 'Opening hours', text: 'Every day, 9–21 UTC.' });
    expect(await failure(h.as(mod).admin.dialogs.saveQuickReply({ title: 'Thanks', text: 'again' }))).toMatchObject({ code: 'CONFLICT', appCode: 'ALREADY_EXISTS' });
    const blank = await failure(h.as(mod).admin.dialogs.saveQuickReply({ title: ' ', text: 'x' }));
    expect(blank.code).toBe('BAD_REQUEST');
    expect(blank.message).toContain('must not be empty');
    await h.as(mod).admin.dialogs.deleteQuickReply({ id: thanks.id });
    expect(await failure(h.as(mod).admin.dialogs.deleteQuickReply({ id: thanks.id }))).toMatchObject({ code: 'NOT_FOUND', appCode: 'QUICK_REPLY_NOT_FOUND', message: 'This quick reply does not exist.' });
    expect(await failure(h.as(mod).admin.dialogs.saveQuickReply({ id: thanks.id, title: 'Back', text: 'x' }))).toMatchObject({ appCode: 'QUICK_REPLY_NOT_FOUND' });
    expect(await h.as(owner).admin.dialogs.quickReplies()).toEqual([{ id: hours.id, title: 'Opening hours', text: 'Every day, 9–21 UTC.', updatedAt: expect.any(String) }]);
    expect(await failure(h.as(fin).admin.dialogs.quickReplies())).toMatchObject({ code: 'FORBIDDEN', message: 'Your role does not allow this action.' });
  });
});
