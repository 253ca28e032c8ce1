import { randomUUID } from 'node:crypto';
import { GrammyError, HttpError, type Api } from 'grammy';
import type { Mailing } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { handOverSignal, NotHandedOver } from '../../lib/telegram.ts';
import { render, startDue } from './service.ts';

/** A copy claimed this long ago by another sender belongs to one that stopped (when no job lease says so sooner). */
const INTERRUPTED_MS = 10 * 60_000;
/** Telegram refused for a while (429 past auto-retry, 5xx, no network): tried again later, this many times in all. */
const MAX_ATTEMPTS = 3;
const RETRY_AFTER_S = 30;

type Outcome = { status: 'SENT' | 'FAILED' | 'BLOCKED' | 'PENDING'; messageId: number | null; error: string | null };
/** The copy never left: this sender stopped, or another took it back; nothing to record. */
const NOT_SENT = 'not sent' as const;

function outcomeOf(e: unknown, attempts: number): Outcome {
  const again = (error: string): Outcome => ({ status: attempts < MAX_ATTEMPTS ? 'PENDING' : 'FAILED', messageId: null, error });
  if (e instanceof GrammyError) {
    // 403: the participant blocked the bot, deleted their account, or never started it.
    if (e.error_code === 403) return { status: 'BLOCKED', messageId: null, error: e.description };
    if (e.error_code === 429 || e.error_code >= 500) return again(e.description);
    return { status: 'FAILED', messageId: null, error: e.description };
  }
  if (e instanceof HttpError) return again(e.message);
  return { status: 'FAILED', messageId: null, error: String((e as Error)?.message ?? e).slice(0, 500) };
}

type Copy = { mailingId: number; participantId: number; variant: number; attempts: number; telegramId: bigint; language: string };

/**
 * Sends what SENDING mailings still owe, a chunk at a time, until nothing is left, the time budget is
 * spent or `signal` aborts. Each chunk is claimed with SKIP LOCKED for this run, so senders side by side
 * never take one copy twice. A copy is marked handed over when its call leaves for Telegram (after the
 * throttler's pacing) and its outcome recorded as soon as Telegram answers: a sender that dies leaves
 * copies it had not handed over to be sent by the next one, and only the few in flight at that moment
 * are in doubt (counted failed, never sent twice). `lease`: the job lease this run holds; its holder
 * takes back other runs' copies at once, since no other sender can still be running.
 */
export async function sendMailings(
  deps: AppDeps,
  api: Api,
  opts: { chunk?: number; budgetMs?: number; signal?: AbortSignal; lease?: { name: string; owner: string } } = {},
) {
  const chunk = opts.chunk ?? 30;
  const until = Date.now() + (opts.budgetMs ?? 20_000);
  const run = randomUUID();
  const totals = { sent: 0, failed: 0, blocked: 0 };
  await settleInterrupted(deps, run, opts.lease);
  await startDue(deps);
  const mailings = new Map<number, Mailing>();
  while (Date.now() < until && !opts.signal?.aborted) {
    const now = deps.clock.now();
    const copies = await deps.db.sql.query<Copy>(
      `WITH picked AS (
         SELECT d."mailingId", d."participantId" FROM "MailingDelivery" d JOIN "Mailing" m ON m.id = d."mailingId"
          WHERE m.status = 'SENDING' AND d.status = 'PENDING'
            -- A copy Telegram could not take is tried again after a pause that grows with each attempt.
            AND (d.attempts = 0 OR d."attemptAt" <= $2::timestamp(3) - d.attempts * interval '${RETRY_AFTER_S} seconds')
          ORDER BY d."mailingId", d."participantId" LIMIT $1 FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE "MailingDelivery" d SET status = 'SENDING', "attemptAt" = $2, attempts = d.attempts + 1, "claimedBy" = $3, "handedAt" = NULL
         FROM picked, "Participant" p
        WHERE d."mailingId" = picked."mailingId" AND d."participantId" = picked."participantId" AND p.id = d."participantId"
       RETURNING d."mailingId", d."participantId", d.variant, d.attempts, p."telegramId", p.language`,
      [chunk, now, run],
    );
    if (copies.length === 0) break;
    for (const id of new Set(copies.map((c) => c.mailingId))) {
      if (!mailings.has(id)) mailings.set(id, (await deps.prisma.mailing.findUnique({ where: { id } }))!);
    }
    await Promise.all(
      copies.map(async (c) => {
        const { text, reply_markup } = render(deps, mailings.get(c.mailingId)!, c.variant, c.language);
        let outcome: Outcome | typeof NOT_SENT;
        try {
          const signal = handOverSignal(() => handOver(deps, c, run, opts.signal));
          const msg = await api.sendMessage(Number(c.telegramId), text, { reply_markup: reply_markup as never }, signal);
          outcome = { status: 'SENT', messageId: msg.message_id, error: null };
        } catch (e) {
          outcome = e instanceof NotHandedOver ? NOT_SENT : outcomeOf(e, c.attempts);
        }
        if (outcome === NOT_SENT) return;
        await record(deps, [c], [outcome], run);
        if (outcome.status !== 'PENDING') totals[outcome.status === 'SENT' ? 'sent' : outcome.status === 'BLOCKED' ? 'blocked' : 'failed']++;
      }),
    );
  }
  await finishDone(deps);
  return totals;
}

