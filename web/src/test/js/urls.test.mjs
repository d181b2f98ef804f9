import assert from 'node:assert/strict';
import test from 'node:test';
import { LIB } from './support/fakes.mjs';

const { buildUrl, httpBase, paths, redactUrl, wsBase } = await import(`${LIB}switchboard/urls.js`);

test('an empty configured base means the origin of the page, with the ws scheme for sockets', () => {
  assert.equal(wsBase('', 'http://localhost:8080/admin/'), 'ws://localhost:8080');
  assert.equal(wsBase('', 'https://chat.example.com/admin/index.html'), 'wss://chat.example.com');
  assert.equal(httpBase('', 'https://chat.example.com/x'), 'https://chat.example.com');
  assert.equal(wsBase(undefined, new URL('http://127.0.0.1:9000/p')), 'ws://127.0.0.1:9000');
});

test('http maps to ws and https to wss, keeping host, port and path prefix', () => {
  assert.equal(wsBase('http://localhost:8081', 'http://localhost:8080/'), 'ws://localhost:8081');
  assert.equal(wsBase('https://rt.example.com/', 'http://x/'), 'wss://rt.example.com');
  assert.equal(wsBase('https://example.com/realtime/', 'http://x/'), 'wss://example.com/realtime');
  assert.equal(httpBase('wss://rt.example.com', 'http://x/'), 'https://rt.example.com');
  assert.equal(wsBase('ws://localhost:8082', 'http://x/'), 'ws://localhost:8082');
});

test('a base with another scheme is refused instead of producing a wrong URL', () => {
  assert.throws(() => wsBase('ftp://example.com', 'http://x/'), /http\(s\) or ws\(s\)/);
});

test('admin socket URLs carry a ticket, never both ticket and token', () => {
  assert.equal(paths.adminUserWs('ws://h:8081', { ticket: 't1', token: 'jwt' }), 'ws://h:8081/ws?ticket=t1');
  assert.equal(paths.adminUserWs('ws://h:8081', { token: 'a.b.c' }), 'ws://h:8081/ws?token=a.b.c');
  assert.equal(paths.adminDialogWs('ws://h:8081', 5, { ticket: 'x', afterSeq: 40 }), 'ws://h:8081/ws/dialogs/5?ticket=x&after_seq=40');
  assert.throws(() => paths.adminUserWs('ws://h', {}), /ticket or a token/);
});

test('guest URLs follow SPEC §5/§6 and include the resume cursor, even when it is 0', () => {
  assert.equal(paths.widgetDialogWs('ws://h:8082', 3, { assistantId: 9, guestToken: 'gt_1', afterSeq: 0 }),
    'ws://h:8082/ws/widget/dialogs/3?assistant_id=9&guest_token=gt_1&after_seq=0');
  assert.equal(paths.siteDialogWs('ws://h:8082', 3, { siteToken: 'st_x', guestToken: 'gt_g', afterSeq: 12 }),
    'ws://h:8082/ws/site/dialogs/3?site_token=st_x&guest_token=gt_g&after_seq=12');
  assert.equal(paths.siteDialogSse('http://h:8082', 3, { siteToken: 'st_x', guestToken: 'gt_g', afterSeq: 12 }),
    'http://h:8082/api/site/dialogs/3/events?site_token=st_x&guest_token=gt_g&after_seq=12');
  assert.equal(paths.widgetDialogSse('http://h:8082', 3, { assistantId: 1, guestToken: 'gt_g' }),
    'http://h:8082/api/widget/dialogs/3/events?assistant_id=1&guest_token=gt_g');
  assert.equal(paths.adminDialogSse('http://h:8081', 3, { token: 'j', afterSeq: 2 }), 'http://h:8081/api/dialogs/3/events?token=j&after_seq=2');
  assert.equal(paths.adminUserSse('http://h:8081', { token: 'j' }), 'http://h:8081/api/events?token=j');
  assert.equal(paths.adminUserSse('http://h:8081', { token: 'j', afterNotification: 12 }),
    'http://h:8081/api/events?token=j&after_notification=12');
  assert.equal(paths.adminUserWs('ws://h:8081', { ticket: 't1', afterNotification: 0 }), 'ws://h:8081/ws?ticket=t1&after_notification=0');
});

test('credentials with reserved characters are encoded and survive a round trip', () => {
  const token = 'a+b/c=d&e?f#g h';
  const url = new URL(paths.siteDialogWs('ws://h', 1, { siteToken: token, guestToken: 'ü/ä', afterSeq: 1 }));
  assert.equal(url.searchParams.get('site_token'), token);
  assert.equal(url.searchParams.get('guest_token'), 'ü/ä');
  assert.ok(!url.search.includes('&e?'), url.search);
});

test('a dialog id that is not a positive integer is refused (no path injection)', () => {
  assert.throws(() => paths.siteDialogWs('ws://h', '1/../../x', { siteToken: 's', guestToken: 'g' }), /positive integer/);
  assert.throws(() => paths.adminDialogSse('http://h', 0, { token: 't' }), /positive integer/);
});

test('redactUrl hides every credential and keeps the rest readable', () => {
  assert.equal(redactUrl('ws://h/ws?ticket=abc&x=1'), 'ws://h/ws?ticket=***&x=1');
  assert.equal(redactUrl('http://h/api/events?token=eyJ.x.y'), 'http://h/api/events?token=***');
  assert.equal(redactUrl('ws://h/ws/site/dialogs/1?site_token=st_1&guest_token=gt_1&after_seq=3'),
    'ws://h/ws/site/dialogs/1?site_token=***&guest_token=***&after_seq=3');
});

test('buildUrl leaves out empty parameters', () => {
  assert.equal(buildUrl('http://h/', '/api/x', { a: 1, b: null, c: undefined, d: '' }), 'http://h/api/x?a=1');
  assert.equal(buildUrl('', '/api/x', {}), '/api/x');
});

test('the status line names the transport, the retry delay and the reason', async () => {
  const { describeStatus } = await import(`${LIB}ui/dom.js`);
  assert.equal(describeStatus({ state: 'live', transport: 'sse' }), 'Live · SSE');
  assert.equal(describeStatus({ state: 'live', transport: 'poll' }), 'Live · long-polling');
  assert.equal(describeStatus({ state: 'live', transport: 'poll', fallbackFrom: ['ws', 'sse'], reason: '…' }),
    'Live · long-polling (WebSocket and SSE unavailable)');
  assert.equal(describeStatus({ state: 'offline', retryInMs: 2400, reason: 'Connection lost (1006)' }),
    'Offline, retrying in 2 s — Connection lost (1006)');
  assert.match(describeStatus({ state: 'unauthorized', reason: 'token expired' }), /token expired/);
  assert.match(describeStatus({ state: 'error', reason: 'Access denied (4403)' }), /4403/);
});
