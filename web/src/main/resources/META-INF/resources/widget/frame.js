// The chat iframe: opens the guest's dialog, loads its history, and only then goes live
// (seed 000). Everything the guest or an operator wrote is shown with textContent. Every other word
// comes from the message catalogue (js/ui/locales), in the language the loader chose.
import { GuestClient } from '../js/switchboard-client.js';
import { linkCache } from '../js/ui/attachments.js';
import { h, messageKey, renderKeyed } from '../js/ui/dom.js';
import { errorText, formatDateTime, pickLocale, setLocale, t } from '../js/ui/i18n.js';
import { updateMessageRow } from '../js/ui/message-row.js';

const params = new URLSearchParams(location.search);
const siteToken = params.get('site_token') || undefined;
const assistantId = params.get('assistant_id') || undefined;
const parentOrigin = params.get('parent_origin') || null;
const embedded = window.parent !== window;
const debug = params.get('debug') === '1';
const HEX = /^#[0-9a-f]{6}$/i;

// The loader chose the language (data-locale, else the browser's); opened on its own, the browser's.
const chosenLocale = setLocale(pickLocale(params.get('locale'), navigator.languages, navigator.language));

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const ui = {
  title: $('widget-title'),
  status: $('widget-dialog-status'),
  conn: $('connection-state'),
  error: $('widget-error'),
  scroll: $('message-scroll'),
  greeting: $('widget-greeting'),
  list: $('message-list'),
  announcer: $('announcer'),
  typing: $('typing-indicator'),
  handoff: $('widget-handoff'),
  restart: $('widget-restart'),
  form: $('widget-form'),
  input: $('message-input'),
  send: $('send-button'),
  attach: $('attach-button'),
  attachInput: $('attach-input'),
  close: $('widget-close'),
  operators: $('widget-operators'),
  emailForm: $('widget-email-form'),
  emailInput: $('email-input'),
  emailError: $('email-error'),
  emailSaved: $('widget-email-saved'),
  emailSavedText: $('email-saved-text'),
  emailChange: $('email-change'),
};

// ---- words and branding --------------------------------------------------------------------

for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
const title = params.get('title')?.trim() || t('widget.title');
ui.title.textContent = title;
document.title = title;
ui.greeting.textContent = params.has('greeting') ? params.get('greeting').trim() : t('widget.greeting');
// The loader validated the colour and chose the ink by luminance; only plain #rrggbb is taken here.
if (HEX.test(params.get('color') ?? '') && HEX.test(params.get('ink') ?? '')) {
  document.documentElement.style.setProperty('--accent', params.get('color'));
  document.documentElement.style.setProperty('--accent-ink', params.get('ink'));
  // A light brand colour (dark ink) is too faint for a focus ring on white: the ring takes the ink.
  if (params.get('ink').toLowerCase() !== '#ffffff') document.documentElement.style.setProperty('--focus', 'var(--ink)');
}

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

/**
 * A failed API call in the visitor's words: the server's error code through the catalogue
 * (`widget.errors.<code>`, else the shared `errors.<code>`, else "something went wrong").
 */
function apiErrorText(err) {
  const key = `widget.errors.${err?.code}`;
  const text = err?.code && t(key) !== key ? t(key) : errorText({ error: err?.code, message: t('errors.unknown') });
  return debug && err?.message ? `${text} [${err.status ?? ''} ${err.code ?? ''}: ${err.message}]` : text;
}

if (!siteToken && !assistantId) {
  showError(t('widget.error.noToken'));
  throw new Error('frame.html needs ?site_token= or ?assistant_id=');
}

/**
 * What the operators see about the visitor (guest context): the host page's address, which only
 * the loader knows (it passes location.href as page_url), and the chosen language; sent with the
 * body that opens (or creates) the dialog.
 */
const guestContext = { locale: chosenLocale };
if (params.get('page_url')) guestContext.page_url = params.get('page_url').slice(0, 2000);

const numberParam = (name) => (params.has(name) ? Number(params.get(name)) : undefined);
const client = new GuestClient({
  siteToken,
  assistantId,
  guestToken: loadGuestToken(),
  onGuestToken: saveGuestToken,
  transports: params.get('transports')?.split(',').filter(Boolean),
  probeMinMs: numberParam('probe_ms'),
  context: guestContext,
});
window.switchboard = client; // for the browser console and the end-to-end tests

// ---- rendering -----------------------------------------------------------------------------

