// Operator dashboard: dialog list with unread badges that jump to the top on new activity
// (seed 001), the open dialog live, reply, take over / release / close, typing both ways.
// Plain modules, no framework; every user-supplied string is set with textContent.
import { ApiError, OperatorClient } from '../js/switchboard-client.js';
import { formatTime, h, messageKey, renderKeyed, showStatus } from '../js/ui/dom.js';

const TOKEN_KEY = 'switchboard.admin.token';
const USER_KEY = 'switchboard.admin.user';
const $ = (testid, root = document) => root.querySelector(`[data-testid="${testid}"]`);

const ui = {
  loginView: $('login-view'),
  loginForm: $('login-form'),
  loginError: $('login-error'),
  app: $('app-view'),
  conn: $('connection-state'),
  user: $('current-user'),
  logout: $('logout'),
  filter: $('status-filter'),
  list: $('dialog-list'),
  listEmpty: $('dialog-list-empty'),
  placeholder: $('dialog-placeholder'),
  body: document.querySelector('.dialog__body'),
  title: $('dialog-title'),
  status: $('dialog-status'),
  assignee: $('dialog-assignee'),
  takeover: $('btn-takeover'),
  release: $('btn-release'),
  close: $('btn-close'),
  messages: $('message-list'),
  typing: $('typing-indicator'),
  replyForm: $('reply-form'),
  reply: $('reply-input'),
  send: $('reply-send'),
  toasts: $('toasts'),
  notifButton: $('notifications-button'),
  notifLabel: $('notifications-label'),
  notifUnread: $('notifications-unread'),
  notifPanel: $('notifications-panel'),
  notifTitle: $('notifications-title'),
  notifMarkAll: $('notifications-mark-all'),
  notifList: $('notifications-list'),
  notifEmpty: $('notifications-empty'),
};

// Notification strings in Russian and English, by the browser's language.
const LANG = /^ru\b/i.test(navigator.language ?? '') ? 'ru' : 'en';
const NOTIF_TEXT = {
  en: { title: 'Notifications', markAll: 'Mark all read', markOne: 'Mark read', empty: 'No notifications',
    unread: (n) => `${n} unread`, handoff: (id) => `Dialog #${id} asks for a human`, open: 'Open' },
  ru: { title: 'Уведомления', markAll: 'Прочитать все', markOne: 'Прочитано', empty: 'Уведомлений нет',
    unread: (n) => `непрочитанных: ${n}`, handoff: (id) => `Диалог №${id} просит оператора`, open: 'Открыть' },
}[LANG];

// Strings of the handoff lock and the account lifecycle, in the browser's language (Russian or English).
const RU = LANG === 'ru';
const say = (en, ru) => (RU ? ru : en);
/** What the stable error codes of a refused write mean to an operator. */
const WRITE_ERRORS = {
  take_over_first: say('Take over this dialog before replying: the assistant is answering it or it waits for an operator.',
    'Перехватите диалог, прежде чем отвечать: на него отвечает ассистент или он ждёт оператора.'),
  held_by_other_operator: say('Another operator is handling this dialog; only they can write into it (an admin takes it over first).',
    'Диалог ведёт другой оператор; писать в него может только он (администратор сначала перехватывает диалог).'),
  already_taken: say('Another operator is already handling this dialog.', 'Диалог уже ведёт другой оператор.'),
  dialog_closed: say('This dialog is closed.', 'Диалог закрыт.'),
};

const STATUS_LABEL = { bot: 'assistant', waiting_operator: 'waiting for operator', operator: 'operator', closed: 'closed' };
const SENDER_LABEL = { user: 'Guest', assistant: 'Assistant', operator: 'Operator', system: 'System' };

/** The dashboard's model: dialogs by id with this operator's read watermark, in list order. */
const model = {
  client: null,
  user: null,
  dialogs: new Map(),
  order: [],
  openId: null,
  wasLive: false,
  recentToasts: new Map(),
};

// ---- session -------------------------------------------------------------------------------

function showLogin(message) {
  ui.app.hidden = true;
  ui.loginView.hidden = false;
  ui.loginError.hidden = !message;
  ui.loginError.textContent = message ?? '';
  $('login-username').focus();
}

ui.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(ui.loginForm);
  const submit = $('login-submit');
  submit.disabled = true;
  try {
    const session = await OperatorClient.login({ username: form.get('username'), password: form.get('password') });
    sessionStorage.setItem(TOKEN_KEY, session.access_token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(session.user ?? null));
    ui.loginForm.reset();
    startApp(session.access_token, session.user);
  } catch (err) {
    showLogin(err.status === 401 ? 'Wrong username or password.' : `Cannot sign in: ${err.message}`);
  } finally {
    submit.disabled = false;
  }
});

