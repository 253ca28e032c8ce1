import { inTx } from '../../db/tx.ts';
import { emit } from '../events/emit.ts';
import { handler } from '../events/handlers.ts';
import { conversationNotices } from './service.ts';

export const dialogEventHandlers = [
  // Fans out one message per team member so each is told (and retried) on their own; the keys make a
  // second run record nothing new.
  handler('dialog.opened', async (deps, { participantId, preview }, event) => {
    const from = await deps.prisma.participant.findUnique({ where: { id: participantId } });
    if (!from) return;
    const notices = await conversationNotices(deps, from, preview);
    await inTx(deps.prisma, async (tx) => {
      for (const n of notices) await emit(tx, 'chat.message', n, { key: `${event.key}:to:${n.chatId}` });
    });
  }),
];
