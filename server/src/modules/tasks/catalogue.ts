import { z } from 'zod';
import { id, intField, slug, localizedTitle, localizedText } from '../../lib/schemas.ts';
import type { Task } from '../../generated/prisma/client.ts';
import type { Database, Prisma } from '../../db/client.ts';
import { perDatabase } from '../../db/batch.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import type { TelegramGateway } from '../../lib/telegram.ts';
import type { Clock } from '../../lib/time.ts';
import type { Config } from '../../config.ts';
import { audit } from '../audit/service.ts';
import { inSegment, segmentSchema, type Segment } from '../participants/segments.ts';
import { amountOrZeroIn } from '../ledger/currencies.ts';
import { kindInfos, kindOf, TASK_TYPES } from './kinds/index.ts';

export interface TaskDeps {
  prisma: Prisma;
  db: Pick<Database, 'sql'>;
  clock: Clock;
  telegram: TelegramGateway;
  /** Without it, tasks are read on every call. */
  config?: Pick<Config, 'taskCacheMs'>;
}

/** Tasks a participant may see now: switched on and inside their dates. */
export function isOpen(t: Task, now: Date): boolean {
  return t.active && (!t.startsAt || t.startsAt <= now) && (!t.endsAt || t.endsAt > now);
}

// Task definitions change when an admin edits them; every claim and Tasks screen reads them. They are
// kept for TASK_CACHE_MS per process (the editing process forgets them at once), one read at a time.
const taskCache = perDatabase(() => ({ at: -Infinity, rows: [] as TaskRow[], reading: null as Promise<TaskRow[]> | null, generation: 0 }));

/** A task with the filter of the segment it is offered to (null: everyone), read with it so a segment's edit reaches tasks with them. */
export type TaskRow = Task & { segmentFilter: Segment | null };
const TASK_SQL = 'SELECT t.*, s.filter AS "segmentFilter" FROM "Task" t LEFT JOIN "Segment" s ON s.id = t."segmentId"';
const readTasks = (db: Pick<Database, 'sql'>) => db.sql.query<TaskRow>(`${TASK_SQL} ORDER BY t."sortOrder", t.id`);

export async function allTasks(deps: Pick<TaskDeps, 'db' | 'config'>): Promise<TaskRow[]> {
  const ttl = deps.config?.taskCacheMs ?? 0;
  if (ttl <= 0) return readTasks(deps.db);
  const c = taskCache(deps.db);
  if (Date.now() - c.at < ttl) return c.rows;
  if (!c.reading) {
    const generation = c.generation;
    c.reading = readTasks(deps.db)
      .then((rows) => {
        // A read that began before an edit must not be kept as if it came after it.
        if (c.generation === generation) {
          c.rows = rows;
          c.at = Date.now();
        }
        return rows;
      })
      .finally(() => {
        if (c.generation === generation) c.reading = null;
      });
  }
  return c.reading;
}

/** After an edit: this process reads tasks afresh; others within TASK_CACHE_MS. */
export function forgetTasks(db: Pick<Database, 'sql'>): void {
  const c = taskCache(db);
  c.generation++;
  c.at = -Infinity;
  c.reading = null;
}

/** A task a participant may act on now. */
export async function openTask(deps: Pick<TaskDeps, 'db' | 'config'>, taskId: number, now: Date, participantId?: number): Promise<TaskRow> {
  // A task created since the cache was filled is read directly.
  const t =
    (await allTasks(deps)).find((x) => x.id === taskId) ??
    (await deps.db.sql.query<TaskRow>(`${TASK_SQL} WHERE t.id = $1`, [taskId]))[0];
  if (!t) throw new DomainError(AppCodes.TASK_NOT_FOUND, 'NOT_FOUND', 'This task does not exist.');
  if (!isOpen(t, now)) throw new DomainError(AppCodes.TASK_INACTIVE, 'PRECONDITION_FAILED', 'This task is not available now.');
  if (participantId !== undefined) await offeredTo(deps, t, participantId, now);
  return t;
}

/** Refuses a participant outside the segment a task is offered to: the claim is checked, not only the list. */
export async function offeredTo(deps: Pick<TaskDeps, 'db'>, t: TaskRow, participantId: number, now: Date): Promise<void> {
  if (!t.segmentFilter || (await inSegment(deps.db, participantId, segmentSchema.parse(t.segmentFilter), now))) return;
  throw new DomainError(AppCodes.TASK_NOT_IN_SEGMENT, 'FORBIDDEN', 'This task is not offered to you.');
}

// --- The back office's side of the catalogue ---