ui.logout.addEventListener('click', () => {
  // Signing out ends the token on the server too (every tab and device of this user), then locally.
  model.client?.api.logout?.().catch(() => {});
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  stopApp();
  showLogin();
});

function stopApp() {
  model.client?.stop();
  model.client = null;
  model.dialogs.clear();
  model.order = [];
  model.openId = null;
  ui.list.replaceChildren();
  closeDialogView();
}

/** A 401 anywhere means the session is over: back to the login form, with the reason. */
function sessionExpired(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopApp();
  showLogin(`Your session ended (${reason ?? 'unauthorized'}). Please sign in again.`);
}

function handleError(err, what) {
  if (err instanceof ApiError && err.status === 401) {
    sessionExpired(err.message);
    return;
  }
  toast(`${what}: ${WRITE_ERRORS[err?.code] ?? err.message}`);
}

async function startApp(token, user) {
  stopApp();
  model.user = user;
  ui.loginView.hidden = true;
  ui.app.hidden = false;
  ui.user.textContent = user?.display_name || user?.username || '';
  // ?transports=sse,poll and ?probe_ms= are for diagnosing a proxy from the browser.
  const params = new URLSearchParams(location.search);
  const client = new OperatorClient({
    token,
    user,
    transports: params.get('transports')?.split(',').filter(Boolean),
    probeMinMs: params.has('probe_ms') ? Number(params.get('probe_ms')) : undefined,
  });
  model.client = client;
  window.switchboard = client; // for the browser console and the end-to-end tests

  client.on('state', (status) => {
    if (status.state === 'error' && status.code === 4403 && /removed from assistant/.test(status.reason ?? '')) {
      // An admin removed this operator from an assistant: start over without that assistant's dialogs.
      toast(say('You were removed from an assistant; its dialogs left your list.',
        'Вас удалили из ассистента; его диалоги убраны из списка.'));
      startApp(sessionStorage.getItem(TOKEN_KEY), model.user);
      return;
    }
    showStatus(ui.conn, status);
    const live = status.state === 'live';
    // Coming (back) to live: whatever happened while offline is in the REST list.
    if (live && !model.wasLive) refreshList();
    model.wasLive = live;
  });
  client.on('unauthorized', ({ reason }) => sessionExpired(reason));
  client.on('dialog', ({ type, dialog }) => onDialogEvent(type, dialog));
  client.on('message', ({ dialogId, message }) => onMessage(dialogId, message));
  client.on('change', ({ dialogId }) => { if (dialogId === model.openId) renderMessages(); });
  client.on('read', ({ dialogId, reader, seq }) => {
    if (reader === client.readerName) setOwnRead(dialogId, seq);
  });
  client.on('typing', onTyping);
  client.on('notification', onNotification);
  client.on('notification-read', ({ unread }) => { if (Number.isFinite(unread)) setUnread(unread); loadNotifications(); });
  // A membership added or removed: the socket already follows the new assistants; the list shows their dialogs.
  client.on('membership', () => refreshList());

  refreshList();
  loadNotifications();
  try {
    await client.start();
  } catch (err) {
    handleError(err, 'Cannot connect');
  }
}

// ---- dialog list ---------------------------------------------------------------------------

function unread(entry) {
  return Math.max(0, (entry.dialog.last_seq ?? 0) - entry.ownRead);
}

function upsert(dialog, { ownRead, bump = false } = {}) {
  const id = Number(dialog.id);
  const prev = model.dialogs.get(id);
  const merged = { ...prev?.dialog, ...dialog, id };
  const entry = { dialog: merged, ownRead: ownRead ?? prev?.ownRead ?? 0 };
  model.dialogs.set(id, entry);
  const newer = !prev || (merged.last_seq ?? 0) > (prev.dialog.last_seq ?? 0);
  if (!model.order.includes(id)) model.order.unshift(id);
  else if (bump && newer) model.order = [id, ...model.order.filter((x) => x !== id)];
  if (prev && prev.dialog.status !== 'waiting_operator' && merged.status === 'waiting_operator') {
    toast(`Dialog #${id} asks for a human`, id, `handoff:${id}`);
  }
  return entry;
}

function setOwnRead(dialogId, seq) {
  const entry = model.dialogs.get(Number(dialogId));
  if (!entry || !(seq > entry.ownRead)) return;
  entry.ownRead = seq;
  renderList();
}

