import assert from 'node:assert/strict';
import test from 'node:test';
import { LIB } from './support/fakes.mjs';

const { Backoff, backoffCeiling, fullJitterDelay } = await import(`${LIB}switchboard/backoff.js`);

function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('the ceiling doubles from base and stops at cap', () => {
  const o = { baseMs: 500, capMs: 30000 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffCeiling(a, o)),
    [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('every delay lies in [0, ceiling)', () => {
  const random = seeded(1);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    for (let i = 0; i < 200; i += 1) {
      const d = fullJitterDelay(attempt, { baseMs: 250, capMs: 10000 }, random);
      assert.ok(d >= 0 && d < backoffCeiling(attempt, { baseMs: 250, capMs: 10000 }), `attempt ${attempt}: ${d}`);
    }
  }
});

test('the extremes of random() map to 0 and just under the ceiling', () => {
  assert.equal(fullJitterDelay(3, { baseMs: 100, capMs: 10000 }, () => 0), 0);
  assert.equal(fullJitterDelay(3, { baseMs: 100, capMs: 10000 }, () => 0.999999), 799);
});

test('full jitter is spread uniformly over the whole window', () => {
  const random = seeded(7);
  const ceiling = backoffCeiling(4, { baseMs: 500, capMs: 30000 });
  const buckets = new Array(10).fill(0);
  const n = 20000;
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const d = fullJitterDelay(4, { baseMs: 500, capMs: 30000 }, random);
    sum += d;
    buckets[Math.floor((d / ceiling) * 10)] += 1;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - ceiling / 2) < ceiling * 0.02, `mean ${mean} should be near ${ceiling / 2}`);
  for (const count of buckets) assert.ok(Math.abs(count - n / 10) < n / 10 * 0.1, `bucket ${count} of ${buckets}`);
});

test('Backoff widens with each attempt and reset() starts over', () => {
  const b = new Backoff({ baseMs: 100, capMs: 1000, random: () => 0.999 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [99, 199, 399, 799, 999]);
  b.reset();
  assert.equal(b.next(), 99);
});

test('a nonsensical configuration is refused', () => {
  assert.throws(() => new Backoff({ baseMs: 0 }), RangeError);
  assert.throws(() => new Backoff({ baseMs: 1000, capMs: 10 }), RangeError);
});
