import assert from 'node:assert/strict';
import test from 'node:test';
import { FakeClock, LIB, flush, silentLog } from './support/fakes.mjs';

const { Connection } = await import(`${LIB}switchboard/connection.js`);

/** Fake transports: every factory call is recorded; the test opens, feeds and closes them. */
function fakeTransports(kinds = ['ws', 'sse', 'poll']) {
  const attempts = [];
  const factories = {};
  for (const kind of kinds) {
    factories[kind] = (handlers) => {
      const attempt = {
        kind, handlers, sent: [], closedByClient: false, synced: 0,
        open: () => handlers.open({ kind, url: `${kind}://fake` }),
        frame: (f) => handlers.message(f),
        close: (code, reason = '') => handlers.close({ code, reason, opened: attempt.opened }),
      };
      const origOpen = attempt.open;
      attempt.open = () => { attempt.opened = true; origOpen(); };
      attempt.handle = {
        send: (f) => { attempt.sent.push(f); return kind === 'ws'; },
        sync: () => { attempt.synced += 1; },
        close: () => { attempt.closedByClient = true; },
      };
      attempts.push(attempt);
      return attempt.handle;
    };
  }
  return { factories, attempts, last: () => attempts.at(-1) };
}

function setup(options = {}) {
  const clock = new FakeClock();
  const t = fakeTransports(options.kinds);
  const states = [];
  const frames = [];
  const conn = new Connection({
    transports: t.factories, timers: clock, random: () => 0.5, log: silentLog,
    baseMs: 100, capMs: 1000, probeMinMs: 1000, probeMaxMs: 8000, stableAfterMs: 2000, ...options,
  });
  conn.on('state', (s) => states.push(s));
  conn.on('frame', (f) => frames.push(f));
  return { clock, t, conn, states, frames };
}

test('starts on WebSocket and is live when the transport opens', () => {
  const { t, conn, states } = setup();
  conn.start();
  assert.equal(t.last().kind, 'ws');
  assert.deepEqual(states.at(-1), { state: 'connecting', transport: 'ws', reason: undefined });
  t.last().open();
  assert.equal(conn.state, 'live');
  assert.equal(conn.transport, 'ws');
});

test('two WebSocket failures before connected switch to SSE (a proxy that drops Upgrade)', async () => {
  const { t, conn, clock, states } = setup();
  conn.start();
  t.last().close(1006);
  assert.equal(conn.state, 'offline');
  assert.match(states.at(-1).reason, /1006, no reason given/);
  await clock.advance(1000);
  assert.equal(t.last().kind, 'ws', 'one failure is not enough to give up on WebSocket');
  t.last().close(1006);
  await clock.advance(1000);
  assert.equal(t.last().kind, 'sse');
  t.last().open();
  assert.deepEqual([conn.state, conn.transport], ['live', 'sse']);
  assert.deepEqual(conn.status.fallbackFrom, ['ws'], 'the live status says which transport it left');
  assert.match(conn.status.reason, /^ws: .*1006/);
});

test('SSE failing twice as well falls back to long-polling', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  for (let i = 0; i < 2; i += 1) { t.last().close(1006); await clock.advance(1000); }
  for (let i = 0; i < 2; i += 1) { assert.equal(t.last().kind, 'sse'); t.last().close(1006); await clock.advance(1000); }
  assert.equal(t.last().kind, 'poll');
  t.last().open();
  assert.deepEqual([conn.state, conn.transport], ['live', 'poll']);
  assert.deepEqual(conn.status.fallbackFrom, ['ws', 'sse']);
});

test('a server close code before connected never causes a fallback', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  for (let i = 0; i < 5; i += 1) {
    assert.equal(t.last().kind, 'ws');
    t.last().close(4429, 'too many connections');
    await clock.advance(2000);
  }
  assert.equal(t.last().kind, 'ws');
});

test('a WebSocket that worked and then dropped reconnects on WebSocket', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  t.last().open();
  for (let i = 0; i < 3; i += 1) {
    t.last().close(1006);
    await clock.advance(2000);
    assert.equal(t.last().kind, 'ws');
    t.last().open();
  }
});

test('while on a fallback a WebSocket probe climbs back when it connects', async () => {
  const { t, conn, clock, frames } = setup();
  conn.start();
  t.last().close(1006); await clock.advance(1000);
  t.last().close(1006); await clock.advance(1000);
  const sse = t.last();
  sse.open();
  assert.equal(conn.transport, 'sse');
  await clock.advance(1000);
  const probe = t.last();
  assert.equal(probe.kind, 'ws', 'a probe was started');
  assert.equal(conn.transport, 'sse', 'the probe does not replace SSE before it works');
  probe.open();
  assert.deepEqual([conn.state, conn.transport], ['live', 'ws']);
  assert.equal(conn.status.fallbackFrom, undefined, 'back on WebSocket nothing is given up any more');
  assert.equal(sse.closedByClient, true, 'the SSE stream is closed after the switch');
  sse.frame({ type: 'message:new', seq: 99 });
  probe.frame({ type: 'message:new', seq: 3 });
  assert.deepEqual(frames.map((f) => f.frame.seq), [3], 'frames of the closed fallback are ignored');
});

test('a failing probe leaves the fallback alone and probes again later, less often', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  t.last().close(1006); await clock.advance(1000);
  t.last().close(1006); await clock.advance(1000);
  const sse = t.last();
  sse.open();
  await clock.advance(1000);
  t.last().close(1006);
  assert.deepEqual([conn.state, conn.transport], ['live', 'sse']);
  assert.equal(sse.closedByClient, false);
  const before = t.attempts.length;
  await clock.advance(1400);
  assert.equal(t.attempts.length, before, 'the second probe waits longer than the first');
  await clock.advance(600);
  assert.equal(t.last().kind, 'ws');
  assert.equal(t.attempts.length, before + 1);
});