async function refreshList() {
  const client = model.client;
  if (!client) return;
  try {
    const { dialogs = [] } = await client.api.listDialogs({ limit: 200 });
    if (client !== model.client) return;
    const serverOrder = [];
    for (const dialog of dialogs) {
      // Watermarks only move forward: a read we just sent may not be in this answer yet.
      const serverRead = Math.max(0, (dialog.last_seq ?? 0) - (dialog.unread ?? 0));
      upsert(dialog, { ownRead: Math.max(serverRead, model.dialogs.get(Number(dialog.id))?.ownRead ?? 0) });
      serverOrder.push(Number(dialog.id));
    }
    model.order = [...serverOrder, ...model.order.filter((id) => !serverOrder.includes(id))];
    renderList();
    if (model.openId) readOpenDialog();
  } catch (err) {
    handleError(err, 'Cannot load dialogs');
  }
}

function onDialogEvent(type, dialog) {
  const id = Number(dialog.id);
  const known = model.dialogs.has(id);
  // A dialog event carries the team's unread count, not ours: ours is last_seq minus our watermark.
  upsert(dialog, { bump: true });
  if (!known && type !== 'dialog:new') correctOwnRead(id);
  if (id === model.openId) {
    renderDialogHead();
    readOpenDialog();
  }
  renderList();
}

/** For a dialog first seen through an update, ask the API for this operator's unread count. */
async function correctOwnRead(id) {
  try {
    const dialog = await model.client.api.dialog(id);
    const entry = model.dialogs.get(id);
    if (entry) {
      entry.ownRead = Math.max(entry.ownRead, (dialog.last_seq ?? 0) - (dialog.unread ?? 0));
      renderList();
    }
  } catch { /* the list refresh on reconnect corrects it too */ }
}

function onMessage(dialogId, message) {
  const entry = model.dialogs.get(dialogId);
  if (!entry) return;
  if (message.seq > (entry.dialog.last_seq ?? 0)) {
    upsert({ id: dialogId, last_seq: message.seq, last_message_preview: message.text.slice(0, 200),
      last_message_sender: message.sender, last_message_at: message.created_at }, { bump: true });
  }
  if (dialogId === model.openId && message.sender !== 'operator') ui.typing.hidden = true;
  if (dialogId === model.openId) readOpenDialog();
  renderList();
}

function visibleIds() {
  const filter = ui.filter.value;
  return model.order.filter((id) => {
    const status = model.dialogs.get(id)?.dialog.status;
    return filter ? status === filter : status !== 'closed';
  });
}

function dialogNode() {
  return h('li', { class: 'dialog-item', testid: 'dialog-item', tabindex: '0' },
    h('div', { class: 'dialog-item__row' },
      h('span', { class: 'dialog-item__name', testid: 'dialog-name' }),
      h('span', { class: 'pill', testid: 'dialog-status-pill' }),
      h('span', { class: 'dialog-item__time' })),
    h('div', { class: 'dialog-item__row' },
      h('span', { class: 'dialog-item__preview', testid: 'dialog-preview' }),
      h('span', { class: 'badge', testid: 'unread-badge' })));
}

function updateDialogNode(node, id) {
  const entry = model.dialogs.get(id);
  const d = entry.dialog;
  const onScreen = id === model.openId && document.visibilityState === 'visible';
  const count = onScreen ? 0 : unread(entry);
  node.dataset.dialogId = String(id);
  node.dataset.status = d.status ?? '';
  node.dataset.unread = String(count);
  node.classList.toggle('active', id === model.openId);
  node.querySelector('.dialog-item__name').textContent = `#${id} · ${d.guest_label ?? say('guest', 'гость')}`;
  const pill = node.querySelector('.pill');
  pill.textContent = STATUS_LABEL[d.status] ?? d.status ?? '';
  pill.dataset.status = d.status ?? '';
  node.querySelector('.dialog-item__time').textContent = formatTime(d.last_message_at);
  const who = SENDER_LABEL[d.last_message_sender] ?? '';
  node.querySelector('.dialog-item__preview').textContent =
    d.last_message_preview ? `${who ? `${who}: ` : ''}${d.last_message_preview}` : 'No messages yet';
  const badge = node.querySelector('.badge');
  badge.textContent = count > 0 ? String(count) : '';
  badge.hidden = count === 0;
}

