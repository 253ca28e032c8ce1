import { Prisma as P, type Mailing, type Participant } from '../../generated/prisma/client.ts';
import type { MailingCategory, MailingStatus } from '../../generated/prisma/enums.ts';
import type { AppDeps } from '../../context.ts';
import { inTx } from '../../db/tx.ts';
import { AppCodes, DomainError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { displayName } from '../participants/service.ts';
import { savedFilter, segmentWhere, sqlParams } from '../participants/segments.ts';
import { segmentSchema } from '../participants/segments.ts';
import { CATEGORIES, CONSENT_DEFAULT, inLanguage, type Button, type Category, type MailingInput, type Segment, type Variant } from './schemas.ts';

const notFound = () => new DomainError(AppCodes.MAILING_NOT_FOUND, 'NOT_FOUND', 'This mailing does not exist.');
const wrongState = (status: string, action: string) =>
  new DomainError(AppCodes.MAILING_STATE, 'CONFLICT', `A mailing that is ${status.toLowerCase()} cannot be ${action}.`, { status });

/**
 * The audience as SQL over participants `p`: not banned (or the ban ran out), reachable (the bot was not
 * blocked), accepting the category, and in the segment. Parameters from $offset on.
 */
function audienceSql(category: Category, s: Segment, now: Date, offset = 1) {
  const { params, arg } = sqlParams(offset);
  const where = [
    `(p."bannedAt" IS NULL OR p."bannedUntil" <= ${arg(now.toISOString())}::timestamptz AT TIME ZONE 'UTC')`,
    `p."botBlockedAt" IS NULL`,
    `COALESCE((SELECT c.granted FROM "MailingConsent" c WHERE c."participantId" = p.id AND c.category = ${arg(category)}::"MailingCategory"), ${arg(CONSENT_DEFAULT[category])}::boolean)`,
    ...segmentWhere(s, now, arg),
  ];
  return { sql: `SELECT p.id FROM "Participant" p WHERE ${where.join(' AND ')}`, params };
}

/** How many participants a mailing to this segment would reach now. */
export async function audienceSize(deps: AppDeps, category: Category, segment: Segment): Promise<number> {
  const a = audienceSql(category, segment, deps.clock.now());
  const [row] = await deps.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${a.sql}) a`, a.params);
  return row.n;
}

export interface MailingView {
  id: number;
  title: string;
  category: Category;
  status: Mailing['status'];
  variants: Variant[];
  button: Button | null;
  segment: Segment;
  /** The saved segment it was composed with (its filter is copied into `segment` at start). */
  segmentId: number | null;
  total: number;
  sent: number;
  failed: number;
  blocked: number;
  /** Not sent yet (or never, if the mailing was cancelled). */
  pending: number;
  createdBy: string | null;
  createdAt: string;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

function view(m: Mailing, author?: Pick<Participant, 'firstName' | 'lastName' | 'username'> | null): MailingView {
  return {
    id: m.id,
    title: m.title,
    category: m.category,
    status: m.status,
    variants: m.variants as Variant[],
    button: (m.button as Button | null) ?? null,
    segment: m.segment as Segment,
    segmentId: m.segmentId,
    total: m.total,
    sent: m.sent,
    failed: m.failed,
    blocked: m.blocked,
    pending: m.total - m.sent - m.failed - m.blocked,
    createdBy: author ? displayName(author) : null,
    createdAt: m.createdAt.toISOString(),
    scheduledAt: m.scheduledAt?.toISOString() ?? null,
    startedAt: m.startedAt?.toISOString() ?? null,
    finishedAt: m.finishedAt?.toISOString() ?? null,
  };
}

async function authorOf(deps: AppDeps, m: Mailing) {
  return deps.prisma.participant.findUnique({ where: { id: m.createdById }, select: { firstName: true, lastName: true, username: true } });
}

export async function listMailings(
  deps: AppDeps,
  f: { cursor?: number; page?: number; sort: { by: 'id' | 'title' | 'sent'; dir: 'asc' | 'desc' }; search?: string; status?: MailingStatus; category?: MailingCategory; limit: number },
) {
  const where = {
    ...(f.search ? { title: { contains: f.search, mode: 'insensitive' as const } } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.category ? { category: f.category } : {}),
  };
  // A cursor pages the newest first (the Mini App); a page number pages the table's order (the console).
  const byCursor = f.page === undefined;
  const [rows, total] = await Promise.all([
    deps.prisma.mailing.findMany({
      where: byCursor && f.cursor ? { ...where, id: { lt: f.cursor } } : where,
      orderBy: byCursor ? { id: 'desc' } : [{ [f.sort.by]: f.sort.dir }, { id: f.sort.dir }],
      skip: byCursor ? 0 : (f.page! - 1) * f.limit,
      take: f.limit + 1,
    }),
    deps.prisma.mailing.count({ where }),
  ]);
  const authors = new Map(
    (await deps.prisma.participant.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.createdById))] } } })).map((p) => [p.id, p]),
  );
  const items = rows.slice(0, f.limit).map((m) => view(m, authors.get(m.createdById)));
  return { items, total, nextCursor: byCursor && rows.length > f.limit ? items[items.length - 1].id : null };
}

/** A mailing with its figures per variant (the A/B comparison): delivered, and opened from its button. */
export async function getMailing(deps: AppDeps, id: number) {
  const m = await deps.prisma.mailing.findUnique({ where: { id } });
  if (!m) throw notFound();
  const rows = await deps.db.sql.query<{ variant: number; total: number; sent: number; failed: number; blocked: number; opened: number }>(
    `SELECT variant, count(*)::int AS total,
            count(*) FILTER (WHERE status = 'SENT')::int AS sent,
            count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
            count(*) FILTER (WHERE status = 'BLOCKED')::int AS blocked,
            count("openedAt")::int AS opened
       FROM "MailingDelivery" WHERE "mailingId" = $1 GROUP BY variant ORDER BY variant`,
    [id],
  );
  const variants = (m.variants as Variant[]).map((_, i) => rows.find((r) => r.variant === i) ?? { variant: i, total: 0, sent: 0, failed: 0, blocked: 0, opened: 0 });
  const failed = await deps.db.sql.query<{ participantId: number; error: string | null; status: string; telegramId: bigint; firstName: string; lastName: string | null; username: string | null }>(
    `SELECT d."participantId", d.error, d.status::text AS status, p."telegramId", p."firstName", p."lastName", p.username
       FROM "MailingDelivery" d JOIN "Participant" p ON p.id = d."participantId"
      WHERE d."mailingId" = $1 AND d.status IN ('FAILED', 'BLOCKED') ORDER BY d."attemptAt" DESC NULLS LAST LIMIT 20`,
    [id],
  );
  const failures = failed.map((f) => ({ participantId: f.participantId, telegramId: f.telegramId.toString(), name: displayName(f), status: f.status, error: f.error }));
  return { ...view(m, await authorOf(deps, m)), stats: variants, failures };
}

/** The filter a mailing's input aims at: the saved segment's when one is named (copied now, and again at start). */
async function segmentOf(deps: AppDeps, input: Pick<MailingInput, 'segment' | 'segmentId'>): Promise<{ segment: Segment; segmentId: number | null }> {
  return input.segmentId ? { segment: await savedFilter(deps, input.segmentId), segmentId: input.segmentId } : { segment: input.segment, segmentId: null };
}

/** How many a mailing would reach now, by a filter or a saved segment. */
export async function audienceOf(deps: AppDeps, category: Category, input: Pick<MailingInput, 'segment' | 'segmentId'>) {
  return audienceSize(deps, category, (await segmentOf(deps, input)).segment);
}

export async function createMailing(deps: AppDeps, admin: Participant, input: MailingInput) {
  const target = await segmentOf(deps, input);
  const m = await deps.prisma.mailing.create({
    data: {
      title: input.title,
      category: input.category,
      variants: input.variants,
      button: input.button ?? undefined,
      ...target,
      createdById: admin.id,
      createdAt: deps.clock.now(),
    },
  });
  await audit(deps.prisma, { actorId: admin.id, action: 'mailing.created', subjectType: 'mailing', subjectId: m.id, data: { title: m.title, category: m.category } });
  return view(m, admin);
}

/** Drafts only: once sending starts, what people received is fixed. */
export async function updateMailing(deps: AppDeps, admin: Participant, id: number, input: MailingInput) {
  const target = await segmentOf(deps, input);
  const n = await deps.prisma.mailing.updateMany({
    where: { id, status: 'DRAFT' },
    data: { title: input.title, category: input.category, variants: input.variants, button: input.button ?? P.DbNull, ...target },
  });
  if (n.count === 0) {
    const m = await deps.prisma.mailing.findUnique({ where: { id } });
    throw m ? wrongState(m.status, 'edited') : notFound();
  }
  await audit(deps.prisma, { actorId: admin.id, action: 'mailing.updated', subjectType: 'mailing', subjectId: id });
  return getMailing(deps, id);
}

const noBot = () => new DomainError(AppCodes.BOT_NOT_CONFIGURED, 'PRECONDITION_FAILED', 'Set BOT_TOKEN to a real bot token to send mailings.');
const emptyAudience = () => new DomainError(AppCodes.MAILING_EMPTY_AUDIENCE, 'PRECONDITION_FAILED', 'Nobody in this segment accepts this kind of message.');

/**
 * Freezes the audience: a copy per participant of the segment now, variants dealt alternately, and the
 * mailing turns SENDING in the same transaction. The mailings job sends from there. `from`: the status it
 * must be in (a draft started by an admin, or a scheduled one the job starts).
 */
async function freezeAudience(deps: AppDeps, actorId: number | null, id: number, from: 'DRAFT' | 'SCHEDULED') {
  const now = deps.clock.now();
  await inTx(deps.prisma, async (tx) => {
    await tx.$queryRawUnsafe(`SELECT 1 FROM "Mailing" WHERE id = $1 FOR UPDATE`, id);
    const m = await tx.mailing.findUnique({ where: { id } });
    if (!m) throw notFound();
    if (m.status !== from) throw wrongState(m.status, 'started');
    // The saved segment as it is now becomes the mailing's own copy: later edits of it change nothing sent.
    const saved = m.segmentId ? await tx.segment.findUnique({ where: { id: m.segmentId }, select: { filter: true } }) : null;
    const segment = saved ? segmentSchema.parse(saved.filter) : (m.segment as Segment);
    const a = audienceSql(m.category, segment, now, 3);
    const n = await tx.$executeRawUnsafe(
      `INSERT INTO "MailingDelivery" ("mailingId", "participantId", variant)
       SELECT $1, a.id, ((row_number() OVER (ORDER BY a.id) - 1) % $2)::int FROM (${a.sql}) a`,
      id,
      (m.variants as Variant[]).length,
      ...a.params,
    );
    if (n === 0) throw emptyAudience();
    await tx.mailing.update({ where: { id }, data: { status: 'SENDING', total: n, startedAt: now, segment } });
    await audit(tx, { actorId, action: 'mailing.started', subjectType: 'mailing', subjectId: id, data: { total: n, ...(from === 'SCHEDULED' ? { scheduledAt: m.scheduledAt } : {}) } });
  });
}

export async function startMailing(deps: AppDeps, admin: Participant, id: number) {
  if (deps.config.botTokenIsDev) throw noBot();
  await freezeAudience(deps, admin.id, id, 'DRAFT');
  return getMailing(deps, id);
}

/** The job starts it at `at`; until then it can be taken back to a draft (unschedule) or cancelled. */
export async function scheduleMailing(deps: AppDeps, admin: Participant, id: number, at: Date) {
  if (deps.config.botTokenIsDev) throw noBot();
  const now = deps.clock.now();
  if (at.getTime() <= now.getTime() + 60_000) {
    throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'Pick a time at least a minute from now, or start the mailing now.');
  }
  if (at.getTime() > now.getTime() + 366 * 86_400_000) throw new DomainError(AppCodes.VALIDATION, 'BAD_REQUEST', 'Pick a time within a year.');
  // Refused now rather than at the scheduled hour, when nobody is watching.
  const m = await deps.prisma.mailing.findUnique({ where: { id } });
  if (!m) throw notFound();
  if (m.status === 'DRAFT' && (await audienceOf(deps, m.category, { segment: m.segment as Segment, segmentId: m.segmentId })) === 0) throw emptyAudience();
  const n = await deps.prisma.mailing.updateMany({ where: { id, status: 'DRAFT' }, data: { status: 'SCHEDULED', scheduledAt: at } });
  if (n.count === 0) throw wrongState(m.status, 'scheduled');
  await audit(deps.prisma, { actorId: admin.id, action: 'mailing.scheduled', subjectType: 'mailing', subjectId: id, data: { at: at.toISOString() } });
  return getMailing(deps, id);
}

/**
 * Starts the scheduled mailings whose time has come. One whose segment is empty by then is cancelled
 * (audited) rather than retried forever.
 */
export async function startDue(deps: AppDeps): Promise<number> {
  const due = await deps.prisma.mailing.findMany({ where: { status: 'SCHEDULED', scheduledAt: { lte: deps.clock.now() } }, select: { id: true } });
  let started = 0;
  for (const { id } of due) {
    try {
      await freezeAudience(deps, null, id, 'SCHEDULED');
      started++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.appCode === AppCodes.MAILING_EMPTY_AUDIENCE) {
        const n = await deps.prisma.mailing.updateMany({ where: { id, status: 'SCHEDULED' }, data: { status: 'CANCELLED', finishedAt: deps.clock.now() } });
        if (n.count) await audit(deps.prisma, { actorId: null, action: 'mailing.cancelled', subjectType: 'mailing', subjectId: id, data: { reason: 'nobody in the segment at the scheduled time' } });
      }
      // MAILING_STATE: someone unscheduled or cancelled it meanwhile.
    }
  }
  return started;
}

const MOVES = {
  pause: { from: ['SENDING'], to: 'PAUSED', word: 'paused' },
  resume: { from: ['PAUSED'], to: 'SENDING', word: 'resumed' },
  unschedule: { from: ['SCHEDULED'], to: 'DRAFT', word: 'unscheduled' },
  cancel: { from: ['DRAFT', 'SCHEDULED', 'SENDING', 'PAUSED'], to: 'CANCELLED', word: 'cancelled' },
} as const;

/** Pause, resume or cancel; copies already handed to Telegram are not called back. */
export async function moveMailing(deps: AppDeps, admin: Participant, id: number, move: keyof typeof MOVES) {
  const { from, to, word } = MOVES[move];
  const n = await deps.prisma.mailing.updateMany({
    where: { id, status: { in: [...from] } },
    data: { status: to, ...(to === 'CANCELLED' ? { finishedAt: deps.clock.now() } : {}), ...(to === 'DRAFT' ? { scheduledAt: null } : {}) },
  });
  if (n.count === 0) {
    const m = await deps.prisma.mailing.findUnique({ where: { id } });
    throw m ? wrongState(m.status, word) : notFound();
  }
  await audit(deps.prisma, { actorId: admin.id, action: `mailing.${word}`, subjectType: 'mailing', subjectId: id });
  return getMailing(deps, id);
}

/** The message and button a participant gets, in their language. */
export function render(deps: Pick<AppDeps, 'config'>, m: Pick<Mailing, 'id' | 'variants' | 'button'>, variant: number, lang: string) {
  const v = (m.variants as Variant[])[variant] ?? (m.variants as Variant[])[0];
  const b = m.button as Button | null;
  let reply_markup: { inline_keyboard: Record<string, unknown>[][] } | undefined;
  if (b) {
    const label = inLanguage(b.label, lang);
    // Telegram opens Mini Apps only from https; the query tells the Mini App which mailing opened it.
    const app = `${deps.config.publicUrl}/?mailing=${m.id}`;
    reply_markup = {
      inline_keyboard: [[b.url ? { text: label, url: b.url } : app.startsWith('https://') ? { text: label, web_app: { url: app } } : { text: label, url: app }]],
    };
  }
  return { text: inLanguage(v.text, lang), reply_markup };
}

/** Sends every variant to the admin, as their participants would see it, before the real thing. */
export async function testMailing(deps: AppDeps, admin: Participant, id: number) {
  const m = await deps.prisma.mailing.findUnique({ where: { id } });
  if (!m) throw notFound();
  const variants = m.variants as Variant[];
  for (let i = 0; i < variants.length; i++) {
    const { text, reply_markup } = render(deps, m, i, admin.language);
    try {
      await deps.telegram.sendMessage(Number(admin.telegramId), variants.length > 1 ? `[${'AB'[i]}] ${text}` : text, { reply_markup: reply_markup as never });
    } catch (e) {
      throw new DomainError(AppCodes.MESSAGE_NOT_SENT, 'BAD_GATEWAY', `Telegram did not deliver the test message (${(e as Error).message}). Start the bot first so it can write to you.`);
    }
  }
  return { sent: variants.length };
}

/** The participant opened the Mini App from a mailing's button: counted once, for the variant they got. */
export async function markOpened(deps: AppDeps, participantId: number, mailingId: number) {
  const n = await deps.prisma.mailingDelivery.updateMany({
    where: { mailingId, participantId, status: 'SENT', openedAt: null },
    data: { openedAt: deps.clock.now() },
  });
  return { counted: n.count === 1 };
}

export async function consentsOf(deps: AppDeps, participantId: number) {
  const rows = await deps.prisma.mailingConsent.findMany({ where: { participantId } });
  return CATEGORIES.map((category) => ({ category, granted: rows.find((r) => r.category === category)?.granted ?? CONSENT_DEFAULT[category] }));
}

export async function setConsent(deps: AppDeps, participantId: number, category: Category, granted: boolean) {
  const now = deps.clock.now();
  await deps.prisma.mailingConsent.upsert({
    where: { participantId_category: { participantId, category } },
    create: { participantId, category, granted, updatedAt: now },
    update: { granted, updatedAt: now },
  });
  await audit(deps.prisma, { actorId: participantId, action: granted ? 'consent.granted' : 'consent.revoked', subjectType: 'participant', subjectId: participantId, data: { category } });
  return consentsOf(deps, participantId);
}
