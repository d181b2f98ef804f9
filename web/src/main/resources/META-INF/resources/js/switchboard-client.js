/**
 * Switchboard JavaScript client: one ES module, no dependencies, no build step.
 *
 *   import { GuestClient, OperatorClient } from 'https://host/js/switchboard-client.js';
 *
 * Both clients keep ONE ordered message list per dialog (merge.js), load REST history before
 * they open a live stream (seed 000), resume every stream from the last seq they hold, drop
 * duplicates, repair gaps over REST, and move between WebSocket, SSE and long-polling by the
 * rules written at the top of connection.js. Their state is always visible:
 * `client.status` → {state: connecting|live|offline|unauthorized|error|closed, transport: ws|sse|poll}.
 *
 * Events (client.on(name, fn)): state, change {dialogId}, message {dialogId, message},
 * pending {dialogId, bubble}, dialog {type, dialog}, typing, read, notification, event
 * (anything else), unauthorized, server-error, connected. `read` {dialogId, reader, seq} comes from a `read` event
 * and also from a staff message (its `author_id`) or the `dialog:update` of one (its `reader`): a post moves its
 * author's watermark without a `read` event of its own.
 */
import { ApiError, GuestApi, OperatorApi, RestClient } from './switchboard/api.js';
import { backoffCeiling, Backoff, fullJitterDelay } from './switchboard/backoff.js';
import { classifyClose, CloseCode, parseReconnectHint } from './switchboard/close-codes.js';
import { Connection, TRANSPORT_ORDER } from './switchboard/connection.js';
import { Emitter } from './switchboard/emitter.js';
import { DialogLog, mergeDialog } from './switchboard/merge.js';
import { eventSourceTransport, longPollTransport, sleep, webSocketTransport } from './switchboard/transports.js';
import { buildUrl, httpBase, paths, redactUrl, wsBase } from './switchboard/urls.js';

export {
  ApiError, Backoff, backoffCeiling, buildUrl, classifyClose, CloseCode, Connection, DialogLog, Emitter,
  fullJitterDelay, GuestApi, httpBase, mergeDialog, OperatorApi, parseReconnectHint, paths, redactUrl, RestClient, TRANSPORT_ORDER, wsBase,
};