/**
 * The moment a copy leaves for Telegram: marked handed over if it is still this run's; given back
 * (never having left) if the sender is stopping. False: do not send it.
 */
async function handOver(deps: AppDeps, c: Copy, run: string, stopping?: AbortSignal): Promise<boolean> {
  const mine = `"mailingId" = $1 AND "participantId" = $2 AND status = 'SENDING' AND "claimedBy" = $3 AND "handedAt" IS NULL`;
  if (stopping?.aborted) {
    await deps.db.sql.query(`UPDATE "MailingDelivery" SET status = 'PENDING', attempts = attempts - 1, "claimedBy" = NULL WHERE ${mine}`, [c.mailingId, c.participantId, run]);
    return false;
  }
  const rows = await deps.db.sql.query(`UPDATE "MailingDelivery" SET "handedAt" = $4 WHERE ${mine} RETURNING 1`, [c.mailingId, c.participantId, run, deps.clock.now()]);
  return rows.length === 1;
}

/** A chunk's outcomes, the mailings' counters and the reachability of who blocked the bot, in one statement. */
async function record(deps: AppDeps, copies: Pick<Copy, 'mailingId' | 'participantId'>[], outcomes: Outcome[], run: string | null) {
  const now = deps.clock.now();
  await deps.db.sql.query(
    `WITH r AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[]) AS r(mid, pid, status, msg, err)
     ), copies AS (
       UPDATE "MailingDelivery" d
          SET status = r.status::"DeliveryStatus", "messageId" = r.msg, error = r.err,
              "sentAt" = CASE WHEN r.status = 'SENT' THEN $6::timestamp(3) END
         FROM r
        WHERE d."mailingId" = r.mid AND d."participantId" = r.pid AND d.status = 'SENDING' AND ($7::text IS NULL OR d."claimedBy" = $7)
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
      run,
    ],
  );
}

/**
 * Copies another sender claimed and left: those it never handed over go back to be sent; those it did
 * may have arrived, so they are counted failed rather than risk a second message. Another sender's copies
 * are left when it may still be running: unless this run holds the job lease, only after INTERRUPTED_MS.
 */
async function settleInterrupted(deps: AppDeps, run: string, lease?: { name: string; owner: string }) {
  const now = deps.clock.now();
  const abandoned = `d.status = 'SENDING' AND d."claimedBy" IS DISTINCT FROM $1
    AND (d."attemptAt" < $2 OR EXISTS (SELECT 1 FROM "JobState" j WHERE j.name = $3 AND j."leaseOwner" = $4 AND j."leaseUntil" > now()))`;
  const args = [run, new Date(now.getTime() - INTERRUPTED_MS), lease ? `lease:${lease.name}` : null, lease?.owner ?? null];
  await deps.db.sql.query(
    `UPDATE "MailingDelivery" d SET status = 'PENDING', attempts = d.attempts - 1, "claimedBy" = NULL WHERE ${abandoned} AND d."handedAt" IS NULL`,
    args,
  );
  const copies = await deps.db.sql.query<{ mailingId: number; participantId: number }>(
    `SELECT d."mailingId", d."participantId" FROM "MailingDelivery" d WHERE ${abandoned} AND d."handedAt" IS NOT NULL`,
    args,
  );
  if (copies.length === 0) return;
  await record(deps, copies, copies.map(() => ({ status: 'FAILED', messageId: null, error: 'interrupted: the sending process stopped; not sent again' })), null);
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
