// Operator dashboard: dialog list with unread badges that jump to the top on new activity
// (seed 001), waiting dialogs pinned on top, the open dialog live, reply, take over / release /
// close, typing both ways, desktop alerts, a reconnect banner, and the admin screens for admins.
// Plain modules, no framework; every user-supplied string is set with textContent, every word
// the operator reads comes from the message catalogue (js/ui/locales) in the chosen language.
import { ApiError, OperatorClient, mergeDialog } from '../js/switchboard-client.js';
import { linkCache } from '../js/ui/attachments.js';
import { h, messageKey, renderKeyed } from '../js/ui/dom.js';
import { LOCALES, errorText, formatDateTime, locale, pickLocale, setLocale, t } from '../js/ui/i18n.js';
import { updateMessageRow } from '../js/ui/message-row.js';
import { CannedPicker } from './canned.js';
import { AdminScreens } from './screens.js';
import { PresencePanel, guestPresenceText } from './presence.js';

const TOKEN_KEY = 'switchboard.admin.token';
const USER_KEY = 'switchboard.admin.user';
/** The operator's language choice lives in this browser (localStorage), see docs/clients.md. */
const LOCALE_KEY = 'switchboard.admin.locale';
const ALERTS_KEY = 'switchboard.admin.alerts';
/** The dialog list's view (Mine / Unassigned / Waiting / All), remembered in this browser. */
const VIEW_KEY = 'switchboard.admin.view';
const VIEWS = ['mine', 'unassigned', 'waiting', 'all'];
const HISTORY_PAGE = 50;
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
  attach: $('attach-button'),
  attachInput: $('attach-input'),
  toasts: $('toasts'),
  notifButton: $('notifications-button'),
  notifLabel: $('notifications-label'),
  notifUnread: $('notifications-unread'),
  notifPanel: $('notifications-panel'),
  notifTitle: $('notifications-title'),
  notifMarkAll: $('notifications-mark-all'),
  notifList: $('notifications-list'),
  notifEmpty: $('notifications-empty'),
  alerts: $('alerts-enable'),
  banner: $('reconnect-banner'),
  bannerText: $('reconnect-text'),
  bannerRetry: $('reconnect-now'),
  back: $('dialog-back'),
  guest: $('guest-context'),
  tabs: $('admin-tabs'),
  adminView: $('admin-view'),
  dialogView: $('dialog-view'),
  sidebar: $('sidebar'),
  viewTabs: $('view-tabs'),
  assignControl: $('assign-control'),
  assignSelect: $('assign-select'),
  assign: $('btn-assign'),
  searchForm: $('search-form'),
  searchInput: $('search-input'),
  searchStatus: $('search-status'),
  searchResults: $('search-results'),
  searchMore: $('search-more'),
  emailButton: $('alert-email-button'),
  emailForm: $('alert-email-form'),
  emailInput: $('alert-email-input'),
  emailStatus: $('alert-email-status'),
  guestPresence: $('guest-presence'),
};

// The team's presence and this operator's own state (admin/presence.js).
const presence = new PresencePanel({
  panel: $('presence-panel'),
  list: $('presence-list'),
  picker: $('presence-assistant'),
  self: $('presence-self'),
  selfBox: $('presence-self-box'),
  selfDot: $('presence-self-dot'),
  onError: (err, what) => handleError(err, what),
});

const statusLabel = (status) => (status ? t(`dashboard.status.${status}`) : '');
const senderLabel = (sender) => (sender ? t(`dashboard.sender.${sender}`) : '');
/** The operator-facing text of a failed call: its stable error code from the catalogue. */
const failure = (err) => (err instanceof ApiError && err.status === 0 ? t('errors.network')
  : errorText({ error: err?.code, message: err?.message }));

/** The dashboard's model: dialogs by id with this operator's read watermark, in list order. */
const model = {
  client: null,
  user: null,
  dialogs: new Map(),
  order: [],
  openId: null,
  wasLive: false,
  recentToasts: new Map(),
  waitingSince: new Map(), // dialog id → when this dashboard first saw it waiting (see waitingStart)
  contexts: new Map(), // dialog id → guest_context, from the REST list or detail
  view: VIEWS.includes(localStorage.getItem(VIEW_KEY)) ? localStorage.getItem(VIEW_KEY) : 'all',
  counts: null, // open dialogs per view, from the server's list answer
  assignees: new Map(), // dialog id → GET /api/dialogs/{id}/assignees
};

// ---- language ------------------------------------------------------------------------------

setLocale(pickLocale(localStorage.getItem(LOCALE_KEY), navigator.languages, navigator.language));

/** Puts the catalogue's words into the static page (data-i18n, data-i18n-aria-label). */
function applyStatic() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const select of document.querySelectorAll('.lang-select')) {
    select.replaceChildren(...LOCALES.map((code) => h('option', { value: code, lang: code }, t(`dashboard.language.${code}`))));
    select.value = locale();
  }
  ui.alerts.hidden = !('Notification' in window) && !window.AudioContext;
  ui.alerts.textContent = alertsOn() ? t('dashboard.alerts.on') : t('dashboard.alerts.enable');
  renderViewTabs();
}

function changeLocale(code) {
  localStorage.setItem(LOCALE_KEY, code);
  setLocale(code);
  applyStatic();
  if (model.lastStatus) showConnection(model.lastStatus);
  renderList();
  renderDialogHead();
  renderMessages();
  renderNotifications();
  renderSearch();
  setUnread(model.unread ?? 0);
  screens.render();
  presence.render();
}
for (const select of document.querySelectorAll('.lang-select')) {
  select.addEventListener('change', () => changeLocale(select.value));
}

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
    showLogin(err.status === 401 ? t('dashboard.login.wrong') : t('dashboard.login.failed', { reason: failure(err) }));
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
  presence.stop();
  model.client?.stop();
  model.client = null;
  model.dialogs.clear();
  model.order = [];
  model.openId = null;
  model.counts = null;
  model.assignees.clear();
  ui.list.replaceChildren();
  clearSearch();
  closeDialogView();
}

