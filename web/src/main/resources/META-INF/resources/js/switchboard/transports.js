/**
 * The three browser transports behind one small interface, so the Connection state machine
 * (connection.js) can switch between them without knowing which is which:
 *
 *   factory(handlers) → handle
 *   handlers.open(info)      the stream works (WebSocket: the server's `connected` frame arrived;
 *                            SSE: every EventSource is open; poll: the first answer came back)
 *   handlers.message(object) one parsed frame or envelope
 *   handlers.close(info)     it ended by itself: {code, reason, opened, url}; called at most once
 *   handle.send(frame) → bool (WebSocket only), handle.sync() (subscriptions changed),
 *   handle.close()           ends it without calling handlers.close
 *
 * SSE and poll report HTTP failures with the WebSocket close codes (close-codes.js), so a
 * 401 on any transport is the same "unauthorized".
 */
import { ApiError } from './api.js';
import { closeCodeForHttpStatus, CloseCode } from './close-codes.js';
import { redactUrl } from './urls.js';

function codeForError(err) {
  if (err instanceof ApiError && err.status) return closeCodeForHttpStatus(err.status);
  return CloseCode.ABNORMAL;
}

function reasonForError(err) {
  return String(err?.message ?? err ?? 'failed');
}

/**
 * WebSocket transport.
 * @param {object} o
 * @param {() => string|Promise<string>} o.url  resolved for every attempt (tickets are one-time)
 * @param {(send:Function, connected:object) => void} [o.onConnected] e.g. send subscribe frames
 * @param {(send:Function) => void} [o.onSync] subscriptions changed while open
 * @param {number} [o.openTimeoutMs=10000] how long to wait for the `connected` frame
 * @param {any} [o.WebSocketImpl] the WebSocket constructor (default: the browser's)
 * @param {any} [o.timers] setTimeout/clearTimeout (default: globalThis)
 * @param {any} [o.log] console-like
 */
export function webSocketTransport({
  url, onConnected = () => {}, onSync = () => {}, WebSocketImpl = globalThis.WebSocket,
  openTimeoutMs = 10000, timers = globalThis, log = console,
}) {
  return (handlers) => {
    let ws = null;
    let opened = false;
    let finished = false;
    let shownUrl = '';
    let openTimer = null;
    let pingTimer = null;
    let silenceTimer = null;
    let silenceMs = 0;

    const cleanup = () => {
      timers.clearTimeout(openTimer);
      timers.clearInterval(pingTimer);
      timers.clearTimeout(silenceTimer);
      if (ws) {
        ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      }
    };
    const finish = (info) => {
      if (finished) return;
      finished = true;
      cleanup();
      try {
        if (ws && ws.readyState < 2) ws.close(1000, 'client gave up on this socket');
      } catch { /* already closing */ }
      handlers.close({ opened, url: shownUrl, ...info });
    };
    const send = (frame) => {
      if (!ws || ws.readyState !== 1 || !opened) return false;
      ws.send(JSON.stringify(frame));
      return true;
    };
    // Browsers answer the server's protocol pings on their own but never tell the page, so a
    // half-open connection (laptop sleep, NAT drop) is only noticed by our own ping/pong.
    const armSilenceWatch = () => {
      timers.clearTimeout(silenceTimer);
      if (silenceMs > 0) {
        silenceTimer = timers.setTimeout(() => finish({ code: CloseCode.ABNORMAL,
          reason: `no frame from the server for ${Math.round(silenceMs / 1000)} s (heartbeat timeout)` }), silenceMs);
      }
    };

    (async () => {
      let target;
      try {
        target = await url();
      } catch (err) {
        finish({ code: codeForError(err), reason: reasonForError(err) });
        return;
      }
      if (finished) return;
      shownUrl = redactUrl(target);
      try {
        ws = new WebSocketImpl(target);
      } catch (err) {
        finish({ code: CloseCode.ABNORMAL, reason: `cannot open ${shownUrl}: ${reasonForError(err)}` });
        return;
      }
      openTimer = timers.setTimeout(() => finish({ code: CloseCode.ABNORMAL,
        reason: `no "connected" frame within ${Math.round(openTimeoutMs / 1000)} s` }), openTimeoutMs);
      ws.onmessage = (event) => {
        let frame;
        try {
          frame = JSON.parse(event.data);
        } catch {
          log.warn?.('[switchboard] ignoring a non-JSON WebSocket frame');
          return;
        }
        armSilenceWatch();
        if (!opened && frame?.type === 'connected') {
          opened = true;
          timers.clearTimeout(openTimer);
          const heartbeatMs = Math.max(5, Number(frame.heartbeat_interval) || 25) * 1000;
          silenceMs = heartbeatMs * 2 + 5000;
          pingTimer = timers.setInterval(() => send({ type: 'ping' }), heartbeatMs);
          armSilenceWatch();
          handlers.open({ kind: 'ws', url: shownUrl, connected: frame });
          if (!finished) onConnected(send, frame);
        }
        if (!finished) handlers.message(frame);
      };
      ws.onclose = (event) => finish({ code: event.code, reason: event.reason });
    })();

    return {
      kind: 'ws',
      send,
      sync: () => { if (opened && !finished) onSync(send); },
      close: () => {
        if (finished) return;
        finished = true;
        cleanup();
        try {
          if (ws && ws.readyState < 2) ws.close(1000, 'client closed');
        } catch { /* already closing */ }
      },
    };
  };
}

