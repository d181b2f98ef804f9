/**
 * The REST calls the clients make (shapes: docs/clients.md, rest-shapes). Every failure is an
 * ApiError carrying the HTTP status and the server's `{"error","message"}`, so the UI can say
 * what went wrong instead of "something failed".
 */
import { buildUrl } from './urls.js';

/** @typedef {{afterSeq?: number, beforeSeq?: number, limit?: number, wait?: number, signal?: AbortSignal, timeoutMs?: number}} PageQuery */

/**
 * The query of a history page: forward from `after_seq` (and a long-poll with `wait`), or, with
 * `beforeSeq`, the newest `limit` messages below it (answered with `has_more`, `next_before_seq`).
 * @param {PageQuery} query
 */
function pageQuery({ afterSeq = 0, beforeSeq, limit = 200, wait }) {
  return beforeSeq === undefined ? { after_seq: afterSeq, limit, wait } : { before_seq: beforeSeq, limit };
}

/** An HTTP answer other than 2xx, or a network failure (`status` 0). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} [code]
   * @param {string} [message]
   * @param {{method?: string, path?: string}} [where]
   */
  constructor(status, code, message, { method, path } = {}) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.method = method;
    this.path = path;
  }
}

/** Plain fetch wrapper: JSON in, JSON out, bearer token when one is set. */
export class RestClient {
  constructor({ baseUrl, fetchImpl = globalThis.fetch?.bind(globalThis), getToken = () => null, timeoutMs = 15000 }) {
    if (!fetchImpl) throw new Error('no fetch available: pass fetchImpl');
    this.baseUrl = baseUrl;
    this.fetchImpl = fetchImpl;
    this.getToken = getToken;
    this.timeoutMs = timeoutMs;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {{query?: object, body?: any, signal?: AbortSignal, timeoutMs?: number}} [options]
   * @returns {Promise<any>}
   */
  async request(method, path, { query, body, signal, timeoutMs = this.timeoutMs } = {}) {
    const url = buildUrl(this.baseUrl, path, query);
    const headers = { Accept: 'application/json' };
    // A FormData body (an attachment upload) goes as multipart; the browser writes its Content-Type and boundary.
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    let response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
        signal: controller.signal,
        credentials: 'omit',
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const what = controller.signal.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : 'network error';
      throw new ApiError(0, 'network', `${method} ${path}: ${what}`, { method, path });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, json?.error ?? `http_${response.status}`,
        json?.message ?? `${method} ${path} answered ${response.status}`, { method, path });
    }
    return json;
  }
}

/** Uploads may take longer than a JSON call: up to a minute by default. */
export const UPLOAD_TIMEOUT_MS = 60000;

/**
 * The multipart body of an attachment upload: the file in the part `file`, and the client_msg_id that makes a
 * retried upload store once.
 * @param {Blob} file
 * @param {string} [clientMsgId]
 */
export function uploadForm(file, clientMsgId) {
  const form = new FormData();
  form.append('file', file, /** @type {any} */ (file).name || 'file');
  if (clientMsgId) form.append('client_msg_id', clientMsgId);
  return form;
}

/**
 * A signed link the server answered (`url`, `thumbnail_url`: paths under `/api/attachments/`), made absolute
 * against the API's base so an `<img>` or a download can use it as it is.
 * @param {string} baseUrl
 * @param {{url: string, thumbnail_url?: ?string, expires_at: string}} link
 */
export function absoluteLink(baseUrl, link) {
  const base = String(baseUrl || '').replace(/\/+$/, '');
  return {
    ...link,
    url: base + link.url,
    thumbnail_url: link.thumbnail_url ? base + link.thumbnail_url : null,
  };
}

/** Operator endpoints (Bearer JWT). */
export class OperatorApi {
  constructor(rest) {
    this.rest = rest;
  }

