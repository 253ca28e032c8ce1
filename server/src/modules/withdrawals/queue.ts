import type { AppDeps } from '../../context.ts';
import { displayName } from '../participants/service.ts';
import { approvalsNeeded } from './approvals.ts';
import type { QueueFilter } from './schemas.ts';
import { withdrawalView } from './service.ts';

/** The back office's queue: filtered by status, participant and risk, each row with what the viewer may still do. */
export async function adminQueue(deps: AppDeps, viewerId: number, filter: QueueFilter) {
  const rows = await deps.prisma.withdrawal.findMany({
    where: {
      status: filter.status,
      participant: filter.telegramId ? { telegramId: BigInt(filter.telegramId) } : undefined,
      ...(filter.flagged ? { NOT: { riskFlags: { isEmpty: true } } } : {}),
    },
    orderBy: { id: 'desc' },
    take: filter.limit,
    include: { approvals: true, participant: true },
  });
  return rows.map((w) => ({
    ...withdrawalView(w),
    riskFlags: w.riskFlags,
    approvalsNeeded: approvalsNeeded(w.amount, deps.config.withdrawals),
    approvedByMe: w.approvals.some((a) => a.adminId === viewerId),
    participant: { id: w.participant.id, telegramId: w.participant.telegramId.toString(), name: displayName(w.participant), username: w.participant.username },
  }));
}

/** A request's audit trail and the participant's earlier requests. */
export async function withdrawalHistory(deps: AppDeps, id: number) {
  const w = await deps.prisma.withdrawal.findUnique({ where: { id } });
  if (!w) return { audit: [], previous: [] };
  const [auditRows, previous] = await Promise.all([
    deps.prisma.auditLog.findMany({ where: { subjectType: 'withdrawal', subjectId: String(id) }, orderBy: { id: 'asc' } }),
    deps.prisma.withdrawal.findMany({ where: { participantId: w.participantId, id: { not: w.id } }, orderBy: { id: 'desc' }, take: 20 }),
  ]);
  return {
    audit: auditRows.map((a) => ({ id: a.id.toString(), action: a.action, actorId: a.actorId, data: a.data, createdAt: a.createdAt.toISOString() })),
    previous: previous.map(withdrawalView),
  };
}
