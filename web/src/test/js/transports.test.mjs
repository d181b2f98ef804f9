import assert from 'node:assert/strict';
import test from 'node:test';
import { FakeClock, FakeEventSource, FakeWebSocket, LIB, fakeFetch, flush, silentLog } from './support/fakes.mjs';

const { webSocketTransport, eventSourceTransport, longPollTransport } = await import(`${LIB}switchboard/transports.js`);
const { ApiError } = await import(`${LIB}switchboard/api.js`);

function recorder() {
  const events = [];
  return {
    events,
    handlers: {
      open: (info) => events.push(['open', info]),
      message: (frame) => events.push(['message', frame]),
      close: (info) => events.push(['close', info]),
    },
  };
}

test('ws: open is reported on the server\'s connected frame, not on the socket opening', async () => {
  FakeWebSocket.reset();
  const clock = new FakeClock();
  const r = recorder();
  webSocketTransport({ url: () => 'ws://h/ws?ticket=secret', WebSocketImpl: FakeWebSocket, timers: clock, log: silentLog })(r.handlers);
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverOpen();
  assert.deepEqual(r.events, []);
  ws.serverConnected();
  assert.equal(r.events[0][0], 'open');
  assert.equal(r.events[0][1].url, 'ws://h/ws?ticket=***', 'the reported URL hides the credential');
  ws.serverSend({ type: 'message:new', seq: 1 });
  assert.deepEqual(r.events.filter((e) => e[0] === 'message').map((e) => e[1].type), ['connected', 'message:new']);
});

test('ws: a close before connected reports the code and opened=false', async () => {
  FakeWebSocket.reset();
  const r = recorder();
  webSocketTransport({ url: () => 'ws://h/ws', WebSocketImpl: FakeWebSocket, timers: new FakeClock(), log: silentLog })(r.handlers);
  await flush();
  FakeWebSocket.last().serverClose(4401, 'ticket already used');
  assert.deepEqual(r.events, [['close', { opened: false, url: 'ws://h/ws', code: 4401, reason: 'ticket already used' }]]);
});

test('ws: no connected frame within the timeout is a failure with a reason', async () => {
  FakeWebSocket.reset();
  const clock = new FakeClock();
  const r = recorder();
  webSocketTransport({ url: () => 'ws://h/ws', WebSocketImpl: FakeWebSocket, timers: clock, openTimeoutMs: 3000, log: silentLog })(r.handlers);
  await flush();
  FakeWebSocket.last().serverOpen();
  await clock.advance(3000);
  assert.equal(r.events.at(-1)[0], 'close');
  assert.equal(r.events.at(-1)[1].code, 1006);
  assert.match(r.events.at(-1)[1].reason, /no "connected" frame within 3 s/);
  assert.ok(FakeWebSocket.last().closedByClient, 'the socket itself is closed too');
});

test('ws: a ticket request refused with 401 closes as 4401 without opening a socket', async () => {
  FakeWebSocket.reset();
  const r = recorder();
  webSocketTransport({
    url: async () => { throw new ApiError(401, 'unauthorized', 'token expired'); },
    WebSocketImpl: FakeWebSocket, timers: new FakeClock(), log: silentLog,
  })(r.handlers);
  await flush();
  assert.equal(FakeWebSocket.instances.length, 0);
  assert.equal(r.events[0][1].code, 4401);
});

test('ws: pings at the server heartbeat interval and gives up on a silent server', async () => {
  FakeWebSocket.reset();
  const clock = new FakeClock();
  const r = recorder();
  webSocketTransport({ url: () => 'ws://h/ws', WebSocketImpl: FakeWebSocket, timers: clock, log: silentLog })(r.handlers);
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverConnected({ heartbeat_interval: 10 });
  await clock.advance(10000);
  assert.deepEqual(ws.sent, [{ type: 'ping' }]);
  ws.serverSend({ type: 'pong' });
  await clock.advance(24000);
  assert.equal(r.events.some((e) => e[0] === 'close'), false, 'a pong keeps it alive');
  await clock.advance(2000);
  const close = r.events.find((e) => e[0] === 'close');
  assert.ok(close, 'closed after 2 intervals + 5 s of silence');
  assert.match(close[1].reason, /heartbeat timeout/);
  assert.equal(close[1].opened, true);
});