  clientConfig() { return this.rest.request('GET', '/api/client-config'); }
  login(username, password) { return this.rest.request('POST', '/api/auth/login', { body: { username, password } }); }
  wsTicket() { return this.rest.request('POST', '/api/ws-ticket', { body: {} }); }
  /** Signs out: every token of this user stops working, and its open sockets close with 4401. */
  logout() { return this.rest.request('POST', '/api/auth/logout', { body: {} }); }
  /** `view` (mine, unassigned, waiting, all) narrows the list on the server and adds `counts` per view. */
  /** @param {{status?: string, limit?: number, view?: string}} [query] */
  listDialogs({ status, limit, view } = {}) { return this.rest.request('GET', '/api/dialogs', { query: { status, limit, view } }); }
  /**
   * Finds the caller's dialogs by words of their messages (Russian and English word forms) or by
   * the guest: `{dialogs: [...each with match {seq, snippet, highlights}], has_more, next_offset}`.
   * @param {string} q
   * @param {{status?: string, assistantId?: number, limit?: number, offset?: number, signal?: AbortSignal}} [query]
   */
  searchDialogs(q, { status, assistantId, limit, offset, signal } = {}) {
    return this.rest.request('GET', '/api/dialogs',
      { query: { q, status, assistant_id: assistantId, limit, offset }, signal });
  }
  dialog(id) { return this.rest.request('GET', `/api/dialogs/${id}`); }
  /** @param {number} id @param {PageQuery} [query] */
  messages(id, { signal, timeoutMs, ...query } = {}) {
    return this.rest.request('GET', `/api/dialogs/${id}/messages`, { query: pageQuery(query), signal, timeoutMs });
  }
  send(id, { text, clientMsgId }) {
    return this.rest.request('POST', `/api/dialogs/${id}/messages`, { body: { text, client_msg_id: clientMsgId } });
  }
  /**
   * Sends a file or image into the dialog (multipart); answers the message that carries it.
   * @param {number} id @param {Blob} file @param {{clientMsgId?: string, timeoutMs?: number}} [options]
   */
  upload(id, file, { clientMsgId, timeoutMs = UPLOAD_TIMEOUT_MS } = {}) {
    return this.rest.request('POST', `/api/dialogs/${id}/attachments`, { body: uploadForm(file, clientMsgId), timeoutMs });
  }
  /** A short-lived signed download link (and the thumbnail's) for an attachment of the dialog. */
  async attachmentLink(id, attachmentId) {
    return absoluteLink(this.rest.baseUrl,
      await this.rest.request('POST', `/api/dialogs/${id}/attachments/${encodeURIComponent(attachmentId)}/link`, { body: {} }));
  }
  takeover(id) { return this.rest.request('POST', `/api/dialogs/${id}/takeover`, { body: {} }); }
  release(id) { return this.rest.request('POST', `/api/dialogs/${id}/release`, { body: {} }); }
  /** Gives the dialog to a member of its assistant (to oneself: a takeover). */
  assign(id, userId) { return this.rest.request('POST', `/api/dialogs/${id}/assign`, { body: { user_id: userId } }); }
  /** Who the dialog may be assigned to, and whether this operator may assign it. */
  assignees(id) { return this.rest.request('GET', `/api/dialogs/${id}/assignees`); }
  close(id) { return this.rest.request('POST', `/api/dialogs/${id}/close`, { body: {} }); }
  read(id, seq) { return this.rest.request('POST', `/api/dialogs/${id}/read`, { body: { seq } }); }
  /** `after` = the last notification seq shown (oldest first), or `order: 'newest'` for the latest; with `unread`, `last_seq`. */
  /** @param {{after?: number, limit?: number, order?: string, signal?: AbortSignal}} [query] */
  notifications({ after, limit, order, signal } = {}) {
    return this.rest.request('GET', '/api/notifications', { query: { after, limit, order }, signal });
  }
  markNotificationRead(id) { return this.rest.request('POST', `/api/notifications/${id}/read`, { body: {} }); }
  markAllNotificationsRead(upToSeq) {
    return this.rest.request('POST', '/api/notifications/read', { body: upToSeq === undefined ? {} : { up_to_seq: upToSeq } });
  }
  /** The assistants this operator sees (all of them for an admin). */
  assistants() { return this.rest.request('GET', '/api/assistants'); }
  /** An assistant's members, each `online`, `away` or `offline` (members of that assistant and admins only). */
  presence(assistantId) { return this.rest.request('GET', '/api/presence', { query: { assistant_id: assistantId } }); }
  /** This operator's own state and whether they set themselves away. */
  myPresence() { return this.rest.request('GET', '/api/presence/me'); }
  /** Away by hand (`'away'`) or back (`'online'`). */
  setPresence(state) { return this.rest.request('PUT', '/api/presence/me', { body: { state } }); }
  /** A person is at the keyboard: without it for `idle_after_seconds` an operator counts as away. */
  reportActivity() { return this.rest.request('POST', '/api/presence/me/activity', { body: {} }); }
  /**
   * An assistant's canned replies by name (members read them); `q` keeps those whose name starts with it, any case.
   * Answers `{canned_replies, can_manage}`: `can_manage` says whether this user may write them.
   * @param {number} assistantId @param {{q?: string, limit?: number, signal?: AbortSignal}} [query]
   */
  cannedReplies(assistantId, { q, limit, signal } = {}) {
    return this.rest.request('GET', `/api/assistants/${assistantId}/canned-replies`, { query: { q, limit }, signal });
  }
  /** Adds a canned reply (the assistant's admins): 409 `canned_reply_name_taken` when the name is in use. */
  createCannedReply(assistantId, { name, text }) {
    return this.rest.request('POST', `/api/assistants/${assistantId}/canned-replies`, { body: { name, text } });
  }
  updateCannedReply(assistantId, id, { name, text }) {
    return this.rest.request('PUT', `/api/assistants/${assistantId}/canned-replies/${id}`, { body: { name, text } });
  }
  deleteCannedReply(assistantId, id) {
    return this.rest.request('DELETE', `/api/assistants/${assistantId}/canned-replies/${id}`);
  }
}

