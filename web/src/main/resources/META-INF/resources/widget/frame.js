// The chat iframe: opens the guest's dialog, loads its history, and only then goes live
// (seed 000). Everything the guest or an operator wrote is shown with textContent.
import { GuestClient } from '../js/switchboard-client.js';
import { h, messageKey, renderKeyed, formatTime, showStatus } from '../js/ui/dom.js';

const params = new URLSearchParams(location.search);
const siteToken = params.get('site_token') || undefined;
const assistantId = params.get('assistant_id') || undefined;
const parentOrigin = params.get('parent_origin') || null;
const embedded = window.parent !== window;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const ui = {
  status: $('widget-dialog-status'),
  conn: $('connection-state'),
  error: $('widget-error'),
  list: $('message-list'),
  typing: $('typing-indicator'),
  handoff: $('widget-handoff'),
  restart: $('widget-restart'),
  form: $('widget-form'),
  input: $('message-input'),
  send: $('send-button'),
  close: $('widget-close'),
};

const SENDER_LABEL = { assistant: 'Assistant', operator: 'Operator', system: '' };
const STATUS_TEXT = {
  bot: 'Our assistant answers right away',
  waiting_operator: 'Waiting for a human operator…',
  operator: 'You are talking to a person',
  closed: 'This conversation is closed',
};

/**
 * The guest's credential (issued by the server on the first open) survives reloads, one per
 * assistant (per site token in site mode, since a credential is bound to the widget it came
 * through): localStorage, else a first-party cookie, else this page only. Never logged.
 */
const credentialKey = siteToken ? `site.${siteToken}` : `assistant.${assistantId}`;
const cookieName = `sb_gt_${siteToken ? `s${siteToken}` : `a${assistantId}`}`.replace(/[^A-Za-z0-9_-]/g, '_');

function loadGuestToken() {
  try {
    return localStorage.getItem(`switchboard.guest_token.${credentialKey}`) || undefined;
  } catch { /* storage blocked (third-party iframe, private mode) */ }
  const match = new RegExp(`(?:^|; )${cookieName}=([^;]+)`).exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : undefined;
}

function saveGuestToken(token) {
  try {
    localStorage.setItem(`switchboard.guest_token.${credentialKey}`, token);
    return;
  } catch { /* storage blocked: fall back to a cookie */ }
  const value = `${cookieName}=${encodeURIComponent(token)}; max-age=31536000; path=/`;
  document.cookie = `${value}; SameSite=None; Secure`;
  if (!document.cookie.includes(`${cookieName}=`)) document.cookie = `${value}; SameSite=Lax`;
}

function showError(text) {
  ui.error.hidden = !text;
  ui.error.textContent = text ?? '';
}

if (!siteToken && !assistantId) {
  showError('This chat was opened without a site token or assistant id.');
  throw new Error('frame.html needs ?site_token= or ?assistant_id=');
}

const numberParam = (name) => (params.has(name) ? Number(params.get(name)) : undefined);
const client = new GuestClient({
  siteToken,
  assistantId,
  guestToken: loadGuestToken(),
  onGuestToken: saveGuestToken,
  transports: params.get('transports')?.split(',').filter(Boolean),
  probeMinMs: numberParam('probe_ms'),
});
window.switchboard = client; // for the browser console and the end-to-end tests

// ---- rendering -----------------------------------------------------------------------------

function messageNode(message) {
  return h('li', { class: 'msg', testid: 'message' },
    h('span', { class: 'msg__meta' }),
    h('span', { class: 'msg__text', testid: 'message-text' }));
}

function updateMessageNode(node, message) {
  const sender = message.sender ?? 'user';
  node.className = `msg msg--${sender}${message.pending ? ' msg--pending' : ''}${message.failed ? ' msg--failed' : ''}`;
  node.dataset.sender = sender;
  node.dataset.seq = message.seq ?? '';
  node.dataset.pending = String(!!message.pending);
  const label = sender === 'user' ? '' : (message.author || SENDER_LABEL[sender] || '');
  const meta = node.querySelector('.msg__meta');
  meta.textContent = [label, message.pending ? (message.failed ? 'not sent' : 'sending…') : formatTime(message.created_at)]
    .filter(Boolean).join(' · ');
  const text = node.querySelector('.msg__text');
  if (text.textContent !== message.text) text.textContent = message.text;
  node.querySelector('.msg__retry')?.remove();
  if (message.failed) {
    node.append(h('button', { type: 'button', class: 'msg__retry', testid: 'message-retry',
      onclick: () => client.retry(message.client_msg_id).catch(() => {}) }, 'Not sent — retry'));
  }
}

function renderMessages() {
  const atBottom = ui.list.scrollHeight - ui.list.scrollTop - ui.list.clientHeight < 40;
  renderKeyed(ui.list, client.messages(), { key: messageKey, create: messageNode, update: updateMessageNode });
  if (atBottom || client.messages().at(-1)?.pending) ui.list.scrollTop = ui.list.scrollHeight;
}

function renderDialog(dialog) {
  const status = dialog?.status ?? 'bot';
  ui.status.textContent = STATUS_TEXT[status] ?? status;
  ui.status.dataset.status = status;
  const closed = status === 'closed';
  ui.handoff.hidden = closed;
  ui.handoff.disabled = status !== 'bot';
  ui.handoff.textContent = status === 'bot' ? 'Talk to a human' : status === 'waiting_operator' ? 'A human was asked to join' : 'A human is here';
  ui.restart.hidden = !closed;
  ui.input.disabled = closed;
  ui.send.disabled = closed;
}

