import { randomUUID } from 'node:crypto';
import { GrammyError, HttpError, type Api } from 'grammy';
import type { Mailing } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { now as monotonic, type SendPace } from '../../lib/send-pace.ts';
import { render, startDue } from './service.ts';

/**
 * Without the job lease to say another sender is gone, a copy it left in flight this long ago is taken as
 * interrupted (a live sender gives up on a call after 30 s and records it within a second or two).
 */
const INTERRUPTED_MS = 2 * 60_000;
/** Telegram unreachable (5xx, no network): tried again later, this many times in all. */
const MAX_ATTEMPTS = 3;
const RETRY_AFTER_S = 30;
/** How long copies taken ahead stay with their run when nothing says it stopped; past it another takes them. */
const LEASE_MS = 60_000;
/** Telegram takes one message a second per chat. */
const PER_CHAT_MS = 1000;
/** How often a long run starts scheduled mailings and closes finished ones, and settles interrupted copies. */
const CHORES_MS = 2000;
const SETTLE_MS = 30_000;
const INTERRUPTED = 'interrupted: the sending process stopped; not sent again';

type Status = 'SENT' | 'FAILED' | 'BLOCKED' | 'PENDING';
type Outcome = { status: Status; messageId: number | null; error: string | null };
type Key = { mailingId: number; participantId: number };
type Copy = Key & { variant: number; attempts: number; telegramId: bigint; language: string };
/** A copy this run holds; `notBefore` on the monotonic clock. */
type Held = Copy & { notBefore: number };

function outcomeOf(e: unknown, attempts: number): Outcome {
  if (e instanceof GrammyError) {
    // 403: the participant blocked the bot, deleted their account, or never started it.
    if (e.error_code === 403) return { status: 'BLOCKED', messageId: null, error: e.description };
    if (e.error_code >= 500) return { status: attempts < MAX_ATTEMPTS ? 'PENDING' : 'FAILED', messageId: null, error: e.description };
    return { status: 'FAILED', messageId: null, error: e.description };
  }
  if (e instanceof HttpError) return { status: attempts < MAX_ATTEMPTS ? 'PENDING' : 'FAILED', messageId: null, error: e.message };
  return { status: 'FAILED', messageId: null, error: String((e as Error)?.message ?? e).slice(0, 500) };
}

/**
 * Sends what SENDING mailings owe until nothing is due (or `signal` aborts), at the client's pace.
 *
 * Copies are taken ahead in chunks with SKIP LOCKED and leased to this run (still PENDING), the next
 * chunk while the current one is sending. Each copy is marked in flight on its own when its turn has
 * come, just before its call leaves, and its outcome recorded as soon as it is known (what came
 * meanwhile in one statement). So only a copy whose call may have left is ever in doubt: a sender that
 * dies leaves those few in flight (counted failed, never sent again), and the copies it had taken ahead
 * are sent by the next. The mark is taken only from PENDING copies leased to this run, so senders side by
 * side never send one copy twice.
 *
 * `lease`: the job lease this run holds. Its holder knows no other sender is running, so it takes over
 * at once what other runs left (their copies taken ahead are sent, those in flight counted failed);
 * without it, only once their lease or INTERRUPTED_MS has passed.
 */