function senderName(message) {
  const sender = message.sender ?? 'user';
  if (sender === 'user' || sender === 'system') return '';
  return message.author || t(`widget.sender.${sender}`);
}

/** Signed links to the dialog's attachments, asked for once per attachment while they are valid. */
const attachmentLink = linkCache((id) => client.attachmentLink(id));

function messageNode() {
  return h('li', { class: 'msg', testid: 'message' },
    h('span', { class: 'msg__meta' }, h('span', { class: 'msg__author', testid: 'message-author' }), h('span', { class: 'msg__time' })),
    h('span', { class: 'msg__text', testid: 'message-text' }),
    h('span', { class: 'msg__attachment', testid: 'message-attachment', hidden: true }));
}

function updateMessageNode(node, message) {
  updateMessageRow(node, message, { sender: message.sender ?? 'user', audience: 'widget', attachmentLink,
    retry: () => {
      unsent.delete(message.client_msg_id);
      client.retry(message.client_msg_id).catch((err) => sendFailed(message.client_msg_id, err));
    } });
  const when = message.pending
    ? t(message.failed ? 'widget.message.notSent' : 'widget.message.sending')
    : (message.created_at ? formatDateTime(message.created_at) : '');
  const author = senderName(message);
  node.querySelector('.msg__author').textContent = author;
  node.querySelector('.msg__time').textContent = author && when ? ` · ${when}` : when;
}

function renderMessages() {
  const s = ui.scroll;
  const atBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 40;
  renderKeyed(ui.list, client.messages(), { key: messageKey, create: messageNode, update: updateMessageNode });
  const messages = client.messages();
  if (atBottom || messages[messages.length - 1]?.pending) s.scrollTop = s.scrollHeight;
}

function renderDialog(dialog) {
  const status = dialog?.status ?? 'bot';
  ui.status.textContent = t(`widget.status.${status}`);
  ui.status.dataset.status = status;
  const closed = status === 'closed';
  ui.handoff.hidden = closed;
  ui.handoff.disabled = status !== 'bot';
  ui.handoff.textContent = t(status === 'bot' ? 'widget.handoff.ask'
    : status === 'waiting_operator' ? 'widget.handoff.asked' : 'widget.handoff.here');
  ui.restart.hidden = !closed;
  ui.input.disabled = closed;
  ui.send.disabled = closed;
  ui.attach.disabled = closed;
}

/**
 * The connection line in plain words: "Connecting…", "Online", "No connection, messages will be
 * sent later". Transport names, close codes and the URL only with data-debug. It is not a live
 * region: a screen reader hears new messages (the announcer), not transport changes.
 */
function showConnection(status) {
  ui.conn.dataset.state = status.state;
  ui.conn.dataset.transport = status.state === 'live' ? status.transport ?? '' : '';
  const key = `widget.conn.${status.state}`;
  let text = t(key) === key ? t('widget.conn.idle') : t(key);
  if (debug) {
    const detail = [status.transport, status.code, status.reason,
      status.retryInMs ? `${Math.round(status.retryInMs / 1000)} s` : null].filter(Boolean).join(' · ');
    if (detail) text += ` [${detail}]`;
    ui.conn.title = [status.url, status.reason].filter(Boolean).join('\n');
  }
  ui.conn.textContent = text;
}

// ---- announcements, sound and the title (new replies only) ---------------------------------

let liveFromSeq = Infinity; // messages above the seq the boot loaded are new
function announce(message) {
  const line = h('p', {}, t('widget.announce', { name: senderName(message), text: message.text }));
  ui.announcer.append(line);
  while (ui.announcer.childElementCount > 3) ui.announcer.firstElementChild.remove();
}

client.on('message', ({ message }) => {
  if (message.sender !== 'user') ui.typing.hidden = true;
  if (!(message.seq > liveFromSeq) || message.sender === 'user') return;
  liveFromSeq = message.seq;
  if (message.sender === 'system') return;
  announce(message);
  if (message.sender === 'operator' && embedded) window.parent.postMessage({ type: 'sb:reply' }, parentOrigin || '*');
});

// ---- typing --------------------------------------------------------------------------------

