import assert from 'node:assert/strict';
import test from 'node:test';
import { FakeClock, FakeEventSource, FakeWebSocket, LIB, fakeFetch, flush, historyPage, msg, silentLog } from './support/fakes.mjs';

// The sources, or (bundle.test.mjs runs this file again) the minified bundle the build made.
const { GuestClient, OperatorClient } = await import(globalThis.switchboardClientUnderTest ?? `${LIB}switchboard-client.js`);

const PAGE = 'http://localhost:8080/widget/frame.html';

/** A fake API for one dialog (id 7) holding `stored` messages; records the order of calls. */
function guestApi({ stored = [msg(1), msg(2)], config = { admin_ws_url: 'http://localhost:8081', widget_ws_url: 'http://localhost:8082' },
  route = () => undefined } = {}) {
  const log = [];
  const fetchImpl = fakeFetch((method, url, body) => {
    log.push(`${method} ${url.pathname}`);
    const own = route(method, url, body);
    if (own) return own;
    if (url.pathname === '/api/client-config') return config ? [200, config] : undefined;
    if (method === 'POST' && url.pathname === '/api/site/dialogs') {
      const issued = !body.guest_token;
      return [issued ? 201 : 200, { id: 7, status: 'bot', guest_label: 'guest-0a1b2c3d', last_seq: stored.at(-1)?.seq ?? 0,
        guest_token: issued ? 'gt_issued' : body.guest_token, guest_token_issued: issued }];
    }
    if (method === 'GET' && url.pathname === '/api/site/dialogs/7/messages') return [200, historyPage(stored, url)];
    if (method === 'POST' && url.pathname === '/api/site/dialogs/7/messages') {
      const existing = stored.find((m) => m.client_msg_id === body.client_msg_id);
      if (existing) return [200, existing];
      const m = msg(stored.length + 1, { text: body.text, client_msg_id: body.client_msg_id });
      stored.push(m);
      return [201, m];
    }
    return undefined;
  });
  return { fetchImpl, log, stored };
}

function guest(api, extra = {}) {
  FakeWebSocket.reset();
  FakeEventSource.reset();
  const clock = new FakeClock();
  const client = new GuestClient({
    apiBase: 'http://localhost:8080', siteToken: 'st_dev_demo_token', guestToken: 'gt_guest-1', location: PAGE,
    fetchImpl: api.fetchImpl, WebSocketImpl: FakeWebSocket, EventSourceImpl: FakeEventSource,
    timers: clock, random: () => 0.5, log: silentLog, ...extra,
  });
  return { client, clock };
}

const texts = (client) => client.messages().map((m) => m.text);

test('the dialog and its history are loaded before the socket opens (seed 000)', async () => {
  const api = guestApi();
  const { client } = guest(api);
  const opened = [];
  FakeWebSocket.instances = new Proxy([], { set(target, key, value) { if (key !== 'length') opened.push(api.log.length); target[key] = value; return true; } });
  await client.start();
  await flush();
  assert.deepEqual(api.log.slice(0, 3), ['GET /api/client-config', 'POST /api/site/dialogs', 'GET /api/site/dialogs/7/messages']);
  assert.deepEqual(opened, [3], 'the WebSocket was created only after the three REST calls');
  assert.deepEqual(texts(client), ['m1', 'm2']);
});

test('the socket goes to the widget service from client-config and resumes after the history', async () => {
  const api = guestApi();
  const { client } = guest(api);
  await client.start();
  await flush();
  const url = new URL(FakeWebSocket.last().url);
  assert.equal(url.origin, 'ws://localhost:8082');
  assert.equal(url.pathname, '/ws/site/dialogs/7');
  assert.equal(url.searchParams.get('site_token'), 'st_dev_demo_token');
  assert.equal(url.searchParams.get('guest_token'), 'gt_guest-1');
  assert.equal(url.searchParams.get('after_seq'), '2');
  assert.equal(url.searchParams.get('guest_id'), null, 'the guest id is no credential and is not sent');
});

