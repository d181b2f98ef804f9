// One frame per operator post (issues 16/17, docs/protocol.md "Posting moves the author's watermark"): an
// operator's reply sends every subscriber of the dialog exactly one frame (`message:new`, naming its author in
// `message.author_id`) and every dialog list exactly one (`dialog:update`, naming the author's `reader`), no `read`
// event besides. The same operator's other tab, which has the dialog only in its list, clears its unread badge from
// that one frame. A dialog socket and a list socket of the same operator count the frames; a list socket of another
// assistant's operator sees nothing of it. See e2e.test.mjs for how the suite runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  adminToken,
  API,
  demoAssistantId,
  eventually,
  LIVE_TIMEOUT,
  newContext,
  rest,
  signIn,
  unique,
  useSystem,
  waitLive,
} from './support.mjs';

useSystem();

/** A new operator of `assistantId`, signed in over REST (its token is what its other devices would use). */
async function operator(name, assistantId) {
  const username = unique('op').replace(/\W+/g, '-');
  const password = 'frames-e2e-password-1';
  const user = await rest('POST', '/api/users', { username, password, display_name: name, role: 'operator' }, adminToken);
  await rest('POST', `/api/assistants/${assistantId}/members`, { user_id: user.id }, adminToken);
  const { access_token: token } = await rest('POST', '/api/auth/login', { username, password }, null);
  return { ...user, username, password, token };
}

/**
 * Opens a raw WebSocket of the admin service inside `page` (a page of the API's origin) with a one-time ticket of
 * `token`, and records every frame it receives in `window.frames_<name>`. Resolves once the socket said `connected`.
 */
async function recordSocket(page, name, path, token) {
  const { ticket } = await rest('POST', '/api/ws-ticket', {}, token);
  const { admin_ws_url: adminWs } = await rest('GET', '/api/client-config', undefined, null);
  const base = (adminWs || API).replace(/^http/, 'ws');
  await page.evaluate(({ url, key }) => new Promise((resolve, reject) => {
    const frames = [];
    window[key] = frames;
    const ws = new WebSocket(url);
    ws.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      frames.push(frame);
      if (frame.type === 'connected') resolve();
    };
    ws.onclose = (e) => reject(new Error(`closed ${e.code} ${e.reason}`));
  }), { url: `${base}${path}${path.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`, key: `frames_${name}` });
}

const framesOf = (page, name) => page.evaluate((key) => window[key], `frames_${name}`);

test("an operator's reply is one frame per subscriber, and the operator's other tab clears its badge from it", async () => {
  const fedor = await operator('Fedor', demoAssistantId);
  const other = await rest('POST', '/api/assistants', { name: unique('Other shop') }, adminToken);
  const stranger = await operator('Stranger', other.id);
  // A guest asks for a human; Fedor takes the dialog over (over REST: his phone, say).
  const opened = await rest('POST', '/api/widget/dialogs', { assistant_id: demoAssistantId, context: { name: 'Ilya' } }, null);
  const guestQuery = `assistant_id=${demoAssistantId}&guest_token=${encodeURIComponent(opened.guest_token)}`;
  const guestSays = (text) => rest('POST', `/api/widget/dialogs/${opened.id}/messages?${guestQuery}`,
    { text, client_msg_id: unique('m').replace(/\W+/g, '') }, null);
  await guestSays('Is my parcel lost?');
  await rest('POST', `/api/widget/dialogs/${opened.id}/handoff?${guestQuery}`, {}, null);
  await rest('POST', `/api/dialogs/${opened.id}/takeover`, {}, fedor.token);
  const asked = await guestSays('Hello? Anyone there?');

  const context = await newContext({ locale: 'en-US' });
  try {
    // Fedor's dashboard tab has the dialog in its list only, with the guest's messages unread.
    const tab = await signIn(context, fedor.username, fedor.password);
    const item = tab.locator(`[data-testid="dialog-item"][data-dialog-id="${opened.id}"]`);
    await item.waitFor({ timeout: LIVE_TIMEOUT });
    await eventually(async () => Number(await item.getAttribute('data-unread')), (n) => n >= 1,
      'the guest\'s messages are unread in Fedor\'s list');

    // Sockets that count frames: one on the dialog, Fedor's list, and the list of another assistant's operator.
    const probe = await context.newPage();
    await probe.goto(`${API}/api/client-config`);
    await recordSocket(probe, 'dialog', `/ws/dialogs/${opened.id}?after_seq=${asked.seq}`, fedor.token);
    await recordSocket(probe, 'list', '/ws', fedor.token);
    await recordSocket(probe, 'stranger', '/ws', stranger.token);
    // `connected` came first on each: whatever is published from now on reaches them.

    const reply = await rest('POST', `/api/dialogs/${opened.id}/messages`,
      { text: 'Found it, it ships tomorrow.', client_msg_id: unique('r').replace(/\W+/g, '') }, fedor.token);
    assert.equal(reply.author_id, fedor.id, 'the stored reply names its author');

    // The other tab's badge clears, though that tab never opened the dialog and no `read` event was sent.
    await tab.locator(`[data-testid="dialog-item"][data-dialog-id="${opened.id}"][data-unread="0"]`)
      .waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(await item.getByTestId('unread-badge').isHidden(), true);

    // A marker after the reply: whatever the reply published arrived before it on both channels.
    const marker = await guestSays('Thank you!');
    const ofDialog = (frames) => frames.filter((f) => Number(f.dialog_id ?? f.dialog?.id) === opened.id);
    await eventually(() => framesOf(probe, 'dialog'),
      (f) => f.some((x) => x.type === 'message:new' && x.seq === marker.seq), 'the marker reached the dialog socket');
    await eventually(() => framesOf(probe, 'list'),
      (f) => ofDialog(f).some((x) => x.type === 'dialog:update' && x.dialog.last_seq === marker.seq), 'the marker reached the list');

    const dialogFrames = ofDialog(await framesOf(probe, 'dialog')).filter((f) => f.type !== 'subscribed');
    assert.deepEqual(dialogFrames.map((f) => [f.type, f.seq]), [['message:new', reply.seq], ['message:new', marker.seq]],
      'one frame for the reply on the dialog socket, no read');
    assert.equal(dialogFrames[0].message.author_id, fedor.id);
    assert.equal(dialogFrames[1].message.author_id, undefined, 'a guest\'s message names no author');

    const listFrames = ofDialog(await framesOf(probe, 'list')).filter((f) => (f.dialog?.last_seq ?? f.seq) >= reply.seq);
    assert.deepEqual(listFrames.map((f) => [f.type, f.dialog?.last_seq]), [['dialog:update', reply.seq], ['dialog:update', marker.seq]],
      'one frame for the reply in the list, no read');
    assert.equal(listFrames[0].reader, `user:${fedor.id}`);
    assert.equal(listFrames[1].reader, undefined);

    // Another assistant's operator: nothing of this dialog, and nobody's reader of it.
    const strangerFrames = await framesOf(probe, 'stranger');
    assert.deepEqual(ofDialog(strangerFrames), []);
    assert.ok(!JSON.stringify(strangerFrames).includes(`user:${fedor.id}`));
  } finally {
    await context.close();
  }
});
