import { AppCodes, DomainError } from '../../../lib/errors.ts';
import { isMember } from '../../../lib/telegram.ts';
import { periodKeyOf } from '../rules.ts';
import type { VerifyArgs } from './kind.ts';

// Verifications more than one kind makes.

/** Telegram says the participant is in the chat (getChatMember). */
export async function checkMembership({ deps, participant }: VerifyArgs<unknown>, chatId: string | undefined): Promise<void> {
  if (!chatId) throw new DomainError(AppCodes.TASK_NOT_VERIFIABLE, 'PRECONDITION_FAILED', 'This task is misconfigured.');
  let member: { status: string; is_member?: boolean };
  try {
    member = await deps.telegram.getChatMember(chatId, Number(participant.telegramId));
  } catch (e) {
    const desc = String((e as Error).message ?? '');
    // Telegram answers 400 "user not found"/"member not found" for people who never joined.
    if (/not found|USER_NOT_PARTICIPANT|PARTICIPANT_ID_INVALID/i.test(desc)) member = { status: 'left' };
    else {
      throw new DomainError(
        AppCodes.MEMBERSHIP_CHECK_FAILED,
        'BAD_GATEWAY',
        'Telegram could not confirm the membership right now. Try again in a minute.',
      );
    }
  }
  if (!isMember(member)) throw new DomainError(AppCodes.NOT_A_MEMBER, 'PRECONDITION_FAILED', 'Join the chat first, then check again.');
}

/** The participant opened the task this period (tasks.start) at least `dwellSeconds` ago. */
export async function checkDwell({ deps, participant, task, now }: VerifyArgs<unknown>, dwellSeconds: number): Promise<void> {
  const start = await deps.prisma.taskStart.findUnique({
    where: { participantId_taskId_periodKey: { participantId: participant.id, taskId: task.id, periodKey: periodKeyOf(task.period, now) } },
  });
  if (!start) throw new DomainError(AppCodes.VISIT_NOT_STARTED, 'PRECONDITION_FAILED', 'Open the link first.');
  const readyAt = new Date(start.startedAt.getTime() + dwellSeconds * 1000);
  if (readyAt > now) {
    throw new DomainError(AppCodes.VISIT_TOO_EARLY, 'PRECONDITION_FAILED', 'Stay on the page a little longer.', { availableAt: readyAt.toISOString() });
  }
}

/** Kinds the system completes refuse a claim by hand. */
export async function completesByItself(): Promise<void> {
  throw new DomainError(AppCodes.TASK_NOT_VERIFIABLE, 'BAD_REQUEST', 'This task completes by itself when you do what it asks.');
}