function renderList() {
  const ids = visibleIds();
  renderKeyed(ui.list, ids, { key: (id) => `d:${id}`, create: dialogNode, update: updateDialogNode });
  ui.listEmpty.hidden = ids.length > 0;
}

ui.filter.addEventListener('change', renderList);
ui.list.addEventListener('click', (event) => {
  const item = event.target.closest('[data-testid="dialog-item"]');
  if (item) openDialog(Number(item.dataset.dialogId));
});
ui.list.addEventListener('keydown', (event) => {
  const item = event.target.closest('[data-testid="dialog-item"]');
  if (item && event.key === 'Enter') openDialog(Number(item.dataset.dialogId));
});

// ---- the open dialog -----------------------------------------------------------------------

function closeDialogView() {
  ui.body.hidden = true;
  ui.placeholder.hidden = false;
  ui.messages.replaceChildren();
  ui.typing.hidden = true;
}

async function openDialog(id) {
  const client = model.client;
  const entry = model.dialogs.get(id);
  if (!client || !entry || model.openId === id) return;
  if (model.openId) client.unwatch(model.openId);
  model.openId = id;
  ui.placeholder.hidden = true;
  ui.body.hidden = false;
  ui.messages.replaceChildren();
  ui.typing.hidden = true;
  renderDialogHead();
  renderList();
  try {
    await client.watch(id, { lastSeq: entry.dialog.last_seq });
    if (model.openId !== id) return;
    renderMessages();
    ui.messages.scrollTop = ui.messages.scrollHeight;
    readOpenDialog();
    ui.reply.focus();
  } catch (err) {
    if (model.openId === id) {
      client.unwatch(id);
      model.openId = null;
      closeDialogView();
      renderList();
    }
    handleError(err, `Cannot open dialog #${id}`);
  }
}

let readTimer = null;
/** Marks what is on screen as read: only while this tab is visible, at most every 200 ms. */
function readOpenDialog() {
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    const id = model.openId;
    const client = model.client;
    const entry = model.dialogs.get(id);
    if (!id || !client || !entry || document.visibilityState !== 'visible') return;
    const seq = client.lastSeq(id);
    if (!(seq > entry.ownRead)) return;
    entry.ownRead = seq;
    renderList();
    client.markRead(id, seq).catch((err) => handleError(err, 'Cannot mark as read'));
  }, 50);
}
document.addEventListener('visibilitychange', () => {
  renderList();
  readOpenDialog();
});

function renderDialogHead() {
  const entry = model.dialogs.get(model.openId);
  if (!entry) return;
  const d = entry.dialog;
  const me = model.user?.id;
  ui.title.textContent = `Dialog #${d.id} · ${d.guest_label ?? ''}`;
  ui.status.textContent = STATUS_LABEL[d.status] ?? d.status ?? '';
  ui.status.dataset.status = d.status ?? '';
  ui.assignee.textContent = d.assigned_operator_id
    ? (d.assigned_operator_id === me ? 'assigned to you' : `assigned to operator ${d.assigned_operator_id}`)
    : '';
  const closed = d.status === 'closed';
  // The handoff lock: only the operator holding the dialog writes into it; anyone else takes it over first.
  const mine = d.status === 'operator' && d.assigned_operator_id === me;
  const heldByOther = d.status === 'operator' && d.assigned_operator_id && d.assigned_operator_id !== me;
  ui.takeover.disabled = closed || mine;
  ui.release.disabled = d.status !== 'operator';
  ui.close.disabled = closed;
  ui.reply.disabled = !mine;
  ui.send.disabled = !mine;
  ui.replyForm.dataset.lock = closed ? 'closed' : mine ? 'mine' : heldByOther ? 'held_by_other_operator' : 'take_over_first';
  ui.reply.placeholder = closed ? say('This dialog is closed.', 'Диалог закрыт.')
    : mine ? say('Reply to the guest… (Enter to send, Shift+Enter for a new line)',
      'Ответ гостю… (Enter — отправить, Shift+Enter — новая строка)')
      : heldByOther ? say(`Operator ${d.assigned_operator_id} is handling this dialog. Take over to reply.`,
        `Диалог ведёт оператор ${d.assigned_operator_id}. Перехватите диалог, чтобы ответить.`)
        : say('Take over to reply.', 'Перехватите диалог, чтобы ответить.');
}

function messageNode() {
  return h('li', { class: 'msg', testid: 'message' },
    h('span', { class: 'msg__meta' }),
    h('span', { class: 'msg__text', testid: 'message-text' }));
}