/**
 * EventSource transport over one or more streams (an operator watches the user-level stream
 * plus one per open dialog). `streams()` is re-read on every sync, and each URL carries the
 * current cursor as `?after_seq=`, because a new EventSource cannot set Last-Event-ID.
 * When a stream fails before it opened, the URL is fetched once more to learn the HTTP status
 * and content type, so "EventSource error" becomes "401 unauthorized" or "answered text/html".
 * A stream's `url` is a string or a function resolved on every open (and for that diagnosis):
 * operator streams carry a one-time ticket, never the login token.
 */
export function eventSourceTransport({
  streams, EventSourceImpl = globalThis.EventSource, fetchImpl = globalThis.fetch?.bind(globalThis),
  openTimeoutMs = 10000, timers = globalThis,
}) {
  return (handlers) => {
    const sources = new Map();
    let opened = false;
    let finished = false;
    let openTimer = null;

    const closeAll = () => {
      timers.clearTimeout(openTimer);
      for (const { es } of sources.values()) {
        if (!es) continue;
        es.onopen = es.onmessage = es.onerror = null;
        es.close();
      }
      sources.clear();
    };
    const finish = (info) => {
      if (finished) return;
      finished = true;
      closeAll();
      handlers.close({ opened, ...info });
    };
    const checkAllOpen = () => {
      if (opened || finished) return;
      if ([...sources.values()].every((s) => s.open)) {
        opened = true;
        timers.clearTimeout(openTimer);
        handlers.open({ kind: 'sse', url: [...sources.values()].map((s) => s.shownUrl).join(' + ') });
      }
    };
    const diagnose = async (url, shownUrl) => {
      if (!fetchImpl) return { code: CloseCode.ABNORMAL, reason: `event stream ${shownUrl} failed` };
      const controller = new AbortController();
      const timer = timers.setTimeout(() => controller.abort(), 5000);
      try {
        const res = await fetchImpl(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
        const type = res.headers.get('content-type') || 'no content type';
        controller.abort();
        if (!res.ok) {
          let detail = '';
          try { detail = JSON.parse(await res.text())?.message ?? ''; } catch { /* body gone after abort */ }
          return { code: closeCodeForHttpStatus(res.status),
            reason: `event stream ${shownUrl} answered ${res.status}${detail ? `: ${detail}` : ''}` };
        }
        if (!type.startsWith('text/event-stream')) {
          return { code: CloseCode.ABNORMAL, reason: `event stream ${shownUrl} answered ${type}, not text/event-stream` };
        }
        return { code: CloseCode.ABNORMAL, reason: `event stream ${shownUrl} failed (CORS or dropped)` };
      } catch {
        return { code: CloseCode.ABNORMAL, reason: `event stream ${shownUrl} is unreachable (network, CORS or blocked)` };
      } finally {
        timers.clearTimeout(timer);
      }
    };
    const openStream = ({ key, url: target }) => {
      // Holds the key while a ticket is fetched, so a sync in between does not open the stream twice.
      const entry = { es: null, open: false, shownUrl: '' };
      sources.set(key, entry);
      if (typeof target === 'function') {
        Promise.resolve().then(target).then((url) => startStream(key, entry, url, target),
          (err) => finish({ code: codeForError(err), reason: reasonForError(err) }));
      } else {
        startStream(key, entry, target, null);
      }
    };
    const startStream = (key, entry, url, resolve) => {
      if (finished || sources.get(key) !== entry) return;
      const shownUrl = redactUrl(url);
      entry.shownUrl = shownUrl;
      let es;
      try {
        es = new EventSourceImpl(url);
      } catch (err) {
        finish({ code: CloseCode.ABNORMAL, reason: `cannot open ${shownUrl}: ${reasonForError(err)}` });
        return;
      }
      entry.es = es;
      es.onopen = () => {
        entry.open = true;
        checkAllOpen();
      };
      es.onmessage = (event) => {
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        if (!finished) handlers.message(data);
      };
      es.onerror = () => {
        if (finished) return;
        // EventSource would retry on its own with the Last-Event-ID of *this* object only;
        // we close it and let the Connection reconnect every stream from the client's cursor.
        es.onerror = null;
        es.close();
        if (entry.open) {
          finish({ code: CloseCode.ABNORMAL, reason: `event stream ${shownUrl} dropped` });
        } else {
          // A one-time ticket is spent: the diagnosis asks with a fresh one.
          Promise.resolve(resolve ? resolve() : url)
            .then((again) => diagnose(again, shownUrl), (err) => ({ code: codeForError(err), reason: reasonForError(err) }))
            .then(finish);
        }
      };
    };
    const syncStreams = () => {
      if (finished) return;
      reconcile(sources, streams(), (entry) => {
        if (entry.es) {
          entry.es.onopen = entry.es.onmessage = entry.es.onerror = null;
          entry.es.close();
        }
      }, openStream);
      checkAllOpen();
    };

    if (!EventSourceImpl) {
      Promise.resolve().then(() => finish({ code: CloseCode.ABNORMAL, reason: 'EventSource is not available in this browser' }));
    } else {
      openTimer = timers.setTimeout(() => finish({ code: CloseCode.ABNORMAL,
        reason: `event stream did not open within ${Math.round(openTimeoutMs / 1000)} s` }), openTimeoutMs);
      Promise.resolve().then(syncStreams);
    }

    return {
      kind: 'sse',
      send: () => false,
      sync: syncStreams,
      close: () => {
        if (finished) return;
        finished = true;
        closeAll();
      },
    };
  };
}

/**
 * HTTP long-polling: each loop `{key, run(signal, round)}` is called again as soon as it
 * returns; `run` resolves to the envelopes it got (and does its own waiting, e.g. `wait=25` on
 * the server, or a sleep for list refreshes). The cursor travels in each request, so any node
 * can answer any round (no sticky sessions).
 */
export function longPollTransport({ loops, minRoundMs = 1000, timers = globalThis, now = () => Date.now() }) {
  return (handlers) => {
    const running = new Map();
    let opened = false;
    let finished = false;

    const finish = (info) => {
      if (finished) return;
      finished = true;
      for (const controller of running.values()) controller.abort();
      running.clear();
      handlers.close({ opened, ...info });
    };
    const startLoop = ({ key, run }) => {
      const controller = new AbortController();
      running.set(key, controller);
      (async () => {
        for (let round = 0; !controller.signal.aborted && !finished; round += 1) {
          let envelopes;
          const startedAt = now();
          try {
            envelopes = await run(controller.signal, round);
          } catch (err) {
            if (controller.signal.aborted || finished) return;
            finish({ code: codeForError(err), reason: reasonForError(err) });
            return;
          }
          if (controller.signal.aborted || finished) return;
          if (!opened) {
            opened = true;
            handlers.open({ kind: 'poll', url: 'HTTP long-poll' });
          }
          for (const envelope of envelopes ?? []) {
            if (finished || controller.signal.aborted) return;
            handlers.message(envelope);
          }
          // A server (or proxy) that ignores `wait` answers at once; do not turn that into a hot loop.
          const elapsed = now() - startedAt;
          if (!envelopes?.length && elapsed < minRoundMs) {
            try {
              await sleep(minRoundMs - elapsed, controller.signal, timers);
            } catch {
              return;
            }
          }
        }
      })();
    };
    const syncLoops = () => {
      if (finished) return;
      reconcile(running, loops(), (controller) => controller.abort(), startLoop);
    };
    Promise.resolve().then(syncLoops);

    return {
      kind: 'poll',
      send: () => false,
      sync: syncLoops,
      close: () => {
        if (finished) return;
        finished = true;
        for (const controller of running.values()) controller.abort();
        running.clear();
      },
    };
  };
}

/**
 * Brings `running` (key → what runs) in line with `wanted` (each with a `key`), in place: `stop`s and drops what
 * is no longer wanted, then `start`s each wanted one that is not running.
 */
function reconcile(running, wanted, stop, start) {
  const byKey = new Map(wanted.map((w) => [w.key, w]));
  for (const [key, entry] of running) {
    if (!byKey.has(key)) {
      stop(entry);
      running.delete(key);
    }
  }
  for (const [key, w] of byKey) {
    if (!running.has(key)) start(w);
  }
}

/**
 * Resolves after `ms`, or rejects when `signal` aborts.
 * @returns {Promise<void>}
 */
export function sleep(ms, signal, timers = globalThis) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const timer = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      timers.clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
