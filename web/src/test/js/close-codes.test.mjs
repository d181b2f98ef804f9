import assert from 'node:assert/strict';
import test from 'node:test';
import { LIB } from './support/fakes.mjs';

const { classifyClose, closeCodeForHttpStatus, parseReconnectHint } = await import(`${LIB}switchboard/close-codes.js`);

test('4401 means sign in again; 4403 and 4404 stop with a visible error', () => {
  assert.equal(classifyClose({ code: 4401, reason: 'token expired' }).action, 'unauthorized');
  assert.match(classifyClose({ code: 4401, reason: 'token expired' }).explanation, /token expired/);
  assert.equal(classifyClose({ code: 4403, reason: 'origin not allowed' }).action, 'fatal');
  assert.equal(classifyClose({ code: 4404 }).action, 'fatal');
});

test('protocol and server-side closes retry and never count as a blocked transport', () => {
  for (const code of [4400, 4408, 4429, 1001, 1012]) {
    const v = classifyClose({ code, opened: false });
    assert.equal(v.action, 'retry', String(code));
    assert.equal(v.transportFailure, false, String(code));
  }
});

test('a bare 1006 before the socket worked is a transport failure with an explanation', () => {
  const v = classifyClose({ code: 1006, opened: false, url: 'ws://h:8081/ws?ticket=***' });
  assert.equal(v.transportFailure, true);
  assert.match(v.explanation, /Upgrade/);
  assert.match(v.explanation, /ws:\/\/h:8081\/ws/);
});

test('a drop after the socket worked is not a transport failure', () => {
  assert.equal(classifyClose({ code: 1006, opened: true }).transportFailure, false);
});

test('reconnect hints are read in the forms servers write them', () => {
  assert.equal(parseReconnectHint('server restarting; reconnect_after_ms=1500'), 1500);
  assert.equal(parseReconnectHint('retry_after_ms: 250'), 250);
  assert.equal(parseReconnectHint('draining, reconnect_after=3s'), 3000);
  assert.equal(parseReconnectHint('retry_after=2'), 2000);
  assert.equal(parseReconnectHint('shutting down, reconnect in 4 s'), 4000);
  assert.equal(parseReconnectHint('Retry in 700ms'), 700);
  assert.equal(parseReconnectHint('slow consumer, last_seq=42'), null);
  assert.equal(parseReconnectHint('reconnecting'), null);
  assert.equal(parseReconnectHint(''), null);
});

test('a hint in a 1012 close becomes the retry delay', () => {
  assert.equal(classifyClose({ code: 1012, reason: 'restart, reconnect_after_ms=2500' }).hintMs, 2500);
});

test('HTTP statuses of SSE and polling map onto the socket codes', () => {
  assert.deepEqual([400, 401, 403, 404, 429, 500, 502].map(closeCodeForHttpStatus), [4400, 4401, 4403, 4404, 4429, 1006, 1006]);
});
