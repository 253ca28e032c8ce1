import { z } from 'zod';
import type { Participant } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import type { Database } from '../../db/client.ts';
import { AppCodes, DomainError, isUniqueViolation } from '../../lib/errors.ts';
import { line } from '../../lib/schemas.ts';
import { DAY_MS } from '../../lib/time.ts';
import { audit } from '../audit/service.ts';
import { displayName } from './service.ts';
import { tagSchema } from './tags.ts';

/**
 * Who a segment is: every filter given must hold. Mailings, the people list and tasks all match
 * participants with `segmentWhere` below, so one segment means the same people everywhere.
 */
export const segmentSchema = z
  .object({
    language: z.enum(['en', 'ru']).optional(),
    /** Seen in the Mini App within this many days. */
    activeWithinDays: z.number().int().min(1).max(3650).optional(),
    /** All-time points at least this (integer minor units, as a string). */
    minPoints: z.string().regex(/^\d{1,18}$/, 'must be a whole number').optional(),
    walletLinked: z.boolean().optional(),
    /** Carries this CRM tag. */
    tag: tagSchema.optional(),
  })
  .strict();
export type Segment = z.infer<typeof segmentSchema>;

export const segmentName = line(80).min(1, 'must not be empty');

/**
 * The segment as SQL conditions over participants `p` (none for an empty segment), with the parameters
 * they use; `arg` numbers each parameter, so callers can put their own around them.
 */