/** A 401 anywhere means the session is over: back to the login form, with the reason. */
function sessionExpired(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopApp();
  showLogin(t('dashboard.session.ended'));
  if (reason) ui.loginError.title = reason;
}

function handleError(err, what) {
  if (err instanceof ApiError && err.status === 401) {
    sessionExpired(err.message);
    return;
  }
  toast(`${what}: ${failure(err)}`);
}

async function startApp(token, user) {
  stopApp();
  model.user = user;
  screens.setAdmin(user?.role === 'admin');
  ui.loginView.hidden = true;
  ui.app.hidden = false;
  ui.user.textContent = user?.display_name || user?.username || '';
  // ?transports=sse,poll and ?probe_ms= are for diagnosing a proxy from the browser.
  const params = new URLSearchParams(location.search);
  const client = new OperatorClient({
    token,
    user,
    transports: params.get('transports')?.split(',').filter(Boolean),
    // A dialog opens with its newest 50 messages; scrolling to the top loads 50 older ones at a time.
    pageSize: HISTORY_PAGE,
    probeMinMs: params.has('probe_ms') ? Number(params.get('probe_ms')) : undefined,
  });
  model.client = client;
  window.switchboard = client; // for the browser console and the end-to-end tests

  client.on('state', (status) => {
    if (status.state === 'error' && status.code === 4403 && /removed from assistant/.test(status.reason ?? '')) {
      // An admin removed this operator from an assistant: start over without that assistant's dialogs.
      toast(t('dashboard.removedFromAssistant'));
      startApp(sessionStorage.getItem(TOKEN_KEY), model.user);
      return;
    }
    showConnection(status);
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

  // The link in an alert email opens its dialog: /admin/?dialog=17.
  const linked = Number(params.get('dialog'));
  refreshList().then(async () => {
    if (!linked || client !== model.client) return;
    if (!model.dialogs.has(linked)) {
      // Older than the list's first page: fetched on its own (403/404 say why it cannot be opened).
      try {
        const dialog = await client.api.dialog(linked);
        upsert(dialog, { ownRead: Math.max(0, (dialog.last_seq ?? 0) - (dialog.unread ?? 0)) });
        renderList();
      } catch (err) {
        handleError(err, t('dashboard.error.load'));
        return;
      }
    }
    openDialog(linked);
  });
  loadNotifications();
  presence.start(client, user);
  try {
    await client.start();
  } catch (err) {
    handleError(err, t('dashboard.error.connect'));
  }
}

// ---- email alerts: the operator's own address (issue 14) ---------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function emailPanel(open) {
  ui.emailForm.hidden = !open;
  ui.emailButton.setAttribute('aria-expanded', String(open));
  if (!open) return;
  ui.emailStatus.textContent = '';
  model.client?.api.rest.request('GET', '/api/account/email')
    .then((settings) => { ui.emailInput.value = settings?.email ?? ''; ui.emailInput.focus(); })
    .catch((err) => { ui.emailStatus.textContent = failure(err); });
}
ui.emailButton.addEventListener('click', () => emailPanel(ui.emailForm.hidden));
ui.emailForm.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') { emailPanel(false); ui.emailButton.focus(); }
});
ui.emailForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = ui.emailInput.value.trim();
  if (email && !EMAIL.test(email)) {
    ui.emailInput.setAttribute('aria-invalid', 'true');
    ui.emailStatus.textContent = t('dashboard.email.invalid');
    return;
  }
  ui.emailInput.removeAttribute('aria-invalid');
  try {
    // The alerts are written in the dashboard's language.
    const saved = await model.client.api.rest.request('PUT', '/api/account/email', { body: { email, locale: locale() } });
    ui.emailStatus.textContent = saved.email ? t('dashboard.email.saved', { email: saved.email }) : t('dashboard.email.cleared');
  } catch (err) {
    ui.emailStatus.textContent = failure(err);
  }
});

// ---- dialog list ---------------------------------------------------------------------------

function unread(entry) {
  return Math.max(0, (entry.dialog.last_seq ?? 0) - entry.ownRead);
}

function upsert(dialog, { ownRead, bump = false } = {}) {
  const id = Number(dialog.id);
  const prev = model.dialogs.get(id);
  // An older snapshot (a list answer read before a takeover that arrives after it) does not turn the dialog back.
  const merged = { ...mergeDialog(prev?.dialog, dialog), id };
  const entry = { dialog: merged, ownRead: ownRead ?? prev?.ownRead ?? 0 };
  model.dialogs.set(id, entry);
  const newer = !prev || (merged.last_seq ?? 0) > (prev.dialog.last_seq ?? 0);
  if (!model.order.includes(id)) model.order.unshift(id);
  else if (bump && newer) model.order = [id, ...model.order.filter((x) => x !== id)];
  if (dialog.guest_context) model.contexts.set(id, dialog.guest_context);
  if (merged.status === 'waiting_operator') {
    if (!model.waitingSince.has(id)) model.waitingSince.set(id, prev ? Date.now() : null);
  } else {
    model.waitingSince.delete(id);
  }
  if (prev && prev.dialog.status !== 'waiting_operator' && merged.status === 'waiting_operator') {
    toast(t('dashboard.handoff', { name: guestName(id) }), id, `handoff:${id}`);
    alertOperator(t('dashboard.handoff', { name: guestName(id) }), id, `handoff:${id}`);
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
    // The view is filtered on the server; the status filter too, on the All view.
    const status = model.view === 'all' && ui.filter.value ? ui.filter.value : undefined;
    const { dialogs = [], counts } = await client.api.listDialogs({ limit: 200, view: model.view, status });
    if (client !== model.client) return;
    model.counts = counts ?? null;
    renderViewTabs();
    const serverOrder = [];
    for (const dialog of dialogs) {
      // Watermarks only move forward: a read we just sent may not be in this answer yet.
      const serverRead = Math.max(0, (dialog.last_seq ?? 0) - (dialog.unread ?? 0));
      upsert(dialog, { ownRead: Math.max(serverRead, model.dialogs.get(Number(dialog.id))?.ownRead ?? 0) });
      serverOrder.push(Number(dialog.id));
    }
    model.order = [...serverOrder, ...model.order.filter((id) => !serverOrder.includes(id))];
    renderList();
    if (model.openId) {
      renderDialogHead(); // the list may hold a change the open dialog's frames missed (offline, say)
      readOpenDialog();
    }
  } catch (err) {
    handleError(err, t('dashboard.error.load'));
  }
}

