/**
 * The transport state machine: which transport to use, when to retry, when to give up.
 *
 * Switching rules (the contract docs/clients.md repeats):
 *  1. Transports are tried in order ws → sse → poll (skipping any this browser lacks or the
 *     caller left out).
 *  2. A transport "fails" when it closes before it ever worked (WebSocket: before the server's
 *     `connected` frame — a proxy without Upgrade headers gives a bare 1006; SSE: before every
 *     stream opened; poll: before the first answer) AND the server did not answer with one of
 *     its own codes (4xxx, 1001, 1012, 1013). After `failuresBeforeFallback` (default 2)
 *     consecutive failures the next transport in the order is used.
 *  3. When the last transport fails too, the problem is an outage rather than a proxy: the
 *     order restarts at ws while the backoff keeps growing.
 *  4. While live on a fallback, a WebSocket probe is opened in the background after
 *     probeMinMs, then at growing intervals up to probeMaxMs. A probe that receives `connected`
 *     becomes the live transport and the fallback is closed (no gap: both resume from the same
 *     cursor and the dialog log drops duplicates by seq).
 *  5. Close codes: 4401 → state `unauthorized`, stop (the UI signs in again); 4403 / 4404 →
 *     state `error`, stop, with the reason shown; 4400 → logged, reconnect with backoff;
 *     4408 / 4429 / 1001 / 1012 → reconnect after the delay hinted in the reason, else backoff;
 *     anything else → backoff.
 *  6. Delays are full-jitter exponential backoff; the attempt counter resets once a transport
 *     has stayed live for stableAfterMs (so a server that accepts and immediately drops us is
 *     not hammered) and when the transport changes.
 *
 * States: idle → connecting → live (transport ws|sse|poll) → offline (waiting to retry) →
 * connecting …; terminal: unauthorized, error, closed. A live status on a fallback names the
 * transports given up on (`fallbackFrom`) and why (`reason`), so the page can say why it is not
 * on WebSocket.
 */
import { Backoff } from './backoff.js';
import { classifyClose } from './close-codes.js';
import { Emitter } from './emitter.js';

/** @type {readonly import('../../../../../types/switchboard-client.js').TransportKind[]} */
export const TRANSPORT_ORDER = Object.freeze(['ws', 'sse', 'poll']);

export class Connection extends Emitter {
  #factories;
  #order;
  #index = 0;
  #failures = {};
  #backoff;
  #options;
  #timers;
  #random;
  #log;
  #current = null;
  #probe = null;
  #probeAttempt = 0;
  #retryTimer = null;
  #probeTimer = null;
  #stableTimer = null;
  /** @type {import('../../../../../types/switchboard-client.js').ConnectionStatus} */
  #status = { state: 'idle', transport: null };
  #stopped = true;
  /** Transports given up on in this walk down the order, with why: `{ws: '…'}`; shown while live on a fallback. */
  #givenUp = {};