export function segmentWhere(s: Segment, now: Date, arg: (v: unknown) => string): string[] {
  const where: string[] = [];
  if (s.language) where.push(`p.language = ${arg(s.language)}`);
  if (s.activeWithinDays) where.push(`p."lastSeenAt" >= ${arg(new Date(now.getTime() - s.activeWithinDays * DAY_MS).toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  if (s.minPoints && BigInt(s.minPoints) > 0n) {
    where.push(`COALESCE((SELECT sc.points FROM "Score" sc WHERE sc.period = 'all' AND sc."participantId" = p.id), 0) >= ${arg(s.minPoints)}::bigint`);
  }
  if (s.tag) where.push(`p.tags @> ARRAY[${arg(s.tag)}]::text[]`);
  if (s.walletLinked !== undefined) where.push(`${s.walletLinked ? '' : 'NOT '}EXISTS (SELECT 1 FROM "Wallet" w WHERE w."participantId" = p.id)`);
  return where;
}

/** A parameter list (maybe begun) and the `arg` that appends to it; the list's first is `$offset`. */
export function sqlParams(offset = 1, params: unknown[] = []) {
  return { params, arg: (v: unknown) => (params.push(v), `$${offset + params.length - 1}`) };
}

/** Whether a participant is in the segment now (a task offered to a segment asks this). */
export async function inSegment(db: Pick<Database, 'sql'>, participantId: number, s: Segment, now: Date): Promise<boolean> {
  const { params, arg } = sqlParams(1, [participantId]);
  const where = ['p.id = $1', ...segmentWhere(s, now, arg)];
  const [row] = await db.sql.query<{ yes: boolean }>(`SELECT EXISTS (SELECT 1 FROM "Participant" p WHERE ${where.join(' AND ')}) AS yes`, params);
  return row.yes;
}

/** Of these segments, the ones a participant is in now: one statement for a whole Tasks screen. */
export async function segmentsOf(db: Pick<Database, 'sql'>, participantId: number, segments: Map<number, Segment>, now: Date): Promise<Set<number>> {
  if (segments.size === 0) return new Set();
  const { params, arg } = sqlParams(1, [participantId]);
  const ids = [...segments.keys()];
  const cols = ids.map((id) => `EXISTS (SELECT 1 FROM "Participant" p WHERE ${['p.id = $1', ...segmentWhere(segments.get(id)!, now, arg)].join(' AND ')})`);
  const [row] = await db.sql.query<{ yes: boolean[] }>(`SELECT ARRAY[${cols.join(', ')}] AS yes`, params);
  return new Set(ids.filter((_, i) => row.yes[i]));
}

const notFound = () => new DomainError(AppCodes.SEGMENT_NOT_FOUND, 'NOT_FOUND', 'This saved segment does not exist.');

/** A saved segment's filter, as stored (checked again: a stored filter is data like any other). */
export async function savedFilter(deps: Pick<AppDeps, 'prisma'>, id: number): Promise<Segment> {
  const s = await deps.prisma.segment.findUnique({ where: { id }, select: { filter: true } });
  if (!s) throw notFound();
  return segmentSchema.parse(s.filter);
}

/** Every saved segment, by name, with who made it. */
export async function listSegments(deps: AppDeps) {
  const rows = await deps.prisma.segment.findMany({ orderBy: { name: 'asc' }, take: 500, include: { createdBy: { select: { firstName: true, lastName: true, username: true } } } });
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    filter: s.filter as Segment,
    createdBy: displayName(s.createdBy),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  }));
}

/**
 * Creates a segment, or edits one (id). Tasks that target it follow the edit (within TASK_CACHE_MS);
 * mailings already started keep the copy they were sent to.
 */
export async function saveSegment(deps: AppDeps, admin: Participant, input: { id?: number; name: string; filter: Segment }) {
  const now = deps.clock.now();
  try {
    const s = input.id
      ? await deps.prisma.segment.update({ where: { id: input.id }, data: { name: input.name, filter: input.filter, updatedAt: now } }).catch((e) => {
          if ((e as { code?: string }).code === 'P2025') throw notFound();
          throw e;
        })
      : await deps.prisma.segment.create({ data: { name: input.name, filter: input.filter, createdById: admin.id, createdAt: now, updatedAt: now } });
    await audit(deps.prisma, { actorId: admin.id, action: input.id ? 'segment.updated' : 'segment.created', subjectType: 'segment', subjectId: s.id, data: { name: s.name, filter: input.filter } });
    return { id: s.id, name: s.name, filter: s.filter as Segment };
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError(AppCodes.SEGMENT_NAME_TAKEN, 'CONFLICT', 'A segment with this name already exists.');
    throw e;
  }
}

/** Refused while a task targets it or a mailing not yet started uses it; started mailings keep their copy. */
export async function deleteSegment(deps: AppDeps, admin: Participant, id: number) {
  const s = await deps.prisma.segment.findUnique({ where: { id } });
  if (!s) throw notFound();
  const [tasks, mailings] = await Promise.all([
    deps.prisma.task.findMany({ where: { segmentId: id }, select: { slug: true } }),
    deps.prisma.mailing.findMany({ where: { segmentId: id, status: { in: ['DRAFT', 'SCHEDULED'] } }, select: { id: true } }),
  ]);
  if (tasks.length || mailings.length) {
    throw new DomainError(AppCodes.SEGMENT_IN_USE, 'CONFLICT', 'Tasks or unsent mailings use this segment; change them first.', {
      tasks: tasks.map((t) => t.slug),
      mailings: mailings.map((m) => m.id),
    });
  }
  // A task saved meanwhile is refused by the foreign key (NOT_FOUND for it, a refusal here).
  await deps.prisma.segment.delete({ where: { id } });
  await audit(deps.prisma, { actorId: admin.id, action: 'segment.deleted', subjectType: 'segment', subjectId: id, data: { name: s.name, filter: s.filter } });
  return { ok: true as const };
}

/** How many participants (not deleted) a filter matches now, and the newest few of them. */
export async function previewSegment(deps: AppDeps, s: Segment) {
  const { params, arg } = sqlParams();
  const where = ['p."deletedAt" IS NULL', ...segmentWhere(s, deps.clock.now(), arg)].join(' AND ');
  const [count, sample] = await Promise.all([
    deps.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Participant" p WHERE ${where}`, params),
    deps.db.sql.query<Pick<Participant, 'telegramId' | 'firstName' | 'lastName' | 'username'>>(
      `SELECT p."telegramId", p."firstName", p."lastName", p.username FROM "Participant" p WHERE ${where} ORDER BY p.id DESC LIMIT 10`,
      params,
    ),
  ]);
  return { count: count[0].n, sample: sample.map((p) => ({ telegramId: String(p.telegramId), name: displayName(p), username: p.username })) };
}