test('a new visitor gets its credential from the server, keeps it for the page and uses it on every path', async () => {
  const api = guestApi();
  const kept = [];
  const { client } = guest(api, { guestToken: undefined, onGuestToken: (t) => kept.push(t) });
  const dialog = await client.start();
  await flush();
  assert.deepEqual(kept, ['gt_issued'], 'the page is handed the issued credential once');
  assert.equal(dialog.guest_token, undefined, 'the credential is not part of the dialog the page sees');
  assert.equal(new URL(FakeWebSocket.last().url).searchParams.get('guest_token'), 'gt_issued');
  await client.restart();
  assert.deepEqual(kept, ['gt_issued'], 'a returning guest presents it and is not handed a new one');
});

test('an empty widget_ws_url means the page origin', async () => {
  const api = guestApi({ config: { admin_ws_url: '', widget_ws_url: '' } });
  const { client } = guest(api);
  await client.start();
  await flush();
  assert.equal(new URL(FakeWebSocket.last().url).origin, 'ws://localhost:8080');
});

test('live messages are added once; a redelivered catch-up changes nothing', async () => {
  const api = guestApi();
  const { client } = guest(api);
  await client.start();
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 2, message: msg(2) });
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 3, message: msg(3) });
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 3, message: msg(3) });
  assert.deepEqual(texts(client), ['m1', 'm2', 'm3']);
  assert.equal(client.status.transport, 'ws');
  assert.equal(client.status.state, 'live');
});

test('a seq jump fetches the missing range over REST before the newer message is shown', async () => {
  const api = guestApi({ stored: [msg(1), msg(2), msg(3), msg(4), msg(5)] });
  const { client } = guest(api);
  await client.start();
  await flush();
  api.stored.push(msg(6), msg(7), msg(8));
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  const shown = [];
  client.on('message', ({ message }) => shown.push(message.seq));
  const before = api.log.length;
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 8, message: msg(8) });
  assert.deepEqual(shown, [], 'seq 8 is held while 6 and 7 are missing');
  await flush();
  assert.deepEqual(shown, [6, 7, 8]);
  assert.ok(api.log.slice(before).includes('GET /api/site/dialogs/7/messages'));
  assert.deepEqual(client.messages().map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('a sent message shows at once as pending and exactly once after the echo and the REST answer', async () => {
  const api = guestApi();
  const { client } = guest(api);
  await client.start();
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  const sending = client.send('<img src=x onerror=alert(1)>');
  assert.deepEqual(client.messages().map((m) => [m.text, !!m.pending]), [['m1', false], ['m2', false], ['<img src=x onerror=alert(1)>', true]]);
  const stored = await sending;
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: stored.seq, message: stored });
  assert.deepEqual(client.messages().map((m) => [m.text, !!m.pending]), [['m1', false], ['m2', false], ['<img src=x onerror=alert(1)>', false]]);
  const post = api.fetchImpl.calls.find((c) => c.method === 'POST' && c.url.pathname.endsWith('/messages'));
  assert.match(post.body.client_msg_id, /^[0-9a-f-]{36}$/);
});

test('a failed send keeps a failed bubble; retry reuses the client_msg_id', async () => {
  const api = guestApi();
  let failNext = true;
  const flaky = async (url, init) => {
    if (init?.method === 'POST' && String(url).endsWith('/messages?site_token=st_dev_demo_token&guest_token=gt_guest-1') && failNext) {
      failNext = false;
      throw new TypeError('Failed to fetch');
    }
    return api.fetchImpl(url, init);
  };
  const { client } = guest({ ...api, fetchImpl: flaky });
  await client.start();
  await flush();
  await assert.rejects(client.send('hello'));
  const bubble = client.messages().at(-1);
  assert.equal(bubble.failed, true);
  await client.retry(bubble.client_msg_id);
  assert.deepEqual(client.messages().map((m) => m.text), ['m1', 'm2', 'hello']);
  const posts = api.fetchImpl.calls.filter((c) => c.method === 'POST' && c.url.pathname.endsWith('/messages'));
  assert.equal(posts.at(-1).body.client_msg_id, bubble.client_msg_id);
});