function onDialogEvent(type, dialog) {
  const id = Number(dialog.id);
  const known = model.dialogs.has(id);
  const before = model.dialogs.get(id)?.dialog;
  // A new dialog, or one whose status or holder changed, moves between views: the counts follow from the server.
  if (!before || before.status !== dialog.status || (before.assigned_operator_id ?? null) !== (dialog.assigned_operator_id ?? null)) {
    refreshCountsSoon();
    if (id === model.openId && before) loadAssignees(id);
  }
  // A dialog event carries the team's unread count, not ours: ours is last_seq minus our watermark.
  upsert(dialog, { bump: true });
  // Socket frames do not carry the guest's context: the detail does (and this operator's unread count).
  if (!known) correctOwnRead(id, type !== 'dialog:new');
  if (!known && type === 'dialog:new') alertOperator(t('dashboard.newDialog'), id, `new:${id}`);
  if (id === model.openId) {
    renderDialogHead();
    readOpenDialog();
  }
  renderList();
}

/** For a dialog first seen through an update, ask the API for this operator's unread count. */
async function correctOwnRead(id, unreadToo = true) {
  try {
    const dialog = await model.client.api.dialog(id);
    const entry = model.dialogs.get(id);
    if (dialog.guest_context) model.contexts.set(id, dialog.guest_context);
    if (entry) {
      if (unreadToo) entry.ownRead = Math.max(entry.ownRead, (dialog.last_seq ?? 0) - (dialog.unread ?? 0));
      renderList();
      if (id === model.openId) renderDialogHead();
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

/** Whether a dialog belongs to the current view: the server's rule (docs/operators.md), applied to live updates. */
function inView(d) {
  const assignee = d.assigned_operator_id ?? null;
  switch (model.view) {
    case 'mine': return assignee === model.user?.id && d.status !== 'closed';
    case 'unassigned': return assignee === null && d.status !== 'closed';
    case 'waiting': return d.status === 'waiting_operator';
    default: return ui.filter.value ? d.status === ui.filter.value : d.status !== 'closed';
  }
}

let countsTimer = null;
/** Counts change with every status or holder change: ask the server again, at most every half second. */
function refreshCountsSoon() {
  clearTimeout(countsTimer);
  countsTimer = setTimeout(() => refreshList(), 500);
}

function renderViewTabs() {
  ui.filter.hidden = model.view !== 'all';
  for (const tab of ui.viewTabs.querySelectorAll('[data-view]')) {
    const view = tab.dataset.view;
    tab.setAttribute('aria-pressed', String(view === model.view));
    const count = model.counts?.[view];
    tab.querySelector('.view-tab__count').textContent = Number.isFinite(count) ? String(count) : '';
    tab.title = Number.isFinite(count) ? t('dashboard.view.count', { view: t(`dashboard.view.${view}`), count }) : '';
  }
}

ui.viewTabs.addEventListener('click', (event) => {
  const tab = event.target.closest('[data-view]');
  if (!tab || tab.dataset.view === model.view) return;
  model.view = tab.dataset.view;
  localStorage.setItem(VIEW_KEY, model.view);
  renderViewTabs();
  renderList();
  refreshList();
});

function visibleIds() {
  const ids = model.order.filter((id) => {
    const d = model.dialogs.get(id)?.dialog;
    return d && inView(d);
  });
  // Dialogs waiting for an operator are pinned on top, longest waiting first.
  const waiting = ids.filter((id) => model.dialogs.get(id).dialog.status === 'waiting_operator')
    .sort((a, b) => waitingStart(a) - waitingStart(b));
  return [...waiting, ...ids.filter((id) => !waiting.includes(id))];
}

/**
 * Since when a dialog waits: the moment this dashboard saw it go to waiting; for a dialog already
 * waiting when the dashboard loaded, its last activity (the handoff itself is a message).
 */
function waitingStart(id) {
  const seen = model.waitingSince.get(id);
  if (seen) return seen;
  const last = Date.parse(model.dialogs.get(id)?.dialog.last_message_at ?? '');
  return Number.isFinite(last) ? last : Date.now();
}

/** What the operator calls the guest: the name or email the site passed, else "Guest" and a short label. */
function guestName(id) {
  const ctx = model.contexts.get(id) ?? {};
  if (ctx.name) return ctx.name;
  if (ctx.email) return ctx.email;
  const label = String(model.dialogs.get(id)?.dialog.guest_label ?? '').replace(/^guest-/, '');
  return label ? t('dashboard.guest.anonymous', { label }) : t('dashboard.guest.unknown');
}

/** One line of context for the list: the page host and the language. */
function guestHint(id) {
  const ctx = model.contexts.get(id) ?? {};
  let host = '';
  try { host = ctx.page_url ? new URL(ctx.page_url).host : ''; } catch { /* not a URL */ }
  return [host, ctx.locale].filter(Boolean).join(' · ');
}

function dialogNode() {
  return h('li', { class: 'dialog-item', testid: 'dialog-item', tabindex: '0' },
    h('div', { class: 'dialog-item__row' },
      h('span', { class: 'dialog-item__name', testid: 'dialog-name' }),
      h('span', { class: 'pill', testid: 'dialog-status-pill' }),
      h('span', { class: 'dialog-item__time' })),
    h('div', { class: 'dialog-item__row dialog-item__sub' },
      h('span', { class: 'dialog-item__hint', testid: 'dialog-hint' }),
      h('span', { class: 'dialog-item__waiting', testid: 'dialog-waiting' })),
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
  node.querySelector('.dialog-item__name').textContent = guestName(id);
  node.setAttribute('aria-label', [guestName(id), statusLabel(d.status),
    count > 0 ? t('dashboard.unread', { count }) : ''].filter(Boolean).join(', '));
  const pill = node.querySelector('.pill');
  pill.textContent = statusLabel(d.status);
  pill.dataset.status = d.status ?? '';
  node.querySelector('.dialog-item__time').textContent = d.last_message_at ? formatDateTime(d.last_message_at) : '';
  node.querySelector('.dialog-item__hint').textContent = guestHint(id);
  const waiting = node.querySelector('.dialog-item__waiting');
  const minutes = Math.max(0, Math.floor((Date.now() - waitingStart(id)) / 60000));
  waiting.textContent = d.status === 'waiting_operator' ? t('dashboard.waiting', { count: minutes }) : '';
  waiting.dataset.minutes = d.status === 'waiting_operator' ? String(minutes) : '';
  const who = senderLabel(d.last_message_sender);
  node.querySelector('.dialog-item__preview').textContent =
    d.last_message_preview ? `${who ? `${who}: ` : ''}${d.last_message_preview}` : t('dashboard.list.noMessages');
  const badge = node.querySelector('.badge');
  badge.textContent = count > 0 ? String(count) : '';
  badge.hidden = count === 0;
}

function renderList() {
  const ids = visibleIds();
  renderKeyed(ui.list, ids, { key: (id) => `d:${id}`, create: dialogNode, update: updateDialogNode });
  ui.listEmpty.hidden = ids.length > 0 || search.q !== '';
  // "No dialogs yet" with the demo link on the All view; a plain line on the others.
  ui.listEmpty.dataset.view = model.view;
  ui.listEmpty.firstElementChild.textContent = model.view === 'all' ? t('dashboard.list.empty') : t('dashboard.view.empty');
  ui.listEmpty.querySelector('a').hidden = model.view !== 'all';
  renderTitle();
}

/** The unread total in the tab title: "(3) Switchboard". */
function renderTitle() {
  let total = 0;
  for (const [id, entry] of model.dialogs) {
    if (entry.dialog.status === 'closed') continue;
    if (id === model.openId && document.visibilityState === 'visible') continue;
    total += unread(entry);
  }
  model.unreadTotal = total;
  document.title = total > 0 ? t('dashboard.title.unread', { count: total }) : t('dashboard.title');
}

// "waiting N min" stays current, and so do the relative times.
setInterval(() => { if (model.client) renderList(); }, 15000);
/** The open dialog's "Visitor online" / "Last seen …" line, from its detail: on open and every 20 s. */
async function refreshGuestPresence(id) {
  if (!model.client || !id || document.visibilityState !== 'visible') return;
  try {
    const dialog = await model.client.api.dialog(id);
    if (id !== model.openId || !model.dialogs.has(id)) return;
    upsert({ id, guest_online: dialog.guest_online ?? false, guest_last_seen: dialog.guest_last_seen });
    renderDialogHead();
  } catch { /* the next tick tries again */ }
}
setInterval(() => refreshGuestPresence(model.openId), 20000);

/** Opens the dialog of an item of `list` (its `data-testid` is `testid`) clicked, or chosen with Enter. */
function onDialogChosen(list, testid, open) {
  const itemOf = (event) => event.target.closest(`[data-testid="${testid}"]`);
  list.addEventListener('click', (event) => {
    const item = itemOf(event);
    if (item) open(Number(item.dataset.dialogId));
  });
  list.addEventListener('keydown', (event) => {
    const item = itemOf(event);
    if (item && event.key === 'Enter') open(Number(item.dataset.dialogId));
  });
}

ui.filter.addEventListener('change', () => { renderList(); refreshList(); });
onDialogChosen(ui.list, 'dialog-item', openDialog);

// ---- search ----------------------------------------------------------------------------------

/**
 * The search box over the list: GET /api/dialogs?q= (message words in Russian and English word
 * forms, or the guest), newest activity first, 20 at a time. While a query is typed the results
 * replace the list; clearing the box brings the list back.
 */
const search = { q: '', results: [], hasMore: false, nextOffset: 0, loading: false, error: null, controller: null, timer: null };

function clearSearch() {
  clearTimeout(search.timer);
  search.controller?.abort();
  Object.assign(search, { q: '', results: [], hasMore: false, nextOffset: 0, loading: false, error: null, controller: null });
  if (ui.searchInput) ui.searchInput.value = '';
  renderSearch();
}

async function runSearch(q, { more = false } = {}) {
  const client = model.client;
  if (!client) return;
  search.controller?.abort();
  const controller = new AbortController();
  search.controller = controller;
  search.loading = true;
  search.error = null;
  if (!more) Object.assign(search, { q, results: [], hasMore: false, nextOffset: 0 });
  renderSearch();
  try {
    const answer = await client.api.searchDialogs(q, { limit: 20, offset: more ? search.nextOffset : 0, signal: controller.signal });
    if (search.controller !== controller) return;
    for (const found of answer.dialogs ?? []) {
      if (found.guest_context) model.contexts.set(Number(found.id), found.guest_context);
    }
    search.results = [...search.results, ...(answer.dialogs ?? [])];
    search.hasMore = !!answer.has_more;
    search.nextOffset = answer.next_offset ?? 0;
  } catch (err) {
    if (controller.signal.aborted) return;
    if (err instanceof ApiError && err.status === 401) { sessionExpired(err.message); return; }
    search.error = failure(err);
  } finally {
    if (search.controller === controller) {
      search.loading = false;
      search.controller = null;
      renderSearch();
    }
  }
}

function searchNode() {
  return h('li', { class: 'dialog-item', testid: 'search-result', tabindex: '0' },
    h('div', { class: 'dialog-item__row' },
      h('span', { class: 'dialog-item__name', testid: 'search-result-name' }),
      h('span', { class: 'pill' }),
      h('span', { class: 'dialog-item__time' })),
    h('div', { class: 'dialog-item__snippet', testid: 'search-snippet' }));
}

/** The snippet as text with the matched words in <mark>: built from text nodes, never markup. */
function snippetChildren(snippet, highlights) {
  const parts = [];
  let at = 0;
  for (const [start, end] of highlights ?? []) {
    if (start < at || end <= start || end > snippet.length) continue;
    if (start > at) parts.push(snippet.slice(at, start));
    parts.push(h('mark', {}, snippet.slice(start, end)));
    at = end;
  }
  if (at < snippet.length) parts.push(snippet.slice(at));
  return parts;
}

function updateSearchNode(node, found) {
  const id = Number(found.id);
  node.dataset.dialogId = String(id);
  node.dataset.status = found.status ?? '';
  node.classList.toggle('active', id === model.openId);
  const name = guestNameOf(found);
  node.querySelector('.dialog-item__name').textContent = name;
  const pill = node.querySelector('.pill');
  pill.textContent = statusLabel(found.status);
  pill.dataset.status = found.status ?? '';
  const when = found.match?.created_at ?? found.last_message_at;
  node.querySelector('.dialog-item__time').textContent = when ? formatDateTime(when) : '';
  const snippet = node.querySelector('.dialog-item__snippet');
  if (found.match) {
    snippet.replaceChildren(...snippetChildren(found.match.snippet ?? '', found.match.highlights));
  } else {
    snippet.replaceChildren(t('dashboard.search.guestMatch'));
  }
  node.setAttribute('aria-label', [name, statusLabel(found.status), snippet.textContent].filter(Boolean).join(', '));
}

/** The name of a found dialog the list may not hold (an old or closed one). */
function guestNameOf(found) {
  const id = Number(found.id);
  if (model.dialogs.has(id)) return guestName(id);
  const ctx = model.contexts.get(id) ?? {};
  const label = String(found.guest_label ?? '').replace(/^guest-/, '');
  return ctx.name || ctx.email || (label ? t('dashboard.guest.anonymous', { label }) : t('dashboard.guest.unknown'));
}

function renderSearch() {
  const active = search.q !== '';
  ui.searchResults.hidden = !active;
  ui.list.hidden = active;
  if (active) ui.listEmpty.hidden = true;
  else ui.listEmpty.hidden = visibleIds().length > 0;
  ui.searchStatus.hidden = !active;
  ui.searchMore.hidden = !active || !search.hasMore || search.loading;
  renderKeyed(ui.searchResults, active ? search.results : [], { key: (d) => `s:${d.id}`, create: searchNode, update: updateSearchNode });
  if (!active) return;
  const count = search.results.length;
  ui.searchStatus.dataset.state = search.loading ? 'loading' : search.error ? 'error' : count ? 'found' : 'none';
  ui.searchStatus.textContent = search.loading && count === 0 ? t('dashboard.search.searching')
    : search.error ? `${t('dashboard.search.failed')}: ${search.error}`
      : count === 0 ? t('dashboard.search.none', { q: search.q })
        : t(search.hasMore ? 'dashboard.search.foundMore' : 'dashboard.search.found', { count });
}

/** Opens a found dialog; one the list does not hold yet (old, closed) joins the model first. */
function openFound(id) {
  const found = search.results.find((d) => Number(d.id) === id);
  if (found && !model.dialogs.has(id)) {
    const { match, ...dialog } = found;
    upsert(dialog, { ownRead: Math.max(0, (dialog.last_seq ?? 0) - (dialog.unread ?? 0)) });
  }
  openDialog(id);
  renderSearch();
}

ui.searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(search.timer);
  const q = ui.searchInput.value.trim();
  if (q) runSearch(q); else clearSearch();
});
ui.searchInput.addEventListener('input', () => {
  clearTimeout(search.timer);
  const q = ui.searchInput.value.trim();
  if (!q) { clearSearch(); return; }
  search.timer = setTimeout(() => { if (q !== search.q || search.error) runSearch(q); }, 300);
});
ui.searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') clearSearch();
});
ui.searchMore.addEventListener('click', () => { if (search.q && search.hasMore) runSearch(search.q, { more: true }); });
onDialogChosen(ui.searchResults, 'search-result', openFound);