/** A random UUID v4 (crypto.randomUUID where available; it is missing on plain-http pages in some browsers). */
export function uuid() {
  if (globalThis.crypto?.randomUUID) {
    try {
      return globalThis.crypto.randomUUID();
    } catch { /* insecure context */ }
  }
  const b = new Uint8Array(16);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(b);
  else for (let i = 0; i < 16; i += 1) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A REST message as the envelope a live stream would have carried. */
function asEnvelope(message) {
  return { type: 'message:new', dialog_id: message.dialog_id, seq: message.seq, message };
}

const DEFAULTS = {
  /** The widget opens with at least this many messages; operators page back with loadOlder. */
  historyWindow: 500,
  pageSize: 200,
  pollWaitSeconds: 25,
  listPollMs: 5000,
  gapCheckDelayMs: 1500,
  openTimeoutMs: 10000,
};

/** What guest and operator clients share: dialog logs, frame routing, gap repair, the Connection. */
class RealtimeClient extends Emitter {
  #repairing = new Set();
  #loadingOlder = new Map();
  #expected = new Map();
  #gapTimers = new Map();

  constructor(options) {
    super();
    const env = {
      location: globalThis.location?.href,
      fetchImpl: globalThis.fetch?.bind(globalThis),
      WebSocketImpl: globalThis.WebSocket,
      EventSourceImpl: globalThis.EventSource,
      timers: globalThis,
      random: Math.random,
      log: console,
    };
    this.env = { ...env, ...pick(options, Object.keys(env)) };
    this.options = { ...DEFAULTS, ...options };
    this.logs = new Map();
    this.sends = new Map();
    /** Dialogs the current WebSocket confirmed with a `subscribed` frame (typing and read need one). */
    this.subscribed = new Set();
    this.connection = null;
    this.stopped = false;
    this.endpoints = null;
  }

  /**
   * `{state, transport, reason?, code?, retryInMs?, url?}`; `idle` before start.
   * @returns {import('../../../../types/switchboard-client.js').ConnectionStatus}
   */
  get status() {
    return this.connection?.status ?? { state: this.stopped ? 'closed' : 'idle', transport: null };
  }

  /** What to render for a dialog: confirmed messages in seq order, then pending bubbles. */
  view(dialogId) {
    return this.logs.get(Number(dialogId))?.view() ?? [];
  }

  /** The resume cursor of a dialog: the highest seq held with no gap below it. */
  lastSeq(dialogId) {
    return this.logs.get(Number(dialogId))?.lastSeq ?? 0;
  }

  /** Starts the live stream over from WebSocket (call it when the network changed). */
  reconnect() {
    this.connection?.restart();
  }

  stop() {
    this.stopped = true;
    this.connection?.stop();
    for (const timer of this.#gapTimers.values()) this.env.timers.clearTimeout(timer);
    this.#gapTimers.clear();
  }

  /** Where the socket services are, from GET /api/client-config (or the `endpoints` option). */
  async _resolveEndpoints(api, key) {
    let configured = this.options.endpoints?.[key];
    if (configured === undefined) {
      const backoff = new Backoff({ baseMs: 500, capMs: 10000, random: this.env.random });
      for (;;) {
        try {
          configured = (await api.clientConfig())?.[key] ?? '';
          break;
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            this.env.log.warn?.('[switchboard] GET /api/client-config answered 404; assuming the socket service is on this origin');
            configured = '';
            break;
          }
          if (this.stopped) throw err;
          const delay = backoff.next();
          this.emit('state', { state: 'connecting', transport: null, retryInMs: delay,
            reason: `waiting for /api/client-config: ${err.message}` });
          await sleep(delay, undefined, this.env.timers);
        }
      }
    }
    const page = this.env.location;
    this.endpoints = { ws: wsBase(configured, page), http: httpBase(configured, page) };
    return this.endpoints;
  }

  _makeConnection(transports) {
    const o = this.options;
    const connection = new Connection({
      transports,
      order: o.transports ?? TRANSPORT_ORDER,
      baseMs: o.backoffBaseMs ?? 500,
      capMs: o.backoffCapMs ?? 30000,
      failuresBeforeFallback: o.failuresBeforeFallback ?? 2,
      probeMinMs: o.probeMinMs ?? 5000,
      probeMaxMs: o.probeMaxMs ?? 60000,
      stableAfterMs: o.stableAfterMs ?? 5000,
      timers: this.env.timers,
      random: this.env.random,
      log: this.env.log,
    });
    connection.on('state', (status) => this.emit('state', status));
    connection.on('frame', ({ frame, transport }) => this._onFrame(frame, transport));
    connection.on('unauthorized', (detail) => this.emit('unauthorized', detail));
    this.connection = connection;
    return connection;
  }

  _wsFactory(url, { onConnected = () => {}, onSync = () => {} } = {}) {
    const { WebSocketImpl, timers, log } = this.env;
    if (!WebSocketImpl) return undefined;
    return webSocketTransport({ url, onConnected, onSync, WebSocketImpl, timers, log, openTimeoutMs: this.options.openTimeoutMs });
  }

  _sseFactory(streams) {
    const { EventSourceImpl, fetchImpl, timers } = this.env;
    if (!EventSourceImpl) return undefined;
    return eventSourceTransport({ streams, EventSourceImpl, fetchImpl, timers, openTimeoutMs: this.options.openTimeoutMs });
  }

  _pollFactory(loops) {
    return longPollTransport({ loops, timers: this.env.timers });
  }

  /** One long-poll loop for a dialog's messages: immediate first round, then `wait=25`. */
  _messagePollLoop(dialogId, fetchPage) {
    return {
      key: `dialog:${dialogId}`,
      run: async (signal, round) => {
        const wait = round === 0 ? 0 : this.options.pollWaitSeconds;
        const page = await fetchPage(dialogId, {
          afterSeq: this.lastSeq(dialogId), limit: this.options.pageSize, wait, signal,
          timeoutMs: (wait + 10) * 1000,
        });
        return (page?.messages ?? []).map(asEnvelope);
      },
    };
  }

  /**
   * Loads the newest page of a dialog (the `pageSize` messages up to `lastSeq`, read back with
   * `before_seq`) into a fresh log, then older pages until it holds `atLeast` messages; the rest
   * comes with `loadOlder`. Anything newer than `lastSeq` (a list read a moment ago) arrives with
   * the live stream's catch-up, which resumes from the log's last seq.
   */
  async _loadHistory(dialogId, lastSeq, atLeast = 0) {
    const id = Number(dialogId);
    const log = new DialogLog({ dialogId: id, baseSeq: Math.max(0, Number(lastSeq ?? 0)) });
    this.logs.set(id, log);
    do {
      const before = log.baseSeq;
      await this.loadOlder(id);
      if (log.baseSeq === before) break;
    } while (log.hasOlder && log.messages.length < atLeast);
    return log;
  }

  /**
   * Loads the page of messages just before the oldest one held (`before_seq`), puts it in front
   * and emits `change` with `older: true`. One request per dialog at a time: a second call while
   * one runs gets the same promise.
   * @returns {Promise<{added: import('../../../../types/switchboard-client.js').Message[], hasOlder: boolean}>}
   */
  loadOlder(dialogId) {
    const id = Number(dialogId);
    const log = this.logs.get(id);
    if (!log || !log.hasOlder) return Promise.resolve({ added: [], hasOlder: false });
    const running = this.#loadingOlder.get(id);
    if (running) return running;
    const load = (async () => {
      try {
        const page = await this._fetchPage(id, { beforeSeq: log.baseSeq + 1, limit: this.options.pageSize });
        if (this.logs.get(id) !== log) return { added: [], hasOlder: false };
        const added = log.prepend(page?.messages ?? []);
        // The server knows best whether anything older exists (seqs start at 1, so this is a safeguard).
        if (page?.has_more === false) log.baseSeq = 0;
        if (added.length) this.emit('change', { dialogId: id, older: true });
        return { added, hasOlder: log.hasOlder };
      } finally {
        this.#loadingOlder.delete(id);
      }
    })();
    this.#loadingOlder.set(id, load);
    return load;
  }

  _addMessages(dialogId, messages) {
    const log = this.logs.get(dialogId);
    if (!log || messages.length === 0) return;
    const result = log.addMany(messages);
    for (const message of result.added) this.emit('message', { dialogId, message });
    if (result.added.length || result.reconciled.length) this.emit('change', { dialogId });
    this._authorsRead(dialogId, result.added);
    if (result.gap) this._repair(dialogId);
  }

  /**
   * A staff message moved its author's watermark to its seq (docs/protocol.md): emitted as `read` of
   * `user:{author_id}`, once per author for the newest of `messages`, whichever way they came (live, catch-up,
   * repair, history), since no separate `read` event follows such a post.
   */
  _authorsRead(dialogId, messages) {
    const newest = new Map();
    for (const m of messages) {
      if (m.author_id == null) continue;
      const reader = `user:${m.author_id}`;
      if (!(newest.get(reader) >= m.seq)) newest.set(reader, Number(m.seq));
    }
    for (const [reader, seq] of newest) this.emit('read', { dialogId, reader, seq });
  }

  /** Routes one frame or envelope from any transport. */
  _onFrame(frame, transport) {
    if (!frame || typeof frame.type !== 'string') return;
    switch (frame.type) {
      case 'connected':
        this.subscribed.clear();
        this.emit('connected', { ...frame, transport });
        return;
      case 'subscribed':
        this.subscribed.add(Number(frame.dialog_id));
        return;
      case 'unsubscribed':
        this.subscribed.delete(Number(frame.dialog_id));
        return;
      case 'pong':
        return;
      case 'error':
        this.env.log.warn?.(`[switchboard] server error frame: ${frame.code}: ${frame.message}`);
        this.emit('server-error', frame);
        return;
      case 'message:new': {
        const message = frame.message;
        const dialogId = Number(frame.dialog_id ?? message?.dialog_id);
        if (!message || !this.logs.has(dialogId)) return;
        this._addMessages(dialogId, [{ ...message, dialog_id: message.dialog_id ?? dialogId }]);
        return;
      }
      case 'dialog:new':
      case 'dialog:update': {
        const dialog = frame.dialog;
        if (!dialog) return;
        this._onDialog(frame.type, dialog);
        if (this.logs.has(Number(dialog.id))) this._expect(Number(dialog.id), Number(dialog.last_seq));
        this.emit('dialog', { type: frame.type, dialog });
        // The update of a staff post names its author, whose watermark is now the dialog's last seq.
        if (typeof frame.reader === 'string') {
          this.emit('read', { dialogId: Number(dialog.id), reader: frame.reader, seq: Number(dialog.last_seq) });
        }
        return;
      }
      case 'typing':
        this.emit('typing', { dialogId: Number(frame.dialog_id), who: frame.who, author: frame.author, state: !!frame.state });
        return;
      case 'read':
        this.emit('read', { dialogId: Number(frame.dialog_id), reader: frame.reader, seq: Number(frame.seq) });
        return;
      case 'notification:new':
        this._onNotification(frame.notification);
        return;
      case 'notification:read':
        this.emit('notification-read', { ids: frame.ids ?? null, upToSeq: frame.up_to_seq ?? null, unread: frame.unread });
        return;
      case 'membership:update':
        this.emit('membership', { assistantId: frame.assistant_id, change: frame.change });
        return;
      case 'presence:update':
        this.emit('presence', { assistantId: Number(frame.assistant_id), userId: Number(frame.user_id), state: frame.presence });
        return;
      default:
        this.emit('event', frame);
    }
  }

  /** @param {string} type @param {object} dialog */
  // eslint-disable-next-line no-unused-vars
  _onDialog(type, dialog) {}

  _onNotification(notification) {
    if (notification) this.emit('notification', notification);
  }

  /**
   * A dialog update says the dialog reached `seq`; if no message brings us there shortly (a
   * lost doorbell, a stream that lags), fetch the rest over REST.
   */
  _expect(dialogId, seq) {
    const log = this.logs.get(dialogId);
    if (!log || !(seq > log.lastSeq)) return;
    this.#expected.set(dialogId, Math.max(seq, this.#expected.get(dialogId) ?? 0));
    if (this.#gapTimers.has(dialogId)) return;
    this.#gapTimers.set(dialogId, this.env.timers.setTimeout(() => {
      this.#gapTimers.delete(dialogId);
      this._repair(dialogId);
    }, this.options.gapCheckDelayMs));
  }

  /** Fetches missing messages until the dialog's log has no gap and reached what was announced. */
  async _repair(dialogId) {
    if (this.#repairing.has(dialogId) || this.stopped) return;
    this.#repairing.add(dialogId);
    try {
      let emptyRounds = 0;
      for (;;) {
        const log = this.logs.get(dialogId);
        if (!log || this.stopped) return;
        const target = Math.max(log.gap?.untilSeq ?? 0, this.#expected.get(dialogId) ?? 0);
        if (target <= log.lastSeq) {
          this.#expected.delete(dialogId);
          return;
        }
        let messages = [];
        try {
          const page = await this._fetchPage(dialogId, { afterSeq: log.lastSeq, limit: this.options.pageSize });
          messages = page?.messages ?? [];
        } catch (err) {
          this.env.log.warn?.(`[switchboard] could not fetch missing messages of dialog ${dialogId}: ${err.message}`);
        }
        if (messages.length) {
          emptyRounds = 0;
          this._addMessages(dialogId, messages);
        } else {
          emptyRounds += 1;
          if (emptyRounds > 6) {
            this.env.log.warn?.(`[switchboard] dialog ${dialogId}: seq ${log.lastSeq + 1}..${target} still missing; the next event or reconnect retries`);
            this.#expected.delete(dialogId);
            return;
          }
          await sleep(Math.min(5000, 200 * 2 ** emptyRounds), undefined, this.env.timers);
        }
      }
    } finally {
      this.#repairing.delete(dialogId);
    }
  }

  /**
   * One page of a dialog's messages (the guest's or the operator's endpoint).
   * @param {number} dialogId
   * @param {{afterSeq?: number, beforeSeq?: number, limit?: number, wait?: number, signal?: AbortSignal, timeoutMs?: number}} query
   * @returns {Promise<any>}
   */
  // eslint-disable-next-line no-unused-vars
  _fetchPage(dialogId, query) {
    throw new Error('not implemented');
  }

  /** Sends with an optimistic bubble keyed by a fresh client_msg_id; the stored echo replaces it. */
  async _send(dialogId, text, sender, post, attachment = undefined) {
    const log = this.logs.get(dialogId);
    if (!log) throw new Error(`dialog ${dialogId} is not loaded`);
    const body = String(text ?? '').trim();
    if (!body) throw new Error('a message needs some text');
    const clientMsgId = uuid();
    const bubble = log.addPending({ client_msg_id: clientMsgId, text: body, sender, attachment });
    this.emit('pending', { dialogId, bubble });
    this.emit('change', { dialogId });
    this.sends.set(clientMsgId, { dialogId, text: body, post });
    return this._deliver(clientMsgId);
  }

  /** Sends a failed message again with the same client_msg_id, so the server stores it at most once. */
  retry(clientMsgId) {
    const entry = this.sends.get(clientMsgId);
    if (!entry) return Promise.reject(new Error('nothing to retry'));
    const bubble = this.logs.get(entry.dialogId)?.retryPending(clientMsgId);
    this.emit('pending', { dialogId: entry.dialogId, bubble });
    this.emit('change', { dialogId: entry.dialogId });
    return this._deliver(clientMsgId);
  }

  /**
   * Sends a file: a pending bubble with the file's name, size and type, then the multipart upload with a fresh
   * client_msg_id (a retry re-sends the same file with the same id, so it is stored once).
   */
  _sendFile(dialogId, file, sender, upload) {
    if (!file || !(file.size > 0)) return Promise.reject(new Error('the file is empty'));
    const name = file.name || 'file';
    return this._send(dialogId, name, sender, ({ clientMsgId }) => upload(file, clientMsgId),
      { name, size: file.size, content_type: file.type || null, uploading: true });
  }

  async _deliver(clientMsgId) {
    const { dialogId, text, post } = this.sends.get(clientMsgId);
    try {
      const message = await post({ text, clientMsgId });
      this.sends.delete(clientMsgId);
      this._addMessages(dialogId, [message]);
      return message;
    } catch (err) {
      const bubble = this.logs.get(dialogId)?.failPending(clientMsgId, err);
      this.emit('pending', { dialogId, bubble });
      this.emit('change', { dialogId });
      throw err;
    }
  }
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object?.[key] !== undefined) out[key] = object[key];
  return out;
}