test('after WebSocket fails twice the guest listens on SSE from its cursor', async () => {
  const api = guestApi();
  const { client, clock } = guest(api);
  await client.start();
  await flush();
  FakeWebSocket.last().serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last().serverClose(1006);
  await clock.advance(1000);
  const es = FakeEventSource.instances.at(-1);
  assert.ok(es, 'an EventSource was opened');
  const url = new URL(es.url);
  assert.equal(url.origin, 'http://localhost:8082');
  assert.equal(url.pathname, '/api/site/dialogs/7/events');
  assert.equal(url.searchParams.get('after_seq'), '2');
  es.serverOpen();
  assert.equal(client.status.transport, 'sse');
  es.serverEvent({ type: 'message:new', dialog_id: 7, seq: 3, message: msg(3) }, '3');
  assert.deepEqual(texts(client), ['m1', 'm2', 'm3']);
});

test('typing frames go out only while on WebSocket, once the server confirmed the subscription', async () => {
  const api = guestApi();
  const { client } = guest(api);
  await client.start();
  await flush();
  assert.equal(client.typing(true), false);
  FakeWebSocket.last().serverConnected();
  // The server refuses typing for a dialog it has not subscribed yet ("not_subscribed").
  assert.equal(client.typing(true), false);
  FakeWebSocket.last().serverSend({ type: 'subscribed', dialog_id: 7, last_seq: 2 });
  assert.equal(client.typing(true), true);
  assert.deepEqual(FakeWebSocket.last().sent.at(-1), { type: 'typing', dialog_id: 7, state: true });
});

test('a 4403 close stops the guest client with the server reason visible', async () => {
  const api = guestApi();
  const { client, clock } = guest(api);
  await client.start();
  await flush();
  FakeWebSocket.last().serverClose(4403, 'origin not allowed for this site token');
  assert.equal(client.status.state, 'error');
  assert.match(client.status.reason, /origin not allowed/);
  const n = FakeWebSocket.instances.length;
  await clock.advance(120000);
  assert.equal(FakeWebSocket.instances.length, n);
});

test("the guest's handoff answer arriving after a newer update does not undo it", async () => {
  let answer;
  const handoffAnswered = new Promise((resolve) => { answer = resolve; });
  const api = guestApi({
    route: (method, url) => (method === 'POST' && url.pathname === '/api/site/dialogs/7/handoff' ? handoffAnswered : undefined),
  });
  const { client } = guest(api);
  await client.start();
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  const asked = client.handoff();
  // The handoff (seq 3, its line) is committed, and an operator takes over (seq 4) before its answer is read.
  ws.serverSend({ type: 'dialog:update', dialog_id: 7, dialog: { id: 7, last_seq: 3, status: 'waiting_operator' } });
  ws.serverSend({ type: 'dialog:update', dialog_id: 7, dialog: { id: 7, last_seq: 4, status: 'operator', assigned_operator_id: 5 } });
  const shown = [];
  client.on('dialog', () => shown.push(client.dialog.status));
  answer([200, { id: 7, last_seq: 3, status: 'waiting_operator', assigned_operator_id: null }]);
  await asked;
  assert.equal(client.dialog.status, 'operator');
  assert.equal(client.dialog.assigned_operator_id, 5);
  assert.deepEqual(shown, ['operator'], 'the page redrew the dialog as the operator\'s');
});

/** A fake operator API with dialogs 7 and 9. */
function operatorApi({ notificationSeq = 0 } = {}) {
  const stored = { 7: [msg(1), msg(2), msg(3)], 9: [msg(1, { dialog_id: 9 })] };
  const fetchImpl = fakeFetch((method, url) => {
    if (url.pathname === '/api/notifications') return [200, { notifications: [], unread: 0, last_seq: notificationSeq }];
    if (url.pathname === '/api/client-config') return [200, { admin_ws_url: 'http://localhost:8081', widget_ws_url: 'http://localhost:8082' }];
    if (url.pathname === '/api/ws-ticket') return [200, { ticket: `t${fetchImpl.calls.length}`, expires_in: 30 }];
    const m = /^\/api\/dialogs\/(\d+)\/messages$/.exec(url.pathname);
    if (m && method === 'GET') return [200, historyPage(stored[m[1]], url, Number(m[1]))];
    return undefined;
  });
  return { fetchImpl, stored };
}