// ---- the open dialog -----------------------------------------------------------------------

function closeDialogView() {
  ui.app.dataset.view = 'list';
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
  ui.app.dataset.view = 'dialog';
  ui.placeholder.hidden = true;
  ui.body.hidden = false;
  ui.messages.replaceChildren();
  model.firstSeq = null;
  ui.typing.hidden = true;
  renderDialogHead();
  renderList();
  refreshGuestPresence(id);
  loadAssignees(id);
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
    handleError(err, t('dashboard.error.open'));
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
    client.markRead(id, seq).catch((err) => handleError(err, t('dashboard.error.read')));
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
  ui.title.textContent = guestName(d.id);
  ui.status.textContent = statusLabel(d.status);
  ui.status.dataset.status = d.status ?? '';
  const holder = model.assignees.get(d.id)?.assignees?.find((a) => a.id === d.assigned_operator_id);
  ui.assignee.textContent = d.assigned_operator_id
    ? (d.assigned_operator_id === me ? t('dashboard.assignee.you')
      : holder ? t('dashboard.assign.assignedTo', { name: holder.display_name })
        : t('dashboard.assignee.other', { id: d.assigned_operator_id }))
    : '';
  renderAssign(d);
  renderGuestContext(d.id);
  const seen = guestPresenceText(d);
  ui.guestPresence.textContent = seen.text;
  ui.guestPresence.dataset.online = String(seen.online);
  const closed = d.status === 'closed';
  // The handoff lock: only the operator holding the dialog writes into it; anyone else takes it over first.
  const mine = d.status === 'operator' && d.assigned_operator_id === me;
  const heldByOther = d.status === 'operator' && d.assigned_operator_id && d.assigned_operator_id !== me;
  ui.takeover.disabled = closed || mine;
  ui.release.disabled = d.status !== 'operator';
  ui.close.disabled = closed;
  ui.reply.disabled = !mine;
  ui.send.disabled = !mine;
  ui.attach.disabled = !mine;
  ui.replyForm.dataset.lock = closed ? 'closed' : mine ? 'mine' : heldByOther ? 'held_by_other_operator' : 'take_over_first';
  ui.reply.placeholder = closed ? t('dashboard.reply.closed')
    : mine ? t('dashboard.reply.placeholder')
      : heldByOther ? t('dashboard.reply.heldByOther', { id: d.assigned_operator_id })
        : t('dashboard.reply.takeOverFirst');
}