/**
 * Guest endpoints: `/api/site/...` with `site_token` (embedded on a customer's site) or
 * `/api/widget/...` with `assistant_id`; both with the guest's credential `guest_token`, which
 * the server issues when the guest opens its first dialog (`openDialog()` keeps it).
 */
export class GuestApi {
  constructor(rest, { siteToken, assistantId, guestToken, context }) {
    if (!siteToken && !assistantId) throw new Error('a guest client needs a site_token or an assistant_id');
    this.rest = rest;
    /** @type {'site' | 'widget'} */
    this.mode = siteToken ? 'site' : 'widget';
    this.siteToken = siteToken;
    this.assistantId = assistantId;
    this.guestToken = guestToken || undefined;
    /** What operators see about the visitor, sent when the dialog is opened. */
    this.context = context || undefined;
  }

  get credentials() {
    return this.mode === 'site'
      ? { site_token: this.siteToken, guest_token: this.guestToken }
      : { assistant_id: this.assistantId, guest_token: this.guestToken };
  }

  clientConfig() { return this.rest.request('GET', '/api/client-config'); }

  /**
   * Opens (or finds) the guest's dialog. Without a credential, or with one the server does not
   * accept here, the server issues a new one with a new guest: kept in `guestToken` and left out
   * of the returned dialog. The guest context, if given, goes with it.
   */
  async openDialog() {
    const body = this.mode === 'site'
      ? { site_token: this.siteToken, guest_token: this.guestToken, context: this.context }
      : { assistant_id: Number(this.assistantId), guest_token: this.guestToken, context: this.context };
    const { guest_token: guestToken, guest_token_issued: issued, ...dialog } =
      await this.rest.request('POST', `/api/${this.mode}/dialogs`, { body });
    if (guestToken) this.guestToken = guestToken;
    return { dialog, issued: !!issued };
  }

  /** @param {number} id @param {PageQuery} [query] */
  messages(id, { signal, timeoutMs, ...query } = {}) {
    return this.rest.request('GET', `/api/${this.mode}/dialogs/${id}/messages`,
      { query: { ...this.credentials, ...pageQuery(query) }, signal, timeoutMs });
  }

  send(id, { text, clientMsgId }) {
    return this.rest.request('POST', `/api/${this.mode}/dialogs/${id}/messages`,
      { query: this.credentials, body: { text, client_msg_id: clientMsgId } });
  }

  /**
   * Sends a file or image into the guest's dialog (multipart); answers the message that carries it.
   * @param {number} id @param {Blob} file @param {{clientMsgId?: string, timeoutMs?: number}} [options]
   */
  upload(id, file, { clientMsgId, timeoutMs = UPLOAD_TIMEOUT_MS } = {}) {
    return this.rest.request('POST', `/api/${this.mode}/dialogs/${id}/attachments`,
      { query: this.credentials, body: uploadForm(file, clientMsgId), timeoutMs });
  }

  /** A short-lived signed download link (and the thumbnail's) for an attachment of the guest's dialog. */
  async attachmentLink(id, attachmentId) {
    return absoluteLink(this.rest.baseUrl, await this.rest.request('POST',
      `/api/${this.mode}/dialogs/${id}/attachments/${encodeURIComponent(attachmentId)}/link`,
      { query: this.credentials, body: {} }));
  }

  handoff(id) {
    return this.rest.request('POST', `/api/${this.mode}/dialogs/${id}/handoff`, { query: this.credentials, body: {} });
  }

  read(id, seq) {
    return this.rest.request('POST', `/api/${this.mode}/dialogs/${id}/read`, { query: this.credentials, body: { seq } });
  }

  validateToken(domain) {
    return this.rest.request('POST', '/api/validate-widget-token', { body: { token: this.siteToken, domain } });
  }

  /** Whether an operator is online now, and the address the visitor left for replies by email. */
  availability(id) {
    return this.rest.request('GET', `/api/${this.mode}/dialogs/${id}/availability`, { query: this.credentials });
  }

  /** Leaves (or changes) the visitor's address: replies they do not see in the chat are mailed there. */
  saveEmail(id, email, locale) {
    return this.rest.request('PUT', `/api/${this.mode}/dialogs/${id}/email`, { query: this.credentials, body: { email, locale } });
  }

  removeEmail(id) {
    return this.rest.request('DELETE', `/api/${this.mode}/dialogs/${id}/email`, { query: this.credentials });
  }
}
