import type { Participant, Task, TaskStart } from '../../generated/prisma/client.ts';
import { startOfNextDay } from '../../lib/time.ts';
import { sessionRead, sessionReadOf } from '../participants/service.ts';
import { allTasks, isOpen, type TaskDeps, type TaskRow } from './catalogue.ts';
import { segmentSchema, segmentsOf } from '../participants/segments.ts';
import { pick, type Lang } from '../../lib/localized.ts';
import { configOf, kindOf, progressKinds, type StoredConfig, type TaskAction } from './kinds/index.ts';
import { nextPeriodStart, periodKeyOf } from './rules.ts';

export type TaskState = 'available' | 'started' | 'claimed' | 'cooldown' | 'locked';

export interface TaskView {
  id: number;
  slug: string;
  type: Task['type'];
  title: string;
  description: string;
  reward: string;
  period: Task['period'];
  limitPerPeriod: number;
  cooldownSeconds: number;
  state: TaskState;
  availableAt: string | null;
  startedAt: string | null;
  readyAt: string | null;
  claimedCount: number;
  /** What the participant is asked to do (the Mini App renders by this). */
  action: TaskAction;
  config: {
    url?: string;
    chatUrl?: string;
    question?: string;
    options?: string[];
    dwellSeconds?: number;
    friendsRequired?: number;
    perFriend?: boolean;
  };
}

// Kept as it was before actions existed, for clients that read it; secrets (quiz answers) stay out.
function publicConfig(cfg: StoredConfig, lang: Lang): TaskView['config'] {
  const c = cfg as StoredConfig & { options?: Record<Lang, string[]> };
  return {
    url: c.url as string | undefined,
    chatUrl: c.chatUrl as string | undefined,
    question: c.question ? pick(c.question, lang) : undefined,
    options: c.options ? c.options[lang] ?? c.options.en : undefined,
    dwellSeconds: c.dwellSeconds as number | undefined,
    friendsRequired: c.friendsRequired as number | undefined,
    perFriend: c.perFriend as boolean | undefined,
  };
}

type ClaimCount = { participantId: number; taskId: number; inPeriod: bigint; last: Date | null };
type TaskActivity = {
  claims: ClaimCount[];
  starts: TaskStart[];
  progress?: Map<number, number>;
  /** The participant's check-in streak as their actions show it. */
  streak?: Pick<Participant, 'streak' | 'lastCheckinDay'>;
};

type OpenTasks = { tasks: TaskRow[]; ask: string };
// Every Tasks screen asks this twice (sign-in and list) with the same answer until midnight or a task's
// start or end: kept per task list for that window.
const openTasksSeen = new WeakMap<TaskRow[], { from: number; until: number; open: OpenTasks }>();

/** The open tasks now and the period each is in: what a Tasks screen shows, and how its activity is asked. */
function openTasksAt(rows: TaskRow[], now: Date): OpenTasks {
  const t0 = now.getTime();
  const seen = openTasksSeen.get(rows);
  if (seen && seen.from <= t0 && t0 < seen.until) return seen.open;
  const tasks = rows.filter((t) => isOpen(t, now));
  const keys = tasks.map((t) => periodKeyOf(t.period, now));
  const ask = JSON.stringify(
    tasks.map((t, i) => [t.id, keys[i], t.cooldownSeconds > 0, !!kindOf(t.type).start, progressKinds.indexOf(t.type) + 1]),
  );
  const open = { tasks, ask };
  // Period keys turn over at 00:00 UTC (weeks too); isOpen changes at a start or an end.
  let until = startOfNextDay(now).getTime();
  for (const t of rows) {
    for (const edge of [t.startsAt, t.endsAt]) if (edge && edge.getTime() > t0 && edge.getTime() < until) until = edge.getTime();
  }
  openTasksSeen.set(rows, { from: t0, until, open });
  return open;
}

// Each kind's progress (friends counted...) as one CASE over the number the ask gives it.
const progressColumn = progressKinds.length
  ? `CASE (t.e->>4)::int ${progressKinds.map((type, i) => `WHEN ${i + 1} THEN ${kindOf(type).progressSql}`).join(' ')} END`
  : 'NULL';

/**
 * A participant's activity on the open tasks, read with the sign-in's participant lookup: per task, the
 * current period's claims, the last claim when the task has a cooldown, the open of a task that is
 * opened first, and its kind's progress, each through an index on exactly what it needs. Older claims
 * are never read, so a Tasks screen costs the same after a year of check-ins as on the first day. The
 * open tasks come as one JSON argument, [[id, periodKey, cools, opens, progress], ...] (the `ask`);
 * times come back as epoch ms.
 */