function operator(api) {
  FakeWebSocket.reset();
  FakeEventSource.reset();
  const clock = new FakeClock();
  const client = new OperatorClient({
    apiBase: 'http://localhost:8080', token: 'jwt.secret.sig', user: { id: 5 }, location: 'http://localhost:8080/admin/',
    fetchImpl: api.fetchImpl, WebSocketImpl: FakeWebSocket, EventSourceImpl: FakeEventSource,
    timers: clock, random: () => 0.5, log: silentLog,
  });
  return { client, clock };
}

test('the operator socket uses a one-time ticket, never the JWT, on the admin service port', async () => {
  const api = operatorApi();
  const { client } = operator(api);
  await client.start();
  await flush();
  const url = new URL(FakeWebSocket.last().url);
  assert.equal(url.origin, 'ws://localhost:8081');
  assert.equal(url.pathname, '/ws');
  assert.ok(url.searchParams.get('ticket'));
  assert.equal(url.searchParams.get('token'), null);
  assert.ok(!FakeWebSocket.last().url.includes('jwt.secret.sig'));
  const rest = api.fetchImpl.calls.find((c) => c.url.pathname === '/api/ws-ticket');
  assert.equal(rest.headers.Authorization, 'Bearer jwt.secret.sig');
});

test('watched dialogs are subscribed with after_seq on connect and on every reconnect', async () => {
  const api = operatorApi();
  const { client, clock } = operator(api);
  await client.start();
  await flush();
  await client.watch(7, { lastSeq: 3 });
  let ws = FakeWebSocket.last();
  ws.serverConnected();
  assert.deepEqual(ws.sent, [{ type: 'subscribe', dialog_id: 7, after_seq: 3 }]);
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 4, message: msg(4) });
  api.stored[7].push(msg(4));
  ws.serverClose(1006);
  await clock.advance(1000);
  ws = FakeWebSocket.last();
  ws.serverConnected();
  assert.deepEqual(ws.sent, [{ type: 'subscribe', dialog_id: 7, after_seq: 4 }], 'resumes from the last seq it holds');
});

test('operator typing waits for the subscription of that dialog on the current socket', async () => {
  const { client } = operator(operatorApi());
  await client.start();
  await flush();
  FakeWebSocket.last().serverConnected();
  await client.watch(7, { lastSeq: 2 });
  await flush();
  assert.equal(client.typing(7, true), false, 'before `subscribed`');
  FakeWebSocket.last().serverSend({ type: 'subscribed', dialog_id: 7, last_seq: 2 });
  assert.equal(client.typing(7, true), true);
  assert.deepEqual(FakeWebSocket.last().sent.at(-1), { type: 'typing', dialog_id: 7, state: true });
  FakeWebSocket.last().serverConnected();
  assert.equal(client.typing(7, true), false, 'a new socket has subscribed nothing yet');
});

test('watching a dialog while live sends a subscribe frame; unwatching unsubscribes', async () => {
  const api = operatorApi();
  const { client } = operator(api);
  await client.start();
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  await client.watch(9, { lastSeq: 1 });
  assert.deepEqual(ws.sent.at(-1), { type: 'subscribe', dialog_id: 9, after_seq: 1 });
  client.unwatch(9);
  assert.deepEqual(ws.sent.at(-1), { type: 'unsubscribe', dialog_id: 9 });
});

test('events of dialogs the operator does not watch do not create message lists', async () => {
  const api = operatorApi();
  const { client } = operator(api);
  await client.start();
  await flush();
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  const dialogs = [];
  client.on('dialog', (d) => dialogs.push(d));
  ws.serverSend({ type: 'message:new', dialog_id: 9, seq: 2, message: msg(2, { dialog_id: 9 }) });
  ws.serverSend({ type: 'dialog:update', dialog_id: 9, dialog: { id: 9, last_seq: 2, status: 'bot' } });
  assert.deepEqual(client.view(9), []);
  assert.equal(dialogs.length, 1);
  assert.equal(dialogs[0].dialog.last_seq, 2);
});

test('a dialog update announcing a seq the stream never delivered is repaired over REST', async () => {
  const api = operatorApi();
  const { client, clock } = operator(api);
  await client.start();
  await flush();
  await client.watch(7, { lastSeq: 3 });
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  api.stored[7].push(msg(4), msg(5));
  ws.serverSend({ type: 'dialog:update', dialog_id: 7, dialog: { id: 7, last_seq: 5, status: 'bot' } });
  assert.equal(client.lastSeq(7), 3);
  await clock.advance(1500);
  await flush();
  assert.equal(client.lastSeq(7), 5);
});