function updateMessageNode(node, m) {
  const sender = m.sender ?? 'operator';
  node.className = `msg msg--${sender}${m.pending ? ' msg--pending' : ''}${m.failed ? ' msg--failed' : ''}`;
  node.dataset.sender = sender;
  node.dataset.seq = m.seq ?? '';
  node.dataset.pending = String(!!m.pending);
  // A system line says who did what itself ("Anna joined the conversation."): only its time.
  const label = sender === 'system' ? '' : m.author || SENDER_LABEL[sender];
  node.querySelector('.msg__meta').textContent =
    [label, m.pending ? (m.failed ? 'not sent' : 'sending…') : formatTime(m.created_at)]
      .filter(Boolean).join(' · ');
  const text = node.querySelector('.msg__text');
  if (text.textContent !== m.text) text.textContent = m.text;
  node.querySelector('.msg__retry')?.remove();
  if (m.failed) {
    node.append(h('button', { type: 'button', class: 'msg__retry', testid: 'message-retry',
      onclick: () => model.client.retry(m.client_msg_id).catch(() => {}) }, 'Not sent — retry'));
  }
}

function renderMessages() {
  const id = model.openId;
  if (!id || !model.client) return;
  const list = ui.messages;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  const view = model.client.view(id);
  renderKeyed(list, view, { key: messageKey, create: messageNode, update: updateMessageNode });
  if (atBottom || view.at(-1)?.pending) list.scrollTop = list.scrollHeight;
}

async function dialogAction(action, label) {
  const id = model.openId;
  if (!id) return;
  for (const b of [ui.takeover, ui.release, ui.close]) b.disabled = true;
  try {
    const dialog = await model.client.api[action](id);
    if (dialog?.id) upsert(dialog);
    renderList();
  } catch (err) {
    handleError(err, `Cannot ${label}`);
  } finally {
    renderDialogHead();
  }
}
ui.takeover.addEventListener('click', () => dialogAction('takeover', 'take over'));
ui.release.addEventListener('click', () => dialogAction('release', 'release'));
ui.close.addEventListener('click', () => dialogAction('close', 'close the dialog'));

ui.replyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.reply.value.trim();
  if (!text || !model.openId) return;
  ui.reply.value = '';
  stopTyping();
  model.client.send(model.openId, text).catch((err) => {
    if (err instanceof ApiError && err.status === 401) sessionExpired(err.message);
    else if (err instanceof ApiError && WRITE_ERRORS[err.code]) toast(WRITE_ERRORS[err.code]);
  });
});
ui.reply.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.replyForm.requestSubmit();
  }
});

// ---- typing --------------------------------------------------------------------------------

// The other side hides an indicator 6 s after the last `true`: while the operator keeps typing,
// `true` is repeated every TYPING_REPEAT_MS.
const TYPING_REPEAT_MS = 3000;
let typingSentFor = null;
let typingSentAt = 0;
let typingIdleTimer = null;
function stopTyping() {
  clearTimeout(typingIdleTimer);
  if (typingSentFor) model.client?.typing(typingSentFor, false);
  typingSentFor = null;
}
ui.reply.addEventListener('input', () => {
  if (!model.openId) return;
  if (ui.reply.value.trim()) {
    if (typingSentFor && typingSentFor !== model.openId) stopTyping();
    // typing() is false until the dialog's subscription is confirmed: the next keystroke retries.
    if ((typingSentFor !== model.openId || Date.now() - typingSentAt > TYPING_REPEAT_MS)
        && model.client.typing(model.openId, true)) {
      typingSentFor = model.openId;
      typingSentAt = Date.now();
    }
  }
  clearTimeout(typingIdleTimer);
  typingIdleTimer = setTimeout(stopTyping, 2500);
});

let typingHideTimer = null;
function onTyping({ dialogId, who, author, state }) {
  if (dialogId !== model.openId) return;
  const me = model.user;
  if (who === 'operator' && author && (author === me?.username || author === me?.display_name)) return;
  clearTimeout(typingHideTimer);
  ui.typing.hidden = !state;
  ui.typing.textContent = state
    ? `${who === 'user' || who === 'guest' ? 'Guest' : author || SENDER_LABEL[who] || 'Someone'} is typing…`
    : '';
  if (state) typingHideTimer = setTimeout(() => { ui.typing.hidden = true; }, 6000);
}

// ---- notifications -------------------------------------------------------------------------

