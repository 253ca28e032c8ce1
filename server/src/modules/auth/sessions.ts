import { createHash, randomBytes } from 'node:crypto';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { AppCodes, DomainError, err } from '../../lib/errors.ts';
import { can, isAdminRole } from '../../policy.ts';
import { audit } from '../audit/service.ts';
import { displayName, isBanned, resolveParticipant } from '../participants/service.ts';
import { checkLoginWidget, type LoginWidgetData } from './login-widget.ts';

/** Who a valid back-office session cookie stands for. */
export interface ConsoleCaller {
  sessionId: number;
  participant: Participant;
}

export interface ClientMeta {
  userAgent?: string;
  ip?: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const ended = () => new DomainError(AppCodes.UNAUTHORIZED, 'UNAUTHORIZED', 'Your back-office session has ended. Sign in again.');
// lastSeenAt is for the sessions list, not a security rule: one write a minute per session is plenty.
const SEEN_EVERY_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs a team member in from the Login Widget: checks the payload, finds or creates the participant as
 * initData sign-in does, and opens a session. Only people with an admin role (owners from
 * ADMIN_TELEGRAM_IDS included) get one; the token is returned once and only its hash is kept.
 */
export async function openConsoleSession(deps: AppDeps, data: LoginWidgetData, meta: ClientMeta) {
  const { config } = deps;
  const now = deps.clock.now();
  const user = checkLoginWidget(data, config.botToken, config.initDataMaxAgeSeconds, now);
  const participant = await resolveParticipant(deps.db, user, { startParam: null, ownerIds: config.adminTelegramIds, now });
  if (isBanned(participant, now)) throw err.banned();
  if (!isAdminRole(participant.role)) throw err.forbidden('Only the community’s team can sign in to the back office.');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.adminSessionHours * 3_600_000);
  const session = await deps.prisma.adminSession.create({
    data: {
      tokenHash: hashToken(token),
      participantId: participant.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: shortAgent(meta.userAgent),
      ip: shortIp(meta.ip),
    },
  });
  await audit(deps.prisma, { actorId: participant.id, action: 'session.created', subjectType: 'adminSession', subjectId: session.id, data: { ip: session.ip } });
  return { token, sessionId: session.id, expiresAt, participant };
}

/** The session a cookie's token opens: refused once revoked, expired, or its owner no longer has an admin role. */
export async function consoleCaller(deps: AppDeps, token: string): Promise<ConsoleCaller> {
  if (!TOKEN.test(token)) throw ended();
  const row = await deps.prisma.adminSession.findUnique({ where: { tokenHash: hashToken(token) }, include: { participant: true } });
  const now = deps.clock.now();
  if (!row || row.revokedAt || row.expiresAt <= now || !isAdminRole(row.participant.role)) throw ended();
  if (now.getTime() - row.lastSeenAt.getTime() > SEEN_EVERY_MS) {
    await deps.prisma.adminSession.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return { sessionId: row.id, participant: row.participant };
}

/** Signing out: ends the cookie's session if it is still open (a second sign-out changes nothing). */
export async function closeConsoleSession(deps: AppDeps, token: string): Promise<void> {
  if (!TOKEN.test(token)) return;
  const row = await deps.prisma.adminSession.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) return;
  const { count } = await deps.prisma.adminSession.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: deps.clock.now() } });
  if (count) await audit(deps.prisma, { actorId: row.participantId, action: 'session.ended', subjectType: 'adminSession', subjectId: row.id });
}

/** Open sessions, most recently used first: one's own, or everyone's for who may manage sessions. */
export async function listSessions(deps: AppDeps, caller: Participant, currentId: number | null) {
  const everyone = can(caller.role, 'sessions.manage');
  const rows = await deps.prisma.adminSession.findMany({
    where: { revokedAt: null, expiresAt: { gt: deps.clock.now() }, ...(everyone ? {} : { participantId: caller.id }) },
    include: { participant: { select: { telegramId: true, firstName: true, lastName: true, username: true, role: true } } },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    take: 200,
  });
  return rows.map((s) => ({
    id: s.id,
    telegramId: String(s.participant.telegramId),
    name: displayName(s.participant),
    role: s.participant.role,
    own: s.participantId === caller.id,
    current: s.id === currentId,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    userAgent: s.userAgent,
    ip: s.ip,
  }));
}

/** Ends a session: one's own, or anyone's for who may manage sessions (others' look as if they were not there). */
export async function revokeSession(deps: AppDeps, caller: Participant, id: number) {
  const row = await deps.prisma.adminSession.findUnique({ where: { id } });
  if (!row || (row.participantId !== caller.id && !can(caller.role, 'sessions.manage'))) {
    throw new DomainError(AppCodes.SESSION_NOT_FOUND, 'NOT_FOUND', 'This session was not found.');
  }
  const { count } = await deps.prisma.adminSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: deps.clock.now() } });
  if (count) {
    await audit(deps.prisma, { actorId: caller.id, action: 'session.revoked', subjectType: 'adminSession', subjectId: id, data: { participantId: row.participantId } });
  }
  return { ok: true as const };
}

/** The browser's name as sent, without control characters, cut short: enough to tell two sessions apart. */
function shortAgent(ua: string | undefined): string | null {
  const clean = ua?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean ? clean.slice(0, 160) : null;
}

/** The network an address belongs to (IPv4 /24, IPv6 /48): where a session came from, not who. */
export function shortIp(ip: string | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(':')) {
    const [head] = ip.split('::');
    const groups = head.split(':').filter(Boolean).slice(0, 3);
    while (groups.length < 3) groups.push('0');
    return `${groups.join(':')}::/48`.toLowerCase();
  }
  return null;
}