let typingHideTimer = null;
client.on('typing', ({ dialogId, who, author, state }) => {
  if (dialogId !== client.dialogId || who === 'user' || who === 'guest') return;
  clearTimeout(typingHideTimer);
  ui.typing.hidden = !state;
  ui.typing.textContent = state ? t('widget.typing', { name: author || t(`widget.sender.${who === 'assistant' ? 'assistant' : 'operator'}`) }) : '';
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

// ---- read state, the launcher badge and "a dialog is active" ------------------------------

let open = !embedded;
let readSeq = 0;
let readTimer = null;

function unreadCount() {
  return client.messages().filter((m) => m.seq > readSeq && m.sender !== 'user' && m.sender !== 'system').length;
}

function tellParent(message) {
  if (embedded) window.parent.postMessage(message, parentOrigin || '*');
}

function syncRead() {
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    const last = client.lastSeq(client.dialogId);
    if (open && document.visibilityState === 'visible' && last > readSeq) {
      readSeq = last;
      client.markRead(last).catch((err) => console.warn('[switchboard] could not mark read', err));
    }
    tellParent({ type: 'sb:unread', count: unreadCount() });
    // The loader remembers an active dialog, so the next page creates this frame (hidden) at once
    // and the launcher shows the replies that come in meanwhile.
    tellParent({ type: 'sb:dialog', active: !!client.dialog && client.dialog.status !== 'closed' && last > 0 });
  }, 300);
}

document.addEventListener('visibilitychange', syncRead);
window.addEventListener('message', (event) => {
  if (event.source !== window.parent || event.data?.type !== 'sb:visibility') return;
  open = !!event.data.open;
  if (open && !ui.input.disabled) ui.input.focus();
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
  const sending = client.send(text);
  // The bubble is added before the first await: the newest pending one is this message.
  const pending = client.messages().filter((m) => m.pending);
  const bubble = pending[pending.length - 1];
  sending.catch((err) => sendFailed(bubble?.client_msg_id, err));
});

// ---- attachments -------------------------------------------------------------------------

ui.attach.addEventListener('click', () => ui.attachInput.click());
ui.attachInput.addEventListener('change', () => {
  const files = [...(ui.attachInput.files ?? [])];
  ui.attachInput.value = '';
  if (!client.dialogId) return;
  for (const file of files) {
    const sending = client.sendFile(file);
    const pending = client.messages().filter((m) => m.pending);
    const bubble = pending[pending.length - 1];
    sending.then(() => showError(null), (err) => {
      showError(t('widget.attach.failed', { name: file.name, reason: apiErrorText(err) }));
      sendFailed(bubble?.client_msg_id, err);
    });
  }
});

// ---- "messages will be sent later": a send that failed for want of a connection goes again ----

const unsent = new Set();
function sendFailed(clientMsgId, err) {
  console.warn('[switchboard] message not sent', err);
  // No answer, or the service is failing: sent again (same client_msg_id, stored at most once) as
  // soon as the chat is live again. A refusal (too long, closed) waits for the visitor's retry.
  const transient = !err?.status || err.status >= 500 || err.status === 429;
  if (clientMsgId && transient) unsent.add(clientMsgId);
}
function sendUnsent() {
  for (const id of [...unsent]) {
    unsent.delete(id);
    client.retry(id).catch((err) => sendFailed(id, err));
  }
}
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
    showError(t('widget.error.handoff', { reason: apiErrorText(err) }));
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
  ui.close.addEventListener('click', () => tellParent({ type: 'sb:close', reason: 'button' }));
  // Esc closes the widget; the loader gives the focus back to the launcher.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing) {
      event.preventDefault();
      tellParent({ type: 'sb:close', reason: 'escape' });
    }
  });
}

// ---- operators online, and the visitor's email for replies (issue 14) ------------------------

const AVAILABILITY_EVERY_MS = 30000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
let availability = null;
let editingEmail = false;

/**
 * "Operators are online" or "we will reply by email"; with nobody online, a form for the visitor's
 * address (or the address they left, with a way to change it). Replies the visitor does not see in
 * the chat are mailed there, and answering that mail continues this conversation.
 */
function renderAvailability() {
  const a = availability;
  const closed = client.dialog?.status === 'closed';
  ui.operators.hidden = !a || closed;
  if (a) {
    ui.operators.dataset.online = String(a.operators_online);
    ui.operators.textContent = t(a.operators_online ? 'widget.operators.online'
      : a.email_enabled ? 'widget.operators.offline' : 'widget.operators.offlineNoEmail');
  }
  const mailable = !!a && a.email_enabled && !closed;
  const showForm = mailable && (editingEmail || (!a.email && !a.operators_online));
  const wasHidden = ui.emailForm.hidden;
  ui.emailForm.hidden = !showForm;
  if (showForm && wasHidden && a.email) ui.emailInput.value = a.email;
  ui.emailSaved.hidden = !mailable || showForm || !a.email;
  if (a?.email) ui.emailSavedText.textContent = t('widget.email.saved', { email: a.email });
}