/**
 * A website visitor's client: `site_token` (embedded on a customer's site) or `assistant_id`
 * mode, with the `guestToken` the page keeps (absent for a new visitor). `start()` opens (or
 * creates) the guest's dialog, loads its history, and only then connects. When the server issues
 * a credential, `onGuestToken(token)` is called so the page can keep it; it is never logged nor
 * put into events.
 */
export class GuestClient extends RealtimeClient {
  constructor(options) {
    super(options);
    const rest = new RestClient({ baseUrl: options.apiBase ?? '', fetchImpl: this.env.fetchImpl });
    this.api = new GuestApi(rest, options);
    this.onGuestToken = options.onGuestToken;
    this.dialog = null;
  }

  get dialogId() {
    return this.dialog ? Number(this.dialog.id) : null;
  }

  /** Opens the dialog, loads its history, then goes live. Resolves with the dialog. */
  async start() {
    this.stopped = false;
    const endpoints = await this._resolveEndpoints(this.api, 'widget_ws_url');
    const { dialog, issued } = await this.api.openDialog();
    if (issued) this.onGuestToken?.(this.api.guestToken);
    this.dialog = dialog;
    await this._loadHistory(dialog.id, dialog.last_seq, this.options.historyWindow);
    this.emit('dialog', { type: 'loaded', dialog });
    this.emit('change', { dialogId: Number(dialog.id) });
    if (this.stopped) return dialog;
    this.connection?.stop();
    this._makeConnection(this.#transports(endpoints, Number(dialog.id))).start();
    return dialog;
  }

  /** After the dialog was closed: drops the old one and opens the guest's next dialog. */
  async restart() {
    this.connection?.stop();
    this.logs.clear();
    return this.start();
  }

  #transports(endpoints, dialogId) {
    const api = this.api;
    const creds = { siteToken: api.siteToken, assistantId: api.assistantId, guestToken: api.guestToken };
    const site = api.mode === 'site';
    const afterSeq = () => this.lastSeq(dialogId);
    return {
      ws: this._wsFactory(() => (site ? paths.siteDialogWs : paths.widgetDialogWs)(endpoints.ws, dialogId, { ...creds, afterSeq: afterSeq() })),
      sse: this._sseFactory(() => [{ key: 'dialog',
        url: (site ? paths.siteDialogSse : paths.widgetDialogSse)(endpoints.http, dialogId, { ...creds, afterSeq: afterSeq() }) }]),
      poll: this._pollFactory(() => [this._messagePollLoop(dialogId, (id, q) => this._fetchPage(id, q))]),
    };
  }