export const taskActivityRead = sessionRead<{ ask: string; activity: TaskActivity }>({
  columns: `(SELECT json_agg(json_build_array(
        (t.e->>0)::int, t.e->>1,
        (SELECT count(*) FROM "TaskClaim" c WHERE c."participantId" = p.id AND c."taskId" = (t.e->>0)::int AND c."periodKey" = t.e->>1),
        CASE WHEN (t.e->>2)::bool THEN (SELECT floor(extract(epoch FROM max(c."createdAt")) * 1000) FROM "TaskClaim" c WHERE c."participantId" = p.id AND c."taskId" = (t.e->>0)::int) END,
        CASE WHEN (t.e->>3)::bool THEN (SELECT floor(extract(epoch FROM s."startedAt") * 1000) FROM "TaskStart" s WHERE s."participantId" = p.id AND s."taskId" = (t.e->>0)::int AND s."periodKey" = t.e->>1) END,
        ${progressColumn}
      ) ORDER BY t.i) FROM jsonb_array_elements((SELECT $2::text::jsonb)) WITH ORDINALITY AS t(e, i)) AS "_tasks",
    p.streak AS "_streak", p."lastCheckinDay" AS "_lastCheckinDay"`,
  arg: async (deps, now) => openTasksAt(await allTasks(deps), now).ask,
  take: (row, ask) => {
    const participantId = row.id as number;
    const streak = { streak: row._streak as number, lastCheckinDay: row._lastCheckinDay as string | null };
    const activity: TaskActivity = { claims: [], starts: [], progress: new Map(), streak };
    type Row = [number, string, number, number | null, number | null, number | null];
    for (const [taskId, periodKey, n, last, started, progress] of (row._tasks as Row[] | null) ?? []) {
      if (n > 0 || last != null) activity.claims.push({ participantId, taskId, inPeriod: BigInt(n), last: last == null ? null : new Date(last) });
      if (started != null) activity.starts.push({ participantId, taskId, periodKey, startedAt: new Date(started) });
      if (progress != null) activity.progress!.set(taskId, Number(progress));
    }
    return { ask, activity };
  },
});

type Viewer = Pick<Participant, 'id' | 'telegramId' | 'language'>;

/** `pre`, read with the sign-in for the same open tasks and periods, saves reading the activity again. */
export async function listTasks(deps: TaskDeps, p: Viewer, pre?: { ask: string; activity: TaskActivity } | null): Promise<TaskView[]> {
  const now = deps.clock.now();
  const lang = p.language as Lang;
  const open = openTasksAt(await allTasks(deps), now);
  const { ask } = open;
  // Tasks offered to a segment show only to its participants (one statement for all their segments).
  const targeted = new Map(open.tasks.flatMap((t) => (t.segmentId && t.segmentFilter ? [[t.segmentId, segmentSchema.parse(t.segmentFilter)] as const] : [])));
  const mine = await segmentsOf(deps.db, p.id, targeted, now);
  const tasks = targeted.size ? open.tasks.filter((t) => !t.segmentId || !t.segmentFilter || mine.has(t.segmentId)) : open.tasks;
  // Otherwise (a participant created by this call, a period turned over since the sign-in) read it now.
  const read = pre && pre.ask === ask ? pre : await sessionReadOf(deps.db, taskActivityRead, p.telegramId, ask);
  const { claims, starts, progress, streak = { streak: 0, lastCheckinDay: null } } = read?.activity ?? { claims: [], starts: [] };
  const byTask = new Map(claims.map((c) => [c.taskId, c]));
  return tasks.map((t) => {
    const kind = kindOf(t.type);
    const cfg = configOf(t);
    const c = byTask.get(t.id);
    const inPeriod = Number(c?.inPeriod ?? 0);
    // The loader returns only the current period's open, so the task id finds it.
    const start = starts.find((s) => s.taskId === t.id);
    const readyAt = start && kind.start ? new Date(start.startedAt.getTime() + kind.start.dwellSeconds(cfg) * 1000) : null;
    let state: TaskState = 'available';
    let availableAt: Date | null = null;
    if (kind.locked?.(cfg)) state = 'locked';
    else if (inPeriod >= t.limitPerPeriod) {
      state = 'claimed';
      availableAt = nextPeriodStart(t.period, now);
    } else if (t.cooldownSeconds > 0 && c?.last && c.last.getTime() + t.cooldownSeconds * 1000 > now.getTime()) {
      state = 'cooldown';
      availableAt = new Date(c.last.getTime() + t.cooldownSeconds * 1000);
    } else if (start) state = 'started';
    return {
      id: t.id,
      slug: t.slug,
      type: t.type,
      title: pick(t.title, lang),
      description: pick(t.description, lang),
      reward: t.reward.toString(),
      period: t.period,
      limitPerPeriod: t.limitPerPeriod,
      cooldownSeconds: t.cooldownSeconds,
      state,
      availableAt: availableAt?.toISOString() ?? null,
      startedAt: start?.startedAt.toISOString() ?? null,
      readyAt: readyAt?.toISOString() ?? null,
      claimedCount: inPeriod,
      action: kind.action(cfg, { lang, participant: streak, progress: progress?.get(t.id) ?? 0, now }),
      config: publicConfig(cfg, lang),
    };
  });
}