test('ws: close() by the owner is silent and closes the socket', async () => {
  FakeWebSocket.reset();
  const r = recorder();
  const handle = webSocketTransport({ url: () => 'ws://h/ws', WebSocketImpl: FakeWebSocket, timers: new FakeClock(), log: silentLog })(r.handlers);
  await flush();
  FakeWebSocket.last().serverConnected();
  handle.close();
  assert.ok(FakeWebSocket.last().closedByClient);
  assert.equal(r.events.filter((e) => e[0] === 'close').length, 0);
});

test('sse: open once every stream is open; events are parsed JSON', async () => {
  FakeEventSource.reset();
  const r = recorder();
  eventSourceTransport({
    streams: () => [{ key: 'user', url: 'http://h/api/events?token=j' }, { key: 'dialog:1', url: 'http://h/api/dialogs/1/events?token=j&after_seq=3' }],
    EventSourceImpl: FakeEventSource, timers: new FakeClock(),
  })(r.handlers);
  await flush();
  const [a, b] = FakeEventSource.instances;
  a.serverOpen();
  assert.deepEqual(r.events, []);
  b.serverOpen();
  assert.equal(r.events[0][0], 'open');
  assert.equal(r.events[0][1].url, 'http://h/api/events?token=*** + http://h/api/dialogs/1/events?token=***&after_seq=3');
  b.serverEvent({ type: 'message:new', seq: 4 }, '4');
  assert.deepEqual(r.events.at(-1), ['message', { type: 'message:new', seq: 4 }]);
});

test('sse: a stream URL given as a function is resolved on every open and again for the diagnosis', async () => {
  FakeEventSource.reset();
  const r = recorder();
  let n = 0;
  const fetchImpl = fakeFetch(() => [429, { error: 'rate_limited', message: 'too many new connections' }]);
  eventSourceTransport({ streams: () => [{ key: 'user', url: async () => `http://h/api/events?ticket=t${++n}` }],
    EventSourceImpl: FakeEventSource, fetchImpl, timers: new FakeClock() })(r.handlers);
  await flush();
  assert.equal(FakeEventSource.instances[0].url, 'http://h/api/events?ticket=t1');
  FakeEventSource.instances[0].serverError(2);
  await flush();
  assert.equal(fetchImpl.calls[0].url.searchParams.get('ticket'), 't2', 'a spent ticket is not reused');
  const close = r.events.find((e) => e[0] === 'close')[1];
  assert.match(close.reason, /answered 429/);
});

test('sse: a ticket that cannot be had closes with the status of that refusal', async () => {
  FakeEventSource.reset();
  const r = recorder();
  eventSourceTransport({ streams: () => [{ key: 'user', url: async () => { throw new ApiError(401, 'unauthorized', 'token expired'); } }],
    EventSourceImpl: FakeEventSource, timers: new FakeClock() })(r.handlers);
  await flush();
  assert.equal(FakeEventSource.instances.length, 0);
  assert.deepEqual(r.events.map((e) => e[0]), ['close']);
  assert.equal(r.events[0][1].code, 4401);
});

test('sse: a stream refused before opening is explained by its HTTP status', async () => {
  FakeEventSource.reset();
  const r = recorder();
  const fetchImpl = fakeFetch(() => [401, { error: 'unauthorized', message: 'token expired' }]);
  eventSourceTransport({ streams: () => [{ key: 'd', url: 'http://h/api/dialogs/1/events?token=j' }],
    EventSourceImpl: FakeEventSource, fetchImpl, timers: new FakeClock() })(r.handlers);
  await flush();
  FakeEventSource.instances[0].serverError(2);
  await flush();
  const close = r.events.find((e) => e[0] === 'close')[1];
  assert.equal(close.code, 4401);
  assert.match(close.reason, /answered 401: token expired/);
  assert.ok(FakeEventSource.instances[0].closed);
});

