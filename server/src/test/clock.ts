import type { Clock } from '../lib/time.ts';

/** A clock tests move by hand: streaks, dwell times and weeks without waiting. */
export class TestClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-11-24T12:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now() {
    return new Date(this.t);
  }
  set(d: Date | string) {
    this.t = new Date(d).getTime();
  }
  advance({ days = 0, hours = 0, minutes = 0, seconds = 0 }) {
    this.t += ((days * 24 + hours) * 60 * 60 + minutes * 60 + seconds) * 1000;
  }
}
