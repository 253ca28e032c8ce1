import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { participantWhere } from '../participants/where.ts';
import { displayName } from '../participants/service.ts';
import { approvalsNeeded } from './approvals.ts';
import type { QueueFilter } from './schemas.ts';
import { withdrawalView } from './service.ts';

/** The back office's queue: filtered by status, participant and risk, sorted and paged, each row with what the viewer may still do. */
export async function adminQueue(deps: AppDeps, viewerId: number, filter: QueueFilter) {
  const where: P.WithdrawalWhereInput = {
    id: filter.id,
    status: filter.status,
    participant: filter.telegramId ? { telegramId: BigInt(filter.telegramId) } : participantWhere(filter.participant),
    ...(filter.flagged ? { NOT: { riskFlags: { isEmpty: true } } } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.prisma.withdrawal.findMany({
      where,
      orderBy: [{ [filter.sort.by]: filter.sort.dir }, { id: filter.sort.dir }],
      skip: (filter.page - 1) * filter.limit,
      take: filter.limit,
      include: { approvals: true, participant: true },
    }),
    deps.prisma.withdrawal.count({ where }),
  ]);
  const items = rows.map((w) => ({
    ...withdrawalView(w),
    riskFlags: w.riskFlags,
    approvalsNeeded: approvalsNeeded(w.amount, deps.config.withdrawals),
    approvedByMe: w.approvals.some((a) => a.adminId === viewerId),
    participant: { id: w.participant.id, telegramId: w.participant.telegramId.toString(), name: displayName(w.participant), username: w.participant.username },
  }));
  return { items, total, page: filter.page, limit: filter.limit };
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