test('sse: a proxy answering HTML instead of an event stream is named', async () => {
  FakeEventSource.reset();
  const r = recorder();
  const fetchImpl = fakeFetch(() => [200, '<html>', { 'content-type': 'text/html' }]);
  eventSourceTransport({ streams: () => [{ key: 'd', url: 'http://h/api/x/events' }],
    EventSourceImpl: FakeEventSource, fetchImpl, timers: new FakeClock() })(r.handlers);
  await flush();
  FakeEventSource.instances[0].serverError(2);
  await flush();
  const close = r.events.find((e) => e[0] === 'close')[1];
  assert.equal(close.code, 1006);
  assert.match(close.reason, /text\/html, not text\/event-stream/);
});

test('sse: a drop after opening closes every stream and reports opened=true', async () => {
  FakeEventSource.reset();
  const r = recorder();
  eventSourceTransport({ streams: () => [{ key: 'a', url: 'http://h/a' }, { key: 'b', url: 'http://h/b' }],
    EventSourceImpl: FakeEventSource, timers: new FakeClock() })(r.handlers);
  await flush();
  FakeEventSource.instances.forEach((es) => es.serverOpen());
  FakeEventSource.instances[0].serverError(0);
  const close = r.events.find((e) => e[0] === 'close')[1];
  assert.equal(close.opened, true);
  assert.ok(FakeEventSource.instances.every((es) => es.closed), 'EventSource is not left to retry with a stale Last-Event-ID');
});

test('sse: sync opens streams for new keys and closes streams no longer wanted', async () => {
  FakeEventSource.reset();
  let wanted = [{ key: 'user', url: 'http://h/u' }];
  const handle = eventSourceTransport({ streams: () => wanted, EventSourceImpl: FakeEventSource, timers: new FakeClock() })(recorder().handlers);
  await flush();
  wanted = [...wanted, { key: 'dialog:2', url: 'http://h/d2' }];
  handle.sync();
  assert.deepEqual(FakeEventSource.instances.map((e) => e.url), ['http://h/u', 'http://h/d2']);
  wanted = [wanted[0]];
  handle.sync();
  assert.equal(FakeEventSource.instances[1].closed, true);
});

test('poll: open on the first answer; HTTP 403 closes as 4403', async () => {
  const r = recorder();
  let round = 0;
  longPollTransport({ loops: () => [{ key: 'd', run: async () => {
    round += 1;
    if (round === 1) return [{ type: 'message:new', seq: 1 }];
    throw new ApiError(403, 'forbidden', 'not your dialog');
  } }], timers: new FakeClock() })(r.handlers);
  await flush();
  assert.deepEqual(r.events.map((e) => e[0]), ['open', 'message', 'close']);
  assert.equal(r.events[2][1].code, 4403);
  assert.equal(r.events[2][1].opened, true);
});

test('poll: a network failure closes as 1006 so the connection backs off', async () => {
  const r = recorder();
  longPollTransport({ loops: () => [{ key: 'd', run: async () => { throw new ApiError(0, 'network', 'network error'); } }],
    timers: new FakeClock() })(r.handlers);
  await flush();
  assert.deepEqual(r.events[0], ['close', { opened: false, code: 1006, reason: 'network error' }]);
});

test('poll: a server that ignores wait= does not become a hot loop', async () => {
  const clock = new FakeClock();
  let calls = 0;
  longPollTransport({ loops: () => [{ key: 'd', run: async () => { calls += 1; return []; } }], timers: clock, now: () => clock.now })(recorder().handlers);
  await flush();
  assert.equal(calls, 1);
  await clock.advance(999);
  assert.equal(calls, 1);
  await clock.advance(1);
  assert.equal(calls, 2);
});

test('poll: close() by the owner aborts the running request', async () => {
  let aborted = false;
  const handle = longPollTransport({ loops: () => [{ key: 'd', run: (signal) => new Promise((_, reject) => {
    signal.addEventListener('abort', () => { aborted = true; reject(new Error('aborted')); });
  }) }], timers: new FakeClock() })(recorder().handlers);
  await flush();
  handle.close();
  assert.equal(aborted, true);
});
