/**
 * Every URL the client opens is built here, from the bases that `GET /api/client-config`
 * returns, never from a hard-coded port (seed 003: an admin UI talking to the wrong port).
 * An empty base means "the origin of the page"; http(s) bases map to ws(s) for sockets.
 * Credentials always go through URLSearchParams, so a token with `+`, `/`, `=` or `&` arrives
 * intact.
 */

const CREDENTIAL_PARAMS = ['token', 'ticket', 'site_token', 'access_token', 'guest_token'];

function originOf(pageLocation) {
  if (!pageLocation) throw new Error('an empty endpoint base needs the page location to resolve against');
  const loc = typeof pageLocation === 'string' ? new URL(pageLocation) : pageLocation;
  return `${loc.protocol}//${loc.host}`;
}

function trimSlash(s) {
  return s.replace(/\/+$/, '');
}

/** The http(s) base for REST and SSE: '' → page origin; ws(s) → http(s). */
export function httpBase(configured, pageLocation) {
  const raw = (configured ?? '').trim();
  if (raw === '') return originOf(pageLocation);
  const url = new URL(raw, pageLocation ? originOf(pageLocation) : undefined);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`endpoint base must be http(s) or ws(s), got "${raw}"`);
  }
  return trimSlash(`${url.protocol}//${url.host}${url.pathname}`);
}

/** The ws(s) base for sockets: '' → page origin with ws(s); http → ws, https → wss. */
export function wsBase(configured, pageLocation) {
  const http = httpBase(configured, pageLocation);
  return http.replace(/^http(s?):/, 'ws$1:');
}

/** base + path + query; parameters that are null, undefined or '' are left out. */
export function buildUrl(base, path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    query.set(key, String(value));
  }
  const qs = query.toString();
  return `${trimSlash(base)}${path}${qs ? `?${qs}` : ''}`;
}

/** The URL with every credential replaced by `***`: what logs and the UI may show. */
export function redactUrl(url) {
  return String(url).replace(
    new RegExp(`([?&](?:${CREDENTIAL_PARAMS.join('|')})=)[^&#]*`, 'g'),
    '$1***',
  );
}

function dialogPath(id) {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new TypeError(`dialog id must be a positive integer, got ${id}`);
  return String(n);
}

function cursorOrNull(seq) {
  return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}

/**
 * Operator stream credentials: a one-time ticket (`POST /api/ws-ticket`) only. The login token lives for
 * hours and never goes into a URL, where proxies, access logs and browser history would keep it.
 */
/** @param {{ticket?: string}} auth */
function operatorAuth({ ticket }) {
  if (ticket) return { ticket };
  throw new Error('an operator stream needs a one-time ticket (POST /api/ws-ticket)');
}

/**
 * Where each stream lives (SPEC §5 and §6).
 * @type {typeof import('../../../../../types/switchboard-client.js').paths}
 */
export const paths = {
  adminUserWs: (base, { afterNotification, ...auth }) =>
    buildUrl(base, '/ws', { ...operatorAuth(auth), after_notification: cursorOrNull(afterNotification) }),
  adminDialogWs: (base, id, { afterSeq, ...auth }) =>
    buildUrl(base, `/ws/dialogs/${dialogPath(id)}`, { ...operatorAuth(auth), after_seq: cursorOrNull(afterSeq) }),
  widgetDialogWs: (base, id, { assistantId, guestToken, afterSeq }) =>
    buildUrl(base, `/ws/widget/dialogs/${dialogPath(id)}`,
      { assistant_id: assistantId, guest_token: guestToken, after_seq: cursorOrNull(afterSeq) }),
  siteDialogWs: (base, id, { siteToken, guestToken, afterSeq }) =>
    buildUrl(base, `/ws/site/dialogs/${dialogPath(id)}`,
      { site_token: siteToken, guest_token: guestToken, after_seq: cursorOrNull(afterSeq) }),

  adminUserSse: (base, { afterNotification, ...auth }) =>
    buildUrl(base, '/api/events', { ...operatorAuth(auth), after_notification: cursorOrNull(afterNotification) }),
  adminDialogSse: (base, id, { afterSeq, ...auth }) =>
    buildUrl(base, `/api/dialogs/${dialogPath(id)}/events`, { ...operatorAuth(auth), after_seq: cursorOrNull(afterSeq) }),
  widgetDialogSse: (base, id, { assistantId, guestToken, afterSeq }) =>
    buildUrl(base, `/api/widget/dialogs/${dialogPath(id)}/events`,
      { assistant_id: assistantId, guest_token: guestToken, after_seq: cursorOrNull(afterSeq) }),
  siteDialogSse: (base, id, { siteToken, guestToken, afterSeq }) =>
    buildUrl(base, `/api/site/dialogs/${dialogPath(id)}/events`,
      { site_token: siteToken, guest_token: guestToken, after_seq: cursorOrNull(afterSeq) }),
};