function notificationText(notification) {
  const payload = notification.payload ?? {};
  const dialogId = Number(payload.dialog_id) || null;
  const kind = notification.kind ?? 'notification';
  const text = /handoff/.test(kind) && dialogId
    ? NOTIF_TEXT.handoff(dialogId)
    : payload.text ?? payload.message ?? payload.title ?? kind.replace(/[_:]/g, ' ');
  return { text: String(text), dialogId, kind };
}

function onNotification(notification) {
  const { text, dialogId, kind } = notificationText(notification);
  toast(text, dialogId, /handoff/.test(kind) && dialogId ? `handoff:${dialogId}` : `n:${notification.id}`);
  model.notifications = [notification, ...(model.notifications ?? []).filter((n) => n.id !== notification.id)].slice(0, 20);
  setUnread((model.unread ?? 0) + (notification.read_at ? 0 : 1));
  renderNotifications();
}

function setUnread(n) {
  model.unread = Math.max(0, n);
  ui.notifUnread.textContent = String(model.unread);
  ui.notifUnread.hidden = model.unread === 0;
  ui.notifButton.title = NOTIF_TEXT.unread(model.unread);
}

/** The newest notifications and the unread count from REST (on start, and after marking read anywhere). */
async function loadNotifications() {
  const client = model.client;
  if (!client) return;
  try {
    const { notifications, unread } = await client.loadNotifications(20);
    model.notifications = notifications;
    setUnread(unread);
    renderNotifications();
  } catch (err) {
    handleError(err, NOTIF_TEXT.title);
  }
}

function renderNotifications() {
  const list = model.notifications ?? [];
  ui.notifList.replaceChildren(...list.map((n) => {
    const { text, dialogId } = notificationText(n);
    const unreadItem = !n.read_at;
    return h('li', { class: `notif__item${unreadItem ? ' notif__item--unread' : ''}`, testid: 'notification-item' },
      h('span', { class: 'notif__text' }, text),
      dialogId ? h('button', { type: 'button', class: 'link', onclick: () => openDialog(dialogId) }, NOTIF_TEXT.open) : null,
      unreadItem ? h('button', { type: 'button', class: 'link', testid: 'notification-mark-read',
        onclick: () => markNotificationRead(n) }, NOTIF_TEXT.markOne) : null);
  }));
  ui.notifEmpty.hidden = list.length > 0;
}

async function markNotificationRead(n) {
  try {
    const { unread } = await model.client.api.markNotificationRead(n.id);
    n.read_at = n.read_at ?? new Date().toISOString();
    setUnread(unread);
    renderNotifications();
  } catch (err) {
    handleError(err, NOTIF_TEXT.markOne);
  }
}

ui.notifLabel.textContent = NOTIF_TEXT.title;
ui.notifTitle.textContent = NOTIF_TEXT.title;
ui.notifMarkAll.textContent = NOTIF_TEXT.markAll;
ui.notifEmpty.textContent = NOTIF_TEXT.empty;
ui.notifButton.addEventListener('click', () => {
  ui.notifPanel.hidden = !ui.notifPanel.hidden;
  ui.notifButton.setAttribute('aria-expanded', String(!ui.notifPanel.hidden));
});
ui.notifMarkAll.addEventListener('click', async () => {
  try {
    const { unread } = await model.client.api.markAllNotificationsRead(model.client.notificationCursor ?? undefined);
    const now = new Date().toISOString();
    (model.notifications ?? []).forEach((n) => { n.read_at = n.read_at ?? now; });
    setUnread(unread);
    renderNotifications();
  } catch (err) {
    handleError(err, NOTIF_TEXT.markAll);
  }
});

/** A short message in the corner; `dedupeKey` keeps one event from toasting twice via two paths. */
function toast(text, dialogId = null, dedupeKey = null) {
  const now = Date.now();
  if (dedupeKey) {
    if (now - (model.recentToasts.get(dedupeKey) ?? 0) < 10000) return;
    model.recentToasts.set(dedupeKey, now);
  }
  const node = h('div', { class: 'toast', testid: 'toast', role: 'status' },
    h('span', {}, text),
    dialogId ? h('button', { type: 'button', onclick: () => { openDialog(dialogId); node.remove(); } }, 'Open') : null);
  ui.toasts.append(node);
  setTimeout(() => node.remove(), 8000);
}

window.addEventListener('online', () => model.client?.reconnect());

// ---- boot ----------------------------------------------------------------------------------

const savedToken = sessionStorage.getItem(TOKEN_KEY);
if (savedToken) {
  let user = null;
  try { user = JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null'); } catch { /* ignore */ }
  startApp(savedToken, user);
} else {
  showLogin();
}