test("a staff post moves its author's watermark from message:new or its dialog:update alone, however it arrives", async () => {
  const api = operatorApi();
  const { client, clock } = operator(api);
  await client.start();
  await flush();
  await client.watch(7, { lastSeq: 3 });
  const ws = FakeWebSocket.last();
  ws.serverConnected();
  const reads = [];
  client.on('read', (r) => reads.push(r));
  // Live: this operator's own answer (another tab of it) and a colleague's; no `read` event follows either.
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 4, message: msg(4, { sender: 'operator', author_id: 5 }) });
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 5, message: msg(5, { sender: 'operator', author_id: 6 }) });
  // A guest's message names no author: it moves nobody's operator watermark.
  ws.serverSend({ type: 'message:new', dialog_id: 7, seq: 6, message: msg(6) });
  assert.deepEqual(reads, [{ dialogId: 7, reader: 'user:5', seq: 4 }, { dialogId: 7, reader: 'user:6', seq: 5 }]);
  // A dialog only in the list (not watched): its update names the author, whose watermark is its last seq.
  ws.serverSend({ type: 'dialog:update', dialog_id: 9, reader: 'user:5', dialog: { id: 9, last_seq: 2, status: 'operator' } });
  ws.serverSend({ type: 'dialog:update', dialog_id: 9, dialog: { id: 9, last_seq: 3, status: 'operator' } });
  assert.deepEqual(reads.slice(2), [{ dialogId: 9, reader: 'user:5', seq: 2 }]);
  // Missed while the stream lagged: the repair over REST carries author_id too, newest per author only.
  api.stored[7].push(msg(4, { author_id: 5 }), msg(5, { author_id: 6 }), msg(6), msg(7, { author_id: 5 }), msg(8, { author_id: 5 }));
  ws.serverSend({ type: 'dialog:update', dialog_id: 7, dialog: { id: 7, last_seq: 8, status: 'operator' } });
  await clock.advance(1500);
  await flush();
  assert.equal(client.lastSeq(7), 8);
  assert.deepEqual(reads.slice(3), [{ dialogId: 7, reader: 'user:5', seq: 8 }]);
});

test('on SSE the operator has a user stream plus one stream per watched dialog', async () => {
  const api = operatorApi();
  const { client, clock } = operator(api);
  await client.start();
  await flush();
  await client.watch(7, { lastSeq: 3 });
  FakeWebSocket.last().serverClose(1006);
  await clock.advance(1000);
  FakeWebSocket.last().serverClose(1006);
  await clock.advance(1000);
  await flush();
  const urls = FakeEventSource.instances.map((e) => new URL(e.url));
  assert.deepEqual(urls.map((u) => `${u.origin}${u.pathname}`),
    ['http://localhost:8081/api/events', 'http://localhost:8081/api/dialogs/7/events']);
  assert.equal(urls[1].searchParams.get('after_seq'), '3');
  // Each stream carries its own one-time ticket; the 12-hour login token is in no URL.
  const tickets = urls.map((u) => u.searchParams.get('ticket'));
  assert.ok(tickets.every(Boolean));
  assert.equal(new Set(tickets).size, tickets.length);
  assert.ok(urls.every((u) => u.searchParams.get('token') === null && !u.href.includes('jwt.secret.sig')));
});

test('no URL the operator client opens carries the login token, even when the ticket endpoint fails', async () => {
  const api = operatorApi();
  const failing = fakeFetch(() => [404, { error: 'not_found', message: 'There is nothing at this address.' }]);
  const { client, clock } = operator({ ...api, fetchImpl: (url, init) => (String(url).includes('/api/ws-ticket')
    ? failing(url, init) : api.fetchImpl(url, init)) });
  await client.start();
  await flush();
  await clock.advance(5000);
  await flush();
  const opened = [...FakeWebSocket.instances.map((w) => w.url), ...FakeEventSource.instances.map((e) => e.url)];
  assert.ok(opened.every((u) => !String(u).includes('jwt.secret.sig')), opened.join(' '));
});

