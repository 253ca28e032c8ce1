import { z } from 'zod';
import { lines } from '../../lib/schemas.ts';
import { adminProcedure, router } from '../../trpc.ts';
import { id, instant, line, pageIfAny, sortOf } from '../../lib/schemas.ts';
import { ban, listBans, unban } from './bans.ts';
import { addNote, listPeople, personProfile, setTags, tagsInUse } from './crm.ts';
import { deleteSegment, listSegments, previewSegment, saveSegment, segmentName, segmentSchema } from './segments.ts';
import { listTeam, setRole } from './roles.ts';
import { adminRoleSchema, assignableRoleSchema, peopleFilterSchema, telegramIdSchema as telegramId } from './schemas.ts';
import { tagSchema } from './tags.ts';

/** CRM: find people, open a profile, tag, note, change a role, ban and unban (audited). */
export const adminParticipantsRouter = router({
  list: adminProcedure('participants.view')
    .input(peopleFilterSchema)
    .query(({ ctx, input }) => listPeople(ctx.deps, input)),
  get: adminProcedure('participants.view')
    .input(z.object({ telegramId }))
    .query(({ ctx, input }) => personProfile(ctx.deps, input.telegramId)),
  ban: adminProcedure('participants.ban')
    // `until` left out or null: until lifted by hand.
    .input(z.object({ telegramId, reason: lines(500).min(3), until: instant.nullish() }))
    .mutation(({ ctx, input }) => ban(ctx.deps, ctx.participant, input.telegramId, input.reason, input.until ?? null)),
  /** The ban list: who, by whom, when, why, until when; by state (`status`, or `active`: in force or not), person and reason. */
  bans: adminProcedure('participants.ban')
    .input(
      z
        .object({
          search: line(100).optional(),
          /** Part of the reason, any case. */
          reason: line(100).optional(),
          active: z.boolean().optional(),
          status: z.enum(['active', 'ended', 'lifted', 'past']).optional(),
          cursor: id.optional(),
          page: pageIfAny,
          sort: sortOf(['bannedAt', 'until', 'person', 'reason'], { by: 'bannedAt', dir: 'desc' }),
          limit: z.number().int().min(1).max(100).default(50),
        })
        .default({ limit: 50, sort: { by: 'bannedAt', dir: 'desc' } }),
    )
    .query(({ ctx, input }) => listBans(ctx.deps, input)),
  unban: adminProcedure('participants.ban')
    .input(z.object({ telegramId }))
    .mutation(({ ctx, input }) => unban(ctx.deps, ctx.participant, input.telegramId)),
  tags: adminProcedure('participants.view').query(({ ctx }) => tagsInUse(ctx.deps)),
  setTags: adminProcedure('participants.tag')
    .input(z.object({ telegramId, tags: z.array(tagSchema).max(20) }))
    .mutation(({ ctx, input }) => setTags(ctx.deps, ctx.participant, input.telegramId, input.tags)),
  addNote: adminProcedure('participants.note')
    .input(z.object({ telegramId, text: lines(2000).min(1, 'must not be empty') }))
    .mutation(({ ctx, input }) => addNote(ctx.deps, ctx.participant, input.telegramId, input.text)),
  setRole: adminProcedure('roles.manage')
    .input(z.object({ telegramId, role: assignableRoleSchema }))
    .mutation(({ ctx, input }) => setRole(ctx.deps, ctx.participant, input.telegramId, input.role === 'PARTICIPANT' ? null : input.role)),
});

/** The team and its roles, for owners (audited; see roles.ts for who stays an owner). */
export const adminRolesRouter = router({
  list: adminProcedure('roles.manage').query(({ ctx }) => listTeam(ctx.deps)),
  set: adminProcedure('roles.manage')
    .input(z.object({ telegramId, role: adminRoleSchema.nullable() }))
    .mutation(({ ctx, input }) => setRole(ctx.deps, ctx.participant, input.telegramId, input.role)),
});

/** Saved segments: named filters the people list, mailings and tasks reuse (changes audited). */
export const adminSegmentsRouter = router({
  list: adminProcedure('participants.view').query(({ ctx }) => listSegments(ctx.deps)),
  /** How many a filter matches now (deleted accounts aside) and the newest ten. */
  preview: adminProcedure('participants.view')
    .input(z.object({ filter: segmentSchema }))
    .query(({ ctx, input }) => previewSegment(ctx.deps, input.filter)),
  save: adminProcedure('segments.manage')
    .input(z.object({ id: id.optional(), name: segmentName, filter: segmentSchema }))
    .mutation(({ ctx, input }) => saveSegment(ctx.deps, ctx.participant, input)),
  delete: adminProcedure('segments.manage')
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteSegment(ctx.deps, ctx.participant, input.id)),
});