/** Who the guest is: name, email, page, language, browser, and when the dialog started. */
function renderGuestContext(id) {
  const ctx = model.contexts.get(id) ?? {};
  const rows = [];
  const row = (key, value, testid) => {
    if (value) rows.push(h('div', { class: 'guest__row' }, h('dt', {}, t(`dashboard.guest.${key}`)), h('dd', { testid }, value)));
  };
  row('email', ctx.email && ctx.email !== ctx.name ? ctx.email : null, 'guest-email');
  row('page', ctx.page_url, 'guest-page');
  if (ctx.locale) {
    let language = ctx.locale;
    try { language = new Intl.DisplayNames([locale()], { type: 'language' }).of(ctx.locale) ?? ctx.locale; } catch { /* keep the tag */ }
    row('language', language, 'guest-language');
  }
  row('browser', ctx.browser, 'guest-browser');
  row('dialog', t('dashboard.guest.dialogNumber', { id }), 'guest-dialog');
  ui.guest.replaceChildren(...rows);
}

/** Signed links to the open dialog's attachments, asked for once per attachment while they are valid. */
const attachmentLink = linkCache((attachmentId) => model.client.attachmentLink(model.openId, attachmentId));

function messageNode() {
  return h('li', { class: 'msg', testid: 'message' },
    h('span', { class: 'msg__meta' }),
    h('span', { class: 'msg__text', testid: 'message-text' }),
    h('span', { class: 'msg__attachment', testid: 'message-attachment', hidden: true }));
}