test('4401 stops retrying with state unauthorized and an event for the UI', async () => {
  const { t, conn, clock } = setup();
  const seen = [];
  conn.on('unauthorized', (d) => seen.push(d));
  conn.start();
  t.last().open();
  t.last().close(4401, 'token expired');
  assert.equal(conn.state, 'unauthorized');
  assert.equal(seen.length, 1);
  assert.match(seen[0].reason, /token expired/);
  const n = t.attempts.length;
  await clock.advance(60000);
  assert.equal(t.attempts.length, n, 'no retry after 4401');
});

test('4403 and 4404 stop with a visible error', async () => {
  for (const code of [4403, 4404]) {
    const { t, conn, clock } = setup();
    conn.start();
    t.last().close(code, 'nope');
    assert.equal(conn.state, 'error');
    assert.match(conn.status.reason, /nope/);
    const n = t.attempts.length;
    await clock.advance(60000);
    assert.equal(t.attempts.length, n);
  }
});

test('a reconnect hint in the close reason sets the delay', async () => {
  const { t, conn, clock, states } = setup();
  conn.start();
  t.last().open();
  t.last().close(1012, 'restarting, reconnect_after_ms=3000');
  assert.equal(states.at(-1).retryInMs, 3000);
  const n = t.attempts.length;
  await clock.advance(2999);
  assert.equal(t.attempts.length, n);
  await clock.advance(1);
  assert.equal(t.attempts.length, n + 1);
  assert.equal(t.last().kind, 'ws');
});

test('retry delays grow with full jitter and reset after a stable connection', async () => {
  const { t, conn, clock, states } = setup({ random: () => 0.999, kinds: ['ws'] });
  conn.start();
  const delays = [];
  for (let i = 0; i < 5; i += 1) {
    t.last().close(4429);
    delays.push(states.at(-1).retryInMs);
    await clock.advance(states.at(-1).retryInMs);
  }
  assert.deepEqual(delays, [99, 199, 399, 799, 999]);
  t.last().open();
  await clock.advance(2000);
  t.last().close(1006);
  assert.equal(states.at(-1).retryInMs, 99, 'a connection live for stableAfterMs resets the backoff');
});

test('a connection that drops right after opening keeps backing off', async () => {
  const { t, conn, clock, states } = setup({ random: () => 0.999, kinds: ['ws'] });
  conn.start();
  const delays = [];
  for (let i = 0; i < 3; i += 1) {
    t.last().open();
    t.last().close(1006);
    delays.push(states.at(-1).retryInMs);
    await clock.advance(states.at(-1).retryInMs);
  }
  assert.deepEqual(delays, [99, 199, 399]);
});

test('when every transport fails it is an outage: start over at WebSocket', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  const kinds = [];
  for (let i = 0; i < 7; i += 1) {
    kinds.push(t.last().kind);
    t.last().close(1006);
    await clock.advance(1000);
  }
  assert.deepEqual(kinds, ['ws', 'ws', 'sse', 'sse', 'poll', 'poll', 'ws']);
});

test('send() works only on a live WebSocket', () => {
  const { t, conn } = setup();
  conn.start();
  assert.equal(conn.send({ type: 'ping' }), false, 'not before connected');
  t.last().open();
  assert.equal(conn.send({ type: 'typing', dialog_id: 1, state: true }), true);
  assert.deepEqual(t.last().sent, [{ type: 'typing', dialog_id: 1, state: true }]);
});

test('stop() closes the transport, cancels timers and ignores late callbacks', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  const ws = t.last();
  ws.open();
  conn.stop();
  assert.equal(ws.closedByClient, true);
  assert.equal(conn.state, 'closed');
  ws.close(1006);
  await clock.advance(60000);
  assert.equal(conn.state, 'closed');
  assert.equal(t.attempts.length, 1);
});

test('a custom order and missing transports are honoured', () => {
  const { t, conn } = setup({ order: ['poll'], kinds: ['ws', 'sse', 'poll'] });
  conn.start();
  assert.equal(t.last().kind, 'poll');
  assert.throws(() => new Connection({ transports: {}, log: silentLog }), /no usable transport/);
});

test('reconnectNow() skips the remaining wait', async () => {
  const { t, conn } = setup({ random: () => 0.999 });
  conn.start();
  t.last().open();
  t.last().close(1006);
  const n = t.attempts.length;
  conn.reconnectNow();
  await flush();
  assert.equal(t.attempts.length, n + 1);
});

test('sync() reaches the live transport', () => {
  const { t, conn } = setup();
  conn.start();
  t.last().open();
  conn.sync();
  assert.equal(t.last().synced, 1);
});

test('restart() drops the live fallback and starts over at WebSocket at once', async () => {
  const { t, conn, clock } = setup();
  conn.start();
  t.last().close(1006); await clock.advance(1000);
  t.last().close(1006); await clock.advance(1000);
  const sse = t.last();
  sse.open();
  conn.restart();
  assert.equal(sse.closedByClient, true);
  assert.equal(t.last().kind, 'ws');
  assert.equal(conn.state, 'connecting');
  sse.close(1006);
  assert.equal(conn.state, 'connecting', 'late callbacks of the dropped transport are ignored');
});
