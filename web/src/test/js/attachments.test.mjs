import assert from 'node:assert/strict';
import test from 'node:test';
import { FakeClock, FakeEventSource, FakeWebSocket, LIB, flush, msg, silentLog } from './support/fakes.mjs';

// The sources, or (bundle.test.mjs may run this file again) the minified bundle the build made.
const { GuestClient, OperatorApi, RestClient } = await import(globalThis.switchboardClientUnderTest ?? `${LIB}switchboard-client.js`);

const PAGE = 'http://localhost:8080/widget/frame.html';
const ATTACHMENT = { id: '6f1c0c1e-0000-4000-8000-000000000001', name: 'cat.png', content_type: 'image/png', size: 4,
  width: 2, height: 2, has_thumbnail: true };

/** A fake API for dialog 7 that takes multipart uploads as the server does: the file and an optional client_msg_id. */
function uploadingApi({ failFirstUpload = false } = {}) {
  const stored = [msg(1)];
  const uploads = [];
  let failures = failFirstUpload ? 1 : 0;
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetchImpl = async (url, init = {}) => {
    const u = new URL(url);
    const method = init.method ?? 'GET';
    if (u.pathname === '/api/client-config') return json(200, { widget_ws_url: 'http://localhost:8082' });
    if (method === 'POST' && u.pathname === '/api/site/dialogs') {
      return json(200, { id: 7, status: 'bot', last_seq: stored.at(-1).seq, guest_token: 'gt_guest-1' });
    }
    if (method === 'GET' && u.pathname === '/api/site/dialogs/7/messages') {
      const after = Number(u.searchParams.get('after_seq'));
      return json(200, { dialog_id: 7, last_seq: stored.at(-1).seq, messages: stored.filter((m) => m.seq > after) });
    }
    if (method === 'POST' && u.pathname === '/api/site/dialogs/7/attachments') {
      assert.ok(init.body instanceof FormData, 'an upload is multipart form data');
      assert.equal(init.headers['Content-Type'], undefined, 'the browser writes the multipart Content-Type itself');
      const file = init.body.get('file');
      const clientMsgId = init.body.get('client_msg_id');
      uploads.push({ name: file.name, size: file.size, clientMsgId, query: Object.fromEntries(u.searchParams) });
      if (failures-- > 0) return json(503, { error: 'unavailable', message: 'try again' });
      const existing = stored.find((m) => m.client_msg_id === clientMsgId);
      if (existing) return json(200, existing);
      const m = msg(stored.length + 1, { text: file.name, client_msg_id: clientMsgId, attachment: ATTACHMENT });
      stored.push(m);
      return json(201, m);
    }
    if (method === 'POST' && u.pathname === `/api/site/dialogs/7/attachments/${ATTACHMENT.id}/link`) {
      return json(200, { url: `/api/attachments/${ATTACHMENT.id}?variant=original&exp=1&sig=a`,
        thumbnail_url: `/api/attachments/${ATTACHMENT.id}?variant=thumbnail&exp=1&sig=b`, expires_at: '2026-11-21T10:05:00Z' });
    }
    return json(404, { error: 'not_found', message: `no fake route for ${method} ${u.pathname}` });
  };
  return { fetchImpl, stored, uploads };
}

function guest(api) {
  FakeWebSocket.reset();
  FakeEventSource.reset();
  return new GuestClient({
    apiBase: 'http://localhost:8080', siteToken: 'st_dev_demo_token', guestToken: 'gt_guest-1', location: PAGE,
    fetchImpl: api.fetchImpl, WebSocketImpl: FakeWebSocket, EventSourceImpl: FakeEventSource,
    timers: new FakeClock(), random: () => 0.5, log: silentLog,
  });
}

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'cat.png', { type: 'image/png' });

test('a file goes as multipart with a client_msg_id, shows as a pending bubble, and its stored message replaces it once', async () => {
  const api = uploadingApi();
  const client = guest(api);
  await client.start();
  const bubbles = [];
  client.on('pending', ({ bubble }) => bubbles.push(bubble));

  const sent = client.sendFile(png());
  assert.equal(bubbles[0].text, 'cat.png');
  assert.deepEqual(bubbles[0].attachment, { name: 'cat.png', size: 4, content_type: 'image/png', uploading: true });
  const message = await sent;

  assert.equal(api.uploads.length, 1);
  assert.equal(api.uploads[0].query.site_token, 'st_dev_demo_token');
  assert.equal(api.uploads[0].query.guest_token, 'gt_guest-1');
  assert.match(api.uploads[0].clientMsgId, /^[0-9a-f-]{36}$/);
  assert.deepEqual(message.attachment, ATTACHMENT);
  // The same message arriving live (seq 2) is not shown twice.
  FakeWebSocket.last().serverConnected();
  FakeWebSocket.last().serverSend({ v: 1, type: 'message:new', dialog_id: 7, seq: 2, message: api.stored[1] });
  await flush();
  const view = client.messages();
  assert.deepEqual(view.map((m) => m.seq), [1, 2]);
  assert.equal(view[1].attachment.id, ATTACHMENT.id);
  client.stop();
});

test('a failed upload is retried with the same client_msg_id, so the server stores it once', async () => {
  const api = uploadingApi({ failFirstUpload: true });
  const client = guest(api);
  await client.start();
  const failed = await client.sendFile(png()).catch((e) => e);
  assert.equal(failed.status, 503);
  const bubble = client.messages().at(-1);
  assert.equal(bubble.failed, true);
  assert.equal(bubble.attachment.name, 'cat.png');

  const message = await client.retry(bubble.client_msg_id);
  assert.equal(api.uploads.length, 2);
  assert.equal(api.uploads[1].clientMsgId, api.uploads[0].clientMsgId);
  assert.equal(message.seq, 2);
  assert.deepEqual(client.messages().map((m) => m.seq), [1, 2]);
  client.stop();
});

test('an empty file is refused before anything is sent', async () => {
  const api = uploadingApi();
  const client = guest(api);
  await client.start();
  await assert.rejects(client.sendFile(new File([], 'empty.txt')), /empty/);
  assert.equal(api.uploads.length, 0);
  client.stop();
});

test('signed links come back absolute, against the API base', async () => {
  const api = uploadingApi();
  const client = guest(api);
  await client.start();
  const link = await client.attachmentLink(ATTACHMENT.id);
  assert.equal(link.url, `http://localhost:8080/api/attachments/${ATTACHMENT.id}?variant=original&exp=1&sig=a`);
  assert.equal(link.thumbnail_url, `http://localhost:8080/api/attachments/${ATTACHMENT.id}?variant=thumbnail&exp=1&sig=b`);
  client.stop();

  const calls = [];
  const operator = new OperatorApi(new RestClient({ baseUrl: '', getToken: () => 'jwt', fetchImpl: async (url, init) => {
    calls.push({ url, init });
    return new Response(JSON.stringify({ url: '/api/attachments/x?sig=1', thumbnail_url: null, expires_at: 'z' }), { status: 200 });
  } }));
  const same = await operator.attachmentLink(9, 'x');
  assert.equal(same.url, '/api/attachments/x?sig=1', 'same origin: the path as it is');
  assert.equal(same.thumbnail_url, null);
  assert.equal(calls[0].url, '/api/dialogs/9/attachments/x/link');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer jwt');
});
