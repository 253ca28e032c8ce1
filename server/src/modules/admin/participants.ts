import { z } from 'zod';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { audit } from '../audit/service.ts';
import type { AppDeps } from '../../context.ts';
import { balancesOf } from '../ledger/queries.ts';
import { displayName } from '../participants/service.ts';
import { tagSchema } from '../participants/tags.ts';

const telegramId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform((v) => BigInt(v));

async function byTelegramId(prisma: AppDeps['prisma'], id: bigint) {
  const p = await prisma.participant.findUnique({ where: { telegramId: id } });
  if (!p) throw new DomainError(AppCodes.PARTICIPANT_NOT_FOUND, 'NOT_FOUND', 'No participant with this Telegram id.');
  return p;
}

/** CRM: find people, open a profile, change a role, ban and unban (audited). */
export const adminParticipantsRouter = router({
  list: adminProcedure('MODERATOR', 'ADMIN', 'FINANCE')
    .input(
      z
        .object({
          search: z.string().trim().max(100).optional(),
          banned: z.boolean().optional(),
          role: z.enum(['PARTICIPANT', 'MODERATOR', 'FINANCE', 'ADMIN', 'OWNER']).optional(),
          tag: tagSchema.optional(),
          cursor: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(100).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const s = input.search;
      const rows = await ctx.deps.prisma.participant.findMany({
        where: {
          ...(input.banned === undefined ? {} : input.banned ? { bannedAt: { not: null } } : { bannedAt: null }),
          ...(input.role ? { role: input.role } : {}),
          ...(input.tag ? { tags: { has: input.tag } } : {}),
          ...(s
            ? {
                OR: [
                  { firstName: { contains: s, mode: 'insensitive' } },
                  { lastName: { contains: s, mode: 'insensitive' } },
                  { username: { contains: s.replace(/^@/, ''), mode: 'insensitive' } },
                  ...(/^\d+$/.test(s) ? [{ telegramId: BigInt(s) }] : []),
                ],
              }
            : {}),
          ...(input.cursor ? { id: { lt: input.cursor } } : {}),
        },
        orderBy: { id: 'desc' },
        take: input.limit + 1,
      });
      const items = rows.slice(0, input.limit).map((p) => ({
        id: p.id,
        telegramId: p.telegramId.toString(),
        name: displayName(p),
        username: p.username,
        role: p.role,
        language: p.language,
        banned: p.bannedAt != null,
        deleted: p.deletedAt != null,
        tags: p.tags,
        createdAt: p.createdAt.toISOString(),
        lastSeenAt: p.lastSeenAt.toISOString(),
      }));
      return { items, nextCursor: rows.length > input.limit ? items[items.length - 1].id : null };
    }),
  get: adminProcedure('MODERATOR', 'ADMIN', 'FINANCE')
    .input(z.object({ telegramId }))
    .query(async ({ ctx, input }) => {
      const p = await byTelegramId(ctx.deps.prisma, input.telegramId);
      const [balances, wallet, invited, claims, orders, withdrawals, log, notes] = await Promise.all([
        balancesOf(ctx.deps.db, p.id),
        ctx.deps.prisma.wallet.findUnique({ where: { participantId: p.id } }),
        ctx.deps.prisma.participant.count({ where: { invitedById: p.id } }),
        ctx.deps.prisma.taskClaim.count({ where: { participantId: p.id } }),
        ctx.deps.prisma.order.count({ where: { participantId: p.id } }),
        ctx.deps.prisma.withdrawal.findMany({ where: { participantId: p.id }, orderBy: { id: 'desc' }, take: 10 }),
        ctx.deps.prisma.auditLog.findMany({ where: { subjectType: 'participant', subjectId: String(p.id) }, orderBy: { id: 'desc' }, take: 20 }),
        notesOf(ctx.deps.prisma, p.id),
      ]);
      const actorIds = [...new Set(log.map((a) => a.actorId).filter((x): x is number => x != null))];
      const actors = new Map((await ctx.deps.prisma.participant.findMany({ where: { id: { in: actorIds } } })).map((a) => [a.id, displayName(a)]));
      return {
        id: p.id,
        telegramId: p.telegramId.toString(),
        name: displayName(p),
        username: p.username,
        role: p.role,
        language: p.language,
        banned: p.bannedAt != null,
        banReason: p.banReason,
        deleted: p.deletedAt != null,
        tags: p.tags,
        notes,
        streak: p.streak,
        createdAt: p.createdAt.toISOString(),
        lastSeenAt: p.lastSeenAt.toISOString(),
        balances,
        wallet: wallet?.address ?? null,
        invited,
        claims,
        orders,
        withdrawals: withdrawals.map((w) => ({ id: w.id, status: w.status, amount: w.amount.toString(), createdAt: w.createdAt.toISOString() })),
        audit: log.map((a) => ({ action: a.action, actorId: a.actorId, actor: a.actorId ? (actors.get(a.actorId) ?? null) : null, data: a.data, createdAt: a.createdAt.toISOString() })),
      };
    }),
  ban: adminProcedure('MODERATOR', 'ADMIN')
    .input(z.object({ telegramId, reason: z.string().trim().min(3).max(500) }))
    .mutation(async ({ ctx, input }) => {
      const p = await byTelegramId(ctx.deps.prisma, input.telegramId);
      if (p.role === 'OWNER') throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'An owner cannot be banned.');
      await ctx.deps.prisma.participant.update({ where: { id: p.id }, data: { bannedAt: ctx.deps.clock.now(), banReason: input.reason } });
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: 'participant.banned', subjectType: 'participant', subjectId: p.id, data: { reason: input.reason } });
      return { ok: true };
    }),
  unban: adminProcedure('MODERATOR', 'ADMIN')
    .input(z.object({ telegramId }))
    .mutation(async ({ ctx, input }) => {
      const p = await byTelegramId(ctx.deps.prisma, input.telegramId);
      await ctx.deps.prisma.participant.update({ where: { id: p.id }, data: { bannedAt: null, banReason: null } });
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: 'participant.unbanned', subjectType: 'participant', subjectId: p.id });
      return { ok: true };
    }),
  /** Every tag in use, most used first: what the CRM and the mailing form offer. */
  tags: adminProcedure('MODERATOR', 'ADMIN', 'FINANCE').query(async ({ ctx }) =>
    ctx.deps.db.sql.query<{ tag: string; count: number }>(
      `SELECT t AS tag, count(*)::int AS count FROM "Participant", unnest(tags) t GROUP BY t ORDER BY count(*) DESC, t LIMIT 200`,
    ),
  ),
  setTags: adminProcedure('MODERATOR', 'ADMIN')
    .input(z.object({ telegramId, tags: z.array(tagSchema).max(20) }))
    .mutation(async ({ ctx, input }) => {
      const p = await byTelegramId(ctx.deps.prisma, input.telegramId);
      const tags = [...new Set(input.tags)].sort();
      await ctx.deps.prisma.participant.update({ where: { id: p.id }, data: { tags } });
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: 'participant.tagged', subjectType: 'participant', subjectId: p.id, data: { from: p.tags, to: tags } });
      return { tags };
    }),
  addNote: adminProcedure('MODERATOR', 'ADMIN', 'FINANCE')
    .input(z.object({ telegramId, text: z.string().trim().min(1, 'must not be empty').max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const p = await byTelegramId(ctx.deps.prisma, input.telegramId);
      await ctx.deps.prisma.participantNote.create({ data: { participantId: p.id, authorId: ctx.participant.id, text: input.text, createdAt: ctx.deps.clock.now() } });
      return notesOf(ctx.deps.prisma, p.id);
    }),
  setRole: adminProcedure()
    .input(z.object({ telegramId, role: z.enum(['PARTICIPANT', 'MODERATOR', 'FINANCE', 'ADMIN']) }))
    .mutation(async ({ ctx, input }) => {
      const p = await byTelegramId(ctx.deps.prisma, input.telegramId);
      if (p.role === 'OWNER') throw new DomainError(AppCodes.FORBIDDEN, 'FORBIDDEN', 'Owners are set with ADMIN_TELEGRAM_IDS.');
      await ctx.deps.prisma.participant.update({ where: { id: p.id }, data: { role: input.role } });
      await audit(ctx.deps.prisma, { actorId: ctx.participant.id, action: 'participant.role', subjectType: 'participant', subjectId: p.id, data: { from: p.role, to: input.role } });
      return { ok: true };
    }),
});

/** A participant's notes, newest first, with who wrote them. */
async function notesOf(prisma: AppDeps['prisma'], participantId: number) {
  const rows = await prisma.participantNote.findMany({ where: { participantId }, orderBy: { id: 'desc' }, take: 50 });
  const authors = new Map((await prisma.participant.findMany({ where: { id: { in: [...new Set(rows.map((n) => n.authorId))] } } })).map((a) => [a.id, displayName(a)]));
  return rows.map((n) => ({ id: n.id, text: n.text, author: authors.get(n.authorId) ?? null, createdAt: n.createdAt.toISOString() }));
}