// ---- typing --------------------------------------------------------------------------------

let typingHideTimer = null;
client.on('typing', ({ dialogId, who, author, state }) => {
  if (dialogId !== client.dialogId || who === 'user' || who === 'guest') return;
  clearTimeout(typingHideTimer);
  ui.typing.hidden = !state;
  ui.typing.textContent = state ? `${author || (who === 'assistant' ? 'Assistant' : 'Operator')} is typing…` : '';
  if (state) typingHideTimer = setTimeout(() => { ui.typing.hidden = true; }, 6000);
});

// The operator's dashboard hides the indicator 6 s after the last `true`: repeat it while typing.
const TYPING_REPEAT_MS = 3000;
let typingSentAt = 0;
let typingIdleTimer = null;
function stopTyping() {
  clearTimeout(typingIdleTimer);
  if (typingSentAt) client.typing(false);
  typingSentAt = 0;
}
ui.input.addEventListener('input', () => {
  ui.input.style.height = 'auto';
  ui.input.style.height = `${ui.input.scrollHeight}px`;
  if (ui.input.value.trim() && Date.now() - typingSentAt > TYPING_REPEAT_MS && client.typing(true)) typingSentAt = Date.now();
  clearTimeout(typingIdleTimer);
  typingIdleTimer = setTimeout(stopTyping, 2500);
});

// ---- read state and the launcher badge -----------------------------------------------------

let open = !embedded;
let readSeq = 0;
let readTimer = null;

function unreadCount() {
  return client.messages().filter((m) => m.seq > readSeq && m.sender !== 'user').length;
}

function syncRead() {
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    const last = client.lastSeq(client.dialogId);
    if (open && document.visibilityState === 'visible' && last > readSeq) {
      readSeq = last;
      client.markRead(last).catch((err) => console.warn('[switchboard] could not mark read', err));
    }
    if (embedded) window.parent.postMessage({ type: 'sb:unread', count: unreadCount() }, parentOrigin || '*');
  }, 300);
}

document.addEventListener('visibilitychange', syncRead);
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || event.data?.type !== 'sb:visibility') return;
  open = !!event.data.open;
  if (open) ui.input.focus();
  syncRead();
});

// ---- actions -------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.input.value.trim();
  if (!text || !client.dialogId) return;
  ui.input.value = '';
  ui.input.style.height = 'auto';
  stopTyping();
  client.send(text).catch((err) => console.warn('[switchboard] message not sent', err));
});
ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.handoff.addEventListener('click', async () => {
  ui.handoff.disabled = true;
  try {
    renderDialog(await client.handoff());
  } catch (err) {
    showError(`Could not ask for a human: ${err.message}`);
    renderDialog(client.dialog);
  }
});
ui.restart.addEventListener('click', async () => {
  ui.restart.hidden = true;
  ui.list.replaceChildren();
  await boot(() => client.restart());
});
if (embedded) {
  ui.close.hidden = false;
  ui.close.addEventListener('click', () => window.parent.postMessage({ type: 'sb:close' }, parentOrigin || '*'));
}

// ---- client events -------------------------------------------------------------------------

client.on('change', renderMessages);
client.on('change', syncRead);
client.on('message', ({ message }) => {
  if (message.sender !== 'user') ui.typing.hidden = true;
});
client.on('dialog', ({ dialog }) => renderDialog(client.dialog ?? dialog));
client.on('state', (status) => {
  showStatus(ui.conn, status);
  if (status.state === 'error' || status.state === 'unauthorized') showError(status.reason);
  else if (status.state === 'live') showError(null);
});
client.on('server-error', (frame) => console.warn('[switchboard] server said', frame));

/** Explains a refused site token in words (seed 003: "widget disconnects right after connecting"). */
async function explainRefusal(err) {
  if (err.status === 403 && siteToken) {
    let domain = null;
    try { domain = parentOrigin ? new URL(parentOrigin).host : location.host; } catch { /* bad parent origin */ }
    try {
      const verdict = await client.api.validateToken(domain);
      const reasons = {
        domain_not_allowed: `this site (${domain}) is not in the widget's allowed domains`,
        revoked: 'the site token was revoked',
        domains_changed: 'the allowed domains changed; the site needs the new embed snippet',
        unknown_token: 'the site token is unknown',
      };
      if (verdict && !verdict.valid) return `The chat cannot start: ${reasons[verdict.reason] ?? verdict.reason}.`;
    } catch { /* fall through to the server's message */ }
  }
  return `The chat cannot start: ${err.message}`;
}

async function boot(start = () => client.start()) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const dialog = await start();
      showError(null);
      renderDialog(client.dialog ?? dialog);
      readSeq = client.lastSeq(client.dialogId);
      ui.input.disabled = client.dialog?.status === 'closed';
      if (open && !ui.input.disabled) ui.input.focus();
      return;
    } catch (err) {
      if (err.status && err.status >= 400 && err.status < 500 && err.status !== 429) {
        showError(await explainRefusal(err));
        showStatus(ui.conn, { state: 'error', reason: err.message });
        ui.status.textContent = 'Chat unavailable';
        ui.handoff.hidden = true;
        return;
      }
      const delay = Math.min(30000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
      showError(`Cannot reach the chat service (${err.message}); retrying in ${Math.round(delay / 1000)} s.`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

window.addEventListener('online', () => client.reconnect());
boot();