test('notifications resume from the last seq shown on every reconnect and a repeat is shown once', async () => {
  const api = operatorApi({ notificationSeq: 4 });
  const { client, clock } = operator(api);
  const shown = [];
  client.on('notification', (n) => shown.push(n.seq));
  await client.start();
  await flush();
  let ws = FakeWebSocket.last();
  assert.equal(new URL(ws.url).searchParams.get('after_notification'), '4', 'the first socket starts at the newest seq');
  ws.serverConnected();
  const note = (seq) => ({ type: 'notification:new', seq, notification: { id: 100 + seq, seq, kind: 'k', payload: {} } });
  ws.serverSend(note(5));
  ws.serverSend(note(5));
  ws.serverSend(note(6));
  assert.deepEqual(shown, [5, 6]);
  ws.serverClose(1006);
  await clock.advance(1000);
  ws = FakeWebSocket.last();
  assert.equal(new URL(ws.url).searchParams.get('after_notification'), '6', 'the reconnect resumes after the last shown');
  ws.serverConnected();
  ws.serverSend(note(6));
  ws.serverSend(note(7));
  assert.deepEqual(shown, [5, 6, 7]);
});

test('a watched dialog opens with its newest page; older pages go in front once each, down to the first message', async () => {
  const api = operatorApi();
  api.stored[7] = Array.from({ length: 250 }, (_, i) => msg(i + 1));
  FakeWebSocket.reset();
  const client = new OperatorClient({
    apiBase: 'http://localhost:8080', token: 'jwt.secret.sig', user: { id: 5 }, location: 'http://localhost:8080/admin/',
    fetchImpl: api.fetchImpl, WebSocketImpl: FakeWebSocket, EventSourceImpl: FakeEventSource,
    timers: new FakeClock(), random: () => 0.5, log: silentLog, pageSize: 100,
  });
  await client.watch(7, { lastSeq: 250 });
  const seqs = () => client.view(7).map((m) => m.seq);
  assert.deepEqual(seqs(), Array.from({ length: 100 }, (_, i) => 151 + i), 'the newest 100, not a 500 window');
  const first = api.fetchImpl.calls.find((c) => c.url.pathname === '/api/dialogs/7/messages').url;
  assert.equal(first.searchParams.get('before_seq'), '251');
  assert.equal(first.searchParams.get('after_seq'), null);

  const changes = [];
  client.on('change', (e) => changes.push(e));
  // A live message arrives while the reader scrolls back: both end up in place, each once.
  const older = client.loadOlder(7);
  const again = client.loadOlder(7);
  client._onFrame({ type: 'message:new', dialog_id: 7, seq: 251, message: msg(251) }, 'ws');
  assert.equal(await again, await older, 'one request at a time');
  assert.deepEqual(seqs(), Array.from({ length: 201 }, (_, i) => 51 + i));
  const last = await client.loadOlder(7);
  assert.equal(last.added.length, 50);
  assert.equal(last.hasOlder, false);
  assert.deepEqual(seqs(), Array.from({ length: 251 }, (_, i) => i + 1));
  assert.deepEqual(await client.loadOlder(7), { added: [], hasOlder: false }, 'nothing older than seq 1 is asked for');
  assert.equal(api.fetchImpl.calls.filter((c) => c.url.searchParams.has('before_seq')).length, 3);
  assert.ok(changes.some((e) => e.older === true));
  assert.equal(client.lastSeq(7), 251, 'the resume cursor is still the newest seq');
});

test('the widget still opens with at least historyWindow messages, read back page by page', async () => {
  const api = guestApi({ stored: Array.from({ length: 30 }, (_, i) => msg(i + 1)) });
  const { client } = guest(api, { pageSize: 10, historyWindow: 25 });
  await client.start();
  await flush();
  assert.deepEqual(client.messages().map((m) => m.seq), Array.from({ length: 30 }, (_, i) => i + 1),
    'three pages of 10 cover the window of 25');
  const pages = api.fetchImpl.calls.filter((c) => c.url.searchParams.has('before_seq')).map((c) => c.url.searchParams.get('before_seq'));
  assert.deepEqual(pages, ['31', '21', '11']);
});
