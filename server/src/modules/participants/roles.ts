import type { Participant, Role } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import type { AdminRole } from '../../policy.ts';
import { inTx } from '../../db/tx.ts';
import { audit } from '../audit/service.ts';
import { displayName } from './service.ts';

/** The team: everyone with a role, owners first; `fixed` owners come from ADMIN_TELEGRAM_IDS and stay owners. */
export async function listTeam(deps: AppDeps) {
  const rows = await deps.prisma.participant.findMany({ where: { role: { not: 'PARTICIPANT' }, deletedAt: null }, orderBy: [{ role: 'asc' }, { id: 'asc' }], take: 500 });
  const fixed = new Set(deps.config.adminTelegramIds.map(String));
  const order: Role[] = ['OWNER', 'ADMIN', 'FINANCE', 'MODERATOR'];
  return rows
    .map((p) => ({
      telegramId: String(p.telegramId),
      name: displayName(p),
      username: p.username,
      role: p.role,
      fixed: fixed.has(String(p.telegramId)),
      lastSeenAt: p.lastSeenAt.toISOString(),
    }))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
}

/**
 * Gives a participant a role, or takes it away (null), audited. Owners in ADMIN_TELEGRAM_IDS stay owners,
 * and the last owner is never removed (owners are counted under a lock, so two owners demoting each other
 * at once cannot both succeed). Taking the role away ends that person's back-office sessions.
 */
export async function setRole(deps: AppDeps, admin: Participant, telegramId: bigint, role: AdminRole | null) {
  const to: Role = role ?? 'PARTICIPANT';
  return inTx(deps.prisma, async (tx) => {
    const owners = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Participant" WHERE role = 'OWNER' AND "deletedAt" IS NULL ORDER BY id FOR UPDATE`;
    const p = await tx.participant.findUnique({ where: { telegramId } });
    if (!p || p.deletedAt) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
    if (p.role === to) return { ok: true as const, role: to };
    if (deps.config.adminTelegramIds.includes(p.telegramId)) {
      throw new DomainError(AppCodes.ROLE_LOCKED, 'FORBIDDEN', 'Owners listed in ADMIN_TELEGRAM_IDS stay owners; change the configuration instead.');
    }
    if (p.role === 'OWNER' && owners.length <= 1) throw new DomainError(AppCodes.LAST_OWNER, 'CONFLICT', 'The last owner cannot be removed; make someone else an owner first.');
    await tx.participant.update({ where: { id: p.id }, data: { role: to } });
    const { count: sessionsEnded } =
      to === 'PARTICIPANT' ? await tx.adminSession.updateMany({ where: { participantId: p.id, revokedAt: null }, data: { revokedAt: deps.clock.now() } }) : { count: 0 };
    await audit(tx, { actorId: admin.id, action: 'participant.role', subjectType: 'participant', subjectId: p.id, data: { from: p.role, to, ...(sessionsEnded ? { sessionsEnded } : {}) } });
    return { ok: true as const, role: to };
  });
}