function updateMessageNode(node, m) {
  const sender = m.sender ?? 'operator';
  updateMessageRow(node, m, { sender, audience: 'dashboard', attachmentLink,
    retry: () => model.client.retry(m.client_msg_id).catch(() => {}) });
  // A system line says who did what itself ("Anna joined the conversation."): only its time.
  const label = sender === 'system' ? '' : m.author || senderLabel(sender);
  node.querySelector('.msg__meta').textContent =
    [label, m.pending ? (m.failed ? t('dashboard.message.notSent') : t('dashboard.message.sending'))
      : (m.created_at ? formatDateTime(m.created_at) : '')]
      .filter(Boolean).join(' · ');
}

function renderMessages() {
  const id = model.openId;
  if (!id || !model.client) return;
  const list = ui.messages;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  const fromBottom = list.scrollHeight - list.scrollTop;
  const view = model.client.view(id);
  // Older history went in front: the operator keeps looking at the same message.
  const firstSeq = view[0]?.seq ?? null;
  const olderAdded = model.firstSeq != null && firstSeq != null && firstSeq < model.firstSeq;
  model.firstSeq = firstSeq;
  renderKeyed(list, [HISTORY_TOP, ...view], {
    key: (m) => (m === HISTORY_TOP ? 'history' : messageKey(m)),
    create: (m) => (m === HISTORY_TOP ? historyNode() : messageNode()),
    update: (node, m) => (m === HISTORY_TOP ? updateHistoryNode(node) : updateMessageNode(node, m)),
  });
  if (olderAdded) list.scrollTop = list.scrollHeight - fromBottom;
  else if (atBottom || view.at(-1)?.pending) list.scrollTop = list.scrollHeight;
}

// ---- scrolling back through history ---------------------------------------------------------