  /**
   * @param {object} o
   * @param {{ws?:Function, sse?:Function, poll?:Function}} o.transports factories (transports.js)
   * @param {readonly string[]} [o.order] subset/order of ['ws','sse','poll']
   * @param {number} [o.baseMs] backoff base
   * @param {number} [o.capMs] backoff cap
   * @param {number} [o.failuresBeforeFallback]
   * @param {number} [o.probeMinMs]
   * @param {number} [o.probeMaxMs]
   * @param {number} [o.stableAfterMs]
   * @param {any} [o.timers] setTimeout/clearTimeout (default: globalThis)
   * @param {() => number} [o.random]
   * @param {any} [o.log] console-like
   */
  constructor({
    transports, order = TRANSPORT_ORDER, baseMs = 500, capMs = 30000, failuresBeforeFallback = 2,
    probeMinMs = 5000, probeMaxMs = 60000, stableAfterMs = 5000,
    timers = globalThis, random = Math.random, log = console,
  }) {
    super();
    this.#factories = transports;
    this.#order = order.filter((kind) => typeof transports[kind] === 'function');
    if (this.#order.length === 0) throw new Error('no usable transport: pass at least one of ws, sse, poll');
    this.#backoff = new Backoff({ baseMs, capMs, random });
    this.#options = { failuresBeforeFallback, probeMinMs, probeMaxMs, stableAfterMs };
    this.#timers = timers;
    this.#random = random;
    this.#log = log;
  }

  /** `{state, transport, reason?, code?, retryInMs?, url?}` as last emitted. */
  get status() {
    return { ...this.#status };
  }

  get state() {
    return this.#status.state;
  }

  get transport() {
    return this.#status.transport;
  }

  /** The transports in the order this connection tries them. */
  get order() {
    return [...this.#order];
  }

  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connectFromFirst();
  }

  stop() {
    this.#stopped = true;
    this.#clearTimers();
    this.#closeProbe();
    this.#current?.handle?.close();
    this.#current = null;
    this.#setStatus({ state: 'closed', transport: null });
  }

  /** Sends a frame over the live WebSocket; false when the live transport cannot carry frames. */
  send(frame) {
    if (this.#status.state !== 'live') return false;
    return this.#current?.handle?.send(frame) ?? false;
  }

  /** Tells the live transport that the set of watched dialogs changed. */
  sync() {
    this.#current?.handle?.sync?.();
    this.#probe?.handle?.sync?.();
  }

  /**
   * Drops the live transport and starts over from the first one in the order, at once: after
   * the network changed (the browser's `online` event) an open socket may be dead without
   * knowing it, and a proxy that blocked WebSocket may be gone.
   */
  restart() {
    if (this.#stopped) return;
    this.#clearTimers();
    this.#closeProbe();
    const current = this.#current;
    this.#current = null;
    current?.handle?.close();
    this.#connectFromFirst();
  }

  /** Connects with the first transport in the order, nothing failed or given up, no backoff. */
  #connectFromFirst() {
    this.#index = 0;
    this.#failures = {};
    this.#givenUp = {};
    this.#backoff.reset();
    this.#connect();
  }

  /** Skips the remaining backoff wait (e.g. the browser reports it is online again). */
  reconnectNow() {
    if (this.#stopped || this.#status.state !== 'offline') return;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#connect();
  }

  #connect() {
    this.#retryTimer = null;
    if (this.#stopped) return;
    const kind = this.#order[this.#index];
    const attempt = { kind, handle: null };
    this.#current = attempt;
    this.#setStatus({ state: 'connecting', transport: kind, reason: this.#status.reason });
    attempt.handle = this.#factories[kind]({
      open: (info) => this.#current === attempt && this.#onOpen(attempt, info),
      message: (frame) => this.#current === attempt && this.emit('frame', { frame, transport: kind }),
      close: (info) => this.#current === attempt && this.#onClose(attempt, info),
    });
  }

  #onOpen(attempt, info) {
    this.#failures[attempt.kind] = 0;
    const fallbackFrom = Object.keys(this.#givenUp).filter((kind) => kind !== attempt.kind);
    this.#setStatus({ state: 'live', transport: attempt.kind, url: info?.url,
      ...(fallbackFrom.length ? { fallbackFrom, reason: fallbackFrom.map((k) => `${k}: ${this.#givenUp[k]}`).join('; ') } : {}) });
    this.#armStableTimer();
    if (attempt.kind !== 'ws' && this.#order.includes('ws')) {
      this.#probeAttempt = 0;
      this.#scheduleProbe();
    }
  }