  _fetchPage(dialogId, query) {
    return this.api.messages(dialogId, query);
  }

  _onDialog(type, dialog) {
    if (this.dialog && Number(dialog.id) === this.dialogId) this.dialog = mergeDialog(this.dialog, dialog);
  }

  messages() {
    return this.view(this.dialogId);
  }

  send(text) {
    return this._send(this.dialogId, text, 'user', (body) => this.api.send(this.dialogId, body));
  }

  /** Sends a file or image (a `File` or `Blob` with a name) into the dialog; resolves with its stored message. */
  sendFile(file) {
    const id = this.dialogId;
    return this._sendFile(id, file, 'user', (f, clientMsgId) => this.api.upload(id, f, { clientMsgId }));
  }

  /** A short-lived signed link to an attachment of this dialog (`url`, `thumbnail_url`, `expires_at`). */
  attachmentLink(attachmentId) {
    return this.api.attachmentLink(this.dialogId, attachmentId);
  }

  async handoff() {
    const dialog = await this.api.handoff(this.dialogId);
    this._onDialog('dialog:update', dialog);
    this.emit('dialog', { type: 'dialog:update', dialog });
    return dialog;
  }

  /**
   * Tells the operators that the guest is (not) typing; only over WebSocket and once the server
   * confirmed the dialog's subscription (false otherwise: not sent).
   */
  typing(state) {
    if (!this.subscribed.has(this.dialogId)) return false;
    return this.connection?.send({ type: 'typing', dialog_id: this.dialogId, state: !!state }) ?? false;
  }