/** The first item of the message list: a button for older messages, "loading", or the start. */
const HISTORY_TOP = Object.freeze({ history: true });
function historyNode() {
  return h('li', { class: 'history', testid: 'history-top' },
    h('button', { type: 'button', class: 'link', testid: 'history-older', onclick: () => loadOlder() }),
    h('span', { testid: 'history-note' }));
}

function updateHistoryNode(node) {
  const hasOlder = !!model.client?.logs.get(model.openId)?.hasOlder;
  const loading = model.loadingOlder === model.openId;
  node.dataset.state = loading ? 'loading' : hasOlder ? 'more' : 'start';
  const button = node.querySelector('button');
  button.hidden = !hasOlder || loading;
  button.textContent = t('dashboard.history.older');
  node.querySelector('span').textContent = loading ? t('dashboard.history.loading') : hasOlder ? '' : t('dashboard.history.start');
}

/** Loads the page before the oldest message shown; renderMessages keeps the operator's place. */
async function loadOlder() {
  const id = model.openId;
  const client = model.client;
  if (!id || !client || model.loadingOlder === id || !client.logs.get(id)?.hasOlder) return;
  model.loadingOlder = id;
  renderMessages();
  try {
    await client.loadOlder(id);
  } catch (err) {
    handleError(err, t('dashboard.history.failed'));
  } finally {
    if (model.loadingOlder === id) model.loadingOlder = null;
    if (model.openId === id) renderMessages();
  }
}

ui.messages.addEventListener('scroll', () => {
  if (ui.messages.scrollTop < 80) loadOlder();
});

async function dialogAction(action) {
  const id = model.openId;
  if (!id) return;
  for (const b of [ui.takeover, ui.release, ui.close]) b.disabled = true;
  try {
    const dialog = await model.client.api[action](id);
    if (dialog?.id) upsert(dialog);
    renderList();
  } catch (err) {
    handleError(err, t(`dashboard.error.${action}`));
  } finally {
    renderDialogHead();
  }
}
/** The assign control: the assistant's members with presence and load, shown to those who may assign. */
function renderAssign(d) {
  const info = model.assignees.get(d.id);
  ui.assignControl.hidden = !info?.can_assign || d.status === 'closed';
  if (ui.assignControl.hidden) return;
  const chosen = ui.assignSelect.dataset.dialogId === String(d.id) ? ui.assignSelect.value : '';
  ui.assignSelect.replaceChildren(...info.assignees.map((a) => h('option', { value: String(a.id), dataset: { presence: a.presence } },
    t('dashboard.assign.option', { name: a.display_name, presence: t(`dashboard.assign.presence.${a.presence}`), count: a.open_dialogs }))));
  ui.assignSelect.dataset.dialogId = String(d.id);
  const others = info.assignees.filter((a) => a.id !== d.assigned_operator_id);
  ui.assignSelect.value = chosen && info.assignees.some((a) => String(a.id) === chosen) ? chosen : String(others[0]?.id ?? '');
  ui.assign.disabled = info.assignees.length === 0;
}

async function loadAssignees(id) {
  try {
    const info = await model.client.api.assignees(id);
    model.assignees.set(id, info);
    if (id === model.openId) renderDialogHead();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) sessionExpired(err.message);
  }
}

ui.assign.addEventListener('click', async () => {
  const id = model.openId;
  const userId = Number(ui.assignSelect.value);
  if (!id || !userId) return;
  ui.assign.disabled = true;
  try {
    const dialog = await model.client.api.assign(id, userId);
    if (dialog?.id) upsert(dialog);
    const who = model.assignees.get(id)?.assignees?.find((a) => a.id === userId);
    toast(t('dashboard.assign.done', { name: who?.display_name ?? String(userId) }));
    renderList();
    refreshCountsSoon();
    loadAssignees(id);
  } catch (err) {
    handleError(err, t('dashboard.error.assign'));
  } finally {
    renderDialogHead();
  }
});

ui.takeover.addEventListener('click', () => dialogAction('takeover'));
ui.release.addEventListener('click', () => dialogAction('release'));
ui.close.addEventListener('click', () => dialogAction('close'));
// Phones show the list or the dialog: back returns to the list.
ui.back.addEventListener('click', () => {
  if (model.openId) model.client?.unwatch(model.openId);
  model.openId = null;
  closeDialogView();
  renderList();
});

ui.replyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.reply.value.trim();
  if (!text || !model.openId) return;
  ui.reply.value = '';
  stopTyping();
  model.client.send(model.openId, text).catch((err) => {
    if (err instanceof ApiError && err.status === 401) sessionExpired(err.message);
    else if (err instanceof ApiError && err.status !== 0) toast(failure(err));
  });
});
ui.attach.addEventListener('click', () => ui.attachInput.click());
ui.attachInput.addEventListener('change', () => {
  const files = [...(ui.attachInput.files ?? [])];
  ui.attachInput.value = '';
  const id = model.openId;
  if (!id) return;
  for (const file of files) {
    model.client.sendFile(id, file).catch((err) => {
      if (err instanceof ApiError && err.status === 401) sessionExpired(err.message);
      else toast(t('dashboard.attach.failed', { name: file.name, reason: failure(err) }));
    });
  }
});
ui.reply.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.replyForm.requestSubmit();
  }
});

// ---- canned replies: "/" and a name in the composer (admin/canned.js) ------------------------

