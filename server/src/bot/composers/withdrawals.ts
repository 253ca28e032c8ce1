import { Composer } from 'grammy';
import type { AppDeps } from '../../context.ts';
import { DomainError } from '../../lib/errors.ts';
import { can } from '../../policy.ts';
import { displayName, isBanned } from '../../modules/participants/service.ts';
import { approveWithdrawal, rejectWithdrawal } from '../../modules/withdrawals/service.ts';

/** Approve/reject buttons on withdrawal requests: same services and rules as the back office. */
export function withdrawalsComposer(deps: AppDeps) {
  const c = new Composer();
  c.callbackQuery(/^wd:(approve|reject):(\d+)$/, async (ctx) => {
    const [, action, idText] = ctx.match as RegExpMatchArray;
    const admin = await deps.prisma.participant.findUnique({ where: { telegramId: BigInt(ctx.from.id) } });
    if (!admin || isBanned(admin, deps.clock.now()) || !can(admin.role, 'withdrawals.approve')) {
      return void (await ctx.answerCallbackQuery({ text: 'Only finance admins and owners can decide withdrawals.', show_alert: true }));
    }
    try {
      if (action === 'approve') {
        const w = await approveWithdrawal(deps, admin, Number(idText));
        await ctx.answerCallbackQuery({ text: w.status === 'APPROVED' ? 'Approved.' : `Approval recorded (${w.approvals}/${w.approvalsNeeded}).` });
      } else {
        await rejectWithdrawal(deps, admin, Number(idText), `rejected in Telegram by ${displayName(admin)}`);
        await ctx.answerCallbackQuery({ text: 'Rejected; the funds went back.' });
      }
    } catch (e) {
      if (e instanceof DomainError) return void (await ctx.answerCallbackQuery({ text: e.message, show_alert: true }));
      throw e;
    }
  });
  return c;
}