export async function sendMailings(
  deps: AppDeps,
  client: { api: Api; pace: SendPace },
  opts: { chunk?: number; signal?: AbortSignal; lease?: { name: string; owner: string } } = {},
) {
  const { api, pace } = client;
  const { signal, lease } = opts;
  const run = randomUUID();
  // Two seconds of sending taken at a time, the next when one is left.
  const chunk = opts.chunk ?? Math.max(30, 2 * pace.perSecond);
  const totals = { sent: 0, failed: 0, blocked: 0 };
  const count = (o: Outcome) => {
    if (o.status !== 'PENDING') totals[o.status === 'SENT' ? 'sent' : o.status === 'BLOCKED' ? 'blocked' : 'failed']++;
  };
  await settleInterrupted(deps, run, lease);
  await startDue(deps);
  const mailings = new Map<number, Mailing>();
  const queue: Held[] = [];
  const recorder = new Recorder(deps, run);
  const sending = new Set<Promise<void>>();
  const lastToChat = new Map<bigint, number>();
  let more = true;
  let taking: Promise<void> | null = null;
  let failure: unknown = null;
  let chores = monotonic();
  let settled = monotonic();

  const take = async () => {
    const copies = await reserve(deps, chunk, run);
    for (const id of new Set(copies.map((c) => c.mailingId))) {
      mailings.set(id, (await deps.prisma.mailing.findUnique({ where: { id } }))!);
    }
    queue.push(...copies.map((c) => ({ ...c, notBefore: 0 })));
    more = copies.length === chunk;
  };

  const send = async (c: Held) => {
    const { text, reply_markup } = render(deps, mailings.get(c.mailingId)!, c.variant, c.language);
    try {
      const msg = await api.sendMessage(Number(c.telegramId), text, { reply_markup: reply_markup as never });
      pace.succeeded();
      recorder.add(c, { status: 'SENT', messageId: msg.message_id, error: null });
      totals.sent++;
    } catch (e) {
      if (e instanceof GrammyError && e.error_code === 429) {
        // Not sent: the copy leaves flight, keeps its attempts, and waits as long as Telegram asked.
        const seconds = Math.max(1, e.parameters.retry_after ?? 1);
        pace.refused(monotonic(), seconds);
        try {
          await backToWait(deps, c, run, e.description, seconds);
          queue.unshift({ ...c, attempts: c.attempts - 1, notBefore: monotonic() + seconds * 1000 });
        } catch {
          // Left in flight, to be settled as interrupted: never sent twice.
        }
        return;
      }
      if (e instanceof HttpError || (e instanceof GrammyError && e.error_code >= 500)) pace.failed(monotonic());
      const o = outcomeOf(e, c.attempts);
      recorder.add(c, o);
      count(o);
    }
  };

  /**
   * The next copy to send: taken from what is held (more is taken ahead meanwhile), after any pause
   * Telegram asked for, once its turn is at most a gap away. Null when nothing is due or the run stops.
   */
  const prepare = async (): Promise<Held | null> => {
    for (;;) {
      if (signal?.aborted) return null;
      if (failure) throw failure;
      if (more && !taking && queue.length <= chunk / 2) {
        taking = take()
          .catch((e) => void (failure = e))
          .finally(() => (taking = null));
      }
      const t = monotonic();
      if (t - chores > CHORES_MS) {
        chores = t;
        await startDue(deps);
        await finishDone(deps);
        if (!more && !taking) more = true; // copies due again (retries, lapsed leases) or a mailing just started
      }
      if (t - settled > SETTLE_MS) {
        settled = t;
        await settleInterrupted(deps, run, lease);
      }
      if (lastToChat.size > 4 * pace.perSecond) for (const [chat, at] of lastToChat) if (t - at >= PER_CHAT_MS) lastToChat.delete(chat);
      const i = queue.findIndex((c) => c.notBefore <= t && !(t - (lastToChat.get(c.telegramId) ?? -Infinity) < PER_CHAT_MS));
      if (i < 0) {
        if (queue.length === 0 && !taking && !more && sending.size === 0 && !turning) return null;
        const soonest = Math.min(...queue.map((c) => Math.max(c.notBefore, (lastToChat.get(c.telegramId) ?? -Infinity) + PER_CHAT_MS)));
        await Promise.race([...(taking ? [taking] : []), ...sending, delay(Math.min(100, Math.max(1, soonest - t)))]);
        continue;
      }
      const [copy] = queue.splice(i, 1);
      if (!(await pace.ready(signal))) {
        queue.unshift(copy);
        return null;
      }
      // Kept from another copy to the same chat until this one has gone.
      lastToChat.set(copy.telegramId, monotonic());
      return copy;
    }
  };

  /**
   * A copy that could not be marked: sent or taken by another sender (dropped), or its mailing paused or
   * cancelled (then the rest of it held here goes back too).
   */
  const letGo = async (copy: Held) => {
    const m = await deps.prisma.mailing.findUnique({ where: { id: copy.mailingId }, select: { status: true } });
    if (m?.status === 'SENDING') return;
    const rest = [copy, ...queue.filter((c) => c.mailingId === copy.mailingId)];
    queue.splice(0, queue.length, ...queue.filter((c) => c.mailingId !== copy.mailingId));
    await release(deps, rest, run);
  };

  // The next copy is chosen (and the chores done) while this one waits for its turn, and it is marked in
  // flight meanwhile too: a mark after the turn made every send wait a database round trip, so a slow or
  // busy database capped the pace at one copy per round trip. A copy is in doubt (never sent again) from
  // its mark, at most a gap before its call leaves.
  let turning = false;
  let next = prepare();
  try {
    for (let copy = await next; copy; copy = await next) {
      turning = true;
      next = prepare();
      next.catch(() => {});
      const marking = markInFlight(deps, copy, run);
      marking.catch(() => {});
      await pace.turn();
      const attempts = await marking;
      turning = false;
      if (attempts === null) {
        lastToChat.delete(copy.telegramId);
        await letGo(copy);
        continue;
      }
      if (signal?.aborted) {
        // Marked, never sent: waiting again (with the attempts it had) for whoever sends next.
        await unmark(deps, copy, run);
        queue.push(copy);
        break;
      }
      // Counted as it leaves, so the mark's round trip makes a send late, never early.
      pace.sent(monotonic());
      lastToChat.set(copy.telegramId, monotonic());
      const p = send({ ...copy, attempts }).finally(() => sending.delete(p));
      sending.add(p);
    }
  } finally {
    // A copy chosen and stopped before its turn was never marked: it goes back with the rest.
    const unsent = await next.catch(() => null);
    if (unsent) queue.push(unsent);
    while (sending.size > 0) await Promise.allSettled([...sending]);
    await taking;
    await recorder.drain();
    // Stopped with copies taken ahead: they go back at once, for whoever sends next.
    await release(deps, queue, run);
    await finishDone(deps);
  }
  return totals;
}