new CannedPicker({
  form: ui.replyForm,
  input: ui.reply,
  api: () => model.client?.api,
  assistantId: () => model.dialogs.get(model.openId)?.dialog.assistant_id,
  values: () => ({ operator_name: model.user?.display_name || model.user?.username, guest_name: model.contexts.get(model.openId)?.name }),
  onFailure: (err) => handleError(err, t('dashboard.canned.failed')),
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
    ? t('dashboard.typing', { name: who === 'user' || who === 'guest' ? guestName(dialogId) : author || senderLabel(who) || t('dashboard.sender.someone') })
    : '';
  if (state) typingHideTimer = setTimeout(() => { ui.typing.hidden = true; }, 6000);
}

// ---- notifications -------------------------------------------------------------------------

function notificationText(notification) {
  const payload = notification.payload ?? {};
  const dialogId = Number(payload.dialog_id) || null;
  const kind = notification.kind ?? 'notification';
  const named = () => (model.dialogs.has(dialogId) ? guestName(dialogId) : t('dashboard.guest.dialogNumber', { id: dialogId }));
  const text = kind === 'dialog_assigned' && dialogId
    ? (payload.auto ? t('dashboard.assign.notifiedAuto', { name: named() })
      : t('dashboard.assign.notified', { name: named(), by: payload.by_name ?? '' }))
    : /handoff/.test(kind) && dialogId
      ? (model.dialogs.has(dialogId) ? t('dashboard.handoff', { name: guestName(dialogId) }) : t('dashboard.handoffDialog', { id: dialogId }))
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
  ui.notifButton.title = t('dashboard.notifications.unread', { count: model.unread });
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
    handleError(err, t('dashboard.notifications.title'));
  }
}

function renderNotifications() {
  const list = model.notifications ?? [];
  ui.notifList.replaceChildren(...list.map((n) => {
    const { text, dialogId } = notificationText(n);
    const unreadItem = !n.read_at;
    return h('li', { class: `notif__item${unreadItem ? ' notif__item--unread' : ''}`, testid: 'notification-item' },
      h('span', { class: 'notif__text' }, text),
      dialogId ? h('button', { type: 'button', class: 'link', onclick: () => openDialog(dialogId) }, t('dashboard.open')) : null,
      unreadItem ? h('button', { type: 'button', class: 'link', testid: 'notification-mark-read',
        onclick: () => markNotificationRead(n) }, t('dashboard.notifications.markOne')) : null);
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
    handleError(err, t('dashboard.notifications.markOne'));
  }
}

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
    handleError(err, t('dashboard.notifications.markAll'));
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
    dialogId ? h('button', { type: 'button', onclick: () => { openDialog(dialogId); node.remove(); } }, t('dashboard.open')) : null);
  ui.toasts.append(node);
  setTimeout(() => node.remove(), 8000);
}

window.addEventListener('online', () => model.client?.reconnect());

// ---- connection line and reconnect banner --------------------------------------------------

let countdownTimer = null;
/** The connection line (words from the catalogue; the transport only in the tooltip) and the banner. */
function showConnection(status) {
  model.lastStatus = status;
  ui.conn.dataset.state = status.state;
  ui.conn.dataset.transport = status.state === 'live' ? status.transport ?? '' : '';
  ui.conn.textContent = t(`dashboard.conn.${status.state in CONN_STATES ? status.state : 'idle'}`);
  ui.conn.title = [status.transport, status.url, status.reason].filter(Boolean).join('\n');
  clearInterval(countdownTimer);
  const offline = status.state === 'offline';
  ui.banner.hidden = !offline;
  if (!offline) return;
  const retryAt = Date.now() + (status.retryInMs ?? 0);
  const tick = () => {
    const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
    ui.bannerText.textContent = seconds > 0 ? t('dashboard.reconnect.in', { count: seconds }) : t('dashboard.reconnect.now_trying');
    ui.banner.dataset.seconds = String(seconds);
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}
const CONN_STATES = { idle: 1, connecting: 1, live: 1, offline: 1, unauthorized: 1, error: 1, closed: 1 };
ui.bannerRetry.addEventListener('click', () => model.client?.reconnect());

// ---- desktop notifications and sound (after the operator turns them on) ---------------------

function alertsOn() {
  return localStorage.getItem(ALERTS_KEY) === 'on';
}
let audio = null;
ui.alerts.addEventListener('click', async () => {
  if (alertsOn()) {
    localStorage.removeItem(ALERTS_KEY);
  } else {
    // Asked on this click only, never on load; the sound needs this click to start its audio context.
    if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
    try { audio = audio ?? new AudioContext(); await audio.resume(); } catch { audio = null; }
    localStorage.setItem(ALERTS_KEY, 'on');
  }
  applyStatic();
});

/** A desktop notification and a short chime for a new dialog or a handoff, when alerts are on. */
function alertOperator(text, dialogId, tag) {
  if (!alertsOn()) return;
  model.alerts = (model.alerts ?? 0) + 1;
  ui.alerts.dataset.alerts = String(model.alerts);
  if (audio) {
    try {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.4);
    } catch { /* no sound */ }
  }
  if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
    const n = new Notification(t('dashboard.title'), { body: text, tag });
    n.onclick = () => { window.focus(); openDialog(dialogId); n.close(); };
  }
}

// ---- admin screens -------------------------------------------------------------------------

const screens = new AdminScreens({
  tabs: ui.tabs,
  view: ui.adminView,
  api: () => model.client?.api.rest,
  toast,
  failure,
  onScreen: (name) => {
    const dialogs = name === 'dialogs';
    ui.sidebar.hidden = !dialogs;
    ui.dialogView.hidden = !dialogs;
    ui.adminView.hidden = dialogs;
    ui.app.dataset.screen = name;
  },
});

// ---- boot ----------------------------------------------------------------------------------

applyStatic();
renderTitle();
const savedToken = sessionStorage.getItem(TOKEN_KEY);
if (savedToken) {
  let user = null;
  try { user = JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null'); } catch { /* ignore */ }
  startApp(savedToken, user);
} else {
  showLogin();
}
