// Canned replies in the web code: the shared client's REST calls (OperatorApi), and the dashboard
// composer's rules for "/" and placeholders (admin/canned.js), without a browser.
import assert from 'node:assert/strict';
import test from 'node:test';
import { LIB, fakeFetch } from './support/fakes.mjs';
import { fillPlaceholders, slashQuery } from '../../main/resources/META-INF/resources/admin/canned.js';

const { ApiError, OperatorApi, RestClient } = await import(`${LIB}switchboard-client.js`);

function api(route) {
  const fetchImpl = fakeFetch(route);
  return { fetchImpl, api: new OperatorApi(new RestClient({ baseUrl: 'http://api.test', fetchImpl, getToken: () => 'jwt-1' })) };
}

test('the client lists, filters, creates, edits and deletes an assistant\'s canned replies', async () => {
  const stored = [{ id: 1, assistant_id: 3, name: 'refund', text: 'Your refund is on its way.' }];
  const { fetchImpl, api: ops } = api((method, url, body) => {
    if (url.pathname === '/api/assistants/3/canned-replies' && method === 'GET') {
      const q = url.searchParams.get('q') ?? '';
      return [200, { canned_replies: stored.filter((r) => r.name.startsWith(q)), can_manage: true }];
    }
    if (url.pathname === '/api/assistants/3/canned-replies' && method === 'POST') {
      const reply = { id: 2, assistant_id: 3, ...body };
      stored.push(reply);
      return [201, reply];
    }
    if (url.pathname === '/api/assistants/3/canned-replies/2' && method === 'PUT') return [200, { id: 2, assistant_id: 3, ...body }];
    if (url.pathname === '/api/assistants/3/canned-replies/2' && method === 'DELETE') return [204];
    return undefined;
  });
  assert.deepEqual((await ops.cannedReplies(3, { q: 'ref' })).canned_replies.map((r) => r.name), ['refund']);
  const created = await ops.createCannedReply(3, { name: 'hello', text: 'Hi, {{guest_name}}!' });
  assert.equal(created.id, 2);
  const edited = await ops.updateCannedReply(3, 2, { name: 'hello', text: 'Hello!' });
  assert.equal(edited.text, 'Hello!');
  assert.equal(await ops.deleteCannedReply(3, 2), null);
  const calls = fetchImpl.calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`);
  assert.deepEqual(calls, ['GET /api/assistants/3/canned-replies?q=ref', 'POST /api/assistants/3/canned-replies',
    'PUT /api/assistants/3/canned-replies/2', 'DELETE /api/assistants/3/canned-replies/2']);
  assert.deepEqual(fetchImpl.calls[1].body, { name: 'hello', text: 'Hi, {{guest_name}}!' });
  assert.equal(fetchImpl.calls[0].headers.Authorization, 'Bearer jwt-1');
  // Without a filter the query carries none.
  await ops.cannedReplies(3);
  assert.equal(fetchImpl.calls.at(-1).url.search, '');
});

test('a taken name reaches the caller as an ApiError with the server\'s code', async () => {
  const { api: ops } = api(() => [409, { error: 'canned_reply_name_taken', message: 'This assistant already has a canned reply named "refund".' }]);
  await assert.rejects(ops.createCannedReply(3, { name: 'Refund', text: 'x' }),
    (err) => err instanceof ApiError && err.status === 409 && err.code === 'canned_reply_name_taken');
});

test('the picker opens only for "/" and a partial name filling the whole composer', () => {
  assert.equal(slashQuery('/'), '');
  assert.equal(slashQuery('/ref'), 'ref');
  assert.equal(slashQuery('/воз'), 'воз');
  assert.equal(slashQuery('/re_send-2'), 're_send-2');
  assert.equal(slashQuery('/refund '), null, 'a space ends the name: the operator is writing text');
  assert.equal(slashQuery('hello /ref'), null, 'only at the start');
  assert.equal(slashQuery(' /ref'), null);
  assert.equal(slashQuery('//'), null);
  assert.equal(slashQuery(''), null);
  assert.equal(slashQuery(undefined), null);
});

test('placeholders are filled from what the dashboard knows; an unknown one stays and is selected', () => {
  assert.deepEqual(fillPlaceholders('Hi {{guest_name}}, this is {{ operator_name }}.', { guest_name: 'Мария', operator_name: 'Anna' }),
    { text: 'Hi Мария, this is Anna.', firstLeft: null });
  const left = fillPlaceholders('Hi {{guest_name}}, this is {{operator_name}}.', { operator_name: 'Anna', guest_name: '  ' });
  assert.equal(left.text, 'Hi {{guest_name}}, this is Anna.');
  assert.deepEqual(left.firstLeft, { start: 3, end: 17 });
  assert.equal(left.text.slice(left.firstLeft.start, left.firstLeft.end), '{{guest_name}}');
  assert.deepEqual(fillPlaceholders('{{order_id}} and {{guest_name}}', { guest_name: 'Bob' }),
    { text: '{{order_id}} and Bob', firstLeft: { start: 0, end: 12 } });
  assert.deepEqual(fillPlaceholders('No placeholders, {single} braces.'), { text: 'No placeholders, {single} braces.', firstLeft: null });
});