/** The next copies due, leased to this run; still PENDING, so nothing about them is in doubt. */
async function reserve(deps: AppDeps, n: number, run: string) {
  const now = deps.clock.now();
  return deps.db.sql.query<Copy>(
    `WITH picked AS (
       SELECT d."mailingId", d."participantId" FROM "MailingDelivery" d JOIN "Mailing" m ON m.id = d."mailingId"
        WHERE m.status = 'SENDING' AND d.status = 'PENDING'
          AND (d."leaseUntil" IS NULL OR d."leaseUntil" <= $2::timestamp(3))
          -- A copy Telegram could not take is tried again after a pause that grows with each attempt.
          AND (d.attempts = 0 OR d."attemptAt" <= $2::timestamp(3) - d.attempts * interval '${RETRY_AFTER_S} seconds')
        ORDER BY d."mailingId", d."participantId" LIMIT $1 FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE "MailingDelivery" d SET "leaseUntil" = $3, "claimedBy" = $4
       FROM picked, "Participant" p
      WHERE d."mailingId" = picked."mailingId" AND d."participantId" = picked."participantId" AND p.id = d."participantId"
     RETURNING d."mailingId", d."participantId", d.variant, d.attempts, p."telegramId", p.language`,
    [n, now, new Date(now.getTime() + LEASE_MS), run],
  );
}

/**
 * In flight from here on: if this process stops now, nobody can tell whether the copy arrived. Only a
 * copy still PENDING and leased to this run, of a mailing still SENDING, is marked; its attempts
 * (this one included) are returned, or null.
 */
async function markInFlight(deps: AppDeps, c: Key, run: string): Promise<number | null> {
  const rows = await deps.db.sql.query<{ attempts: number }>(
    `UPDATE "MailingDelivery" d SET status = 'SENDING', attempts = d.attempts + 1, "attemptAt" = $4, "leaseUntil" = NULL
       FROM "Mailing" m
      WHERE d."mailingId" = $1 AND d."participantId" = $2 AND d.status = 'PENDING' AND d."claimedBy" = $3
        AND m.id = d."mailingId" AND m.status = 'SENDING'
     RETURNING d.attempts`,
    [c.mailingId, c.participantId, run, deps.clock.now()],
  );
  return rows[0]?.attempts ?? null;
}

/** A copy marked in flight that never left: PENDING again with the attempts it had. */
async function unmark(deps: AppDeps, c: Key, run: string) {
  await deps.db.sql.query(
    `UPDATE "MailingDelivery" SET status = 'PENDING', attempts = attempts - 1
      WHERE "mailingId" = $1 AND "participantId" = $2 AND status = 'SENDING' AND "claimedBy" = $3`,
    [c.mailingId, c.participantId, run],
  );
}

/** Telegram said wait (429): not sent, so the copy is PENDING again with the attempts it had, kept by this run meanwhile. */
async function backToWait(deps: AppDeps, c: Key, run: string, error: string, seconds: number) {
  const now = deps.clock.now();
  await deps.db.sql.query(
    `UPDATE "MailingDelivery" SET status = 'PENDING', attempts = attempts - 1, error = $4, "leaseUntil" = $5
      WHERE "mailingId" = $1 AND "participantId" = $2 AND status = 'SENDING' AND "claimedBy" = $3`,
    [c.mailingId, c.participantId, run, error.slice(0, 500), new Date(now.getTime() + seconds * 1000 + LEASE_MS)],
  );
}

/** Copies taken ahead and not sent go back to whoever takes them next. */
async function release(deps: AppDeps, copies: Key[], run: string) {
  if (copies.length === 0) return;
  await deps.db.sql.query(
    `UPDATE "MailingDelivery" d SET "leaseUntil" = NULL
       FROM unnest($1::int[], $2::int[]) AS r(mid, pid)
      WHERE d."mailingId" = r.mid AND d."participantId" = r.pid AND d.status = 'PENDING' AND d."claimedBy" = $3`,
    [copies.map((c) => c.mailingId), copies.map((c) => c.participantId), run],
  );
}

/**
 * Outcomes are written as they come, one statement at a time: what arrives while one is being written
 * goes in the next, so the database keeps up at any pace and a copy leaves flight within a round trip.
 */