async function refreshAvailability() {
  if (!client.dialogId) return;
  try {
    availability = await client.api.availability(client.dialogId);
    renderAvailability();
  } catch (err) {
    console.warn('[switchboard] could not tell whether operators are online', err);
  }
}

function emailError(text) {
  ui.emailError.hidden = !text;
  ui.emailError.textContent = text ?? '';
  if (text) ui.emailInput.setAttribute('aria-invalid', 'true');
  else ui.emailInput.removeAttribute('aria-invalid');
}

ui.emailForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = ui.emailInput.value.trim();
  if (!EMAIL.test(email) || email.length > 254) {
    emailError(t('widget.email.invalid'));
    ui.emailInput.focus();
    return;
  }
  emailError(null);
  try {
    availability = await client.api.saveEmail(client.dialogId, email, chosenLocale);
    editingEmail = false;
    renderAvailability();
    ui.emailChange.focus();
  } catch (err) {
    emailError(err?.code === 'validation' ? t('widget.email.invalid') : t('widget.email.failed', { reason: apiErrorText(err) }));
    ui.emailInput.focus();
  }
});
ui.emailInput.addEventListener('input', () => { if (!ui.emailError.hidden) emailError(null); });
ui.emailChange.addEventListener('click', () => {
  editingEmail = true;
  renderAvailability();
  ui.emailInput.focus();
});
setInterval(() => { if (open && document.visibilityState === 'visible') refreshAvailability(); }, AVAILABILITY_EVERY_MS);
window.addEventListener('message', (event) => {
  if (event.source === window.parent && event.data?.type === 'sb:visibility' && event.data.open) refreshAvailability();
});

// ---- client events -------------------------------------------------------------------------

client.on('change', renderMessages);
client.on('change', syncRead);
client.on('dialog', ({ dialog }) => { renderDialog(client.dialog ?? dialog); renderAvailability(); });
client.on('state', (status) => {
  showConnection(status);
  if (status.state === 'error' || status.state === 'unauthorized') {
    showError(debug && status.reason ? `${t(`widget.conn.${status.state}`)} [${status.code ?? ''} ${status.reason}]` : null);
  } else if (status.state === 'live') {
    showError(null);
    sendUnsent();
  }
});
client.on('server-error', (frame) => console.warn('[switchboard] server said', frame));

/** Explains a refused site token in words (seed 003: "widget disconnects right after connecting"). */
async function explainRefusal(err) {
  if (err.status === 403 && siteToken) {
    let domain = null;
    try { domain = parentOrigin ? new URL(parentOrigin).host : location.host; } catch { /* bad parent origin */ }
    try {
      const verdict = await client.api.validateToken(domain);
      if (verdict && !verdict.valid) {
        const key = `widget.refusal.${verdict.reason}`;
        return t(key) === key ? t('widget.refusal.other', { reason: verdict.reason }) : t(key, { domain });
      }
    } catch { /* fall through to the server's error code */ }
  }
  return t('widget.error.cannotStart', { reason: apiErrorText(err) });
}

async function boot(start = () => client.start()) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const dialog = await start();
      showError(null);
      renderDialog(client.dialog ?? dialog);
      // What the guest had not read before this page (its watermark is last_seq - unread) still
      // counts for the launcher's badge; what arrives from now on is announced.
      readSeq = Math.max(0, Number(dialog.last_seq ?? 0) - Number(dialog.unread ?? 0));
      liveFromSeq = Math.max(client.lastSeq(client.dialogId), Number(dialog.last_seq ?? 0));
      ui.input.disabled = client.dialog?.status === 'closed';
      if (open && !ui.input.disabled) ui.input.focus();
      syncRead();
      refreshAvailability();
      return;
    } catch (err) {
      if (err.status && err.status >= 400 && err.status < 500 && err.status !== 429) {
        showError(await explainRefusal(err));
        showConnection({ state: 'error', reason: err.message, code: err.status });
        ui.status.textContent = t('widget.status.unavailable');
        ui.handoff.hidden = true;
        return;
      }
      const delay = Math.min(30000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
      const text = t('widget.error.unreachable', { seconds: Math.round(delay / 1000) });
      showError(debug ? `${text} [${err.message}]` : text);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

window.addEventListener('online', () => client.reconnect());
boot();
