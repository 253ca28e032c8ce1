import { performance } from 'node:perf_hooks';

/**
 * Telegram counts a bot's messages over a sliding second. A request leaves a little later than it is let
 * go and reaches Telegram later still, by an amount that varies, so the window kept here is this much
 * longer than a second: without it, one late request and one on time put 31 into Telegram's second.
 */
const GUARD = 0.015;
/**
 * This many 429s within a second mean the bot is over the limit; fewer are about single chats, or a
 * request that reached Telegram later than it left (each such copy waits on its own).
 */
const CLUSTER = 3;
const CLUSTER_MS = 1000;
/** Telegram unreachable: sending stops for this long, doubled while it stays so. */
const OUTAGE_FIRST_MS = 1000;
const OUTAGE_MAX_MS = 60_000;

/**
 * The pace of one process's sends, no more than `perSecond` in any window of a second (and the guard):
 * evenly spaced, and a timer that fires late is made up for on the next sends without ever putting more
 * than `perSecond` into a window. Time is passed in (milliseconds of a monotonic clock), so the rule is
 * tested without waiting; `ready` and `turn` wait on the real clock.
 */
export class SendPace {
  readonly gapMs: number;
  private readonly windowMs: number;
  /** When the last `perSecond` sends went, oldest first. */
  private readonly times: number[] = [];
  /** When the next send is due on the even spacing. */
  private due = -Infinity;
  private holdUntil = -Infinity;
  private refusals: number[] = [];
  private outageMs = 0;

  constructor(readonly perSecond: number) {
    if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError('perSecond must be a whole number from 1');
    this.windowMs = 1000 * (1 + GUARD);
    this.gapMs = this.windowMs / perSecond;
  }

  /** The earliest time the next send may go, asked at `now`. */
  nextAt(now: number): number {
    const full = this.times.length === this.perSecond ? this.times[0] + this.windowMs : -Infinity;
    return Math.max(now, this.due, full, this.holdUntil);
  }

  /** A send went at `at`. */
  sent(at: number) {
    if (this.times.push(at) > this.perSecond) this.times.shift();
    // A send a little late keeps the spacing's place (the next one makes it up); after a stall or an idle
    // spell the spacing starts afresh, half a gap on, rather than with a burst.
    this.due = Math.max(this.due + this.gapMs, at + this.gapMs / 2);
  }

  /** Telegram answered 429 with `retry_after`: that copy waits; several within a second, every send waits. */
  refused(now: number, retryAfterSeconds: number) {
    this.refusals = this.refusals.filter((t) => now - t < CLUSTER_MS);
    if (this.refusals.push(now) >= CLUSTER) this.hold(now + retryAfterSeconds * 1000);
  }

  /** Telegram unreachable or failing (5xx, no network): everything waits, longer each time in a row. */
  failed(now: number) {
    this.outageMs = Math.min(OUTAGE_MAX_MS, this.outageMs ? this.outageMs * 2 : OUTAGE_FIRST_MS);
    this.hold(now + this.outageMs);
  }

  succeeded() {
    this.outageMs = 0;
  }

  hold(until: number) {
    this.holdUntil = Math.max(this.holdUntil, until);
  }

  /** Resolves once the next send is at most one gap away (a hold waited out first); `false` if aborted. */
  async ready(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const wait = this.nextAt(performance.now()) - this.gapMs - performance.now();
      if (wait <= 0) return true;
      await sleep(Math.min(wait, 1000), signal);
    }
  }

  /**
   * Waits for the next send's time. The sender counts the send (`sent`) when it actually leaves, so
   * whatever it does in between (marking the copy in flight) can make it late, never early.
   */
  async turn(): Promise<void> {
    for (let at = this.nextAt(performance.now()); at > performance.now(); at = this.nextAt(performance.now())) {
      await sleep(at - performance.now());
    }
  }
}

export const now = () => performance.now();

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const done = () => (clearTimeout(timer), signal?.removeEventListener('abort', done), resolve());
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
