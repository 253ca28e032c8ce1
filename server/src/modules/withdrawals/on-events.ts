import { inTx } from '../../db/tx.ts';
import { emit } from '../events/emit.ts';
import { handler } from '../events/handlers.ts';
import { announceTo, approverChats, refreshAnnouncements } from './announce.ts';

/** Withdrawals' work after commit: telling approvers of a request and keeping their messages current. */
export const withdrawalEventHandlers = [
  // Fans out one event per approver so each is told (and retried) on its own; the keys make a second
  // run record nothing new.
  handler('withdrawal.requested', async (deps, { withdrawalId }, event) => {
    const chats = await approverChats(deps);
    await inTx(deps.prisma, async (tx) => {
      for (const chatId of chats) await emit(tx, 'withdrawal.announce', { withdrawalId, chatId }, { key: `${event.key}:to:${chatId}` });
    });
  }),
  // Safe twice: a chat whose message is already recorded is skipped.
  handler('withdrawal.announce', async (deps, { withdrawalId, chatId }) => announceTo(deps, withdrawalId, chatId)),
  // Safe twice: it renders the current state into the same messages; an unchanged one is "not modified".
  handler('withdrawal.updated', async (deps, { withdrawalId }) => refreshAnnouncements(deps, withdrawalId)),
];
