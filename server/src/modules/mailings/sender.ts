import { GrammyError, HttpError, type Api } from 'grammy';
import type { Mailing } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../context.ts';
import { render, startDue } from './service.ts';

/** A copy in flight this long belongs to a process that stopped mid-send: it may have arrived, so it is not sent again. */
const INTERRUPTED_MS = 10 * 60_000;
/** Telegram refused for a while (429 past auto-retry, 5xx, no network): tried again later, this many times in all. */
const MAX_ATTEMPTS = 3;
const RETRY_AFTER_S = 30;

type Outcome = { status: 'SENT' | 'FAILED' | 'BLOCKED' | 'PENDING'; messageId: number | null; error: string | null };

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
 * Sends what SENDING mailings still owe, a chunk at a time, until nothing is left or the time budget is
 * spent. Each chunk is taken with SKIP LOCKED and marked in flight before anything is sent, so workers
 * running side by side never send one copy twice. Telegram's pace (30 messages a second) is kept by the
 * API's throttler; its 429s are waited out by auto-retry.
 */
export async function sendMailings(deps: AppDeps, api: Api, opts: { chunk?: number; budgetMs?: number } = {}) {
  const chunk = opts.chunk ?? 30;
  const until = Date.now() + (opts.budgetMs ?? 20_000);
  const totals = { sent: 0, failed: 0, blocked: 0 };
  await settleInterrupted(deps);
  await startDue(deps);
  const mailings = new Map<number, Mailing>();
  while (Date.now() < until) {
    const now = deps.clock.now();
    const copies = await deps.db.sql.query<Copy>(
      `WITH picked AS (
         SELECT d."mailingId", d."participantId" FROM "MailingDelivery" d JOIN "Mailing" m ON m.id = d."mailingId"
          WHERE m.status = 'SENDING' AND d.status = 'PENDING'
            -- A copy Telegram could not take is tried again after a pause that grows with each attempt.
            AND (d.attempts = 0 OR d."attemptAt" <= $2::timestamp(3) - d.attempts * interval '${RETRY_AFTER_S} seconds')
          ORDER BY d."mailingId", d."participantId" LIMIT $1 FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE "MailingDelivery" d SET status = 'SENDING', "attemptAt" = $2, attempts = d.attempts + 1
         FROM picked, "Participant" p
        WHERE d."mailingId" = picked."mailingId" AND d."participantId" = picked."participantId" AND p.id = d."participantId"
       RETURNING d."mailingId", d."participantId", d.variant, d.attempts, p."telegramId", p.language`,
      [chunk, now],
    );
    if (copies.length === 0) break;
    for (const id of new Set(copies.map((c) => c.mailingId))) {
      if (!mailings.has(id)) mailings.set(id, (await deps.prisma.mailing.findUnique({ where: { id } }))!);
    }
    const outcomes = await Promise.all(
      copies.map(async (c): Promise<Outcome> => {
        const { text, reply_markup } = render(deps, mailings.get(c.mailingId)!, c.variant, c.language);
        try {
          const msg = await api.sendMessage(Number(c.telegramId), text, { reply_markup: reply_markup as never });
          return { status: 'SENT', messageId: msg.message_id, error: null };
        } catch (e) {
          return outcomeOf(e, c.attempts);
        }
      }),
    );
    await record(deps, copies, outcomes);
    for (const o of outcomes) if (o.status !== 'PENDING') totals[o.status === 'SENT' ? 'sent' : o.status === 'BLOCKED' ? 'blocked' : 'failed']++;
  }
  await finishDone(deps);
  return totals;
}

/** A chunk's outcomes, the mailings' counters and the reachability of who blocked the bot, in one statement. */
async function record(deps: AppDeps, copies: Copy[], outcomes: Outcome[]) {
  const now = deps.clock.now();
  await deps.db.sql.query(
    `WITH r AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[]) AS r(mid, pid, status, msg, err)
     ), copies AS (
       UPDATE "MailingDelivery" d
          SET status = r.status::"DeliveryStatus", "messageId" = r.msg, error = r.err,
              "sentAt" = CASE WHEN r.status = 'SENT' THEN $6::timestamp(3) END
         FROM r
        WHERE d."mailingId" = r.mid AND d."participantId" = r.pid AND d.status = 'SENDING'
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
    ],
  );
}

/** Copies left in flight by a process that stopped: counted failed rather than risk a second message. */
async function settleInterrupted(deps: AppDeps) {
  const now = deps.clock.now();
  const copies = await deps.db.sql.query<{ mailingId: number; participantId: number }>(
    `SELECT "mailingId", "participantId" FROM "MailingDelivery" WHERE status = 'SENDING' AND "attemptAt" < $1`,
    [new Date(now.getTime() - INTERRUPTED_MS)],
  );
  if (copies.length === 0) return;
  await record(deps, copies as Copy[], copies.map(() => ({ status: 'FAILED', messageId: null, error: 'interrupted: the sending process stopped; not sent again' })));
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