  #onClose(attempt, info) {
    this.#current = null;
    this.#timers.clearTimeout(this.#stableTimer);
    this.#closeProbe();
    const verdict = classifyClose(info);
    const detail = { transport: attempt.kind, code: info.code, reason: verdict.explanation, url: info.url };
    if (verdict.action === 'unauthorized') {
      this.#halt('unauthorized', detail);
      this.emit('unauthorized', detail);
      return;
    }
    if (verdict.action === 'fatal') {
      this.#halt('error', detail);
      return;
    }
    if (info.code === 4400) this.#log.warn?.(`[switchboard] ${verdict.explanation}`);
    if (verdict.transportFailure) this.#countFailure(attempt.kind, verdict.explanation);
    const delay = verdict.hintMs ?? this.#backoff.next();
    this.#setStatus({ state: 'offline', ...detail, transport: this.#order[this.#index], retryInMs: delay });
    this.#retryTimer = this.#timers.setTimeout(() => this.#connect(), delay);
  }

  #countFailure(kind, explanation) {
    this.#failures[kind] = (this.#failures[kind] ?? 0) + 1;
    if (this.#failures[kind] < this.#options.failuresBeforeFallback) return;
    const from = this.#order[this.#index];
    if (this.#index < this.#order.length - 1) {
      this.#givenUp[from] = explanation;
      this.#index += 1;
      this.#backoff.reset();
      this.#log.warn?.(`[switchboard] ${from} failed ${this.#failures[kind]} times (${explanation}); switching to ${this.#order[this.#index]}`);
    } else {
      this.#index = 0;
      this.#failures = {};
      this.#givenUp = {};
      this.#log.warn?.(`[switchboard] every transport failed (${explanation}); the service looks down, starting over with ${this.#order[0]}`);
    }
  }

  #armStableTimer() {
    this.#timers.clearTimeout(this.#stableTimer);
    this.#stableTimer = this.#timers.setTimeout(() => this.#backoff.reset(), this.#options.stableAfterMs);
  }

  #scheduleProbe() {
    this.#timers.clearTimeout(this.#probeTimer);
    const { probeMinMs, probeMaxMs } = this.#options;
    const ceiling = Math.min(probeMaxMs, probeMinMs * 2 ** this.#probeAttempt);
    // Half fixed, half jitter: probes come soon enough to notice a fixed proxy, and a crowd
    // of clients on SSE does not probe in lockstep.
    const delay = Math.round(ceiling / 2 + this.#random() * (ceiling / 2));
    this.#probeTimer = this.#timers.setTimeout(() => this.#startProbe(), delay);
  }

  #startProbe() {
    this.#probeTimer = null;
    if (this.#stopped || this.#status.state !== 'live' || this.#status.transport === 'ws') return;
    const probe = { kind: 'ws', handle: null };
    this.#probe = probe;
    probe.handle = this.#factories.ws({
      open: (info) => this.#probe === probe && this.#promoteProbe(probe, info),
      message: (frame) => {
        if (this.#probe === probe || this.#current === probe) this.emit('frame', { frame, transport: 'ws' });
      },
      close: (info) => {
        if (this.#current === probe) {
          this.#onClose(probe, info);
        } else if (this.#probe === probe) {
          this.#probe = null;
          this.#probeAttempt += 1;
          this.#log.info?.(`[switchboard] WebSocket probe failed (${classifyClose(info).explanation}); staying on ${this.#status.transport}`);
          if (this.#status.state === 'live') this.#scheduleProbe();
        }
      },
    });
  }

  #promoteProbe(probe, info) {
    const fallback = this.#current;
    this.#probe = null;
    this.#current = probe;
    fallback?.handle?.close();
    this.#index = this.#order.indexOf('ws');
    this.#failures = {};
    this.#givenUp = {};
    this.#backoff.reset();
    this.#log.info?.(`[switchboard] WebSocket works again; leaving ${fallback?.kind}`);
    this.#setStatus({ state: 'live', transport: 'ws', url: info?.url });
    this.#armStableTimer();
  }

  #closeProbe() {
    this.#timers.clearTimeout(this.#probeTimer);
    this.#probeTimer = null;
    const probe = this.#probe;
    this.#probe = null;
    probe?.handle?.close();
  }

  #halt(state, detail) {
    this.#stopped = true;
    this.#clearTimers();
    this.#setStatus({ state, ...detail });
  }

  #clearTimers() {
    this.#timers.clearTimeout(this.#retryTimer);
    this.#timers.clearTimeout(this.#probeTimer);
    this.#timers.clearTimeout(this.#stableTimer);
    this.#retryTimer = this.#probeTimer = this.#stableTimer = null;
  }

  #setStatus(status) {
    this.#status = status;
    this.emit('state', { ...status });
  }
}