const amount = amountOrZeroIn('POINTS');
const date = z.iso.datetime().transform((s) => new Date(s));

/** A task as an admin saves it. The config is checked against its kind's schema (saveTask). */
export const taskInput = z.object({
  id: id.optional(),
  slug,
  type: z.enum(TASK_TYPES),
  title: localizedTitle,
  description: localizedText,
  reward: amount,
  /** Left out when editing: the stored config stays (unless the type changes). */
  config: z.record(z.string(), z.unknown()).optional(),
  period: z.enum(['ONCE', 'DAILY', 'WEEKLY', 'UNLIMITED']).default('ONCE'),
  limitPerPeriod: z.number().int().min(1).max(1000).default(1),
  cooldownSeconds: z.number().int().min(0).max(31_536_000).default(0),
  startsAt: date.nullish(),
  endsAt: date.nullish(),
  active: z.boolean().default(true),
  sortOrder: intField().default(0),
  /** Offer it only to this saved segment's participants (null: everyone; left out when editing: as it was). */
  segmentId: id.nullish(),
});
export type TaskInput = z.output<typeof taskInput>;

/** A row as JSON carries it: bigints and dates as strings. */
type Str<T> = { [K in keyof T]: T[K] extends bigint ? string : T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
const str = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v])) as Str<T>;

/** Every task with its number of claims, as the back office lists them. */
export async function adminTasks(deps: Pick<TaskDeps, 'prisma'>) {
  const rows = await deps.prisma.task.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], include: { _count: { select: { claims: true } } } });
  return rows.map(({ _count, ...t }) => ({ ...str(t), claims: _count.claims }));
}

export const taskKinds = () => kindInfos;

/** The config a kind accepts, or a refusal naming the first field that is wrong. */
function checkedConfig(type: Task['type'], config: unknown): Record<string, unknown> {
  const r = kindOf(type).schema.safeParse(config);
  if (r.success) return r.data as Record<string, unknown>;
  const issues = r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  const first = issues[0];
  throw new DomainError(
    AppCodes.TASK_CONFIG_INVALID,
    'BAD_REQUEST',
    `The ${type} task's config is not valid: ${first.field || 'config'} ${first.message}.`,
    { issues },
  );
}

/** Creates or edits a task; the change applies at once in this process and is audited. */
export async function saveTask(deps: Pick<TaskDeps, 'prisma' | 'db' | 'clock'>, actorId: number, input: TaskInput) {
  // Left out (undefined), the stored segment stays, as the stored dates do; null opens the task to everyone.
  const { id, config, ...data } = input;
  const segmentId = data.segmentId;
  if (data.startsAt && data.endsAt && data.endsAt <= data.startsAt) {
    throw new DomainError(AppCodes.TASK_CONFIG_INVALID, 'BAD_REQUEST', 'A task must end after it starts.', { issues: [{ field: 'endsAt', message: 'must be after the start' }] });
  }
  if (segmentId && !(await deps.prisma.segment.findUnique({ where: { id: segmentId }, select: { id: true } }))) {
    throw new DomainError(AppCodes.SEGMENT_NOT_FOUND, 'NOT_FOUND', 'This saved segment does not exist.');
  }
  const before = id ? await deps.prisma.task.findUnique({ where: { id }, select: { type: true } }) : null;
  if (id && !before) throw new DomainError(AppCodes.TASK_NOT_FOUND, 'NOT_FOUND', 'This task does not exist.');
  // An edit that sends no config (switching a task on or off) keeps the one stored.
  const keep = before && config === undefined && before.type === data.type;
  const checked = keep ? undefined : checkedConfig(data.type, config ?? {});
  const periods = kindOf(data.type).periods;
  if (periods && !periods.includes(data.period)) {
    throw new DomainError(AppCodes.TASK_CONFIG_INVALID, 'BAD_REQUEST', `A ${data.type} task repeats ${periods.join(' or ')}.`, {
      issues: [{ field: 'period', message: `must be ${periods.join(' or ')}` }],
    });
  }
  const saved = id
    ? await deps.prisma.task.update({ where: { id }, data: { ...data, ...(checked && { config: checked as object }), updatedAt: deps.clock.now() } })
    : await deps.prisma.task.create({ data: { ...data, config: checked as object } });
  forgetTasks(deps.db);
  await audit(deps.prisma, { actorId, action: id ? 'task.updated' : 'task.created', subjectType: 'task', subjectId: saved.id, data: { slug: saved.slug, active: saved.active, startsAt: saved.startsAt, endsAt: saved.endsAt, segmentId: saved.segmentId } });
  return str(saved);
}