class Recorder {
  private waiting: { copy: Key; outcome: Outcome }[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly run: string,
  ) {}

  add(copy: Key, outcome: Outcome) {
    this.waiting.push({ copy, outcome });
    this.writing ??= this.write().finally(() => (this.writing = null));
  }

  private async write() {
    for (let failures = 0; this.waiting.length > 0; ) {
      const batch = this.waiting.splice(0);
      try {
        await record(this.deps, batch.map((b) => ({ ...b.copy, by: this.run })), batch.map((b) => b.outcome));
        failures = 0;
      } catch {
        // The database is away: try again shortly. Past a minute the copies are left in flight, to be
        // settled as interrupted (never sent twice).
        if (++failures > 30) continue;
        this.waiting.unshift(...batch);
        await delay(2000);
      }
    }
  }

  async drain() {
    while (this.writing) await this.writing;
  }
}

/**
 * Outcomes of copies in flight (each still marked by the run `by`), the mailings' counters and the
 * reachability of who blocked the bot, in one statement.
 */
async function record(deps: AppDeps, copies: (Key & { by: string | null })[], outcomes: Outcome[]) {
  const now = deps.clock.now();
  await deps.db.sql.query(
    `WITH r AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $7::text[]) AS r(mid, pid, status, msg, err, by)
     ), copies AS (
       UPDATE "MailingDelivery" d
          SET status = r.status::"DeliveryStatus", "messageId" = r.msg, error = r.err,
              "sentAt" = CASE WHEN r.status = 'SENT' THEN $6::timestamp(3) END
         FROM r
        WHERE d."mailingId" = r.mid AND d."participantId" = r.pid AND d.status = 'SENDING' AND d."claimedBy" IS NOT DISTINCT FROM r.by
       RETURNING d."mailingId", d.status
     ), counted AS (
       UPDATE "Mailing" m
          SET sent = m.sent + c.sent, failed = m.failed + c.failed, blocked = m.blocked + c.blocked
         FROM (SELECT "mailingId", count(*) FILTER (WHERE status = 'SENT') AS sent, count(*) FILTER (WHERE status = 'FAILED') AS failed,
                      count(*) FILTER (WHERE status = 'BLOCKED') AS blocked
                 FROM copies GROUP BY "mailingId") c
        WHERE m.id = c."mailingId"
     )
     UPDATE "Participant" p SET "botBlockedAt" = $6::timestamp(3) FROM r WHERE r.status = 'BLOCKED' AND p.id = r.pid`,
    [
      copies.map((c) => c.mailingId),
      copies.map((c) => c.participantId),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.messageId),
      outcomes.map((o) => o.error?.slice(0, 500) ?? null),
      now,
      copies.map((c) => c.by),
    ],
  );
}

/**
 * What other runs left. Holding the job lease, this run knows none of them is still sending: their copies
 * taken ahead go back at once, and those in flight (they may have arrived) are counted failed rather than
 * risk a second message. Without it, copies taken ahead wait for their lease to end, and those in flight
 * are counted failed after INTERRUPTED_MS.
 */
async function settleInterrupted(deps: AppDeps, run: string, lease?: { name: string; owner: string }) {
  const sole =
    !!lease &&
    (await deps.db.sql.query(`SELECT 1 FROM "JobState" WHERE name = $1 AND "leaseOwner" = $2 AND "leaseUntil" > now()`, [`lease:${lease.name}`, lease.owner]))
      .length === 1;
  if (sole) {
    await deps.db.sql.query(
      `UPDATE "MailingDelivery" SET "leaseUntil" = NULL WHERE status = 'PENDING' AND "leaseUntil" IS NOT NULL AND "claimedBy" IS DISTINCT FROM $1`,
      [run],
    );
  }
  const copies = await deps.db.sql.query<Key & { by: string | null }>(
    `SELECT "mailingId", "participantId", "claimedBy" AS by FROM "MailingDelivery"
      WHERE status = 'SENDING' AND "claimedBy" IS DISTINCT FROM $1 AND ($2::boolean OR "attemptAt" < $3)`,
    [run, sole, new Date(deps.clock.now().getTime() - INTERRUPTED_MS)],
  );
  if (copies.length === 0) return;
  await record(deps, copies, copies.map(() => ({ status: 'FAILED', messageId: null, error: INTERRUPTED })));
}

/** A SENDING mailing with nothing left to send or in flight is DONE. */
async function finishDone(deps: AppDeps) {
  await deps.db.sql.query(
    `UPDATE "Mailing" m SET status = 'DONE', "finishedAt" = $1
      WHERE m.status = 'SENDING'
        AND NOT EXISTS (SELECT 1 FROM "MailingDelivery" d WHERE d."mailingId" = m.id AND d.status IN ('PENDING', 'SENDING'))`,
    [deps.clock.now()],
  );
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
