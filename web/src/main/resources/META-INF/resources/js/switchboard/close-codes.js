/**
 * What a closed stream means and what to do next (SPEC §5). SSE and long-poll transports map
 * HTTP statuses onto the same codes (401 → 4401, 403 → 4403, 404 → 4404, 429 → 4429,
 * 400 → 4400, network failure → 1006), so one table decides for every transport.
 */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  NO_STATUS: 1005,
  ABNORMAL: 1006,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  BAD_FRAME: 4400,
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
  NOT_FOUND: 4404,
  SLOW_CONSUMER: 4408,
  RATE_LIMITED: 4429,
});

const HTTP_TO_CLOSE = { 400: 4400, 401: 4401, 403: 4403, 404: 4404, 429: 4429 };

/** The close code an HTTP answer stands for; anything unlisted is a plain transport failure. */
export function closeCodeForHttpStatus(status) {
  return HTTP_TO_CLOSE[status] ?? CloseCode.ABNORMAL;
}

/**
 * Reads a reconnect delay out of a close reason. Accepted forms (case-insensitive):
 * `reconnect_after_ms=1500`, `retry_after_ms=1500`, `reconnect_after=2s`, `retry_after=2`
 * (seconds when no unit), `reconnect in 2 s`, `retry in 1500ms`. Returns milliseconds or null.
 */
export function parseReconnectHint(reason) {
  if (!reason) return null;
  const m = /(?:reconnect|retry)[_\s-]*(?:after|in)?[_\s-]*(ms)?\s*[=:]?\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?\b/i.exec(reason);
  if (!m) return null;
  const value = Number(m[2]);
  const millis = m[1] || (m[3] && m[3].toLowerCase() === 'ms');
  const ms = millis ? value : value * 1000;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(Math.round(ms), 5 * 60 * 1000) : null;
}

// The server answered these itself, so they say nothing about whether the transport works.
/** @type {Set<number>} */
const SERVER_ANSWERS = new Set([CloseCode.GOING_AWAY, CloseCode.SERVICE_RESTART, CloseCode.TRY_AGAIN_LATER]);

/**
 * @param {{code:number, reason?:string, opened?:boolean, url?:string}} close
 * @returns {{action:'unauthorized'|'fatal'|'retry', transportFailure:boolean, hintMs:?number, explanation:string}}
 *   `transportFailure` is true when the stream never worked and the application never answered:
 *   the signature of a proxy that blocks WebSocket (seed 004's bare 1006) or buffers SSE.
 */
export function classifyClose({ code, reason = '', opened = false, url = '' }) {
  const why = reason ? `: ${reason}` : '';
  const where = url ? ` to ${url}` : '';
  switch (code) {
    case CloseCode.UNAUTHORIZED:
      return { action: 'unauthorized', transportFailure: false, hintMs: null,
        explanation: `Not signed in, or the session expired (4401${why}). Sign in again.` };
    case CloseCode.FORBIDDEN:
      return { action: 'fatal', transportFailure: false, hintMs: null,
        explanation: `Access denied (4403${why}).` };
    case CloseCode.NOT_FOUND:
      return { action: 'fatal', transportFailure: false, hintMs: null,
        explanation: `This dialog does not exist (4404${why}).` };
    case CloseCode.BAD_FRAME:
      return { action: 'retry', transportFailure: false, hintMs: null,
        explanation: `The server rejected a frame this client sent (4400${why}); reconnecting.` };
    case CloseCode.SLOW_CONSUMER:
      return { action: 'retry', transportFailure: false, hintMs: parseReconnectHint(reason),
        explanation: `The connection fell behind (4408${why}); resuming from the last message received.` };
    case CloseCode.RATE_LIMITED:
      return { action: 'retry', transportFailure: false, hintMs: parseReconnectHint(reason),
        explanation: `Too many requests (4429${why}); retrying later.` };
    case CloseCode.GOING_AWAY:
    case CloseCode.SERVICE_RESTART:
    case CloseCode.TRY_AGAIN_LATER:
      return { action: 'retry', transportFailure: false, hintMs: parseReconnectHint(reason),
        explanation: `The server is restarting (${code}${why}); reconnecting.` };
    default: {
      const transportFailure = !opened && !SERVER_ANSWERS.has(code) && !(code >= 4000 && code <= 4999);
      const explanation = opened
        ? `Connection lost (${code}${why}); reconnecting.`
        : code === CloseCode.ABNORMAL && !reason
          ? `Could not connect${where} (1006, no reason given): the service is down or a proxy does not pass this transport (for WebSocket: missing Upgrade/Connection headers).`
          : `Could not connect${where} (${code}${why}).`;
      return { action: 'retry', transportFailure, hintMs: parseReconnectHint(reason), explanation };
    }
  }
}
