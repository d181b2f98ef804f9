/**
 * Full-jitter exponential backoff: sleep = random(0, min(cap, base * 2^attempt)).
 * Full jitter spreads a crowd of clients that lost the same server evenly over the whole
 * window, so a restarted node is not hit by all of them in the same millisecond.
 */

/** The upper bound of the sleep before retry number `attempt` (0-based). */
export function backoffCeiling(attempt, { baseMs = 500, capMs = 30000 } = {}) {
  const exp = baseMs * 2 ** Math.min(Math.max(attempt, 0), 30);
  return Math.min(capMs, exp);
}

/** One full-jitter delay; `random` returns a number in [0, 1). */
export function fullJitterDelay(attempt, options = {}, random = Math.random) {
  return Math.floor(random() * backoffCeiling(attempt, options));
}

/** Counts attempts and hands out the next delay; `reset()` after a connection proved stable. */
export class Backoff {
  constructor({ baseMs = 500, capMs = 30000, random = Math.random } = {}) {
    if (!(baseMs > 0) || !(capMs >= baseMs)) {
      throw new RangeError(`backoff needs 0 < baseMs <= capMs, got baseMs=${baseMs} capMs=${capMs}`);
    }
    this.baseMs = baseMs;
    this.capMs = capMs;
    this.random = random;
    this.attempt = 0;
  }

  /** The delay before the next retry; each call widens the window until it reaches the cap. */
  next() {
    const delay = fullJitterDelay(this.attempt, { baseMs: this.baseMs, capMs: this.capMs }, this.random);
    this.attempt += 1;
    return delay;
  }

  reset() {
    this.attempt = 0;
  }
}