  /** Moves the guest's read watermark (REST, and the socket frame when on WebSocket). */
  async markRead(seq = this.lastSeq(this.dialogId)) {
    if (!(seq > 0)) return null;
    this.connection?.send({ type: 'read', dialog_id: this.dialogId, seq });
    return this.api.read(this.dialogId, seq);
  }
}

/**
 * An operator's client: one user-level stream for the dialog list and notifications, plus a
 * subscription per watched dialog (frames on the same WebSocket; one EventSource or long-poll
 * loop per dialog on the fallbacks).
 */
export class OperatorClient extends RealtimeClient {
  #token;
  #watched = new Set();
  #notificationCursor = null;

  constructor(options) {
    super(options);
    this.#token = options.token;
    this.user = options.user ?? null;
    const rest = new RestClient({ baseUrl: options.apiBase ?? '', fetchImpl: this.env.fetchImpl, getToken: () => this.#token });
    this.api = new OperatorApi(rest);
  }

  /** POST /api/auth/login → {access_token, expires_in, user}. */
  static login({ apiBase = '', username, password, fetchImpl }) {
    const rest = new RestClient({ baseUrl: apiBase, fetchImpl: fetchImpl ?? globalThis.fetch?.bind(globalThis) });
    return new OperatorApi(rest).login(username, password);
  }

  /** The reader name this operator has in read events (`user:{id}`). */
  get readerName() {
    return this.user ? `user:${this.user.id}` : null;
  }

  /** A new token (after signing in again); the next connection attempt uses it. */
  setToken(token) {
    this.#token = token;
  }

  async start() {
    this.stopped = false;
    if (this.#notificationCursor === null) {
      // Every stream resumes notifications from this cursor, the first one included.
      try { await this.loadNotifications(1); } catch (err) { this.env.log.warn?.('[switchboard] notifications', err); }
    }
    const endpoints = await this._resolveEndpoints(this.api, 'admin_ws_url');
    if (this.stopped) return;
    this.connection?.stop();
    this._makeConnection(this.#transports(endpoints)).start();
  }

  /**
   * Loads a dialog's newest page of history and subscribes to it; `lastSeq` (from the list) is
   * where that page ends. Older pages come with `loadOlder(dialogId)` as the reader scrolls back.
   */
  /** @param {number} dialogId @param {{lastSeq?: number}} [options] */
  async watch(dialogId, { lastSeq } = {}) {
    const id = Number(dialogId);
    if (this.#watched.has(id)) return this.logs.get(id);
    let known = lastSeq;
    if (known === undefined) known = (await this.api.dialog(id)).last_seq;
    const log = await this._loadHistory(id, known);
    this.#watched.add(id);
    this.emit('change', { dialogId: id });
    this.connection?.sync();
    return log;
  }

  unwatch(dialogId) {
    const id = Number(dialogId);
    if (!this.#watched.delete(id)) return;
    this.logs.delete(id);
    this.connection?.sync();
  }

  get watched() {
    return [...this.#watched];
  }

  send(dialogId, text) {
    const id = Number(dialogId);
    return this._send(id, text, 'operator', (body) => this.api.send(id, body));
  }

  /** Sends a file or image into a dialog this operator holds; resolves with its stored message. */
  sendFile(dialogId, file) {
    const id = Number(dialogId);
    return this._sendFile(id, file, 'operator', (f, clientMsgId) => this.api.upload(id, f, { clientMsgId }));
  }

  /** A short-lived signed link to an attachment of a dialog (`url`, `thumbnail_url`, `expires_at`). */
  attachmentLink(dialogId, attachmentId) {
    return this.api.attachmentLink(Number(dialogId), attachmentId);
  }

  /**
   * Tells the dialog's other side that this operator is (not) typing; only over WebSocket and
   * once the server confirmed the dialog's subscription (it refuses typing before that), so
   * false means "not sent, try again on the next keystroke".
   */
  typing(dialogId, state) {
    const id = Number(dialogId);
    if (!this.subscribed.has(id)) return false;
    return this.connection?.send({ type: 'typing', dialog_id: id, state: !!state }) ?? false;
  }

  /** Moves this operator's read watermark (REST, and the socket frame when on WebSocket). */
  async markRead(dialogId, seq = this.lastSeq(dialogId)) {
    const id = Number(dialogId);
    if (!(seq > 0)) return null;
    this.connection?.send({ type: 'read', dialog_id: id, seq });
    return this.api.read(id, seq);
  }

  _fetchPage(dialogId, query) {
    return this.api.messages(dialogId, query);
  }

  /**
   * Notifications carry a per-user `seq`: each (re)connect resumes after the last one shown
   * (`after_notification` on /ws and /api/events, `after` when polling), so one that came while
   * the client was away is shown once, and a repeat from a second transport is dropped.
   */
  _onNotification(notification) {
    const seq = Number(notification?.seq);
    if (!Number.isSafeInteger(seq)) return;
    if (this.#notificationCursor !== null && seq <= this.#notificationCursor) return;
    this.#notificationCursor = seq;
    super._onNotification(notification);
  }

  /** The last notification seq shown (the resume cursor), null before the first answer. */
  get notificationCursor() {
    return this.#notificationCursor;
  }

  /** The newest notifications and the unread count; also places the cursor if nothing was shown yet. */
  async loadNotifications(limit = 20) {
    const page = (await this.api.notifications({ order: 'newest', limit })) ?? {};
    if (this.#notificationCursor === null && Number.isSafeInteger(page.last_seq)) this.#notificationCursor = page.last_seq;
    return { notifications: page.notifications ?? [], unread: page.unread ?? 0, lastSeq: page.last_seq ?? 0 };
  }

  #transports(endpoints) {
    const subscribeFrame = (id) => ({ type: 'subscribe', dialog_id: id, after_seq: this.lastSeq(id) });
    // Every stream opens with its own one-time ticket; the login token never goes into a URL.
    const ticket = async () => (await this.api.wsTicket()).ticket;
    const wsUrl = async () => paths.adminUserWs(endpoints.ws,
      { ticket: await ticket(), afterNotification: this.#notificationCursor });
    const ws = this.env.WebSocketImpl ? (handlers) => {
      // Subscriptions belong to one socket: a fresh set per attempt.
      const subscribed = new Set();
      const syncSubscriptions = (send) => {
        for (const id of this.#watched) {
          if (!subscribed.has(id) && send(subscribeFrame(id))) subscribed.add(id);
        }
        for (const id of [...subscribed]) {
          if (!this.#watched.has(id)) {
            send({ type: 'unsubscribe', dialog_id: id });
            subscribed.delete(id);
          }
        }
      };
      return this._wsFactory(wsUrl, { onConnected: syncSubscriptions, onSync: syncSubscriptions })(handlers);
    } : undefined;
    const sse = this._sseFactory(() => [
      { key: 'user', url: async () => paths.adminUserSse(endpoints.http,
        { ticket: await ticket(), afterNotification: this.#notificationCursor }) },
      ...[...this.#watched].map((id) => ({ key: `dialog:${id}`,
        url: async () => paths.adminDialogSse(endpoints.http, id, { ticket: await ticket(), afterSeq: this.lastSeq(id) }) })),
    ]);
    const poll = this._pollFactory(() => [
      this.#listPollLoop(),
      this.#notificationPollLoop(),
      ...[...this.#watched].map((id) => this._messagePollLoop(id, (d, q) => this._fetchPage(d, q))),
    ]);
    return { ws, sse, poll };
  }

  /** Without a live stream the list is refreshed by polling and changes surface as dialog:update. */
  #listPollLoop() {
    const seen = new Map();
    return {
      key: 'list',
      run: async (signal, round) => {
        if (round > 0) await sleep(this.options.listPollMs, signal, this.env.timers);
        const { dialogs = [] } = (await this.api.listDialogs()) ?? {};
        const changed = [];
        for (const dialog of dialogs) {
          const fingerprint = JSON.stringify(dialog);
          if (seen.get(dialog.id) !== fingerprint) {
            seen.set(dialog.id, fingerprint);
            changed.push({ type: 'dialog:update', dialog_id: dialog.id, dialog });
          }
        }
        return changed;
      },
    };
  }

  #notificationPollLoop() {
    return {
      key: 'notifications',
      run: async (signal, round) => {
        if (round > 0) await sleep(this.options.listPollMs, signal, this.env.timers);
        const first = this.#notificationCursor === null;
        const page = (await this.api.notifications({ after: this.#notificationCursor ?? undefined, signal })) ?? {};
        if (first) {
          // The first answer only sets the cursor: old notifications are history, not news.
          this.#notificationCursor = page.last_seq ?? 0;
          return [];
        }
        return (page.notifications ?? []).map((notification) => ({ type: 'notification:new', notification }));
      },
    };
  }
}
